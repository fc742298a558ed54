"""Merge the same happening told by several articles into one event with all its sources.

Two events are the same happening when they have the same date value and near-identical
sentences: the Jaccard similarity of their word sets (case-folded words, punctuation
ignored, the time expression itself left out so "on Friday" and "on Sept. 22" do not
count against a match) is at least :data:`MERGE_THRESHOLD`. Merging is transitive
(connected groups), so the result does not depend on input order.

The merged event shows its *canonical* member: the one from the earliest-published
source (ties by id). A new article, usually published later, therefore does not change
the id of an existing merged event. ``members`` lists every merged id, so corrections
written against any member still find it. Sources and tags are the sorted union.

Scale: events are bucketed by date value (never compared across dates), exact
duplicates are collapsed by hash, and the remaining pairs are found with prefix
filtering (All-Pairs, Bayardo et al. 2007): words ordered rarest first, two sets can
reach the threshold only if they share a word among their first
``len - ceil(threshold * len) + 1``. Exact, and near-linear on news text.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from timeline.events.model import Event, SourceRef

MERGE_THRESHOLD = 0.6
_WORD = re.compile(r"\w+")


def word_set(event: Event) -> frozenset[str]:
    """The words of an event's sentence that count for merging (expression left out)."""
    text = event.text
    if event.highlight:
        start, end = event.highlight
        text = text[:start] + " " + text[end:]
    return frozenset(_WORD.findall(text.casefold()))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _canonical_key(event: Event) -> tuple[str, str]:
    published = min((s.published for s in event.sources if s.published), default="9999-99-99")
    return published, event.id


def _source_key(source: SourceRef) -> tuple[str, str, str, str, str]:
    return (source.published or "", source.document, source.url or "", source.title,
            source.source or "")


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _groups(sets: list[frozenset[str]], threshold: float) -> list[list[int]]:
    """Connected groups of indexes whose sets reach ``threshold`` (exact, see module doc)."""
    n = len(sets)
    uf = _UnionFind(n)
    first_of: dict[frozenset[str], int] = {}
    unique: list[int] = []
    for i, s in enumerate(sets):
        if s in first_of:
            uf.union(first_of[s], i)
        else:
            first_of[s] = i
            unique.append(i)
    if len(unique) > 1:
        freq = Counter(w for i in unique for w in sets[i])
        ordered = {i: sorted(sets[i], key=lambda w: (freq[w], w)) for i in unique}
        index: dict[str, list[int]] = defaultdict(list)
        for i in sorted(unique, key=lambda k: (len(sets[k]), k)):
            words = ordered[i]
            size = len(words)
            if size == 0:
                continue  # only one empty set can exist among the unique ones
            prefix = size - math.ceil(threshold * size - 1e-9) + 1
            candidates: set[int] = set()
            for w in words[:prefix]:
                candidates.update(index[w])
                index[w].append(i)
            for j in candidates:
                if len(sets[j]) >= threshold * size - 1e-9 and (
                    jaccard(sets[i], sets[j]) >= threshold - 1e-12
                ):
                    uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    return list(groups.values())


def _combine(members: list[Event]) -> Event:
    if len(members) == 1 and not members[0].members:
        return members[0]  # most events: told once (what the general case returns too)
    members = sorted(members, key=_canonical_key)
    canonical = members[0]
    ids = sorted({m for e in members for m in (e.members or (e.id,))})
    if len(ids) == 1 and not canonical.members and len(members) == 1:
        return canonical
    sources = sorted({s for e in members for s in e.sources}, key=_source_key)
    tags = sorted({t for e in members for t in e.tags}, key=lambda t: (t.casefold(), t))
    return canonical.with_changes(
        sources=tuple(sources),
        tags=tuple(tags),
        members=tuple(ids),
        key=any(e.key for e in members),
        pinned=any(e.pinned for e in members),
    )


def bucket_by_date(events: Iterable[Event],
                   threshold: float) -> tuple[list[Event], dict[str, list[Event]]]:
    """Manual entries (never merged) and the other events grouped by date value: only
    events of the same date are ever compared, so merging stays linear across dates."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    buckets: dict[str, list[Event]] = defaultdict(list)
    manual: list[Event] = []
    for event in events:
        if event.manual:
            manual.append(event)
        else:
            buckets[event.date].append(event)
    return manual, buckets


def merge_events(events: Iterable[Event], threshold: float = MERGE_THRESHOLD) -> list[Event]:
    """Merge near-identical same-date events; the result is in :attr:`Event.sort_key` order.

    Manual entries (``manual=True``) are never merged. Deterministic for any input
    order, and idempotent (merging a merged list changes nothing).
    """
    out, buckets = bucket_by_date(events, threshold)
    for bucket in buckets.values():
        if len(bucket) == 1:
            out.append(_combine(bucket))
            continue
        bucket.sort(key=lambda e: e.id)
        sets = [word_set(e) for e in bucket]
        for group in _groups(sets, threshold):
            out.append(_combine([bucket[i] for i in group]))
    out.sort(key=lambda e: e.sort_key)
    return out

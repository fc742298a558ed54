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

Scale: events are bucketed by date value (never compared across dates) and exact
duplicates are collapsed by hash. Within a date, similar pairs are found with a
set-similarity join (:class:`_Prepared`): prefix filtering with a shorter indexing prefix
(All-Pairs, Bayardo et al. 2007; PPJoin, Xiao et al. 2008) and each candidate checked
with one AND and a popcount of word bitmasks (or a set intersection) run in C. A busy
date (hundreds of articles retelling one story) is joined group by group
(:func:`_join_grouped`): a sentence stops comparing itself with a group as soon as it
has joined it, which keeps dense dates near-linear instead of quadratic. Exact: the
groups are those of comparing every pair (tests check it against that brute force).
"""

from __future__ import annotations

import gc
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import compress
from operator import ge

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


# Prefix lengths are computed with this much slack so that float rounding of
# ``threshold * size`` can only lengthen a prefix (more candidates), never lose a pair.
_SLACK = 1e-7
# Up to this many distinct words in a bucket, sets are compared as bitmasks.
_BITMASK_WORDS = 1024


def _groups(sets: list[frozenset[str]], threshold: float) -> list[list[int]]:
    """Connected groups of indexes whose sets reach ``threshold``: exactly the groups of
    comparing every pair, in order of their first index, each group in index order."""
    n = len(sets)
    uf = _UnionFind(n)
    first_of: dict[frozenset[str], int] = {}
    unique: list[int] = []
    for i, s in enumerate(sets):
        first = first_of.setdefault(s, i)
        if first != i:
            uf.union(first, i)
        else:
            unique.append(i)
    if 1 < len(unique) <= _COMPARE_ALL_UP_TO:
        limit = threshold - 1e-12
        for k, i in enumerate(unique):
            for j in unique[k + 1:]:
                if jaccard(sets[i], sets[j]) >= limit:
                    uf.union(i, j)
    elif len(unique) > 1:
        join = _join_pairs if len(unique) < GROUPED_JOIN_FROM else _join_grouped
        for i, j in join(_Prepared(sets, unique, threshold)):
            uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[uf.find(i)].append(i)
    return list(groups.values())


# Up to this many distinct sentences, every pair is compared: cheaper than preparing a join.
_COMPARE_ALL_UP_TO = 8
# From this many distinct sentences on, a date's bucket is joined group by group
# (:func:`_join_grouped`); below it, pair by pair (:func:`_join_pairs`), which costs less
# per candidate. Either gives the same groups.
GROUPED_JOIN_FROM = 200


@lru_cache(maxsize=4096)
def _needed_overlaps(size: int, threshold: float) -> tuple[int, ...]:
    """For each size ``s <= size``, the fewest words a set of ``s`` words must share with
    one of ``size`` words for the pair to be similar (``s + 1``: never): the smallest
    ``o`` with ``o / (size + s - o) >= threshold - 1e-12``, the very comparison of
    :func:`jaccard` (increasing in ``o``, so the first one found is the answer)."""
    limit = threshold - 1e-12

    def fewest(s: int) -> int:
        # Start from the algebraic answer, then settle it with the float comparison
        # itself (a step or two at most), so a long sentence costs O(size), not O(size^2).
        o = min(s + 1, max(0, math.ceil(limit * (size + s) / (1 + limit))))
        while o > 0 and (o - 1) / (size + s - o + 1) >= limit:
            o -= 1
        while o <= s and o / (size + s - o) < limit:
            o += 1
        return o

    return tuple(fewest(s) for s in range(size + 1))


class _Prepared:
    """The distinct sets of a bucket ready for a similarity join.

    Sets are visited by increasing size (``order``), so each is only compared with sets
    no larger than itself. Words are numbered rarest first in this bucket. Two sets whose
    Jaccard similarity reaches ``t`` share ``o >= t * |x|`` words, ``x`` the larger, so
    their rarest shared word is among the first ``|x| - ceil(t*|x|) + 1`` words of ``x``
    (its *probe* prefix) and, as ``o >= 2t/(1+t) * |y|`` for the smaller ``y``, among the
    first ``|y| - ceil(2t/(1+t)*|y|) + 1`` words of ``y`` (its *index* prefix): a pair
    that shares no word there cannot be similar (Bayardo et al. 2007; Xiao et al. 2008,
    PPJoin). A candidate's shared words (one AND and a popcount of word bitmasks, word
    number = bit; or a set intersection when the bucket has many distinct words) are
    compared with :func:`_needed_overlaps`.
    """

    def __init__(self, sets: list[frozenset[str]], unique: list[int],
                 threshold: float) -> None:
        freq = Counter(w for i in unique for w in sets[i])
        number = {w: r for r, w in enumerate(sorted(freq, key=lambda w: (freq[w], w)))}
        self.threshold = threshold
        self.order = sorted(unique, key=lambda k: (len(sets[k]), k))
        self.words = [sorted(number[w] for w in sets[i]) for i in self.order]
        self.sizes = [len(words) for words in self.words]
        # A small vocabulary: each set as a bitmask (AND + popcount: the cheapest check).
        # A large one would make every mask as wide as the vocabulary, so the word sets
        # themselves are intersected instead.
        if len(number) <= _BITMASK_WORDS:
            self.masks: list[int] | list[frozenset[str]] = [
                sum(1 << bit for bit in words) for words in self.words]
            self._shared = int.bit_count
        else:
            self.masks = [sets[i] for i in self.order]
            self._shared = len
        mid = 2 * threshold / (1 + threshold)
        self.probe = [words[:len(words) - math.ceil(threshold * len(words) - _SLACK) + 1]
                      for words in self.words]
        self.indexed = [words[:len(words) - math.ceil(mid * len(words) - _SLACK) + 1]
                        for words in self.words]

    def similar(self, pos: int, others: Iterable[int]) -> Iterator[int]:
        """The positions among ``others`` (visited before ``pos``) similar to ``pos``,
        lazily (the loop runs in C: map/compress, no bytecode per candidate)."""
        others = others if isinstance(others, list) else list(others)
        need = _needed_overlaps(self.sizes[pos], self.threshold)
        shared = map(self._shared, map(self.masks[pos].__and__,
                                       map(self.masks.__getitem__, others)))
        needed = map(need.__getitem__, map(self.sizes.__getitem__, others))
        return compress(others, map(ge, shared, needed))


def _join_pairs(prep: _Prepared) -> list[tuple[int, int]]:
    """Every similar pair ``(i, j)`` (indexes into the bucket): prefix-filtered
    candidates, each checked."""
    index: dict[int, list[int]] = {}  # word number -> positions in ``order``
    order = prep.order
    pairs: list[tuple[int, int]] = []
    for pos, i in enumerate(order):
        if not prep.sizes[pos]:
            continue  # only one empty set can exist among the distinct ones
        candidates: set[int] = set()
        for bit in prep.probe[pos]:
            found = index.get(bit)
            if found is not None:
                candidates.update(found)
        if candidates:
            pairs.extend((order[j], i) for j in prep.similar(pos, candidates))
        for bit in prep.indexed[pos]:
            found = index.get(bit)
            if found is None:
                index[bit] = [pos]
            else:
                found.append(pos)
    return pairs


# A group with at least this many members is indexed apart (see _join_grouped).
_LARGE_GROUP = 8


def _join_grouped(prep: _Prepared) -> list[tuple[int, int]]:
    """Enough similar pairs to connect every similar pair (a spanning forest), without
    checking candidates that are already connected.

    In a dense bucket most candidates of a set belong to a few large groups (the many
    retellings of a day's news), and once the set has joined a group no other member
    needs a look. So the index keeps, per word, the members of each large group apart: a
    set checks a large group's members only until one is similar, and skips the groups
    it has already joined. Members of small groups (and sets still alone) sit in one flat
    list per word and are checked together, as in :func:`_join_pairs`. When groups join,
    the smaller one's index entries move to the larger (each entry moves O(log n) times).
    The groups are those of :func:`_join_pairs`: every similar pair is either checked or
    already connected.
    """
    order = prep.order
    loose_under: dict[int, list[int]] = {}  # word -> positions indexed while loose
    grouped: dict[int, dict[int, list[int]]] = {}  # word -> large group -> positions
    loose = bytearray(len(order))  # 1 while an indexed position is in a small group
    group_of = list(range(len(order)))  # position -> its group's id (kept current)
    members: dict[int, list[int]] = {}  # group id -> positions, for groups of two or more
    words_of: dict[int, set[int]] = {}  # large group id -> words it has entries under
    stale: dict[int, bool] = {}  # words whose flat list holds members of large groups
    pairs: list[tuple[int, int]] = []

    def unite(a: int, b: int) -> int:
        """Join the groups ``a`` and ``b``; returns the id of the joined group."""
        group_a, group_b = members.get(a, [a]), members.get(b, [b])
        if len(group_a) < len(group_b):
            a, b, group_a, group_b = b, a, group_b, group_a
        was_large = len(group_a) >= _LARGE_GROUP
        for m in group_b:
            group_of[m] = a
        group_a.extend(group_b)
        members[a] = group_a
        members.pop(b, None)
        moved = words_of.pop(b, ())
        for bit in moved:
            entries = grouped[bit]
            taken = entries.pop(b)
            kept = entries.get(a)
            if kept is None:
                entries[a] = taken
            else:
                kept.extend(taken)
        if len(group_a) >= _LARGE_GROUP:
            words = words_of.setdefault(a, set())
            words.update(moved)
            # Members indexed while their group was small move to the large group's
            # entries (their flat entries go stale and are dropped when next read).
            for m in group_b if was_large else group_a:
                if loose[m]:
                    loose[m] = 0
                    for bit in prep.indexed[m]:
                        grouped.setdefault(bit, {}).setdefault(a, []).append(m)
                        stale[bit] = True
                    words.update(prep.indexed[m])
        return a

    for pos, i in enumerate(order):
        if not prep.sizes[pos]:
            continue  # only one empty set can exist among the distinct ones
        mine = pos
        candidates: set[int] = set()
        for bit in prep.probe[pos]:
            listed = loose_under.get(bit)
            if listed:
                if stale.pop(bit, False):
                    listed = loose_under[bit] = list(
                        compress(listed, map(loose.__getitem__, listed)))
                candidates.update(listed)
        for hit in list(prep.similar(pos, candidates)) if candidates else ():
            if group_of[hit] != mine:
                pairs.append((order[hit], i))
                mine = unite(mine, group_of[hit])
        for bit in prep.probe[pos]:
            entries = grouped.get(bit)
            if not entries:
                continue
            for group, listed in list(entries.items()):
                # A group merged during this visit merged into ``mine``: skipped too.
                if group_of[group] == mine:
                    continue
                hit = next(prep.similar(pos, listed), None)
                if hit is not None:
                    pairs.append((order[hit], i))
                    mine = unite(mine, group_of[group])
        if len(members.get(mine, ())) >= _LARGE_GROUP:
            entries_of = grouped
            for bit in prep.indexed[pos]:
                entries_of.setdefault(bit, {}).setdefault(mine, []).append(pos)
            words_of[mine].update(prep.indexed[pos])
        else:
            loose[pos] = 1
            for bit in prep.indexed[pos]:
                listed = loose_under.get(bit)
                if listed is None:
                    loose_under[bit] = [pos]
                else:
                    listed.append(pos)
    return pairs


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
    out, buckets = bucket_by_date(events, threshold)  # reads ``events`` (extraction) first
    # Merging allocates only acyclic objects (word sets, index lists, frozen events), a
    # few per event: the cyclic GC would walk them again and again for nothing (~8% of a
    # large merge), so it waits until the merge is done.
    enabled = gc.isenabled()
    gc.disable()
    try:
        for bucket in buckets.values():
            if len(bucket) == 1:
                out.append(_combine(bucket))
                continue
            bucket.sort(key=lambda e: e.id)
            sets = [word_set(e) for e in bucket]
            for group in _groups(sets, threshold):
                out.append(_combine([bucket[i] for i in group]))
    finally:
        if enabled:
            gc.enable()
    out.sort(key=lambda e: e.sort_key)
    return out

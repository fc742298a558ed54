"""From a document to its events: every dated sentence, once per date it names.

The document's text is tagged once; each DATE or TIME expression whose value names a real
period of days (see :func:`timeline.events.periods.period_of`) makes its sentence an event
at that value. Not events: durations and sets, references ("now", "recently"), values with
unknown parts ("XXXX-12": a December of no known year is not put on the timeline as a fake
date), and the same value twice in one sentence (one event, first mention highlighted).

What is deliberately skipped, because it dates the article rather than a happening:

* datelines ("WASHINGTON, Sept. 22 (Reuters) -"): the filing date;
* publication-date lines: a short line without sentence punctuation whose date is the
  publication day ("Updated 0122 GMT, September 24, 2017", "Published: 24/09/2017").
  A real sentence that dates something to the publication day ("Officials said today
  that ...") is kept.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING, Any

from timeline.events.ids import event_id
from timeline.events.model import Event, SourceRef
from timeline.events.periods import period_of
from timeline.events.sentences import Sentence, split_sentences
from timeline.ingest.document import Document

if TYPE_CHECKING:  # the tagger is imported when first used, not when events is imported
    from timeline.temporal.timex import Timex

Tagger = Callable[..., "list[Timex]"]

EVENT_TYPES = ("DATE", "TIME")
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "'", "\u2019", ")")
_WORD = re.compile(r"\w+")
MAX_METADATA_LINE_WORDS = 12


def source_ref(document: Document) -> SourceRef:
    """The reference an event keeps to the document that told it."""
    return SourceRef(
        document=document.path,
        title=document.title,
        source=document.source,
        url=document.url,
        published=document.published.isoformat() if document.published else None,
    )


def _normalized(text: str, start: int, end: int) -> tuple[str, list[tuple[int, int]]]:
    """Whitespace-normalized ``text[start:end]`` and (input offset, output offset) per word."""
    words = []
    anchors: list[tuple[int, int]] = []
    out_pos = 0
    for match in re.finditer(r"\S+", text[start:end]):
        if words:
            out_pos += 1
        anchors.append((start + match.start(), out_pos))
        words.append(match.group())
        out_pos += len(match.group())
    return " ".join(words), anchors


def _map_offset(anchors: list[tuple[int, int]], offset: int, words: list[int]) -> int:
    """Output offset of input ``offset`` (inside a word, or the next word if in a gap)."""
    i = bisect.bisect_right(words, offset) - 1
    if i < 0:
        return 0
    in_start, out_start = anchors[i]
    return out_start + (offset - in_start)


def _explanation_dict(explanation: Any) -> dict[str, Any] | None:
    # dataclasses.asdict deep-copies recursively; an Explanation is flat, so this is
    # the same dict at a fraction of the cost (it runs once per event).
    if explanation is None:
        return None
    return {f.name: getattr(explanation, f.name) for f in fields(explanation)}


def _is_publication_line(sentence: str, start: date, end: date, published: date | None) -> bool:
    if published is None or start != published or end != published:
        return False
    stripped = sentence.rstrip()
    if stripped.endswith(_SENTENCE_END):
        return False
    return len(_WORD.findall(stripped)) <= MAX_METADATA_LINE_WORDS


def extract_events(document: Document, mode: str = "news", *,
                   tagger: Tagger | None = None) -> list[Event]:
    """The events of one document, in timeline order (:attr:`Event.sort_key`).

    ``tagger`` defaults to :func:`timeline.temporal.tag` (a stand-in may be passed for
    tests); it is called once with the document's text and publication date.
    """
    text = document.text
    if not text or not text.strip():
        return []
    if tagger is None:
        from timeline.temporal import tag as tagger
    timexes = tagger(text, published=document.published, mode=mode)
    if not timexes:
        return []
    sentences: list[Sentence] = split_sentences(text)
    if not sentences:
        return []
    starts = [s.start for s in sentences]
    ref = source_ref(document)
    identity = document.url or document.path
    events: list[Event] = []
    seen: set[tuple[int, str]] = set()
    ids: set[str] = set()
    occurrences: dict[tuple[int, str], int] = {}
    cache: dict[tuple[int, int], tuple[str, list[tuple[int, int]], list[int]]] = {}
    for timex in sorted(timexes, key=lambda t: (t.start, t.end)):
        if timex.type not in EVENT_TYPES:
            continue
        period = period_of(timex.value)
        if period is None:
            continue
        index = bisect.bisect_right(starts, timex.start) - 1
        if index < 0 or timex.start >= sentences[index].end:
            continue  # in the gap between sentences (a stripped bullet or dateline dash)
        sentence = sentences[index]
        if sentence.kind == "dateline":
            continue
        last = index
        while last + 1 < len(sentences) and sentences[last + 1].start < timex.end:
            last += 1  # the expression runs across a split: keep the sentences together
        span_start, span_end = sentence.start, max(sentence.end, sentences[last].end)
        start_day, end_day, granularity = period
        key = (span_start, timex.value)
        occurrence = occurrences.get(key, 0)
        occurrences[key] = occurrence + 1
        if key in seen:
            continue  # the same date twice in one sentence is one event
        seen.add(key)
        if (span_start, span_end) not in cache:
            normalized, anchors = _normalized(text, span_start, span_end)
            cache[span_start, span_end] = (normalized, anchors, [a[0] for a in anchors])
        normalized, anchors, word_starts = cache[span_start, span_end]
        if _is_publication_line(normalized, start_day, end_day, document.published):
            continue
        identifier = event_id(identity, normalized, timex.value, occurrence)
        if identifier in ids:
            continue  # the same sentence repeated in the document: one event
        ids.add(identifier)
        h_start = _map_offset(anchors, timex.start, word_starts)
        h_end = _map_offset(anchors, max(timex.end - 1, timex.start), word_starts) + 1
        h_end = min(max(h_end, h_start), len(normalized))
        events.append(Event(
            id=identifier,
            date=timex.value,
            type=timex.type,
            granularity=granularity,
            start=start_day,
            end=end_day,
            text=normalized,
            highlight=(h_start, h_end),
            expression=" ".join(timex.text.split()),  # as highlighted in ``text``
            mod=timex.mod,
            sources=(ref,),
            tags=document.tags,
            explanation=_explanation_dict(timex.explanation),
        ))
    events.sort(key=lambda e: e.sort_key)
    return events

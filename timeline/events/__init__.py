"""Events: dated sentences from documents, merged and ordered.

Public API::

    extract_events(document, mode="news") -> list[Event]
    merge_events(events, threshold=MERGE_THRESHOLD) -> list[Event]
    filter_events(events, date_from=None, date_to=None, tags=()) -> list[Event]
    period_of(value) -> (start, end, granularity) | None
    split_sentences(text) -> list[Sentence]
    event_id(document_identity, sentence, value, occurrence=0) -> str
"""

from timeline.events.extract import extract_events, source_ref
from timeline.events.filters import filter_events
from timeline.events.ids import event_id
from timeline.events.merge import MERGE_THRESHOLD, merge_events
from timeline.events.model import Event, SourceRef
from timeline.events.periods import period_of
from timeline.events.sentences import Sentence, split_sentences

__all__ = [
    "MERGE_THRESHOLD",
    "Event",
    "Sentence",
    "SourceRef",
    "event_id",
    "extract_events",
    "filter_events",
    "merge_events",
    "period_of",
    "source_ref",
    "split_sentences",
]

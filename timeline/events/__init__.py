"""Events: dated sentences from documents, merged and ordered.

Public API::

    extract_events(document, mode="news") -> list[Event]
    merge_events(events, threshold=MERGE_THRESHOLD) -> list[Event]
    filter_events(events, date_from=None, date_to=None, tags=()) -> list[Event]
    period_of(value) -> (start, end, granularity) | None
    split_sentences(text) -> list[Sentence]
    event_id(document_identity, sentence, value, occurrence=0) -> str
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from timeline.events.extract import extract_events, source_ref
    from timeline.events.filters import filter_events
    from timeline.events.ids import event_id
    from timeline.events.merge import MERGE_THRESHOLD, merge_events
    from timeline.events.model import Event, SourceRef
    from timeline.events.periods import period_of
    from timeline.events.sentences import Sentence, split_sentences

# Each name is imported from its module on first use, so that reading or writing events
# (timeline.events.model, timeline.events.periods) does not load the extraction layer and
# the temporal tagger behind it: the MkDocs plugin's warm rebuilds never need them.
_HOMES = {
    "MERGE_THRESHOLD": "merge",
    "Event": "model",
    "Sentence": "sentences",
    "SourceRef": "model",
    "event_id": "ids",
    "extract_events": "extract",
    "filter_events": "filters",
    "merge_events": "merge",
    "period_of": "periods",
    "source_ref": "extract",
    "split_sentences": "sentences",
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))

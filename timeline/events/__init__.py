"""Events: dated sentences from documents, merged and ordered."""

from timeline.events.model import Event, SourceRef

__all__ = ["Event", "SourceRef"]

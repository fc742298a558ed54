"""The event: a dated sentence (or a manual entry), possibly told by several sources.

This is the one structure shared by ``events``, ``editorial``, ``scale`` and ``render``.
It serializes to the documented JSON schema (``to_dict``/``from_dict``) used by the JSON
export, the cache and sharded event files, so all of them agree byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an event was told: one document."""

    document: str  # Document.path
    title: str
    source: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date of publication

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceRef:
        return cls(
            document=data["document"],
            title=data.get("title") or data["document"],
            source=data.get("source"),
            url=data.get("url"),
            published=data.get("published"),
        )


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the timeline.

    ``date`` is the TIMEX3 value (``2017-09-22``, ``2016-12``, ``2015``, ``2017-W38``,
    ``2017-09-22T15:30``); ``start``/``end`` are the first and last day of the period it
    names, so that a coarse date sorts at the start of its period and is never shown as a
    fake day. ``highlight`` is the span of the time expression inside ``text``.
    """

    id: str
    date: str
    type: str  # DATE | TIME
    granularity: str  # year | month | day | ... (see timeline.temporal.timex.GRANULARITIES)
    start: date
    end: date
    text: str  # the sentence (or the editor's headline for manual entries)
    highlight: tuple[int, int] | None = None
    expression: str | None = None  # the time expression as written
    mod: str | None = None
    sources: tuple[SourceRef, ...] = ()
    tags: tuple[str, ...] = ()
    headline: str | None = None  # editor's replacement headline
    body: str | None = None  # Markdown body (manual entries, editor notes)
    note: str | None = None  # editor's note on a correction
    key: bool = False  # selected as a key date
    pinned: bool = False
    manual: bool = False
    explanation: dict[str, Any] | None = field(default=None, compare=False)
    # Ids of the extracted events merged into this one (empty when it was not merged).
    # ``id`` is the canonical member's id; corrections may name any member.
    members: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple:
        # Coarse periods first among those starting the same day, then finer; ties by id
        # so the order never depends on input order.
        return (self.start, -(self.end - self.start).days, self.date, self.id)

    def with_changes(self, **changes: Any) -> Event:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date,
            "type": self.type,
            "granularity": self.granularity,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "text": self.text,
            "highlight": list(self.highlight) if self.highlight else None,
            "expression": self.expression,
            "mod": self.mod,
            "sources": [s.to_dict() for s in self.sources],
            "tags": list(self.tags),
            "headline": self.headline,
            "body": self.body,
            "note": self.note,
            "key": self.key,
            "pinned": self.pinned,
            "manual": self.manual,
            "explanation": self.explanation,
            "members": list(self.members),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        hl = data.get("highlight")
        return cls(
            id=data["id"],
            date=data["date"],
            type=data.get("type", "DATE"),
            granularity=data.get("granularity", "day"),
            start=date.fromisoformat(data["start"]),
            end=date.fromisoformat(data["end"]),
            text=data["text"],
            highlight=(int(hl[0]), int(hl[1])) if hl else None,
            expression=data.get("expression"),
            mod=data.get("mod"),
            sources=tuple(SourceRef.from_dict(s) for s in data.get("sources", ())),
            tags=tuple(data.get("tags", ())),
            headline=data.get("headline"),
            body=data.get("body"),
            note=data.get("note"),
            key=bool(data.get("key", False)),
            pinned=bool(data.get("pinned", False)),
            manual=bool(data.get("manual", False)),
            explanation=data.get("explanation"),
            members=tuple(data.get("members", ())),
        )

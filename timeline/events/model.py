"""The event: a dated sentence (or a manual entry), possibly told by several sources.

This is the one structure shared by ``events``, ``editorial``, ``scale`` and ``render``.
It serializes to the documented JSON schema (``to_dict``/``from_dict``) used by the JSON
export, the cache and sharded event files, so all of them agree byte for byte.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, replace
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

    def to_row(self) -> tuple[str, str, str | None, str | None, str | None]:
        """The fields as a plain tuple (see :meth:`Event.to_row`)."""
        return (self.document, self.title, self.source, self.url, self.published)


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
    # :meth:`content_digest` once computed (or restored by :meth:`from_row`: the build
    # snapshot stores it with each event). Not an init argument, so ``with_changes`` /
    # ``replace`` never carry it over to a changed event.
    digest: str | None = field(default=None, init=False, compare=False, repr=False)

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

    def to_row(self, with_digest: bool = False, sources: tuple | None = None) -> tuple:
        """Every field as a plain tuple, in declaration order, for compact storage (the
        build snapshot): dates as proleptic ordinals, sources as
        :meth:`SourceRef.to_row` tuples. Only str/int/bool/None, tuples and the
        explanation dict: what ``marshal`` and JSON carry. :meth:`from_row` inverts it.
        ``with_digest`` appends :meth:`content_digest` (restored as :attr:`digest`);
        ``sources``: the sources' rows when the caller has them already."""
        if sources is None:
            sources = tuple(s.to_row() for s in self.sources)
        row = (self.id, self.date, self.type, self.granularity, self.start.toordinal(),
               self.end.toordinal(), self.text, self.highlight, self.expression, self.mod,
               sources, self.tags, self.headline, self.body, self.note, self.key,
               self.pinned, self.manual, self.explanation, self.members)
        return row + (self.content_digest(sources),) if with_digest else row

    def content_digest(self, sources: tuple | None = None) -> str:
        """A digest of every field but the explanation: equal for events a reader cannot
        tell apart (what a renderer keys a cached rendering by). Computed once per event
        (the fields are frozen) and kept in :attr:`digest`. ``sources``: as for
        :meth:`to_row`."""
        if self.digest is not None:
            return self.digest
        if sources is None:
            sources = tuple(s.to_row() for s in self.sources)
        row = (self.id, self.date, self.type, self.granularity, self.start.toordinal(),
               self.end.toordinal(), self.text, self.highlight, self.expression, self.mod,
               sources, self.tags, self.headline, self.body, self.note, self.key,
               self.pinned, self.manual, self.members)
        # repr of str/int/bool/None tuples is canonical and unambiguous.
        digest = hashlib.blake2b(repr(row).encode("utf-8", "surrogatepass"),
                                 digest_size=20).hexdigest()
        object.__setattr__(self, "digest", digest)  # a cache of frozen fields, not a change
        return digest

    @classmethod
    def from_row(cls, row: tuple, sources: tuple[SourceRef, ...] | None = None) -> Event:
        """The event of a :meth:`to_row` tuple. ``sources``: the already built SourceRefs
        of ``row[10]`` (callers share one tuple between the events of a document).

        Fast: the fields are set through their slot descriptors, not the frozen
        ``__init__`` (one ``object.__setattr__`` per field); the result is equal to
        ``Event(...)`` of the same values. Raises ValueError/TypeError on a malformed row."""
        if len(row) == _ROW_LENGTH:
            digest = None
        elif len(row) == _ROW_LENGTH + 1 and type(row[-1]) is str:
            digest = row[-1]
        else:
            raise ValueError(f"event row of {len(row)} fields, expected {_ROW_LENGTH}")
        hl = row[7]
        return _from_row(cls, row, date.fromordinal(row[4]), date.fromordinal(row[5]),
                         tuple(hl) if hl is not None else None,
                         sources if sources is not None else
                         tuple(SourceRef(*s) for s in row[10]), digest)


_ROW_LENGTH = 20


def _row_builder() -> Any:
    """``_from_row(cls, row, start, end, highlight, sources, digest)``: sets each slot of a new
    Event directly (generated once, unrolled: this runs for every cached event)."""
    names = [f.name for f in fields(Event) if f.init]
    if len(names) != _ROW_LENGTH:  # pragma: no cover - guards edits to Event
        raise RuntimeError("Event.to_row/from_row do not cover every field")
    special = {"start": "start", "end": "end", "highlight": "highlight", "sources": "sources"}
    lines = ["def _from_row(cls, row, start, end, highlight, sources, digest):",
             "    event = new(cls)"]
    for i, name in enumerate(names):
        value = special.get(name, f"row[{i}]")
        lines.append(f"    set_{name}(event, {value})")
    lines.append("    set_digest(event, digest)")
    lines.append("    return event")
    namespace: dict[str, Any] = {"new": object.__new__, "set_digest": Event.digest.__set__}
    namespace.update({f"set_{n}": getattr(Event, n).__set__ for n in names})
    exec("\n".join(lines), namespace)  # noqa: S102 - our own generated source, no input
    return namespace["_from_row"]


_from_row = _row_builder()

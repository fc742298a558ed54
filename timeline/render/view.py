"""What the templates see: events turned into ready-to-print view objects.

Every renderer (site pages, fragment, MkDocs page, Markdown extension) builds a
:class:`TimelineView` with :func:`build_timeline` and renders the shared partial
``_timeline.html``: one renderer, one markup.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from timeline.events.model import Event, SourceRef
from timeline.render.labels import MONTHS, date_label, datetime_attr
from timeline.render.markup import render_markdown, safe_url, split_highlight


@dataclass(frozen=True, slots=True)
class SourceView:
    title: str
    source: str | None
    url: str | None  # only safe (http/https/mailto or relative) URLs survive
    published: str | None  # ISO date for <time datetime>
    published_label: str | None


@dataclass(frozen=True, slots=True)
class EventView:
    id: str
    anchor: str  # HTML id (prefixed so two timelines on one page never collide)
    label: str
    datetime: str
    granularity: str
    year: int
    value: str  # the TIMEX3 value
    headline: str | None
    before: str
    mark: str
    after: str
    text: str
    body: Markup
    note: str | None
    sources: tuple[SourceView, ...]
    tags: tuple[str, ...]
    key: bool
    manual: bool
    more_href: str | None = None  # where this event sits in the full timeline (key views)
    continues: bool = False  # same date as the event before it (its date is shown quieter)


class CardRef:
    """An event of a list whose card may come from the render cache
    (:class:`~timeline.render.event_cache.EventRenderer`): what its card depends on,
    with the :class:`EventView` built only when something asks for it. Reads like the
    view (any attribute is the view's), so templates that look at ``group.events``
    still work; the shipped ones only count them and hand them to ``event_cards``."""

    __slots__ = ("event", "id_prefix", "label", "continues", "more_href", "granularity",
                 "_view")

    def __init__(self, event: Event, id_prefix: str, label: str, continues: bool,
                 more_href: str | None) -> None:
        self.event = event
        self.id_prefix = id_prefix
        self.label = label
        self.continues = continues
        self.more_href = more_href
        self.granularity = event.granularity
        self._view: EventView | None = None

    def view(self) -> EventView:
        view = self._view
        if view is None:
            view = self._view = event_view(
                self.event, self.id_prefix, None, label=self.label,
                continues=self.continues, more_href_value=self.more_href)
        return view

    def __getattr__(self, name: str) -> object:
        return getattr(self.view(), name)


def as_view(item: EventView | CardRef) -> EventView:
    """The view of an item of ``group.events`` (built now for a :class:`CardRef`)."""
    return item.view() if type(item) is CardRef else item  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class YearGroup:
    year: int
    label: str
    anchor: str
    events: tuple[EventView, ...]


@dataclass(frozen=True, slots=True)
class TimelineView:
    groups: tuple[YearGroup, ...]
    id_prefix: str = ""
    heading_level: int = 2  # years get <h2>, events <h3>; a host page may want 3 or 4
    year_headings: bool = True
    controls: bool = True  # the search/filter form (hidden until the optional script runs)
    tags: tuple[str, ...] = field(default=())
    label: str = "Timeline"  # accessible name of the list

    @property
    def count(self) -> int:
        return sum(len(g.events) for g in self.groups)

    @property
    def years(self) -> tuple[int, ...]:
        """The distinct years, in order (several groups share a year when grouped by month)."""
        return tuple(dict.fromkeys(g.year for g in self.groups))

    @property
    def year_options(self) -> tuple[tuple[int, str], ...]:
        return tuple((y, year_label(y)) for y in self.years)

    @property
    def events(self) -> tuple[EventView, ...]:
        return tuple(e for g in self.groups for e in g.events)


def _publication_date(iso: str | None) -> date | None:
    if not iso:
        return None
    try:
        return date.fromisoformat(iso[:10])
    except ValueError:
        return None


@lru_cache(maxsize=65536)  # SourceRef is frozen; one article is cited by many events
def source_view(ref: SourceRef) -> SourceView:
    published = _publication_date(ref.published)
    return SourceView(
        title=ref.title or ref.document,
        source=ref.source,
        url=safe_url(ref.url),
        published=published.isoformat() if published else None,
        published_label=(f"{published.day} {MONTHS[published.month - 1]} {published.year}"
                         if published else None),
    )


def event_view(
    event: Event, id_prefix: str = "", more_href: Callable[[Event], str] | None = None,
    *, label: str | None = None, continues: bool = False,
    more_href_value: str | None = None,
) -> EventView:
    """``more_href_value``: the link itself, when the caller computed it already."""
    before, mark, after = split_highlight(event.text, event.highlight)
    headline = event.headline if event.headline and event.headline != event.text else None
    return EventView(
        id=event.id,
        anchor=f"{id_prefix}e-{event.id}",
        label=date_label(event) if label is None else label,
        datetime=datetime_attr(event),
        granularity=event.granularity,
        year=event.start.year,
        value=event.date,
        headline=headline,
        before=before,
        mark=mark,
        after=after,
        text=event.text,
        body=render_markdown(event.body),
        note=event.note,
        sources=_source_views_of(event.sources),
        tags=_tag_order(event.tags),
        key=event.key,
        manual=event.manual,
        more_href=more_href(event) if more_href else more_href_value,
        continues=continues,
    )


@lru_cache(maxsize=65536)  # one tuple per document (timeline.scale.worker.compact)
def _source_views(sources: tuple[SourceRef, ...]) -> tuple[SourceView, ...]:
    return tuple(source_view(s) for s in sources)


# The last sources tuple and its views: consecutive events of one document share the
# very same tuple, and hashing it for the LRU lookup (a Python-level hash per SourceRef)
# cost more than the rest of the view. Holding the tuple keeps its identity valid; the
# pair is replaced in one assignment, so concurrent renders never see a mismatched pair.
_last_sources: tuple = (None, ())


def _source_views_of(sources: tuple[SourceRef, ...]) -> tuple[SourceView, ...]:
    global _last_sources
    last = _last_sources
    if sources is last[0]:
        return last[1]
    views = _source_views(sources)
    _last_sources = (sources, views)
    return views


@lru_cache(maxsize=4096)
def _tag_order(tags: tuple[str, ...]) -> tuple[str, ...]:
    # Case-insensitive order; ties ("Oil", "oil") by the exact text, never by set order.
    return tuple(sorted(set(tags), key=lambda t: (t.casefold(), t)))


def year_anchor(year: int, id_prefix: str = "") -> str:
    return f"{id_prefix}y-{year}" if year >= 0 else f"{id_prefix}y-bce-{-year}"


def year_label(year: int) -> str:
    return str(year) if year > 0 else f"{1 - year} BCE"


_LONG_PERIODS = frozenset({"decade", "century", "millennium"})


def _group_key(event: Event, by_month: bool) -> tuple[int, int]:
    """(year, month) of the heading an event goes under; month 0 is the year itself.

    By month, an event sits under the month its period starts in, except a period that
    covers the whole year (or more), which sits under the year heading before January:
    "2010" is never listed under "January 2010"."""
    year = event.start.year
    if not by_month:
        return year, 0
    if event.start.month == 1 and event.start.day == 1 and (
            event.end.year > year or (event.end.month, event.end.day) == (12, 31)):
        return year, 0
    return year, event.start.month


def _group(key: tuple[int, int], id_prefix: str, events: list[EventView]) -> YearGroup:
    year, month = key
    if month == 0:
        label = year_label(year)
        # A year that only holds "the 1990s" reads as the decade, not as "1990".
        if all(e.granularity in _LONG_PERIODS for e in events) and len(
                {e.label for e in events}) == 1:
            label = events[0].label
        return YearGroup(year, label, year_anchor(year, id_prefix), tuple(events))
    return YearGroup(year, f"{MONTHS[month - 1]} {year_label(year)}",
                     f"{year_anchor(year, id_prefix)}-{month:02d}", tuple(events))


def build_timeline(
    events: Iterable[Event],
    *,
    id_prefix: str = "",
    heading_level: int = 2,
    year_headings: bool = True,
    controls: bool = True,
    label: str = "Timeline",
    more_href: Callable[[Event], str] | None = None,
    by_month: bool = False,
    presorted: bool = False,
    lazy: bool = False,
) -> TimelineView:
    """Sort events chronologically and group them under headings: one per year, or one
    per month (``by_month``, for the year pages of long timelines).

    ``presorted``: the caller guarantees ``events`` are already in ``sort_key`` order
    (the site's pages are slices of one sorted list), so they are not sorted again.
    ``lazy``: the groups hold :class:`CardRef` items, whose views are built only when
    asked for (the site, when most cards come from the render cache)."""
    ordered = list(events) if presorted else sorted(events, key=lambda e: e.sort_key)
    # Views are acyclic (frozen records of strings and tuples): the cyclic GC would only
    # walk them again and again while tens of thousands are built, so it waits.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(ordered, id_prefix, heading_level, year_headings, controls, label,
                      more_href, by_month, lazy)
    finally:
        if enabled:
            gc.enable()


def _build(ordered: list[Event], id_prefix: str, heading_level: int, year_headings: bool,
           controls: bool, label: str, more_href: Callable[[Event], str] | None,
           by_month: bool, lazy: bool = False) -> TimelineView:
    groups: list[YearGroup] = []
    bucket: list[Any] = []  # EventView, or CardRef when lazy
    current: tuple[int, int] | None = None
    tags: set[str] = set()
    for event in ordered:
        key = _group_key(event, by_month)
        if current is not None and key != current:
            groups.append(_group(current, id_prefix, bucket))
            bucket = []
        current = key
        shown = date_label(event)
        continues = bool(bucket) and bucket[-1].label == shown
        if lazy:
            bucket.append(CardRef(event, id_prefix, shown, continues,
                                  more_href(event) if more_href else None))
            if event.tags:
                tags.update(event.tags)  # the same set as the view's (ordered) tags
            continue
        view = event_view(event, id_prefix, more_href, label=shown, continues=continues)
        tags.update(view.tags)
        bucket.append(view)
    if current is not None:
        groups.append(_group(current, id_prefix, bucket))
    return TimelineView(
        groups=tuple(groups),
        id_prefix=id_prefix,
        heading_level=max(1, min(5, heading_level)),
        year_headings=year_headings,
        controls=controls,
        tags=tuple(sorted(tags, key=lambda t: (t.casefold(), t))),
        label=label,
    )


def distinct_sources(events: Sequence[Event]) -> int:
    """How many distinct documents tell these events."""
    return len({s.document for e in events for s in e.sources})

"""Narrow a timeline to a date range and to tags (``--from``/``--to``/``--tag``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from timeline.errors import InputError
from timeline.events.model import Event


def filter_events(
    events: Iterable[Event],
    date_from: date | None = None,
    date_to: date | None = None,
    tags: Sequence[str] = (),
) -> list[Event]:
    """The events that overlap ``[date_from, date_to]`` and carry any of ``tags``.

    An event covers the days ``[start, end]`` of its period, so "2017" is kept by
    ``--from 2017-09-01`` (the year overlaps September) and "September 2017" by
    ``--to 2017-09-15``. Tags match case-insensitively; no tags means no tag filter.
    Order is preserved.
    """
    if date_from is not None and date_to is not None and date_from > date_to:
        raise InputError(
            f"--from {date_from.isoformat()} is after --to {date_to.isoformat()}"
        )
    wanted = {t.strip().casefold() for t in tags if t and t.strip()}
    kept = []
    for event in events:
        if date_from is not None and event.end < date_from:
            continue
        if date_to is not None and event.start > date_to:
            continue
        if wanted and not any(t.casefold() in wanted for t in event.tags):
            continue
        kept.append(event)
    return kept

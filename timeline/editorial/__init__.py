"""Editorial control: corrections file, manual entries, key dates, review mode.

The pipeline calls :func:`apply` once, after merging and before filtering::

    events = timeline.editorial.apply(events, options, report)

It applies the corrections file (re-date, hide, pin, headline, merge, manual entries),
then marks the key dates when ``options.key_dates`` is set. With ``--format json`` and
``--key-dates N`` only the key events are returned (the documented export contract).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.editorial.corrections import (
    DEFAULT_FILENAME,
    Corrections,
    apply_corrections,
    default_corrections_path,
    load_corrections,
    save_corrections,
)
from timeline.editorial.keydates import KeyDateParams, select_key_dates
from timeline.events.model import Event

if TYPE_CHECKING:
    from timeline.pipeline import BuildOptions, BuildReport

__all__ = [
    "DEFAULT_FILENAME",
    "Corrections",
    "KeyDateParams",
    "apply",
    "apply_corrections",
    "corrections_path",
    "default_corrections_path",
    "load_corrections",
    "save_corrections",
    "select_key_dates",
]

# Formats whose output is the list of events itself: with --key-dates they hold only the
# key events. The site/fragment show the key-date view first and keep the full timeline.
KEY_ONLY_FORMATS = frozenset({"json", "timelinejs", "csv", "ics", "markdown"})


_BYPASS: contextvars.ContextVar[bool] = contextvars.ContextVar("editorial_bypass", default=False)


@contextlib.contextmanager
def editorial_bypassed() -> Iterator[None]:
    """Within this block :func:`apply` changes nothing (review mode collects raw events)."""
    token = _BYPASS.set(True)
    try:
        yield
    finally:
        _BYPASS.reset(token)


def corrections_path(options: BuildOptions) -> tuple[Path, bool]:
    """The corrections file of a build, and whether the user named it explicitly."""
    if options.corrections is not None:
        return Path(options.corrections), True
    return default_corrections_path([Path(s) for s in options.sources]), False


def apply(events: Iterable[Event], options: BuildOptions, report: BuildReport) -> list[Event]:
    """Corrections, then key dates. Warnings go to ``report.warnings``."""
    if _BYPASS.get():
        return list(events)
    path, explicit = corrections_path(options)
    corrections = load_corrections(path, must_exist=explicit)
    applied = apply_corrections(events, corrections, on_warning=report.warnings.append)
    result = applied.events
    if options.key_dates:
        result = select_key_dates(result, options.key_dates, date_from=options.date_from,
                                  date_to=options.date_to)
        if options.format in KEY_ONLY_FORMATS:
            result = [e for e in result if e.key]
    return result

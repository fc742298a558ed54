"""Publication dates: parse the strings metadata carries, and find a date in a file's path.

A publication date is a calendar day. Datetimes keep the local date *as written*
("2017-09-24T23:30:00-04:00" is 24 September, not the 25th in UTC): the day the outlet
printed is the one its readers' "yesterday" and "on Friday" are relative to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from dateutil import parser as _dateutil

# Two defaults that differ in every field: a string that leaves the year, month or day
# unsaid parses to different days under them, and is rejected rather than completed
# from a default (dateutil would otherwise fill the gap silently).
_DEFAULT_A = datetime(2001, 1, 1)
_DEFAULT_B = datetime(2002, 2, 2)

# Publication dates outside this range are typos or epoch artefacts, not articles.
MIN_YEAR = 1800
MAX_YEAR = 2200

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T\s].*)?\s*$")
_PATH_DATE = re.compile(r"(?<!\d)(\d{4})[-_.](\d{2})[-_.](\d{2})(?!\d)")
_YEAR_PART = re.compile(r"\d{4}")
_TWO_DIGITS = re.compile(r"\d{1,2}")


def _checked(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def coerce_publication_date(value: object) -> date | None:
    """A full calendar day from a metadata value, or None.

    Accepts ``date``/``datetime`` objects (YAML gives those) and strings in ISO 8601,
    RFC 2822 ("Sun, 24 Sep 2017 10:00:00 +0000") or words ("September 24, 2017",
    "24 Sept. 2017"). Incomplete dates ("September 2017", "2017") are None: a
    publication date anchors "on Friday", so a guessed day would be wrong silently.
    Slashed dates follow dateutil's month-first reading ("09/10/2017" is 10 September).
    """
    if isinstance(value, datetime):
        return _checked(value.year, value.month, value.day)
    if isinstance(value, date):
        return _checked(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 200:
        return None
    iso = _ISO_DATE.match(text)
    if iso:
        return _checked(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    for fuzzy in (False, True):
        try:
            first = _dateutil.parse(text, default=_DEFAULT_A, fuzzy=fuzzy)
            second = _dateutil.parse(text, default=_DEFAULT_B, fuzzy=fuzzy)
        except (ValueError, OverflowError, TypeError):
            continue
        if first.date() != second.date():
            return None  # a part of the day is missing
        return _checked(first.year, first.month, first.day)
    return None


def date_from_path_parts(parts: Sequence[str]) -> date | None:
    """The publication date a path spells, nearest component first.

    ``parts`` are path components from the outermost folder to the file name. A
    ``YYYY-MM-DD`` (or ``YYYY_MM_DD``/``YYYY.MM.DD``) anywhere in a component counts
    (``InputDocs/2010-05-03/x.htm.txt``, ``2017-09-24-libya.md``), as do three nested
    folders ``YYYY/MM/DD/`` (an archive layout). The component nearest the file wins.
    """
    for index in range(len(parts) - 1, -1, -1):
        match = _PATH_DATE.search(parts[index])
        if match:
            found = _checked(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if found:
                return found
        # YYYY/MM/DD folders: this component is the day (a file may be named by its day,
        # "2017/09/24.md"), the two before it the month and the year.
        if index >= 2:
            day = parts[index].split(".", 1)[0] if index == len(parts) - 1 else parts[index]
            if (
                _YEAR_PART.fullmatch(parts[index - 2])
                and _TWO_DIGITS.fullmatch(parts[index - 1])
                and _TWO_DIGITS.fullmatch(day)
            ):
                found = _checked(int(parts[index - 2]), int(parts[index - 1]), int(day))
                if found:
                    return found
    return None

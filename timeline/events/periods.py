"""The period of days a TIMEX3 value names: what an event's ``start``/``end`` are.

``period_of("2016-12") == (date(2016, 12, 1), date(2016, 12, 31), "month")``. A coarse value
is the whole period, never a made-up day: rendering labels it at its own granularity and
sorting puts it at the start of its period.

Values understood (TIMEX3 / ISO 8601): millennium ``2``, century ``19``, decade ``201``,
year ``2015``, half ``2017-H1``, quarter ``2017-Q3``, season ``2017-SU`` (northern,
meteorological: SP Mar-May, SU Jun-Aug, FA Sep-Nov, WI Dec to Feb of the next year),
month ``2016-12``, ISO week ``2017-W38``, its weekend ``2017-W38-WE``, a weekday of a week
``2017-W38-5``, day ``2017-09-22``, part of day ``2017-09-22TMO``, hour/minute/second
``2017-09-22T15``, ``T15:30``, ``T15:30:05`` (with an optional zone). Anything else is
None: references (``PRESENT_REF``), durations and sets, values with unknown parts
(``XXXX-12``), BC years, impossible dates ("2017-02-30").
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = re.compile(
    r"T(?:(MO|MI|AF|EV|NI|DT)|(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?)"
    r"(?:Z|[+-]\d{2}(?::?\d{2})?)?"
)
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}

Period = tuple[date, date, str]


def _year_ok(year: int) -> bool:
    return 1 <= year <= 9998  # 9998: a winter/week may spill into the next year


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day_period(value: str) -> Period | None:
    match = _DAY.match(value)
    if not match:
        return None
    try:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    rest = value[match.end():]
    if not rest:
        return day, day, "day"
    time = _TIME.fullmatch(rest)
    if not time:
        return None
    if time.group(1):
        return day, day, "part-of-day"
    hour, minute, second = time.group(2), time.group(3), time.group(4)
    if int(hour) > 24 or (minute and int(minute) > 59) or (second and int(second) > 60):
        return None
    granularity = "second" if second else "minute" if minute else "hour"
    return day, day, granularity


def _iso_week(year: int, week: int) -> date | None:
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        return None


@lru_cache(maxsize=65536)
def period_of(value: str) -> Period | None:
    """``(first day, last day, granularity)`` of a TIMEX3 value, or None (see module doc)."""
    if not isinstance(value, str) or not value or "X" in value or not value[0].isdigit():
        return None
    try:
        return _period(value)
    except (ValueError, OverflowError):
        return None


def _period(value: str) -> Period | None:
    if len(value) >= 10 and value[4] == "-" and value[7:8] == "-" and value[8:9].isdigit():
        return _day_period(value)
    if re.fullmatch(r"\d{4}", value):
        year = int(value)
        return (date(year, 1, 1), date(year, 12, 31), "year") if _year_ok(year) else None
    if re.fullmatch(r"\d{3}", value):  # decade: 201 = 2010-2019
        first = int(value) * 10
        return (date(first, 1, 1), date(first + 9, 12, 31), "decade") if first >= 1 else None
    if re.fullmatch(r"\d{2}", value):  # century: 19 = 1900-1999
        first = int(value) * 100
        return (date(max(first, 1), 1, 1), date(first + 99, 12, 31), "century")
    if re.fullmatch(r"\d", value):  # millennium: 2 = 2000-2999
        first = int(value) * 1000
        return (date(max(first, 1), 1, 1), date(first + 999, 12, 31), "millennium")
    match = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if not (_year_ok(year) and 1 <= month <= 12):
            return None
        return date(year, month, 1), _month_end(year, month), "month"
    match = re.fullmatch(r"(\d{4})-([QH])([1-4])", value)
    if match:
        year, kind, n = int(match.group(1)), match.group(2), int(match.group(3))
        if not _year_ok(year) or (kind == "H" and n > 2):
            return None
        months = 3 if kind == "Q" else 6
        first = (n - 1) * months + 1
        return (date(year, first, 1), _month_end(year, first + months - 1),
                "quarter" if kind == "Q" else "half")
    match = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
    if match:
        year = int(match.group(1))
        if not _year_ok(year):
            return None
        first, last = _SEASONS[match.group(2)]
        end_year, end_month = (year + 1, last - 12) if last > 12 else (year, last)
        return date(year, first, 1), _month_end(end_year, end_month), "season"
    match = re.fullmatch(r"(\d{4})-W(\d{2})(?:-(WE|[1-7]))?", value)
    if match:
        year, week, part = int(match.group(1)), int(match.group(2)), match.group(3)
        if not _year_ok(year):
            return None
        monday = _iso_week(year, week)
        if monday is None:
            return None
        if part is None:
            return monday, monday + timedelta(days=6), "week"
        if part == "WE":
            return monday + timedelta(days=5), monday + timedelta(days=6), "weekend"
        day = monday + timedelta(days=int(part) - 1)
        return day, day, "day"
    return None

"""Human date labels and machine-readable ``<time datetime>`` values for events.

Rendering never parses free text: it formats the period the events layer already
resolved (``Event.start``/``end``/``granularity``) and, for the few things a period cannot
say (season name, time of day, time zone), reads the suffix of the TIMEX3 value.

Labels follow the granularity, never a fake precision: a month is "December 2016", not
"1 December 2016". Examples::

    day          Friday 22 September 2017
    month        December 2016
    year         2015
    season       Summer 2016
    quarter      Q3 2017
    half         First half of 2017
    week         Week 38, 2017
    weekend      Weekend of 23-24 September 2017
    decade       1990s
    century      20th century
    part-of-day  Friday 22 September 2017, morning
    time         22 September 2017, 15:30
    with a mod   early 2016, mid-December 2016, about 2015, before 2015
"""

from __future__ import annotations

import re
from datetime import date

from timeline.events.model import Event

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

SEASONS = {"SP": "Spring", "SU": "Summer", "FA": "Autumn", "AU": "Autumn", "WI": "Winter"}
# Meteorological seasons by the month their period starts, for values without a suffix.
SEASON_BY_MONTH = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter", 1: "Winter"}
PARTS_OF_DAY = {
    "MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening", "NI": "night",
    "DT": "daytime",
}

# TIMEX3 mod -> how it reads before the label. START/MID/END read as adjectives.
MOD_PREFIX = {
    "START": "early ",
    "MID": "mid-",
    "END": "late ",
    "APPROX": "about ",
    "BEFORE": "before ",
    "AFTER": "after ",
    "ON_OR_BEFORE": "on or before ",
    "ON_OR_AFTER": "on or after ",
    "LESS_THAN": "less than ",
    "MORE_THAN": "more than ",
    "EQUAL_OR_LESS": "at most ",
    "EQUAL_OR_MORE": "at least ",
}
# Granularities for which "early"/"mid"/"late" make sense (not for a single day or time).
_PERIOD_GRANULARITIES = {
    "millennium", "century", "decade", "year", "half", "quarter", "season", "month",
    "week", "weekend",
}
_TIME_RE = re.compile(
    r"T(?P<h>\d{2})(?::(?P<m>\d{2}))?(?::(?P<s>\d{2}))?(?:\.\d+)?"
    r"(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?$"
)
_PART_RE = re.compile(r"T(MO|MI|AF|EV|NI|DT)$")
_TIME_GRANULARITIES = {"hour", "minute", "second"}


def _day(d: date, weekday: bool = True) -> str:
    text = f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"{WEEKDAYS[d.weekday()]} {text}" if weekday else text


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _time_of(value: str) -> tuple[str, str | None] | None:
    """("15:30", "+02:00"|"Z"|None) from the end of a TIMEX3 value, when it names a clock time."""
    match = _TIME_RE.search(value)
    if not match:
        return None
    hours, minutes = match["h"], match["m"] or "00"
    if int(hours) > 23 or int(minutes) > 59 or (match["s"] and int(match["s"]) > 59):
        return None  # not a clock time: never print or publish an impossible one
    clock = f"{hours}:{minutes}" + (f":{match['s']}" if match["s"] else "")
    tz = match["tz"]
    if tz and tz != "Z" and ":" not in tz and len(tz) == 5:
        tz = f"{tz[:3]}:{tz[3:]}"
    elif tz and len(tz) == 3:
        tz = f"{tz}:00"
    if tz and tz != "Z" and (int(tz[1:3]) > 23 or int(tz[4:6]) > 59):
        tz = None  # an impossible offset is dropped rather than published
    return clock, tz


def _year(d: date) -> str:
    return str(d.year) if d.year > 0 else f"{1 - d.year} BCE"


def period_label(event: Event) -> str:
    """The date as a reader says it, at the event's own granularity (without its mod)."""
    start, end, gran, value = event.start, event.end, event.granularity, event.date
    if gran == "day":
        return _day(start)
    if gran == "part-of-day":
        part = _PART_RE.search(value)
        label = _day(start)
        return f"{label}, {PARTS_OF_DAY[part.group(1)]}" if part else label
    if gran in _TIME_GRANULARITIES:
        clock = _time_of(value)
        if clock is None:
            return _day(start)
        text = f"{_day(start, weekday=False)}, {clock[0]}"
        if clock[1]:
            text += " UTC" if clock[1] == "Z" else f" (UTC{clock[1]})"
        return text
    if gran == "month":
        return f"{MONTHS[start.month - 1]} {_year(start)}"
    if gran == "year":
        return _year(start)
    if gran == "week":
        iso = start.isocalendar()
        return f"Week {iso.week}, {iso.year}"
    if gran == "weekend":
        if start.month == end.month:
            return f"Weekend of {start.day}\u2013{_day(end, weekday=False)}"
        return f"Weekend of {_day(start, weekday=False)}\u2013{_day(end, weekday=False)}"
    if gran == "season":
        suffix = value.rsplit("-", 1)[-1] if "-" in value else ""
        name = SEASONS.get(suffix) or SEASON_BY_MONTH.get(start.month, "Season")
        return f"{name} {_year(start)}"
    if gran == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {_year(start)}"
    if gran == "half":
        return f"{'First' if start.month <= 6 else 'Second'} half of {_year(start)}"
    if gran == "decade":
        return f"{start.year - start.year % 10}s"
    if gran == "century":
        return f"{_ordinal(start.year // 100 + 1)} century"
    if gran == "millennium":
        return f"{_ordinal(start.year // 1000 + 1)} millennium"
    # Unknown granularity: show the period it covers rather than inventing precision.
    if start == end:
        return _day(start)
    return f"{_day(start, weekday=False)} \u2013 {_day(end, weekday=False)}"


def date_label(event: Event) -> str:
    """Human label including the TIMEX3 mod: "early 2016", "about 2015", "mid-December 2016"."""
    label = period_label(event)
    mod = (event.mod or "").upper()
    if not mod or mod not in MOD_PREFIX:
        return label
    if mod in ("START", "MID", "END") and event.granularity not in _PERIOD_GRANULARITIES:
        return label
    prefix = MOD_PREFIX[mod]
    # "early Summer 2016" reads better with the season in lower case.
    if prefix.endswith(" ") and label.split(" ", 1)[0] in SEASONS.values():
        label = label[0].lower() + label[1:]
    if prefix == "mid-" and label[0].isdigit():
        return f"mid-{label}"
    return prefix + label


def datetime_attr(event: Event) -> str:
    """A valid HTML ``<time datetime>`` value for the event: the finest valid string that
    does not claim more precision than the event has (year, yyyy-mm, yyyy-mm-dd, yyyy-Www,
    or a local/global date and time)."""
    start, gran = event.start, event.granularity
    year = f"{start.year:04d}"
    if start.year < 1:
        return f"{start.isoformat()}"
    if gran in ("day", "part-of-day"):
        return start.isoformat()
    if gran in _TIME_GRANULARITIES:
        clock = _time_of(event.date)
        if clock is None:
            return start.isoformat()
        return f"{start.isoformat()}T{clock[0]}{clock[1] or ''}"
    if gran == "month":
        return f"{year}-{start.month:02d}"
    if gran in ("week", "weekend"):
        iso = start.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if gran in ("year", "half", "quarter", "season"):
        return year
    if gran in ("decade", "century", "millennium"):
        return year
    return start.isoformat()


def sort_year(event: Event) -> int:
    """The year an event is filed under (its period's first year)."""
    return event.start.year

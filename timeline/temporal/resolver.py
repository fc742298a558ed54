"""The one place where a rule's description becomes a TIMEX3 value.

Rules describe ("weekday 5", "month 12 with no year", "offset -2 years"); this module
applies the anchor (publication date, last mentioned date, or narrative anchor) and the
direction (from the tense of the sentence or an explicit "last"/"next") and returns the
value with its granularity and an :class:`Explanation`. It never reads a clock: without
an anchor, relative expressions stay underspecified (``XXXX-12``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.temporal.spec import UK_TIME, Spec
from timeline.temporal.timex import Explanation

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
_UNIT_GRANULARITY = {
    "day": "day", "week": "week", "weekend": "weekend", "month": "month",
    "quarter": "quarter", "half": "half", "season": "season", "year": "year",
    "decade": "decade", "century": "century",
}
_GRAIN_ORDER = ("millennium", "century", "decade", "year", "half", "quarter", "season",
                "month", "week", "weekend", "day")


@dataclass(frozen=True, slots=True)
class Anchor:
    """The date relative expressions are resolved against."""

    date: date
    granularity: str = "day"  # "day" | "month" | "year" ...: how much of ``date`` is known
    kind: str = "publication"  # "publication" | "mention"


@dataclass(frozen=True, slots=True)
class Resolved:
    type: str
    value: str
    granularity: str
    mod: str | None
    explanation: Explanation


def _direction(spec: Spec, tense: str | None) -> str:
    """Past looks back, future forward, present (or no cue) takes the nearest. A rule's
    "on_or_before" (a date naming an incident) looks back firmly: see :func:`_infer_year`."""
    if spec.direction == "on_or_before":
        return "back"
    if spec.direction:
        return spec.direction
    return {"past": "back", "future": "forward"}.get(tense or "", "nearest")


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + n
    return total // 12, total % 12 + 1


def _week_around(d: date) -> tuple[date, date]:
    """Monday and Sunday of the ISO week that holds ``d``."""
    monday = d - timedelta(days=d.isoweekday() - 1)
    return monday, monday + timedelta(days=6)


def _week_value(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar; the anonymous "Meeus/Jones/Butcher" algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def holiday_date(name: str, year: int) -> date | None:
    """The date of a movable holiday (lexicon ``movable_holidays``/``easter_holidays``)."""
    from timeline.temporal.lexicon import lexicon

    lex = lexicon()
    try:
        if name in lex.easter_holidays:
            return easter(year) + timedelta(days=lex.easter_holidays[name])
        month, weekday, nth = lex.movable_holidays[name]
        first = date(year, month, 1)
        first_match = first + timedelta(days=(weekday - first.isoweekday()) % 7)
        if nth == 0:  # US Election Day: the Tuesday after the first Monday
            first_monday = first + timedelta(days=(1 - first.isoweekday()) % 7)
            return first_monday + timedelta(days=1)
        if nth > 0:
            return first_match + timedelta(weeks=nth - 1)
        y2, m2 = _add_months(year, month, 1)
        last = date(y2, m2, 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - weekday) % 7)
    except (KeyError, ValueError, OverflowError):
        return None


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The ``nth`` ISO ``weekday`` of a month ("the first Tuesday of November"); ``nth``
    -1 is the last one. ``None`` when the month has no such day (a fifth Monday)."""
    try:
        if nth < 0:
            y2, m2 = _add_months(year, month, 1)
            last = date(y2, m2, 1) - timedelta(days=1)
            return last - timedelta(days=(last.isoweekday() - weekday) % 7)
        first = date(year, month, 1)
        d = first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    except (ValueError, OverflowError):
        return None
    return d if d.month == month else None


def _period(spec: Spec, year: int) -> tuple[date, date] | None:
    """First and last day of the period ``spec`` names in ``year`` (year not written)."""
    try:
        if spec.nth is not None and spec.weekday is not None and spec.month is not None:
            d = nth_weekday(year, spec.month, spec.weekday, spec.nth)
            return (d, d) if d else None
        if spec.holiday is not None:
            d = holiday_date(spec.holiday, year)
            if d is not None and spec.week_of:
                return _week_around(d)
            return (d, d) if d else None
        if spec.month is not None and spec.day is not None:
            d = date(year, spec.month, spec.day)
            return _week_around(d) if spec.week_of else (d, d)
        if spec.month is not None:
            y2, m2 = _add_months(year, spec.month, 1)
            return date(year, spec.month, 1), date(y2, m2, 1) - timedelta(days=1)
        if spec.quarter is not None:
            start_m = 3 * (spec.quarter - 1) + 1
            y2, m2 = _add_months(year, start_m, 3)
            return date(year, start_m, 1), date(y2, m2, 1) - timedelta(days=1)
        if spec.half is not None:
            start_m = 6 * (spec.half - 1) + 1
            y2, m2 = _add_months(year, start_m, 6)
            return date(year, start_m, 1), date(y2, m2, 1) - timedelta(days=1)
        if spec.season is not None:
            first, last = _SEASON_MONTHS[spec.season]
            y2, m2 = _add_months(year, last, 1)
            return date(year, first, 1), date(y2, m2, 1) - timedelta(days=1)
    except (ValueError, OverflowError):
        return None
    return None


# A day-and-month date in a past-tense sentence is still read forward when the past
# reading is most of a year back and the future one only weeks ahead: "declared a
# dividend payable Dec. 15", "subpoenaed him to appear on Feb. 10".
_FAR_BACK_DAYS = 180
_NEAR_FORWARD_DAYS = 62
_FAR_BACK_MONTH_DAYS = 270
_NEAR_FORWARD_MONTH_DAYS = 40


# Cues after which a date cannot lie ahead whatever the distances: "closed since Oct. 1",
# "the quarter ended Oct. 31" (in a paper of Oct. 27: the year-ago quarter).
_FIRM_PAST_CUES = frozenset({"since", "ended"})


# A chronology's next entry ("onward"): the date after the one reached, unless the one
# before it is much nearer (a chronology told newest first).
_ONWARD_BACK_SHARE = 0.75


def _onward_year(spec: Spec, anchor: date) -> int | None:
    back, fwd = _infer_year_in(spec, anchor, "back"), _infer_year_in(spec, anchor, "forward")
    if back is None or fwd is None or back == fwd:
        return fwd if fwd is not None else back
    back_period, fwd_period = _period(spec, back), _period(spec, fwd)
    if back_period is None or fwd_period is None:
        return fwd
    behind = (anchor - back_period[0]).days
    ahead = (fwd_period[0] - anchor).days
    return back if behind < ahead * _ONWARD_BACK_SHARE else fwd


def _infer_year(spec: Spec, anchor: date, direction: str, cue: str | None = None) -> int | None:
    if direction == "onward":
        return _onward_year(spec, anchor)
    year = _infer_year_in(spec, anchor, direction)
    firm = (cue or "").lower() in _FIRM_PAST_CUES or spec.direction == "on_or_before"
    if (direction == "back" and not firm and year is not None
            and (spec.day is not None or spec.month is not None)):
        # Days get a wider forward window than whole months: "in December" in a past
        # sentence in September is last December, "in early March" in February is not.
        far_back, near_fwd = ((_FAR_BACK_DAYS, _NEAR_FORWARD_DAYS) if spec.day is not None
                              else (_FAR_BACK_MONTH_DAYS, _NEAR_FORWARD_MONTH_DAYS))
        fwd = _infer_year_in(spec, anchor, "forward")
        back_period = _period(spec, year)
        fwd_period = _period(spec, fwd) if fwd is not None else None
        if back_period and fwd_period and fwd != year:
            if ((anchor - back_period[0]).days > far_back
                    and (fwd_period[0] - anchor).days <= near_fwd):
                return fwd
    return year


def _infer_year_in(spec: Spec, anchor: date, direction: str) -> int | None:
    if direction == "last_named":
        # "last February" in March is February a year before: the month just ended is
        # "last month" or "in February" (as "last summer" in September is a year back).
        year = _infer_year_in(spec, anchor, "before")
        if (year is not None and spec.month is not None and spec.day is None
                and (anchor.year * 12 + anchor.month) - (year * 12 + spec.month) == 1):
            return year - 1
        return year
    best: tuple[float, int] | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if not 1 <= year <= 9999:
            continue
        period = _period(spec, year)
        if period is None:
            continue
        first, last = period
        if direction in ("back", "before"):
            if first > anchor or (direction == "before" and last >= anchor):
                continue
            score = float((anchor - first).days)
        elif direction == "after":
            if first <= anchor:
                continue
            score = float((first - anchor).days)
        elif direction == "forward":
            if last < anchor:
                continue
            score = float((first - anchor).days) if first > anchor else 0.0
        else:
            if first <= anchor <= last:
                score = 0.0
            else:
                score = float(min(abs((first - anchor).days), abs((last - anchor).days)))
        if best is None or score < best[0]:
            best = (score, year)
    return best[1] if best else None


# "nearest_back" (a possessive weekday, "Thursday's closing price"): a known event, so
# the reported past day unless the coming one is clearly nearer: in a Monday paper that
# is last Thursday (4 days back), not the coming one (3 days ahead).
_NEAREST_BACK_DAYS = 4


def _weekday_near(anchor: date, weekday: int, direction: str) -> date:
    back = anchor - timedelta(days=(anchor.isoweekday() - weekday) % 7)
    # Forward includes the anchor's own day: a paper dated Thursday writes "Thursday" for
    # that same day; "next Thursday" ("after") is strictly later.
    fwd = anchor + timedelta(days=(weekday - anchor.isoweekday()) % 7)
    if direction == "after" and fwd == anchor:
        fwd = anchor + timedelta(days=7)
    if direction == "before" and back == anchor:
        back = anchor - timedelta(days=7)
    if direction in ("back", "before"):
        return back
    if direction in ("forward", "after"):
        return fwd
    if direction == "nearest_back":
        return back if (anchor - back).days <= _NEAREST_BACK_DAYS else fwd
    return back if (anchor - back) <= (fwd - anchor) else fwd


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, 31)  # March and October have 31 days
    return last - timedelta(days=last.isoweekday() % 7)


def _uk_offset(value: str) -> str | None:
    """"UK time" on a day: British Summer Time (+01:00) from the last Sunday of March to
    the last Sunday of October, else GMT (Z). None when the day is not known."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value)
    if m is None:
        return None
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    if not 1 <= day.year <= 9998:
        return None
    return "+01:00" if _last_sunday(day.year, 3) <= day < _last_sunday(day.year, 10) else "Z"


def _time_suffix(spec: Spec, value: str = "") -> str:
    if spec.hour is not None:
        out = f"T{spec.hour:02d}:{spec.minute or 0:02d}"
        if spec.second is not None:
            out += f":{spec.second:02d}"
        if spec.tz == UK_TIME:
            out += _uk_offset(value) or ""
        elif spec.tz:
            out += spec.tz
        return out
    if spec.part:
        return "T" + spec.part
    return ""


def _time_granularity(spec: Spec) -> str | None:
    if spec.second is not None:
        return "second"
    if spec.minute is not None:
        return "minute"
    if spec.hour is not None:
        return "hour"
    if spec.part is not None:
        return "part-of-day"
    return None


def _calendar_value(spec: Spec, year: int | None) -> tuple[str, str] | None:
    """Value and granularity from calendar fields; ``year`` None writes XXXX."""
    y = f"{year:04d}" if year is not None else "XXXX"
    if spec.nth is not None and spec.weekday is not None and spec.month is not None:
        if year is None:
            return f"XXXX-{spec.month:02d}-XX", "day"
        d = nth_weekday(year, spec.month, spec.weekday, spec.nth)
        return (d.isoformat(), "day") if d else None
    if spec.holiday is not None:
        if year is None:
            return ("XXXX-WXX", "week") if spec.week_of else ("XXXX-XX-XX", "day")
        d = holiday_date(spec.holiday, year)
        if d is not None and spec.plus_days:
            d += timedelta(days=spec.plus_days)  # "two weeks before Easter"
        if d is not None and spec.week_of:
            return _week_value(d), "week"  # "Easter week"
        return (d.isoformat(), "day") if d else None
    # A fiscal year is written as its year (TimeML corpus convention: "fiscal 1989" ->
    # 1989); the Spec keeps ``fiscal`` for the explanation.
    if spec.month is not None:
        if spec.day is not None:
            if year is not None:
                try:
                    day = date(year, spec.month, spec.day)
                except ValueError:
                    return None
                if spec.week_of:
                    return _week_value(day), "week"
                if spec.plus_days:  # "two days after Sept. 22"
                    try:
                        return (day + timedelta(days=spec.plus_days)).isoformat(), "day"
                    except OverflowError:
                        return None
            elif spec.plus_days:
                return "XXXX-XX-XX", "day"  # a shifted day of an unknown year
            elif spec.week_of:
                return "XXXX-WXX", "week"
            return f"{y}-{spec.month:02d}-{spec.day:02d}", "day"
        return f"{y}-{spec.month:02d}", "month"
    if spec.quarter is not None:
        return f"{y}-Q{spec.quarter or 'X'}", "quarter"
    if spec.half is not None:
        return f"{y}-H{spec.half}", "half"
    if spec.season is not None:
        return f"{y}-{spec.season}", "season"
    if spec.week is not None:
        if spec.weekend:
            return f"{y}-W{spec.week:02d}-WE", "weekend"
        return f"{y}-W{spec.week:02d}", "week"
    return y, "year"


def resolve(
    spec: Spec,
    anchor: Anchor | None,
    *,
    tense: str | None = None,
    cue: str | None = None,
    mention: Anchor | None = None,
) -> Resolved | None:
    """Turn ``spec`` into a value. ``None`` when the description is not a valid date."""
    try:
        return _resolve(spec, anchor, tense, cue, mention)
    except (ValueError, OverflowError):
        return None


def _explain(spec: Spec, anchor: Anchor | None, tense: str | None, cue: str | None,
             direction: str | None, year_inferred: bool) -> Explanation:
    return Explanation(
        rule=spec.rule,
        anchor=anchor.date.isoformat() if anchor else None,
        anchor_kind=anchor.kind if anchor else "none",
        tense=tense if direction and not spec.direction else None,
        tense_cue=cue if direction and not spec.direction else None,
        direction=direction,
        year_inferred=year_inferred,
    )


def _resolve(spec: Spec, anchor: Anchor | None, tense: str | None, cue: str | None,
             mention: Anchor | None) -> Resolved | None:
    if spec.value is not None:
        return Resolved(spec.type, spec.value, spec.granularity or "unknown", spec.mod,
                        _explain(spec, None, None, None, None, False))
    if (spec.anchor_to_mention or spec.period_comparison) and mention is not None:
        anchor = mention
    if (spec.period_comparison and spec.year is not None and spec.unit is None
            and anchor is not None and anchor.kind == "mention" and anchor.granularity == "quarter"):
        # "the 1988 quarter" after "the third quarter": the same quarter in that year.
        q = (anchor.date.month - 1) // 3 + 1
        return Resolved("DATE", f"{spec.year:04d}-Q{q}", "quarter", spec.mod,
                        _explain(spec, anchor, None, None, None, False))
    # A clock time or a part of day ("Friday morning") makes a TIME (TimeML guidelines).
    typ = "TIME" if spec.has_time_fields else spec.type
    if spec.unit is not None:
        out = _relative(spec, anchor, tense)
        if out is None:
            return None
        value, gran, direction = out
        return Resolved(typ, value + _time_suffix(spec, value), _time_granularity(spec) or gran,
                        spec.mod, _explain(spec, anchor, tense, cue, direction, False))
    if spec.decade is not None:
        return Resolved("DATE", f"{spec.decade:03d}", "decade", spec.mod,
                        _explain(spec, None, None, None, None, False))
    if spec.century is not None:
        return Resolved("DATE", f"{spec.century:02d}", "century", spec.mod,
                        _explain(spec, None, None, None, None, False))
    used_anchor: Anchor | None = None
    direction: str | None = None
    year_inferred = False
    if spec.year is not None:
        if not 1 <= spec.year <= 9999:
            return None
        if spec.weekday is not None and spec.month is None and spec.week is None:
            return None
        cal = _calendar_value(spec, spec.year)
        if cal is None:
            return None
        value, gran = cal
    elif spec.weekend and spec.weekday is None and spec.week is None:  # "the weekend"
        if anchor is None or anchor.granularity != "day":
            value, gran = "XXXX-WXX-WE", "weekend"
        else:
            direction = _direction(spec, tense)
            d = _weekday_near(anchor.date, 6, direction)
            value, gran, used_anchor = _week_value(d) + "-WE", "weekend", anchor
    elif spec.weekday is not None and spec.month is None:
        if anchor is None or anchor.granularity != "day":
            value, gran = f"XXXX-WXX-{spec.weekday}", "day"
        else:
            direction = _direction(spec, tense)
            d = _weekday_near(anchor.date, spec.weekday, direction)
            d += timedelta(days=spec.plus_days)
            value, gran, used_anchor = d.isoformat(), "day", anchor
    elif spec.month is None and spec.day is not None:  # "the 22nd"
        if anchor is None or anchor.granularity not in ("day", "month"):
            return None
        direction = _direction(spec, tense)
        value, gran, used_anchor = _day_of_month(anchor.date, spec.day, direction), "day", anchor
        if value is None:
            return None
    elif spec.has_date_fields:
        if anchor is None:
            cal = _calendar_value(spec, None)
            if cal is None:
                return None
            value, gran = cal
        else:
            used_anchor = anchor
            year_inferred = True
            if anchor.granularity in ("year", "decade", "century"):
                year = anchor.date.year
            else:
                direction = _direction(spec, tense)
                year = _infer_year(spec, anchor.date, direction, cue)
                if year is None:
                    return None
            cal = _calendar_value(spec, year)
            if cal is None:
                return None
            value, gran = cal
    elif spec.has_time_fields:  # a time of day alone: the anchor's day
        if anchor is None or anchor.granularity != "day":
            value, gran = "XXXX-XX-XX", "day"
        else:
            value, gran, used_anchor = anchor.date.isoformat(), "day", anchor
    else:
        return None
    return Resolved(typ, value + _time_suffix(spec, value), _time_granularity(spec) or gran, spec.mod,
                    _explain(spec, used_anchor, tense, cue, direction, year_inferred))


def _day_of_month(anchor: date, day: int, direction: str) -> str | None:
    candidates = []
    for n in (-1, 0, 1):
        y, m = _add_months(anchor.year, anchor.month, n)
        try:
            candidates.append(date(y, m, day))
        except ValueError:
            continue
    if direction == "back":
        pool = [d for d in candidates if d <= anchor]
        pick = max(pool) if pool else None
    elif direction == "forward":
        pool = [d for d in candidates if d >= anchor]
        pick = min(pool) if pool else None
    else:
        pick = min(candidates, key=lambda d: abs((d - anchor).days)) if candidates else None
    return pick.isoformat() if pick else None


def _unknown(unit: str) -> str:
    return {
        "day": "XXXX-XX-XX", "week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX",
        "quarter": "XXXX-QX", "half": "XXXX-HX", "season": "XXXX-XX", "year": "XXXX",
        "decade": "XXX", "century": "XX",
    }.get(unit, "XXXX-XX-XX")


def _relative(spec: Spec, anchor: Anchor | None, tense: str | None) -> tuple[str, str, str | None] | None:
    """Shift the anchor by ``spec.shift`` ``spec.unit``s and overlay finer fields."""
    unit = spec.unit or "day"
    gran = _UNIT_GRANULARITY.get(unit, "day")
    if anchor is None:
        if spec.month is not None and unit == "year":
            return f"XXXX-{spec.month:02d}", "month", None
        return _unknown(unit), gran, None
    a = anchor.date
    n = spec.shift
    if unit == "quarter" and spec.period_comparison and anchor.granularity == "quarter":
        return f"{a.year:04d}-Q{(a.month - 1) // 3 + 1}", "quarter", None  # "the quarter"
    if unit == "day":
        return (a + timedelta(days=n)).isoformat(), "day", None
    if unit in ("week", "weekend"):
        d = a + timedelta(weeks=n)
        if spec.weekday is not None:
            monday = d - timedelta(days=d.isoweekday() - 1)
            return (monday + timedelta(days=spec.weekday - 1)).isoformat(), "day", None
        if unit == "weekend" or spec.weekend:
            return _week_value(d) + "-WE", "weekend", None
        return _week_value(d), "week", None
    if unit == "month":
        y, m = _add_months(a.year, a.month, n)
        if spec.day is not None:
            return date(y, m, spec.day).isoformat(), "day", None
        return f"{y:04d}-{m:02d}", "month", None
    if unit == "quarter":
        q0 = (a.month - 1) // 3
        total = a.year * 4 + q0 + n
        return f"{total // 4:04d}-Q{total % 4 + 1}", "quarter", None
    if unit == "half":
        h0 = (a.month - 1) // 6
        total = a.year * 2 + h0 + n
        return f"{total // 2:04d}-H{total % 2 + 1}", "half", None
    if unit == "season" and n != 0 and spec.season is not None:
        # "last summer" is the summer of last year, "next spring" that of next year (as
        # "last year"/"next year"); winter belongs to the year it starts in.
        year = a.year + n
        if spec.season == "WI" and a.month <= 2:
            year -= 1
        return f"{year:04d}-{spec.season}", "season", None
    if unit == "season":
        if spec.season is None:
            return None
        direction = "nearest"
        probe = spec.copy(unit=None, shift=0)
        year = _infer_year(probe, a, direction)
        if year is None:
            return None
        # "last summer" said in summer means the previous one, not the current one.
        if n == -1:
            first, last = _period(probe, year) or (a, a)
            if first <= a <= last:
                year -= 1
        if n == 1:
            first, last = _period(probe, year) or (a, a)
            if first <= a <= last:
                year += 1
        return f"{year:04d}-{spec.season}", "season", None
    if unit == "year" and spec.period_comparison and anchor.granularity == "quarter":
        return f"{a.year + n:04d}-Q{(a.month - 1) // 3 + 1}", "quarter", None
    if unit == "year":
        y = a.year + n
        if spec.direction == "after" and n == 0 and a.month >= 3:
            y += 1  # "the new year" said after its first weeks is the next one
        if not 1 <= y <= 9999:
            return None
        cal = _calendar_value(spec.copy(unit=None, year=y), y)
        if cal is None:
            return None
        return cal[0], cal[1], None
    if unit == "decade":
        return f"{a.year // 10 + n:03d}", "decade", None
    if unit == "century":
        return f"{a.year // 100 + n:02d}", "century", None
    return None

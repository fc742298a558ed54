"""What a rule says about a time expression, before any anchoring (Duckling style).

A rule never computes a calendar date from a clock: it fills a :class:`Spec` with the
pieces the text states ("weekday 5", "month 12, no year", "offset -2 years") and the
resolver turns it into a TIMEX3 value against the anchor and tense of the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

# ``Spec.tz`` for "UK time": British Summer Time or GMT, whichever the day had (resolver).
UK_TIME = "UK"


@dataclass(slots=True)
class Spec:
    type: str = "DATE"  # DATE | TIME | DURATION | SET
    # Calendar fields written (or implied) in the text.
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # ISO 1 (Monday) .. 7 (Sunday)
    nth: int | None = None  # with weekday and month: the nth such weekday (-1 = the last)
    week: int | None = None  # ISO week number
    quarter: int | None = None  # 1..4; 0 = some quarter of the year ("the 1988 quarter")
    half: int | None = None
    season: str | None = None  # SP SU FA WI
    weekend: bool = False
    decade: int | None = None  # 199 for the 1990s
    century: int | None = None  # 19 for the 20th century (1900s)
    fiscal: bool = False
    week_of: bool = False  # "the week of March 6": the ISO week containing the date
    holiday: str | None = None  # a movable holiday (lexicon key): its date depends on the year
    part: str | None = None  # MO AF EV NI (part of day)
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    tz: str | None = None
    # Relative to an anchor: shift the anchor by ``shift`` units of ``unit`` and keep the
    # value at that unit's granularity ("last week" = week -1, "two years ago" = year -2).
    unit: str | None = None
    shift: int = 0
    # Exact day offset for "three days ago" style shifts at a finer unit than the value.
    plus_days: int = 0  # added after resolving a weekday ("a week from Monday")
    anchor_to_mention: bool = False
    # "a year earlier"/"a year ago" after a quarter is mentioned: the same quarter a year
    # before (financial reports compare periods), not the bare year.
    period_comparison: bool = False  # "the day before", "three days later"
    # "back" | "forward" | "nearest" | "before" | "after" | "on_or_before" (back, even
    # when a date weeks ahead would fit better: an incident already happened) |
    # "nearest_back" (a possessive weekday: the past one unless the coming one is clearly
    # nearer); "onward" (a chronology's entry: after the date reached, unless the one
    # before it is much nearer); "last_named" ("last February": before, and not the
    # month just ended); None = from the tense of the clause.
    direction: str | None = None
    value: str | None = None  # literal value (durations, sets, PRESENT_REF...)
    granularity: str | None = None
    mod: str | None = None
    rule: str = ""

    def copy(self, **changes: object) -> Spec:
        """``dataclasses.replace(self, **changes)``, without its per-call reading of the
        field definitions (several times slower, and the tagger copies on every merge)."""
        values = {name: getattr(self, name) for name in _FIELD_NAMES}
        values.update(changes)
        return Spec(**values)  # type: ignore[arg-type]

    @property
    def has_date_fields(self) -> bool:
        return any(
            v is not None
            for v in (self.year, self.month, self.day, self.weekday, self.week, self.quarter,
                      self.half, self.season, self.decade, self.century, self.holiday)
        ) or self.weekend or self.unit is not None

    @property
    def has_time_fields(self) -> bool:
        return self.hour is not None or self.part is not None


# Every field of Spec is an ordinary init field (no ClassVar, no init=False, no
# __post_init__): ``copy`` passes them all to the constructor, as ``replace`` does.
_FIELD_NAMES = tuple(f.name for f in fields(Spec))

"""Times of day: 3:30 p.m., 15:30 GMT, noon, midnight, eight o'clock. A time alone takes
the day just mentioned ("The attack began Friday. The first blast came at 10:35 a.m."),
else the anchor's day; the tagger merges it with an adjacent date ("Friday at 3 p.m.")."""

from __future__ import annotations

import re

from timeline.temporal.lexicon import lexicon, number_value
from timeline.temporal.rules import rule, weekday_of
from timeline.temporal.spec import UK_TIME, Spec

# Zone abbreviations -> ISO offsets, so values stay ISO 8601 ("T15:30-04:00").
ZONES = {
    "utc": "Z", "gmt": "Z", "z": "Z", "edt": "-04:00", "est": "-05:00", "cdt": "-05:00",
    "cst": "-06:00", "mdt": "-06:00", "mst": "-07:00", "pdt": "-07:00", "pst": "-08:00",
    "bst": "+01:00", "cet": "+01:00", "cest": "+02:00", "eet": "+02:00", "eest": "+03:00",
    "ist": "+05:30", "jst": "+09:00", "aest": "+10:00", "msk": "+03:00",
}
_TZ = r"(?P<tz>(?-i:UTC|GMT|EDT|EST|CDT|CST|MDT|MST|PDT|PST|BST|CET|CEST|EET|EEST|IST|JST|AEST|MSK)(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?|(?-i:[+-])\d\d:?\d\d)"
# Context that makes "15:30" a clock time rather than a score, a ratio or a running time.
_CLOCK_BEFORE = re.compile(
    r"\b(?:at|by|until|till|from|before|after|around|about|since|approximately|to|between|"
    r"and|shortly|just)\s+$", re.I)


# Right after a written year ("24 Sep 2017 10:00", "2017-09-24 08:15") a clock is a time.
_AFTER_DATE = re.compile(r"(?:\b(?:1\d|20)\d\d|\d{4}-\d\d-\d\d)\s*,?\s*(?:at\s+)?$")


def _zone(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = raw.replace(" ", "")
    base = re.match(r"[A-Za-z]+", raw)
    if base is None:  # "+0200"
        sign, digits = raw[0], raw[1:].replace(":", "")
        return f"{sign}{digits[:2]}:{digits[2:4]}"
    offset = ZONES.get(base.group(0).lower())
    rest = raw[base.end():]
    if rest and offset == "Z":  # GMT+3
        m = re.match(r"([+-])(\d{1,2}):?(\d\d)?", rest)
        if m:
            return f"{m.group(1)}{int(m.group(2)):02d}:{m.group(3) or '00'}"
    return offset


def _hour12(h: int, ampm: str) -> int | None:
    if not 1 <= h <= 12:
        return None
    pm = ampm.lower().startswith("p")
    if pm:
        return 12 if h == 12 else h + 12
    return 0 if h == 12 else h


@rule(r"(?P<h>\d{1,2})(?:[:.](?P<mi>[0-5]\d))?(?::(?P<s>[0-5]\d))?\s*(?P<ap>a\.m\.|p\.m\.|am|pm|a\.m|p\.m)(?:\s+" + _TZ + r"|\s+(?P<lt>local\s+time)\b)?",
      needs=("clocktime",), reach=(4, 32), priority=3)
def clock_ampm(m: re.Match[str]) -> Spec | None:
    """3:30 p.m. -> T15:30; 9 a.m. EDT -> T09:00-04:00"""
    hour = _hour12(int(m["h"]), m["ap"])
    if hour is None:
        return None
    return Spec(type="TIME", anchor_to_mention=not _entry_stamp(m), hour=hour,
                minute=int(m["mi"] or 0), second=int(m["s"]) if m["s"] else None,
                tz=_zone(m["tz"]))


def _entry_stamp(m: re.Match[str]) -> bool:
    """"10.10 pm : The chairman asks ...": a time opening a line of a live report stamps
    the entry on the day of publication; it does not take the day the text last named."""
    line_start = m.string.rfind("\n", 0, m.start()) + 1
    return (not m.string[line_start:m.start()].strip()
            and bool(re.match(r"\s*[:–—-]\s", m.string[m.end():m.end() + 4])))


@rule(r"(?P<h>[01]?\d|2[0-3])(?P<sep>[:.])(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?:\s*(?:" + _TZ + r"|(?P<hrs>hours|hrs|h|local\s+time)\b|(?P<uk>UK|British|London)\s+time\b))?",
      needs=("clocktime", "digit"), reach=(4, 32), priority=2)
def clock_24h(m: re.Match[str]) -> Spec | None:
    """15:30 GMT / at 15:30 / 0800 hours: needs a zone, 'hours' or a preposition before,
    so that running times ("01:22 - Source") and scores are left alone. Written with a
    dot ("13.55 GMT", British style) it also needs the zone, 'hours' or a date before it:
    "rose to 13.55" is a number."""
    before = m.string[max(0, m.start() - 16):m.start()]
    zoned = m["tz"] or m["hrs"] or m["uk"]
    if m["sep"] == "." and not (zoned or _AFTER_DATE.search(before)):
        return None
    if not (zoned or _CLOCK_BEFORE.search(before) or _AFTER_DATE.search(before)):
        return None
    return Spec(type="TIME", anchor_to_mention=True, hour=int(m["h"]), minute=int(m["mi"]),
                second=int(m["s"]) if m["s"] else None,
                tz=UK_TIME if m["uk"] else _zone(m["tz"]))


@rule(r"(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s*(?:hours|hrs)(?:\s+" + _TZ + ")?", needs=("clocktime",), reach=(4, 32), priority=2)
def military_time(m: re.Match[str]) -> Spec | None:
    """0800 hours -> T08:00"""
    return Spec(type="TIME", anchor_to_mention=True, hour=int(m["h"]), minute=int(m["mi"]), tz=_zone(m["tz"]))


@rule(r"(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s*(?:(?P<local>local\s+time|Zulu)\b|" + _TZ + r"\b)(?<![-+]\d\d\d\d)(?<![-+]\d\d:\d\d)",
      needs=("digit",), reach=(4, 32), priority=3)
def military_time_zone(m: re.Match[str]) -> Spec | None:
    """1425 local time -> T14:25; 0600 GMT -> T06:00Z (military reports write the clock
    as four digits with a zone: a time, never the year 1425)."""
    tz = "Z" if (m["local"] or "").lower() == "zulu" else _zone(m["tz"])
    return Spec(type="TIME", anchor_to_mention=True, hour=int(m["h"]), minute=int(m["mi"]), tz=tz)


@rule(r"(?P<mid>mid(?:-|\s+)?)?(?P<p>dawn|daybreak|dusk|morning|afternoon|evening)(?!\s+of\b|-)",
      needs=("part",), reach=(20, 16), priority=0)
def part_of_day_alone(m: re.Match[str]) -> Spec | None:
    """"at dawn", "by mid-morning" (or "mid morning"): a part of the day just mentioned (or of the anchor's
    day); next to a date it joins it ("at dawn on Monday" -> 2017-09-18TMO)."""
    word = m["p"].lower()
    before = m.string[max(0, m.start() - 16):m.start()]
    if word in ("dawn", "daybreak", "dusk"):
        if m["mid"] or not _PART_BEFORE.search(before):
            return None
    elif not m["mid"] or not (_PART_BEFORE.search(before) or not before.strip()
                              or before.rstrip().endswith((".", ",", ";"))):
        return None  # "morning" alone is too often not a time ("morning papers")
    return Spec(part=lexicon().parts_of_day[word], mod="MID" if m["mid"] else None,
                anchor_to_mention=True)


@rule(r"(?:(?<=\bin\s)|(?<=\bduring\s))the\s+(?P<p>morning|afternoon|evening)"
      r"(?=\s*(?:[.,;:!?)]|$|(?:to|and|but|when|as|before|after|while|with|at|on|in|for|from|"
      r"hours|session|trading)\b))",
      needs=("part",), reach=(16, 24), priority=0)
def in_the_part_of_day(m: re.Match[str]) -> Spec | None:
    """"Dealers placed orders in the morning to start the day" -> the morning of the day
    just mentioned (or the anchor's); "in the morning papers" names no time."""
    return Spec(part=lexicon().parts_of_day[m["p"].lower()], anchor_to_mention=True)


_PART_BEFORE = re.compile(
    r"\b(?:at|by|before|after|until|till|since|from|around|about|near|in|during)\s+$", re.I)


@rule(r"(?<=\bat\s)(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)(?![\d,.]\d)",
      needs=("digit",), reach=(2, 24), priority=3)
def at_military_time(m: re.Match[str]) -> Spec | None:
    """"hit at 1425, witnesses said" -> T14:25: "at" does not introduce a year, so a
    four-digit clock after it is a time when it cannot be a modern year or a weekday
    follows ("at 2030 on Friday"); "set at 2030" stays a year, "at 1500 metres" a height."""
    value = int(m["h"] + m["mi"])
    if _AMOUNT_AFTER.match(m.string, m.end()) or _LEVEL_BEFORE.search(
            m.string, max(0, m.start() - 24), m.start()):
        return None
    if value >= 1900 and _WEEKDAY_AFTER.match(m.string, m.end()) is None:
        return None
    return Spec(type="TIME", anchor_to_mention=True, hour=int(m["h"]), minute=int(m["mi"]))


# "closed at 1150", "was trading at 1425": a price or an index level, not a clock.
_LEVEL_BEFORE = re.compile(
    r"\b(?:closed|closing|opened|opening|ended|finished|settled|stood|traded|trading|priced|"
    r"valued|fixed|pegged|capped|set|rate[ds]?|level|index|peaked|bottomed)\s+at\s+$", re.I)
# After a number these make it an amount: "at 1500 metres", "at 1200 feet", "at 1100 a share".
_AMOUNT_AFTER = re.compile(
    r"\s*(?:%|-|(?-i:[a-z]+s)\b|feet|foot|ft|m|km|a\s|an\s|per\b|times\b|degrees|[ap]\.?m\b)", re.I)


_WEEKDAY_AFTER = re.compile(
    r"\s+(?:on\s+)?(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


@rule(r"(?P<w>noon|midnight|midday|mid-day)(?:\s+" + _TZ + ")?", needs=("noon",), reach=(4, 32), priority=2)
def noon_midnight(m: re.Match[str]) -> Spec | None:
    if re.search(r"\bhigh\s+$", m.string[max(0, m.start() - 6):m.start()], re.I):
        return None  # "High Noon": a showdown, not a time
    if m["w"].lower() == "midnight":
        return Spec(type="TIME", anchor_to_mention=True, hour=24, minute=0, tz=_zone(m["tz"]))
    return Spec(type="TIME", anchor_to_mention=True, hour=12, minute=0, tz=_zone(m["tz"]))


@rule(r"(?P<h>\d{1,2}|<<NUMWORD>>)\s+o['’]clock(?:\s+in\s+the\s+(?P<p>morning|afternoon|evening|night))?"
      r"|(?P<h2>\d{1,2})(?::(?P<mi>[0-5]\d))?\s+in\s+the\s+(?P<p2>morning|afternoon|evening|night)",
      needs=("clock", "part"), priority=3)
def oclock(m: re.Match[str]) -> Spec | None:
    """eight o'clock (in the evening); 4 in the morning"""
    h = number_value(m["h"] or m["h2"])
    if h is None or h != int(h) or not 1 <= h <= 12:
        return None
    hour = int(h)
    part = (m["p"] or m["p2"] or "").lower()
    if part in ("afternoon", "evening") and hour < 12 or part == "night" and 6 <= hour < 12:
        hour += 12
    if part == "night" and hour == 12:
        hour = 0
    return Spec(type="TIME", anchor_to_mention=True, hour=hour, minute=int(m["mi"] or 0))


@rule(r"(?P<h>[01]?\d|2[0-3])(?:[:.](?P<mi>[0-5]\d))?(?:\s*(?P<ap>a\.m\.|p\.m\.|am|pm|a\.m|p\.m))?\s+"
      r"(?:(?P<dw>this|tomorrow|yesterday)\s+(?P<p>morning|afternoon|evening|night)"
      r"|(?P<tn>tonight|last\s+night)"
      r"|(?:on\s+)?(?P<wd><<WEEKDAY>>)\s+(?P<p2>morning|afternoon|evening|night))",
      needs=("part", "dayword"), reach=(40, 16), priority=4)
def clock_then_day_part(m: re.Match[str]) -> Spec | None:
    """"at 2:30 this afternoon" -> that day T14:30; "at 8:30 this morning" -> T08:30 of
    the day of publication (not the day last mentioned); "at 10 on Friday night" ->
    Friday T22:00. The part of the day decides a clock written without a.m./p.m."""
    before = m.string[max(0, m.start() - 16):m.start()]
    if not (m["mi"] or m["ap"]) and not _CLOCK_BEFORE.search(before):
        return None  # "the blast killed 11 this morning": a count
    part = (m["p"] or m["p2"] or ("night" if m["tn"] else "")).lower()
    hour = _hour12(int(m["h"]), m["ap"]) if m["ap"] else _hour_in_part(int(m["h"]), part)
    if hour is None:
        return None
    minute = int(m["mi"] or 0)
    if m["wd"]:
        return Spec(type="TIME", weekday=weekday_of(m["wd"]), hour=hour, minute=minute)
    word = (m["dw"] or m["tn"]).lower()
    shift = {"tomorrow": 1, "yesterday": -1}.get(word, -1 if word.startswith("last") else 0)
    return Spec(type="TIME", unit="day", shift=shift, hour=hour, minute=minute)


def _hour_in_part(h: int, part: str) -> int | None:
    """The 24-hour clock of "h" said of a part of the day: 2 in the afternoon is 14, 10 at
    night 22, 12 at night midnight (0), 12 in the morning 0 too."""
    if not 0 <= h <= 12:
        return None if h > 23 else h  # "at 15:30 this afternoon": already a 24-hour clock
    if part in ("afternoon", "evening") and h < 12:
        return h + 12
    if part == "night" and 6 <= h < 12:
        return h + 12
    if part in ("night", "morning") and h == 12:
        return 0
    return h

"""Relative dates: today, yesterday, last week, two years ago, three days later, the day
before, earlier this year, a week from Monday, last summer ..."""

from __future__ import annotations

import re

from timeline.temporal.lexicon import lexicon, number_value
from timeline.temporal.rules import expand, month_of, ordinal_or_int, rule, weekday_of
from timeline.temporal.rules.absolute import holiday_spec
from timeline.temporal.spec import Spec

_DAY_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
_CAL_UNITS = ("day", "week", "weekend", "month", "quarter", "half", "year", "decade", "century")


def _unit(word: str) -> str | None:
    w = word.lower()
    if w in ("centuries",):
        return "century"
    if w.endswith("s") and w[:-1] in lexicon().units:
        w = w[:-1]
    if w == "fortnight":
        return None
    return w if w in _CAL_UNITS else None


@rule(r"(?P<w>today|yesterday|tomorrow|tonight)", needs=("dayword",), reach=(4, 8), priority=2)
def day_word(m: re.Match[str]) -> Spec | None:
    """today, yesterday, tomorrow, tonight; "USA Today" is a title; "today's youth" and "the
    world of tomorrow" speak of the present and the future in general, not of a day."""
    word = m["w"].lower()
    before = m.string[max(0, m.start() - 24):m.start()]
    after = m.string[m.end():m.end() + 24]
    if m["w"][0].isupper() and (_TITLE_WORD_BEFORE.search(before)
                                or _PROGRAMME_AFTER.match(after)):
        return None  # "USA Today", "the BBC's Today programme": a paper or a programme
    if word in ("today", "tomorrow"):
        generic = _GENERIC_NOUN_AFTER.match(after) or (
            word == "tomorrow" and re.search(r"\bof\s+$", before, re.I)
            and not re.match(r"\s*(?:morning|afternoon|evening|night)\b", after, re.I))
        if generic:
            return Spec(value="PRESENT_REF" if word == "today" else "FUTURE_REF",
                        granularity="ref")
    return Spec(unit="day", shift=_DAY_WORDS[word], part="NI" if word == "tonight" else None)


_PROGRAMME_AFTER = re.compile(r"\s*(?:''|\"|”|’|')?\s*(?:show|program|programme)\b", re.I)
# A capitalized word (not ending a sentence) right before a capitalized "Today".
_TITLE_WORD_BEFORE = re.compile(r"(?-i:[A-Z])[\w'&-]*(?<!\.)\s+$")
# "today's youth", "tomorrow's leaders": people, the world, an era -- not that day's.
_GENERIC_NOUN_AFTER = re.compile(
    r"['’]s\s+(?:[a-z]+\s+)?(?:world|society|youth|young|generation|generations|children|kids|"
    r"teenagers|families|culture|consumers|workers|students|leaders|standards|terms|dollars|"
    r"technology|technologies|economy|global)\b", re.I)


@rule(r"(?P<e>earlier|later)\s+(?P<w>today|yesterday|tomorrow|tonight)", needs=("dayword",),
      reach=(12, 10), priority=3)
def earlier_day_word(m: re.Match[str]) -> Spec | None:
    """Earlier yesterday -> that day, mod START; later today -> END (as "earlier this
    week"). A weekday keeps its bare span ("Earlier Friday, ..."): the corpora mostly leave
    the adverb out there."""
    spec = day_word(m)
    if spec is None or spec.value is not None:
        return None
    return spec.copy(mod="START" if m["e"].lower() == "earlier" else "END")


@rule(r"the\s+day\s+(?P<w>before|after)\s+(?P<x>yesterday|tomorrow)", needs=("dayword",), reach=(24, 8), priority=3)
def day_before_yesterday(m: re.Match[str]) -> Spec | None:
    return Spec(unit="day", shift=-2 if m["w"].lower() == "before" else 2)


@rule(r"(?P<w>yesterday|tomorrow|today|this|last|tonight)\s*(?P<p>morning|afternoon|evening|night)",
      needs=("dayword", "part"), reach=(16, 20), priority=3)
def day_word_part_of_day(m: re.Match[str]) -> Spec | None:
    """yesterday afternoon, this morning, last night"""
    word = m["w"].lower()
    shift = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(word, 0)
    part = lexicon().parts_of_day[m["p"].lower()]
    if word == "last" and part != "NI":
        return None  # "last morning" is not idiomatic
    return Spec(unit="day", shift=shift, part=part)


@rule(r"(?P<det>this\s+past|this\s+coming|the\s+past|the\s+coming|last|next|this|coming|past|previous|current|the\s+current|the\s+previous|the\s+following|the\s+next|the\s+latest|the\s+most\s+recent|the\s+new|latest)"
      r"\s+(?:(?P<fiscal>fiscal|calendar)[\s-]+)?(?P<u>week|weekend|month|quarter|year|decade|century)",
      needs=("unit",), reach=(32, 16), priority=2)
def relative_period(m: re.Match[str]) -> Spec | None:
    """last week -> 2017-W37; this month -> 2017-09; next year -> 2018."""
    det = " ".join(m["det"].lower().split())
    unit = m["u"].lower()
    if m["u"][0].isupper() and m["det"][0].isupper():
        return None  # "This Week With David Brinkley": a title
    if det in ("the past", "the coming", "the next"):
        return None  # "the past week" is a duration (durations.py)
    if det in ("the following", "the previous"):
        return Spec(unit=unit, shift=1 if det == "the following" else -1, anchor_to_mention=True)
    if det in ("the latest", "the most recent", "latest"):
        if unit not in ("quarter", "month", "week"):
            return None
        return Spec(unit=unit, shift=-1)  # the latest completed period
    if det == "the new" and unit != "year":
        return None
    if det == "the new":
        # "in the new year": the year about to begin, unless it has only just begun.
        return Spec(unit="year", shift=0, direction="after")
    shift = {"last": -1, "past": -1, "previous": -1, "this past": -1, "next": 1, "coming": 1,
             "this coming": 1, "the new": 0}.get(det, 0)
    if m["fiscal"] and unit == "year":
        return Spec(unit=unit, shift=shift, fiscal=m["fiscal"].lower() == "fiscal")
    if det == "this" and unit == "quarter" and m.string.startswith(("'s", "’s"), m.end()):
        # "This quarter's loss includes ..." in a report on a finished quarter: the results
        # of the quarter reported (the one just named), else the quarter under way.
        return Spec(unit=unit, shift=0, period_comparison=True)
    return Spec(unit=unit, shift=shift)


# A stretch of time, not a date: "over the next year", "in the next month" (within it).
_STRETCH_BEFORE = re.compile(
    r"\b(?:over|for|during|within|in|throughout|through|into|of|across|until|till|by)\s+$",
    re.I)


@rule(r"the\s+next\s+(?P<u>week|month|year)(?![\w-]|\s+(?:or\s+so|and\s+a\s+half)\b)",
      needs=("unit",), reach=(24, 24), priority=3)
def the_next_period(m: re.Match[str]) -> Spec | None:
    """"In 1998 he moved to Paris. The next year he left" / "he left the next year" -> 1999:
    the period after the one just mentioned, as "the following year" (else after the
    anchor's). After "over", "in", "for" ... it is a stretch of time ("over the next year"
    -> P1Y, durations.py)."""
    if _STRETCH_BEFORE.search(m.string, max(0, m.start() - 24), m.start()):
        return None
    return Spec(unit=m["u"].lower(), shift=1, anchor_to_mention=True)


# "of the year" only after a part of it: "Player of the Year" is a title.
_FOCUS_BEFORE = re.compile(
    r"(?:\b(?:for|during|throughout|through|over|in)|\b(?:months|weeks|days|quarters|part|"
    r"half|rest|remainder|balance)\s+of)\s+$", re.I)


@rule(r"the\s+(?P<u>week|month|year)"
      r"(?=['’]s\b|\s*[,.;:)]|\s+(?:was|were|is|has|had|so\s+far|as\s+a\s+whole)\b)",
      needs=("unit",), reach=(4, 24), priority=1)
def the_period_in_focus(m: re.Match[str]) -> Spec | None:
    """"For the year, volume was flat", "the week's busiest session": the week, month or
    year the report is about (the one just mentioned, else the anchor's). Only where the
    noun ends its phrase: "the year before", "the year ended Sept. 30", "the month of
    May" and "the year since the attack" are other expressions or durations."""
    if not m.string.startswith(("'", "’"), m.end()) and not _FOCUS_BEFORE.search(
            m.string, max(0, m.start() - 24), m.start()):
        return None
    return Spec(unit=m["u"].lower(), shift=0, anchor_to_mention=True)


@rule(r"the\s+year\s+(?P<y><<YEAR>>)(?!\s*[-–/]\s*\d)", needs=("year4",), reach=(12, 8), priority=3)
def the_year_number(m: re.Match[str]) -> Spec | None:
    """the year 2000 -> 2000 (the whole phrase names the year)."""
    return Spec(year=int(m["y"]))


@rule(r"(?P<det>last|next|this|the\s+coming|coming|this\s+past|this\s+coming|the\s+past)\s+(?P<s><<SEASON>>)",
      needs=("season",), priority=3)
def relative_season(m: re.Match[str]) -> Spec | None:
    """last summer -> 2016-SU (written in September 2017); this past spring -> the most
    recent spring over before the anchor; this coming winter -> the next one to begin."""
    det = " ".join(m["det"].lower().split())
    season = lexicon().seasons[m["s"].lower()]
    if det in ("this past", "the past"):
        return Spec(season=season, direction="before")
    if det in ("this coming", "the coming", "coming"):
        return Spec(season=season, direction="after")
    shift = {"last": -1, "next": 1}.get(det, 0)
    return Spec(unit="season", shift=shift, season=season)


@rule(r"the\s+(?P<s>spring|summer|autumn|fall|winter)(?!\s+(?:of\s+)?\d)", needs=("season",), priority=1)
def the_season(m: re.Match[str]) -> Spec | None:
    """(in) the summer, (well into) the summer -> the nearest summer in the sentence's
    tense direction."""
    before = m.string[max(0, m.start() - 16):m.start()]
    if not re.search(r"\b(?:in|during|over|by|until|till|through|throughout|since|into)\s+$",
                     before, re.I):
        return None
    return Spec(season=lexicon().seasons[m["s"].lower()])


@rule(r"(?P<s>spring|summer|autumn|winter)(?=\W)", needs=("season",), priority=0)
def season_name(m: re.Match[str]) -> Spec | None:
    """A season alone ("this spring" is relative_season): only after in/by/since/until."""
    before = m.string[max(0, m.start() - 12):m.start()]
    if not re.search(r"\b(?:in|by|since|until|till|during|this|last|next|early|late|mid)\s+$", before, re.I):
        return None
    return Spec(season=lexicon().seasons[m["s"].lower()])


# "three days after" ends its clause, or names its anchor right after it; a clause or a
# noun phrase after "after"/"before" is an event ("a month after Qantas suspended
# flights"): then only the duration is tagged (TimeML), the event's date is unknown.
@rule(r"(?P<n><<NUM>>|a\s+few|several|a\s+couple\s+of|a|an)[\s-]+(?P<u><<UNITS>>)(?P<orso>\s+or\s+so)?\s+(?:(?P<w>ago|earlier|later|hence|from\s+now)|(?P<w2>before|after|prior)"
      r"(?=\s*(?:[,.;:!?)\]\"'”’]|--|$|\s+(?:and|but|when|as|while)\b)))",
      needs=("unit",), reach=(40, 40), priority=3)
def offset_from_anchor(m: re.Match[str]) -> Spec | None:
    """two years ago -> 2015; three days later -> 3 days after the date just mentioned.

    "ago"/"from now" count from the publication date; "earlier"/"later"/"before"/"after"
    count from the date just mentioned, falling back to the publication date. "A week or
    so ago" is the same date, approximately (mod APPROX).
    """
    spec = _offset(m)
    if spec is not None and m["orso"] and spec.value is None:
        spec.mod = "APPROX"
    return spec


def _offset(m: re.Match[str]) -> Spec | None:
    unit = _unit(m["u"])
    raw_unit = m["u"].lower().rstrip("s")
    n = number_value(m["n"]) if m["n"].lower() not in ("a few", "several", "a couple of") else None
    if raw_unit == "fortnight" and n is not None:
        unit, n = "week", n * 2  # "a fortnight ago": two weeks ago
    word = " ".join((m["w"] or m["w2"]).lower().split())
    sign = -1 if word in ("ago", "earlier", "before", "prior") else 1
    to_mention = word not in ("ago", "hence", "from now")
    if n is None:
        if m["n"].lower() == "a couple of":
            n = 2
        elif to_mention:
            # "a few days later": some time after a date of the story, not the future of
            # the reader; the amount alone stays a vague duration (PXD).
            return None
        else:  # "a few years ago": the past at that granularity
            return Spec(value="PAST_REF" if sign < 0 else "FUTURE_REF", granularity="ref")
    if n != int(n) or n > 5000:
        return None
    n = int(n)
    if unit is None and raw_unit == "hour" and n % 24 == 0:
        unit, n = "day", n // 24  # "48 hours later" -> two days after the date mentioned
    if unit is None or unit in ("weekend", "half"):
        return None
    if unit == "quarter":
        return Spec(unit="quarter", shift=sign * n, anchor_to_mention=to_mention)
    if unit == "year" and n == 1:
        return Spec(unit="year", shift=sign, anchor_to_mention=to_mention, period_comparison=True)
    if unit == "decade":
        return Spec(unit="year", shift=sign * n * 10, anchor_to_mention=to_mention)
    if unit == "century":
        return Spec(unit="year", shift=sign * n * 100, anchor_to_mention=to_mention)
    if unit == "week":
        return Spec(unit="day", shift=sign * 7 * n, anchor_to_mention=to_mention) if to_mention \
            else Spec(unit="week", shift=sign * n)
    return Spec(unit=unit, shift=sign * n, anchor_to_mention=to_mention)


@rule(r"the\s+(?P<w>day|night|week|month|year)\s+(?P<d>before|after|earlier|later)(?!\s+(?:yesterday|tomorrow))",
      needs=("unit",), priority=2)
def the_unit_before(m: re.Match[str]) -> Spec | None:
    """the day before -> one day before the date just mentioned"""
    if _appositive_day(m):
        return None  # "Oct. 12, the day before the crash": Oct. 12 itself (appositive_day)
    if m["w"].lower() in ("day", "night") and _EVENT_START.match(m.string, m.end()):
        return None  # "on the day before the president travels": measured from that event
    unit = m["w"].lower()
    part = None
    if unit == "night":
        unit, part = "day", "NI"
    sign = -1 if m["d"].lower() in ("before", "earlier") else 1
    return Spec(unit=unit, shift=sign, anchor_to_mention=True, part=part)


_DATE_THEN_COMMA = re.compile(r"(?:\d|day|\.)\s*,\s*$", re.I)


def _appositive_day(m: re.Match[str]) -> bool:
    """'the day before/after ...' set off by a comma after a date and followed by the event
    it is measured from: a second name for that date, not a shift from it."""
    return (m["w"].lower() in ("day", "night")
            and bool(_DATE_THEN_COMMA.search(m.string, max(0, m.start() - 4), m.start()))
            and bool(re.match(r"\s+[A-Za-z]", m.string[m.end():m.end() + 2])))


@rule(r"the\s+(?P<w>day|night)(?=\s+(?:before|after)\s+[A-Za-z])", needs=("unit",), priority=1)
def appositive_day(m: re.Match[str]) -> Spec | None:
    """'Oct. 12, the day before the crash' -> Oct. 12: the day (or night) an event is measured
    from, named again after the date it follows."""
    after = re.match(r"\s+(?:before|after)", m.string[m.end():m.end() + 8], re.I)
    if after is None:
        return None
    night = m["w"].lower() == "night"
    if not _DATE_THEN_COMMA.search(m.string, max(0, m.start() - 4), m.start()):
        if not _EVENT_AFTER.match(m.string, m.end()):
            return None
        # "the day after his death": a day fixed by an event; "after" links it to the event
        # and stays outside the extent (TimeML). The event is most often the date just told,
        # so the day is still counted from it.
        sign = -1 if after.group(0).strip().lower() == "before" else 1
        return Spec(unit="day", shift=sign, anchor_to_mention=True, part="NI" if night else None)
    return Spec(unit="day", shift=0, anchor_to_mention=True, part="NI" if night else None)


# After "the day before/after": an event (a noun phrase or a clause), not a date ("the day
# before the vote", "the night after he died"); "the day before, ..." stays a shift from the
# date just mentioned.
_EVENT = (r"\s+(?:the|a|an|his|her|their|its|our|my|your|this|that|he|she|they|we|it|I|you|"
          r"(?-i:[A-Z])[a-z]+(?!\s+\d))\b(?!\s*,)")
_EVENT_START = re.compile(_EVENT, re.I)
_EVENT_AFTER = re.compile(r"\s+(?:before|after)" + _EVENT, re.I)


@rule(r"(?:the\s+)?(?P<w>next|following|previous|preceding|same)\s+(?P<u>day|morning|evening|night|afternoon)",
      needs=("unit", "part"), priority=2)
def next_day(m: re.Match[str]) -> Spec | None:
    """the next day / the following morning / the same day: relative to the date just mentioned"""
    w = m["w"].lower()
    if w == "next" and not m.group(0).lower().startswith("the"):
        return None
    shift = 0 if w == "same" else (1 if w in ("next", "following") else -1)
    u = m["u"].lower()
    part = lexicon().parts_of_day.get(u) if u != "day" else None
    return Spec(unit="day", shift=shift, part=part, anchor_to_mention=True)


@rule(r"that\s+(?P<u>day|morning|afternoon|evening|night)", needs=("unit", "part"), priority=1)
def that_day(m: re.Match[str]) -> Spec | None:
    """that day / that night: the date just mentioned (only when there is one)."""
    u = m["u"].lower()
    part = lexicon().parts_of_day.get(u) if u != "day" else None
    return Spec(unit="day", shift=0, part=part, anchor_to_mention=True, rule="that_day")


@rule(r"that\s+(?:(?P<u>week|month|quarter|year)|(?P<s><<SEASON>>))(?!\s+(?:of|when|in\s+which)\b)",
      needs=("unit", "season", "quarter"), priority=1)
def that_period(m: re.Match[str]) -> Spec | None:
    """that year / that month / that summer: the period of the date just mentioned ("In
    1998 ... later that year"; "In June 2011 ... that summer" -> 2011-SU)."""
    if m["s"] and m["s"].lower() == "fall" and not re.match(r"\s*(?:[,.;:]|$)", m.string[m.end():]):
        return None  # "buildings that fall down": the verb
    if m["s"]:
        return Spec(unit="year", shift=0, season=lexicon().seasons[m["s"].lower()],
                    anchor_to_mention=True)
    if m["u"].lower() == "quarter":  # the quarter just mentioned
        return Spec(unit="quarter", shift=0, period_comparison=True)
    return Spec(unit=m["u"].lower(), shift=0, anchor_to_mention=True)


@rule(r"that\s+(?P<m><<MONTH_FULL>>)(?![\w-]|\s+\d)", needs=("month",), priority=2)
def that_month_name(m: re.Match[str]) -> Spec | None:
    """"It began in March 2016 and lasted until that June" -> 2016-06: the month of the
    year just mentioned (as "that summer")."""
    month = month_of(m["m"])
    if month is None:
        return None
    # "said that May would ...", "that June sales rose": "that" is the conjunction unless
    # a preposition governs the phrase or it opens the sentence as an adverbial ("That
    # June, rains came").
    before = m.string[max(0, m.start() - 16):m.start()]
    if not (_PREP_BEFORE_MONTH.search(before)
            or (m["m"][0].isupper() and m.string[m.start()] == "T"
                and m.string.startswith(",", m.end()))):
        return None
    return Spec(unit="year", shift=0, month=month, anchor_to_mention=True)


_PREP_BEFORE_MONTH = re.compile(
    r"\b(?:in|by|until|till|through|throughout|during|since|before|after|from|to|of|into|"
    r"early|late|mid)\s+$", re.I)


@rule(r"the\s+(?:(?P<w>latest|most\s+recent|previous|prior)\s+)?fiscal\s+year"
      r"(?!\s+(?:that\s+)?end(?:ed|ing|s)\b|\s+\d|[\w-])",
      needs=("fiscal",), reach=(32, 16), priority=1)
def the_fiscal_year(m: re.Match[str]) -> Spec | None:
    """"lower earnings for the fiscal year" -> the year in focus (just mentioned, else the
    anchor's); "the latest fiscal year" -> the last completed one."""
    if m["w"]:
        return Spec(unit="year", shift=-1, fiscal=True)
    return Spec(unit="year", shift=0, fiscal=True, anchor_to_mention=True)


@rule(r"(?P<w>earlier|later)\s+(?P<det>this|that|in\s+the|last|next)\s+(?P<u>week|month|year|decade|century|day|morning|afternoon|evening)",
      needs=("unit", "part"), priority=3)
def earlier_this_period(m: re.Match[str]) -> Spec | None:
    """earlier this year -> 2017 with mod START (TimeML); later this month -> END."""
    det = " ".join(m["det"].lower().split())
    unit = m["u"].lower()
    mod = "START" if m["w"].lower() == "earlier" else "END"
    shift = {"last": -1, "next": 1}.get(det, 0)
    to_mention = det in ("that", "in the")
    if unit in ("morning", "afternoon", "evening"):
        return Spec(unit="day", shift=0, part=lexicon().parts_of_day[unit], mod=mod,
                    anchor_to_mention=to_mention)
    return Spec(unit=unit, shift=shift, mod=mod, anchor_to_mention=to_mention)


@rule(r"(?P<n><<NUM>>|a|an)\s+(?P<u>weeks?|days?)\s+from\s+(?P<x>today|tomorrow|<<WEEKDAY>>)",
      needs=("weekday", "dayword"), reach=(32, 16), priority=4)
def unit_from_day(m: re.Match[str]) -> Spec | None:
    """a week from Monday -> seven days after the coming Monday; two days from today."""
    n = number_value(m["n"])
    if n is None or n != int(n) or n > 1000:
        return None
    days = int(n) * (7 if m["u"].lower().startswith("week") else 1)
    x = m["x"].lower()
    if x in ("today", "tomorrow"):
        return Spec(unit="day", shift=days + (1 if x == "tomorrow" else 0))
    return Spec(weekday=weekday_of(m["x"]), direction="after", plus_days=days)


@rule(r"(?:(?P<the>the)|(?P<n><<NUM>>|a|an))\s+(?P<u>days?|weeks?)\s+(?P<rel>before|after)\s+"
      r"(?:(?P<det>last|next|this\s+past|this\s+coming|this)\s+)?"
      r"(?:(?P<wd><<WEEKDAY>>)|(?P<m><<MONTH>>)\s+(?P<d><<DAYTH>>)(?:,?\s+(?P<y><<YEAR>>))?"
      r"|(?P<h><<HOLIDAY>>))(?!\s*(?:,\s*)?\d)",
      needs=("weekday", "month", "holiday"), reach=(40, 40), priority=4)
def days_around_a_date(m: re.Match[str]) -> Spec | None:
    """the day before last Tuesday -> that Tuesday minus one day; two days after Sept. 22
    -> Sept. 24; two weeks before Christmas (the date is resolved first, then shifted)."""
    if m["the"]:
        if m["u"].lower() not in ("day", "week"):
            return None  # "the days before Friday" is a stretch of time, not a date
        n = 1
    else:
        value = number_value(m["n"])
        if value is None or value != int(value) or value > 1000:
            return None
        n = int(value)
    days = n * (7 if m["u"].lower().startswith("week") else 1)
    if m["rel"].lower() == "before":
        days = -days
    if m["wd"]:
        det = " ".join((m["det"] or "").lower().split())
        direction = {"last": "before", "this past": "before", "next": "after",
                     "this coming": "after", "this": "forward"}.get(det)
        return Spec(weekday=weekday_of(m["wd"]), direction=direction, plus_days=days)
    if m["h"]:
        spec = holiday_spec(m["h"], direction={"last": "before", "next": "after", "this": "forward"}
                            .get((m["det"] or "").lower()))
        if spec is None:
            return None
        spec.plus_days = days
        return spec
    if m["det"]:
        return None
    month, day = month_of(m["m"]), ordinal_or_int(m["d"])
    if month is None or day is None:
        return None
    return Spec(month=month, day=day, year=int(m["y"]) if m["y"] else None, plus_days=days)


_AMOUNT_OF_TIME_AFTER = re.compile(
    r"\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]+"
    r"(?:months?|weeks?|days?)\b", re.I)


@rule(r"(?:(?:the|a|its|their|the\s+comparable|the\s+same)\s+(?=(?:year|month|week)-(?:ago|earlier)\s+(?:<<ORDINAL>>[\s-]+)?(?:quarter|period|month|week)))?"
      r"(?P<w>year|month|week)-(?:ago|earlier)(?:\s+(?:(?P<q><<ORDINAL>>)[\s-]+)?(?P<p>quarter|period|month|week))?",
      needs=("unit",), priority=2)
def year_ago_period(m: re.Match[str]) -> Spec | None:
    """the year-ago quarter -> the quarter just mentioned, one year earlier;
    year-earlier profit -> last year."""
    if m.group(0).lower().startswith("the") and not m["p"]:
        return None  # "the year-earlier" without a period noun is not a complete phrase
    if not m["p"] and _AMOUNT_OF_TIME_AFTER.match(m.string, m.end()):
        return None  # "the year-earlier nine months": the span of time is the expression
    unit = m["w"].lower()
    if unit == "year" and m["q"] and m["p"].lower() == "quarter":
        q = lexicon().ordinals.get(m["q"].lower())
        if q is None or q > 4:
            return None
        return Spec(unit="year", shift=-1, quarter=q)
    if unit == "year":
        return Spec(unit="year", shift=-1, anchor_to_mention=True, period_comparison=True)
    return Spec(unit=unit, shift=-1, anchor_to_mention=True)


@rule(r"the\s+(?P<y><<YEAR>>)\s+(?:(?P<fiscal>fiscal)\s+)?(?P<p>quarter|period)(?![\w-])",
      needs=("year4",), reach=(8, 32), priority=2)
def the_year_period(m: re.Match[str]) -> Spec | None:
    """'the 1988 quarter' in a report comparing quarters: the quarter just mentioned, in
    1988 ("the third quarter ... up from the 1988 quarter" -> 1988-Q3); with no quarter
    mentioned, some quarter of 1988 (1988-QX). 'The 1988 period' likewise, or the year."""
    quarter = m["p"].lower() == "quarter"
    return Spec(year=int(m["y"]), period_comparison=True, quarter=0 if quarter else None)


@rule(r"the\s+(?:same\s+|comparable\s+|corresponding\s+)?(?:quarter|period)\s+"
      r"(?:(?:a|one)\s+year\s+(?:ago|earlier|before)|(?:of\s+)?last\s+year(?!['’]s)"
      r"|of\s+the\s+(?:previous|prior|preceding)\s+year)",
      needs=("quarter", "unit"), priority=3)
def the_period_a_year_ago(m: re.Match[str]) -> Spec | None:
    """'the quarter a year ago' / 'the period a year earlier' / 'the corresponding period
    last year' in a report: the quarter just mentioned, a year before (as "a year ago"
    there); the whole phrase is the expression, not only its "last year"."""
    return Spec(unit="year", shift=-1, period_comparison=True)


@rule(r"the\s+(?:(?P<fiscal>fiscal)\s+)?quarter(?!-|\s+(?:of|century|mile|hour|note|final))"
      r"|the\s+(?:latest|most\s+recent|current)\s+(?:fiscal\s+)?period", needs=("quarter", "ref"), priority=1)
def the_quarter(m: re.Match[str]) -> Spec | None:
    """'the quarter' in a report: the quarter just mentioned, else the last completed one.
    'The quarter ended Sept. 30' is the calendar quarter holding most of the three months
    up to that date (a fiscal quarter ended July 31 is mostly the second)."""
    end = _PERIOD_END_DATE.match(m.string, m.end())
    if end is not None and "period" not in m.group(0).lower() and _after_fiscal_quarter(m):
        # "earned $5 million in the fiscal first quarter ... sales for the quarter ended
        # Sept. 29": the company numbers its quarters by its fiscal year, and the end date
        # names that same quarter, not a calendar one.
        return Spec(unit="quarter", shift=-1, period_comparison=True)
    if end is not None and "period" not in m.group(0).lower():
        month = month_of(end["m"])
        if month is not None:
            year = int(end["y"]) if end["y"] else None
            # The middle of the quarter: six weeks before its end.
            middle_month = month - (2 if int(end["d"]) < 16 else 1)
            if middle_month < 1:
                middle_month += 12
                year = year - 1 if year is not None else None
            # "ended" is over: the latest such quarter before the anchor; "ending" may lie ahead.
            direction = "before" if end["w"].lower() == "ended" and year is None else None
            return Spec(quarter=(middle_month - 1) // 3 + 1, year=year, direction=direction,
                        fiscal=m["fiscal"] is not None)
    return Spec(unit="quarter", shift=-1, period_comparison=True)


_NAMED_QUARTER = re.compile(expand(
    r"\b(?P<fiscal>fiscal[\s-]+)?(?:<<ORDINAL>>)[\s-]+quarter(?P<of_fiscal>\s+of\s+(?:its\s+|the\s+)?fiscal)?"),
    re.I)


def _after_fiscal_quarter(m: re.Match[str]) -> bool:
    """The last quarter named in the preceding lines is a fiscal one ("the fiscal first
    quarter", "the second quarter of its fiscal year")."""
    last = None
    for q in _NAMED_QUARTER.finditer(m.string, max(0, m.start() - 600), m.start()):
        last = q
    return last is not None and bool(last["fiscal"] or last["of_fiscal"])


_PERIOD_END_DATE = re.compile(
    expand(r"\s+(?:that\s+)?(?P<w>ended|ending|ends)\s+(?:on\s+)?(?P<m><<MONTH>>)\s+(?P<d>\d{1,2})\b"
           r"(?:,?\s+(?P<y><<YEAR>>))?"))


@rule(r"(?P<det>last|this|next)\s+year['’]s\s+(?:(?P<q><<ORDINAL>>)[\s-]+)?(?P<p>quarter|period|half)",
      needs=("quarter", "unit"), priority=3)
def relative_year_quarter(m: re.Match[str]) -> Spec | None:
    """last year's third quarter -> 2016-Q3; last year's quarter -> the quarter just
    mentioned, a year earlier."""
    shift = {"last": -1, "this": 0, "next": 1}[m["det"].lower()]
    p = m["p"].lower()
    if m["q"]:
        n = lexicon().ordinals.get(m["q"].lower())
        if n is None or n > (2 if p == "half" else 4):
            return None
        if p == "half":
            return Spec(unit="year", shift=shift, half=n)
        return Spec(unit="year", shift=shift, quarter=n)
    if p == "half":
        return None
    return Spec(unit="year", shift=shift, period_comparison=True)


@rule(r"the\s+weekend", needs=("unit",), priority=1)
def the_weekend(m: re.Match[str]) -> Spec | None:
    """(over) the weekend -> the weekend before the anchor in a past sentence, the coming
    one in a future sentence."""
    before = m.string[max(0, m.start() - 16):m.start()]
    if not re.search(r"\b(?:over|during|on|at|for|this|through|throughout|until|by|since|after|"
                     r"before|into|ahead\s+of)\s+$", before, re.I):
        return None
    if re.search(r"\bahead\s+of\s+$", before, re.I):
        # "squared positions ahead of the weekend": the weekend next to the report's
        # day (the coming one in a Friday paper), whatever the verb's tense.
        return Spec(weekend=True, direction="nearest")
    return Spec(weekend=True)


_POINT_MOD = {"end": "END", "close": "END", "beginning": "START", "start": "START",
              "middle": "MID"}


@rule(r"(?:the\s+)?(?P<w>end|close|beginning|start|middle)\s+of\s+the\s+(?P<u>week|month|quarter|year|decade|century)",
      needs=("unit",), priority=2)
def end_of_the_period(m: re.Match[str]) -> Spec | None:
    """by the end of the month -> this month, mod END (the current period)."""
    return Spec(unit=m["u"].lower(), shift=0, mod=_POINT_MOD[m["w"].lower()])


@rule(r"(?P<u>year|month|quarter)(?:[\s-]|['’]s\s+)(?P<w>end)(?!\w)", needs=("unit",), priority=1)
def year_end(m: re.Match[str]) -> Spec | None:
    """by year-end, by year's end -> this year, mod END"""
    before = m.string[max(0, m.start() - 12):m.start()]
    prep = re.search(r"\b(by|at|since|before|after|until|till|around|near|through|to)\s+$", before, re.I)
    if not prep:
        return None  # "year-end bonus" is a kind of bonus
    # "Up 12% since year-end": "since" counts from a point already passed, so the end of
    # the previous year (month, quarter), not the one ahead.
    shift = -1 if prep.group(1).lower() == "since" else 0
    return Spec(unit=m["u"].lower(), shift=shift, mod="END")


@rule(r"the\s+full\s+year", needs=("unit",), priority=1)
def the_full_year(m: re.Match[str]) -> Spec | None:
    """'sales for the full year' -> the current year"""
    if re.match(r"\s+(?:of|ended|ending)\b", m.string[m.end():m.end() + 10], re.I):
        return None
    return Spec(unit="year", shift=0)


@rule(r"(?P<mid>mid-?)?(?P<p>morning|afternoon|evening|night)\s+(?P<w>yesterday|today|tomorrow|<<WEEKDAY>>)",
      needs=("part",), priority=3)
def part_of_day_then_day(m: re.Match[str]) -> Spec | None:
    """mid-afternoon yesterday -> the day before the anchor, afternoon (mod MID)"""
    part = lexicon().parts_of_day[m["p"].lower()]
    mod = "MID" if m["mid"] else None
    w = m["w"].lower()
    if w in _DAY_WORDS:
        return Spec(unit="day", shift=_DAY_WORDS[w], part=part, mod=mod)
    return Spec(weekday=weekday_of(m["w"]), part=part, mod=mod)


@rule(r"overnight(?!\s+(?:stay|stays|flight|flights|train|bus|trip|bag|shift|rate|rates|success|sensation|delivery|oats))",
      needs=("part",), reach=(4, 16), priority=0)
def overnight(m: re.Match[str]) -> Spec | None:
    """'Overnight, rebels shelled the city', 'BP said overnight that...' -> the night before
    the anchor (news reports the night just past); as an adjective after a day is named,
    the night before that day ("Shares fell Friday, hit by overnight losses in New York");
    ahead ("the work will be done overnight") the coming night; 'an overnight stay' is a
    kind of stay."""
    if _FUTURE_BEFORE.search(m.string, max(0, m.start() - 48), m.start()):
        return Spec(unit="day", shift=0, part="NI")
    adverb = _ADVERB_AFTER.match(m.string, m.end()) is not None
    return Spec(unit="day", shift=-1, part="NI", anchor_to_mention=not adverb)


@rule(r"overnight\s+tonight", needs=("part", "dayword"), reach=(20, 20), priority=4)
def overnight_tonight(m: re.Match[str]) -> Spec | None:
    """'expect to begin operation overnight tonight' -> tonight: "overnight" only stresses
    the whole night of the day word that follows."""
    return Spec(unit="day", shift=0, part="NI")


# After "overnight": the end of the clause or a function word -- the word is an adverb
# ("said overnight that ..."), not an adjective before its noun ("overnight losses").
_ADVERB_AFTER = re.compile(
    r"\s*(?:[.,;:!?)'\"”’-]|$|(?:that|and|or|but|to|in|on|at|as|with|from|for|by|after|before|"
    r"when|while|the|a|an|it|he|she|they|we|its|his|her|their|tonight|into|amid|despite)\b)",
    re.I)
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|would|shall|(?:is|are)\s+(?:expected|due|scheduled|set|going)\s+to|"
    r"expects?\s+to|plans?\s+to|hopes?\s+to|aims?\s+to|intends?\s+to)\b[^.;!?]*$", re.I)

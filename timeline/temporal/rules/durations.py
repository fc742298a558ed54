"""Durations: five months (P5M), the past five years (P5Y), a nearly five-month-long
campaign (P5M), 24 hours (PT24H), years-long (PXY), several weeks (PXW), days (PXD)."""

from __future__ import annotations

import re

from timeline.temporal.lexicon import lexicon, number_value
from timeline.temporal.rules import rule
from timeline.temporal.spec import Spec

_TIME_UNITS = ("hour", "minute", "second")
# Finer unit and factor, to write "a year and a half" as P18M rather than P1.5Y.
_SPLIT = {"year": ("month", 12), "month": ("day", 30), "week": ("day", 7), "day": ("hour", 24),
          "hour": ("minute", 60), "minute": ("second", 60), "decade": ("year", 10),
          "century": ("year", 100)}
# Words ending in -s that are not plural nouns: "as long as a month" is no rate.
_NOT_PLURAL_S = (r"(?:as|was|is|has|does|this|his|its|hers|ours|yours|theirs|thus|plus|less|"
                 r"unless|across|perhaps|always|sometimes|nowadays|besides|whereas|towards|"
                 r"afterwards|us|yes|whereabouts)")
# Counted decades, centuries and millennia are written in years.
_IN_YEARS = {"decade": 10, "century": 100, "millennium": 1000}
# A bare plural unit is a vague duration only in these contexts ("for years", "just days after").
_BARE_BEFORE = re.compile(
    r"\b(?:for|in|within|just|only|mere|over|after|took|take|takes|taken|taking|lasted|last|"
    r"lasts|spent|spending|be|been|"
    r"spend|than|of|coming|recent|past|next|those|these|few|many|some|several|later|"
    r"earlier|ago|nearly|almost|about|around|hours|days|weeks|months|years|or|followed|"
    r"following|during|throughout|spanning|lasting)\s+$",
    re.I,
)


def singular(word: str) -> str:
    w = word.lower()
    if w == "centuries":
        return "century"
    if w == "millennia":
        return "millennium"
    if w.endswith("s") and w[:-1] in lexicon().units:
        return w[:-1]
    return w


def duration_value(n: float | None, unit: str) -> str | None:
    """P5M, PT3H, P18M for 1.5 years, PXY when ``n`` is None."""
    unit = singular(unit)
    if unit not in lexicon().units or unit == "season":
        return None  # a season has no ISO 8601 duration letter ("S" is seconds)
    letter = lexicon().units[unit][0]
    if unit == "fortnight":
        n, letter = (None if n is None else n * 2), "W"
    if unit == "night":
        letter = "D"
    if unit in _IN_YEARS:
        # ISO 8601 has no decade or century unit: "two decades" is P20Y, as TimeBank writes
        # it, and an unknown number of them is an unknown number of years ("decades-long"
        # -> PXY, as TimeBank has it), not a letter other tools do not read.
        n = None if n is None else n * _IN_YEARS[unit]
        unit, letter = "year", lexicon().units["year"][0]
    if n is not None and n != int(n):
        # "5 1/2 hours" -> PT5H30M, "a year and a half" -> P1Y6M (ISO 8601 composites)
        if unit not in _SPLIT:
            return None
        finer, factor = _SPLIT[unit]
        rest = (n - int(n)) * factor
        if rest != int(rest):
            return None
        tail = duration_value(rest, finer)
        if tail is None:
            return None
        if int(n) == 0:
            return tail
        head = duration_value(int(n), unit)
        if head is None:
            return None
        if "T" in tail and "T" not in head:
            return head + tail[1:]  # P5D + PT12H -> P5DT12H
        return head + tail[2:] if tail.startswith("PT") else head + tail[1:]
    amount = "X" if n is None else str(int(n))
    if n is not None and n > 100000:
        return None
    prefix = "PT" if unit in _TIME_UNITS else "P"
    if unit == "weekend":
        return f"P{amount}WE"
    return f"{prefix}{amount}{letter}"


def _granularity(unit: str) -> str:
    return lexicon().units.get(singular(unit), ("", "unknown"))[1]


# "the two day rally": a number and a singular unit before a noun modify it, and "the"
# goes with the noun (as in "the 14-day waiting period").
_ADJECTIVAL_AFTER_THE = (r"(?!\S+\s+(?:second|minute|hour|day|night|week|month|quarter|year|decade)"
                         r"\s+(?!(?:of|in|on|at|to|and|or|but|that|which|ago|before|after|"
                         r"later|earlier|from|for|with|by)\b)(?-i:[a-z]))")


@rule(r"(?:(?P<the>the)\s+(?![^\s]*-)" + _ADJECTIVAL_AFTER_THE + r")?(?P<n><<NUM>>)(?P<half>\s+and\s+(?:a\s+)?half)?(?:\s+(?:more|additional|extra|straight|consecutive))?(?P<adj>\s+(?:long|full|whole|entire|short|hard|tough|difficult|grueling|gruelling|tense|anxious|painful|agonizing|agonising|bloody|brutal|contentious|frantic|hectic|turbulent))?(?P<kind>\s+(?:trading|business|working|calendar))?[\s-]+(?P<u><<UNITS>>)(?P<half2>\s+and\s+a\s+half)?(?P<long>-long|\s+long|-old|\s+old)?(?P<orso>\s+or\s+(?:so|two|three|more|less|longer))?",
      needs=("unit",), reach=(40, 32), priority=1)
def number_of_units(m: re.Match[str]) -> Spec | None:
    """five months / 24 hours / a five-month-long campaign / a year and a half / eight
    trading days (a count of market, business or working days is still a count of days)"""
    raw_n = m["n"].lower()
    unit = singular(m["u"])
    if m["kind"] and (unit not in ("day", "week", "month", "year") or raw_n in ("a", "an")):
        return None  # "a calendar year", "a business day": a kind of period, not a count
    if m["adj"] and (raw_n in ("a", "an", "one") or m["long"]):
        return None  # "a long day", "a hard year": a description; "three long years" counts
    if re.fullmatch(r"1\d{3}|20\d\d", raw_n) and m["u"].lower() == unit:
        return None  # "the 1988 quarter", "the 2016 season": a year, not an amount
    if m["long"] and "old" in m["long"].lower():
        return None  # an age ("a five-year-old"), not a duration
    if not m["long"] and m.string.startswith("-", m.end()):
        return None  # "a year-end bonus", "a day-to-day job": a compound word
    if m["long"] and raw_n in ("a", "an"):
        return None  # "a day-long meeting": the article is not part of it (unit_long)
    if raw_n in ("a", "an", "one") and unit == "second" and not m["half2"]:
        after = m.string[m.end():m.end() + 12]
        if not re.match(r"\s*(?:[.,;:!?)]|later|earlier|ago|before|after|or|and|$)", after):
            return None  # "a second term", "a second time": the ordinal
    if raw_n in ("a", "an", "one") and unit == "minute" and _MINUTE_ADJECTIVE_NOUN.match(
            m.string, m.end()):
        return None  # "a minute amount", "a minute fraction": the adjective
    if raw_n in ("a", "an") and re.search(
            r"(?:\b(?:miles|kilometers|kilometres|km|feet|meters|metres|knots|dollars|cents|"
            r"euros|pounds|times|per|percent|cent)|\d[\d,.]*%?|\b(?!" + _NOT_PLURAL_S + r"\b)(?-i:[a-z]+s))\s+$",
            m.string[max(0, m.start() - 12):m.start()], re.I):
        return None  # a rate: "50 miles an hour", "four flights a week", "4% a year"
    if raw_n in ("a", "an") and _COUNTED_NOUN_BEFORE.search(m.string, max(0, m.start() - 48), m.start()) \
            and not _RELATION_AFTER.match(m.string, m.end()):
        return None  # a rate: "500,000 people a year", "40,000 barrels of oil a day"
    if unit == "quarter" and not m["long"] and (
            re.match(r"\s+of\b", m.string[m.end():m.end() + 4])
            or (m["u"].lower() == "quarters" and m.string[m.start("u") - 1] == "-")):
        return None  # a fraction: "three-quarters of its food", "the other three-quarters"
    if unit == "quarter" and raw_n in ("a", "an", "one") and not m["long"] and \
            _VERB_AFTER.match(m.string, m.end()) and not _TIME_PREPOSITION_BEFORE.search(
                m.string, max(0, m.start() - 12), m.start()):
        return None  # a fraction as a subject: "one quarter ended up dispersed in the water"
    n = number_value(m["n"])
    if n is None:
        return None
    if m["the"] and (raw_n in ("a", "an", "one") or m["long"] or "-" in m.group(0)[4:]):
        return None  # "the one day" is not a duration phrase; the rule re-matches without "the"
    if m["half"] or m["half2"]:
        n += 0.5
    if unit == "night":
        unit = "day"
    value = duration_value(n, unit)
    if value is None:
        return None
    return Spec(type="DURATION", value=value, granularity=_granularity(unit), mod=_or_mod(m["orso"]))


_NOT_A_COUNTED_NOUN = (r"(?:in|on|at|for|to|from|by|with|during|within|after|before|since|until|"
                       r"and|or|but|than|that|which|who|was|were|is|are|be|been|had|has|have|"
                       r"ago|later|earlier|years?|months?|weeks?|days?|hours?|minutes?|the|a|an)\b")
# A counted noun phrase right before "a year"/"a day": "500,000 people", "one barrel",
# "40,000 barrels of oil": one noun (or "N of N"), so that "two men spent a year" (a verb
# after the noun) and "3 men in Paris a day later" (a new phrase) are no rates.
_COUNTED_NOUN_BEFORE = re.compile(
    r"(?<![\w.,])(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|hundreds|"
    r"thousands|millions|dozens)(?:\s+(?:million|billion|thousand|hundred|m|bn))?"
    r"\s+(?!" + _NOT_A_COUNTED_NOUN + r")(?-i:[a-z]+)"
    r"(?:\s+of\s+(?!" + _NOT_A_COUNTED_NOUN + r")(?-i:[a-z]+))?\s+$", re.I)
# "a year" relating two times rather than dividing an amount: "3 people a day later".
_RELATION_AFTER = re.compile(r"\s+(?:ago|later|earlier|before|after|from|since|into|of|"
                             r"or\s+(?:so|two|more|less))\b", re.I)


def _or_mod(tail: str | None) -> str | None:
    """"a week or so"/"a month or two" -> APPROX; "a year or more" -> EQUAL_OR_MORE."""
    if not tail:
        return None
    last = tail.split()[-1].lower()
    return {"more": "EQUAL_OR_MORE", "longer": "EQUAL_OR_MORE", "less": "EQUAL_OR_LESS"}.get(last, "APPROX")


@rule(r"(?P<num>a|one|two|three)[\s-](?P<den>quarter|third)s?\s+of\s+(?:an?|one)\s+"
      r"(?P<u>hour|day|year|month|century|decade)(?!-)", needs=("unit",), reach=(32, 16), priority=3)
def fraction_of_unit(m: re.Match[str]) -> Spec | None:
    """three quarters of an hour -> PT45M; a quarter of a century -> P25Y ("three-quarters
    of its food" is a fraction of a thing: no time at all)."""
    numerator = {"a": 1, "one": 1, "two": 2, "three": 3}[m["num"].lower()]
    denominator = {"quarter": 4, "third": 3}[m["den"].lower()]
    if numerator >= denominator:
        return None
    value = duration_value(numerator / denominator, m["u"])
    if value is None:
        return None
    return Spec(type="DURATION", value=value, granularity=_granularity(m["u"]))


@rule(r"half\s+(?:an?\s+)?(?P<u>hour|day|year|month|century|decade)", needs=("unit",), reach=(16, 16), priority=2)
def half_unit(m: re.Match[str]) -> Spec | None:
    """half an hour -> PT30M"""
    value = duration_value(0.5, m["u"])
    if value is None:
        return None
    return Spec(type="DURATION", value=value, granularity=_granularity(m["u"]))


# Nouns that the adjective "minute" (tiny) modifies; before anything else "a minute" is
# the unit: "just for one minute to get him", "a minute or two", "a minute later".
_MINUTE_ADJECTIVE_NOUN = re.compile(
    r"\s+(?:amounts?|quantit(?:y|ies)|fractions?|details?|traces?|particles?|portions?|"
    r"percentages?|parts?|changes?|differences?|levels?|doses?|pieces?|fragments?|print|"
    r"organisms?|specks?|cracks?|variations?|sums?|numbers?)\b", re.I)


@rule(r"(?P<v><<VAGUE>>|a\s+(?:number|couple)\s+of)\s+(?P<u>(?:seconds|minutes|hours|days|nights|weeks|weekends|months|quarters|years|decades|centuries|millennia))",
      needs=("unit",), reach=(28, 16), priority=1)
def vague_units(m: re.Match[str]) -> Spec | None:
    """several years -> PXY; a few days -> PXD; recent weeks -> PXW"""
    v = " ".join(m["v"].lower().split())
    if v == "a couple of":
        value = duration_value(2, m["u"])
    else:
        value = duration_value(None, m["u"])
    if value is None:
        return None
    return Spec(type="DURATION", value=value, granularity=_granularity(m["u"]))


@rule(r"(?:the\s+)?(?P<det>past|last|next|coming|previous|first|final|following|preceding|latest|"
      r"most\s+recent|year-earlier|year-ago|comparable)\s+"
      r"(?:(?P<n><<NUM>>|few|several|couple\s+of|many)\s+)?(?P<u><<UNITS>>)"
      r"(?P<half>(?<!week)(?<!weeks)(?<!weekend)(?<!weekends)\s+and\s+a\s+half)?(?P<orso>\s+or\s+so)?",
      needs=("unit",), reach=(40, 24), priority=2)
def the_past_n_units(m: re.Match[str]) -> Spec | None:
    """the past five years -> P5Y; the last week -> P1W; the next two weeks -> P2W.

    Without "the" and a number, "last week"/"next year" are dates (relative.py)."""
    has_the = m.group(0).lower().startswith("the")
    raw_n = (m["n"] or "").lower()
    unit = singular(m["u"])
    plural = m["u"].lower() != unit
    if not has_the and raw_n:
        return None  # "and last two years": "last" is the verb; "two years" is the duration
    if m["det"].lower().split()[0] in ("latest", "most", "year-earlier", "year-ago", "comparable") \
            and not (has_the and raw_n):
        return None  # only "the latest nine months", "the year-earlier six months": a span
    if not has_the and not raw_n:
        if not plural:
            return None  # "last week" is a date
        if m["det"].lower() not in ("past", "last", "next", "coming", "previous", "following"):
            return None
    if not raw_n and unit in ("weekend",):
        return None
    if raw_n in ("few", "several", "many"):
        n = None
    elif raw_n.startswith("couple"):
        n = 2.0
    elif raw_n:
        n = number_value(raw_n)
        if n is None:
            return None
    else:
        n = None if plural else 1.0
    if m["det"].lower() in ("first", "final") and not raw_n:
        return None  # "the first year" is an ordinal period, not a duration
    if m["half"]:
        if n is None or plural != (n > 1):
            return None  # "the next years and a half" is no phrase
        n += 0.5  # "over the next year and a half" -> P18M
    if unit == "quarter" and n is not None:
        value = duration_value(n * 3, "month")
    else:
        value = duration_value(n, unit)
    if value is None:
        return None
    return Spec(type="DURATION", value=value, granularity=_granularity(unit),
                mod="APPROX" if m["orso"] else None)


@rule(r"(?:a|an|the)\s+(?P<n><<NUM>>)-(?P<u><<UNIT>>)\s+(?:period|span|stretch|interval|window|time\s+frame)"
      r"(?![\w-])", needs=("unit",), reach=(24, 40), priority=3)
def period_of_units(m: re.Match[str]) -> Spec | None:
    """"over a three-year period" -> P3Y: the noun "period" names the stretch of time
    itself, so the whole phrase is the duration (not "three-year" alone)."""
    n = number_value(m["n"])
    if n is None:
        return None
    unit = singular(m["u"])
    value = duration_value(n * 3, "month") if unit == "quarter" else duration_value(n, unit)
    if value is None:
        return None
    return Spec(type="DURATION", value=value, granularity=_granularity(unit))


@rule(r"(?P<u>seconds|minutes|hours|days|weeks|months|years|decades|centuries)(?P<long>-long|\s+long)?(?!\s+(?:of\s+age|old))",
      needs=("unit",), reach=(4, 24), priority=0)
def bare_plural_unit(m: re.Match[str]) -> Spec | None:
    """years-long -> PXY; 'just days after' -> PXD; 'for years' -> PXY"""
    before = m.string[max(0, m.start() - 12):m.start()]
    if _LABOUR_BEFORE.search(before):
        return None  # "man hours of labour", "person-days": a quantity of work, not of time
    if not m["long"] and not _BARE_BEFORE.search(before) and not (
            _OF_AN_ACTIVITY.match(m.string, m.end())
            and not _DETERMINER_BEFORE.search(before)):
        return None
    value = duration_value(None, m["u"])
    if value is None:
        return None
    return Spec(type="DURATION", value=value, granularity=_granularity(m["u"]))


_LABOUR_BEFORE = re.compile(r"\b(?:man|person)[\s-]$", re.I)


# "years of neglect", "weeks of talks", "Years of private practice followed": a stretch of
# time filled by what follows (not "years of age", nor "the years of the war", which names
# particular years).
_OF_AN_ACTIVITY = re.compile(
    r"\s+of\s+(?!age\b|the\b|a\b|an\b|his\b|her\b|their\b|its\b|our\b|my\b|your\b|this\b|"
    r"that\b|these\b|those\b|which\b|whom\b|it\b|them\b)(?-i:[a-z])", re.I)
_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|his|her|their|its|our|my|your|these|those|\w+['’]s?)\s+$", re.I)


_VERB_AFTER = re.compile(r"\s+(?:is|was|are|were|has|had|will|would|remains|remained|went|goes|"
                         r"(?-i:[a-z]{2,}ed))\b", re.I)
_TIME_PREPOSITION_BEFORE = re.compile(r"\b(?:in|for|over|within|during|after|than|by)\s+$", re.I)


_OF_A_DATE = re.compile(
    r"\s+of\s+(?:\d|the\s+(?:year|month|week|decade|century)\b|(?:this|last|next)\s+\w|(?-i:[A-Z]))",
    re.I)


@rule(r"the\s+(?:(?P<q>early|first|last|final|closing|opening)\s+)?(?P<u>hours|days|weeks|months|years|decades)"
      r"(?P<ahead>\s+(?:ahead|to\s+come))?(?=\s*(?:[,.;:]|of\b|ahead\b|to\s+come\b|$)|\s+\w)",
      needs=("unit",), reach=(24, 24), priority=1)
def the_vague_period(m: re.Match[str]) -> Spec | None:
    """"over the years" -> PXY; "in the weeks ahead" -> PXW; "in the first hours of the
    war" -> PTXH: a stretch of time of unknown length."""
    before = m.string[max(0, m.start() - 12):m.start()]
    if _OF_A_DATE.match(m.string, m.end()):
        return None  # "the final days of 2016": a modifier of that date (modifiers.py)
    after = m.string[m.end():m.end() + 24]
    over = not m["q"] and re.search(r"\b(?:over|through|throughout|across|down)\s+$", before, re.I) \
        and not re.match(r"\s+of\b", after, re.I)
    # "in the years that followed": the stretch after the event just told.
    followed = not m["q"] and re.search(r"\b(?:in|during|for)\s+$", before, re.I) \
        and re.match(r"\s+(?:that\s+)?followed\b", after, re.I)
    if not m["ahead"] and not (m["q"] and re.match(r"\s+of\b", after)) and not over \
            and not followed:
        return None  # "the years of war", "the days when...": not a stretch of time here
    value = duration_value(None, m["u"])
    return Spec(type="DURATION", value=value, granularity=_granularity(m["u"])) if value else None


@rule(r"all\s+(?P<u>day|night|week|month|year)(?:\s+long)?", needs=("unit",), reach=(8, 16), priority=0)
def all_unit(m: re.Match[str]) -> Spec | None:
    """all day -> P1D; all year long -> P1Y"""
    unit = m["u"].lower()
    value = duration_value(1, "day" if unit == "night" else unit)
    return Spec(type="DURATION", value=value, granularity=_granularity(unit))


@rule(r"another\s+(?P<u>hour|day|week|month|year|decade)(?!['’]s|\s+(?:ago|earlier|later|before|after)\b)"
      r"(?P<orso>\s+or\s+(?:so|two|more|longer))?\b",
      needs=("unit",), reach=(12, 28), priority=0)
def another_unit(m: re.Match[str]) -> Spec | None:
    """keep the cap closed for another day -> P1D; another year of talks -> P1Y: one more
    of the unit, its determiner in the span as "the" or "last" would be; "another day or
    two" -> APPROX, as "a day or two"."""
    value = duration_value(1, m["u"])
    return Spec(type="DURATION", value=value, granularity=_granularity(m["u"]),
                mod=_or_mod(m["orso"])) if value else None


@rule(r"(?P<v>several|multi|many|few)-?(?P<u>hour|day|week|month|year|decade)(?:-long)?(?![\w-])",
      needs=("unit",), reach=(12, 16), priority=1)
def vague_unit_adjective(m: re.Match[str]) -> Spec | None:
    """a several-year tenure, a multiyear contract, a multi-day festival -> PXY / PXD"""
    value = duration_value(None, m["u"])
    return Spec(type="DURATION", value=value, granularity=_granularity(m["u"])) if value else None


@rule(r"(?P<u>hour|day|week|month|year|decade|century)-long", needs=("unit",), reach=(4, 16), priority=1)
def unit_long(m: re.Match[str]) -> Spec | None:
    """a day-long meeting -> P1D; a year-long campaign -> P1Y"""
    value = duration_value(1, m["u"])
    return Spec(type="DURATION", value=value, granularity=_granularity(m["u"])) if value else None


@rule(r"the\s+(?:(?:fiscal|financial|full|calendar)\s+)?(?P<u>year|quarter|month|week)(?=\s+(?:that\s+)?end(?:ed|ing|s)\b)",
      needs=("unit",), priority=2)
def period_ending(m: re.Match[str]) -> Spec | None:
    """'the year ended March 31' -> P1Y: a reporting period named by its end date."""
    unit = m["u"].lower()
    if unit == "quarter":
        return None  # "the quarter ended Sept. 30" names the quarter itself (the_quarter)
    value = duration_value(1, unit)
    return Spec(type="DURATION", value=value, granularity=_granularity(unit)) if value else None

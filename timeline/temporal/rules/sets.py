"""Sets (recurring times): every Tuesday (XXXX-WXX-2), daily (P1D), twice a year (P1Y),
every two weeks (P2W), Tuesday nights (XXXX-WXX-2TNI)."""

from __future__ import annotations

import re

from timeline.temporal.lexicon import lexicon, number_value
from timeline.temporal.rules import month_of, rule, weekday_of
from timeline.temporal.rules.durations import duration_value, singular
from timeline.temporal.spec import Spec

_ADVERBS = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W",
    "fortnightly": "P2W", "monthly": "P1M", "bimonthly": "P2M", "quarterly": "P3M",
    "annually": "P1Y", "yearly": "P1Y", "biannually": "P6M", "semiannually": "P6M",
    "semi-annually": "P6M",
}
_SET_GRAN = {"H": "hour", "D": "day", "W": "week", "M": "month", "Y": "year"}


def _set(value: str) -> Spec:
    return Spec(type="SET", value=value, granularity=_SET_GRAN.get(value[-1], "unknown"))


@rule(r"(?:every|each)\s+(?:(?P<n><<NUM>>|other)\s+)?(?P<u><<UNITS>>)", needs=("unit",), reach=(32, 16), priority=2)
def every_unit(m: re.Match[str]) -> Spec | None:
    """every day -> P1D; every two weeks -> P2W; every other year -> P2Y"""
    raw = (m["n"] or "").lower()
    n = 2.0 if raw == "other" else (number_value(raw) if raw else 1.0)
    unit = singular(m["u"])
    if n is None or (raw == "" and m["u"].lower() != unit):
        return None
    value = duration_value(n, unit)
    return _set(value) if value else None


@rule(r"(?:every|each)\s+(?P<wd><<WEEKDAY>>)(?:\s+(?P<p><<PART>>))?", needs=("weekday",), reach=(12, 28), priority=3)
def every_weekday(m: re.Match[str]) -> Spec | None:
    """every Tuesday -> XXXX-WXX-2"""
    value = f"XXXX-WXX-{weekday_of(m['wd'])}"
    if m["p"]:
        value += "T" + lexicon().parts_of_day[m["p"].lower()]
    return Spec(type="SET", value=value, granularity="day")


@rule(r"(?:every|each)\s+(?:(?P<m><<MONTH_FULL>>)|(?P<s><<SEASON>>)|(?P<h><<HOLIDAY>>))(?!\s+\d)",
      needs=("month", "season", "holiday"), reach=(12, 32), priority=3)
def every_month_or_season(m: re.Match[str]) -> Spec | None:
    """every July -> XXXX-07; each spring -> XXXX-SP; every Christmas -> XXXX-12-25."""
    lex = lexicon()
    if m["m"]:
        return Spec(type="SET", value=f"XXXX-{month_of(m['m']):02d}", granularity="month")
    if m["s"]:
        return Spec(type="SET", value=f"XXXX-{lex.seasons[m['s'].lower()]}", granularity="season")
    name = " ".join(m["h"].lower().replace("\u2019", "'").split())
    if not m["h"][0].isupper():
        return None
    if name in lex.holidays:
        month, day = lex.holidays[name]
        return Spec(type="SET", value=f"XXXX-{month:02d}-{day:02d}", granularity="day")
    return Spec(type="SET", value="XXXX-XX-XX", granularity="day")  # a movable feast: P1Y


@rule(r"(?P<wd><<WEEKDAY>>)s(?:\s+(?P<p>mornings|afternoons|evenings|nights))?|(?P<wd2><<WEEKDAY>>)\s+(?P<p2>mornings|afternoons|evenings|nights)",
      needs=("weekday",), reach=(4, 24), priority=3)
def plural_weekday(m: re.Match[str]) -> Spec | None:
    """on Tuesdays / Tuesday nights -> XXXX-WXX-2(TNI)"""
    wd = weekday_of(m["wd"] or m["wd2"])
    part = m["p"] or m["p2"]
    value = f"XXXX-WXX-{wd}"
    if part:
        value += "T" + lexicon().parts_of_day[part.lower()[:-1]]
    return Spec(type="SET", value=value, granularity="day")


@rule(r"(?P<wd><<WEEKDAY>>)(?=(?:\s*,\s*<<WEEKDAY>>)*,?\s+(?:and|or|&)\s+<<WEEKDAY>>\s+"
      r"(?P<p>mornings|afternoons|evenings|nights)\b)", needs=("weekday",), reach=(4, 64), priority=4)
def coordinated_plural_weekday(m: re.Match[str]) -> Spec | None:
    """"on Monday and Tuesday nights" -> Monday is XXXX-WXX-1TNI too: the plural part of
    day after the last weekday makes every weekday of the list recurrent."""
    part = lexicon().parts_of_day[m["p"].lower()[:-1]]
    return Spec(type="SET", value=f"XXXX-WXX-{weekday_of(m['wd'])}T{part}", granularity="day")


@rule(r"(?P<w>hourly|daily|nightly|weekly|biweekly|fortnightly|monthly|bimonthly|quarterly|annually|yearly|biannually|semi-?annually)",
      needs=("set",), priority=1)
def frequency_adverb(m: re.Match[str]) -> Spec | None:
    """daily -> P1D; annually -> P1Y. "quarterly dividend" / "monthly report" are
    adjectives naming a kind of thing, not a recurrence, and stay untagged."""
    word = m["w"].lower()
    if word in ("quarterly", "monthly", "yearly", "bimonthly") and re.match(
            r"\s+(?-i:[a-z])", m.string[m.end():m.end() + 3]):
        # "quarterly dividend", "monthly report" name a kind of thing; "daily flights" and
        # "weekly address" stay tagged, as annotated corpora mostly do.
        return None
    if _is_a_publication(m):
        return None
    if re.search(r"\b(?:average|mean|median|peak|record)\s+$", m.string[max(0, m.start() - 10):m.start()], re.I):
        return None  # "average daily volume": a quantity measured per day, not a recurrence
    if _AMOUNT_BEFORE.search(m.string, max(0, m.start() - 40), m.start()):
        # "revenue to increase by 20% annually", "500,000 barrels daily": a rate of a
        # quantity (a unit of measure, like "50 miles an hour"), not a recurring time.
        return None
    return _set(_ADVERBS[word])


# An amount right before the adverb: a percentage, or a number with its unit noun.
_AMOUNT_BEFORE = re.compile(
    r"(?:\d%|\d\s*(?:percent|per\s+cent|percentage\s+points?)|\b\d[\d,.]*\s+(?:[a-z]+\s+)?"
    r"(?:units|tons|tonnes|barrels|cars|vehicles|copies|shares|people|visitors|passengers|"
    r"workers|jobs|homes|houses|gallons|liters|litres|pounds|kilograms|kilos))\s+$", re.I)


# "the Communist Party daily Granma", "the Israeli daily Haaretz", "the daily said": the
# word names a newspaper, not a recurrence ("a weekly newspaper" keeps its SET: how often
# it appears).
_PUBLICATION_AFTER = re.compile(
    r"\s+(?:said|says|reported|reports|wrote|"
    r"writes|quoted|quotes|published|carried|added|claimed|commented|editorialized|"
    r"(?-i:(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\b)[A-Z]))", re.I)
# A capitalized word (not ending a sentence) right before, or one right after.
_CAPITALIZED_WORD_BEFORE = re.compile(r"(?-i:[A-Z])[\w'’&-]*(?<![.!?:])\s+$")
_CAPITALIZED_WORD_AFTER = re.compile(r"\s+(?-i:[A-Z])[a-z]")
_NAME_BEFORE = re.compile(r"(?-i:\b(?!The\b|A\b|An\b)[A-Z][\w.'’-]*)\s+$")


def _is_a_publication(m: re.Match[str]) -> bool:
    if m["w"].lower() not in ("daily", "weekly", "monthly", "quarterly"):
        return False
    if m["w"][0].isupper() and (_CAPITALIZED_WORD_BEFORE.search(m.string, max(0, m.start() - 30), m.start())
                                or _CAPITALIZED_WORD_AFTER.match(m.string, m.end())):
        return True  # a title: "China Daily", "Investor's Business Daily", "the Daily Mail"
    if _PUBLICATION_AFTER.match(m.string, m.end()):
        return True
    # "the Party daily" / "the Israeli weekly": a name or nationality before it, and no
    # verb it could be an adverb of after it ("Party daily Granma"; not "gained daily").
    before = m.string[max(0, m.start() - 40):m.start()]
    return bool(_NAME_BEFORE.search(before)) and re.search(r"\bthe\s+(?:\S+\s+){1,3}$",
                                                          before, re.I) is not None


@rule(r"(?P<k>once|twice|thrice|(?:<<NUM>>)\s+times)\s+(?:a|an|per|each|every)\s+(?P<u>hour|day|night|week|month|quarter|year)",
      needs=("set", "ref"), reach=(40, 24), priority=2)
def times_per_unit(m: re.Match[str]) -> Spec | None:
    """twice a year -> P1Y; three times a day -> P1D"""
    return _per_unit(m["u"])


_UNIT_ORDER = ("minute", "hour", "day", "night", "week", "month", "quarter", "year")


@rule(r"(?P<n><<NUM>>)\s+(?P<u>minutes|hours|days|nights|weeks|months)\s+(?:a|an|per|each|every)\s+"
      r"(?P<per>hour|day|week|month|year)(?![\w-])", needs=("unit",), reach=(20, 16), priority=3)
def units_per_unit(m: re.Match[str]) -> Spec | None:
    """"24 hours a day", "seven days a week", "six months a year": how much of each day,
    week or year -- a recurrence (SET of the larger unit, as "three times a week"), not
    a stretch of 24 hours."""
    small, per = singular(m["u"]), m["per"].lower()
    if _UNIT_ORDER.index("day" if small == "night" else small) >= _UNIT_ORDER.index(per):
        return None  # "two years a month" is no phrase
    return _per_unit(per)


@rule(r"(?P<per>a|an|per)\s+(?P<u>hour|day|night|week|month|quarter|year)", needs=("unit",), reach=(8, 16), priority=2)
def rate_per_unit(m: re.Match[str]) -> Spec | None:
    """'$5 million a year', '20% per year' -> P1Y; '50 miles per hour' is not a set (a rate
    of a measure) and neither is a bare 'a year' (a duration)."""
    before = m.string[max(0, m.start() - 24):m.start()]
    if not re.search(r"(?:[$£€]\s*[\d.,]+(?:\s*(?:million|billion|trillion|m|bn))?|"
                     r"\d\s*(?:%|percent|per\s*cent)|\b(?:million|billion|trillion))\s*$",
                     before, re.I):
        return None
    return _per_unit(m["u"])


def _per_unit(word: str) -> Spec | None:
    unit = word.lower()
    value = "P3M" if unit == "quarter" else duration_value(1, "day" if unit == "night" else unit)
    return _set(value) if value else None

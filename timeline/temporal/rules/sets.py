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
    if _SPEED_BEFORE.search(m.string, max(0, m.start() - 40), m.start()) or \
            _PERCENT_BEFORE.search(m.string, max(0, m.start() - 24), m.start()):
        return None  # "50 miles hourly", "to grow 8% annually": a unit of measure (a speed,
        # a growth rate), not a recurrence
    # "500,000 barrels daily", "$17.9 million annually": a quantity each day or year, a
    # recurrence like "three times a week" (SET), as TimeBank and news annotators tag it.
    return _set(_ADVERBS[word])


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


# A quantity before "a day" / "per year": a number (digits or a large number word) and at
# most three words naming what is counted ("40,000 barrels", "10,000 barrels of oil",
# "$310,000", "a million dollars", "fifty thousand CDs"), a closing parenthesis allowed.
_QUANTITY_BEFORE = re.compile(
    r"(?:[$£€]\s*[\d.,]*\d|\b\d[\d,.]*(?:\s*(?:%|percent|per\s*cent))?|"
    r"\b(?:hundreds?|thousands?|millions?|billions?|trillions?|dozens?)|\b\d[\d,.]*\s*(?:m|bn))"
    r"(?:(?:\s+|\s*[-/]\s*)[\w.’'-]+){0,3}?(?:\s*(?:\)|-RRB-))?\s+$", re.I)
# Whatever a quantity before the rate starts with: a digit, a currency sign, a large number.
_NUMBER_IN = re.compile(r"[$£€]|\b(?:\d|hundred|thousand|million|billion|trillion|dozen)", re.I)
# Words that cannot end the name of the counted thing: "rose 5% in a year" measures over
# a year, "within a day" is a deadline.
_NOT_COUNTED_WORDS = frozenset(
    "in within for over after than from by to about under nearly almost at on into during "
    "least once twice times up down and or the is was were are be been per a an of with".split())
# Before "a year" / "an hour": a percentage (a growth rate) or a distance (a speed) -- units
# of measure like mph, not a recurrence.
_MEASURE_WORDS = frozenset(
    "percent cent point points miles mile kilometers kilometres km feet foot meters metres "
    "knots inches yards".split())
# A percentage before "a year" / "annually": a growth rate, a unit of measure like mph
# ("revenue to rise 8.5% annually", "inflation of 3% a year"), not a recurrence.
_PERCENT_BEFORE = re.compile(r"(?:%|\bpercent|\bper\s*cent|\bpercentage\s+points?)\s+$", re.I)
# A distance or speed before "an hour": a unit of measure (mph), not a recurrence.
_SPEED_BEFORE = re.compile(
    r"\b(?:miles|mile|kilometers|kilometres|km|feet|foot|meters|metres|knots|inches|yards)\s+$",
    re.I)


@rule(r"(?P<per>a|an|per)\s+(?P<u>hour|day|night|week|month|quarter|year)(?!\s+(?:after|before|later|earlier|ago)\b)",
      needs=("unit",), reach=(8, 16), priority=2)
def rate_per_unit(m: re.Match[str]) -> Spec | None:
    """'40,000 barrels a day', '$5 million a year' -> SET of the unit: so much each day or
    year, as "three times a week" (TimeML SET; TimeBank tags "$33 million a year" so).
    '50 miles per hour' (a speed) and '3% a year' (a growth rate) are units of measure,
    and a bare 'a year' is a duration."""
    floor = max(0, m.start() - 48)
    before = m.string[floor:m.start()]
    last = before.split()[-1:]  # the word right before "a day"
    if not last or last[0].lower() in _NOT_COUNTED_WORDS:
        return None  # "rose 5% in a year", "once a week" (times_per_unit)
    if last[0].lower() in _MEASURE_WORDS or last[0].endswith("%"):
        return None  # "3% a year", "50 miles an hour": units of measure
    q = None
    for start in _NUMBER_IN.finditer(m.string, floor, m.start()):
        # = _QUANTITY_BEFORE.search(m.string, floor, m.start()): a match starts where a
        # number does, and the leftmost one wins; anchored tries are far cheaper
        q = _QUANTITY_BEFORE.match(m.string, start.start(), m.start())
        if q is not None:
            break
    if q is None or _YEAR_NUMBER.match(q.group(0)):
        return None  # "In 2009 he spent a day": a year is no quantity
    words = _WORD.findall(m.string, q.start() + len(q.group(0).split(None, 1)[0]), q.end())
    if any(w.lower() in _NOT_NOUNS or w.lower().endswith(("ed", "ing")) or
           (w[0].isupper() and not w[:-1].isupper()) for w in words):
        return None  # "50 workers spent a day", "5,000 Haitians a day": not what is counted
    return _per_unit(m["u"])


_YEAR_NUMBER = re.compile(r"(?:1[5-9]|20)\d\d(?![\d,.%])")
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_NOT_NOUNS = frozenset({
    "in", "within", "for", "over", "after", "than", "from", "by", "to", "about", "under",
    "at", "on", "into", "during", "the", "is", "was", "were", "are", "be", "been", "has",
    "have", "had", "will", "would", "could", "can", "spent", "spend", "took", "take", "takes",
    "lasted", "last", "lasts", "and", "or", "but", "that", "which", "who", "it", "he", "she",
    "they", "we", "i", "you", "times", "more", "less", "each", "every", "per", "a", "an"})


def _per_unit(word: str) -> Spec | None:
    unit = word.lower()
    value = "P3M" if unit == "quarter" else duration_value(1, "day" if unit == "night" else unit)
    return _set(value) if value else None

"""Absolute dates: the text names the year (or the whole date), e.g. "September 22, 2017",
"22 Sept. 2017", "9/22/2017", "2017-09-22", "2015", "the 1990s", "FY2017", "2017-Q3"."""

from __future__ import annotations

import re
from functools import cache

from timeline.temporal.lexicon import alternation, lexicon
from timeline.temporal.rules import expand, int_or_none, month_of, ordinal_or_int, rule
from timeline.temporal.spec import Spec

# Words after a number that make it a count or measure, not a year ("2000 troops").
_MEASURE_AFTER = re.compile(
    r"\s*(?:%|percent|per\s*cent|people|persons|troops|soldiers|men|women|children|"
    r"civilians|fighters|residents|workers|employees|jobs|votes|voters|seats|points|basis|"
    r"miles?|km|kilometers?|kilometres?|meters?|metres?|feet|foot|ft|yards?|inches|"
    r"pounds?|lbs?|kg|kilograms?|tons?|tonnes?|barrels|gallons|liters?|litres?|acres|"
    r"hectares|dollars|euros|yen|yuan|rupees|units|cars|vehicles|homes|houses|"
    r"members|students|patients|cases|deaths|dead|casualties|airstrikes|strikes|"
    r"attacks|rounds|shots|times|copies|words|pages|calories|mph|km/h|degrees|"
    r"bombs|missiles|rockets|planes|aircraft|ships|guns|weapons|shares|"
    r"(?-i:[A-Z]{2,})(?:\s|$)|-?(?:mile|meter|metre|kilometer|kilometre|foot|pound|ton|page)s?\b)",
    re.I,
)
_MEASURE_BEFORE = re.compile(
    r"(?:[$£€#№]|\bNo\.?|\bno\.|\bnumber|\bflight|\broute|\broom|\bpage|\bpp?\.|\bexit|"
    r"\bhighway|\bRt\.|\bmodel|\bBoeing|\bAirbus|\bversion|\bv\.|\bsection|\bart\.|"
    r"\barticle|\bchapter|\bresolution|\bband|\bscore\w*|\bcode|\bzip|\bBox|\bSuite|"
    r"\bphone|\btel\.?|\bcall)\s*$",
    re.I,
)
_YEAR_CONTEXT = re.compile(
    r"\b(?:in|since|by|until|till|to|from|of|during|before|after|through|throughout|"
    r"between|and|or|around|about|circa|c\.|early|late|mid|year|years|fiscal|the|"
    r"spring|summer|autumn|fall|winter|season|class|election|elections|census|"
    r"budget|for|on|than|last|next|this)\s*$",  # not "at": "at 1150" is a clock or a price
    re.I,
)


@rule(r"(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
      r"(?:T(?P<h>[01]\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?P<tz>Z|[+-]\d\d:?\d\d)?)?",
      needs=("year4",), reach=(4, 40), priority=5)
def iso_date(m: re.Match[str]) -> Spec | None:
    spec = Spec(year=int(m["y"]), month=int(m["m"]), day=int(m["d"]))
    if m["h"]:
        spec.hour, spec.minute = int(m["h"]), int(m["mi"])
        spec.second = int_or_none(m["s"])
        spec.tz = m["tz"]
    return spec


@rule(r"(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])(?!-)", needs=("year4",), reach=(4, 16), priority=2)
def iso_month(m: re.Match[str]) -> Spec | None:
    """2017-09 -> September 2017; but "the 2001-03 tax cuts", "in 2008-09" name the years
    2001 to 2003 and 2008 to 2009 (year_span_short): prose writes a span of years that way
    far more often than an ISO month."""
    year = int(m["y"])
    if not 1000 <= year <= 2099:
        return None
    if _is_year_span(year, int(m["m"])):
        return None
    return Spec(year=year, month=int(m["m"]))


def _is_year_span(year: int, two_digits: int) -> bool:
    """'2015-16', '2001-03', '1989-93', '1999-00': a later year of the same span, written
    with its last two digits."""
    return two_digits == (year + 1) % 100 or 0 < two_digits - year % 100 <= 20


@rule(r"(?P<a>0?[1-9]|[12]\d|3[01])/(?P<b>0?[1-9]|[12]\d|3[01])/(?P<y>\d{4}|\d{2})",
      needs=("slash",), reach=(4, 24), priority=4)
def slash_date(m: re.Match[str]) -> Spec | None:
    """9/22/2017 (US order) or 22/9/2017 when the first number cannot be a month."""
    a, b = int(m["a"]), int(m["b"])
    year = int(m["y"])
    if len(m["y"]) == 2:
        year += 1900 if year >= 50 else 2000
    month, day = (a, b) if a <= 12 else (b, a)
    if month > 12:
        return None
    return Spec(year=year, month=month, day=day)


@rule(r"(?P<d>0?[1-9]|[12]\d|3[01])\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>\d{4})",
      needs=("dotted",), reach=(4, 24), priority=4)
def dotted_date(m: re.Match[str]) -> Spec | None:
    """22.9.2017: the European day-first order."""
    return Spec(year=int(m["y"]), month=int(m["m"]), day=int(m["d"]))


@rule(r"(?:(?P<wd><<WEEKDAY_ANY>>)\s?,?\s+)?(?P<m><<MONTH>>)\s+(?P<d><<DAYTH>>)(?:\s*[-–]\s*<<DAYTH>>)?(?:\s?,\s*|\s+)(?P<y><<YEAR>>)",
      needs=("month",), reach=(24, 32), priority=5)
def month_day_year(m: re.Match[str]) -> Spec | None:
    return Spec(year=int(m["y"]), month=month_of(m["m"]), day=ordinal_or_int(m["d"]))


@rule(r"(?:(?P<wd><<WEEKDAY_ANY>>)\s?,?\s+)?(?:the\s+)?(?P<d><<DAYTH>>|<<ORDINAL>>)(?:\s*[-–]\s*<<DAYTH>>)?\s+(?:of\s+)?(?P<m><<MONTH>>)\s?,?\s+(?P<y><<YEAR>>)",
      needs=("month",), reach=(36, 24), priority=5)
def day_month_year(m: re.Match[str]) -> Spec | None:
    return Spec(year=int(m["y"]), month=month_of(m["m"]), day=ordinal_or_int(m["d"]))


@rule(r"(?P<m><<MONTH>>)\s?,?\s+(?:of\s+)?(?P<y><<YEAR>>)", needs=("month",), reach=(4, 24), priority=4)
def month_year(m: re.Match[str]) -> Spec | None:
    return Spec(year=int(m["y"]), month=month_of(m["m"]))


_OWNER_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|his|her|its|their|my|your|our|this|that|whose)|['’]s)\s+(?:[a-z]+\s+)?$",
    re.I)


@cache
def _model_year_after() -> re.Pattern[str]:
    makes = alternation(lexicon().vehicle_makes, capitalized=True)
    return re.compile(r"\s+(?:" + makes + r"(?![\w-])|model\b(?!\s+(?:for|of)\b))", re.I)


def _year_is_plausible(m: re.Match[str], year: int) -> bool:
    text, start, end = m.string, m.start(), m.end()
    before = text[max(0, start - 20):start]
    after = text[end:end + 24]
    if _MEASURE_BEFORE.search(before) or _MEASURE_AFTER.match(after):
        return False
    if re.match(r"\s*(?:-|–|to)\s*\d", after) and not re.match(r"\s*(?:-|–|to)\s*(?:\d{2}|\d{4})(?!\d)", after):
        return False
    if re.search(r"\d\s*$|\d[,.]$", before) or re.match(r"[.,]\d", after):
        return False  # part of a larger number: "1,2015" / "2015.5" (a list "1994, 1995" is not)
    if _model_year_after().match(after) and _OWNER_BEFORE.search(before):
        # A model year: "his 1987 Chevrolet Cavalier", "a 2010 model" (not "in 1987 Ford
        # cut jobs": a preposition makes it the year).
        return False
    if not _plausible_year_range(before, after, year):
        return False
    if 1900 <= year <= 2099:
        return True
    return bool(_YEAR_CONTEXT.search(before))


_RANGE_AFTER = re.compile(r"\s*[-–]\s*(\d{4})(?!\d)")
_RANGE_BEFORE = re.compile(r"(?<![\d,.])(\d{4})\s*[-–]\s*$")


def _plausible_year_range(before: str, after: str, year: int) -> bool:
    """'1914-1918' is a span of years; 'a vocabulary of 1000-2000' (a thousand years
    apart) and '2010-2005' (running backwards) are ranges of amounts."""
    nxt, prev = _RANGE_AFTER.match(after), _RANGE_BEFORE.search(before)
    first, last = (year, int(nxt[1])) if nxt else (int(prev[1]), year) if prev else (0, 0)
    return not (nxt or prev) or 0 < last - first < 500


@rule(r"(?P<y><<YEAR>>)(?=['’]s\b|[^'’\w]|$)", needs=("year4",), reach=(4, 16), priority=1)
def bare_year(m: re.Match[str]) -> Spec | None:
    """A four-digit year: 1900-2099 unless it is clearly a count; older years need a
    preposition or determiner before them ("in 1848")."""
    year = int(m["y"])
    if not _year_is_plausible(m, year):
        return None
    return Spec(year=year)


_MONTH_BEFORE_YEAR = re.compile(expand(r"<<MONTH>>\s*,?\s*$"))


@rule(r"(?P<y><<YEAR>>)\s+(?P<w>or\s+(?:later|after|beyond)|and\s+(?:beyond|after|later)"
      r"|or\s+(?:earlier|before|sooner)|and\s+(?:before|earlier))(?![\w-]|\s+(?:in|on|at|that|this|than|years?|months?|weeks?|days?|times?|dates?|"
      r"stages?|periods?|life|generations?|versions?|models?|editions?|ones?)\b)",
      needs=("year4",), reach=(4, 24), priority=2)
def year_open_ended(m: re.Match[str]) -> Spec | None:
    """'1994 or later', '1990 and beyond' -> 1994 with mod ON_OR_AFTER; '2010 or earlier'
    -> ON_OR_BEFORE (TimeML puts the open end in the span and the mod)."""
    year = int(m["y"])
    if not _year_is_plausible(m, year):
        return None
    if _MONTH_BEFORE_YEAR.search(m.string, max(0, m.start() - 12), m.start()):
        return None  # "in October 1984 and later served": the month and year are the date
    words = m["w"].lower().split()
    if words[0] == "and" and words[1] != "beyond" and not re.match(
            r"\s*(?:[,.;:)]|$)", m.string[m.end():m.end() + 2]):
        return None  # "1984 and later served as ...": "later" goes with the next verb
    later = re.search(r"later|after|beyond", m["w"], re.I) is not None
    return Spec(year=year, mod="ON_OR_AFTER" if later else "ON_OR_BEFORE")


@rule(r"(?P<y><<YEAR>>)\s*(?:-|–|/)\s*(?P<y2>\d{2})(?!\d|:)", needs=("year4",), reach=(4, 16), priority=1)
def year_span_short(m: re.Match[str]) -> Spec | None:
    """'2015-16' (a season or fiscal year), '2001-03', '1989-93': the first year."""
    y, y2 = int(m["y"]), int(m["y2"])
    if not _is_year_span(y, y2):
        return None
    if not _year_is_plausible(m, y):
        return None
    return Spec(year=y)


@rule(r"(?:the\s+)?(?P<c>1\d|20)(?P<dd>\d)0(?:'s|’s|s)", needs=("decadenum",), reach=(8, 12), priority=3)
def decade_digits(m: re.Match[str]) -> Spec | None:
    """the 1990s -> 199; the 1800s -> 18 (a century); the 2000s -> 200 (in news, the
    decade: "the early 2000s")."""
    if m["dd"] == "0" and m["c"] != "20":
        return Spec(century=int(m["c"]))
    return Spec(decade=int(m["c"] + m["dd"]))


@rule(r"(?:the\s+)?(?:'|’)(?P<dd>\d)0s", needs=("decadenum",), reach=(10, 12), priority=3)
def decade_short(m: re.Match[str]) -> Spec | None:
    """the '90s -> 199 (a two-digit decade is read in the 20th century unless it is
    one of the 2000s decades '00s-'20s)."""
    d = int(m["dd"])
    return Spec(decade=(200 + d) if d <= 2 else (190 + d))


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


@rule(r"the\s+(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)"
      r"(?=\W)(?!\s+(?:years|of\s+age|age))", needs=("decade",), priority=2)
def decade_words(m: re.Match[str]) -> Spec | None:
    return Spec(decade=190 + _DECADE_WORDS[m["w"].lower()])


@rule(r"(?:the\s+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|<<ORDINAL>>)[\s-]+century"
      r"(?P<bc>\s+(?:BC|B\.C\.|BCE))?", needs=("century",), priority=3)
def century(m: re.Match[str]) -> Spec | None:
    n = ordinal_or_int(m["n"])
    if n is None or not 1 <= n <= 30 or m["bc"]:
        return None
    return Spec(century=n - 1)


@rule(r"(?:FY\s?|fiscal\s+(?:year\s+)?)(?P<y><<YEAR>>|\d{2})(?!\d)", needs=("fiscal",), priority=4)
def fiscal_year(m: re.Match[str]) -> Spec | None:
    raw = m["y"]
    year = int(raw) if len(raw) == 4 else (2000 + int(raw) if int(raw) < 50 else 1900 + int(raw))
    return Spec(year=year, fiscal=True)


@rule(r"(?:(?:September|Sept\.?|Sep\.?)\s+11(?:th)?|(?:the\s+)?11(?:th)?\s+(?:of\s+)?September)"
      r"(?=\s+(?:attacks?|terror\w*|hijack\w*|commission|victims|families|memorial|anniversary|"
      r"era|plot\w*|bombings?|strikes?|atrocities|tragedy)\b)",
      needs=("month",), reach=(8, 48), priority=6)
def september_11(m: re.Match[str]) -> Spec | None:
    """"the September 11 attacks": the name of the 2001 attacks, not a September 11 near
    the publication date ("9/11" alone is a name and stays untagged, see traps)."""
    return Spec(year=2001, month=9, day=11)


def _relative_year_shift(det: str) -> int:
    """"last" (year) -> -1, "next"/"the following" -> 1, "this"/"the current"/"the" -> 0
    ("the year" is the one just mentioned, else the anchor's)."""
    word = det.lower().split()[-1]
    return {"last": -1, "previous": -1, "next": 1, "following": 1}.get(word, 0)


@rule(r"(?:the\s+(?!(?:fiscal[\s-]+)?(?:<<ORDINAL>>|[1-4](?:st|nd|rd|th))-quarter\s+[a-z]))?"
      r"(?:(?P<fy>fiscal)[\s-]+)?(?P<q><<ORDINAL>>|[1-4](?:st|nd|rd|th))[\s-]+quarter"
      r"(?:\s+of\s+(?:(?:fiscal|the\s+year|calendar)\s+)?(?P<y><<YEAR>>)"
      r"|\s+of\s+(?P<rel>this|last|next|the(?:\s+(?:current|previous|following|next))?)\s+(?:fiscal\s+|calendar\s+)?year)?"
      r"|(?:the\s+)?(?P<y2><<YEAR>>)\s+(?:fiscal\s+)?(?P<q2><<ORDINAL>>)[\s-]+quarter",
      needs=("quarter",), priority=3)
def quarter(m: re.Match[str]) -> Spec | None:
    """the third quarter (of 2017) -> 2017-Q3; without a year the resolver infers it."""
    q = ordinal_or_int(m["q"] or m["q2"])
    if q is None or not 1 <= q <= 4:
        return None
    if m["rel"]:  # "the first quarter of last year"
        return Spec(unit="year", shift=_relative_year_shift(m["rel"]), quarter=q, fiscal=bool(m["fy"]),
                    anchor_to_mention=m["rel"].lower() == "the")
    year = m["y"] or m["y2"]
    # Without a year, a quarter is the latest one that has begun, whatever the tense:
    # reports say "will report third-quarter results" about the quarter just ended.
    return Spec(year=int(year) if year else None, quarter=q, fiscal=bool(m["fy"]),
                direction=None if year else "back")


@rule(r"(?:Q(?P<q>[1-4])|H(?P<h>[12]))(?:\s*(?:of\s+)?(?P<y><<YEAR>>)|'(?P<yy>\d{2}))?",
      needs=("qnum",), reach=(6, 20), priority=3)
def quarter_short(m: re.Match[str]) -> Spec | None:
    """Q3, Q3 2017, Q3'17, H1 2017 (a half needs its year: "H1" alone is too ambiguous)"""
    if m.group(0)[0] not in "QH":
        return None
    year = int(m["y"]) if m["y"] else (2000 + int(m["yy"]) if m["yy"] else None)
    if m["h"]:
        return None if year is None else Spec(year=year, half=int(m["h"]))
    return Spec(year=year, quarter=int(m["q"]))


@rule(r"(?P<y><<YEAR>>)[\s-]?(?:Q(?P<q>[1-4])|H(?P<h>[12]))", needs=("year4",), reach=(4, 16), priority=4)
def year_quarter_compact(m: re.Match[str]) -> Spec | None:
    """2017-Q3, 2017 H1"""
    if m["q"]:
        return Spec(year=int(m["y"]), quarter=int(m["q"]))
    return Spec(year=int(m["y"]), half=int(m["h"]))


@rule(r"(?:the\s+)?(?P<h>first|second|1st|2nd|last|latter)[\s-]+half(?:\s+of\s+(?:(?:fiscal|the\s+year)\s+)?(?P<y><<YEAR>>)"
      r"|\s+of\s+(?P<rel>this|last|next|the(?:\s+(?:current|previous|following|next))?)\s+(?:fiscal\s+|calendar\s+)?year)?",
      needs=("half",), priority=3)
def half_year(m: re.Match[str]) -> Spec | None:
    h = 1 if m["h"].lower() in ("first", "1st") else 2  # "the last/latter half": the second
    if m["rel"]:  # "the second half of last year"
        return Spec(unit="year", shift=_relative_year_shift(m["rel"]), half=h,
                    anchor_to_mention=m["rel"].lower() == "the")
    if m["h"].lower() in ("last", "latter") and not m["y"]:
        return None  # "the last half of the game", "the last half hour": only with a year
    if not m["y"] and not re.match(r"\s+(?:of\s+(?:the\s+|this\s+|last\s+|next\s+)?year|\w*\s*(?:results|earnings|profits?|sales|revenue|growth|period))\b",
                                   m.string[m.end():m.end() + 40], re.I):
        # "the first half" alone is a sports/film half more often than a half-year
        if not re.search(r"(?:in|during|for|through|by)\s+$", m.string[max(0, m.start() - 12):m.start()], re.I):
            return None
    return Spec(year=int(m["y"]) if m["y"] else None, half=h)


@rule(r"(?:the\s+)?(?P<h>first|last|final|latter)\s+(?:two|2)\s+quarters\s+of\s+(?:(?:fiscal|calendar)\s+)?(?P<y><<YEAR>>)"
      r"|(?:the\s+)?(?P<h6>first|last|final|latter)\s+(?:six|6)\s+months\s+of\s+(?:(?:fiscal|calendar)\s+)?(?P<y6><<YEAR>>)",
      needs=("year4",), priority=3)
def half_as_quarters(m: re.Match[str]) -> Spec | None:
    """the first two quarters of 1990, the last six months of 2016 -> that half (1990-H1)"""
    which = (m["h"] or m["h6"]).lower()
    return Spec(year=int(m["y"] or m["y6"]), half=1 if which == "first" else 2)


@rule(r"(?P<y><<YEAR>>)-W(?P<w>[0-5]\d)(?:-(?P<d>[1-7]))?", needs=("year4",), reach=(4, 16), priority=5)
def iso_week(m: re.Match[str]) -> Spec | None:
    week = int(m["w"])
    if not 1 <= week <= 53:
        return None
    return Spec(year=int(m["y"]), week=week, weekday=int(m["d"]) if m["d"] else None)


@rule(r"(?:calendar\s+)?week\s+(?P<w>[1-9]|[1-4]\d|5[0-3])(?:\s+of\s+(?P<y><<YEAR>>))?(?!\s*(?:%|of\s+(?:the|his|her|their|its)))",
      needs=("unit",), priority=3)
def week_number(m: re.Match[str]) -> Spec | None:
    if not m["y"]:
        return None  # "week 3" of a season or a trial is not an ISO week without a year
    return Spec(year=int(m["y"]), week=int(m["w"]))


@rule(r"(?:the\s+)?(?P<s><<SEASON>>)(?:\s+of)?\s+(?P<y><<YEAR>>)", needs=("season",), priority=4)
def season_year(m: re.Match[str]) -> Spec | None:
    return Spec(year=int(m["y"]), season=lexicon().seasons[m["s"].lower()])


@rule(r"(?:(?P<det>last|next|this)\s+)?(?P<h><<HOLIDAY>>)(?:,?\s+(?P<y><<YEAR>>))?(?P<week>\s+week(?!end))?",
      needs=("holiday",), priority=2)
def holiday(m: re.Match[str]) -> Spec | None:
    """Holidays: Christmas (2016), New Year's Eve, Thanksgiving Day, Easter, last Labor Day;
    "Easter week", "Christmas week" -> the (ISO) week that holds the holiday."""
    direction = {"last": "before", "next": "after", "this": "forward"}.get((m["det"] or "").lower())
    spec = holiday_spec(m["h"], int(m["y"]) if m["y"] else None, direction)
    if spec is not None and m["week"]:
        spec.week_of = True
    return spec


def holiday_spec(written: str, year: int | None = None, direction: str | None = None) -> Spec | None:
    """The Spec of a holiday name as written ("Christmas", "New Year’s Eve"); None when it is
    not capitalized (a common noun) or not a known holiday."""
    if not written[0].isupper():
        return None
    name = " ".join(written.lower().replace("\u2019", "'").split())
    lex = lexicon()
    if name in lex.holidays:
        month, day = lex.holidays[name]
        return Spec(year=year, month=month, day=day, direction=direction)
    if name in lex.movable_holidays or name in lex.easter_holidays:
        return Spec(year=year, holiday=name, direction=direction)
    return None


_TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
         "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9}


# A plural noun after a number counts it ("two thousand students"); an approximator
# before it makes it an amount ("more than two thousand", "some two thousand").
_COUNTED_AFTER = re.compile(r"\s+(?!(?:was|is|has|as|this|its|his|us|thus|plus|less|always)\b)"
                            r"(?-i:[a-z]+s)\b")
_AMOUNT_WORD_BEFORE = re.compile(r"\b(?:(?:more|less|fewer)\s+than|some|nearly|almost|about|"
                                 r"roughly|approximately|over|under|up\s+to|at\s+least)\s+$", re.I)
_SPELLED_YEAR = (
    r"(?P<c>nineteen|eighteen)[\s-]+(?P<t>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-]+(?P<o>one|two|three|four|five|six|seven|eight|nine))?"
    r"|two\s+thousand(?:\s+and)?(?:[\s-]+(?P<o2>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))?")


@rule(_SPELLED_YEAR, needs=("spelled",), priority=2)
def spelled_year(m: re.Match[str]) -> Spec | None:
    """nineteen ninety-six -> 1996 (broadcast transcripts spell years out)."""
    year = _spelled_year_value(m, context=True)
    return Spec(year=year) if year is not None else None


def _spelled_year_value(m: re.Match[str], context: bool) -> int | None:
    """The year a :data:`_SPELLED_YEAR` match spells; with ``context``, "two thousand"
    needs a word before it that introduces a year ("in two thousand", not "two thousand
    troops")."""
    if m["c"]:
        base = 1900 if m["c"].lower() == "nineteen" else 1800
        if m["o"] and _TENS[m["t"].lower()] < 20:
            return None
        return base + _TENS[m["t"].lower()] + (_ONES[m["o"].lower()] if m["o"] else 0)
    if context and not _YEAR_CONTEXT.search(m.string[max(0, m.start() - 12):m.start()]):
        return None  # "two thousand troops"
    if context and (_COUNTED_AFTER.match(m.string, m.end()) or _MEASURE_AFTER.match(m.string, m.end())
                    or _AMOUNT_WORD_BEFORE.search(m.string, max(0, m.start() - 20), m.start())):
        return None  # "more than two thousand students": a count
    o2 = (m["o2"] or "").lower()
    return 2000 + (_ONES.get(o2) or _TENS.get(o2) or 0)


@rule(r"(?:the\s+)?(?:(?P<m><<MONTH_FULL>>)|(?P<s><<SEASON>>)(?:\s+of)?|(?P<yw>year))[\s,]+(?:" + _SPELLED_YEAR + ")",
      needs=("spelled",), priority=3)
def month_or_season_spelled_year(m: re.Match[str]) -> Spec | None:
    """January nineteen ninety-seven -> 1997-01; the winter of nineteen ninety-four ->
    1994-WI; the year two thousand -> 2000 (transcripts spell the year of a month or
    season too)."""
    year = _spelled_year_value(m, context=False)
    if year is None:
        return None
    if m["yw"]:
        return Spec(year=year)
    if m["m"]:
        return Spec(year=year, month=month_of(m["m"]))
    return Spec(year=year, season=lexicon().seasons[m["s"].lower()])

"""Weekdays and month names without a year ("on Friday", "in December", "Sept. 22",
"last May", "the 22nd"): the resolver picks the year/week from the anchor and the tense."""

from __future__ import annotations

import re
from functools import cache

from timeline.temporal.lexicon import lexicon
from timeline.temporal.rules import expand, month_of, ordinal_or_int, rule, weekday_of
from timeline.temporal.spec import Spec

# "last Friday" = the one before the anchor; "this Friday" = the nearest one.
_DET_DIRECTION = {
    "last": "before", "past": "before", "this past": "before", "previous": "before",
    "next": "after", "coming": "after", "this coming": "after", "this": "forward",
    "upcoming": "after", "following": "after",
}
# A name alone is a month only after one of these (or at the start of a sentence for the
# unambiguous months): "in May", "since March", "last April".
_MONTH_CONTEXT = re.compile(
    r"(?:\b(?:in|since|by|until|till|to|from|of|during|before|after|through|throughout|"
    r"between|and|or|early|late|mid|end|beginning|start|middle|on|for|last|next|this|"
    r"past|each|every|until|as\s+of|around|about|than)\s+|mid-)$",
    re.I,
)
# After a month name these make it a person's name or another noun ("May said", "March on").
_NOT_MONTH_AFTER = re.compile(
    r"\s+(?:(?-i:[A-Z][a-z]+)|said|says|told|has|had|is|was|will|would|could|should|"
    r"and\s+(?-i:[A-Z])[a-z]+\s+(?:said|have|were))",
)


@cache
def _name_traps() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    words_before = "|".join(re.escape(w) for w in lex.weekday_traps_before)
    words_after = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in lex.weekday_traps_after)
    return (re.compile(r"\b(?:" + words_before + r")\s+$"),
            re.compile(r"\s+(?:" + words_after + r")\b"))


def _in_a_name(m: re.Match[str]) -> bool:
    """"The Sunday Times", "Black Friday": the weekday is part of a name."""
    if m["det"]:
        return False
    before_re, after_re = _name_traps()
    return bool(before_re.search(m.string, max(0, m.start() - 16), m.start())
                or after_re.match(m.string, m.end()))


def _direction(det: str | None) -> str | None:
    if not det:
        return None
    return _DET_DIRECTION.get(" ".join(det.lower().split()))


# "following Wednesday's agreement": there "following" is the preposition (after) and the
# weekday names the agreement's day; "(the) following Wednesday" alone looks ahead.
@rule(r"(?:(?P<det>this\s+past|this\s+coming|last|next|this|coming|past|upcoming"
      r"|(?:the\s+)?(?:previous|preceding)|the\s+following|following(?!\s+\w+\s?['’]s\b))\s+)?"
      r"(?P<wd><<WEEKDAY>>)",
      needs=("weekday",), reach=(24, 12), priority=1)
def weekday(m: re.Match[str]) -> Spec | None:
    """Friday -> the Friday nearest the anchor in the sentence's tense direction.

    A possessive ("Friday's strike") names a known event: the nearest Friday, whatever
    the tense of the clause, and a past one unless the coming one is clearly nearer
    ("Thursday's closing price" in a Monday paper is 4 days back, not 3 ahead). "The previous Friday"/"the following Monday" look back or
    forward from the date just mentioned (as "the day before" does), not from the
    publication date that "last Friday"/"next Monday" count from."""
    if _in_a_name(m):
        return None
    det = " ".join((m["det"] or "").lower().split()).removeprefix("the ")
    if det in ("previous", "preceding", "following"):
        return Spec(weekday=weekday_of(m["wd"]), anchor_to_mention=True,
                    direction="after" if det == "following" else "before")
    direction = _direction(m["det"]) or _incident_after(m)
    if direction is None and m.string.startswith(("'s", "’s", " 's", " ’s"), m.end()):
        direction = "nearest_back"
    return Spec(weekday=weekday_of(m["wd"]), direction=direction)


@rule(r"(?:(?P<det>this\s+past|this\s+coming|last|next|this|coming|past)\s+)?"
      r"(?P<wd><<WEEKDAY>>)(?:\s+|-)(?P<p><<PART>>)",
      needs=("weekday",), priority=2)
def weekday_part_of_day(m: re.Match[str]) -> Spec | None:
    """Friday morning -> 2017-09-22TMO"""
    if m["p"][0].isupper() and not m["p"].isupper():
        return None  # "Monday Night Football": a title
    return Spec(weekday=weekday_of(m["wd"]), part=lexicon().parts_of_day[m["p"].lower()],
                direction=_direction(m["det"]))


@rule(r"(?:(?P<wd><<WEEKDAY_ANY>>)\s?,?\s+)?(?P<m><<MONTH>>)\s+(?P<d><<DAYTH>>)(?:\s*[-–]\s*(?P<d2><<DAY>>)(?!\s*,?\s*\d))?"
      r"(?!\s*(?:,\s*)?(?:\d(?!\d{3}\s*(?:GMT|UTC|hrs\b|hours\b|local\s+time\b))|(?:miles|people|percent|km)\b))",
      needs=("month",), reach=(24, 32), priority=3)
def month_day(m: re.Match[str]) -> Spec | None:
    """Sept. 22 / September 22nd / Friday, Sept. 22 (year from the anchor and tense).
    A range "Dec. 6-7" is tagged whole with the value of its first day."""
    month, day = month_of(m["m"]), ordinal_or_int(m["d"])
    if month is None or day is None:
        return None
    if m["d2"] and int(m["d2"]) <= day:
        return None
    # "between September 13 and 15 2003": the year written after the second day is this
    # one's too.
    shared = _SHARED_YEAR_AFTER.match(m.string, m.end())
    if not shared and _chronology_entry(m):
        return _entry_spec(month, day)
    return Spec(month=month, day=day, year=int(shared["y"]) if shared else None,
                direction=_observed(m) or _incident_after(m))


@rule(r"(?:(?:(?:this\s+coming|this\s+past|this|last|next|coming)\s+)?(?P<wd><<WEEKDAY_ANY>>)\s?,?\s+)?"
      r"(?P<m><<MONTH_FULL>>)\s+(?:the\s+)?(?P<d><<ORDINAL>>)"
      r"(?![\w-]|\s+(?:quarter|half|round|time|term|place|century|anniversary|largest|biggest|"
      r"highest|lowest|straight|consecutive|day|week|month|year)\b)",
      needs=("month",), reach=(24, 32), priority=3)
def month_ordinal_word(m: re.Match[str]) -> Spec | None:
    """March eighth / September the twenty-second (spoken style, transcripts): a day of
    the month written as an ordinal word."""
    month, day = month_of(m["m"]), lexicon().ordinals.get(m["d"].lower())
    if month is None or day is None or day > 31:
        return None
    if not m["wd"] and re.search(r"(?-i:[A-Z])[\w.]*\s+$", m.string[max(0, m.start() - 16):m.start()]):
        return None  # "Theresa May second ...": a name
    return Spec(month=month, day=day, direction=_incident_after(m))


# A chronology ("April 20, 2010 - Rig explodes.\nApril 22 - The rig sinks ...\nMay 10 -
# BP says ..."): each entry opens a line with its date and a dash or colon.
_ENTRY_AFTER = re.compile(r"\s*(?:\\?/\s*\d{1,2}\s*)?(?:--|[-–—:])\s")


@cache
def _entry_line() -> re.Pattern[str]:
    return re.compile(expand(
        r"^[ \t]*(?:<<MONTH>>\s+<<DAYTH>>|<<DAYTH>>\s+<<MONTH>>)(?:\s*,?\s*\d{4})?"
        r"\s*(?:\\?/\s*\d{1,2}\s*)?(?:--|[-–—:])\s"), re.M)


def _chronology_entry(m: re.Match[str]) -> bool:
    """Whether the date opens an entry of a chronology: it starts its line, a dash or colon
    follows, and an entry shortly before starts the same way."""
    text = m.string
    line_start = text.rfind("\n", 0, m.start()) + 1
    if text[line_start:m.start()].strip() or not _ENTRY_AFTER.match(text, m.end()):
        return False
    return _entry_line().search(text, max(0, line_start - 3000), line_start) is not None


def _entry_spec(month: int, day: int) -> Spec:
    """A chronology runs in order, whatever tense its entries are written in ("May 10 - BP
    says ..."): an entry's date follows the date the chronology just reached (or, much
    nearer, precedes it: a chronology told newest first)."""
    return Spec(month=month, day=day, anchor_to_mention=True, direction="onward")


_SHARED_YEAR_AFTER = re.compile(
    r"\s*(?:and|to|through|until|or|&)\s*(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s?,?\s+"
    r"(?P<y>1\d{3}|20\d\d)(?!\d)", re.I)


@rule(r"(?:(?P<wd><<WEEKDAY_ANY>>),?\s+)?(?:the\s+)?(?P<d><<DAYTH>>|<<ORDINAL>>)(?:\s*[-–]\s*<<DAYTH>>)?\s+(?:of\s+)?(?P<m><<MONTH>>)"
      r"(?!\s*,?\s*\d(?!\d{3}\s*(?:GMT|UTC|hrs\b|hours\b|local\s+time\b)))",
      needs=("month",), reach=(36, 20), priority=3)
def day_month(m: re.Match[str]) -> Spec | None:
    """22 September / the 22nd of September"""
    raw_d = m["d"]
    if raw_d.isdigit() is False and not re.match(r"\d", raw_d) and "of" not in m.group(0).lower():
        return None  # "first May" is not a date; "the first of May" is
    month, day = month_of(m["m"]), ordinal_or_int(raw_d)
    if month is None or day is None:
        return None
    if _chronology_entry(m):
        return _entry_spec(month, day)
    return Spec(month=month, day=day, direction=_incident_after(m))


@rule(r"(?:(?P<det>this\s+past|this\s+coming|last|next|this|coming|past|previous)\s+)?"
      r"(?P<m><<MONTH>>)(?!\s*\d)",
      needs=("month",), reach=(24, 16), priority=1)
def month_name(m: re.Match[str]) -> Spec | None:
    """December -> 2016-12 in a past sentence written in September 2017."""
    word = m["m"]
    name = word.lower().rstrip(".")
    is_abbrev = name not in lexicon().month_full
    if is_abbrev and not word.endswith("."):
        return None  # "Jan", "Mar" without a dot are names and words too often
    if word.isupper() and len(word) > 1 and not m.string[max(0, m.start() - 30):m.start()].isupper():
        return None  # "MAY" inside normal text is an acronym
    if not m["det"]:
        before = m.string[max(0, m.start() - 16):m.start()]
        after = m.string[m.end():m.end() + 30]
        has_context = bool(_MONTH_CONTEXT.search(before))
        if (not has_context and name not in lexicon().ambiguous_months
                and re.search(r"\bthe\s+$", before, re.I)):
            has_context = True  # "The November election" (not "the march", "the may")
        if name in lexicon().ambiguous_months and not has_context:
            return None
        if not has_context and _NOT_MONTH_AFTER.match(after):
            return None
        if re.search(r"(?-i:[A-Z])[\w.]*\s+$", before) and not has_context:
            return None  # "Theresa May", "Ted June"
        if re.match(r"\s+(?:\d{1,2}:\d\d|\d)", after):
            return None
    direction = _direction(m["det"])
    if direction == "before" and m["det"].lower() == "last":
        direction = "last_named"  # "last February" said in March: see resolver
    return Spec(month=month_of(word), direction=direction or _observed(m) or _incident_after(m))


# "rose to $42 in June from $29.75 in March", "compared with 5.1% in May": the figure a
# change is measured from was observed, so its month has passed, whatever the tense.
_OBSERVED_BEFORE = re.compile(
    r"\b(?:from|compared\s+(?:with|to)|versus|vs\.)\s+(?:about\s+|roughly\s+|nearly\s+)?"
    r"(?:[$£€#]\s?|(?:US|C|A|HK)\$\s?)?\d[\d.,]*(?:\s*(?:%|percent|cents?|million|billion|"
    r"trillion|a\s+share|points?|yen|marks|francs|pounds|dollars|euros|barrels|tons|units))*"
    r"\s+(?:in|during|on)\s+$", re.I)


def _observed(m: re.Match[str]) -> str | None:
    """"on_or_before" for the date of a figure a change is measured from."""
    if _OBSERVED_BEFORE.search(m.string, max(0, m.start() - 60), m.start()):
        return "on_or_before"
    return None


# A date naming an incident ("the October slaying", "the Aug. 7 embassy bombings") points
# back: news names attacks, crashes and disasters after they happen, whatever the tense
# of the clause ("prosecutors will present evidence in the October slaying"; tokenized
# text writes the possessive apart: "April 's disaster").
_INCIDENT_AFTER = re.compile(
    r"(?:\s?['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:slayings?|killings?|attacks?|bombings?|blasts?|shootings?|"
    r"crash(?:es)?|massacres?|murders?|assassinations?|raids?|earthquakes?|quakes?|"
    r"explosions?|coup|invasion|uprising|riots?|disasters?|tragedy|ambush|hijackings?|"
    r"kidnapping|abduction|stabbing|shelling|airstrikes?|air\s+strikes?)\b", re.I)


def _incident_after(m: re.Match[str]) -> str | None:
    if _INCIDENT_AFTER.match(m.string, m.end()):
        return "on_or_before"
    return _taking_effect(m)


# "named chairman, effective Feb. 1": a change announced now takes effect on a date
# ahead (the nearest such date on or after the anchor), whatever the verb's tense.
# ("was effective Friday", "became effective Oct. 1" report it as done: the tense decides).
_EFFECTIVE_BEFORE = re.compile(
    r"(?:(?<!\bwas\s)(?<!\bwere\s)(?<!\bbecame\s)(?<!\bbeen\s)\beffective"
    # "takes effect Jan. 1", "goes into effect on Monday" (present: a rule still to apply)
    r"|\b(?:takes|goes|comes|(?:will|would|shall|to)\s+(?:take|go|come))\s+(?:into\s+)?"
    r"(?:effect|force))\s+"
    r"(?:as\s+of\s+|on\s+|from\s+|in\s+)?$", re.I)


def _taking_effect(m: re.Match[str]) -> str | None:
    return "forward" if _EFFECTIVE_BEFORE.search(m.string, max(0, m.start() - 24), m.start()) else None


@rule(r"(?:(?P<d><<DAYTH>>)\s+(?:of\s+)?)?(?P<m><<MONTH>>)(?:\s+(?P<d2><<DAYTH>>))?,?\s+(?:of\s+)?(?P<det>last|next|this)\s+year",
      needs=("month",), reach=(16, 28), priority=4)
def month_of_relative_year(m: re.Match[str]) -> Spec | None:
    """June last year -> 2016-06; Jan. 19 next year"""
    shift = {"last": -1, "next": 1, "this": 0}[m["det"].lower()]
    day = ordinal_or_int(m["d"] or m["d2"]) if (m["d"] or m["d2"]) else None
    return Spec(unit="year", shift=shift, month=month_of(m["m"]), day=day)


@rule(r"the\s+(?P<d>(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th))(?!\s*(?:of\s+)?(?:<<MONTH>>"
      r"|(?!(?:and|or|to|through|until|till|when|as|but|after|before|at)\b)\w))",
      needs=("ordinal",), reach=(8, 24), priority=1)
def day_of_month_alone(m: re.Match[str]) -> Spec | None:
    """'on the 22nd' -> the 22nd of the anchor's month (or the one before/after)."""
    before = m.string[max(0, m.start() - 12):m.start()]
    if not re.search(r"\b(?:on|by|until|till|since|from|before|after|to)\s+$", before, re.I):
        return None
    return Spec(day=ordinal_or_int(m["d"]))


@rule(r"(?P<d>(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?)(?:\s?,?\s+(?P<y><<YEAR>>))?"
      r"(?=\s*(?:[.,;:)!?]|and\b|or\b|in\b|at\b|$))",
      needs=("digit",), reach=(2, 16), priority=0)
def coordinated_day(m: re.Match[str]) -> Spec | None:
    """"on April 24 and 25" / "March 3, 4 and 5": the later days share the month named
    first (each day is its own expression, as TimeML annotates them)."""
    before = _coordinated_before().search(m.string, max(0, m.start() - 40), m.start())
    if before is None:
        return None
    month, day = month_of(before["m"]), ordinal_or_int(m["d"])
    if month is None or day is None or day <= (ordinal_or_int(before["d"]) or 0):
        return None  # "May 2 and 1" is not a list of days
    return Spec(month=month, day=day, year=int(m["y"]) if m["y"] else None)


@cache
def _coordinated_before() -> re.Pattern[str]:
    """"April 24 and " / "March 3, 4 and " right before a coordinated day (compiled once,
    after the lexicon is loaded)."""
    return re.compile(expand(
        r"(?<![\w.])(?P<m><<MONTH>>)\s+(?P<d>(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?)"
        r"(?:\s*,\s*(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?)*\s*(?:,\s*|\s+(?:and|or|to|through|until|till)\s+|\s*&\s*)$"))


@rule(r"the\s+(?P<p>morning|afternoon|evening|night)\s+of\s+(?:(?P<wd><<WEEKDAY>>)(?:,?\s+(?=<<MONTH>>|\d))?)?"
      r"(?:(?P<m><<MONTH>>)\s+(?P<d><<DAYTH>>)(?!\s*[-–]\s*\d)(?:\s?,\s*(?P<y><<YEAR>>))?"
      r"|(?P<d1><<DAYTH>>)\s+(?P<m1><<MONTH>>)(?:\s?,?\s+(?P<y1><<YEAR>>))?)?",
      needs=("part",), reach=(8, 56), priority=4)
def part_of_named_day(m: re.Match[str]) -> Spec | None:
    """the night of Sept. 21 -> 2017-09-21TNI; the morning of Friday -> 2017-09-22TMO."""
    if not m["wd"] and not m["m"] and not m["m1"]:
        return None
    part = lexicon().parts_of_day[m["p"].lower()]
    if m["m"] or m["m1"]:
        month, day = month_of(m["m"] or m["m1"]), ordinal_or_int(m["d"] or m["d1"])
        year = m["y"] or m["y1"]
        if month is None or day is None:
            return None
        return Spec(year=int(year) if year else None, month=month, day=day, part=part)
    return Spec(weekday=weekday_of(m["wd"]), part=part)


@rule(r"the\s+(?P<n>first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\s+(?P<wd><<WEEKDAY>>)\s+"
      r"(?:of|in)\s+(?P<m><<MONTH>>)(?:\s?,?\s+(?P<y><<YEAR>>))?",
      needs=("weekday",), reach=(24, 40), priority=4)
def nth_weekday_of_month(m: re.Match[str]) -> Spec | None:
    """the first Tuesday of November (2017) -> 2017-11-07; the last Friday in June."""
    word = m["n"].lower()
    nth = -1 if word == "last" else ordinal_or_int(word)
    if nth is None:
        return None
    return Spec(year=int(m["y"]) if m["y"] else None, month=month_of(m["m"]),
                weekday=weekday_of(m["wd"]), nth=nth)


@rule(r"the\s+week\s+of\s+(?P<m><<MONTH>>)\s+(?P<d><<DAYTH>>)(?:\s?,?\s+(?P<y><<YEAR>>))?",
      needs=("month",), reach=(16, 32), priority=4)
def week_of_date(m: re.Match[str]) -> Spec | None:
    """the week of March 6 -> the ISO week containing March 6"""
    month, day = month_of(m["m"]), ordinal_or_int(m["d"])
    if month is None or day is None:
        return None
    return Spec(year=int(m["y"]) if m["y"] else None, month=month, day=day, week_of=True)


_WEEK_ORDINALS = {"first": 1, "second": 8, "third": 15, "fourth": 22}


@rule(r"the\s+(?P<o>first|second|third|fourth|last|final)\s+week\s+of\s+(?P<m><<MONTH>>)(?:\s?,?\s+(?P<y><<YEAR>>))?",
      needs=("month",), reach=(36, 24), priority=4)
def nth_week_of_month(m: re.Match[str]) -> Spec | None:
    """the first week of March (2017) -> the ISO week of March 1; the last week of June ->
    the ISO week around the middle of the month's last seven days (June 27)."""
    month = month_of(m["m"])
    if month is None:
        return None
    nth = m["o"].lower()
    day = _WEEK_ORDINALS.get(nth) or (25 if month == 2 else 27)
    return Spec(year=int(m["y"]) if m["y"] else None, month=month, day=day, week_of=True)

"""Modifiers written before an expression ("early", "mid-", "the end of", "about",
"more than"): they widen the span and set the TIMEX3 ``mod``. Phrases are lexicon data."""

from __future__ import annotations

import re
from functools import cache

from timeline.temporal.lexicon import alternation, lexicon


@cache
def _modifier_regex() -> re.Pattern[str]:
    phrases = alternation(lexicon().modifiers)
    # Anchored at the end of the text before the expression: "... in early " / "mid-".
    # "the late 1980s": a determiner before early/mid/late belongs to the expression.
    return re.compile(r"(?<![\w-])(?P<the>the\s+)?(?P<mod>" + phrases + r")(?:\s*-\s*|\s+)$", re.I)


@cache
def _modifier_regex_no_the() -> re.Pattern[str]:
    phrases = alternation(lexicon().modifiers)
    return re.compile(r"(?<![\w-])(?P<the>)(?P<mod>" + phrases + r")(?:\s*-\s*|\s+)$", re.I)


_AMOUNT_START = re.compile(r"(?:\d|an?\b|one|two|three|four|five|six|seven|eight|nine|ten|"
                           r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|"
                           r"half|a\s+few|several|a\s+couple|a\s+dozen)", re.I)


# "over" after a verb is "during" ("has evolved over several years", "can be used over three
# years"), except after verbs that measure a length of time ("lasted over a week", "waited
# over three years"), where it means "more than".
_OVER_MEANS_DURING = re.compile(
    r"\b(?!(?:last|wait|spen[dt]|took|take|taken|stay|remain|serve|run|ran|live|lasting|"
    r"waiting|staying|remaining|serving|running|living)(?:s|ed|ing)?\s)"
    r"(?:[a-z]+(?:ed|ing|en)|be|rise|rose|fall|fell|grow|grew|spread|change|vary)\s+$", re.I)


# Approximators that also go before a calendar date ("around Nov. 1", "around year end");
# "about" does not ("questions about Friday's vote" names a topic).
_APPROXIMATE_A_DATE = frozenset({"around", "approximately", "circa"})
_CALENDAR_DATE_START = re.compile(
    r"(?-i:[A-Z][a-z]{2,8}\.?)\s+\d{1,2}\b(?!['’])|(?:the\s+)?(?:year|month|quarter)[\s-]end\b", re.I)
# After these verbs "about" introduces a topic ("talking about three days"); not after a
# passive, which has taken its object ("the warnings were heard about 10 years ago").
_TOPIC_VERB_BEFORE = re.compile(
    r"\b(?:talk|talks|talking|talked|think|thinks|thinking|thought|worry|worries|worried|"
    r"ask|asks|asked|asking|know|knows|knew|care|cares|cared|learn|learned|hear|heard|"
    r"speak|spoke|speaking|write|wrote|writing|question|questions|concerns?|concerned)\s+$",
    re.I)


# Participles that, after "was"/"were", are passives (unlike "worried", "concerned").
_PASSIVE_PARTICIPLES = frozenset({"heard", "talked", "learned", "asked", "thought", "questioned"})
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+$", re.I)


_SEASON_START = re.compile(r"(?:spring|summer|fall|autumn|winter)\b", re.I)
# "over a three-year period": a stretch named by a noun is gone through, not exceeded.
_A_PERIOD = re.compile(r"(?:a|an|the)\s+\S+\s+(?:period|span|stretch|interval|window|time\s+frame)\b",
                       re.I)


@cache
def _last_words() -> frozenset[str] | None:
    """The last word of every modifier phrase, lowercase (None when one is not plain ASCII
    letters: then :func:`no_modifier_before` cannot tell and says nothing)."""
    words = frozenset(phrase.split()[-1].lower() for phrase in lexicon().modifiers)
    return words if all(w.isascii() and w.isalpha() for w in words) else None


_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_WINDOW = 40  # how far before the expression a modifier phrase is looked for


def no_modifier_before(text: str, start: int) -> bool:
    """True when no modifier phrase can end right before ``start`` (so
    :func:`modifier_before` returns None), read without a regex: the phrase must end with
    one of :func:`_last_words` as a whole ASCII word, then white space or a hyphen. Most
    expressions follow "on", "in" or "the": this costs a fraction of the ``$``-anchored
    search, which tries every position of its window. False means "maybe"."""
    last = _last_words()
    if last is None or start <= 0:
        return last is not None
    seg = text[max(0, start - _WINDOW):start]
    stripped = seg.rstrip()  # the separator: \s+ or \s*-\s* (str.isspace is \s)
    if stripped.endswith("-"):
        stripped = stripped[:-1].rstrip()
    elif len(stripped) == len(seg):
        return True  # neither white space nor a hyphen right before the expression
    k = len(stripped)
    while k and stripped[k - 1] in _ASCII_LETTERS:
        k -= 1
    if k == 0 or not stripped[k - 1].isascii():
        return False  # the word may go on before the window, or a case-folding letter
    return stripped[k:].lower() not in last


def modifier_before(text: str, start: int, typ: str, *, era: bool = False,
                    offset: bool = False) -> tuple[int, str] | None:
    """(new start, mod) when a modifier phrase ends right before ``start`` and applies to
    an expression of type ``typ``; otherwise None. The phrase joins the span ("about two
    years", "more than a decade ago"), except those listed in the lexicon's
    ``modifiers_outside_span``. ``era`` (a year, decade or century) lets "the" before
    early/mid/late join the span: "the late 1980s". ``offset`` says the expression counts
    back or ahead from a date ("20 years ago"): "over" then always means "more than", and
    "nearly" stays an approximation of the date rather than a shorter length."""
    if no_modifier_before(text, start):
        return None
    window_start = max(0, start - _WINDOW)
    # A season is an era too: "the early summer" as "the summer" keeps its "the".
    era = era or _SEASON_START.match(text, start) is not None
    m = _modifier_regex().search(text, window_start, start)
    if m is None:
        return None
    if m["the"] and not era:
        m = _modifier_regex_no_the().search(text, window_start, start)
        if m is None:
            return None
    phrase = " ".join(m["mod"].lower().split())
    mod = lexicon().modifiers.get(phrase)

    if mod is None or typ not in lexicon().modifier_types.get(mod, frozenset()):
        return None
    if mod in ("BEFORE", "AFTER") and "-" not in m.group(0)[m.end("mod") - m.start():]:
        return None  # "pre-"/"post-" are prefixes: "his post 2017" is no date modifier
    lex = lexicon()
    if phrase in lex.modifiers_of_amounts and not _AMOUNT_START.match(text, start) and not (
            phrase in _APPROXIMATE_A_DATE and _CALENDAR_DATE_START.match(text, start)):
        return None  # "over the past 20 years", "about Friday's vote"
    if phrase == "about":
        topic = _TOPIC_VERB_BEFORE.search(text, max(0, m.start() - 16), m.start())
        if topic is not None and not (
                topic.group(0).rstrip().lower() in _PASSIVE_PARTICIPLES
                and _BE_BEFORE.search(text, max(0, topic.start() - 8), topic.start())):
            return None  # "I am talking about three days": the topic, not an approximation
    if phrase == "over" and not offset and (
            _OVER_MEANS_DURING.search(text, max(0, m.start() - 24), m.start())
            or _A_PERIOD.match(text, start)):
        return None  # "evolved over several years", "over a three-year period": during
    if phrase in lex.modifiers_short_of and typ == "DURATION" and not offset:
        mod = "LESS_THAN"  # "nearly three decades": a little less than thirty years
    if phrase in lex.modifiers_outside_span:
        return start, mod
    if m["the"] and mod not in ("START", "MID", "END"):
        return m.start("mod"), mod
    return m.start(), mod

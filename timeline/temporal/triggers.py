"""The tagger's prefilter: one cheap pass over the words of a text that finds the
trigger words of the grammar (a digit, a month or weekday name, a unit, "today", "now"...)
and their categories. Rules only run in small windows around triggers of the categories
they need, so text without temporal words costs one tokenizing pass and nothing else."""

from __future__ import annotations

import re
from functools import cache

from timeline.temporal.lexicon import lexicon, trie_alternation

_TOKEN = re.compile(r"[A-Za-z]+|\d+")  # the words of a text (ASCII letters) and numbers

# Categories (the ``needs`` of rules):
#   digit year4 month weekday unit dayword part season ref set noon clock decade fiscal
#   half holiday spelled, and for numbers by what surrounds them: clocktime (3:30, 9 a.m.),
#   slash (9/22), dotted (22.9.), decadenum (1990s, '90s), ordinal (22nd), qnum (Q3)
CATEGORIES = frozenset(
    "digit year4 month weekday unit dayword part season ref set noon clock decade fiscal "
    "half holiday spelled clocktime slash dotted decadenum ordinal qnum quarter century".split()
)
_CLOCK_AFTER = re.compile(r":\d|\.\d\d\s*[ap]\.?m|\s*(?:[ap]\.?m\b|[ap]\.m\.|hours\b|hrs\b)", re.I)
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th)\b", re.I)


@cache
def _next_tests() -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The ASCII characters a match of _CLOCK_AFTER / _ORDINAL_AFTER can start with, read
    off the patterns (None: test nothing first). Most numbers are followed by a space and
    a word: one set lookup spares the pattern."""
    from timeline.temporal.scanning import ascii_first_chars

    return ascii_first_chars(_CLOCK_AFTER), ascii_first_chars(_ORDINAL_AFTER)


def _may_start(nxt: str, first: frozenset[str] | None) -> bool:
    """Whether a match may start with ``nxt`` (any non-ASCII character may)."""
    return first is None or nxt in first or (nxt != "" and not nxt.isascii())


@cache
def _word_categories() -> dict[str, frozenset[str]]:
    lex = lexicon()
    table: dict[str, set[str]] = {}

    def add(word: str, cat: str) -> None:
        table.setdefault(word.lower(), set()).add(cat)

    for unit in lex.units:
        add(unit, "unit")
        add(unit + "s", "unit")
    for word in ("centuries", "millennia"):
        add(word, "unit")
    for word in ("century", "centuries"):
        add(word, "century")
    for word in ("quarter", "quarters"):
        add(word, "quarter")
    add("eve", "holiday")
    for word in ("today", "yesterday", "tomorrow", "tonight"):
        add(word, "dayword")
    for word in lex.parts_of_day:
        add(word, "part")
        add(word + "s", "part")
    for word in lex.seasons:
        add(word, "season")
    for word in ("now", "current", "currently", "recently", "lately", "formerly", "past", "present",
                 "presently", "nowadays", "future", "term", "moment", "someday", "days",
                 "times", "once", "period"):
        add(word, "ref")
    for word in ("daily", "nightly", "hourly", "weekly", "biweekly", "fortnightly", "monthly",
                 "bimonthly", "quarterly", "annually", "yearly", "biannually", "semiannually",
                 "every", "each", "twice", "thrice"):
        add(word, "set")
    for word in ("noon", "midnight", "midday"):
        add(word, "noon")
    add("clock", "clock")
    for word in ("twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                 "eighties", "nineties"):
        add(word, "decade")
    for word in ("fiscal", "fy"):
        add(word, "fiscal")
    add("half", "half")
    for name in (*lex.holidays, *lex.movable_holidays, *lex.easter_holidays):
        for word in re.findall(r"[a-z]+", name):
            if word not in ("day", "eve", "s", "st", "new", "year", "week"):
                add(word, "holiday")
    for word in ("nineteen", "eighteen", "thousand"):
        add(word, "spelled")
    return {w: frozenset(c) for w, c in table.items()}


@cache
def _proper_names() -> dict[str, str]:
    """Month and weekday names (and weekday plurals), which must be capitalized."""
    lex = lexicon()
    names: dict[str, str] = {}
    for name in lex.month_names:
        names[name] = "month"
    for name in lex.weekday_names:
        names[name] = "weekday"
    for name in lex.weekday_full:
        names[name + "s"] = "weekday"
    return names


def triggers(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, frozenset[str]]]:
    """(start, end, categories) of every trigger word in ``text[start:end]``.

    The words of the text are the maximal runs of ASCII letters or of digits. A regex
    over the lowercased text jumps from one non-letter to the next (its character-set scan
    runs inside the regex engine) and stops only before numbers and vocabulary words, so
    Python sees a few tokens per sentence instead of every word.
    """
    stop = len(text) if end is None else min(end, len(text))
    part = text[start:stop]
    low = " " + part.lower()  # a separator first: a word at ``start`` has one before it
    if len(low) != len(part) + 1 or "\u212a" in part:
        # lower() does not line up with the text (Kelvin sign, dotted I): token by token.
        return _triggers_by_token(text, start, stop)
    offset = start - 1
    out: list[tuple[int, int, frozenset[str]]] = []
    for m in _trigger_scan().finditer(low):
        if m.start(3) >= 0:
            s, e = m.span(3)
            _word_trigger(text, s + offset, e + offset, out)
            continue
        s, e = m.start() + offset, m.end(1) + offset
        out.append((s, e, _number_categories(text, s, e, text[s:e])))
        if m.start(2) >= 0:  # a word right after the number: "5pm"
            s, e = m.span(2)
            _word_trigger(text, s + offset, e + offset, out)
    return out


def _word_trigger(text: str, s: int, e: int, out: list[tuple[int, int, frozenset[str]]]) -> None:
    tok = text[s:e]
    low = tok.lower()
    cats = _word_categories().get(low)
    if low == "year" and text.startswith(("'s", "’s"), e):
        cats = _cats("unit", "holiday")  # "New Year's Day"
    if cats is not None:
        out.append((s, e, cats))
    kind = _proper_names().get(low)
    if kind is not None and tok[0].isupper():
        out.append((s, e, frozenset({kind})))


def _triggers_by_token(text: str, start: int, stop: int) -> list[tuple[int, int, frozenset[str]]]:
    """The reference tokenizer: every word of the text in Python (also the fallback)."""
    out: list[tuple[int, int, frozenset[str]]] = []
    for m in _TOKEN.finditer(text, start, stop):
        tok = m.group(0)
        if tok[0].isdigit():
            out.append((m.start(), m.end(), _number_categories(text, m.start(), m.end(), tok)))
        else:
            _word_trigger(text, m.start(), m.end(), out)
    return out


@cache
def _trigger_scan() -> re.Pattern[str]:
    """On the lowercased text: a non-letter, then either the digits of a number that starts
    there (group 1 after the first digit; group 2 a vocabulary word right after it) or a
    vocabulary word (group 3). Lookaheads only: the next match may start at the next
    character, so a word right after a number keeps the number's last digit as its lead."""
    vocabulary = sorted(w for w in (*_word_categories(), *_proper_names()) if re.fullmatch("[a-z]+", w))
    word = "(?:" + trie_alternation(vocabulary) + ")(?![a-z])"
    return re.compile(r"[^a-z](?:(?<=(?<!\d)\d)(?=(\d*)(" + word + r")?)|(?<!\d)(?=(" + word + r")))")


@cache
def _cats(*names: str) -> frozenset[str]:
    return frozenset(names)


def _number_categories(text: str, start: int, end: int, tok: str) -> frozenset[str]:
    """Categories of a number from its shape and neighbours, so that the rules for clock
    times, slashed dates or decades only look at numbers that could be one."""
    names = ["digit"]
    if len(tok) == 4 and "1000" <= tok <= "2099":
        names.append("year4")
    nxt = text[end:end + 1]
    prev = text[start - 1:start] if start else ""
    if nxt == "/" or prev == "/":
        names.append("slash")
    elif nxt == "." and text[end + 1:end + 2].isdigit():
        names.append("dotted")
    if nxt == "s" or text.startswith(("'s", "’s"), end) or prev in ("'", "’"):
        names.append("decadenum")
    if prev in ("Q", "q", "H"):
        names.append("qnum")
    clock_next, ordinal_next = _next_tests()
    if len(tok) <= 4 and _may_start(nxt, clock_next) and _CLOCK_AFTER.match(text, end):
        names.append("clocktime")
    if _may_start(nxt, ordinal_next) and _ORDINAL_AFTER.match(text, end):
        names.append("ordinal")
    return _cats(*names)

"""Rules of the temporal grammar, ctparse style: small named functions with a pattern.

A rule's production receives the regex match and returns a :class:`Spec` (what the text
says) or ``None`` (not a time expression after all). Patterns use ``<<NAME>>`` fragments
built from the lexicon (see :func:`fragments`); they are compiled case-insensitively, with
month and weekday names required to be capitalized.

Every rule module registers its rules on import; :func:`all_rules` imports them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from timeline.temporal.lexicon import alternation, lexicon
from timeline.temporal.spec import Spec

Production = Callable[[re.Match[str]], Spec | None]

RULE_MODULES = (
    "absolute", "weekdays_months", "relative", "times", "durations", "sets", "references",
)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    production: Production
    needs: frozenset[str]  # trigger categories (triggers.py); the rule runs around them
    priority: int  # tie-breaker between equally long matches: higher wins
    module: str
    # How far (characters) a match can start before its trigger word and end after it,
    # lookaheads included: the search window around each trigger.
    reach: tuple[int, int] = (40, 48)


_REGISTRY: list[Rule] = []


# Compound number words: "twenty four", "forty-eight".
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"


@cache
def fragments() -> dict[str, str]:
    lex = lexicon()
    full_months = lex.month_full
    abbrevs = [w for w in lex.month_names if w not in full_months]
    units_sg = list(lex.units)
    return {
        # A month name, or an abbreviation with an optional dot ("Sept.", "Sep").
        "MONTH": "(?:" + alternation(full_months, capitalized=True) + "|"
        + alternation(abbrevs, capitalized=True) + r"\.?)",
        "MONTH_FULL": alternation(full_months, capitalized=True),
        "WEEKDAY": alternation(lex.weekday_full, capitalized=True),
        "WEEKDAY_ANY": "(?:" + alternation(lex.weekday_full, capitalized=True) + "|"
        + alternation([w for w in lex.weekday_names if w not in lex.weekday_full],
                      capitalized=True) + r"\.?)",
        "DAY": r"(?:0?[1-9]|[12][0-9]|3[01])(?!\d)",
        "DAYTH": r"(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?(?!\d)",
        "ORDINAL": alternation(lex.ordinals),
        # Not a clock written as four digits: "19 January, 1300 GMT".
        "YEAR": r"(?:1[0-9]{3}|20[0-9]{2})(?!\d|\s*(?:GMT|UTC|hrs\b|hours\b|local\s+time\b|Zulu\b))",
        "NUMWORD": alternation([w for w in lex.numbers]),
        "NUM": r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\s+1/2|½)|\d+(?:\.\d+)?|"
        + _TENS + r"[-\s]" + _ONES + "|" + alternation(lex.numbers) + ")",
        "UNIT": alternation(units_sg),
        "UNITS": "(?:" + alternation(units_sg) + "|centuries|millennia)s?",
        "SEASON": alternation(lex.seasons),
        "PART": alternation(lex.parts_of_day),
        "RELDET": alternation(lex.relative_determiners),
        "VAGUE": alternation(lex.vague),
        "HOLIDAY": alternation([*lex.holidays, *lex.movable_holidays, *lex.easter_holidays])
        .replace("'", "['’]"),
    }


def expand(pattern: str) -> str:
    frags = fragments()
    return re.sub(r"<<([A-Z_]+)>>", lambda m: frags[m.group(1)], pattern)


def rule(pattern: str, *, needs: tuple[str, ...], priority: int = 0,
         reach: tuple[int, int] = (40, 48),
         name: str | None = None) -> Callable[[Production], Production]:
    """Register ``production`` under its function name with ``pattern``.

    The pattern is wrapped in word boundaries; a pattern that can match the empty string
    is rejected at import time (it would match everywhere).
    """
    from timeline.temporal.triggers import CATEGORIES

    unknown = set(needs) - CATEGORIES
    if unknown:
        raise ValueError(f"unknown trigger categories {sorted(unknown)} for {pattern!r}")
    # The start must not be inside a word, a number, a path or an amount; after a hyphen
    # only "mid-", "pre-", "post-", "early-", "late-" and year ranges ("2010-2014") allow
    # a start. The common case (a plain word start) is tested first: it is the fast path.
    compiled = re.compile(
        r"(?:(?<![\w/.:'$£€\-–])|(?<=[-–])(?:(?<=mid-)|(?<=pre-)|(?<=post-)|(?<=early-)"
        r"|(?<=late-)|(?<=\b\d{4}[-–])(?=\d{4}\b)))(?:" + expand(pattern)
        + r")(?![\w/]|-\d(?!\d{3}\b)|:\d)",
        re.I)
    if compiled.match(""):
        raise ValueError(f"rule pattern matches the empty string: {pattern!r}")

    def register(fn: Production) -> Production:
        _REGISTRY.append(Rule(name or fn.__name__, compiled, fn, frozenset(needs), priority,
                              fn.__module__.rsplit(".", 1)[-1], reach))
        return fn

    return register


@cache
def all_rules() -> tuple[Rule, ...]:
    import importlib

    for mod in RULE_MODULES:
        importlib.import_module(f"timeline.temporal.rules.{mod}")
    names = [r.name for r in _REGISTRY]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ValueError(f"duplicate rule names: {sorted(dupes)}")
    return tuple(_REGISTRY)


def month_of(word: str) -> int | None:
    return lexicon().month_names.get(word.lower().rstrip(".").strip())


def weekday_of(word: str) -> int | None:
    return lexicon().weekday_names.get(word.lower().rstrip(".").strip())


def ordinal_or_int(word: str) -> int | None:
    w = word.lower().strip()
    if w in lexicon().ordinals:
        return lexicon().ordinals[w]
    digits = re.match(r"\d+", w)
    return int(digits.group(0)) if digits else None


def int_or_none(s: str | None) -> int | None:
    return int(s) if s and s.isdigit() else None

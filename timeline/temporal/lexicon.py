"""The grammar's word lists, loaded once from ``data/lexicon.yaml``.

Rules build their regular expressions from these tables (see :func:`alternation`), so
adding a spelling is a data change, not a code change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
LEXICON_FILE = DATA_DIR / "lexicon.yaml"


@dataclass(frozen=True)
class Lexicon:
    month_names: dict[str, int]  # full names and abbreviations -> 1..12
    month_full: dict[str, int]  # full names only
    ambiguous_months: frozenset[str]
    weekday_names: dict[str, int]  # -> 1 (Monday) .. 7 (Sunday)
    weekday_full: dict[str, int]
    numbers: dict[str, float]
    vague: frozenset[str]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, str]]  # word -> (duration letter, granularity)
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    relative_determiners: dict[str, int]
    holidays: dict[str, tuple[int, int]]
    movable_holidays: dict[str, tuple[int, int, int]]  # name -> (month, weekday, nth)
    easter_holidays: dict[str, int]  # name -> days after Easter Sunday
    past_cues: tuple[str, ...]
    future_cues: tuple[str, ...]
    present_cues: tuple[str, ...]
    modifiers: dict[str, str]  # phrase -> TIMEX3 mod
    modifier_types: dict[str, frozenset[str]]  # mod -> types it applies to
    abbreviations: frozenset[str]
    weekday_traps_before: tuple[str, ...]
    weekday_traps_after: tuple[str, ...]
    modifiers_outside_span: frozenset[str]
    modifiers_of_amounts: frozenset[str]
    modifiers_short_of: frozenset[str]
    # Makers whose products carry a model year: "his 1987 Chevrolet Cavalier".
    vehicle_makes: frozenset[str] = frozenset()


def _names(table: dict[Any, list[str]]) -> tuple[dict[str, int], dict[str, int]]:
    every: dict[str, int] = {}
    full: dict[str, int] = {}
    for number, names in table.items():
        full[names[0]] = int(number)
        for name in names:
            every[name] = int(number)
    return every, full


@cache
def lexicon() -> Lexicon:
    raw = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    month_names, month_full = _names(raw["months"])
    weekday_names, weekday_full = _names(raw["weekdays"])
    return Lexicon(
        month_names=month_names,
        month_full=month_full,
        ambiguous_months=frozenset(raw["ambiguous_months"]),
        weekday_names=weekday_names,
        weekday_full=weekday_full,
        numbers={str(k): float(v) for k, v in raw["number_words"].items()},
        vague=frozenset(raw["vague_quantities"]),
        ordinals={str(k): int(v) for k, v in raw["ordinals"].items()},
        units={str(k): (v[0], v[1]) for k, v in raw["units"].items()},
        seasons=dict(raw["seasons"]),
        parts_of_day=dict(raw["parts_of_day"]),
        relative_determiners={str(k): int(v) for k, v in raw["relative_determiners"].items()},
        holidays={str(k): (int(v[0]), int(v[1])) for k, v in raw["holidays"].items()},
        movable_holidays={str(k): (int(v[0]), int(v[1]), int(v[2]))
                          for k, v in raw["movable_holidays"].items()},
        easter_holidays={str(k): int(v) for k, v in raw["easter_holidays"].items()},
        past_cues=tuple(raw["tense"]["past"]),
        future_cues=tuple(raw["tense"]["future"]),
        present_cues=tuple(raw["tense"]["present"]),
        modifiers={phrase: mod for mod, phrases in raw["modifiers"].items() for phrase in phrases},
        modifier_types={k: frozenset(v) for k, v in raw["modifier_types"].items()},
        abbreviations=frozenset(raw["abbreviations"]),
        weekday_traps_before=tuple(raw["weekday_name_traps"]["before"]),
        weekday_traps_after=tuple(raw["weekday_name_traps"]["after"]),
        modifiers_outside_span=frozenset(raw["modifiers_outside_span"]),
        modifiers_of_amounts=frozenset(raw["modifiers_of_amounts"]),
        modifiers_short_of=frozenset(raw.get("modifiers_short_of", ())),
        vehicle_makes=frozenset(raw.get("vehicle_makes", ())),
    )


def alternation(words: Any, *, capitalized: bool = False) -> str:
    """A non-capturing regex alternation of ``words``, longest first.

    With ``capitalized`` the words must start with a capital letter (or be all caps): month
    and weekday names are proper nouns in edited text, and the lowercase forms ("may",
    "march", "sun", "sat") are ordinary words.
    """
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    if not capitalized:
        return "(?:" + trie_alternation(ordered) + ")"
    variants = []
    for w in ordered:
        variants.append(re.escape(w[:1].upper() + w[1:]))
        variants.append(re.escape(w.upper()))
    return "(?-i:" + "|".join(variants) + ")"


def number_value(word: str) -> float | None:
    """Numeric value of a digit string or number word ("5", "five", "a couple of", "twenty-one")."""
    w = " ".join(word.lower().replace(",", "").split())
    if not w:
        return None
    if w.endswith((" 1/2", "½")):  # "5 1/2 hours"
        whole = number_value(w.removesuffix(" 1/2").removesuffix("½"))
        return None if whole is None else whole + 0.5
    if w.replace(".", "", 1).isdigit():
        try:
            return float(w)
        except ValueError:
            return None
    nums = lexicon().numbers
    if w in nums:
        return nums[w]
    parts = w.replace("-", " ").split()
    if len(parts) == 2 and parts[0] in nums and parts[1] in nums:  # "twenty-one", "twenty four"
        tens, ones = nums[parts[0]], nums[parts[1]]
        if tens >= 20 and tens % 10 == 0 and 1 <= ones <= 9:
            return tens + ones
    return None


def trie_alternation(words: list[str]) -> str:
    """``words`` as one alternation factored by common prefixes: the regex engine tests a
    letter or two per word it reads instead of every listed word. Longer continuations are
    tried first, so a match is the same as with a flat longest-first alternation."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + emit(child)
                    for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)

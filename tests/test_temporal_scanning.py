"""The tagger's fast paths must find exactly what the plain ones find.

``scanning.Scanner`` (word prefilter + lead-character search) against
``rule.pattern.finditer``, and ``triggers.triggers`` against the token-by-token reference
``triggers._triggers_by_token``, on texts built from temporal vocabulary, digits, hyphens,
apostrophes and the Unicode characters whose case folding is special."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal.rules import all_rules
from timeline.temporal.scanning import FOLD_SPECIAL, has_words, lowered, scanners
from timeline.temporal.triggers import _triggers_by_token, triggers

_PIECES = [
    "today", "Today", "TODAY", "March", "march", "May", "may", "Mondays", "Friday", "Fri.",
    "year's", "year", "years", "5pm", "3 p.m.", "3:30", "H1N1", "noon", "now", "weeks",
    "12th", "the 22nd", "1990s", "'90s", "Q3", "fy2017", "FY", "Dec.", "Sept. 22, 2017",
    "22/9/2017", "2017-09-22", "2010-2014", "mid-", "pre-", "late-", "early", "the", "last",
    "next", "ago", "later", "earlier", "a week from Monday", "two years ago", "every",
    "each", "annually", "half", "the first quarter", "third-quarter", "spring", "winter",
    "Christmas Eve", "New Year's Day", "overnight", "o'clock", "B-2", "F-16", "$5", "£3",
    "500", "1,000", "2.5", "9/11", "'s", "’s", "-", "–", "/", ".", ":", ",", " ", "  ", "\n",
    "\u212a", "\u0130", "\u0131", "\u017f", "é", "٣", "x", "Z",
]
texts = st.lists(st.sampled_from(_PIECES), max_size=24).map("".join)
plain = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


@settings(max_examples=400, deadline=None)
@given(st.one_of(texts, plain), st.data())
def test_triggers_fast_path_equals_token_by_token(text: str, data: st.DataObject) -> None:
    assert triggers(text) == _triggers_by_token(text, 0, len(text))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert triggers(text, start, end) == _triggers_by_token(text, start, end)


@settings(max_examples=300, deadline=None)
@given(st.one_of(texts, plain), st.data())
def test_scanner_finds_what_finditer_finds(text: str, data: st.DataObject) -> None:
    w0 = data.draw(st.integers(0, len(text)))
    w1 = data.draw(st.integers(w0, len(text)))
    low = lowered(text)
    for sc in scanners(all_rules()):
        expected = [m.span() for m in sc.rule.pattern.finditer(text, w0, w1)]
        if low is not None and sc.words and not has_words(low, sc.words, w0, w1):
            assert expected == [], sc.rule.name  # the prefilter may skip only empty windows
            continue
        got = [m.span() for m in sc.matches(text, w0, w1)]
        assert got == expected, sc.rule.name
        assert [m.span() for m in sc.scan(text, low, [(w0, w1)])] == expected, sc.rule.name


@settings(max_examples=200, deadline=None)
@given(st.one_of(texts, plain), st.lists(st.integers(0, 200), max_size=6))
def test_scanner_over_several_windows(text: str, cuts: list[int]) -> None:
    bounds = sorted({min(c, len(text)) for c in cuts})
    windows = [(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=False) if b > a]
    low = lowered(text)
    for sc in scanners(all_rules()):
        expected = [m.span() for w0, w1 in windows for m in sc.rule.pattern.finditer(text, w0, w1)]
        assert [m.span() for m in sc.scan(text, low, windows)] == expected, sc.rule.name


def test_fold_special_characters_are_all_known() -> None:
    """Every non-ASCII character that an IGNORECASE pattern matches to an ASCII letter must
    either lowercase to that letter or be listed (then the prefilter is off for the text)."""
    everything = "".join(chr(c) for c in range(128, 0x110000) if not 0xD800 <= c < 0xE000)
    for ch in re.findall("[a-z]", everything, re.I):
        if ch.lower() not in "abcdefghijklmnopqrstuvwxyz" or len(ch.lower()) != 1:
            assert ch in FOLD_SPECIAL, hex(ord(ch))
    # triggers() reads words off the lowercased text: only the Kelvin sign becomes an
    # ASCII letter without changing length (it checks for it; a length change it notices).
    turn_ascii = [ch for ch in everything
                  if len(ch.lower()) == 1 and ch.lower() in "abcdefghijklmnopqrstuvwxyz"]
    assert turn_ascii == ["\u212a"]


def test_every_rule_has_a_fast_scanner() -> None:
    """All rules start with the shared guard, so none falls back to the plain search."""
    assert all(sc.lead is not None for sc in scanners(all_rules()))

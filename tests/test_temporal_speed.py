"""The tagger's fast machinery finds exactly what the plain formulation finds.

* ``tagger._candidates`` (rules visited by trigger category, windows shared per (needs,
  reach), lead patterns, word tests) against a reference written the slow, obvious way:
  every rule in registry order, ``rule.pattern.finditer`` in each window around its
  trigger words, then production and traps;
* ``tagger._boundaries`` (one ``finditer`` starting with a character class) against
  ``_sentence_boundary().finditer``;
* every rule's lead pattern against ``finditer`` on text full of case-folding traps.

Texts: generated from temporal vocabulary, punctuation and the Unicode characters whose
case folding is special, the articles in examples/, and TimeBank texts when ../shared is
there. Speed itself is measured by benchmarks/bench_tagger.py, never asserted here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import SHARED

from timeline.temporal.rules import Rule, all_rules
from timeline.temporal.rules.traps import is_trap
from timeline.temporal.scanning import lowered, scanners
from timeline.temporal.tagger import _boundaries, _candidates, _sentence_boundary, _windows
from timeline.temporal.triggers import triggers

ROOT = Path(__file__).resolve().parents[1]

_PIECES = [
    "today", "Today", "March", "march", "May", "Mondays", "Friday", "Fri.", "year's",
    "year", "years", "5pm", "3 p.m.", "3:30", "0830 GMT", "1400 hrs", "noon", "now",
    "weeks", "a week", "two days", "the 22nd", "1990s", "'90s", "Q3", "FY2017", "Dec.",
    "Sept. 22, 2017", "22/9/2017", "22.9.2017", "2017-09-22", "2010-2014", "mid-", "late-",
    "early", "the", "last", "next", "ago", "later", "earlier", "a week from Monday", "every",
    "half", "the first quarter", "third-quarter", "spring", "Christmas Eve", "Good Friday",
    "New Year's Day", "overnight", "o'clock", "$5", "500", "1,000", "9/11", "since", "until",
    "will", "said", "-long", "all day", "that day", "the following week", "the year-earlier",
    "-", "–", "/", ".", ":", ",", " ", "  ", "\n", "\n\n", "'", "’", "(", ")", "\"",
    "\u212a", "\u0130", "\u0131", "\u017f", "é", "Mr.", "U.S.", "A", "x",
]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map(" ".join)
tight = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


def reference_candidates(text: str, rules: tuple[Rule, ...]) -> list[tuple]:
    """The candidates as the tagger defines them, computed without any shortcut."""
    by_category: dict[str, list[tuple[int, int]]] = {}
    for start, end, cats in triggers(text):
        for cat in cats:
            by_category.setdefault(cat, []).append((start, end))
    out = []
    for r in rules:
        spots = sorted(s for cat in r.needs for s in by_category.get(cat, ()))
        if not spots:
            continue
        for w0, w1 in _windows(spots, len(text), r.reach):
            for m in r.pattern.finditer(text, w0, w1):
                try:
                    spec = r.production(m)
                except (ValueError, KeyError, IndexError, TypeError, OverflowError,
                        AttributeError):
                    spec = None
                if spec is None:
                    continue
                if not spec.rule:
                    spec.rule = r.name
                if is_trap(text, m.start(), m.end(), spec):
                    continue
                out.append((m.start(), m.end(), r.priority, spec))
    return out


def fast_candidates(text: str) -> list[tuple]:
    """The tagger's candidates, in its order (rule order, which ``_select`` keeps for
    ties: the comparisons below are of lists, so the order is checked too)."""
    return [(c.start, c.end, c.priority, c.spec) for c in _candidates(text, all_rules())]


@settings(max_examples=300, deadline=None)
@given(st.one_of(texts, tight))
def test_candidates_equal_the_plain_search(text: str) -> None:
    assert fast_candidates(text) == reference_candidates(text, all_rules())


def _article_texts() -> list[str]:
    found = [p.read_text(encoding="utf-8", errors="replace")
             for p in sorted((ROOT / "examples").rglob("*")) if p.is_file()]
    tbaq = SHARED / "data" / "tbaq" / "timebank"  # read in place when ../shared is there
    if tbaq.is_dir():
        from timeline.temporal.timeml import read_timeml

        found += [read_timeml(p).text for p in sorted(tbaq.glob("*.tml"))[:40]]
    return found


def test_candidates_equal_the_plain_search_on_articles() -> None:
    articles = _article_texts()
    assert articles
    for text in articles:
        assert fast_candidates(text) == reference_candidates(text, all_rules())


@settings(max_examples=400, deadline=None)
@given(st.one_of(tight, texts, st.text(alphabet=".!?\n \"')]([“‘”’Aa1\t", max_size=40)))
def test_sentence_boundaries_equal_the_plain_pattern(text: str) -> None:
    assert list(_boundaries(text)) == [m.span() for m in _sentence_boundary().finditer(text)]


# Case-folding traps next to and inside expressions: the lead patterns are compiled without
# IGNORECASE and list the case variants themselves, letting every non-ASCII character through.
_FOLDS = ["\u212aelvin", "\u017fince", "\u0130n", "\u0131n", "DAY\u017f", "wee\u212a",
          "\u212a 5 wee\u212as ago", "\u017fpring", "\u0130N 2015", "ſeptember"]


@pytest.mark.parametrize("piece", _FOLDS)
def test_leads_find_what_finditer_finds_with_special_case_folds(piece: str) -> None:
    text = f"{piece} on Friday, {piece}. Two weeks ago {piece} the {piece}s in 1999 {piece}"
    low = lowered(text)
    for sc in scanners(all_rules()):
        expected = [m.span() for m in sc.rule.pattern.finditer(text)]
        assert [m.span() for m in sc.matches(text, 0, len(text))] == expected, sc.rule.name
        assert [m.span() for m in sc.scan(text, low, [(0, len(text))])] == expected, sc.rule.name


# Tense cues, the modifier and "until" prechecks: the fast forms against the plain ones.
_CUE_PIECES = [
    "Friday, prices fell after the vote, which was followed by a week of protests", "will", "Will", "WILL", "'ll", "won't", "is scheduled to", "was", "said", "had been",
    "planned", "scheduled", "as planned", "due", "due to rain", "is", "now", "agreed to sell",
    "an agreement to buy", "expected", "Reported", "announced", "closed", "need", "be held",
    "on Friday", "in January", "about", "early", "the end of", "more than", "over", "pre-",
    "mid -", "until", "till", "to", "through", "postponed", "put off", "the", "a", "2017",
    ",", ".", "  ", "\n", "'", "-", "\u212a", "\u017f", "\u0130", "\u0131", "é", "ſaid", "wi\u0131\u0131",
]
cue_texts = st.lists(st.sampled_from(_CUE_PIECES), max_size=30).map(" ".join)


def _reference_cues(sentence: str) -> list[tuple[int, int, str, str]]:
    """:func:`tense.cues` the plain way: the IGNORECASE patterns on the sentence itself."""
    from timeline.temporal import tense

    found = [c for m in tense._cue_regex().finditer(sentence)
             if (c := tense._cue(sentence, m)) is not None]
    infinitives = [(m.start(), m.end(), "infinitive", m.group(0))
                   for m in tense._INTENT_INFINITIVE.finditer(sentence)]
    return sorted(found + infinitives) if infinitives else found


@settings(max_examples=300, deadline=None)
@given(cue_texts, st.lists(st.tuples(st.integers(0, 200), st.integers(0, 12)), max_size=6))
def test_lazy_sentence_cues_equal_the_plain_cues(sentence: str, spans: list) -> None:
    from timeline.temporal.tense import MAX_CUE_DISTANCE, SentenceCues, cues, tense_at

    plain = _reference_cues(sentence)
    assert cues(sentence) == plain
    lazy = SentenceCues(sentence)
    # In document order (as the tagger asks) and then out of order.
    for start, length in sorted(spans) + spans:
        start = min(start, len(sentence))
        end = min(start + length, len(sentence))
        assert lazy.tense_at(start, end) == tense_at(plain, start, end)
        # What it has read: every cue before the bound, and the first one after it.
        bound = end + MAX_CUE_DISTANCE
        before = [c for c in plain if c[0] < bound]
        assert [c for c in lazy.found if c[0] < bound] == before
        if len(plain) > len(before):
            assert plain[len(before)] in lazy.found


@settings(max_examples=300, deadline=None)
@given(cue_texts)
def test_prechecks_never_skip_a_match(text: str) -> None:
    from timeline.temporal.rules.modifiers import _modifier_regex, no_modifier_before
    from timeline.temporal.tagger import (
        _DEADLINE_BEFORE,
        _POSTPONED_TO,
        _maybe_until_before,
        _until_words,
    )

    assert _until_words()  # the precheck reads its words off both patterns

    for start in range(len(text) + 1):
        if no_modifier_before(text, start):
            assert _modifier_regex().search(text, max(0, start - 40), start) is None
        for floor in (0, max(0, start - 30)):
            if not _maybe_until_before(text, floor, start):
                assert _POSTPONED_TO.search(text, max(floor, start - 60), start) is None
                assert _DEADLINE_BEFORE.search(text, max(floor, start - 12), start) is None


def test_number_trigger_next_characters_cover_every_match_start() -> None:
    """The characters tested before ``_CLOCK_AFTER`` / ``_ORDINAL_AFTER`` (read off the
    patterns) include every ASCII character that starts a match, and every non-ASCII
    character is let through."""
    from timeline.temporal.triggers import _CLOCK_AFTER, _ORDINAL_AFTER, _may_start, _next_tests

    clock, ordinal = _next_tests()
    assert clock is not None and ordinal is not None  # the analysis reads both patterns
    suffixes = ["", "m", ".m.", "30", "00", "ours", "rs", "t", "d", "h", " pm", " hours",
                "\u017ft", "\u212a"]
    for pattern, first in ((_CLOCK_AFTER, clock), (_ORDINAL_AFTER, ordinal)):
        for code in range(128):
            for suffix in suffixes:
                if pattern.match(chr(code) + suffix):
                    assert _may_start(chr(code), first), (pattern.pattern, chr(code) + suffix)
        for ch in ("\u017f", "\u212a", "\u0130", "\u00a0", "\u2009", "é"):
            assert _may_start(ch, first)
        assert not _may_start("", first)
    assert {":", ".", " ", "p", "A", "h"} <= clock and {"s", "N", "r", "t"} <= ordinal


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["year", "month", "day", "unit", "shift", "mod", "rule",
                                        "weekend", "hour", "tz", "value"]),
                       st.one_of(st.integers(-5, 3000), st.text(max_size=5), st.booleans(),
                                 st.none()), max_size=4))
def test_spec_copy_equals_dataclasses_replace(changes: dict) -> None:
    import dataclasses

    from timeline.temporal.spec import Spec

    base = Spec(year=2017, month=9, day=22, rule="month_day", unit="week", shift=-1)
    assert base.copy(**changes) == dataclasses.replace(base, **changes)

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

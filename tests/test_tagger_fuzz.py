"""tag() and normalize() never raise, whatever the text and the reference date, and the
spans they return are always consistent with the text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from timeline.temporal import normalize, tag
from timeline.temporal.timex import TIMEX_TYPES

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces that reach deep into a date grammar when recombined at random.
FRAGMENTS = [
    "on", "in", "at", "the", "last", "next", "this", "early", "mid-", "late", "about",
    "nearly", "more than", "ago", "later", "before", "after", "since", "until", "every",
    "Friday", "Fri.", "Sunday's", "January", "Jan.", "Sept.", "May", "March", "December",
    "spring", "summer", "quarter", "third", "first", "half", "fiscal", "week", "weekend",
    "month", "months", "year", "years-long", "decade", "century", "1990s", "'90s", "2017",
    "0", "0000", "9999", "10000", "99999999999999999999", "-1", "1", "12", "22nd", "31st",
    "29", "30", "31", "32", "00", "24:00", "25:61", "3:30", "p.m.", "a.m.", "noon",
    "midnight", "EST", "GMT+14", "2017-02-30", "0000-00-00", "9999-12-31", "2017-W53",
    "2017-W99", "9/22/2017", "13/13/13", "02/30/2017", "today", "yesterday", "tomorrow",
    "tonight", "now", "recently", "two", "five-month", "a", "few", "several", "annually",
    "Q3", "H1", "FY2017", ",", ".", "-", "–", "/", "'", "(", ")", "\n", "\t", "\x00",
    "\u200b", "\ufeff", "\ud800", "é", "𝒳",
]

PUBLISHED = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
                      st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2016, 2, 29)]))
MODES = st.sampled_from(["news", "narrative"])


def check_spans(text: str, timexes: list) -> None:
    assert isinstance(timexes, list)
    previous_end = 0
    for t in timexes:
        assert 0 <= t.start < t.end <= len(text), t
        assert text[t.start:t.end] == t.text, t
        assert t.start >= previous_end, f"overlap or unsorted at {t}"
        previous_end = t.end
        assert t.type in TIMEX_TYPES, t
        assert isinstance(t.value, str) and t.value, t


@FUZZ
@given(text=st.text(), published=PUBLISHED, mode=MODES)
def test_random_text(text: str, published, mode: str) -> None:
    check_spans(text, tag(text, published=published, mode=mode))


@FUZZ
@given(parts=st.lists(st.sampled_from(FRAGMENTS), max_size=40),
       seps=st.lists(st.sampled_from([" ", " ", "", ", ", "\n", "-"]), max_size=40),
       published=PUBLISHED, mode=MODES)
@example(parts=["tomorrow"], seps=[], published=date(9999, 12, 31), mode="news")
@example(parts=["yesterday"], seps=[], published=date(1, 1, 1), mode="news")
@example(parts=["next", "year"], seps=[" "], published=date(9999, 12, 31), mode="narrative")
@example(parts=["two", "years", "ago"], seps=[" ", " "], published=date(1, 1, 1), mode="news")
@example(parts=["on", "on", "29", "years-long"], seps=[" ", " ", "\n"], published=None,
         mode="news")  # found by this test: "29\nyears-long" gave overlapping expressions
@example(parts=["every", "Friday,"], seps=["\n"], published=None, mode="narrative")
@example(parts=["summer", "last", "summer"], seps=["\n", "\n"], published=date(316, 6, 24),
         mode="narrative")
def test_recombined_time_words(parts: list[str], seps: list[str], published, mode: str) -> None:
    text = "".join(p + (seps[i] if i < len(seps) else " ") for i, p in enumerate(parts))
    check_spans(text, tag(text, published=published, mode=mode))


@FUZZ
@given(text=st.text(alphabet=st.characters(codec=None, categories=["Cc", "Cs", "Zs", "Zl",
                                                                   "Zp", "Cf", "Nd"])),
       published=PUBLISHED)
def test_control_characters_and_surrogates(text: str, published) -> None:
    check_spans(text, tag(text, published=published))


IMPOSSIBLE = [
    "It happened on February 30, 2017.", "The file is dated 2017-02-30.",
    "It was due on 31/04/2017 and on April 31.", "on February 29, 2017", "the 32nd",
    "at 25:61 p.m.", "at 24:00", "in the year 0", "in year 0000", "on 0000-00-00",
    "on 0000-01-01", "in 9999", "on December 31, 9999", "on 9999-12-31T23:59:59",
    "the day after December 31, 9999", "in the 10000s", "week 53 of 2017", "2017-W99",
    "the 99999th century", "13/13/13", "Q5 2017", "the fifth quarter", "the 0s",
    "99999999999999999999 years ago", "in 99999999999999999999 days",
    "-5 days ago", "1e9 years later", "the 31st of February", "Feb. 29, 1900",
]


@pytest.mark.parametrize("text", IMPOSSIBLE)
@pytest.mark.parametrize("published", [None, date(2017, 9, 24), date(1, 1, 1),
                                       date(9999, 12, 31)])
@pytest.mark.parametrize("mode", ["news", "narrative"])
def test_impossible_dates_and_extreme_years(text: str, published, mode: str) -> None:
    check_spans(text, tag(text, published=published, mode=mode))


@pytest.mark.parametrize("text", IMPOSSIBLE + ["", " ", "\x00", "\ud800", "Friday" * 1000])
@pytest.mark.parametrize("published", [None, date(1, 1, 1), date(9999, 12, 31)])
def test_normalize_never_raises(text: str, published) -> None:
    result = normalize(text, published=published, sentence=text)
    if result is not None:
        assert result.type in TIMEX_TYPES and result.value


@pytest.mark.slow
def test_huge_lines() -> None:
    # one line (no newline, no sentence end) full of expressions; its speed is measured in
    # benchmarks/bench_tagger.py, here it only has to work
    line = " ".join(["On Friday, 500 airstrikes hit 150 miles away in December 2015"] * 600)
    check_spans(line, tag(line, published=date(2017, 9, 24)))
    digits = "1" * 200_000
    check_spans(digits, tag(digits, published=date(2017, 9, 24)))
    words = ("the last " * 50_000) + "week"
    check_spans(words, tag(words, published=date(2017, 9, 24)))
    punct = "-/.:," * 40_000
    check_spans(punct, tag(punct, published=date(2017, 9, 24)))


@FUZZ
@given(expression=st.one_of(st.text(max_size=30), st.sampled_from(FRAGMENTS)),
       sentence=st.one_of(st.none(), st.text(max_size=80)), published=PUBLISHED, mode=MODES)
def test_normalize_with_any_sentence(expression: str, sentence, published, mode: str) -> None:
    result = normalize(expression, published=published, sentence=sentence, mode=mode)
    if result is not None:
        assert result.type in TIMEX_TYPES and result.value
        assert 0 <= result.start <= result.end <= len(expression)

"""The conventions chosen where TimeBank/AQUAINT and news annotators disagree (see
timeline/temporal/README.md, "Conventions where the references disagree"): the parts
that example rows alone do not pin down -- boundaries of British Summer Time, the reach of
a dated speech verb over a quote, the clock before a zone conversion, rates of measure."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal import tag
from timeline.temporal.resolver import _uk_offset
from timeline.temporal.tagger import _inside_quote


def found(text: str, published: date) -> list[tuple[str, str, str, str | None]]:
    return [(t.text, t.type, t.value, t.mod) for t in tag(text, published=published)]


@pytest.mark.parametrize(("day", "offset"), [
    ("2010-03-27", "Z"), ("2010-03-28", "+01:00"),  # BST from the last Sunday of March
    ("2010-10-30", "+01:00"), ("2010-10-31", "Z"),  # to the last Sunday of October
    ("2017-01-15", "Z"), ("2017-07-15", "+01:00"),
])
def test_uk_time_follows_british_summer_time(day: str, offset: str) -> None:
    assert _uk_offset(day) == offset


@pytest.mark.parametrize("value", ["XXXX-XX-XX", "2010-02-30", "0000-06-01", "9999-06-01", "2010-06"])
def test_uk_time_without_a_real_day_has_no_offset(value: str) -> None:
    assert _uk_offset(value) is None


def test_uk_time_on_an_unknown_day_keeps_the_clock() -> None:
    assert found("Updated at 12:20 UK time.", None)[0][2] == "XXXX-XX-XXT12:20"  # type: ignore[arg-type]


def test_a_dated_speech_verb_moves_today_inside_its_quote_only() -> None:
    text = ('The mayor said on Friday: "The bridge opens today." '
            'Engineers expect it to carry traffic today.')
    days = [v for t, _, v, _ in found(text, date(2017, 9, 24)) if t == "today"]
    assert days == ["2017-09-22", "2017-09-24"]


def test_the_speech_day_reaches_the_next_sentence_but_no_further() -> None:
    text = ('A spokesman said last night that the talks would go on. '
            '"We will sign tomorrow," he said. Officials met again. '
            'Later a rival said: "We will protest tomorrow."')
    days = [v for t, _, v, _ in found(text, date(2017, 9, 24)) if t == "tomorrow"]
    assert days == ["2017-09-24", "2017-09-25"]


def test_an_undated_speech_verb_changes_nothing() -> None:
    assert found('"We leave tomorrow," she said.', date(2017, 9, 24))[0][2] == "2017-09-25"


@pytest.mark.parametrize(("text", "inside"), [
    ('He said: "We go today', True), ("He said: ``We go today", True),
    ("He said: \u201cWe go today", True), ('He said: "We go." Then today', False),
    ("``Yes,'' he said today", False), ("today", False),
])
def test_inside_quote(text: str, inside: bool) -> None:
    assert _inside_quote(text, 0, text.rindex("today")) is inside


def test_clock_before_its_zone_conversion() -> None:
    got = found("By 1400 (1900 GMT) the road had reopened; in 1400 the town was founded.",
                date(2017, 9, 24))
    assert ("1400", "TIME", "2017-09-24T14:00", None) in got
    assert ("1900 GMT", "TIME", "2017-09-24T19:00Z", None) in got
    assert ("1400", "DATE", "1400", None) in got  # a year elsewhere stays a year


@pytest.mark.parametrize("text", [
    "Output grew 4% a year.", "Costs rise 3 percent annually.", "The train ran 90 miles an hour.",
    "They met once a week.",  # a frequency, tagged whole by its own rule
])
def test_rates_of_measure_are_no_rate_sets(text: str) -> None:
    assert all(t[0] not in ("a year", "annually", "an hour", "a week") for t in found(text, date(2017, 9, 24)))


@pytest.mark.parametrize(("text", "span", "value"), [
    ("The plant makes 4,000 cars a week.", "a week", "P1W"),
    ("It costs $1.2 million a month to run.", "a month", "P1M"),
    ("About 300 people a day cross here.", "a day", "P1D"),
])
def test_quantities_per_period_are_sets(text: str, span: str, value: str) -> None:
    assert (span, "SET", value, None) in found(text, date(2017, 9, 24))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    '"', "``", "''", "\u201c", "\u201d", " said ", " told them ", " on ", "Friday", "last night",
    " today", " tomorrow", "1100", " (", "-LRB-", "1600 GMT", ")", "-RRB-", " a day", "40,000 barrels",
    " or more", "another ", "3 days", ". ", "\n\n", "UK time", "12:20", "overnight", " tonight",
]), max_size=30))
def test_new_paths_never_raise(pieces: list[str]) -> None:
    text = "".join(pieces)
    for t in tag(text, published=date(2010, 6, 14)):
        assert text[t.start:t.end] == t.text and t.start < t.end

"""Regressions found by diffing the tagger's output on news before and after a day of
grammar changes: each test is a general pattern (written by us), not a corpus sentence."""

from __future__ import annotations

from datetime import date

from timeline.temporal import tag

SUNDAY = date(2017, 9, 24)


def _found(text: str) -> dict[str, tuple[str, str]]:
    return {t.text: (t.type, t.value) for t in tag(text, SUNDAY)}


def test_part_of_day_in_a_week_told_is_no_day() -> None:
    # Some evening of last week: the publication day's evening would be wrong.
    found = _found("Last week in Lisbon there was a huge storm in the evening.")
    assert "Last week" in found
    assert "the evening" not in found
    assert "the morning" not in _found("In March the rebels attacked in the morning.")


def test_part_of_day_of_a_day_told_keeps_that_day() -> None:
    found = _found("On Friday the rebels attacked in the morning.")
    assert found["the morning"] == ("TIME", "2017-09-22TMO")


def test_habitual_part_of_day_untagged() -> None:
    assert "the morning" not in _found("Once in a blue moon I get up early in the morning.")
    assert "the morning" not in _found("He often told us not to call him in the morning.")
    assert "the evening" in _found("The crowd dispersed in the evening.")


def test_coordinated_future_passive_looks_ahead() -> None:
    assert _found("The bridge will be closed and repaired on Tuesday.")["Tuesday"] == (
        "DATE", "2017-09-26")
    assert _found("The bridge will be carefully closed, inspected and repaired on Tuesday."
                  )["Tuesday"] == ("DATE", "2017-09-26")
    # A past passive stays past: the auxiliary itself is the past cue.
    assert _found("The bridge was closed and repaired on Tuesday.")["Tuesday"] == (
        "DATE", "2017-09-19")

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


def test_part_of_day_far_from_the_day_told_is_not_that_day() -> None:
    text = ("The levee failed on March 3. Engineers gave evidence for hours. The panel heard "
            "angry residents. In the morning, the chairman rebuked the contractor.")
    found = {t.text: t.value for t in tag(text, SUNDAY)}
    assert found["March 3"] == "2017-03-03"
    assert found["the morning"] == "2017-09-24TMO"  # the day of the report, not March 3
    near = {t.text: t.value for t in tag("The levee failed on March 3. Crews arrived in "
                                        "the morning.", SUNDAY)}
    assert near["the morning"] == "2017-03-03TMO"


def test_part_of_day_in_a_story_keeps_its_day() -> None:
    # The story's own day (within a week of publication) holds for many sentences.
    text = ("Floods hit the valley on Friday. Roads closed. Schools shut. Power failed. "
            "Crews worked all night. The rain eased in the afternoon.")
    found = {t.text: t.value for t in tag(text, SUNDAY)}
    assert found["the afternoon"] == "2017-09-22TAF"
    # A history told in narrative mode keeps its old date too.
    old = ("The siege ended on May 3, 1945. Troops entered. Crowds gathered. Flags rose. "
           "Bells rang in the evening.")
    found = {t.text: t.value for t in tag(old, SUNDAY, mode="narrative")}
    assert found["the evening"] == "1945-05-03TEV"

"""Resolver pieces that the examples corpus exercises only indirectly."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.temporal import tag
from timeline.temporal.resolver import Anchor, nth_weekday, resolve
from timeline.temporal.spec import Spec


@pytest.mark.parametrize(("year", "month", "weekday", "nth", "expected"), [
    (2017, 11, 2, 1, date(2017, 11, 7)),   # US election day: first Tuesday of November
    (2018, 6, 5, -1, date(2018, 6, 29)),   # last Friday in June
    (2017, 2, 1, 4, date(2017, 2, 27)),
    (2017, 2, 1, 5, None),                 # February 2017 has four Mondays
    (2016, 2, 1, 5, date(2016, 2, 29)),    # ... and leap-year 2016 five
])
def test_nth_weekday(year: int, month: int, weekday: int, nth: int, expected: date | None) -> None:
    assert nth_weekday(year, month, weekday, nth) == expected


def test_incident_direction_never_flips_forward() -> None:
    anchor = Anchor(date(2017, 9, 24))
    back = resolve(Spec(month=10, direction="back"), anchor)
    firm = resolve(Spec(month=10, direction="on_or_before"), anchor)
    assert back is not None and firm is not None
    # A plain past reading of a month only weeks ahead prefers the coming one ("payable
    # Oct. 15"); a named incident ("the October slaying") cannot lie ahead.
    assert back.value == "2017-10"
    assert firm.value == "2016-10"


def test_quarter_of_a_year_mentioned_in_a_report() -> None:
    text = "Profit rose in the third quarter, up from $2 million in the 2016 quarter."
    values = {t.text: t.value for t in tag(text, date(2017, 10, 25))}
    assert values["the 2016 quarter"] == "2016-Q3"


def test_narrative_anchor_moves_with_inferred_years() -> None:
    text = ("The uprising began on February 17, 2011. In August, the capital fell, and on "
            "October 20 the leader was killed. The following year, elections were held in July.")
    values = {t.text: t.value for t in tag(text, None, mode="narrative")}
    assert values["October 20"] == "2011-10-20"
    assert values["The following year"] == "2012"
    assert values["July"] == "2012-07"


def test_clock_times_are_never_years() -> None:
    for text in ("The first strike hit at 1425 local time.", "Jets struck at 0315 GMT.",
                 "A large aftershock hit at 1100 which lasted a minute."):
        found = tag(text, date(2017, 9, 24))
        assert found and all(t.type == "TIME" for t in found if t.text[:2].isdigit()), found
        assert not any(t.type == "DATE" and t.value.isdigit() for t in found), found

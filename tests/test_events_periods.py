"""period_of: the days a TIMEX3 value names."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeline.events.periods import period_of


@pytest.mark.parametrize(
    ("value", "start", "end", "granularity"),
    [
        ("2017-09-22", date(2017, 9, 22), date(2017, 9, 22), "day"),
        ("2016-12", date(2016, 12, 1), date(2016, 12, 31), "month"),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29), "month"),
        ("2015", date(2015, 1, 1), date(2015, 12, 31), "year"),
        ("2017-H1", date(2017, 1, 1), date(2017, 6, 30), "half"),
        ("2017-Q3", date(2017, 7, 1), date(2017, 9, 30), "quarter"),
        ("2017-SU", date(2017, 6, 1), date(2017, 8, 31), "season"),
        ("2015-WI", date(2015, 12, 1), date(2016, 2, 29), "season"),
        ("2017-W38", date(2017, 9, 18), date(2017, 9, 24), "week"),
        ("2017-W38-WE", date(2017, 9, 23), date(2017, 9, 24), "weekend"),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3), "week"),
        ("201", date(2010, 1, 1), date(2019, 12, 31), "decade"),
        ("19", date(1900, 1, 1), date(1999, 12, 31), "century"),
        ("2017-09-22TMO", date(2017, 9, 22), date(2017, 9, 22), "part-of-day"),
        ("2017-09-22T15", date(2017, 9, 22), date(2017, 9, 22), "hour"),
        ("2017-09-22T15:30", date(2017, 9, 22), date(2017, 9, 22), "minute"),
        ("2017-09-22T15:30:05-04:00", date(2017, 9, 22), date(2017, 9, 22), "second"),
    ],
)
def test_periods(value, start, end, granularity):
    assert period_of(value) == (start, end, granularity)


@pytest.mark.parametrize(
    "value",
    ["PRESENT_REF", "PAST_REF", "FUTURE_REF", "XXXX-12", "XXXX-WXX-2", "2017-XX", "P5M",
     "PT2H", "2017-02-30", "2017-13", "2017-W54", "2017-Q5", "2017-H3", "0000", "BC0044",
     "2017-09-22T25:00", "2017-09-22Tfoo", "", "FY2017", "2017-09-22 extra"],
)
def test_not_periods(value):
    assert period_of(value) is None


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9998, 12, 31)))
def test_every_day_month_and_year(day):
    assert period_of(day.isoformat()) == (day, day, "day")
    start, end, granularity = period_of(day.isoformat()[:7])
    assert granularity == "month" and start.day == 1 and start <= day <= end
    assert (end + timedelta(days=1)).month != end.month
    start, end, _ = period_of(f"{day.year:04d}")
    assert start <= day <= end and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)


@given(st.text(max_size=30))
def test_never_raises(value):
    result = period_of(value)
    assert result is None or result[0] <= result[1]

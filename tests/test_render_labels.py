"""Human date labels and <time datetime> values, at the event's own granularity."""

from __future__ import annotations

import re
from datetime import date

import pytest
from render_helpers import ev

from timeline.render.labels import date_label, datetime_attr

CASES = [
    # value, granularity, start, end, mod, label, datetime
    ("2017-09-22", "day", date(2017, 9, 22), date(2017, 9, 22), None,
     "Friday 22 September 2017", "2017-09-22"),
    ("2016-12", "month", date(2016, 12, 1), date(2016, 12, 31), None,
     "December 2016", "2016-12"),
    ("2015", "year", date(2015, 1, 1), date(2015, 12, 31), None, "2015", "2015"),
    ("2016-SU", "season", date(2016, 6, 1), date(2016, 8, 31), None, "Summer 2016", "2016"),
    ("2017-Q3", "quarter", date(2017, 7, 1), date(2017, 9, 30), None, "Q3 2017", "2017"),
    ("2017-H1", "half", date(2017, 1, 1), date(2017, 6, 30), None, "First half of 2017", "2017"),
    ("2017-W38", "week", date(2017, 9, 18), date(2017, 9, 24), None, "Week 38, 2017",
     "2017-W38"),
    ("199", "decade", date(1990, 1, 1), date(1999, 12, 31), None, "1990s", "1990"),
    ("19", "century", date(1900, 1, 1), date(1999, 12, 31), None, "20th century", "1900"),
    ("2017-09-22T15:30", "minute", date(2017, 9, 22), date(2017, 9, 22), None,
     "22 September 2017, 15:30", "2017-09-22T15:30"),
    ("2017-09-22T15:30-04:00", "minute", date(2017, 9, 22), date(2017, 9, 22), None,
     "22 September 2017, 15:30 (UTC-04:00)", "2017-09-22T15:30-04:00"),
    ("2017-09-22TMO", "part-of-day", date(2017, 9, 22), date(2017, 9, 22), None,
     "Friday 22 September 2017, morning", "2017-09-22"),
    ("2016", "year", date(2016, 1, 1), date(2016, 12, 31), "START", "early 2016", "2016"),
    ("2016-12", "month", date(2016, 12, 1), date(2016, 12, 31), "MID", "mid-December 2016",
     "2016-12"),
    ("2015", "year", date(2015, 1, 1), date(2015, 12, 31), "APPROX", "about 2015", "2015"),
    ("2017", "year", date(2017, 1, 1), date(2017, 12, 31), "END", "late 2017", "2017"),
    ("2017-09-23", "day", date(2017, 9, 23), date(2017, 9, 23), "START",
     "Saturday 23 September 2017", "2017-09-23"),
]

# Valid HTML datetime strings that say no more than the event knows.
HTML_DATETIME = re.compile(
    r"^(\d{4,}|\d{4,}-\d{2}|\d{4,}-\d{2}-\d{2}|\d{4,}-W\d{2}|"
    r"\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)$"
)


@pytest.mark.parametrize("value,gran,start,end,mod,label,machine", CASES,
                         ids=[c[0] + (f"-{c[4]}" if c[4] else "") for c in CASES])
def test_labels(value, gran, start, end, mod, label, machine):
    event = ev("x", value, gran, start, end, "Some sentence.", mod=mod)
    assert date_label(event) == label
    assert datetime_attr(event) == machine
    assert HTML_DATETIME.match(datetime_attr(event))


def test_coarse_dates_never_show_a_fake_day():
    for value, gran, start, end, *_ in CASES:
        if gran in ("day", "minute", "part-of-day"):
            continue
        event = ev("x", value, gran, start, end, "s")
        assert str(start.day) + " " not in date_label(event) or gran == "weekend"

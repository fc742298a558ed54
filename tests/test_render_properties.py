"""Property tests: labels, datetime values and iCalendar folding hold for any input."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from render_helpers import ev

from timeline.render.exports import ics_escape, ics_fold
from timeline.render.labels import date_label, datetime_attr
from timeline.render.markup import render_markdown, safe_url

GRANULARITIES = ["day", "month", "year", "season", "quarter", "half", "week", "weekend",
                 "decade", "century", "millennium", "part-of-day", "hour", "minute",
                 "second", "unknown"]
MODS = [None, "START", "MID", "END", "APPROX", "BEFORE", "AFTER", "LESS_THAN", "MORE_THAN",
        "ODD"]
HTML_DATETIME = re.compile(
    r"^(\d{4,}|\d{4,}-\d{2}|\d{4,}-\d{2}-\d{2}|\d{4,}-W\d{2}|"
    r"\d{4,}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]\d{2}:\d{2})?)$"
)


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=date(1000, 1, 1), max_value=date(9998, 12, 1)),
       length=st.integers(0, 4000), gran=st.sampled_from(GRANULARITIES),
       mod=st.sampled_from(MODS), value=st.text(max_size=30))
def test_every_event_gets_a_label_and_a_valid_datetime(start, length, gran, mod, value):
    end = start + timedelta(days=min(length, (date(9999, 12, 31) - start).days))
    event = ev("p", value, gran, start, end, "A sentence.", mod=mod)
    label = date_label(event)
    assert label and "\n" not in label
    assert HTML_DATETIME.match(datetime_attr(event)), datetime_attr(event)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_ics_folding_round_trips(text):
    line = "DESCRIPTION:" + ics_escape(text)
    folded = ics_fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert parts[0] + "".join(p[1:] for p in parts[1:]) == line
    assert "\n" not in ics_escape(text) and "\r" not in ics_escape(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_markdown_bodies_never_carry_scripts(text):
    html = str(render_markdown(text + "\n\n<script>x()</script> [a](javascript:y) "
                                      "<img src=q onerror=z()>"))
    assert "<script" not in html.lower()
    assert "javascript:" not in html.lower()
    assert "onerror" not in html.lower() or "&lt;" in html


@given(st.text(max_size=60))
def test_safe_url_only_lets_safe_schemes_through(url):
    out = safe_url(url)
    if out is not None:
        compact = re.sub(r"[\x00-\x20\x7f]+", "", out).lower()
        scheme = compact.split(":", 1)[0] if ":" in compact.split("/", 1)[0] else ""
        assert scheme in ("", "http", "https", "mailto")

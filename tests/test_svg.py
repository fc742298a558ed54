"""SVG/PNG pictures of the timeline: standalone, readable, scaled, deterministic."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date

import pytest
from embed_support import make_event, many, story

from timeline.errors import TimelineError
from timeline.render.png import render_png, svg_to_png
from timeline.render.svg import axis_ticks, render_svg, short_date_label, text_width

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def test_standalone_accessible_document():
    svg = render_svg(story(), title="Velmora", description="Air war over Velmora")
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.find("s:title", NS).text == "Velmora"
    desc = root.find("s:desc", NS).text
    assert "Air war over Velmora" in desc and "7 events" in desc
    # Every event is listed in the description, for screen readers, in order.
    assert desc.index("Dec 2016") < desc.index("19 Jan 2017") < desc.index("22 Sep 2017")
    # No external reference of any kind: only in-document fragment links.
    for match in re.finditer(r'(?:href|src)\s*=\s*"([^"]*)"', svg):
        assert match.group(1).startswith("#")
    for match in re.finditer(r"url\(([^)]*)\)", svg):
        assert match.group(1).startswith("#")
    assert "@import" not in svg and "<image" not in svg and "<script" not in svg


def test_one_group_per_event_with_full_tooltip_and_escaped_text():
    svg = render_svg(story())
    groups = parse(svg).findall(".//s:g[@class]", NS)
    events = [g for g in groups if g.get("class").startswith("event")]
    assert len(events) == 7
    titles = [g.find("s:title", NS).text for g in events]
    assert any("<script>alert(1)</script> & more" in t for t in titles)
    assert "<script>" not in svg  # escaped, never markup
    assert sum(1 for g in events if "key" in g.get("class").split()) == 2


def test_coarse_dates_are_bars_over_their_period_and_days_are_points():
    svg = render_svg(story(), width=1200)
    events = [g for g in parse(svg).findall(".//s:g", NS) if (g.get("class") or "").startswith("event")]
    shapes = {}
    for g in events:
        label = g.find("s:title", NS).text.split(": ")[0]
        shapes[label] = g
    year_bar = shapes["2015"].find("s:rect", NS)
    month_bar = shapes["Dec 2016"].find("s:rect", NS)
    assert year_bar is not None and month_bar is not None
    assert year_bar.get("fill") == "url(#tl-hatch)"  # a pattern, not a colour
    # A year is about twelve times as wide as a month on the same axis.
    ratio = float(year_bar.get("width")) / float(month_bar.get("width"))
    assert 10 < ratio < 14
    assert shapes["19 Jan 2017"].find("s:circle", NS) is not None
    assert shapes["22 Sep 2017, 15:30"].find("s:path", NS) is not None  # time: a diamond


def test_approximate_period_is_dashed():
    e = make_event(1, "2016", "year", date(2016, 1, 1), date(2016, 12, 31), "About 2016.",
                   mod="APPROX")
    svg = render_svg([e])
    assert 'stroke-dasharray' in svg
    assert "about 2016" in svg


def test_labels_never_overlap_on_a_lane():
    events = many(80, step_days=3)
    svg = render_svg(events, width=900)
    rows: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for g in parse(svg).findall(".//s:g", NS):
        if not (g.get("class") or "").startswith("event"):
            continue
        text = g.find("s:text", NS)
        spans = text.findall("s:tspan", NS)
        x = float(text.get("x"))
        width = text_width(spans[0].text, bold=True) + text_width(spans[1].text)
        rows[text.get("y")].append((x, x + width))
    assert len(rows) > 1  # dense events were stacked on several lanes
    for spans in rows.values():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert start >= end
    # and every label stays inside the picture
    for spans in rows.values():
        assert all(0 <= a and b <= 900 for a, b in spans)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(1950, 1, 1), date(2017, 9, 22), r"^\d{3}0$"),  # decades
        (date(2012, 3, 1), date(2017, 9, 22), r"^\d{4}$"),  # years
        (date(2017, 1, 19), date(2017, 9, 22), r"^[A-Z][a-z]{2}( \d{4})?$"),  # months
        (date(2017, 9, 1), date(2017, 9, 22), r"^\d{1,2} [A-Z][a-z]{2}( \d{4})?$"),  # days
    ],
)
def test_axis_unit_follows_the_span(first, last, expected):
    start, end, ticks = axis_ticks(first, last)
    assert start <= first and end > last
    major = [t for t in ticks if t.major]
    assert 2 <= len(major) <= 15
    assert all(re.match(expected, t.label) for t in major), [t.label for t in major]
    assert [t.day for t in ticks] == sorted(t.day for t in ticks)


def test_single_day_still_gets_a_readable_axis():
    e = make_event(1, "2017-09-22", "day", date(2017, 9, 22), date(2017, 9, 22), "One thing.")
    root = parse(render_svg([e]))
    axis = [g for g in root.findall(".//s:g", NS) if g.get("class") == "axis"][0]
    assert len(axis.findall("s:text", NS)) >= 3


def test_deterministic_and_independent_of_input_order():
    events = story()
    assert render_svg(events) == render_svg(list(reversed(events)))


def test_empty_timeline_is_a_valid_picture():
    root = parse(render_svg([], title="Nothing yet"))
    assert "No events" in root.find("s:desc", NS).text


def test_short_labels_keep_the_granularity():
    ev = story()
    assert [short_date_label(e) for e in ev] == [
        "2015", "Dec 2016", "19 Jan 2017", "Apr 2017", "early Sep 2017", "22 Sep 2017",
        "22 Sep 2017, 15:30",
    ]
    week = make_event(9, "2017-W38", "week", date(2017, 9, 18), date(2017, 9, 24), "w")
    assert short_date_label(week) == "Week 38, 2017"


def test_png_is_rendered_from_the_svg():
    pytest.importorskip("cairosvg")
    data = render_png(story(), scale=1)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(data[16:20], "big")
    assert width == 1200


def test_png_without_cairosvg_is_one_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "cairosvg", None)  # import now raises ImportError
    with pytest.raises(TimelineError, match="cairosvg"):
        svg_to_png(render_svg(story()))


def test_cli_writes_svg_and_png(tmp_path):
    from pathlib import Path

    from timeline.cli import main

    examples = Path(__file__).resolve().parents[1] / "examples"
    svg = tmp_path / "t.svg"
    assert main(["build", str(examples), "--format", "svg", "-o", str(svg), "-q",
                 "--no-cache"]) == 0
    root = parse(svg.read_text())
    events = [g for g in root.findall(".//s:g", NS)
              if (g.get("class") or "").startswith("event")]
    assert len(events) > 10
    import importlib.util

    if importlib.util.find_spec("cairosvg") is not None:
        png = tmp_path / "t.png"
        assert main(["build", str(examples), "--format", "png", "-o", str(png), "-q",
                     "--no-cache"]) == 0
        assert png.read_bytes().startswith(b"\x89PNG")


def test_events_sharing_a_date_are_one_mark_listing_their_headlines():
    same = [make_event(n, "2016", "year", date(2016, 1, 1), date(2016, 12, 31),
                       f"Thing number {n} happened that year.") for n in range(1, 6)]
    day = make_event(9, "2016-05-02", "day", date(2016, 5, 2), date(2016, 5, 2), "A day.")
    root = parse(render_svg([*same, day]))
    groups = [g for g in root.findall(".//s:g", NS) if "event" in (g.get("class") or "")]
    assert len(groups) == 2
    group = next(g for g in groups if "group" in g.get("class").split())
    texts = ["".join(t.itertext()) for t in group.findall("s:text", NS)]
    assert texts[0].replace("\xa0", " ") == "2016  5 events"
    assert texts[1].startswith("• Thing number 1") and texts[-1] == "… and 3 more"
    assert len(group.findall("s:rect", NS)) == 1  # one bar for the year
    desc = root.find("s:desc", NS).text
    assert all(f"Thing number {n} happened" in desc for n in range(1, 6))  # nothing lost


def test_early_and_late_cover_a_third_of_their_period():
    def bar(mod):
        e = make_event(1, "2016", "year", date(2016, 1, 1), date(2016, 12, 31), "x", mod=mod)
        other = make_event(2, "2014", "year", date(2014, 1, 1), date(2014, 12, 31), "y")
        root = parse(render_svg([e, other]))
        g = [g for g in root.findall(".//s:g", NS) if "event" in (g.get("class") or "")
             and "2016" in g.find("s:title", NS).text][0]
        rect = g.find("s:rect", NS)
        return float(rect.get("x")), float(rect.get("width"))

    whole_x, whole = bar(None)
    early_x, early = bar("START")
    late_x, late = bar("END")
    assert early_x == whole_x and 0.3 < early / whole < 0.36
    assert abs((late_x + late) - (whole_x + whole)) < 1 and 0.3 < late / whole < 0.36


def test_long_empty_stretches_are_cut_out_of_the_axis():
    from timeline.render.svg import axis_segments

    background = [
        make_event(1, "1962-05", "month", date(1962, 5, 1), date(1962, 5, 31), "Opened."),
        make_event(2, "199", "decade", date(1990, 1, 1), date(1999, 12, 31), "Repaired."),
    ]
    story_now = many(30, step_days=20, first=date(2024, 1, 8))
    periods = [(e.start, e.end) for e in background + story_now]
    segments = axis_segments(periods)
    assert [(a.year, b.year) for a, b in segments] == [(1962, 1962), (1990, 1999), (2024, 2025)]
    root = parse(render_svg(background + story_now, width=1200))
    axis = [g for g in root.findall(".//s:g", NS) if g.get("class") == "axis"][0]
    lines = [ln for ln in axis.findall("s:line", NS) if ln.get("y1") == ln.get("y2")]
    assert len(lines) == 3  # one axis line per stretch, with breaks between
    # The busy stretch gets most of the width.
    widths = sorted(float(ln.get("x2")) - float(ln.get("x1")) for ln in lines)
    assert widths[-1] > 0.6 * 1150
    # Tick labels never overlap.
    spans = []
    for text in axis.findall("s:text", NS):
        x, width = float(text.get("x")), text_width(text.text)
        anchor = text.get("text-anchor")
        lo = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        spans.append((lo, lo + width))
    spans.sort()
    assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:], strict=False))


def test_no_break_for_a_story_without_long_gaps():
    from timeline.render.svg import axis_segments

    assert len(axis_segments([(e.start, e.end) for e in story()])) == 1

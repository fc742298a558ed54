"""Every export parses with a standard reader and carries the events faithfully."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date

from render_helpers import ev, sample_events

from timeline.render.exports import (
    CSV_COLUMNS,
    ics_fold,
    to_csv,
    to_ics,
    to_json,
    to_markdown,
    to_timelinejs,
)


def test_json_schema_contract():
    events = sample_events()
    doc = json.loads(to_json(events, title="T", generated_from={"sources": ["x"]}))
    assert doc["version"] == 1 and doc["title"] == "T"
    assert doc["generated_from"] == {"sources": ["x"]}
    assert [e["id"] for e in doc["events"]] == ["m1", "d1", "y1", "q1", "s1", "t1"]
    for item in doc["events"]:
        assert {"date", "text", "sources"} <= set(item)
        assert item["sources"] and all("title" in s and "url" in s for s in item["sources"])
    from timeline.events.model import Event

    assert [Event.from_dict(e) for e in doc["events"]] == sorted(events, key=lambda e: e.sort_key)


def test_timelinejs_dates_follow_granularity():
    doc = json.loads(to_timelinejs(sample_events(), title="T <b>", description="d"))
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert doc["title"]["text"]["headline"] == "T &lt;b&gt;"
    assert slides["e-d1"]["start_date"] == {"year": 2024, "month": 3, "day": 2}
    assert "display_date" not in slides["e-d1"]
    assert slides["e-m1"]["start_date"] == {"year": 1962, "month": 5}
    assert slides["e-m1"]["display_date"] == "May 1962"
    assert slides["e-y1"]["start_date"] == {"year": 2025}
    assert slides["e-y1"]["display_date"] == "late 2025"
    assert slides["e-q1"]["end_date"] == {"year": 2025, "month": 6, "day": 30}
    assert slides["e-t1"]["start_date"] == {"year": 2025, "month": 10, "day": 18, "hour": 10,
                                            "minute": 30}
    assert slides["e-d1"]["group"] == "bridge"
    assert "<mark>Saturday</mark>" in slides["e-d1"]["text"]["text"]
    assert 'href="https://gazette.example.org/a"' in slides["e-d1"]["text"]["text"]


def test_timelinejs_escapes_text():
    e = ev("x", "2024-03-02", "day", date(2024, 3, 2), date(2024, 3, 2),
           "A <script>alert(1)</script> on Saturday.", "Saturday")
    doc = json.loads(to_timelinejs([e], title="T"))
    assert "<script>" not in json.dumps(doc)


def test_csv_columns_and_rows():
    rows = list(csv.reader(io.StringIO(to_csv(sample_events()).decode())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0][:6] == ["date", "display_date", "description", "link", "series", "html"]
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [r["id"] for r in body] == ["m1", "d1", "y1", "q1", "s1", "t1"]
    first = body[1]
    assert first["date"] == "2024-03-02" and first["display_date"] == "Saturday 2 March 2024"
    assert first["link"] == "https://gazette.example.org/a"
    assert first["series"] == "bridge"
    assert body[0]["value"] == "1962-05" and body[0]["date"] == "1962-05-01"


def test_csv_cells_cannot_run_as_formulas():
    e = ev("x", "2024-03-02", "day", date(2024, 3, 2), date(2024, 3, 2),
           "=HYPERLINK(\"http://evil\") on Saturday", "Saturday")
    rows = list(csv.reader(io.StringIO(to_csv([e]).decode())))
    assert rows[1][2].startswith("'=")


def _unfold(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    raw = text.split("\r\n")[:-1]
    for line in raw:
        assert "\n" not in line and "\r" not in line
        assert len(line.encode("utf-8")) <= 75, line
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def test_ics_line_rules_and_all_day_periods():
    long_text = "Résumé of a very long sentence, with commas; semicolons and \\ slashes " * 4
    events = sample_events() + [
        ev("long", "2024-03-05", "day", date(2024, 3, 5), date(2024, 3, 5), long_text + "x")
    ]
    data = to_ics(events, title="Bridge, timeline")
    lines = _unfold(data)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "X-WR-CALNAME:Bridge\\, timeline" in lines
    assert lines.count("BEGIN:VEVENT") == len(events) == lines.count("END:VEVENT")
    # one VEVENT per event, with a stable UID and a date-only start/end
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == len(events) and "UID:d1@timeline" in uids
    assert "DTSTART;VALUE=DATE:20240302" in lines and "DTEND;VALUE=DATE:20240303" in lines
    # a month covers the whole month, DTEND exclusive
    assert "DTSTART;VALUE=DATE:19620501" in lines and "DTEND;VALUE=DATE:19620601" in lines
    summary = next(line for line in lines if line.startswith("SUMMARY:Résumé"))
    assert "\\," in summary and "\\;" in summary and "\\\\" in summary
    assert all(line.startswith("DTSTAMP:") is False or line.endswith("T000000Z")
               for line in lines)
    # deterministic: DTSTAMP from the sources' publication date
    assert to_ics(events, title="Bridge, timeline") == data
    assert "DTSTAMP:20240313T000000Z" in lines  # d1 is told by the 2024-03-13 article too


def test_ics_folding_keeps_utf8_characters_whole():
    line = "DESCRIPTION:" + "é" * 100
    folded = ics_fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_markdown_export():
    events = sample_events() + [
        replace(sample_events()[0], id="x", text="# Not a heading [link](javascript:x) *em*",
                highlight=None),
    ]
    md = to_markdown(events, title="Bridge").decode()
    assert md.startswith("# Bridge\n")
    assert "## 1962" in md and "## 2024" in md and "## 2025" in md
    assert "- **Saturday 2 March 2024**: The bridge was closed on **Saturday** after" in md
    assert "[Bridge closed](<https://gazette.example.org/a>)" in md
    assert "\\[link\\](javascript:x)" in md and "\\*em\\*" in md


def test_manual_entry_body_and_note_in_every_export():
    manual = ev("man", "2024-04-01", "day", date(2024, 4, 1), date(2024, 4, 1),
                "Ferry service starts", manual=True, note="Date from the operator",
                body="The **first** boat left at 6am. <script>alert(1)</script>")
    md = to_markdown([manual], title="T").decode()
    assert "  The **first** boat left at 6am. &lt;script>alert(1)&lt;/script>" in md
    assert "Editor's note: Date from the operator" in md
    slide = json.loads(to_timelinejs([manual], title="T"))["events"][0]
    assert "<strong>first</strong>" in slide["text"]["text"]
    assert "<script>" not in slide["text"]["text"]
    rows = list(csv.DictReader(io.StringIO(to_csv([manual]).decode())))
    assert rows[0]["body"].startswith("The **first** boat") and rows[0]["note"]
    assert "first\\*\\* boat" not in "".join(_unfold(to_ics([manual], title="T")))

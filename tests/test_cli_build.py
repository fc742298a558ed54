"""`timeline build` end to end on the shipped examples and on small articles written here."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from timeline.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    # Relative "examples/" is resolved against the project root; the incremental cache
    # goes to a private folder so concurrent runs never share one.
    args = tuple(str(EXAMPLES) if a == "examples/" else a for a in args)
    return subprocess.run([sys.executable, "-m", "timeline", *args], cwd=cwd or _workdir(),
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "120"})


_WORKDIR: list[Path] = []


def _workdir() -> Path:
    return _WORKDIR[-1]


@pytest.fixture(scope="module", autouse=True)
def _private_workdir(tmp_path_factory):
    _WORKDIR.append(tmp_path_factory.mktemp("cwd"))
    yield
    _WORKDIR.pop()


class Collect(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ex") / "site"
    result = run_cli("build", "examples/", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    summary = result.stderr.strip().splitlines()[-1]
    assert "6 documents" in summary and "events" in summary and "warnings" in summary
    return out


def test_examples_build_into_a_site(example_site: Path):
    files = _tree(example_site)
    assert {"index.html", "assets/timeline.css", "assets/timeline.js"} <= set(files)
    html = files["index.html"].decode()
    page = Collect(html)
    events = [a for t, a in page.tags if t == "li" and "data-tl-event" in a]
    assert len(events) >= 15
    # the title comes from examples/timeline.toml
    assert "<h1 class=\"tl-page-title\">The Alder Street Bridge</h1>" in html
    # chronological order of the event dates
    times = [a["datetime"] for t, a in page.tags if t == "time"]
    # each year's section in order (an event's year is its section's)
    years = [int(a["data-tl-year"]) for t, a in page.tags
             if t == "section" and "data-tl-year" in a]
    assert years and years == sorted(years)
    assert times
    # merged: the closure told by several articles is one event with several sources
    assert re.search(r"\b[2-9] sources:", html)
    # every event links back to an article (or names it)
    assert html.count('class="tl-sources"') == len(events)
    # the undated letter is dated by `published` in examples/timeline.toml
    assert "Letter: what the ferry taught us" in html


def test_build_is_deterministic(example_site: Path, tmp_path: Path):
    again = tmp_path / "again"
    result = run_cli("build", "examples/", "-o", str(again), "--quiet")
    assert result.returncode == 0 and result.stderr == ""
    assert _tree(again) == _tree(example_site)


@pytest.mark.parametrize("fmt", ["json", "timelinejs", "csv", "ics", "markdown", "svg",
                                 "fragment"])
def test_every_format_from_the_cli(fmt: str, tmp_path: Path):
    out = tmp_path / f"out.{fmt}"
    result = run_cli("build", "examples/", "--format", fmt, "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    if fmt == "json":
        doc = json.loads(data)
        assert doc["version"] == 1 and doc["events"]
        assert all({"date", "text", "sources"} <= set(e) for e in doc["events"])
        assert doc["generated_from"]["sources"] == [EXAMPLES.as_posix()]
    elif fmt == "timelinejs":
        assert all("start_date" in e for e in json.loads(data)["events"])
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode())))
        assert rows and all(r["date"] and r["description"] for r in rows)
    elif fmt == "ics":
        assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    elif fmt == "markdown":
        assert data.startswith(b"# The Alder Street Bridge\n")
    elif fmt == "svg":
        assert b"<svg" in data
    elif fmt == "fragment":
        assert b"<html" not in data and b"tl-timeline" in data


def test_stdout_and_filters(tmp_path: Path):
    result = run_cli("build", "examples/", "--format", "json", "-o", "-", "--from",
                     "2025-01-01", "--tag", "ferry", "-q")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["events"]
    for event in doc["events"]:
        assert event["end"] >= "2025-01-01"
        assert "ferry" in [t.lower() for t in event["tags"]]


def test_undated_article_is_one_clear_error(tmp_path: Path):
    src = tmp_path / "articles"
    src.mkdir()
    (src / "dated.md").write_text("---\ndate: 2017-09-24\n---\nStrikes hit on Friday.\n")
    (src / "undated.md").write_text("---\ntitle: No date\n---\nIt happened on Friday.\n")
    out = tmp_path / "site"
    result = run_cli("build", str(src), "-o", str(out))
    assert result.returncode == 2
    assert "undated.md" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()  # no half-written output
    ok = run_cli("build", str(src), "-o", str(out), "--published", "2017-09-24")
    assert ok.returncode == 0, ok.stderr
    assert "Friday 22 September 2017" in (out / "index.html").read_text()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_unreadable_front_matter_is_named_beside_the_undated_error(tmp_path: Path, jobs: str):
    # The date IS in the front matter, but the block cannot be read: the user must learn
    # why (and on which line), not only that the file has no date.
    src = tmp_path / "articles"
    src.mkdir()
    (src / "impossible.md").write_text("---\ntitle: x\ndate: 2017-02-30\n---\nOn Friday.\n")
    (src / "broken.md").write_text("---\ntitle: [x\ndate: 2017-02-03\n---\nOn Friday.\n")
    result = run_cli("build", str(src), "-o", str(tmp_path / "site"), "--jobs", jobs)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "impossible.md line 3: front matter ignored: invalid value in YAML" in result.stderr
    assert "day is out of range for month" in result.stderr
    assert "broken.md line 3: front matter ignored: invalid YAML" in result.stderr
    assert "internal error" not in result.stderr
    assert "2 files have no publication date" in result.stderr


def test_failed_rebuild_leaves_the_previous_site(tmp_path: Path):
    src = tmp_path / "articles"
    shutil.copytree(EXAMPLES, src)
    out = tmp_path / "site"
    assert run_cli("build", str(src), "-o", str(out), "-q").returncode == 0
    before = _tree(out)
    (src / "broken.md").write_text("---\ntitle: x\n---\nNo date, on Friday.\n")
    (src / "timeline.toml").unlink()  # no `published` fallback any more
    result = run_cli("build", str(src), "-o", str(out))
    assert result.returncode == 2
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "site"]


def test_xss_in_an_article_never_reaches_the_page(tmp_path: Path):
    src = tmp_path / "articles"
    src.mkdir()
    (src / "evil.md").write_text(
        "---\ntitle: \"<script>alert('title')</script>\"\ndate: 2017-09-24\n"
        "url: \"javascript:alert('url')\"\n---\n"
        "Officials said on Friday that <script>alert('body')</script> nothing happened.\n\n"
        "On Thursday a [link](javascript:alert('link')) was posted "
        "<img src=x onerror=alert('img')>.\n")
    out = tmp_path / "site"
    result = run_cli("build", str(src), "-o", str(out))
    assert result.returncode == 0, result.stderr
    html = (out / "index.html").read_text()
    page = Collect(html)
    scripts = [a for t, a in page.tags if t == "script"]
    assert scripts == [{"src": "assets/timeline.js", "defer": None}]
    assert "<script>alert" not in html
    for tag, attrs in page.tags:
        assert tag != "img"
        for name, value in attrs.items():
            assert not name.startswith("on")
            assert "javascript:" not in (value or "").lower()


def test_bad_flags_are_one_line_errors(tmp_path: Path):
    result = run_cli("build", "examples/", "--published", "24/09/2017")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
    result = run_cli("build", str(tmp_path / "missing"), "-o", str(tmp_path / "s"))
    assert result.returncode == 2 and "no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("title = \n")
    result = run_cli("build", "examples/", "--config", str(bad), "-o", str(tmp_path / "s"))
    assert result.returncode == 2
    assert f"{bad}:1: invalid TOML" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_flags_override_config(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "site"
    code = main(["build", str(EXAMPLES), "-o", str(out), "--title", "Flag title", "-q"])
    assert code == 0
    assert "<title>Flag title</title>" in (out / "index.html").read_text()


def test_template_override_from_the_cli(tmp_path: Path):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "base.html").write_text(
        "<!doctype html><title>{{ page.title }}</title><body class=\"mine\">"
        "{% block content %}{% endblock %}</body>\n")
    out = tmp_path / "site"
    result = run_cli("build", "examples/", "-o", str(out), "--templates", str(tpl), "-q")
    assert result.returncode == 0, result.stderr
    html = (out / "index.html").read_text()
    assert 'class="mine"' in html and "tl-event" in html


def test_an_empty_timeline_is_never_silent(tmp_path: Path):
    src = tmp_path / "articles"
    src.mkdir()
    (src / "a.md").write_text("---\ndate: 2017-09-24\n---\nNothing dated here at all.\n")
    result = run_cli("build", str(src), "-o", str(tmp_path / "s"))
    assert result.returncode == 0
    assert "warning: no dated sentence found in 1 document" in result.stderr
    result = run_cli("build", "examples/", "-o", str(tmp_path / "t"), "--from", "2030-01-01")
    assert result.returncode == 0
    assert "warning: no event matches the filters" in result.stderr


def test_key_dates_site_shows_them_first_and_the_full_timeline_a_click_away(tmp_path: Path):
    out = tmp_path / "site"
    result = run_cli("build", "examples/", "-o", str(out), "--key-dates", "3", "-q")
    assert result.returncode == 0, result.stderr
    index = (out / "index.html").read_text()
    full = (out / "full.html").read_text()
    key_items = Collect(index).tags
    key_events = [a for t, a in key_items if t == "li" and "data-tl-event" in a]
    all_events = [a for t, a in Collect(full).tags if t == "li" and "data-tl-event" in a]
    assert 3 <= len(key_events) < len(all_events)
    assert all("tl-key" in a["class"] for a in key_events)
    assert 'href="full.html"' in index
    # each key event points at its place in the full timeline
    for item in key_events:
        event_id = item["id"].removeprefix("key-")
        assert f'href="full.html#{event_id}"' in index
        assert f'id="{event_id}"' in full

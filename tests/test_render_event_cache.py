"""Each event's card rendered once and kept across builds (timeline.render.event_cache)."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
from render_helpers import GAZETTE, RADIO, ev, sample_events

from timeline.render import event_cache
from timeline.render.event_cache import RENDER_FILENAME, EventRenderer
from timeline.render.site import render_site


def many_events(n: int = 400) -> list:
    """Enough events for year pages and month headings."""
    out = []
    for i in range(n):
        d = date(2019, 1, 1) + timedelta(days=(i * 7) % 1500)
        expression = f"{d:%B} {d.day}, {d.year}"
        out.append(ev(f"e{i:04d}", d.isoformat(), "day", d, d,
                      f"Item {i} happened on {expression}.", expression,
                      sources=(GAZETTE,) if i % 2 else (GAZETTE, RADIO),
                      tags=("t",) if i % 3 else (), key=(i % 41 == 0)))
    return out


@pytest.fixture
def render_count(monkeypatch):
    """How many cards were rendered by the template (not read back)."""
    calls = {"n": 0}
    original = EventRenderer._render

    def counting(self, view, timeline):
        calls["n"] += 1
        return original(self, view, timeline)

    monkeypatch.setattr(EventRenderer, "_render", counting)
    return calls


@pytest.mark.parametrize("group_by", ["auto", "none", "year"])
def test_cached_site_is_byte_identical_to_uncached(tmp_path: Path, group_by: str):
    events = many_events()
    plain = render_site(events, title="T", group_by=group_by)
    first = render_site(events, title="T", group_by=group_by, cache_dir=tmp_path)
    again = render_site(events, title="T", group_by=group_by, cache_dir=tmp_path)
    assert plain == first == again
    assert (tmp_path / RENDER_FILENAME).is_file()


def test_rebuild_renders_only_changed_cards(tmp_path: Path, render_count):
    events = many_events()
    render_site(events, title="T", cache_dir=tmp_path)
    cold = render_count["n"]
    assert cold >= len(events)
    render_count["n"] = 0
    render_site(events, title="T", cache_dir=tmp_path)
    assert render_count["n"] == 0
    changed = list(events)
    changed[100] = dataclasses.replace(changed[100], text=changed[100].text + " Corrected.")
    out = render_site(changed, title="T", cache_dir=tmp_path)
    assert 1 <= render_count["n"] <= 3  # the card, and a key-view copy at most
    assert out == render_site(changed, title="T")
    assert b"Corrected." in b"".join(out.values())


def test_damaged_rows_and_files_are_not_trusted(tmp_path: Path):
    events = many_events(60)
    expected = render_site(events, title="T")
    render_site(events, title="T", cache_dir=tmp_path)
    conn = sqlite3.connect(tmp_path / RENDER_FILENAME)
    conn.execute("UPDATE cards SET html = '<li>tampered</li>\n'")
    conn.commit()
    conn.close()
    assert render_site(events, title="T", cache_dir=tmp_path) == expected
    (tmp_path / RENDER_FILENAME).write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{tmp_path / RENDER_FILENAME}{suffix}").unlink(missing_ok=True)
    assert render_site(events, title="T", cache_dir=tmp_path) == expected
    assert render_site(events, title="T", cache_dir=tmp_path) == expected


def test_unused_cards_are_pruned(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(event_cache, "_PRUNE_RATIO", 1.0)
    monkeypatch.setattr(event_cache, "_PRUNE_SLACK", 0)
    render_site(many_events(300), title="T", group_by="none", cache_dir=tmp_path)
    render_site(many_events(300)[:10], title="T", group_by="none", cache_dir=tmp_path)
    conn = sqlite3.connect(tmp_path / RENDER_FILENAME)
    (count,) = conn.execute("SELECT count(*) FROM cards").fetchone()
    conn.close()
    assert count <= 11  # ten cards, and the key event's copy in the key-date view
    assert render_site(many_events(300)[:10], title="T", group_by="none",
                       cache_dir=tmp_path) == render_site(many_events(300)[:10], title="T",
                                                          group_by="none")


def test_user_event_template_still_wins_with_a_cache(tmp_path: Path):
    templates = tmp_path / "templates"
    templates.mkdir()
    # An override may use the page's context (page.root), as an included template can.
    (templates / "event.html").write_text(
        '<li class="mine" data-tl-event id="{{ event.anchor }}">'
        '<a href="{{ page.root }}index.html">{{ event.label }}</a></li>\n')
    pages = render_site(sample_events(), title="T", templates=templates,
                        cache_dir=tmp_path / "cache")
    assert pages["index.html"].count(b'class="mine"') == len(sample_events())
    assert b'class="tl-text"' not in pages["index.html"]
    # The shipped card comes back when the override goes (no stale card from a cache).
    (templates / "event.html").unlink()
    pages = render_site(sample_events(), title="T", templates=templates,
                        cache_dir=tmp_path / "cache")
    assert b'class="mine"' not in pages["index.html"]
    assert pages == render_site(sample_events(), title="T", templates=templates)


def test_a_busy_cache_is_skipped_not_deleted(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(event_cache, "_BUSY_TIMEOUT", 0.05)
    events = many_events(60)
    expected = render_site(events, title="T")
    render_site(events, title="T", cache_dir=tmp_path)
    other = sqlite3.connect(tmp_path / RENDER_FILENAME, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another build writing
    try:
        changed = [dataclasses.replace(e, text=e.text + " Later.") for e in events]
        assert render_site(changed, title="T", cache_dir=tmp_path) == render_site(changed,
                                                                                   title="T")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert (tmp_path / RENDER_FILENAME).is_file()
    conn = sqlite3.connect(tmp_path / RENDER_FILENAME)
    (count,) = conn.execute("SELECT count(*) FROM cards").fetchone()
    conn.close()
    assert count > 0  # the cards of the first build are still there
    assert render_site(events, title="T", cache_dir=tmp_path) == expected

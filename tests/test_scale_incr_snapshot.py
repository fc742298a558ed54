"""The build snapshot (timeline.scale.snapshot): a rebuild from the cache re-merges only the
dates whose documents changed, and always equals a build without any cache."""

from __future__ import annotations

import marshal
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from scale_support import settle_files, write_corpus

from timeline.events.model import Event, SourceRef
from timeline.pipeline import BuildOptions, BuildReport, collect_events
from timeline.scale import snapshot, worker
from timeline.scale.snapshot import SNAPSHOT_FILENAME

# Several desks report the same happenings in nearly the same words: they merge.
_HAPPENINGS = [
    ("2016-03-04", "March 4, 2016", "the harbour board approved the new quay budget"),
    ("2016-03-04", "March 4, 2016", "the ferry to Tessa Bay was cancelled after the storm"),
    ("2017-06-12", "June 12, 2017", "the city council closed the old bridge for repairs"),
    ("2017-06-13", "June 13, 2017", "the water company lifted the hosepipe ban"),
]


def _wire_story(folder: Path, index: int, happenings: list[int], extra: str = "") -> Path:
    sentences = []
    for h in happenings:
        _value, written, what = _HAPPENINGS[h]
        sentences.append(f"On {written}, {what} (desk {index % 2}).")
    sentences.append(f"Officials said in 2016 that desk {index} would follow the story.")
    path = folder / "wire" / f"story-{index:03d}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: Wire story {index}\ndate: 2017-07-0{1 + index % 9}\n"
                    f"source: Desk {index % 3}\n---\n\n{' '.join(sentences)} {extra}\n",
                    encoding="utf-8")
    return path


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    write_corpus(folder, 30)
    paths = [_wire_story(folder, i, [i % 4, (i + 1) % 4]) for i in range(12)]
    settle_files(paths)
    return folder


def _events(folder: Path, cache: Path | None) -> tuple[list[dict], BuildReport]:
    report = BuildReport()
    options = BuildOptions(sources=(folder,), cache_dir=cache, jobs=1, progress=False)
    return [e.to_dict() for e in collect_events(options, report)], report


def _assert_same_as_uncached(folder: Path, cache: Path) -> BuildReport:
    cached, report = _events(folder, cache)
    fresh, _ = _events(folder, None)
    assert cached == fresh
    return report


class _Decodes:
    """Counts the documents whose cached events JSON is decoded."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = worker.events_from_json

        def counting(text: str) -> list[Event]:
            self.count += 1
            return original(text)

        monkeypatch.setattr(worker, "events_from_json", counting)


def test_rebuilds_equal_an_uncached_build_through_edits_additions_and_removals(
        corpus, tmp_path):
    cache = tmp_path / "cache"
    first = _assert_same_as_uncached(corpus, cache)
    assert (cache / SNAPSHOT_FILENAME).is_file()
    assert any(e["members"] for e in _events(corpus, cache)[0]), "the corpus should merge"
    # An edit that moves a story from one happening to another, with a new date too.
    settle_files([_wire_story(corpus, 3, [2], extra="Repairs ended on 9 June 2031.")])
    _assert_same_as_uncached(corpus, cache)
    # A new story that merges with existing events.
    settle_files([_wire_story(corpus, 40, [0, 1])])
    _assert_same_as_uncached(corpus, cache)
    # Removing stories that took part in merged events (and their dates).
    (corpus / "wire" / "story-000.md").unlink()
    (corpus / "wire" / "story-004.md").unlink()
    report = _assert_same_as_uncached(corpus, cache)
    assert report.documents == first.documents - 1
    # Back to the first state: the snapshot follows.
    (corpus / "wire" / "story-040.md").unlink()
    settle_files([_wire_story(corpus, i, [i % 4, (i + 1) % 4]) for i in (0, 3, 4)])
    assert _events(corpus, cache)[0] == _events(corpus, None)[0]


def test_unchanged_rebuild_reads_no_cached_events(corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _events(corpus, cache)
    decodes = _Decodes(monkeypatch)
    events, report = _events(corpus, cache)
    assert decodes.count == 0
    assert report.cached_documents == report.documents == 42
    assert events == _events(corpus, None)[0]


def test_one_edit_reads_only_the_documents_of_its_dates(corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _events(corpus, cache)
    settle_files([_wire_story(corpus, 5, [0, 3])])
    decodes = _Decodes(monkeypatch)
    events, report = _events(corpus, cache)
    assert report.cached_documents == report.documents - 1
    # Only the edited story's events are decoded (as the worker sent them); the other
    # stories of its dates come from the snapshot's unmerged events.
    assert decodes.count == 1
    assert events == _events(corpus, None)[0]


def _corrupt(cache: Path, prefix: str) -> None:
    with sqlite3.connect(cache / SNAPSHOT_FILENAME) as conn:
        (name, data) = conn.execute("SELECT name, data FROM blobs WHERE name LIKE ? "
                                    "ORDER BY name LIMIT 1", (prefix + "%",)).fetchone()
        damaged = data[:10] + bytes([data[10] ^ 0xFF]) + data[11:]
        conn.execute("UPDATE blobs SET data = ? WHERE name = ?", (damaged, name))


@pytest.mark.parametrize("prefix", ["m:", "index"])
def test_a_damaged_snapshot_is_detected_and_rebuilt(corpus, tmp_path, prefix):
    cache = tmp_path / "cache"
    _events(corpus, cache)
    _corrupt(cache, prefix)
    report = _assert_same_as_uncached(corpus, cache)
    assert any("failed its checksum" in w and "rebuilding the snapshot" in w
               for w in report.warnings)
    # Rebuilt: the next build is clean.
    assert _events(corpus, cache)[1].warnings == []


def test_damaged_unmerged_events_of_a_changed_date_fall_back_to_a_full_merge(
        corpus, tmp_path):
    cache = tmp_path / "cache"
    _events(corpus, cache)
    with sqlite3.connect(cache / SNAPSHOT_FILENAME) as conn:
        conn.execute("UPDATE blobs SET checksum = 'x' WHERE name LIKE 'r:%'")
    settle_files([_wire_story(corpus, 7, [3])])
    report = _assert_same_as_uncached(corpus, cache)
    assert sum("rebuilding the snapshot" in w for w in report.warnings) == 1
    assert report.documents == 42


def test_well_formed_but_wrong_shape_is_not_trusted(corpus, tmp_path):
    cache = tmp_path / "cache"
    _events(corpus, cache)
    data = marshal.dumps({"2016-03-04": "not rows"})
    import hashlib

    with sqlite3.connect(cache / SNAPSHOT_FILENAME) as conn:
        name = conn.execute("SELECT name FROM blobs WHERE name LIKE 'm:%' LIMIT 1").fetchone()[0]
        conn.execute("UPDATE blobs SET data = ?, checksum = ? WHERE name = ?",
                     (data, hashlib.sha256(data).hexdigest(), name))
    report = _assert_same_as_uncached(corpus, cache)
    assert any("malformed" in w for w in report.warnings)


def test_a_foreign_file_is_replaced(corpus, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / SNAPSHOT_FILENAME).write_bytes(b"this is not a database" * 100)
    report = _assert_same_as_uncached(corpus, cache)
    assert any("snapshot.sqlite3 is unusable" in w for w in report.warnings)
    assert _events(corpus, cache)[1].warnings == []


def test_another_extraction_version_empties_the_snapshot(corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _events(corpus, cache)
    monkeypatch.setattr(snapshot, "FORMAT", "other")
    decodes = _Decodes(monkeypatch)
    _assert_same_as_uncached(corpus, cache)
    assert decodes.count > 0  # everything was read back and merged again
    with sqlite3.connect(cache / SNAPSHOT_FILENAME) as conn:
        (value,) = conn.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()
    assert value.startswith("other\x1f")


def test_a_busy_snapshot_is_skipped_for_the_build(corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    _events(corpus, cache)
    monkeypatch.setattr(snapshot, "BUSY_TIMEOUT", 0.1)
    holder = sqlite3.connect(cache / SNAPSHOT_FILENAME, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        settle_files([_wire_story(corpus, 2, [0])])
        report = _assert_same_as_uncached(corpus, cache)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert any("building without the snapshot" in w for w in report.warnings)
    # The held snapshot is now behind the sources; the next build catches up.
    _assert_same_as_uncached(corpus, cache)


def test_a_failed_build_leaves_the_snapshot_as_it_was(corpus, tmp_path):
    from timeline.errors import TimelineError

    cache = tmp_path / "cache"
    _events(corpus, cache)
    before = (cache / SNAPSHOT_FILENAME).read_bytes()
    undated = corpus / "wire" / "undated.txt"
    undated.write_text("Nothing here says when it was published, except March 3, 2016.\n",
                       encoding="utf-8")
    with pytest.raises(TimelineError):
        _events(corpus, cache)
    undated.unlink()
    with sqlite3.connect(cache / SNAPSHOT_FILENAME) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert (cache / SNAPSHOT_FILENAME).read_bytes() == before
    _assert_same_as_uncached(corpus, cache)


def test_event_rows_round_trip():
    refs = (SourceRef("a/b.md", "B", "Desk", "https://example.org/b", "2016-01-02"),
            SourceRef("c.md", "C"))
    event = Event("e1", "2016-W09", "DATE", "week", date(2016, 2, 29), date(2016, 3, 6),
                  "The week of talks began.", (4, 8), "week", "START", refs, ("talks",),
                  "Talks", "**Body**", "note", True, True, False, {"rule": "r", "n": 1},
                  ("e0", "e1"))
    row = event.to_row()
    again = Event.from_row(marshal.loads(marshal.dumps(row)))
    assert again == event
    assert again.explanation == event.explanation
    assert Event.from_row(row, refs).sources is refs
    with pytest.raises(ValueError):
        Event.from_row(row[:-1])


# -- the render side of a rebuild: a list's unchanged groups of cards are one row each --

def _site_events(count: int = 400) -> list[Event]:
    from datetime import timedelta

    paper = SourceRef("gazette/a.md", "The Gazette", "Gazette", "https://example.org/a",
                      "2019-01-02")
    out = []
    for i in range(count):
        d = date(2019, 1, 1) + timedelta(days=(i * 7) % 1500)
        out.append(Event(f"e{i:04d}", d.isoformat(), "DATE", "day", d, d,
                         f"Item {i} was reported on {d:%B} {d.day}, {d.year}.", None, None,
                         None, (paper,), ("t",) if i % 3 else (), key=i % 41 == 0))
    return out


class _RenderSpy:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from timeline.render import event_cache

        self.rendered = 0
        self.groups_stored = 0
        render, store_groups = event_cache.EventRenderer._render, event_cache._Store.store_groups

        def counting_render(renderer, view, timeline):
            self.rendered += 1
            return render(renderer, view, timeline)

        def counting_groups(store, rows):
            self.groups_stored += len(rows)
            return store_groups(store, rows)

        monkeypatch.setattr(event_cache.EventRenderer, "_render", counting_render)
        monkeypatch.setattr(event_cache._Store, "store_groups", counting_groups)


def test_a_rebuild_reads_unchanged_groups_whole_and_equals_an_uncached_render(
        tmp_path, monkeypatch):
    import dataclasses

    from timeline.render.site import render_site

    events = _site_events()
    changed = list(events)
    changed[100] = dataclasses.replace(changed[100], text=changed[100].text + " Corrected.")
    expected, expected_changed = render_site(events, title="T"), render_site(changed, title="T")
    render_site(events, title="T", cache_dir=tmp_path)
    spy = _RenderSpy(monkeypatch)
    assert render_site(events, title="T", cache_dir=tmp_path) == expected
    assert (spy.rendered, spy.groups_stored) == (0, 0)
    assert render_site(changed, title="T", cache_dir=tmp_path) == expected_changed
    assert 1 <= spy.rendered <= 2  # the card (and its key-dates copy)
    assert 1 <= spy.groups_stored <= 3  # its month, and the lists showing it again


def test_damaged_group_rows_are_rendered_again(tmp_path):
    from timeline.render.event_cache import RENDER_FILENAME
    from timeline.render.site import render_site

    events = _site_events(120)
    expected = render_site(events, title="T")
    render_site(events, title="T", cache_dir=tmp_path)
    with sqlite3.connect(tmp_path / RENDER_FILENAME) as conn:
        assert conn.execute("SELECT count(*) FROM groups").fetchone()[0] > 0
        conn.execute("UPDATE groups SET html = '<li>tampered</li>'")
    assert render_site(events, title="T", cache_dir=tmp_path) == expected
    with sqlite3.connect(tmp_path / RENDER_FILENAME) as conn:
        conn.execute("UPDATE groups SET cards = 'x'")  # the checksum covers the card keys
    assert render_site(events, title="T", cache_dir=tmp_path) == expected


def test_cards_of_groups_read_whole_are_not_pruned(tmp_path):
    import dataclasses

    from timeline.render.event_cache import RENDER_FILENAME
    from timeline.render.site import render_site

    events = _site_events(1500)
    render_site(events, title="T", cache_dir=tmp_path)
    with sqlite3.connect(tmp_path / RENDER_FILENAME) as conn:
        (cards,) = conn.execute("SELECT count(*) FROM cards").fetchone()
    for i in range(3):  # rebuilds that read almost every group whole
        changed = list(events)
        changed[i] = dataclasses.replace(changed[i], text=f"Changed {i} on 2 January 2019.")
        render_site(changed, title="T", cache_dir=tmp_path)
    with sqlite3.connect(tmp_path / RENDER_FILENAME) as conn:
        (after,) = conn.execute("SELECT count(*) FROM cards").fetchone()
    assert after >= cards


def test_content_digest_follows_the_fields_and_never_survives_a_change():
    import dataclasses

    event = _site_events(1)[0]
    digest = event.content_digest()
    assert event.digest == digest  # kept once computed
    again = Event.from_row(event.to_row(with_digest=True))
    assert again.digest == digest and again == event
    changed = event.with_changes(headline="New headline")
    assert changed.digest is None and changed.content_digest() != digest
    assert dataclasses.replace(event, note="n").digest is None
    # The explanation is not shown: it does not count.
    assert dataclasses.replace(event, explanation={"rule": "x"}).content_digest() == digest


def test_a_template_that_reads_the_events_of_a_lazy_list_still_works(tmp_path):
    from timeline.render.site import render_site

    templates = tmp_path / "templates"
    templates.mkdir()
    shipped = Path(__file__).resolve().parent.parent / "templates" / "_timeline.html"
    text = shipped.read_text(encoding="utf-8")
    # An override that prints each event's headline text before the cards.
    marker = "{% for group in timeline.groups %}"
    assert marker in text
    (templates / "_timeline.html").write_text(
        text.replace(marker, marker + "<!--{% for e in group.events %}[{{ e.text }}|"
                     "{{ e.label }}]{% endfor %}-->", 1), encoding="utf-8")
    events = _site_events(40)
    cached = render_site(events, title="T", templates=templates, cache_dir=tmp_path / "c")
    assert cached == render_site(events, title="T", templates=templates)
    assert b"[Item 3 was reported on" in b"".join(cached.values())

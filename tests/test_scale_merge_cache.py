"""The merge cache gives exactly merge_events' result, on cold and warm runs."""

from __future__ import annotations

import sqlite3
from datetime import date

from scale_support import extract, write_article, write_corpus

from timeline.events import merge_events
from timeline.events.model import Event, SourceRef
from timeline.scale.merge_cache import MERGE_FILENAME, merge_events_cached


def _event(i: int, text: str, day: str = "2016-03-04", doc: str | None = None) -> Event:
    d = date.fromisoformat(day)
    source = SourceRef(doc or f"doc{i}.md", f"Doc {i}", published=f"2016-03-{10 + i % 9:02d}")
    return Event(id=f"{i:012x}", date=day, type="DATE", granularity="day", start=d, end=d,
                 text=text, sources=(source,))


def _dicts(events):
    return [e.to_dict() for e in events]


def test_same_result_as_merge_events_cold_and_warm(tmp_path, monkeypatch):
    events = [
        _event(1, "The council approved the new bridge on Friday."),
        _event(2, "The council approved the new bridge on Friday!"),
        _event(3, "Fishermen protested at the harbour."),
        _event(4, "The council approved a new bridge on Friday.", day="2016-03-05"),
        _event(5, "A lone sentence on its own day.", day="2016-04-01"),
    ]
    expected = _dicts(merge_events(events))
    cold = _dicts(merge_events_cached(events, tmp_path))
    from timeline.events import merge

    def no_comparisons(*_args, **_kw):
        raise AssertionError("a cached date was compared again")

    monkeypatch.setattr(merge, "_groups", no_comparisons)
    warm = _dicts(merge_events_cached(list(reversed(events)), tmp_path))
    assert cold == expected == warm
    assert len(expected) == 4  # events 1 and 2 merged


def test_corpus_merge_equals_plain_merge_after_an_edit(tmp_path):
    src = tmp_path / "src"
    write_corpus(src, 40)
    for i in range(40, 46):  # retellings of article 3 by other desks: merging has work
        path = write_article(src, 3)
        path.rename(path.with_name(f"copy-{i}.md"))
    events, _ = extract(src, jobs=1)
    objects = [Event.from_dict(e) for e in events]
    assert _dicts(merge_events_cached(objects, tmp_path / "c")) == _dicts(merge_events(objects))
    write_article(src, 3, extra="The harbour reopened on 2 May 2016.")
    events, _ = extract(src, jobs=1)
    objects = [Event.from_dict(e) for e in events]
    assert _dicts(merge_events_cached(objects, tmp_path / "c")) == _dicts(merge_events(objects))


def test_damaged_merge_cache_is_rebuilt_with_a_warning(tmp_path):
    events = [_event(1, "Same words here today."), _event(2, "Same words here today!")]
    expected = _dicts(merge_events(events))
    merge_events_cached(events, tmp_path)
    (tmp_path / MERGE_FILENAME).write_bytes(b"garbage" * 200)
    warnings: list[str] = []
    assert _dicts(merge_events_cached(events, tmp_path, on_warning=warnings.append)) == expected
    assert any("unusable" in w for w in warnings)


def test_bogus_stored_groups_are_ignored(tmp_path):
    events = [_event(1, "Same words here today."), _event(2, "Same words here today!"),
              _event(3, "Something else entirely.")]
    expected = _dicts(merge_events(events))
    merge_events_cached(events, tmp_path)
    with sqlite3.connect(tmp_path / MERGE_FILENAME) as conn:
        conn.execute("UPDATE groups SET groups = '[[0], [0, 1, 2]]'")
    assert _dicts(merge_events_cached(events, tmp_path)) == expected

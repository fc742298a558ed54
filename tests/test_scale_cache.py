"""The incremental cache: hits, misses, invalidation, pruning, corruption."""

from __future__ import annotations

import sqlite3

import pytest
from scale_support import extract, settle_files, tree_bytes, write_article, write_corpus

from timeline.cli import main
from timeline.scale import cache as cache_mod
from timeline.scale import sources as sources_mod
from timeline.scale import worker
from timeline.scale.cache import CACHE_FILENAME, EventCache


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "src"
    write_corpus(src, 30)
    return src


def _rows(cache_dir):
    with sqlite3.connect(cache_dir / CACHE_FILENAME) as conn:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def _reads(monkeypatch):
    """Count files actually read (jobs=1 runs the reader in this process)."""
    calls = []
    real = sources_mod.read_one

    def counting(source, published, warn):
        calls.append(source.name)
        return real(source, published, warn)

    monkeypatch.setattr(sources_mod, "read_one", counting)
    return calls


def test_second_build_comes_from_cache_and_equals_the_first(corpus, tmp_path):
    cache = tmp_path / "cache"
    first, r1 = extract(corpus, jobs=2, cache=cache)
    second, r2 = extract(corpus, jobs=2, cache=cache)
    uncached, _ = extract(corpus, jobs=1)
    assert r1.cached_documents == 0
    assert r2.cached_documents == 30
    assert first == second == uncached
    assert _rows(cache) == 30
    assert not r2.warnings


def test_unchanged_files_are_not_even_read(corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    extract(corpus, jobs=1, cache=cache)
    reads = _reads(monkeypatch)
    _, report = extract(corpus, jobs=1, cache=cache)
    assert report.cached_documents == 30
    assert reads == []


def test_changed_document_is_re_extracted_alone(corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    before, _ = extract(corpus, jobs=1, cache=cache)
    changed = write_article(corpus, 7, extra="The bridge reopened on 12 August 2014.")
    settle_files([changed])
    reads = _reads(monkeypatch)
    after, report = extract(corpus, jobs=1, cache=cache)
    assert reads == [changed.relative_to(corpus).as_posix()]
    assert report.cached_documents == 29
    assert any(e["date"] == "2014-08-12" for e in after)
    assert not any(e["date"] == "2014-08-12" for e in before)
    fresh, _ = extract(corpus, jobs=1)
    assert after == fresh
    assert _rows(cache) == 30  # the old version of the changed article was pruned


def test_content_change_is_found_even_when_size_and_mtime_are_kept(corpus, tmp_path):
    """The stat fast path is only a shortcut: a content-hash miss still catches edits of
    files whose stat changed; a file edited within the settle window is always re-read."""
    cache = tmp_path / "cache"
    extract(corpus, jobs=1, cache=cache)
    path = write_article(corpus, 3, extra="Flooding closed the road on 2 July 2013.")
    # not settled: mtime is now, so it must be read and re-extracted
    after, report = extract(corpus, jobs=1, cache=cache)
    assert report.cached_documents == 29
    assert any(e["date"] == "2013-07-02" for e in after)
    assert path.exists()


def test_removed_document_events_vanish_and_rows_are_pruned(corpus, tmp_path):
    cache = tmp_path / "cache"
    before, _ = extract(corpus, jobs=2, cache=cache)
    victim = sorted(corpus.rglob("*.md"))[5]
    name = victim.relative_to(corpus).as_posix()
    assert any(s["document"] == name for e in before for s in e["sources"])
    victim.unlink()
    after, report = extract(corpus, jobs=2, cache=cache)
    assert report.cached_documents == 29
    assert not any(s["document"] == name for e in after for s in e["sources"])
    assert _rows(cache) == 29


def test_sidecar_change_invalidates_the_file(corpus, tmp_path):
    cache = tmp_path / "cache"
    extract(corpus, jobs=1, cache=cache)
    target = sorted(corpus.rglob("*.md"))[0]
    name = target.relative_to(corpus).as_posix()
    sidecar = target.with_name(target.name + ".yaml")
    sidecar.write_text("url: https://news.example.org/report\n", encoding="utf-8")
    after, report = extract(corpus, jobs=1, cache=cache)
    assert report.cached_documents == 29
    assert {s["url"] for e in after for s in e["sources"] if s["document"] == name} == \
        {"https://news.example.org/report"}
    # a sidecar that changes nothing the document shows is a stat miss but a content hit
    sidecar.write_text("url: https://news.example.org/report\n\n", encoding="utf-8")
    _, report = extract(corpus, jobs=1, cache=cache)
    assert report.cached_documents == 30


def test_tagger_version_change_re_extracts_everything(corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first, _ = extract(corpus, jobs=1, cache=cache)
    monkeypatch.setattr(worker, "extraction_version", lambda: "another-tagger")
    second, report = extract(corpus, jobs=1, cache=cache)
    assert report.cached_documents == 0
    assert any("another tagger" in w for w in report.warnings)
    assert second == first
    third, report3 = extract(corpus, jobs=1, cache=cache)
    assert report3.cached_documents == 30 and not report3.warnings  # stale rows pruned
    assert _rows(cache) == 30


def test_mode_is_part_of_the_key(corpus, tmp_path):
    cache = tmp_path / "cache"
    extract(corpus, jobs=1, cache=cache)
    _, report = extract(corpus, jobs=1, cache=cache, mode="narrative")
    assert report.cached_documents == 0


@pytest.mark.parametrize("damage", ["garbage", "truncated", "wrong-schema", "foreign-db"])
def test_corrupt_cache_is_reported_and_rebuilt(corpus, tmp_path, damage):
    cache = tmp_path / "cache"
    reference, _ = extract(corpus, jobs=1, cache=cache)
    db = cache / CACHE_FILENAME
    if damage == "garbage":
        db.write_bytes(b"this is not a database at all" * 100)
    elif damage == "truncated":
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 3] + b"\x00" * 512)
    elif damage == "wrong-schema":
        with sqlite3.connect(db) as conn:
            conn.execute("DROP TABLE files")
    else:
        db.unlink()
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE documents (x)")
    rebuilt, report = extract(corpus, jobs=2, cache=cache)
    assert rebuilt == reference
    assert any("unusable" in w and "rebuilding" in w for w in report.warnings), report.warnings
    again, report2 = extract(corpus, jobs=2, cache=cache)
    assert report2.cached_documents == 30 and again == reference


def test_row_failing_its_checksum_is_not_trusted(corpus, tmp_path):
    cache = tmp_path / "cache"
    reference, _ = extract(corpus, jobs=1, cache=cache)
    with sqlite3.connect(cache / CACHE_FILENAME) as conn:
        conn.execute("UPDATE documents SET events = replace(events, '\"date\":\"20', "
                     "'\"date\":\"19') WHERE rowid = (SELECT min(rowid) FROM documents)")
    rebuilt, report = extract(corpus, jobs=1, cache=cache)
    assert rebuilt == reference
    assert report.cached_documents == 29
    assert any("checksum" in w for w in report.warnings)
    again, report = extract(corpus, jobs=2, cache=cache)  # the row was rewritten
    assert again == reference and report.cached_documents == 30 and not report.warnings


def test_worker_side_lookup_rejects_a_damaged_row(corpus, tmp_path):
    """Files whose stat changed are looked up by content hash in the worker processes."""
    cache = tmp_path / "cache"
    reference, _ = extract(corpus, jobs=2, cache=cache)
    with sqlite3.connect(cache / CACHE_FILENAME) as conn:
        conn.execute("UPDATE documents SET events = replace(events, '\"date\":\"20', "
                     "'\"date\":\"19')")
        conn.execute("DELETE FROM files")  # force the content-hash path
    rebuilt, report = extract(corpus, jobs=2, cache=cache)
    assert rebuilt == reference
    assert report.cached_documents == 0
    assert [w for w in report.warnings if "checksum" in w] == [
        f"cache {cache / CACHE_FILENAME}: 30 stored rows failed their checksum; "
        "re-extracted those documents"]


def test_undecodable_row_with_valid_checksum_is_not_trusted(corpus, tmp_path):
    cache = tmp_path / "cache"
    reference, _ = extract(corpus, jobs=1, cache=cache)
    bad = '[{"not": "an event"}]'
    with sqlite3.connect(cache / CACHE_FILENAME) as conn:
        conn.execute("UPDATE documents SET events = ?, checksum = ? "
                     "WHERE rowid = (SELECT min(rowid) FROM documents)",
                     (bad, cache_mod.checksum(bad)))
    rebuilt, report = extract(corpus, jobs=1, cache=cache)
    assert rebuilt == reference
    assert report.cached_documents == 29
    assert any("checksum" in w or "re-extracted" in w for w in report.warnings)


def test_failed_build_does_not_prune(corpus, tmp_path):
    from timeline.errors import InputError

    cache = tmp_path / "cache"
    extract(corpus, jobs=1, cache=cache)
    (corpus / "undated.md").write_text("Met on March 3, 2016.\n", encoding="utf-8")
    with pytest.raises(InputError):
        extract(corpus, jobs=1, cache=cache)
    assert _rows(cache) == 30


def test_unwritable_cache_dir_warns_and_builds(corpus, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    events, report = extract(corpus, jobs=1, cache=blocker / "cache")
    assert events
    assert any("without cache" in w for w in report.warnings)


def test_cli_build_uses_cwd_cache_and_no_cache_flag(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path / "src", 25)
    assert main(["build", "src", "-o", "site", "-q"]) == 0
    assert (tmp_path / ".timeline-cache" / CACHE_FILENAME).is_file()
    first = tree_bytes(tmp_path / "site")
    assert main(["build", "src", "-o", "site", "-q"]) == 0
    assert tree_bytes(tmp_path / "site") == first
    assert main(["build", "src", "-o", "other", "-q", "--cache-dir", "elsewhere"]) == 0
    assert (tmp_path / "elsewhere" / CACHE_FILENAME).is_file()
    assert tree_bytes(tmp_path / "other") == first


def test_cache_open_creates_schema(tmp_path):
    with EventCache.open(tmp_path / "c", "v1") as cache:
        assert cache.count() == 0
        cache.store("k", "a.md", "v1", "news", "[]")
        cache.finish()
    with EventCache.open(tmp_path / "c", "v1") as cache:
        assert cache.lookup("k") == "[]"
        assert cache.finish(prune=True) == 1  # not used by this build: pruned
        assert cache.count() == 0


def test_second_concurrent_build_gives_up_on_the_cache(tmp_path):
    from timeline.scale.cache import CacheUnavailable

    first = EventCache.open(tmp_path / "c", "v1")
    try:
        first.store("k", "a.md", "v1", "news", "[]")
        with pytest.raises(CacheUnavailable, match="another build"):
            EventCache.open(tmp_path / "c", "v1", lock_timeout=0.2)
    finally:
        first.finish()
        first.close()
    with EventCache.open(tmp_path / "c", "v1", lock_timeout=0.2) as again:
        assert again.lookup("k") == "[]"

"""Adversarial review of the build snapshot (issue 5): a cached rebuild must give exactly
what a build without any cache gives, whatever changed between the two builds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from scale_support import settle_files

from timeline.pipeline import BuildOptions, BuildReport, collect_events


def _article(folder: Path, name: str, day: int, what: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {name}\ndate: 2021-04-02\nsource: Harbour Post\n---\n\n"
                    f"The council {what} on March {day}, 2021.\n"
                    f"The ferry was cancelled on March 20, 2021 after the storm.\n",
                    encoding="utf-8")
    return path


def _events(folder: Path, cache: Path | None) -> list[dict]:
    options = BuildOptions(sources=(folder,), cache_dir=cache, jobs=1, progress=False)
    return [e.to_dict() for e in collect_events(options, BuildReport())]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    paths = [_article(folder, "a/one.md", 8, "approved the quay budget"),
             _article(folder, "b/two.md", 9, "closed the old bridge")]
    settle_files(paths)
    return folder


def test_an_in_place_edit_that_keeps_size_mtime_and_inode_is_seen(corpus, tmp_path):
    """`touch -r`, rsync --inplace, a tool restoring timestamps: the file's content changed
    yet size, mtime and inode did not. Only its ctime (which no tool can set back) shows
    it; the rebuild must read the file again, never serve the old events."""
    cache = tmp_path / "cache"
    _events(corpus, cache)
    _events(corpus, cache)  # the file table now answers for every (settled) file
    path = corpus / "a" / "one.md"
    before = os.stat(path)
    text = path.read_text(encoding="utf-8")
    edited = text.replace("March 8, 2021", "March 7, 2021")
    assert len(edited) == len(text)
    with open(path, "r+", encoding="utf-8") as handle:  # same inode
        handle.write(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == \
        (before.st_size, before.st_mtime_ns, before.st_ino)
    cached = _events(corpus, cache)
    assert cached == _events(corpus, None)
    assert any(e["date"] == "2021-03-07" for e in cached)


def test_a_file_with_warnings_warns_on_every_rebuild(tmp_path):
    """An unchanged file is answered from the cache without being read: a file whose
    reading warns (front matter ignored) must still warn on a rebuild, as without a cache,
    rather than the rebuild reporting 0 warnings while the problem is still there."""
    folder = tmp_path / "src"
    folder.mkdir()
    bad = folder / "2021-03-05-bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\nThe quay opened on March 2, 2021.\n",
                   encoding="utf-8")
    good = _article(folder, "good.md", 8, "approved the quay budget")
    settle_files([bad, good])
    cache = tmp_path / "cache"

    def warnings(cache_dir: Path | None) -> list[str]:
        report = BuildReport()
        options = BuildOptions(sources=(folder,), cache_dir=cache_dir, jobs=1,
                               progress=False)
        collect_events(options, report)
        return report.warnings

    expected = warnings(None)
    assert any("front matter" in w for w in expected)
    for _ in range(3):
        assert warnings(cache) == expected


def test_a_change_to_the_snapshot_code_empties_the_snapshot(corpus, tmp_path, monkeypatch):
    """A fix to how the snapshot is updated must not leave the merged events that the
    old code stored (possibly wrong) in place: the code itself is part of what the
    stored events depend on, as the events code is for the event cache."""
    import sqlite3

    from timeline.scale import snapshot

    cache = tmp_path / "cache"
    _events(corpus, cache)

    def stored() -> str:
        with sqlite3.connect(cache / snapshot.SNAPSHOT_FILENAME) as conn:
            return conn.execute("SELECT value FROM meta WHERE name = 'fingerprint'"
                                ).fetchone()[0]

    before = stored()
    assert snapshot.code_version() in before
    monkeypatch.setattr(snapshot, "code_version", lambda: "edited")
    assert _events(corpus, cache) == _events(corpus, None)
    assert stored() != before and stored().endswith("\x1fedited")

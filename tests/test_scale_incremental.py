"""Unchanged pages are carried over (same inode and mtime) when a site is rebuilt."""

from __future__ import annotations

import os

from scale_support import settle_files, tree_bytes, write_article, write_corpus

from timeline.cli import main
from timeline.scale.incremental import write_if_changed


def test_write_if_changed_links_identical_files(tmp_path):
    previous = tmp_path / "old"
    previous.mkdir()
    (previous / "same.html").write_bytes(b"same")
    (previous / "changed.html").write_bytes(b"before")
    staging = tmp_path / "new"
    staging.mkdir()
    stats = write_if_changed({"same.html": b"same", "changed.html": b"after",
                              "sub/new.html": b"new"}, staging, previous)
    assert (stats.written, stats.reused) == (2, 1)
    assert os.path.samefile(previous / "same.html", staging / "same.html")
    assert not os.path.samefile(previous / "changed.html", staging / "changed.html")
    assert (staging / "changed.html").read_bytes() == b"after"
    assert (staging / "sub" / "new.html").read_bytes() == b"new"
    assert oct((staging / "sub" / "new.html").stat().st_mode & 0o777) == "0o644"


def test_rebuild_keeps_unchanged_pages_and_equals_a_fresh_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path / "src", 40)
    args = ["build", "src", "-o", "site", "-q", "--group-by", "year"]
    assert main(args) == 0
    before = {p.relative_to(tmp_path / "site").as_posix(): p.stat()
              for p in (tmp_path / "site").rglob("*") if p.is_file()}
    changed = write_article(tmp_path / "src", 5, extra="Repairs began on 9 June 2031.")
    settle_files([changed])
    assert main(args) == 0
    after = {p.relative_to(tmp_path / "site").as_posix(): p.stat()
             for p in (tmp_path / "site").rglob("*") if p.is_file()}
    kept = {rel for rel in after if rel in before and after[rel].st_ino == before[rel].st_ino}
    rewritten = set(after) - kept
    assert kept, "no page was carried over"
    assert any("2031" in rel for rel in rewritten)  # the new year's page is new
    assert all(after[rel].st_mtime_ns == before[rel].st_mtime_ns for rel in kept)
    assert main(["build", "src", "-o", "fresh", "-q", "--group-by", "year", "--no-cache"]) == 0
    assert tree_bytes(tmp_path / "site") == tree_bytes(tmp_path / "fresh")

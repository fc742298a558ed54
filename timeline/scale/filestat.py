"""Stat keys: recognise an unchanged file without opening it (the cache's fast path).

A stat key hashes what the file system says about the file and its sidecar, the name
the document goes by, the ``--published`` fallback and the versions of the ingest and
extraction code. Equal keys mean the same Document would be read, so its cached events
can be used as they are; anything else falls back to reading the file and comparing its
content hash.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from datetime import date
from pathlib import Path

from timeline.ingest import SourceFile

# A file whose mtime is this recent when listed may still change within the same
# timestamp tick without its stat changing ("racy" in git's terms): not entered.
SETTLE_NS = 1_000_000_000


@functools.lru_cache(maxsize=1)
def ingest_version() -> str:
    """Hash of the ingest code: a change in how files are read invalidates stat keys."""
    h = hashlib.sha256()
    for path in sorted((Path(__file__).resolve().parent.parent / "ingest").glob("*.py")):
        h.update(path.name.encode() + b"\x00" + path.read_bytes())
    return h.hexdigest()[:16]


class DirectoryIndex:
    """One ``scandir`` per folder for a whole build: sidecar look-ups without six
    ``is_file`` probes per article."""

    def __init__(self) -> None:
        self._folders: dict[str, dict[str, os.DirEntry]] = {}
        self._absolute: dict[Path | str, str] = {}

    def absolute(self, path: Path | str) -> str:
        """``os.path.abspath(path)``, once per build for a folder source's root."""
        found = self._absolute.get(path)
        if found is None:
            found = self._absolute[path] = os.path.abspath(path)
        return found

    def sidecars(self, path: Path | str) -> list[tuple[str, os.stat_result]]:
        """Every sidecar-like file beside ``path`` whose name starts with its stem: a
        superset of the candidates ingest looks at, so any change to the one it reads
        changes the stat key."""
        from timeline.ingest.metadata import is_sidecar_name

        folder = os.path.dirname(path) or "."
        entries = self._folders.get(folder)
        if entries is None:
            try:
                with os.scandir(folder) as it:
                    entries = {e.name: e for e in it if is_sidecar_name(e.name)}
            except OSError:
                entries = {}
            self._folders[folder] = entries
        own = os.path.basename(path)
        stem = own.split(".", 1)[0]
        found = []
        for name in sorted(entries):
            if name.startswith(stem) and name != own:
                try:
                    found.append((name, entries[name].stat()))
                except OSError:
                    continue
        return found


def stat_key(source: SourceFile, published: date | None, version: str, mode: str,
             index: DirectoryIndex | None = None) -> tuple[str, bool] | None:
    """``(key, settled)`` for ``source``, or None when it cannot be stat'ed."""
    now = time.time_ns()
    try:
        own = os.stat(source.path)
    except OSError:
        return None
    index = index or DirectoryIndex()
    sidecars = index.sidecars(os.fspath(source.path))
    newest = max([own.st_mtime_ns] + [st.st_mtime_ns for _, st in sidecars])
    parts = [
        os.path.abspath(source.path),
        index.absolute(source.root) if source.root is not None else "-",
        source.name,
        # ctime too: an in-place rewrite that keeps size, mtime and inode (touch -r,
        # rsync --inplace, a tool restoring timestamps) cannot set it back.
        f"{own.st_size}:{own.st_mtime_ns}:{own.st_ino}:{own.st_ctime_ns}",
        published.isoformat() if published else "-",
        version,
        mode,
        ingest_version(),
    ]
    parts += [f"{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}:{st.st_ctime_ns}"
              for name, st in sidecars]
    key = hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return key, now - newest >= SETTLE_NS

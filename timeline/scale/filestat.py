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


def _stat_part(path: Path) -> tuple[str, int] | None:
    st = os.stat(path)
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}", st.st_mtime_ns


def stat_key(source: SourceFile, published: date | None, version: str, mode: str
             ) -> tuple[str, bool] | None:
    """``(key, settled)`` for ``source``, or None when it cannot be stat'ed."""
    from timeline.ingest.metadata import sidecar_for

    now = time.time_ns()
    try:
        own = _stat_part(source.path)
        sidecar = sidecar_for(source.path)
        side = _stat_part(sidecar) if sidecar is not None else None
    except OSError:
        return None
    if own is None:
        return None
    newest = max(own[1], side[1] if side else 0)
    parts = (
        os.path.abspath(source.path),
        os.path.abspath(source.root) if source.root is not None else "-",
        source.name,
        own[0],
        f"{sidecar.name}:{side[0]}" if sidecar is not None and side else "-",
        published.isoformat() if published else "-",
        version,
        mode,
        ingest_version(),
    )
    key = hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return key, now - newest >= SETTLE_NS

"""Incremental site writing: unchanged pages keep their file (inode, mtime) across builds.

Every build renders the whole site in memory (rendering is cheap next to tagging: see
benchmarks/README.md) and writes it into a fresh staging folder that then replaces the
previous site atomically. :func:`write_if_changed` is that write step: a page whose bytes
equal the same page of the previous site is hard-linked from it (copied with its
timestamps where links are impossible) instead of written anew. The previous site's
folder is removed after the swap, the links keep the data alive, and rsync, ``make``-style
deploys and static hosts see exactly the pages whose events changed as changed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass
class WriteStats:
    written: int = 0  # new or changed files
    reused: int = 0  # byte-identical to the previous build: linked or copied

    def __str__(self) -> str:
        return f"{self.written} written, {self.reused} unchanged"


def _same(previous: Path, data: bytes) -> bool:
    try:
        if previous.stat().st_size != len(data):
            return False
        return previous.read_bytes() == data
    except OSError:
        return False


def write_if_changed(files: Mapping[str, bytes], staging: Path,
                     previous: Path | None = None, mode: int = 0o644) -> WriteStats:
    """Write ``files`` (relative posix path -> bytes) into the empty folder ``staging``,
    reusing byte-identical files of the folder ``previous`` when given."""
    stats = WriteStats()
    staging = Path(staging)
    reuse = previous is not None and Path(previous).is_dir() and \
        Path(previous).resolve() != staging.resolve()
    for rel in sorted(files):
        data = files[rel]
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if reuse:
            old = Path(previous) / rel  # type: ignore[arg-type]
            if old.is_file() and not old.is_symlink() and _same(old, data):
                try:
                    os.link(old, target)
                except OSError:  # other file system, no hard links: copy with timestamps
                    shutil.copy2(old, target)
                if (old.stat().st_mode & 0o777) != mode:
                    target.chmod(mode)
                stats.reused += 1
                continue
        target.write_bytes(data)
        target.chmod(mode)
        stats.written += 1
    return stats

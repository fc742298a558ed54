"""Atomic output: a build either replaces the previous output completely or leaves it alone.

Files are written to a temporary sibling and renamed over the target (``os.replace`` is
atomic on POSIX). A site folder is written into a temporary sibling folder, then swapped in:
the old folder is renamed aside, the new one renamed into place, the old one removed. If
the build fails before the swap, the previous site is untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def remove_sqlite_files(path: str | os.PathLike[str]) -> None:
    """Delete an SQLite database and its journal files; absent or locked ones are left
    (a cache that cannot be removed is simply not used)."""
    for suffix in SQLITE_SUFFIXES:
        try:
            os.remove(f"{os.fspath(path)}{suffix}")
        except OSError:
            pass


def write_text_atomic(target: Path, text: str) -> None:
    """Write ``text`` as UTF-8, atomically (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(target, text.encode("utf-8"))


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temp file in the same folder + rename."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a fresh temp folder beside ``target``; on success it replaces ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not target.is_dir():
        from timeline.errors import InputError

        raise InputError(f"{target}: exists and is not a folder")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield staging
        swap_directory(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def swap_directory(staging: Path, target: Path) -> None:
    """Put the finished folder ``staging`` in the place of ``target`` (which may not exist):
    the old folder is renamed aside, the new one renamed in, the old one removed; if the
    second rename fails, the old folder is put back."""
    os.chmod(staging, 0o755)
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        old.rmdir()
        os.replace(target, old)
        try:
            os.replace(staging, target)
        except BaseException:
            os.replace(old, target)  # put the previous output back
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, target)

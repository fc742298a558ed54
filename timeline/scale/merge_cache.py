"""Incremental merging: remember which events of a date were found to be the same
happening, so a rebuild only compares the events of dates that changed.

:func:`timeline.events.merge_events` buckets events by date value and, within a bucket,
finds the connected groups of near-identical sentences (the expensive part: word sets,
prefix filtering, Jaccard). The groups of a bucket depend only on its events' ids, texts
and highlights, the threshold and the merge code, so they are stored in
``<cache dir>/merge.sqlite3`` under a digest of exactly those. On a rebuild after one
article changed, every other date's bucket has the same digest and its groups are read
back; only the dates the article touches are compared again. Combining the groups into
events is :mod:`timeline.events.merge`'s own code, and the result is the same list
``merge_events`` returns (a test checks it).

Like the events cache, this one is never trusted blindly: a file that is not ours or
is damaged is deleted and rebuilt with one warning, and a stored grouping that is not a
partition of the bucket is ignored and recomputed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from timeline.atomic import remove_sqlite_files
from timeline.events.model import Event

MERGE_FILENAME = "merge.sqlite3"
_APPLICATION_ID = 0x746C6D31  # "tlm1"
_SCHEMA = """
CREATE TABLE groups (digest TEXT PRIMARY KEY, groups TEXT NOT NULL,
                     generation INTEGER NOT NULL);
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

Warn = Callable[[str], None]


@functools.lru_cache(maxsize=1)
def _merge_code() -> str:
    from timeline.events import merge

    return hashlib.sha256(Path(merge.__file__).read_bytes()).hexdigest()[:16]


def _digest(bucket: list[Event], threshold: float) -> str:
    h = hashlib.sha256(f"{_merge_code()}\x00{threshold!r}".encode())
    for event in bucket:
        hl = event.highlight or (-1, -1)
        h.update(f"\x1e{event.id}\x1f{hl[0]}:{hl[1]}\x1f{event.text}".encode(
            "utf-8", "surrogatepass"))
    return h.hexdigest()


def _valid(groups: object, n: int) -> bool:
    if not isinstance(groups, list):
        return False
    seen: list[int] = []
    for group in groups:
        if not isinstance(group, list) or not group:
            return False
        seen.extend(group)
    return sorted(seen) == list(range(n)) if all(isinstance(i, int) for i in seen) else False


class _GroupStore:
    def __init__(self, path: Path, warn: Warn) -> None:
        self.path = path
        self._warn = warn
        self._conn: sqlite3.Connection | None = None
        self.generation = 0
        try:
            self._conn = self._open()
        except sqlite3.Error as err:
            warn(f"cache {path} is unusable ({err}); rebuilding it")
            self._remove()
            try:
                self._conn = self._open()
            except sqlite3.Error as again:
                warn(f"cache {path} cannot be created ({again}); merging without it")
                self._conn = None

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists()
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            if fresh:
                conn.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
                conn.executescript(_SCHEMA)
                conn.execute("INSERT INTO meta VALUES ('generation', '0')")
            elif conn.execute("PRAGMA application_id").fetchone()[0] != _APPLICATION_ID:
                raise sqlite3.DatabaseError("not a timeline merge cache")
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            (value,) = conn.execute("SELECT value FROM meta WHERE name = 'generation'"
                                    ).fetchone()
            self.generation = int(value) + 1
            conn.execute("UPDATE meta SET value = ? WHERE name = 'generation'",
                         (str(self.generation),))
        except (sqlite3.Error, TypeError, ValueError) as err:
            conn.close()
            raise sqlite3.DatabaseError(str(err)) from err
        return conn

    def _remove(self) -> None:
        remove_sqlite_files(self.path)

    def get(self, digest: str, n: int) -> list[list[int]] | None:
        if self._conn is None:
            return None
        try:
            row = self._conn.execute("SELECT groups FROM groups WHERE digest = ?",
                                     (digest,)).fetchone()
            if row is None:
                return None
            groups = json.loads(row[0])
            self._conn.execute("UPDATE groups SET generation = ? WHERE digest = ?",
                               (self.generation, digest))
        except (sqlite3.Error, ValueError):
            return None
        return groups if _valid(groups, n) else None

    def put(self, digest: str, groups: list[list[int]]) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute("INSERT OR REPLACE INTO groups VALUES (?, ?, ?)",
                               (digest, json.dumps(groups, separators=(",", ":")),
                                self.generation))
        except sqlite3.Error as err:
            self._warn(f"cache {self.path} cannot be written ({err}); merging without it")
            self.close(commit=False)

    def close(self, commit: bool = True) -> None:
        if self._conn is None:
            return
        try:
            if commit and self._conn.in_transaction:
                self._conn.execute("DELETE FROM groups WHERE generation != ?",
                                   (self.generation,))
                self._conn.execute("COMMIT")
            self._conn.close()
        except sqlite3.Error:
            pass
        self._conn = None


def merge_events_cached(events: Iterable[Event], cache_dir: Path | None,
                        threshold: float | None = None,
                        on_warning: Warn | None = None) -> list[Event]:
    """``merge_events(events)``, reusing the groups of unchanged dates from the cache.

    Without ``cache_dir`` this is plain :func:`timeline.events.merge_events`.
    """
    from timeline.events import merge

    threshold = merge.MERGE_THRESHOLD if threshold is None else threshold
    if cache_dir is None:
        return merge.merge_events(events, threshold)
    # The same steps as merge.merge_events, with the grouping looked up first.
    out, buckets = merge.bucket_by_date(events, threshold)
    store = _GroupStore(Path(cache_dir) / MERGE_FILENAME, on_warning or (lambda _m: None))
    try:
        for bucket in buckets.values():
            if len(bucket) == 1:
                out.append(merge._combine(bucket))
                continue
            bucket.sort(key=lambda e: e.id)
            digest = _digest(bucket, threshold)
            groups = store.get(digest, len(bucket))
            if groups is None:
                groups = merge._groups([merge.word_set(e) for e in bucket], threshold)
                store.put(digest, groups)
            for group in groups:
                out.append(merge._combine([bucket[i] for i in group]))
    except BaseException:
        store.close(commit=False)
        raise
    store.close()
    out.sort(key=lambda e: e.sort_key)
    return out

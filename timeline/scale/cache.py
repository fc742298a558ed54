"""The incremental build cache: each document's extracted events, in one SQLite file.

Layout: ``<cache dir>/events.sqlite3`` (default cache dir ``.timeline-cache/`` in the
current directory, like ``.pytest_cache``: sources may be read-only archives, and the
default output ``site/`` is cwd-relative too).

A row is keyed by :func:`cache_key` = sha256 of the document's ``content_hash`` (path,
text and metadata), the extraction version (tagger version + events code) and the tagger
mode, so a changed document, a new tagger or another mode is simply a miss. Each row
stores the document's events as ``Event.to_dict`` JSON plus a sha256 checksum of that
JSON, so a row damaged on disk is detected rather than trusted.

A second table maps a file's *stat key* (path, size, mtime, inode, its sidecar's stat,
the --published fallback, the ingest and extraction versions) to its document row, so an
unchanged file is not even opened on a rebuild (what ``make`` and git's index do). A
file is only entered there once its mtime is at least a second older than the moment it
was listed, so an edit within the file system's timestamp granularity cannot hide.

Lifecycle of one build: :meth:`EventCache.open` validates the file (not SQLite, wrong
schema, failed ``PRAGMA quick_check``: warn, delete, start afresh); workers read rows
through their own read-only connections (:func:`read_row`, WAL lets them read while the
parent writes); the parent alone writes (:meth:`EventCache.store`) and marks the rows it
used (:meth:`EventCache.touch`, in a TEMP table: no stored row is rewritten);
:meth:`EventCache.finish` deletes every row the build did not use (removed or changed
documents, old tagger versions) and commits.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from timeline.atomic import SQLITE_SUFFIXES

CACHE_DIRNAME = ".timeline-cache"
CACHE_FILENAME = "events.sqlite3"
SCHEMA_VERSION = "2"
_APPLICATION_ID = 0x746C6E31  # "tln1": marks the file as ours in the SQLite header

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    key TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    version TEXT NOT NULL,
    mode TEXT NOT NULL,
    events TEXT NOT NULL,
    checksum TEXT NOT NULL,
    generation INTEGER NOT NULL
);
CREATE TABLE files (
    stat_key TEXT PRIMARY KEY,
    doc_key TEXT NOT NULL,
    document TEXT NOT NULL,
    published_from TEXT NOT NULL,
    generation INTEGER NOT NULL
);
"""
_COLUMNS = {
    "meta": ["name", "value"],
    "documents": ["key", "path", "version", "mode", "events", "checksum", "generation"],
    "files": ["stat_key", "doc_key", "document", "published_from", "generation"],
}

Warn = Callable[[str], None]
# Keys per ``SELECT ... IN (...)`` of a rebuild's cached rows: one query instead of one
# per document, under SQLite's parameter limit, and only this many rows held at once.
FETCH_CHUNK = 500


def cache_key(content_hash: str, version: str, mode: str) -> str:
    """The row key of one document for one extraction version and tagger mode."""
    return hashlib.sha256(f"{content_hash}\x00{version}\x00{mode}".encode()).hexdigest()


def checksum(events_json: str) -> str:
    return hashlib.sha256(events_json.encode("utf-8", "surrogatepass")).hexdigest()


def default_cache_dir() -> Path:
    return Path(CACHE_DIRNAME)


class CacheCorrupt(Exception):
    """The cache file cannot be trusted (the message says why)."""


def read_row(conn: sqlite3.Connection, key: str) -> str | None:
    """The events JSON stored under ``key``, None on a miss; raises :class:`CorruptRow`
    when the row fails its checksum (the caller re-extracts; the parent overwrites it)."""
    row = conn.execute("SELECT events, checksum FROM documents WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    events_json, stored = row
    if not isinstance(events_json, str) or checksum(events_json) != stored:
        raise CorruptRow(key)
    return events_json


class CorruptRow(Exception):
    """One row's stored events do not match their checksum."""


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection for a worker process (never writes, never creates)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
    conn.execute("PRAGMA query_only = ON")
    return conn


class EventCache:
    """The parent-process side of the cache: validation, writes, pruning."""

    def __init__(self, directory: Path, conn: sqlite3.Connection, generation: int,
                 on_warning: Warn) -> None:
        self.directory = directory
        self.path = directory / CACHE_FILENAME
        self._conn = conn
        self.generation = generation
        self._warn = on_warning
        self._pending = 0
        self.broken = False  # set when a write failed: the build goes on without cache
        self.stale_rows = 0  # rows left by another extraction version (reported once)
        self.corrupt_rows: set[str] = set()

    # -- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path, version: str, on_warning: Warn | None = None,
             lock_timeout: float = 30.0) -> EventCache:
        """Open (or create) the cache in ``directory``, rebuilding it if it is damaged.

        Raises :class:`CacheUnavailable` when it cannot be created or another build
        holds it for more than ``lock_timeout`` seconds."""
        warn = on_warning or (lambda _msg: None)
        directory = Path(directory)
        path = directory / CACHE_FILENAME
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise CacheUnavailable(f"cannot create cache directory {directory}: "
                                   f"{err.strerror or err}") from err
        if path.exists():
            try:
                conn = _open_existing(path, lock_timeout)
            except CacheCorrupt as err:
                warn(f"cache {path} is unusable ({err}); rebuilding it")
                _delete(path)
            else:
                try:
                    cache = cls._start(directory, conn, warn)
                    cache._report_stale(version)
                except sqlite3.Error as err:  # typically: another build holds the lock
                    conn.close()
                    raise CacheUnavailable(f"cache {path} is not usable now ({err}; "
                                           "is another build running?)") from err
                return cache
        try:
            conn = _create(path, lock_timeout)
            return cls._start(directory, conn, warn)
        except sqlite3.Error as err:
            raise CacheUnavailable(f"cannot create cache {path}: {err}") from err

    @classmethod
    def _start(cls, directory: Path, conn: sqlite3.Connection, warn: Warn) -> EventCache:
        # The build holds the write lock from here to finish() (transactions are managed
        # by hand): a second build on the same cache waits up to 30 s here, then goes on
        # without the cache, instead of interleaving its writes and prunes with ours.
        conn.isolation_level = None
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
        generation = int(row[0]) + 1 if row else 1
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation),))
        return cls(directory, conn, generation, warn)

    def _report_stale(self, version: str) -> None:
        (stale,) = self._conn.execute(
            "SELECT count(*) FROM documents WHERE version != ?", (version,)).fetchone()
        self.stale_rows = stale
        if stale:
            self._warn(f"cache {self.path}: {stale} document{'s' if stale != 1 else ''} "
                       "were extracted by another tagger/extractor version; re-extracting")

    # -- used during a build -------------------------------------------------------

    def lookup(self, key: str) -> str | None:
        """Parent-side read (serial engine): verified events JSON or None."""
        try:
            return read_row(self._conn, key)
        except CorruptRow:
            self.report_corrupt_row(key)
            return None

    def lookup_many(self, keys: list[str]) -> dict[str, str]:
        """Parent-side read of many rows in one query (at most :data:`FETCH_CHUNK` keys):
        key -> verified events JSON; missing and corrupt rows are left out (corrupt ones
        are reported, as by :meth:`lookup`)."""
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        found: dict[str, str] = {}
        try:
            rows = self._conn.execute(
                f"SELECT key, events, checksum FROM documents WHERE key IN ({marks})", keys)
            for key, events_json, stored in rows:
                if isinstance(events_json, str) and checksum(events_json) == stored:
                    found[key] = events_json
                else:
                    self.report_corrupt_row(key)
        except sqlite3.Error as err:
            self._fail(err)
        return found

    def report_corrupt_row(self, key: str) -> None:
        """Count a row that failed its checksum or no longer decodes (warned once, at
        :meth:`finish`: a damaged cache is one problem, not one per document)."""
        self.corrupt_rows.add(key)

    def store(self, key: str, path: str, version: str, mode: str, events_json: str) -> None:
        if self.broken:
            return
        self._write(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key, path, version, mode, events_json, checksum(events_json), self.generation))

    def load_files(self) -> dict[str, tuple[str, str, str]]:
        """stat key -> (document key, Document.path, published_from) of every file."""
        try:
            return {row[0]: (row[1], row[2], row[3]) for row in self._conn.execute(
                "SELECT stat_key, doc_key, document, published_from FROM files")}
        except sqlite3.Error as err:
            self._fail(err)
            return {}

    def store_file(self, stat_key: str, doc_key: str, document: str,
                   published_from: str) -> None:
        if self.broken:
            return
        self._write("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                    (stat_key, doc_key, document, published_from, self.generation))

    def touch_files(self, stat_keys: Iterable[str]) -> None:
        """Mark file rows used by this build (so :meth:`finish` keeps them)."""
        self._mark("used_files", stat_keys)

    def touch(self, keys: Iterable[str]) -> None:
        """Mark document rows used by this build (so :meth:`finish` keeps them)."""
        self._mark("used_documents", keys)

    def _mark(self, table: str, keys: Iterable[str]) -> None:
        # The keys go to a TEMP table (connection-private, in memory) rather than an
        # UPDATE of each row's generation: rewriting 10,000 rows of event JSON on every
        # rebuild cost more than reading them. finish() keeps marked and new rows.
        if self.broken:
            return
        try:
            self._conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} "
                               "(key TEXT PRIMARY KEY) WITHOUT ROWID")
            self._conn.executemany(f"INSERT OR IGNORE INTO temp.{table} VALUES (?)",
                                   [(k,) for k in keys])
        except sqlite3.Error as err:
            self._fail(err)

    def finish(self, prune: bool = True) -> int:
        """Commit; with ``prune``, delete the rows this build did not use. Returns the
        number of pruned rows. Only prune after a complete build (a failed or filtered
        build must not forget documents it never looked at)."""
        if self.corrupt_rows:
            n = len(self.corrupt_rows)
            self._warn(f"cache {self.path}: {n} stored row{'s' if n != 1 else ''} failed "
                       f"{'their' if n != 1 else 'its'} checksum; re-extracted "
                       f"{'those documents' if n != 1 else 'that document'}")
            self.corrupt_rows.clear()
        if self.broken:
            return 0
        pruned = 0
        try:
            if prune:
                self._mark("used_documents", ())
                self._mark("used_files", ())
                cur = self._conn.execute(
                    "DELETE FROM documents WHERE generation != ? AND key NOT IN "
                    "(SELECT key FROM temp.used_documents)", (self.generation,))
                pruned = cur.rowcount
                self._conn.execute(
                    "DELETE FROM files WHERE generation != ? AND stat_key NOT IN "
                    "(SELECT key FROM temp.used_files)", (self.generation,))
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")
            if pruned > 1000:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as err:
            self._fail(err)
        return pruned

    def close(self) -> None:
        try:
            if self._conn.in_transaction:  # finish() not called: keep what was stored
                self._conn.execute("COMMIT")
            self._conn.close()
        except sqlite3.Error:  # pragma: no cover - closing never matters for correctness
            pass

    def __enter__(self) -> EventCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    # -- internals -----------------------------------------------------------------

    def _write(self, sql: str, params: tuple) -> None:
        try:
            self._conn.execute(sql, params)
            self._pending += 1
            if self._pending >= 2000:
                # Commit in batches: a long build killed half way keeps what it did,
                # and the WAL stays small. The lock is taken again at once.
                self._conn.execute("COMMIT")
                self._conn.execute("BEGIN IMMEDIATE")
                self._pending = 0
        except sqlite3.Error as err:
            self._fail(err)

    def _fail(self, err: sqlite3.Error) -> None:
        self.broken = True
        self._warn(f"cache {self.path} cannot be written ({err}); continuing without it")
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass


class CacheUnavailable(Exception):
    """The cache directory or file cannot be created (the build runs without cache)."""


def _open_existing(path: Path, timeout: float) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=timeout)
    except sqlite3.Error as err:
        raise CacheCorrupt(str(err)) from err
    try:
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
        if app_id != _APPLICATION_ID:
            raise CacheCorrupt("not a timeline cache")
        tables = {
            name: [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
            for name in _COLUMNS
        }
        if tables != _COLUMNS:
            raise CacheCorrupt("unexpected schema")
        row = conn.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            raise CacheCorrupt(f"schema version {row[0] if row else 'missing'}, "
                               f"expected {SCHEMA_VERSION}")
        # quick_check is integrity_check without the index/row cross-check: it finds
        # damaged pages and malformed records in O(file size) and stays well under a
        # second for a cache of 100,000 documents, so it runs on every build.
        problems = [r[0] for r in conn.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise CacheCorrupt(f"integrity check failed: {problems[0]}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as err:
        conn.close()
        raise CacheCorrupt(str(err)) from err
    except CacheCorrupt:
        conn.close()
        raise
    return conn


def _create(path: Path, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=timeout)
    conn.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.executescript(_SCHEMA)
    conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    conn.execute("INSERT INTO meta VALUES ('generation', '0')")
    conn.commit()
    return conn


def _delete(path: Path) -> None:
    for suffix in SQLITE_SUFFIXES:
        try:
            os.remove(f"{path}{suffix}")
        except FileNotFoundError:
            pass
        except OSError as err:
            raise CacheUnavailable(f"cannot remove damaged cache {path}{suffix}: "
                                   f"{err.strerror or err}") from err

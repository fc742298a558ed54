"""The build snapshot: the merged events of the last build, so a rebuild re-merges only
the dates whose documents changed.

A cached rebuild used to decode every document's events from the cache (JSON, ~84,000
events for 10,000 articles) and merge them all again, to find that almost nothing had
changed. The snapshot keeps the *result* instead, by merge bucket (a date value: merging
never compares events of different dates, see :func:`timeline.events.merge.bucket_by_date`):

* the merged events of every bucket, grouped in chunks (buckets whose date value shares
  its first 7 characters: a month, mostly), read by every rebuild, each with its
  :meth:`~timeline.events.model.Event.content_digest` (renderers key cards by it);
* the events of every bucket before merging, by document, read only for the buckets a
  rebuild merges again;
* which buckets each document's events fall in, to know what a removed document touched.

A rebuild lists and stat-s the sources as before; an unchanged file gives its document
key without being opened (:mod:`timeline.scale.filestat`), and the engine does not even
read the cached events of a document the snapshot holds (``known=``). The events of the
changed documents are extracted (or read from the event cache), the documents that are
gone are dropped, and only the buckets they touch are merged again, from their unmerged
events: exactly what merging everything gives for those dates. Only the rows of those
buckets (and their chunks) are written back.

Storage: ``<cache dir>/snapshot.sqlite3``, table ``blobs``: ``marshal`` data of plain
tuples (:meth:`Event.to_row`), never pickle, each with a sha256 of its bytes that is
checked before it is decoded; shapes are checked after. The file records what the
events depend on (snapshot format, Python's marshal version, extraction version, which
covers the events code including merging, tagger mode, merge threshold): with anything
else it is emptied and rebuilt. A damaged blob empties the snapshot (warned once) and the
build merges everything; a foreign or unreadable file is deleted and rebuilt; a busy one
(another build holds it) is left alone for this build. The build holds the file's write
lock from reading the snapshot to writing it back, so two builds never mix their halves.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import sqlite3
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.atomic import remove_sqlite_files
from timeline.events.model import Event, SourceRef
from timeline.scale.gcpause import gc_paused

if TYPE_CHECKING:  # the pipeline imports us: no import cycle at run time
    from timeline.pipeline import BuildOptions, BuildReport

SNAPSHOT_FILENAME = "snapshot.sqlite3"
FORMAT = "2"
_APPLICATION_ID = 0x746C7331  # "tls1"
_MARSHAL_VERSION = 4  # shares repeated objects (a document's sources tuple) in a blob
_MANUAL = "\x00manual"  # bucket of manual entries (never merged; extraction makes none)
# Seconds to wait for another build holding the snapshot before building without it.
BUSY_TIMEOUT = 30.0
# Blob names: merged events of a chunk, unmerged events of a bucket, the document index.
_MERGED, _RAW, _INDEX = "m:", "r:", "index"

Warn = Callable[[str], None]
Chunks = dict[str, dict[str, tuple[tuple, ...]]]  # chunk -> bucket -> merged event rows
Raw = dict[str, tuple[tuple, ...]]  # document key -> its event rows in one bucket
Index = dict[str, tuple[str, ...]]  # document key -> the buckets its events fall in


def bucket_of(event: Event) -> str:
    """The merge bucket of an event: its date value (manual entries: one of their own)."""
    return _MANUAL if event.manual else event.date


def chunk_of(bucket: str) -> str:
    """The chunk a bucket's merged events are stored in."""
    return bucket[:7]


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of this module: a fix to how the snapshot is updated must not keep what the
    old code stored (FORMAT only changes when someone remembers to bump it)."""
    try:
        return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    except OSError:  # pragma: no cover - installed without its source
        return "-"


def fingerprint(version: str, mode: str, threshold: float) -> str:
    """What the snapshot's events depend on besides the documents themselves."""
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return "\x1f".join((FORMAT, str(marshal.version), python, version, mode, repr(threshold),
                        code_version()))


class SnapshotUnusable(Exception):
    """The snapshot file cannot be used for this build (busy, unwritable)."""


class SnapshotDamaged(Exception):
    """A blob failed its checksum or its shape check."""


class SnapshotStore:
    """``snapshot.sqlite3`` opened for one build: reads, then writes, then :meth:`close`
    (commits) or :meth:`abandon`. Holds the write lock throughout."""

    def __init__(self, directory: Path, fingerprint: str, warn: Warn,
                 timeout: float | None = None) -> None:
        self.path = Path(directory) / SNAPSHOT_FILENAME
        self._fingerprint = fingerprint
        self._warn = warn
        timeout = BUSY_TIMEOUT if timeout is None else timeout
        self._conn: sqlite3.Connection | None = None
        try:
            Path(directory).mkdir(parents=True, exist_ok=True)
            self._conn = self._open(timeout)
        except sqlite3.OperationalError as err:  # busy, read-only, no space
            raise SnapshotUnusable(f"cache {self.path} is not usable now ({err})") from err
        except (sqlite3.DatabaseError, OSError) as err:
            warn(f"cache {self.path} is unusable ({err}); rebuilding it")
            self._remove()
            try:
                self._conn = self._open(timeout)
            except (sqlite3.Error, OSError) as again:
                raise SnapshotUnusable(f"cannot create cache {self.path} ({again})") from again

    def _open(self, timeout: float) -> sqlite3.Connection:
        fresh = not self.path.exists()
        conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        try:
            if fresh:
                conn.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
            elif conn.execute("PRAGMA application_id").fetchone()[0] != _APPLICATION_ID:
                raise sqlite3.DatabaseError("not a timeline snapshot")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, "
                         "value TEXT NOT NULL)")
            conn.execute("CREATE TABLE IF NOT EXISTS blobs (name TEXT PRIMARY KEY, "
                         "data BLOB NOT NULL, checksum TEXT NOT NULL)")
            row = conn.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()
            if row is None or row[0] != self._fingerprint:
                # Another version of the events (or a new file): start from nothing.
                conn.execute("DELETE FROM blobs")
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)",
                             (self._fingerprint,))
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _remove(self) -> None:
        remove_sqlite_files(self.path)

    # -- reading -------------------------------------------------------------------

    def _decode(self, name: str, data: object, stored: object) -> Any:
        if not isinstance(data, bytes) or hashlib.sha256(data).hexdigest() != stored:
            raise SnapshotDamaged(f"{name!r} failed its checksum")
        try:
            return marshal.loads(data)
        except (ValueError, EOFError, TypeError) as err:
            raise SnapshotDamaged(f"{name!r} does not decode") from err

    def load(self) -> tuple[Chunks, Index] | None:
        """Every chunk of merged events and the document index; None when there is no
        snapshot. Raises :class:`SnapshotDamaged`."""
        assert self._conn is not None
        row = self._conn.execute("SELECT data, checksum FROM blobs WHERE name = ?",
                                 (_INDEX,)).fetchone()
        if row is None:
            return None
        index = self._decode(_INDEX, *row)
        if not _valid_index(index):
            raise SnapshotDamaged("the document index is malformed")
        chunks: Chunks = {}
        rows = self._conn.execute(
            "SELECT name, data, checksum FROM blobs WHERE name >= ? AND name < ?",
            (_MERGED, _MERGED[:-1] + chr(ord(_MERGED[-1]) + 1)))
        for name, data, stored in rows:
            chunk = self._decode(name, data, stored)
            if not _valid_chunk(chunk, name[len(_MERGED):]):
                raise SnapshotDamaged(f"{name!r} is malformed")
            chunks[name[len(_MERGED):]] = chunk
        return chunks, index

    def raw(self, bucket: str) -> Raw | None:
        """The unmerged events of a bucket, by document (None: not stored)."""
        assert self._conn is not None
        name = _RAW + bucket
        row = self._conn.execute("SELECT data, checksum FROM blobs WHERE name = ?",
                                 (name,)).fetchone()
        if row is None:
            return None
        raw = self._decode(name, *row)
        if not (isinstance(raw, dict) and all(
                type(k) is str and type(v) is tuple and v and all(type(r) is tuple for r in v)
                for k, v in raw.items())):
            raise SnapshotDamaged(f"{name!r} is malformed")
        return raw

    # -- writing -------------------------------------------------------------------

    def put(self, name: str, value: object | None) -> None:
        """Store a blob (None or empty: delete it)."""
        assert self._conn is not None
        if not value:
            self._conn.execute("DELETE FROM blobs WHERE name = ?", (name,))
            return
        data = marshal.dumps(value, _MARSHAL_VERSION)
        self._conn.execute("INSERT OR REPLACE INTO blobs VALUES (?, ?, ?)",
                           (name, data, hashlib.sha256(data).hexdigest()))

    def put_merged(self, chunk: str, buckets: dict[str, tuple[tuple, ...]]) -> None:
        self.put(_MERGED + chunk, buckets)

    def put_raw(self, bucket: str, raw: Raw) -> None:
        self.put(_RAW + bucket, raw)

    def put_index(self, index: Index) -> None:
        self.put(_INDEX, index)

    def clear(self) -> None:
        assert self._conn is not None
        self._conn.execute("DELETE FROM blobs")

    def close(self) -> None:
        """Commit what was written."""
        if self._conn is None:
            return
        try:
            if self._conn.in_transaction:
                self._conn.execute("COMMIT")
            self._conn.close()
        except sqlite3.Error as err:
            self._warn(f"cache {self.path} cannot be written ({err}); continuing without it")
        self._conn = None

    @property
    def closed(self) -> bool:
        return self._conn is None

    def abandon(self) -> None:
        """Leave the file as it was before this build."""
        if self._conn is None:
            return
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            self._conn.close()
        except sqlite3.Error:
            pass
        self._conn = None


def _valid_index(index: object) -> bool:
    return isinstance(index, dict) and all(
        type(k) is str and type(v) is tuple and all(type(b) is str for b in v)
        for k, v in index.items())


def _valid_chunk(chunk: object, name: str) -> bool:
    """The shape that is written (field types are checked by :meth:`Event.from_row`)."""
    if not isinstance(chunk, dict):
        return False
    for bucket, rows in chunk.items():
        if not (isinstance(bucket, str) and chunk_of(bucket) == name
                and type(rows) is tuple and rows and all(type(r) is tuple for r in rows)):
            return False
    return True


def merged_events(options: BuildOptions, report: BuildReport, on_warning: Warn | None,
                  progress: Callable[[Any], None] | None) -> list[Event]:
    """The merged events of ``options.sources`` (what ``merge_events`` of every
    document's events gives, in ``sort_key`` order), from the snapshot where the
    documents did not change. Needs ``options.cache_dir``."""
    from timeline.events import merge
    from timeline.pipeline import BuildReport
    from timeline.scale import worker
    from timeline.scale.engine import warner
    from timeline.scale.sources import source_tasks

    assert options.cache_dir is not None
    warn = warner(report, on_warning)
    threshold = merge.MERGE_THRESHOLD
    try:
        store: SnapshotStore | None = SnapshotStore(
            Path(options.cache_dir),
            fingerprint(worker.extraction_version(), options.mode, threshold), warn)
    except SnapshotUnusable as err:
        warn(f"{err}; building without the snapshot")
        store = None
    try:
        loaded = _load(store, warn)
        if loaded is None and store is not None and store.closed:
            store = None
        tasks = source_tasks(options.sources)
        index = loaded[1] if loaded is not None else {}
        present, added = _extract(tasks, options, report, on_warning, progress, index)
        if loaded is not None:
            assert store is not None
            try:
                result = _update(store, *loaded, present, added, threshold)
                store.close()
                return result
            except (SnapshotDamaged, sqlite3.Error) as err:
                # What the snapshot relies on is damaged or unreadable: every document's
                # events again, as without a snapshot (counted and warned once already).
                warn(f"cache {store.path}: {err}; rebuilding the snapshot")
                store = _cleared(store)
                _present, added = _extract(tasks, options, BuildReport(), None, None, {})
        # No snapshot: merge everything (reusing merge.sqlite3's groups) and keep it.
        from timeline.scale.merge_cache import merge_events_cached

        every = [e for _key, events in added for e in events]
        result = merge_events_cached(every, options.cache_dir, threshold, warn)
        if store is not None:
            try:
                with gc_paused():  # rows are acyclic and dropped once written
                    _save_all(store, result, added)
            except (sqlite3.Error, ValueError) as err:
                warn(f"cache {store.path} cannot be written ({err}); continuing without it")
                store.abandon()
            store.close()
        return result
    except BaseException:
        if store is not None:
            store.abandon()
        raise


def _load(store: SnapshotStore | None, warn: Warn) -> tuple[Chunks, Index] | None:
    if store is None:
        return None
    try:
        with gc_paused(freeze=True):  # acyclic tuples, kept until the events are built
            return store.load()
    except (SnapshotDamaged, sqlite3.Error) as err:
        warn(f"cache {store.path}: {err}; rebuilding the snapshot")
        _cleared(store)
        return None


def _cleared(store: SnapshotStore) -> SnapshotStore | None:
    """The store emptied, or None (abandoned) when even that fails."""
    try:
        store.clear()
        return store
    except sqlite3.Error:
        store.abandon()
        return None


def _extract(tasks: list, options: BuildOptions, report: BuildReport,
             on_warning: Warn | None, progress: Callable[[Any], None] | None,
             held: Index) -> tuple[set[str], list[tuple[str, list[Event]]]]:
    """Run the engine: the keys of every document read, and ``(key, events)`` of those
    the snapshot does not hold (the events of the others are not even read)."""
    from timeline.scale import worker
    from timeline.scale.engine import iter_outcomes

    present: set[str] = set()
    added: list[tuple[str, list[Event]]] = []
    for outcome, events in iter_outcomes(
            worker.process_file, tasks, len(tasks), options, report, on_warning,
            progress if options.progress else None, known=held):
        if events is None:
            continue  # unreadable: warned by the engine
        key = outcome.key
        if key is None or key in present:  # pragma: no cover - keys are content hashes
            raise RuntimeError(f"no distinct cache key for {outcome.source}")
        present.add(key)
        if key not in held:
            added.append((key, events))
    return present, added


def _update(store: SnapshotStore, chunks: Chunks, index: Index, present: set[str],
            added: list[tuple[str, list[Event]]], threshold: float) -> list[Event]:
    """Apply the changed documents to the snapshot; returns every merged event."""
    from timeline.events import merge

    removed = [key for key in index if key not in present]
    incoming: dict[str, dict[str, list[Event]]] = {}  # bucket -> document -> its events
    for key, events in added:
        for event in events:
            incoming.setdefault(bucket_of(event), {}).setdefault(key, []).append(event)
    leaving: dict[str, list[str]] = {}  # bucket -> removed documents with events there
    for key in removed:
        for bucket in index[key]:
            leaving.setdefault(bucket, []).append(key)
    affected = set(incoming) | set(leaving)
    fresh: dict[str, list[Event]] = {}
    changed: set[str] = set()
    for bucket in sorted(affected):
        chunk = chunks.setdefault(chunk_of(bucket), {})
        raw = store.raw(bucket) if bucket in chunk else {}
        if raw is None:
            raise SnapshotDamaged(f"the events of {bucket!r} are missing")
        for key in leaving.get(bucket, ()):
            raw.pop(key, None)
        events = _events_of(raw)
        for key, mine in incoming.get(bucket, {}).items():
            raw[key] = tuple(e.to_row() for e in mine)
            events.extend(mine)
        merged = merge.merge_events(events, threshold) if events else []
        if merged:
            chunk[bucket] = tuple(e.to_row(with_digest=True) for e in merged)
            fresh[bucket] = merged
        else:
            chunk.pop(bucket, None)
        store.put_raw(bucket, raw)
        changed.add(chunk_of(bucket))
    for name in sorted(changed):
        store.put_merged(name, chunks[name])
    if removed or added:
        for key in removed:
            del index[key]
        for key, events in added:
            index[key] = tuple(sorted({bucket_of(e) for e in events}))
        store.put_index(index)
    return _events(chunks, fresh)


def _events_of(raw: Raw) -> list[Event]:
    refs: dict[tuple, tuple[SourceRef, ...]] = {}
    events = []
    for key in sorted(raw):
        for row in raw[key]:
            sources = refs.get(row[10])
            if sources is None:
                sources = refs[row[10]] = tuple(SourceRef(*s) for s in row[10])
            events.append(Event.from_row(row, sources))
    return events


def _events(chunks: Chunks, fresh: dict[str, list[Event]]) -> list[Event]:
    """Every merged event, in ``sort_key`` order: the buckets merged in this build as they
    are, the others built from their rows (one SourceRef tuple per distinct sources).
    Empties ``chunks`` as it goes (their rows are no longer needed)."""
    refs: dict[tuple, tuple[SourceRef, ...]] = {}
    from_row = Event.from_row
    out: list[Event] = []
    # Like decoding cached events, building them allocates only acyclic objects that live
    # until the build ends: the cyclic GC waits, and they are frozen at once.
    try:
        with gc_paused(freeze=True):
            for name in sorted(chunks):
                for bucket, rows in chunks.pop(name).items():
                    merged = fresh.get(bucket)
                    if merged is not None:
                        out.extend(merged)
                        continue
                    for row in rows:
                        raw = row[10]
                        sources = refs.get(raw)
                        if sources is None:
                            sources = refs[raw] = tuple(SourceRef(*s) for s in raw)
                        out.append(from_row(row, sources))
    except (TypeError, ValueError, IndexError, OverflowError) as err:
        raise SnapshotDamaged(f"an event row is malformed ({err})") from err
    out.sort(key=_sort_key)
    return out


_sort_key = Event.sort_key.fget  # type: ignore[attr-defined]


def _save_all(store: SnapshotStore, merged: Iterable[Event],
              documents: list[tuple[str, list[Event]]]) -> None:
    """The snapshot of a complete merge, replacing whatever was stored. Rows are made one
    bucket (or chunk) at a time and dropped once written: a large first build holds only
    references to its events here, not a second copy of them."""
    store.clear()
    unmerged: dict[str, dict[str, list[Event]]] = {}  # bucket -> document -> events
    index: Index = {}
    for key, events in documents:
        mine: set[str] = set()
        for event in events:
            bucket = bucket_of(event)
            unmerged.setdefault(bucket, {}).setdefault(key, []).append(event)
            mine.add(bucket)
        index[key] = tuple(sorted(mine))
    sources = _SourceRows()
    for bucket in sorted(unmerged):
        by_document = unmerged.pop(bucket)
        store.put_raw(bucket, {key: tuple(e.to_row(sources=sources(e)) for e in events)
                               for key, events in by_document.items()})
    chunks: dict[str, dict[str, list[Event]]] = {}
    for event in merged:
        bucket = bucket_of(event)
        chunks.setdefault(chunk_of(bucket), {}).setdefault(bucket, []).append(event)
    for name in sorted(chunks):
        store.put_merged(name, {bucket: tuple(e.to_row(True, sources(e)) for e in events)
                                for bucket, events in chunks.pop(name).items()})
    store.put_index(index)


class _SourceRows:
    """``SourceRef.to_row`` tuples of an event's sources, once per sources tuple (the
    events of a document share theirs)."""

    def __init__(self) -> None:
        self._last: tuple = (None, ())

    def __call__(self, event: Event) -> tuple:
        if event.sources is not self._last[0]:
            self._last = (event.sources, tuple(s.to_row() for s in event.sources))
        return self._last[1]



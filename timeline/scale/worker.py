"""The unit of work every engine runs: one document in, its events (as JSON) out.

The same functions run in the parent (``--jobs 1``), in a process pool (``--jobs N``)
and on Dask workers, which is what makes the three engines agree byte for byte.
Workers read files themselves from their paths (documents are never pickled to them) and
send back the events already serialized as ``Event.to_dict`` JSON: that string is what
the cache stores and what shard files contain, so the parent never re-serializes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import sys
import traceback
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from timeline.errors import TimelineError
from timeline.events.model import Event, SourceRef
from timeline.ingest import Document, SourceFile
from timeline.scale import cache as cache_mod


@functools.lru_cache(maxsize=1)
def extraction_version() -> str:
    """What, besides a document's content, determines its events: the tagger version and
    the source of the events layer (sentence splitting, event building). Part of every
    cache key and recorded in shard manifests."""
    from timeline.temporal import TAGGER_VERSION

    h = hashlib.sha256(f"tagger:{TAGGER_VERSION}\x00".encode())
    events_dir = Path(__file__).resolve().parent.parent / "events"
    for path in sorted(events_dir.glob("*.py")):
        h.update(path.name.encode())
        h.update(b"\x00")
        h.update(path.read_bytes())
    return f"{TAGGER_VERSION}+{h.hexdigest()[:12]}"


def events_to_json(events: list[Event]) -> str:
    """Canonical JSON of one document's events (sorted keys, no whitespace)."""
    return json.dumps([e.to_dict() for e in events], ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def events_from_json(text: str) -> list[Event]:
    """The events of one document (as :func:`events_to_json` wrote them).

    Every event of a document usually cites the same sources: their ``SourceRef``
    tuple is decoded once and shared while the next event's list is equal (what
    :func:`compact` would share anyway). Decoding is a large part of a cached rebuild."""
    data = json.loads(text)
    if not isinstance(data, list):
        raise ValueError("expected a JSON list of events")
    events: list[Event] = []
    last_raw: object = None
    refs: tuple[SourceRef, ...] = ()
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("sources"), list):
            events.append(Event.from_dict(item))
            continue
        raw = item.pop("sources")
        if raw != last_raw:
            refs = tuple(SourceRef.from_dict(s) for s in raw)
            last_raw = raw
        event = Event.from_dict(item)
        object.__setattr__(event, "sources", refs)  # how frozen dataclasses set fields
        events.append(event)
    return events


def compact(events: list[Event], memo: dict) -> list[Event]:
    """Share what events repeat, in place: the ``sources`` tuple (one per document, not
    one per event), ``tags`` tuples and the short strings of explanations.

    Decoding JSON makes fresh copies of every string; for a large build this cuts the
    memory the parent holds per event by about a third (1.8 KB -> 1.1 KB). Equal values
    only are shared, so nothing observable changes. ``object.__setattr__`` is how frozen
    dataclasses set their own fields; the events are not yet visible to anyone else.
    """
    intern = sys.intern
    # The events of one document mostly share one sources tuple already (see
    # events_from_json): look each distinct tuple up once, not once per event.
    seen: object = None
    shared: tuple = ()
    for event in events:
        if event.sources is not seen:
            seen = event.sources
            shared = memo.setdefault(seen, seen)
        if shared is not seen:
            object.__setattr__(event, "sources", shared)
        tags = event.tags
        if tags:
            kept = memo.setdefault(tags, tags)
            if kept is not tags:
                object.__setattr__(event, "tags", kept)
        explanation = event.explanation
        if explanation:
            for name, value in explanation.items():
                if type(value) is str:
                    explanation[name] = intern(value)
    return events


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    """What every worker needs to know, sent once per process (not per document)."""

    published: date | None = None
    mode: str = "news"
    version: str = ""
    cache_path: str | None = None  # read-only lookups; None: no cache


@dataclass(slots=True)
class Outcome:
    """The result for one input file or document, in input order."""

    source: str  # file path (as listed) or Document.path: for messages
    document: str | None = None  # Document.path once read
    key: str | None = None  # cache key
    events_json: str | None = None  # None when the document could not be read
    events: int = 0
    cached: bool = False
    corrupt_row: bool = False  # the cached row failed its checksum and was re-extracted
    error: str | None = None  # one-line message (unreadable / internal error)
    undated: bool = False  # the error is "no publication date"
    published_from: str | None = None
    warnings: list[str] = field(default_factory=list)
    parsed: list[Event] | None = None  # set in the parent only (answered from the cache)
    held: bool = False  # parent only: the caller holds this document's events already


# Per-process state: set once by `init_worker` (pool initializer / serial engine).
_CONFIG = WorkerConfig()
_CONN: sqlite3.Connection | None = None


def init_worker(config: WorkerConfig) -> None:
    global _CONFIG
    close_worker()
    _CONFIG = config


def close_worker() -> None:
    """Drop this process's read-only cache connection (the serial engine's, at the end
    of a build, so the parent's last close can checkpoint the WAL)."""
    global _CONN
    if _CONN is not None:
        try:
            _CONN.close()
        except sqlite3.Error:  # pragma: no cover
            pass
        _CONN = None


def _connection() -> sqlite3.Connection | None:
    global _CONN
    if _CONN is None and _CONFIG.cache_path:
        try:
            _CONN = cache_mod.connect_readonly(Path(_CONFIG.cache_path))
        except sqlite3.Error:
            return None  # the parent re-extracts anything we cannot look up
    return _CONN


def process_file(source: SourceFile) -> Outcome:
    """Read one source file, then extract (or fetch from the cache) its events."""
    from timeline.ingest import UndatedDocumentError
    from timeline.scale.sources import read_one

    display = source.path.as_posix()
    warnings: list[str] = []
    try:
        document = read_one(source, _CONFIG.published, warnings.append)
    except UndatedDocumentError as err:
        # What was met while looking for a date (front matter that could not be read,
        # a partial date) explains the error: report it with the file.
        return Outcome(source=display, error=err.name, undated=True,
                       warnings=warnings + list(err.warnings))
    except TimelineError as err:
        return Outcome(source=display, error=str(err), warnings=warnings)
    except Exception as err:  # a reader bug must not take the other documents down
        return Outcome(source=display, error=_internal(display, err, "reading"),
                       warnings=warnings)
    outcome = process_document(document)
    outcome.source = display
    outcome.warnings[:0] = warnings
    return outcome


def process_document(document: Document) -> Outcome:
    """Cached events of ``document`` if the cache has them, else extract them now."""
    config = _CONFIG
    key = cache_mod.cache_key(document.content_hash, config.version, config.mode)
    outcome = Outcome(source=document.path, document=document.path, key=key,
                      published_from=document.published_from)
    conn = _connection()
    if conn is not None:
        try:
            hit = cache_mod.read_row(conn, key)
        except cache_mod.CorruptRow:
            outcome.corrupt_row = True
            hit = None
        except sqlite3.Error:
            hit = None
        if hit is not None:
            try:  # a row that passed its checksum but no longer decodes is not trusted
                outcome.events = len(events_from_json(hit))
            except (ValueError, KeyError, TypeError):
                outcome.corrupt_row = True
            else:
                outcome.events_json = hit
                outcome.cached = True
                return outcome
    try:
        events = extract(document, config.mode)
    except Exception as err:
        outcome.error = _internal(document.path, err)
        return outcome
    outcome.events_json = events_to_json(events)
    outcome.events = len(events)
    return outcome


def extract(document: Document, mode: str) -> list[Event]:
    from timeline.events import extract_events

    return list(extract_events(document, mode=mode))


def _internal(path: str, err: BaseException, doing: str = "extracting events") -> str:
    frame = traceback.extract_tb(err.__traceback__)[-1] if err.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    detail = str(err).splitlines()[0] if str(err) else ""
    return (f"skipped {path}: internal error while {doing} "
            f"({type(err).__name__}{': ' + detail if detail else ''}{where}); please report it")

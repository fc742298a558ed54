"""Sharded event files: what ``timeline extract -o DIR`` writes and ``build --events`` reads.

A shard folder holds ``part-00000.jsonl`` (one ``Event.to_dict`` JSON object per line,
keys sorted) or ``part-00000.parquet`` (``--shard-format parquet``) files plus a
``manifest.json``::

    {"format": "timeline-events", "version": 1, "shard_format": "jsonl",
     "tagger_version": "...", "extraction_version": "...", "mode": "news",
     "files": 10000, "documents": 9998, "events": 41230, "shard_size": 1000,
     "shards": [{"file": "part-00000.jsonl", "files": 1000, "documents": 1000,
                 "events": 4101}, ...]}

Shard ``i`` holds the events of source files ``i*shard_size ... (i+1)*shard_size - 1``
in the sorted file list, whichever engine ran, so the local and Dask engines write the
same bytes. Events are the per-document extraction results (not yet merged):
``build --events`` merges across all shards. The folder is written atomically (staging
folder beside it, then renamed), and a manifest that disagrees with its shards (missing
file, truncated shard) is an error rather than a silently smaller timeline.

Parquet shards have queryable columns (id, date, start, end, granularity, type, text,
expression, document) plus ``event``, the same JSON as a JSONL line, which is what the
reader uses so both formats round-trip exactly.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timeline.atomic import swap_directory
from timeline.errors import InputError
from timeline.events.model import Event

MANIFEST = "manifest.json"
FORMAT_NAME = "timeline-events"
FORMAT_VERSION = 1
SHARD_FORMATS = ("jsonl", "parquet")
DEFAULT_SHARD_SIZE = 1000  # source files per shard


def event_line(event: Event) -> str:
    return json.dumps(event.to_dict(), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def shard_name(index: int, shard_format: str) -> str:
    return f"part-{index:05d}.{shard_format}"


def require_pyarrow() -> Any:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet as pq
    except ImportError as err:
        raise InputError("Parquet shards need pyarrow: pip install 'timeline[dask]' "
                         "(or use --shard-format jsonl)") from err
    return pq


@dataclass
class ShardInfo:
    file: str
    files: int
    documents: int
    events: int

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "files": self.files, "documents": self.documents,
                "events": self.events}


@dataclass
class ShardWriter:
    """Writes shards into a staging folder; :meth:`commit` swaps it into place."""

    target: Path
    shard_format: str = "jsonl"
    shard_size: int = DEFAULT_SHARD_SIZE
    meta: dict[str, Any] = field(default_factory=dict)
    shards: dict[int, ShardInfo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.shard_format not in SHARD_FORMATS:
            raise InputError(f"unknown shard format {self.shard_format!r} "
                             f"(choose {' or '.join(SHARD_FORMATS)})")
        if self.shard_format == "parquet":
            require_pyarrow()
        self.target = Path(self.target)
        if self.target.exists() and not self.target.is_dir():
            raise InputError(f"{self.target}: exists and is not a folder")
        if self.target.is_dir() and any(self.target.iterdir()) and \
                not (self.target / MANIFEST).is_file():
            raise InputError(f"{self.target}: folder is not empty and holds no "
                             f"{MANIFEST}; refusing to replace it")
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.", suffix=".tmp",
                                             dir=self.target.parent))

    def write_shard(self, index: int, files: int, documents: list[list[Event]]) -> None:
        """Write shard ``index``: the events of each readable document of its files."""
        name = shard_name(index, self.shard_format)
        path = self.staging / name
        events = [event for doc_events in documents for event in doc_events]
        if self.shard_format == "jsonl":
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                for event in events:
                    handle.write(event_line(event))
                    handle.write("\n")
        else:
            _write_parquet(path, events)
        self.shards[index] = ShardInfo(name, files, len(documents), len(events))

    def commit(self) -> dict[str, Any]:
        """Write the manifest and move the folder into place. Returns the manifest."""
        shards = [self.shards[i] for i in sorted(self.shards)]
        manifest = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "shard_format": self.shard_format,
            "shard_size": self.shard_size,
            **self.meta,
            "files": sum(s.files for s in shards),
            "documents": sum(s.documents for s in shards),
            "events": sum(s.events for s in shards),
            "shards": [s.to_dict() for s in shards],
        }
        with open(self.staging / MANIFEST, "w", encoding="utf-8", newline="\n") as handle:
            json.dump(manifest, handle, ensure_ascii=False, indent=2, sort_keys=True)
            handle.write("\n")
        swap_directory(self.staging, self.target)
        return manifest

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if self.staging.exists():
            self.abort()


def _write_parquet(path: Path, events: list[Event]) -> None:
    import pyarrow as pa

    pq = require_pyarrow()
    columns = {
        "id": pa.array([e.id for e in events], pa.string()),
        "date": pa.array([e.date for e in events], pa.string()),
        "start": pa.array([e.start for e in events], pa.date32()),
        "end": pa.array([e.end for e in events], pa.date32()),
        "granularity": pa.array([e.granularity for e in events], pa.string()),
        "type": pa.array([e.type for e in events], pa.string()),
        "text": pa.array([e.text for e in events], pa.string()),
        "expression": pa.array([e.expression for e in events], pa.string()),
        "document": pa.array([e.sources[0].document if e.sources else None for e in events],
                             pa.string()),
        "event": pa.array([event_line(e) for e in events], pa.string()),
    }
    # No timestamps or writer versions that vary between runs: same input, same bytes.
    pq.write_table(pa.table(columns), path, compression="zstd", write_statistics=True,
                   use_dictionary=["date", "granularity", "type", "document"])


# -- reading -------------------------------------------------------------------------


def read_manifest(directory: Path) -> dict[str, Any]:
    directory = Path(directory)
    path = directory / MANIFEST
    if not directory.is_dir():
        raise InputError(f"{directory}: no such events folder (make one with "
                         f"`timeline extract SOURCES -o {directory}`)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise InputError(f"{path}: missing; {directory} is not an events folder written "
                         "by `timeline extract -o`") from err
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{path}: unreadable manifest ({err})") from err
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise InputError(f"{path}: not a timeline events manifest")
    if manifest.get("version") != FORMAT_VERSION:
        raise InputError(f"{path}: events format version {manifest.get('version')!r} is not "
                         f"supported (expected {FORMAT_VERSION}); re-run timeline extract")
    shards = manifest.get("shards")
    if not isinstance(shards, list) or not all(
            isinstance(s, dict) and isinstance(s.get("file"), str)
            and isinstance(s.get("events"), int) for s in shards):
        raise InputError(f"{path}: malformed shard list")
    for shard in shards:
        name = shard["file"]
        if Path(name).name != name or not name.startswith("part-"):
            raise InputError(f"{path}: bad shard file name {name!r}")
    return manifest


def iter_shard_events(directory: Path) -> Iterator[Event]:
    """Every event of every shard, in shard order; validates against the manifest."""
    from timeline.scale.worker import compact

    directory = Path(directory)
    manifest = read_manifest(directory)
    shared: dict = {}  # values shared between events (see worker.compact)
    for shard in manifest["shards"]:
        path = directory / shard["file"]
        if not path.is_file():
            raise InputError(f"{path}: shard listed in {MANIFEST} is missing")
        count = 0
        reader = _iter_parquet if path.suffix == ".parquet" else _iter_jsonl
        for event in reader(path):
            count += 1
            compact([event], shared)
            yield event
        if count != shard["events"]:
            raise InputError(f"{path}: {count} events, but {MANIFEST} says {shard['events']} "
                             "(truncated or edited shard); re-run timeline extract")


def _iter_jsonl(path: Path) -> Iterator[Event]:
    try:
        handle = open(path, encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from err
    with handle:
        lineno = 0
        try:
            for lineno, line in enumerate(handle, 1):  # noqa: B007 - used in the message
                if not line.strip():
                    continue
                yield _event_from_json(line)
        except UnicodeDecodeError as err:
            raise InputError(f"{path}: not valid UTF-8 near line {lineno + 1}") from err
        except ValueError as err:
            raise InputError(f"{path}:{lineno}: invalid event ({err})") from err


def _iter_parquet(path: Path) -> Iterator[Event]:
    pq = require_pyarrow()
    try:
        table = pq.read_table(path, columns=["event"])
    except Exception as err:  # pyarrow raises many types for damaged files
        raise InputError(f"{path}: unreadable Parquet shard ({err})") from err
    for row, text in enumerate(table.column("event").to_pylist(), 1):
        try:
            yield _event_from_json(text)
        except ValueError as err:
            raise InputError(f"{path}: row {row}: invalid event ({err})") from err


def _event_from_json(text: str | None) -> Event:
    if text is None:
        raise ValueError("empty row")
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return Event.from_dict(data)
    except (KeyError, TypeError) as err:
        raise ValueError(f"missing or bad field {err}") from err

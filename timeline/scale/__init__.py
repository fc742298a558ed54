"""Scale: parallel extraction (``--jobs``), the incremental SQLite cache, the Dask engine
and sharded event files.

The pipeline calls :func:`extract_sources` (source paths: workers read the files) or
:func:`extract_all` (documents already read); both yield each document's events in input
order, whatever the number of processes. ``timeline extract -o DIR`` calls
:func:`extract_to_shards`; ``timeline build --events DIR`` reads them back with
:func:`read_events`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "EventCache",
    "ExtractionProgress",
    "RichProgress",
    "ShardOptions",
    "default_jobs",
    "extract_all",
    "extract_sources",
    "extract_to_shards",
    "iter_shard_events",
    "write_if_changed",
]

_LAZY = {
    "EventCache": "timeline.scale.cache",
    "ExtractionProgress": "timeline.scale.progress",
    "RichProgress": "timeline.scale.progress",
    "ShardOptions": "timeline.scale.shard_extract",
    "default_jobs": "timeline.scale.pool",
    "extract_all": "timeline.scale.engine",
    "extract_sources": "timeline.scale.engine",
    "extract_to_shards": "timeline.scale.shard_extract",
    "iter_shard_events": "timeline.scale.shards",
    "write_if_changed": "timeline.scale.incremental",
}

if TYPE_CHECKING:  # pragma: no cover
    from timeline.scale.cache import EventCache
    from timeline.scale.engine import extract_all, extract_sources
    from timeline.scale.incremental import write_if_changed
    from timeline.scale.pool import default_jobs
    from timeline.scale.progress import ExtractionProgress, RichProgress
    from timeline.scale.shard_extract import ShardOptions, extract_to_shards
    from timeline.scale.shards import iter_shard_events


def __getattr__(name: str) -> Any:
    # Imported on first use: `timeline normalize` must not pay for sqlite/multiprocessing.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'timeline.scale' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)

"""``timeline extract SOURCES -o DIR``: extraction to sharded event files, on this machine
(process pool) or on a Dask cluster. Both engines cut the sorted file list into the same
shards and run the same per-file worker, so they write the same bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.events.model import Event
from timeline.scale import worker
from timeline.scale.engine import count_document, iter_outcomes, undated_error
from timeline.scale.progress import ProgressFn, ProgressTracker
from timeline.scale.shards import DEFAULT_SHARD_SIZE, ShardWriter

if TYPE_CHECKING:  # the pipeline imports us: no import cycle at run time
    from timeline.pipeline import BuildOptions, BuildReport

Warn = Callable[[str], None]
ENGINES = ("local", "dask")


@dataclass
class ShardOptions:
    output: Path
    shard_format: str = "jsonl"
    shard_size: int = DEFAULT_SHARD_SIZE
    engine: str = "local"
    scheduler: str | None = None  # dask scheduler address; None: a LocalCluster here
    dask_workers: int | None = None  # LocalCluster size (default: --jobs / all cores)
    dask_processes: bool = True  # LocalCluster with worker processes (threads in tests)


def extract_to_shards(
    options: BuildOptions,
    shard_options: ShardOptions,
    report: BuildReport,
    on_warning: Warn | None = None,
    progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Extract every source file into a shard folder; returns the manifest written."""
    from timeline.scale.sources import source_tasks

    if shard_options.engine not in ENGINES:
        from timeline.errors import InputError

        raise InputError(f"unknown engine {shard_options.engine!r} "
                         f"(choose {' or '.join(ENGINES)})")
    if shard_options.shard_size < 1:
        from timeline.errors import InputError

        raise InputError("--shard-size must be at least 1")
    # Dask workers may run in another directory: give them absolute paths.
    tasks = source_tasks(options.sources, absolute=shard_options.engine == "dask")
    version = worker.extraction_version()
    from timeline.temporal import TAGGER_VERSION

    meta = {"tagger_version": TAGGER_VERSION, "extraction_version": version,
            "mode": options.mode}
    size = shard_options.shard_size
    with ShardWriter(shard_options.output, shard_options.shard_format, size, meta) as writer:
        if shard_options.engine == "dask":
            from timeline.scale.dask_engine import run_dask

            run_dask(tasks, writer, options, shard_options, report, on_warning, progress)
        else:
            _run_local(tasks, writer, options, report, on_warning, progress)
        return writer.commit()


def _run_local(tasks: list[tuple[str, str]], writer: ShardWriter, options: BuildOptions,
               report: BuildReport, on_warning: Warn | None,
               progress: ProgressFn | None) -> None:
    size = writer.shard_size
    documents: list[list[Event]] = []
    files = 0
    index = 0
    outcomes = iter_outcomes(worker.process_file, tasks, len(tasks), options, report,
                             on_warning, progress)
    for _outcome, events in outcomes:
        files += 1
        if events is not None:
            documents.append(events)
        if files == size:
            writer.write_shard(index, files, documents)
            index, files, documents = index + 1, 0, []
    if files or not writer.shards:
        writer.write_shard(index, files, documents)


def collect_partition(outcomes: list[worker.Outcome], report: BuildReport, warn: Warn,
                      undated: list[str], tracker: ProgressTracker) -> list[list[Event]]:
    """Turn one partition's outcomes into per-document events, reporting as we go."""
    documents: list[list[Event]] = []
    for outcome in outcomes:
        for message in outcome.warnings:
            warn(message)
        if outcome.error is not None:
            (undated.append if outcome.undated else warn)(outcome.error)
        if outcome.events_json is None:
            tracker.update(0, False)
            continue
        events = worker.events_from_json(outcome.events_json)
        count_document(report, outcome)
        tracker.update(len(events), False)
        documents.append(events)
    return documents


__all__ = ["ENGINES", "ShardOptions", "extract_to_shards", "collect_partition",
           "undated_error"]

"""The Dask engine: the same per-file extraction, scheduled by Dask on a cluster.

``dask.bag`` over the sorted list of ``(path, root)`` pairs, one partition per shard
(``--shard-size`` files); each worker reads and tags its own files with
:func:`timeline.scale.worker.process_file` and sends back the events as JSON. The client
writes each partition's shard as soon as it arrives (``distributed.as_completed``), so
the client holds one partition at a time, and a partition's results are released from
the cluster once written. Scheduling, retries and worker failures are Dask's job.

Requirements on a real cluster: every worker has ``timeline`` installed (same version
as the client: the manifest records the tagger version) and sees the source files at
the same paths as the client (a shared filesystem). Dask is an optional extra:
``pip install 'timeline[dask]'``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from timeline.errors import InputError, TimelineError
from timeline.ingest import SourceFile
from timeline.scale import worker
from timeline.scale.pool import resolve_jobs
from timeline.scale.progress import ProgressFn, ProgressTracker
from timeline.scale.shards import ShardWriter

if TYPE_CHECKING:  # the pipeline imports us: no import cycle at run time
    from timeline.pipeline import BuildOptions, BuildReport

Warn = Callable[[str], None]


def require_dask() -> tuple[Any, Any]:
    """``(dask.bag, distributed)`` or a one-line error saying how to install them."""
    try:
        import dask.bag as db
        import distributed
    except ImportError as err:
        raise InputError("the dask engine needs Dask: pip install 'timeline[dask]' "
                         f"({err.name or 'dask'} is not installed)") from err
    return db, distributed


def extract_partition(tasks: list[SourceFile], config: worker.WorkerConfig
                      ) -> list[worker.Outcome]:
    """Runs on a Dask worker: read and extract each file of one partition."""
    worker.init_worker(config)
    return [worker.process_file(task) for task in tasks]


def run_dask(tasks: list[SourceFile], writer: ShardWriter, options: BuildOptions,
             shard_options: Any, report: BuildReport, on_warning: Warn | None,
             progress: ProgressFn | None) -> None:
    from timeline.scale.shard_extract import collect_partition, undated_error

    db, distributed = require_dask()

    def warn(message: str) -> None:
        report.warnings.append(message)
        if on_warning is not None:
            on_warning(message)

    if not tasks:
        writer.write_shard(0, 0, [])
        return
    config = worker.WorkerConfig(published=options.published, mode=options.mode,
                                 version=worker.extraction_version(), cache_path=None)
    size = writer.shard_size
    partitions = [tasks[i:i + size] for i in range(0, len(tasks), size)]
    bag = db.from_sequence(partitions, npartitions=len(partitions))
    # Each bag element is one shard's file list; flattening it on the worker keeps the
    # partition boundaries exactly the shard boundaries, whatever Dask would pick.
    delayed_parts = bag.map(extract_partition, config).to_delayed()

    client, cluster = _connect(distributed, shard_options, options)
    tracker = ProgressTracker(progress, len(tasks))
    undated: list[str] = []
    try:
        futures = client.compute(delayed_parts)
        index_of = {future.key: i for i, future in enumerate(futures)}
        for future, result in distributed.as_completed(futures, with_results=True):
            index = index_of[future.key]
            outcomes = [outcome for element in result for outcome in element]
            documents = collect_partition(outcomes, report, warn, undated, tracker)
            writer.write_shard(index, len(partitions[index]), documents)
            future.release()
        tracker.finish()
    except TimelineError:
        raise
    except Exception as err:  # worker lost, scheduler gone, cancelled: one line, no trace
        detail = str(err).splitlines()[0] if str(err) else ""
        raise TimelineError(f"dask extraction failed: {type(err).__name__}"
                            f"{': ' + detail if detail else ''}") from err
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if undated:
        raise undated_error(undated)


def _connect(distributed: Any, shard_options: Any, options: BuildOptions) -> tuple[Any, Any]:
    address = shard_options.scheduler
    if address:
        try:
            return distributed.Client(address, timeout="30s"), None
        except (OSError, TimeoutError, ValueError) as err:
            raise TimelineError(f"cannot connect to the Dask scheduler at {address}: "
                                f"{err}") from err
    n_workers = shard_options.dask_workers or resolve_jobs(options.jobs)
    cluster = distributed.LocalCluster(
        n_workers=n_workers, threads_per_worker=1, processes=shard_options.dask_processes,
        dashboard_address=None, silence_logs=50)
    return distributed.Client(cluster), cluster

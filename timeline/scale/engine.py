"""Extraction over a whole corpus: parallel (``--jobs``), cached, streaming, in order.

Two entry points, one engine:

* :func:`extract_sources` takes the source paths; workers read their files themselves,
  so ingest (HTML/Markdown parsing) is parallel too and no document is pickled.
* :func:`extract_all` takes documents already read (the MkDocs plugin's pages, the
  Python API); they are sent to the workers once.

Both yield each document's events (``list[Event]``) in input order, so the output is
identical whatever ``--jobs`` is, and keep at most a small window of documents in flight:
memory does not grow with the corpus (only the events do, which the caller merges).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline.errors import TimelineError
from timeline.events.model import Event
from timeline.ingest.document import Document
from timeline.scale import worker
from timeline.scale.cache import FETCH_CHUNK, CacheUnavailable, EventCache
from timeline.scale.pool import ordered_map, resolve_jobs
from timeline.scale.progress import ProgressFn, ProgressTracker

if TYPE_CHECKING:  # the pipeline imports us: no import cycle at run time
    from timeline.pipeline import BuildOptions, BuildReport

Warn = Callable[[str], None]

# Documents handed to a worker at a time: big enough to amortize inter-process
# messaging, small enough that progress stays smooth and the window stays small.
CHUNK_SIZE = 8
# Below this many documents a process pool costs more than it saves.
SERIAL_BELOW = 24
# Events live until the build ends, and there are millions of them in a large build:
# every full pass of Python's cyclic GC would walk them all again (at 840,000 events,
# a third of merge and render time). Every this many documents, and at the end, the
# objects alive so far are moved out of the collector's view (gc.freeze). They are
# still freed by reference counting when dropped; events hold no reference cycles.
FREEZE_EVERY = 2000


def extract_sources(
    options: BuildOptions,
    report: BuildReport,
    on_warning: Warn | None = None,
    progress: ProgressFn | None = None,
) -> Iterator[list[Event]]:
    """Read and extract every source file of ``options.sources``."""
    from timeline.scale.sources import source_tasks

    tasks = source_tasks(options.sources)
    yield from _run(worker.process_file, tasks, len(tasks), options, report, on_warning,
                    progress)


def extract_all(
    documents: Iterable[Document],
    options: BuildOptions,
    report: BuildReport,
    on_warning: Warn | None = None,
    progress: ProgressFn | None = None,
    total: int | None = None,
) -> Iterator[list[Event]]:
    """Extract events from documents already read (see :func:`extract_sources`)."""
    if total is None and isinstance(documents, list | tuple):
        total = len(documents)
    yield from _run(worker.process_document, documents, total, options, report, on_warning,
                    progress)


def _run(fn, items, total: int | None, options: BuildOptions, report: BuildReport,
         on_warning: Warn | None, progress: ProgressFn | None) -> Iterator[list[Event]]:
    for _outcome, events in iter_outcomes(fn, items, total, options, report, on_warning,
                                          progress):
        if events is not None:
            yield events


def iter_outcomes(
    fn: Callable[[Any], worker.Outcome],
    items: Sequence[Any] | Iterable[Any],
    total: int | None,
    options: BuildOptions,
    report: BuildReport,
    on_warning: Warn | None = None,
    progress: ProgressFn | None = None,
    known: Container[str] = frozenset(),
) -> Iterator[tuple[worker.Outcome, list[Event] | None]]:
    """One ``(outcome, events)`` per item, in order (events None: nothing was read).

    Reports warnings, counts documents into ``report``, keeps the cache (when
    ``options.cache_dir`` is set) and raises one :class:`InputError` listing every
    undated file after the others were processed. When the items are source files and
    there is a cache, unchanged files (same stat key) are answered from the cache here
    without being read; only the others go to the workers.

    ``known``: document keys whose events the caller already holds (the build snapshot,
    :mod:`timeline.scale.snapshot`). An unchanged file with such a key is yielded with
    ``outcome.held`` set and no events: its cached row is kept but not even read.
    """
    warn = warner(report, on_warning)
    jobs = resolve_jobs(options.jobs)
    version = worker.extraction_version()
    cache = _open_cache(options, version, warn)
    config = worker.WorkerConfig(
        published=options.published, mode=options.mode, version=version,
        cache_path=str(cache.path) if cache is not None else None)
    tracker = ProgressTracker(progress, total)
    undated: list[str] = []
    hits: list[str] = []
    file_hits: list[str] = []
    shared: dict = {}  # values shared between events (see worker.compact)
    complete = False
    try:
        plan = _plan(items, cache, options, version) if fn is worker.process_file else None
        if plan is not None:
            work = [item for item, known in zip(items, plan, strict=True) if known is None]
        else:
            work = items
        if len(work) < SERIAL_BELOW if isinstance(work, Sequence) else \
                (total is not None and total < SERIAL_BELOW):
            jobs = 1
        computed = ordered_map(fn, work, jobs, chunk_size=CHUNK_SIZE,
                               initializer=worker.init_worker, initargs=(config,))
        worker.init_worker(config)  # for the rare in-parent retry below
        # Cached rows are read FETCH_CHUNK at a time, in the order they are used.
        doc_keys = [k[1] for k in plan if k is not None and k[1] not in known] \
            if plan is not None else []
        rows: dict[str, str] = {}
        used = fetched = 0
        for index, item in enumerate(items):
            planned = plan[index] if plan is not None else None
            outcome = None
            if planned is not None and cache is not None and planned[1] in known:
                outcome = _held(item, planned)
                file_hits.append(planned[0])
            elif planned is not None and cache is not None:
                if used == fetched:
                    rows = cache.lookup_many(doc_keys[fetched:fetched + FETCH_CHUNK])
                    fetched += FETCH_CHUNK
                used += 1
                outcome = _from_cache(item, planned, rows.pop(planned[1], None), cache)
                if outcome is None:  # row vanished or damaged: read the file after all
                    outcome = fn(item)
                else:
                    file_hits.append(planned[0])
            if outcome is None:
                outcome = next(computed)
                if plan is not None and cache is not None and outcome.key is not None \
                        and outcome.events_json is not None:
                    stat = plan.stat_keys[index]
                    # A file whose reading warns is read again on every build (its
                    # events still come from the cache): the table keeps no warnings.
                    if stat is not None and stat[1] and not outcome.warnings:
                        cache.store_file(stat[0], outcome.key, outcome.document or "",
                                         outcome.published_from or "none")
            for message in outcome.warnings:
                warn(message)
            if outcome.error is not None:
                if outcome.undated:
                    undated.append(outcome.error)
                else:
                    warn(outcome.error)
            if outcome.events_json is None:
                tracker.update(0, False)
                yield outcome, None
                continue
            if outcome.corrupt_row and cache is not None:
                cache.report_corrupt_row(outcome.key or "")
            if outcome.held:
                events: list[Event] = []
            else:
                events = outcome.parsed if outcome.parsed is not None else \
                    worker.events_from_json(outcome.events_json)
                worker.compact(events, shared)
            if cache is not None and outcome.key is not None:
                if outcome.cached:
                    hits.append(outcome.key)
                else:
                    cache.store(outcome.key, outcome.document or outcome.source, version,
                                options.mode, outcome.events_json)
            count_document(report, outcome)
            tracker.update(len(events), outcome.cached)
            if tracker.done % FREEZE_EVERY == 0:
                gc.freeze()
            yield outcome, events
        tracker.finish()
        gc.freeze()
        if undated:
            raise undated_error(undated)
        complete = True
    finally:
        worker.close_worker()
        if cache is not None:
            cache.touch(hits)
            cache.touch_files(file_hits)
            cache.finish(prune=complete)
            cache.close()


class _Plan(list):
    """Per item: ``(stat key, document key, name, published_from)`` known from the
    cache, or None (must be read); ``stat_keys`` keeps every item's stat key."""

    stat_keys: list[tuple[str, bool] | None]


def _plan(items: Any, cache: EventCache | None, options: BuildOptions,
          version: str) -> _Plan | None:
    if cache is None or not isinstance(items, Sequence):
        return None
    from timeline.scale.filestat import DirectoryIndex, stat_key
    from timeline.scale.gcpause import gc_paused

    with gc_paused(freeze=True):  # keys and rows, acyclic, alive until the build ends
        index = cache.load_files()
        folders = DirectoryIndex()
        plan = _Plan()
        plan.stat_keys = []
        for item in items:
            key = stat_key(item, options.published, version, options.mode, folders)
            plan.stat_keys.append(key)
            row = index.get(key[0]) if key is not None else None
            plan.append((key[0], *row) if row is not None and key is not None else None)
    return plan


def _held(item: Any, planned: tuple[str, str, str, str]) -> worker.Outcome:
    _stat, doc_key, name, published_from = planned
    return worker.Outcome(source=item.path.as_posix(), document=name, key=doc_key,
                          events_json="", cached=True, published_from=published_from,
                          held=True)


def _from_cache(item: Any, planned: tuple[str, str, str, str], events_json: str | None,
                cache: EventCache) -> worker.Outcome | None:
    _stat, doc_key, name, published_from = planned
    if events_json is None:
        return None
    # Decoding allocates only acyclic objects (JSON values, frozen events) that live
    # until the build ends, yet those allocations would trigger the cyclic GC again and
    # again (a third of the decoding time of a cached rebuild): the collector is paused
    # for the decode, and what it decoded is frozen at once (see FREEZE_EVERY; O(1)).
    enabled = gc.isenabled()
    gc.disable()
    try:
        events = worker.events_from_json(events_json)
        gc.freeze()
    except (ValueError, KeyError, TypeError):
        cache.report_corrupt_row(doc_key)
        return None
    finally:
        if enabled:
            gc.enable()
    return worker.Outcome(source=item.path.as_posix(), document=name, key=doc_key,
                          events_json=events_json, events=len(events), cached=True,
                          published_from=published_from, parsed=events)


def count_document(report: BuildReport, outcome: worker.Outcome) -> None:
    report.documents += 1
    report.cached_documents += int(outcome.cached)
    report.dated_from_path += int(outcome.published_from == "path")


def _open_cache(options: BuildOptions, version: str, warn: Warn) -> EventCache | None:
    if options.cache_dir is None:
        return None
    try:
        return EventCache.open(Path(options.cache_dir), version, warn)
    except CacheUnavailable as err:
        warn(f"{err}; building without cache")
        return None


def warner(report: BuildReport, on_warning: Warn | None) -> Warn:
    """A warning callback that records in ``report`` and passes on to ``on_warning``."""
    def warn(message: str) -> None:
        report.warnings.append(message)
        if on_warning is not None:
            on_warning(message)

    return warn


def undated_error(messages: list[str]) -> TimelineError:
    from timeline.scale.sources import undated_error as make

    return make(messages)

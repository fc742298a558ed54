"""Ordered, memory-bounded parallel map over a process pool.

Items stream in, results stream out in input order (so ``--jobs 1`` and ``--jobs N``
produce identical output), and at most ``window`` chunks are in flight: memory stays
flat however large the corpus is.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Any, TypeVar

from timeline.errors import TimelineError

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """All the cores this process may use."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        n = counter()
    else:
        try:
            n = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            n = os.cpu_count()
    return max(1, n or 1)


def resolve_jobs(jobs: int | None) -> int:
    if jobs is None or jobs == 0:
        return default_jobs()
    if jobs < 0:
        raise TimelineError(f"--jobs must be a positive number, not {jobs}")
    return jobs


def _run_chunk(fn: Callable[[Any], Any], chunk: list[Any]) -> list[Any]:
    return [fn(item) for item in chunk]


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    # Ctrl-C reaches the whole process group: the parent alone handles it (it cancels
    # the pending chunks and shuts the pool down), so workers neither die mid-message
    # nor print tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


def _context() -> multiprocessing.context.BaseContext:
    # fork starts workers in milliseconds with the tagger already imported, but forking a
    # process that runs other threads (a progress bar, a browser driver, Dask) can copy a
    # held lock into the child and hang it: then the fork server, started clean, is used.
    # Elsewhere (macOS, Windows) spawn is the only safe choice.
    if sys.platform.startswith("linux"):
        if threading.active_count() == 1:
            return multiprocessing.get_context("fork")
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["timeline.scale.worker"])
        return context
    return multiprocessing.get_context("spawn")


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    *,
    chunk_size: int = 16,
    window: int | None = None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
) -> Iterator[R]:
    """``map(fn, items)`` on ``jobs`` processes, in order, with bounded look-ahead.

    ``fn``, ``initializer`` and the items must be picklable (module-level functions,
    plain data). With ``jobs == 1`` everything runs in this process.
    """
    if jobs <= 1:
        if initializer is not None:
            initializer(*initargs)
        for item in items:
            yield fn(item)
        return
    window = window or jobs * 4
    iterator = iter(items)
    pending: deque[Future] = deque()
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(),
                                   initializer=_start_worker,
                                   initargs=(initializer, initargs))
    try:
        while True:
            while len(pending) < window:
                chunk = list(islice(iterator, chunk_size))
                if not chunk:
                    break
                pending.append(executor.submit(_run_chunk, fn, chunk))
            if not pending:
                break
            try:
                results = pending.popleft().result()
            except BrokenProcessPool as err:
                raise TimelineError(
                    "an extraction worker process died (out of memory?); "
                    "retry with fewer --jobs") from err
            yield from results
    finally:
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)

"""Progress of an extraction: the numbers, and a rich display the CLI can pass in.

The engines call a plain callback with an :class:`ExtractionProgress` snapshot (throttled
to a few updates a second); they never print. :class:`RichProgress` is the callback the
CLI uses on a terminal: documents/s, events, cache hits and ETA on stderr.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any


@dataclass(frozen=True, slots=True)
class ExtractionProgress:
    done: int  # documents processed (read + extracted or taken from cache)
    total: int | None  # documents expected, when known
    events: int  # events found so far
    cached: int  # documents taken from the cache
    elapsed: float  # seconds since the start
    finished: bool = False

    @property
    def rate(self) -> float:
        """Documents per second so far."""
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the current rate, when the total is known."""
        if self.total is None or self.done == 0:
            return None
        return max(0.0, (self.total - self.done) / self.rate) if self.rate else None


ProgressFn = Callable[[ExtractionProgress], None]


class ProgressTracker:
    """Counts outcomes and calls the callback at most every ``interval`` seconds."""

    def __init__(self, callback: ProgressFn | None, total: int | None,
                 interval: float = 0.2) -> None:
        self._callback = callback
        self.total = total
        self.done = 0
        self.events = 0
        self.cached = 0
        self._start = time.perf_counter()
        self._last = 0.0
        self._interval = interval
        if callback is not None:  # show the total at once, before the first document
            callback(self.snapshot())

    def update(self, events: int, cached: bool) -> None:
        self.done += 1
        self.events += events
        self.cached += int(cached)
        if self._callback is None:
            return
        now = time.perf_counter()
        if now - self._last >= self._interval:
            self._last = now
            self._callback(self.snapshot())

    def snapshot(self, finished: bool = False) -> ExtractionProgress:
        return ExtractionProgress(self.done, self.total, self.events, self.cached,
                                  time.perf_counter() - self._start, finished)

    def finish(self) -> None:
        if self._callback is not None:
            self._callback(self.snapshot(finished=True))


def format_progress(p: ExtractionProgress) -> str:
    """One line, e.g. ``1,204/10,000 docs  812 docs/s  3,911 events  ETA 0:11``."""
    total = f"/{p.total:,}" if p.total is not None else ""
    parts = [f"{p.done:,}{total} docs", f"{p.rate:,.0f} docs/s", f"{p.events:,} events"]
    if p.cached:
        parts.append(f"{p.cached:,} cached")
    if p.eta is not None and not p.finished:
        minutes, seconds = divmod(int(p.eta + 0.5), 60)
        parts.append(f"ETA {minutes}:{seconds:02d}")
    return "  ".join(parts)


class RichProgress:
    """A progress bar on stderr (use as a context manager; call it with snapshots).

    Shown only when ``stream`` is a terminal, so logs and CI output stay clean.
    """

    def __init__(self, description: str = "Extracting", stream: IO[str] | None = None,
                 enabled: bool | None = None) -> None:
        import sys

        from rich.console import Console

        self._console = Console(file=stream or sys.stderr)
        self.enabled = self._console.is_terminal if enabled is None else enabled
        self._description = description
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> RichProgress:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:,.0f} docs/s"),
                TextColumn("{task.fields[events]:,} events"),
                TextColumn("{task.fields[cached]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self._console,
                transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task(self._description, total=None, rate=0.0,
                                                 events=0, cached="")
        return self

    def __call__(self, p: ExtractionProgress) -> None:
        if self._progress is None:
            return
        self._progress.update(self._task, completed=p.done, total=p.total, rate=p.rate,
                              events=p.events,
                              cached=f"{p.cached:,} cached" if p.cached else "")

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(None, None, None)
            self._progress = None

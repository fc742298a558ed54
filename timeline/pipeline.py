"""The build, stage by stage: ingest -> extract -> merge -> editorial -> filter -> render.

Every front end (``timeline build``, ``timeline serve``, the MkDocs plugin) calls
:func:`collect_events` and then a writer from :mod:`timeline.render`, so they all agree.
Stage owners: ingest (timeline.ingest), extraction and merging (timeline.events, with
timeline.scale for --jobs / cache / dask), corrections and key dates (timeline.editorial),
output (timeline.render).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from timeline.events.model import Event


@dataclass
class BuildOptions:
    """Everything a build needs; CLI flags and timeline.toml both fill it."""

    sources: Sequence[Path] = ()
    published: date | None = None  # date for documents that carry none
    mode: str = "news"  # tagger mode: news | narrative
    output: Path = Path("site")
    format: str = "site"  # site | fragment | json | timelinejs | csv | ics | markdown | svg | png
    templates: Path | None = None
    title: str = "Timeline"
    description: str = ""
    base_url: str = ""
    group_by: str = "auto"  # auto | year | none: one page per year when the timeline is long
    date_from: date | None = None
    date_to: date | None = None
    tags: Sequence[str] = ()
    jobs: int | None = None  # None: all cores
    cache_dir: Path | None = None  # None: no cache
    events_dir: Path | None = None  # prebuilt sharded events instead of sources
    key_dates: int | None = None
    corrections: Path | None = None
    progress: bool = True


@dataclass
class BuildReport:
    """What the summary line says."""

    documents: int = 0
    events: int = 0
    sources: int = 0
    warnings: list[str] = field(default_factory=list)
    cached_documents: int = 0
    dated_from_path: int = 0

    def summary(self) -> str:
        parts = [
            f"{self.documents} document{'s' if self.documents != 1 else ''}",
            f"{self.events} event{'s' if self.events != 1 else ''}",
            f"{self.sources} source{'s' if self.sources != 1 else ''}",
            f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}",
        ]
        if self.cached_documents:
            parts.append(f"{self.cached_documents} from cache")
        if self.dated_from_path:
            parts.append(f"{self.dated_from_path} dated from their path")
        return ", ".join(parts)


ProgressCallback = Callable[[int, int | None], None]  # (documents done, total or None)

"""The build, stage by stage: ingest -> extract -> merge -> editorial -> filter -> render.

Every front end (``timeline build``, ``timeline serve``, the MkDocs plugin, the Python
API) calls :func:`collect_events` and then a writer from :mod:`timeline.render`, so they all
agree. Stage owners: ingest (timeline.ingest), extraction and merging (timeline.events,
with timeline.scale for --jobs / cache / dask shards), corrections and key dates
(timeline.editorial), output (timeline.render).

Seams, each looked up when the build runs so a missing optional piece never breaks it:

* extraction and merging from the cache: ``timeline.scale.snapshot.merged_events``
  (a rebuild re-merges only the dates whose documents changed);
* extraction otherwise: ``timeline.scale.engine.extract_sources`` (parallel, cached),
  then ``merge_events`` (``timeline.scale.merge_cache`` with a cache directory);
* prebuilt events (``--events DIR``): ``timeline.scale.shards.iter_shard_events``;
* editorial: ``timeline.editorial.apply(events, options, report)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from timeline.errors import InputError
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


Warn = Callable[[str], None]


def _recorder(report: BuildReport, on_warning: Warn | None) -> Warn:
    def warn(message: str) -> None:
        report.warnings.append(message)
        if on_warning is not None:
            on_warning(message)

    return warn


def _check_sources(options: BuildOptions) -> None:
    if not options.sources:
        raise InputError("no sources: give files or folders of articles (.md, .txt, .html)")
    for source in options.sources:
        if not Path(source).exists():
            raise InputError(f"{source}: no such file or folder")


def extracted_events(options: BuildOptions, report: BuildReport,
                     on_warning: Warn | None = None,
                     progress: Callable[[Any], None] | None = None) -> Iterable[Event]:
    """Events of every document (not yet merged), streamed document by document."""
    if options.events_dir is not None:
        from timeline.scale.shards import iter_shard_events, read_manifest

        manifest = read_manifest(Path(options.events_dir))
        report.documents += int(manifest.get("documents") or 0)
        return iter_shard_events(Path(options.events_dir))
    _check_sources(options)
    from timeline.scale.engine import extract_sources

    per_document = extract_sources(options, report, on_warning=on_warning,
                                   progress=progress if options.progress else None)
    return (event for events in per_document for event in events)


def _merged(options: BuildOptions, report: BuildReport, on_warning: Warn | None,
            progress: Callable[[Any], None] | None, extra: list[Any]) -> list[Event]:
    from timeline.events import merge_events

    if extra and not options.sources and options.events_dir is None:
        extracted: Iterable[Event] = ()
    else:
        extracted = extracted_events(options, report, on_warning, progress)
    if extra:
        from timeline.events import extract_events

        report.documents += len(extra)
        extracted = itertools.chain(
            extracted, (e for doc in extra for e in extract_events(doc, mode=options.mode)))
    if options.cache_dir is not None:
        from timeline.scale.merge_cache import merge_events_cached

        # Rebuilds compare again only the dates whose events changed.
        return merge_events_cached(extracted, options.cache_dir,
                                   on_warning=_recorder(report, on_warning))
    return merge_events(extracted)


def collect_events(options: BuildOptions, report: BuildReport,
                   on_warning: Warn | None = None,
                   progress: Callable[[Any], None] | None = None,
                   documents: Iterable[Any] = ()) -> list[Event]:
    """Ingest, extract, merge, apply the editorial layer and filter: the timeline's events,
    in chronological order. Counts and warnings go to ``report``; ``on_warning`` is told
    about each warning as it happens, ``progress`` gets extraction progress snapshots."""
    from timeline.events import filter_events

    # ``documents``: Documents read elsewhere (the MkDocs plugin's dated docs pages),
    # extracted and merged together with the sources'.
    extra = list(documents)
    if options.cache_dir is not None and not extra and options.events_dir is None:
        # A rebuild from the cache merges again only the dates whose documents changed
        # (timeline.scale.snapshot); the first build merges everything and keeps it.
        _check_sources(options)
        from timeline.scale.snapshot import merged_events

        events = merged_events(options, report, on_warning, progress)
    else:
        events = _merged(options, report, on_warning, progress, extra)
    from timeline import editorial

    before = len(report.warnings)
    events = editorial.apply(events, options, report)
    if on_warning is not None:
        for message in report.warnings[before:]:
            on_warning(message)
    before_filters = len(events)
    events = filter_events(events, date_from=options.date_from, date_to=options.date_to,
                           tags=tuple(options.tags))
    events = sorted(events, key=lambda e: e.sort_key)
    if not events:
        # An empty timeline is legitimate output, but never a silent one.
        warn = _recorder(report, on_warning)
        if before_filters:
            warn(f"no event matches the filters (--from/--to/--tag); {before_filters} "
                 f"event{'s' if before_filters != 1 else ''} before filtering")
        elif report.documents:
            warn(f"no dated sentence found in {report.documents} document"
                 f"{'s' if report.documents != 1 else ''}: the timeline is empty")
    report.events = len(events)
    report.sources = len({s.document for e in events for s in e.sources})
    return events


def run_build(options: BuildOptions, on_warning: Warn | None = None,
              progress: Callable[[Any], None] | None = None) -> BuildReport:
    """Collect the events and write them in ``options.format``. Returns the report (its
    ``summary()`` is the line the CLI prints)."""
    from timeline.render.output import write_output

    report = BuildReport()
    events = collect_events(options, report, on_warning, progress)
    write_output(events, options, report)
    return report

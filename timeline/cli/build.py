"""``timeline build SOURCES... -o site/``: articles in, a timeline out.

Settings come from, lowest to highest priority: built-in defaults, ``timeline.toml``
(see :mod:`timeline.config`), command-line flags. Any click parameter whose name is a
:class:`~timeline.pipeline.BuildOptions` field (``jobs``, ``key_dates``, ``corrections``...)
flows into the options by name, so a new flag needs no other wiring here.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any

import click

from timeline.config import find_config, load_config
from timeline.errors import InputError
from timeline.pipeline import BuildOptions, BuildReport, collect_events

FORMAT_CHOICES = ("site", "fragment", "json", "timelinejs", "csv", "ics", "markdown", "svg",
                  "png")
_OPTION_FIELDS = {f.name for f in dataclasses.fields(BuildOptions)}


class DateType(click.ParamType):
    """A calendar date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD (e.g. 2017-09-24)",
                      param, ctx)


DATE = DateType()


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The flags ``build`` and ``serve`` share (they describe the same timeline)."""
    options = [
        click.option("--published", type=DATE, default=None,
                     help="Publication date for articles that carry none (YYYY-MM-DD)."),
        click.option("--templates", type=click.Path(file_okay=False, path_type=Path),
                     default=None, help="Folder of templates overriding the shipped ones."),
        click.option("--title", default=None, help="Title of the timeline."),
        click.option("--description", default=None, help="One-line description."),
        click.option("--base-url", "base_url", default=None,
                     help="Public URL of the site (for canonical links)."),
        click.option("--from", "date_from", type=DATE, default=None,
                     help="Keep events from this date on (YYYY-MM-DD)."),
        click.option("--to", "date_to", type=DATE, default=None,
                     help="Keep events up to this date (YYYY-MM-DD)."),
        click.option("--tag", "tags", multiple=True,
                     help="Keep events of articles with this tag (repeatable; any of them)."),
        click.option("--group-by", "group_by", type=click.Choice(["auto", "year", "none"]),
                     default=None,
                     help="One page per year: auto (above 300 events), year, or none."),
        click.option("--mode", type=click.Choice(["news", "narrative"]), default=None,
                     help="news: resolve relative dates against the publication date; "
                          "narrative: against the last date mentioned."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                     default=None, help="Settings file (default: ./timeline.toml or one "
                                        "beside the sources)."),
        click.option("-q", "--quiet", is_flag=True, help="Print errors only."),
        # Editorial control (timeline.editorial):
        click.option("--key-dates", "key_dates", type=click.IntRange(min=1), default=None,
                     metavar="N", help="Select the N key dates (the site shows them first; "
                                       "json/csv/ics/markdown/timelinejs hold only them)."),
        click.option("--corrections", "corrections",
                     type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Corrections file (default: timeline.corrections.yaml beside the "
                          "sources or in the current folder)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def options_from(params: dict[str, Any], sources: tuple[Path, ...]) -> BuildOptions:
    """Defaults <- timeline.toml <- flags."""
    config_path = find_config(sources, params.get("config_file"))
    values: dict[str, Any] = load_config(config_path) if config_path else {}
    if sources:
        values["sources"] = tuple(sources)
    for name, value in params.items():
        if name not in _OPTION_FIELDS or name == "sources":
            continue
        if value is None or (isinstance(value, tuple) and not value):
            continue
        values[name] = value
    if "tags" in values:
        values["tags"] = tuple(values["tags"])
    options = BuildOptions(**values)
    if not options.sources and options.events_dir is None:
        raise InputError("no sources: give files or folders of articles, "
                         "e.g. `timeline build articles/` (or sources = [...] in timeline.toml)")
    if options.date_from and options.date_to and options.date_from > options.date_to:
        raise InputError(f"--from {options.date_from} is after --to {options.date_to}")
    return options


def progress_display(enabled: bool) -> Any:
    """A rich progress bar on stderr when it is a terminal; a no-op otherwise."""
    if not enabled:
        return nullcontext(None)
    try:
        from timeline.scale.progress import RichProgress
    except ImportError:  # pragma: no cover - scale is part of the package
        return nullcontext(None)
    return RichProgress("Reading articles")


def writing_status(enabled: bool, fmt: str, count: int) -> Any:
    """A spinner while a large output is rendered (terminal only; rendering 100,000 events
    takes a while and the extraction bar is gone by then)."""
    if not enabled or count < 5000:
        return nullcontext(None)
    from rich.console import Console

    return Console(stderr=True).status(f"Writing {fmt} ({count:,} events)")


def run(options: BuildOptions, quiet: bool) -> tuple[BuildReport, Path]:
    """Collect, render and write; warnings and the summary go to stderr."""
    from timeline.render.output import output_path, write_output

    report = BuildReport()
    target = output_path(options)
    try:
        with progress_display(not quiet and options.progress) as progress:
            events = collect_events(options, report, progress=progress)
        with writing_status(not quiet and options.progress, options.format, len(events)):
            write_output(events, options, report)
    finally:
        # Also when the build fails: a skipped unreadable file may explain the error.
        if not quiet:
            for message in report.warnings:
                click.echo(f"warning: {message}", err=True)
    if not quiet:
        if target == Path("-"):
            where = f"{options.format} to standard output"
        elif options.format == "site":
            where = f"site {target}/ (open {target / 'index.html'})"
        else:
            where = f"{options.format} {target}"
        click.echo(f"timeline: wrote {where}: {report.summary()}", err=True)
    return report, target


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Output folder for the site (default site/), or file for other formats "
                   "(default timeline.<ext>; '-' for standard output).")
@click.option("--format", "format", type=click.Choice(FORMAT_CHOICES), default=None,
              help="What to write (default: site).")
@click.option("--fragment", "fragment", is_flag=True, default=False,
              help="Write one self-contained HTML fragment to paste into a page "
                   "(same as --format fragment; default file timeline.html).")
@click.option("-j", "--jobs", "jobs", type=click.IntRange(min=1), default=None,
              help="Processes reading and tagging articles (default: all cores).")
@click.option("--cache-dir", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Incremental cache folder (default: .timeline-cache in the "
                                 "current folder): unchanged articles are not re-tagged.")
@click.option("--no-cache", "no_cache", is_flag=True, default=False,
              help="Neither read nor write the incremental cache.")
@click.option("--events", "events_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Build from event shards written by `timeline extract -o "
                                 "DIR` instead of reading SOURCES.")
@common_options
def build(sources: tuple[Path, ...], quiet: bool, fragment: bool = False,
          no_cache: bool = False, **params: Any) -> None:
    """Build a timeline from SOURCES (files or folders of .md, .txt and .html articles).

    \b
    Examples:
      timeline build examples/ -o site/
      timeline build articles/ --published 2017-09-24 --format json -o timeline.json
      timeline build articles/ --from 2016-01-01 --tag libya --format ics -o libya.ics
      timeline build --events events/ -o site/
    """
    if fragment:
        if params.get("format") not in (None, "fragment"):
            raise InputError(f"--fragment and --format {params['format']} ask for two "
                             "different outputs: give one")
        params["format"] = "fragment"
    options = options_from(params, sources)
    if options.events_dir is not None and sources:
        raise InputError("give SOURCES or --events DIR, not both (extract new articles "
                         "into the events folder with `timeline extract -o`)")
    from timeline.scale.cache import default_cache_dir

    options = dataclasses.replace(
        options, cache_dir=None if no_cache else (options.cache_dir or default_cache_dir()))
    if options.progress and not sys.stderr.isatty():
        options = dataclasses.replace(options, progress=False)
    run(options, quiet)

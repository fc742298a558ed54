"""Command-line glue for ``timeline extract -o DIR`` (the flags live in timeline/cli/extract.py)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any

import click


def progress_display(enabled: bool, description: str) -> Any:
    if not enabled:
        return nullcontext(None)
    from timeline.scale.progress import RichProgress

    return RichProgress(description)


def extract_to_folder(files: Sequence[Path], output: Path, *, published: date | None,
                      mode: str, jobs: int | None, engine: str, scheduler: str | None,
                      shard_format: str, shard_size: int) -> dict[str, Any]:
    """Extract the events of ``files`` (files or folders) into shard folder ``output``."""
    from timeline.pipeline import BuildOptions, BuildReport
    from timeline.scale.shard_extract import ShardOptions, extract_to_shards

    options = BuildOptions(sources=tuple(files), published=published, mode=mode, jobs=jobs)
    shard_options = ShardOptions(output=Path(output), shard_format=shard_format,
                                 shard_size=shard_size, engine=engine, scheduler=scheduler)
    report = BuildReport()
    label = "Extracting (dask)" if engine == "dask" else "Extracting"
    with progress_display(sys.stderr.isatty(), label) as progress:
        manifest = extract_to_shards(options, shard_options, report, progress=progress)
    for message in report.warnings:
        click.echo(f"warning: {message}", err=True)
    shards = len(manifest["shards"])
    click.echo(
        f"timeline: wrote {output} ({shards} {shard_format} shard{'s' if shards != 1 else ''}): "
        f"{manifest['documents']} documents, {manifest['events']} events, "
        f"{len(report.warnings)} warning{'s' if len(report.warnings) != 1 else ''}",
        err=True)
    return manifest

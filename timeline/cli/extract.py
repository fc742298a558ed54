"""``timeline extract`` (time expressions of files) and ``timeline normalize`` (one expression).

The output contract of ``extract`` is fixed; other tools read it::

    {"file": ..., "start": 12, "end": 18, "text": "Friday", "type": "DATE",
     "value": "2017-09-22", "granularity": "day"[, "mod": ...][, "explanation": {...}]}

``start``/``end`` are character offsets (Python ``str`` indices, i.e. code points) into the
file's whole text decoded as UTF-8, exactly as it is on disk: nothing is stripped (a byte
order mark stays character 0, CRLF stays two characters). TimeML input (``.tml``) is the
exception: its annotation markup is not text, so its offsets refer to the plain text of
its ``<TEXT>`` element, the text that TimeML tools score.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import click

from timeline.atomic import write_text_atomic
from timeline.errors import InputError, TimelineError
from timeline.temporal.timex import Timex

FORMATS = ("jsonl", "json", "timeml")
MODES = ("news", "narrative")


# -- inputs ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SourceText:
    """One input file ready to tag: its decoded text and the date it is anchored to."""

    path: Path
    text: str
    published: date
    published_from: str  # where the date came from: front-matter | meta | path | flag | tml ...
    is_timeml: bool = False
    title: str | None = None


def _parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").date()
    except ValueError as err:
        raise click.BadParameter(f"{value!r} is not a date like 2017-09-24",
                                 param_hint=option) from err


def _is_timeml(path: Path, input_format: str) -> bool:
    if input_format == "auto":
        return path.suffix.lower() in (".tml", ".timeml")
    return input_format == "timeml"


def decode_file(path: Path) -> str:
    """The whole file decoded as UTF-8, as-is (the text that extract offsets refer to)."""
    try:
        data = path.read_bytes()
    except IsADirectoryError as err:
        raise InputError(f"{path}: is a directory") from err
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from err
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not valid UTF-8 (byte 0x{data[err.start]:02x} at offset "
                         f"{err.start})") from err


def file_publication_date(path: Path) -> tuple[date | None, str]:
    """The publication date a file carries itself (front matter, HTML meta, sidecar, path),
    via the ingest layer, and where it came from."""
    try:
        from timeline.ingest import read_publication_date
    except ImportError:  # ingest without the single-file API: only --published can date it
        return None, "none"
    found, origin = read_publication_date(path)
    return found, origin


def expand_inputs(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a folder stands for the articles inside it (ingest's file rules)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            try:
                from timeline.ingest import list_source_files
            except ImportError as err:
                raise InputError(f"{p}: is a directory (give the files)") from err
            found = list_source_files([p])
            if not found:
                raise InputError(f"{p}: no article files in this folder")
            out.extend(found)
        elif not p.exists():
            raise InputError(f"{p}: no such file")
        else:
            out.append(p)
    return out


def load_source(path: Path, published: date | None, input_format: str = "auto",
                dated: tuple[date, str] | None = None) -> SourceText:
    """Read, decode and date one input file; one-line :class:`InputError` on any problem.

    ``dated`` is the file's (date, origin) when already known (skips a second lookup).
    """
    if _is_timeml(path, input_format):
        from timeline.temporal.timeml import read_timeml

        doc = read_timeml(path)
        when, origin = (doc.dct, "tml") if doc.dct else (published, "flag")
        if when is None:
            raise InputError(f"{path}: no usable creation time (<DCT>) in this TimeML file; "
                             "pass --published YYYY-MM-DD")
        return SourceText(path, doc.text, when, origin, True, doc.title)
    text = decode_file(path)
    when, origin = dated if dated is not None else file_publication_date(path)
    if when is None:
        when, origin = published, "flag"
    if when is None:
        raise InputError(f"{path}: no publication date (none in the file's front matter, "
                         "metadata, sidecar or path); pass --published YYYY-MM-DD")
    return SourceText(path, text, when, origin)


def check_sources(paths: Sequence[Path], published: date | None,
                  input_format: str) -> dict[Path, tuple[date, str]]:
    """Fail before any output if any file is unreadable or undated (no half-written output).

    Returns each file's date and its origin. Texts are not kept: reading each file again
    when tagging keeps memory flat on large inputs.
    """
    dates: dict[Path, tuple[date, str]] = {}
    for path in paths:
        source = load_source(path, published, input_format)
        dates[path] = (source.published, source.published_from)
    return dates


def iter_tagged(paths: Sequence[Path], published: date | None, mode: str,
                input_format: str = "auto", dates: dict[Path, tuple[date, str]] | None = None,
                ) -> Iterator[tuple[SourceText, list[Timex]]]:
    """Each file with its time expressions, in the order given."""
    from timeline.temporal import tag

    for path in paths:
        source = load_source(path, published, input_format, (dates or {}).get(path))
        yield source, tag(source.text, published=source.published, mode=mode)


# -- outputs ---------------------------------------------------------------------------------

def expression_record(path: Path, timex: Timex, explain: bool) -> dict:
    """One line of ``--format jsonl``: the fixed contract keys first."""
    record = {"file": str(path)}
    record.update(timex.to_dict(explain=explain))
    return record


def _timeml_for(source: SourceText, timexes: list[Timex]) -> str:
    from timeline.temporal.timeml import render_timeml

    return render_timeml(source.text, timexes, source.published, docid=source.path.stem,
                         title=source.title)


def _timeml_targets(paths: Sequence[Path], folder: Path) -> dict[Path, Path]:
    targets: dict[Path, Path] = {}
    seen: dict[str, Path] = {}
    for p in paths:
        name = p.name if p.suffix.lower() in (".tml", ".timeml") else p.name + ".tml"
        if name in seen and seen[name] != p:
            raise InputError(f"{p}: same file name as {seen[name]}; --timeml-dir needs "
                             "distinct names")
        seen[name] = p
        targets[p] = folder / name
    return targets


# -- commands --------------------------------------------------------------------------------

@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date for files that carry none themselves (front matter, "
                   "HTML meta, sidecar or a date in the path win).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="jsonl: one expression per line; json: one array; timeml: TimeML document.")
@click.option("--mode", type=click.Choice(MODES), default="news", show_default=True,
              help="news: relative dates anchor to the publication date; narrative: to the "
                   "last date mentioned.")
@click.option("--explain", is_flag=True, help="Add how each value was resolved.")
@click.option("--input", "input_format", type=click.Choice(["auto", "text", "timeml"]),
              default="auto", show_default=True,
              help="auto reads .tml files as TimeML (their <TEXT> and <DCT>), others as text.")
@click.option("--timeml-dir", type=click.Path(file_okay=False, path_type=Path),
              help="With --format timeml: write one <name>.tml per input file here "
                   "(needed for several files).")
@click.option("-o", "--output", "events_output", type=click.Path(path_type=Path), default=None,
              help="Write the EVENTS of the articles as sharded files into this folder "
                   "(part-00000.jsonl ... + manifest.json) for `timeline build --events`, "
                   "instead of printing expressions.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="With -o: processes to use (default: all cores).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True, help="With -o: run here, or on a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="With --engine dask: scheduler address (tcp://host:8786); "
                   "default: a local Dask cluster.")
@click.option("--shard-format", type=click.Choice(["jsonl", "parquet"]), default="jsonl",
              show_default=True, help="With -o: event shard file format.")
@click.option("--shard-size", type=click.IntRange(min=1), default=1000, show_default=True,
              help="With -o: source files per shard.")
def extract(files: tuple[Path, ...], published: str | None, fmt: str, mode: str,
            explain: bool, input_format: str, timeml_dir: Path | None,
            events_output: Path | None = None, jobs: int | None = None, engine: str = "local",
            scheduler: str | None = None, shard_format: str = "jsonl",
            shard_size: int = 1000) -> None:
    """Print the time expressions of FILE... with their TIMEX3 values.

    Offsets are character offsets into each file's whole text decoded as UTF-8 (for
    TimeML input: into the plain text of its <TEXT>).

    With -o DIR, extract the events of the articles instead (in parallel, or on Dask
    with --engine dask) into sharded files that `timeline build --events DIR` renders.
    """
    fallback = _parse_day(published, "--published")
    if events_output is not None:
        from timeline.scale.cli import extract_to_folder

        extract_to_folder(files, events_output, published=fallback, mode=mode, jobs=jobs,
                          engine=engine, scheduler=scheduler, shard_format=shard_format,
                          shard_size=shard_size)
        return
    if engine != "local" or scheduler is not None or jobs is not None:
        raise click.UsageError("--jobs, --engine and --scheduler go with -o DIR (event shards)")
    paths = expand_inputs(files)
    if fmt == "timeml" and timeml_dir is None and len(paths) > 1:
        raise click.UsageError("--format timeml prints one document: give one file, or "
                               "--timeml-dir DIR to write one .tml per file")
    if timeml_dir is not None and fmt != "timeml":
        raise click.UsageError("--timeml-dir goes with --format timeml")
    dates = check_sources(paths, fallback, input_format)
    tagged = iter_tagged(paths, fallback, mode, input_format, dates)

    if fmt == "jsonl":
        for source, timexes in tagged:
            for t in timexes:
                click.echo(json.dumps(expression_record(source.path, t, explain),
                                      ensure_ascii=False))
    elif fmt == "json":
        records = [expression_record(source.path, t, explain)
                   for source, timexes in tagged for t in timexes]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif timeml_dir is None:
        for source, timexes in tagged:
            click.echo(_timeml_for(source, timexes), nl=False)
    else:
        targets = _timeml_targets(paths, timeml_dir)
        for source, timexes in tagged:
            write_text_atomic(targets[source.path], _timeml_for(source, timexes))


@click.command()
@click.argument("expression")
@click.option("--published", metavar="YYYY-MM-DD",
              help="Date the expression is resolved against (e.g. the article's).")
@click.option("--sentence", help="The sentence the expression comes from (its tense decides "
                                 "whether 'Friday' looks back or forward).")
@click.option("--mode", type=click.Choice(MODES), default="news", show_default=True)
@click.option("--json", "as_json", is_flag=True,
              help="Print the whole expression (span, type, value, mod, explanation).")
def normalize(expression: str, published: str | None, sentence: str | None, mode: str,
              as_json: bool) -> None:
    """Print the TIMEX3 value of one EXPRESSION, e.g. "in December" -> 2016-12."""
    from timeline.temporal import normalize as normalize_expression

    anchor = _parse_day(published, "--published")
    timex = normalize_expression(expression, published=anchor, sentence=sentence, mode=mode)
    if timex is None:
        raise TimelineError(f"no time expression recognized in {expression!r}")
    if as_json:
        click.echo(json.dumps(timex.to_dict(explain=True), ensure_ascii=False, indent=2))
    else:
        click.echo(timex.value)

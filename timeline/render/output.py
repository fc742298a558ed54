"""``write_output``: one build, one requested format, written atomically.

``site`` is a folder; every other format is one file (``-o FILE``, default
``timeline.<ext>``, or ``-o -`` for standard output). Either the new output replaces the old
one completely or, when anything fails, the old one is left exactly as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from timeline import __version__
from timeline.atomic import atomic_directory, write_bytes_atomic
from timeline.errors import InputError, TimelineError
from timeline.events.model import Event

if TYPE_CHECKING:
    from timeline.pipeline import BuildOptions, BuildReport

# format -> default output (a folder for the site, a file for the rest)
DEFAULT_OUTPUTS: dict[str, str] = {
    "site": "site",
    "fragment": "timeline.html",
    "json": "timeline.json",
    "timelinejs": "timeline.timelinejs.json",
    "csv": "timeline.csv",
    "ics": "timeline.ics",
    "markdown": "timeline.md",
    "svg": "timeline.svg",
    "png": "timeline.png",
}
FORMATS = tuple(DEFAULT_OUTPUTS)
STDOUT = Path("-")


def output_path(options: BuildOptions) -> Path:
    """Where a build writes: ``options.output``, except that a single-file format left on
    the site's default folder name gets its own default file name."""
    fmt = options.format
    if fmt not in DEFAULT_OUTPUTS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    output = Path(options.output) if options.output is not None else None
    if output is None or (fmt != "site" and output == Path(DEFAULT_OUTPUTS["site"])):
        return Path(DEFAULT_OUTPUTS[fmt])
    return output


def generated_from(options: BuildOptions, report: BuildReport | None) -> dict[str, Any]:
    """What the export was built from (as the user named it: no absolute paths added)."""
    info: dict[str, Any] = {"generator": f"timeline {__version__}"}
    if options.events_dir is not None:
        info["events"] = Path(options.events_dir).as_posix()
    else:
        info["sources"] = [Path(s).as_posix() for s in options.sources]
    if options.published is not None:
        info["published"] = options.published.isoformat()
    if report is not None:
        info["documents"] = report.documents
    return info


def render_output(events: Sequence[Event], options: BuildOptions,
                  report: BuildReport | None = None) -> bytes | dict[str, bytes]:
    """The output in memory: the site as {path: bytes}, any other format as bytes."""
    from timeline.render import exports

    fmt = options.format
    title, description = options.title, options.description
    if fmt == "site":
        from timeline.render.site import render_site

        return render_site(events, title=title, description=description,
                           base_url=options.base_url, group_by=options.group_by,
                           templates=options.templates, cache_dir=options.cache_dir)
    if fmt == "json":
        return exports.to_json(events, title=title, generated_from=generated_from(options, report))
    if fmt == "timelinejs":
        return exports.to_timelinejs(events, title=title, description=description)
    if fmt == "csv":
        return exports.to_csv(events)
    if fmt == "ics":
        return exports.to_ics(events, title=title)
    if fmt == "markdown":
        return exports.to_markdown(events, title=title, description=description)
    if fmt == "fragment":
        return _fragment(events, options).encode("utf-8")
    if fmt == "svg":
        from timeline.render.svg import render_svg

        return render_svg(events, title=title, description=description).encode("utf-8")
    if fmt == "png":
        from timeline.render.png import render_png

        return render_png(events, title=title, description=description)
    raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _fragment(events: Sequence[Event], options: BuildOptions) -> str:
    """The embeddable fragment (timeline.render.fragment, the embed helper's module)."""
    from timeline.render.fragment import render_fragment

    return render_fragment(events, title=options.title, templates=options.templates)


def write_output(events: Sequence[Event], options: BuildOptions,
                 report: BuildReport | None = None) -> Path:
    """Render ``events`` in ``options.format`` and write it atomically; returns the path."""
    target = output_path(options)
    if options.format == "site" and target == STDOUT:
        raise InputError("a site is a folder: give -o a folder, not '-'")
    rendered = render_output(events, options, report)  # everything in memory before writing
    try:
        if isinstance(rendered, dict):
            _check_not_a_source(target, options)
            from timeline.render.site import write_site

            with atomic_directory(target) as staging:
                write_site(rendered, staging, previous=target)
            return target
        if target == STDOUT:
            stream = sys.stdout.buffer
            stream.write(rendered)
            stream.flush()
            return target
        if target.is_dir():
            raise InputError(f"{target}: is a folder; --format {options.format} writes one file")
        write_bytes_atomic(target, rendered)
        return target
    except BrokenPipeError:
        raise
    except OSError as err:
        # Permission denied, disk full, read-only file system: one line, and the previous
        # output is intact (the temporary copy is removed).
        where = err.filename or target
        raise TimelineError(f"cannot write {where}: {err.strerror or err}") from None


def _check_not_a_source(target: Path, options: BuildOptions) -> None:
    """Refuse to replace a folder that holds the sources (or the current folder)."""
    resolved = target.resolve()
    if resolved == Path.cwd().resolve() or resolved == Path(resolved.anchor):
        raise InputError(f"{target}: refusing to replace this folder with the site; "
                         "give -o a folder of its own (default: site/)")
    for source in options.sources:
        src = Path(source).resolve()
        if src == resolved or src.is_relative_to(resolved):
            raise InputError(f"{target}: holds the sources ({source}); "
                             "give -o a folder of its own (default: site/)")
    if (target.is_dir() and any(target.iterdir())
            and not (target / "assets" / "timeline.css").is_file()):
        raise InputError(f"{target}: is not empty and is not a timeline site; refusing to "
                         "replace it (give -o a new folder or remove it first)")

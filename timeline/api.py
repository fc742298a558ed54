"""The Python API: build a timeline from articles or events, embed it, draw it.

    >>> from timeline.api import Timeline
    >>> tl = Timeline.from_sources("articles/", published="2017-09-24")
    >>> tl                      # in Jupyter: the timeline itself (_repr_html_)
    >>> html = tl.to_fragment() # paste into any page
    >>> tl.save("timeline.svg") # or .png, .html (fragment), .json

``render_fragment(events)`` is the same fragment as a plain function. Everything goes
through the same pipeline and templates as ``timeline build``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from timeline.errors import InputError
from timeline.events.model import Event
from timeline.pipeline import BuildOptions, BuildReport
from timeline.render.fragment import render_fragment

__all__ = ["Timeline", "render_fragment"]


def _as_date(value: date | str | None, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{what}: expected a date like 2017-09-24, got {value!r}") from None


@dataclass(frozen=True)
class Timeline:
    """An ordered, immutable set of events with a title; renders itself anywhere."""

    events: tuple[Event, ...] = ()
    title: str = "Timeline"
    description: str = ""
    report: BuildReport | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "events", tuple(sorted(self.events, key=lambda e: e.sort_key)))

    # ---- construction ------------------------------------------------------------

    @classmethod
    def from_events(cls, events: Iterable[Event], *, title: str = "Timeline",
                    description: str = "") -> Timeline:
        return cls(tuple(events), title=title, description=description)

    @classmethod
    def from_sources(
        cls,
        *sources: str | Path,
        published: date | str | None = None,
        mode: str = "news",
        title: str = "Timeline",
        description: str = "",
        tags: Sequence[str] = (),
        date_from: date | str | None = None,
        date_to: date | str | None = None,
        key_dates: int | None = None,
        corrections: str | Path | None = None,
        jobs: int | None = 1,
        cache_dir: str | Path | None = None,
    ) -> Timeline:
        """Read articles (files or folders of .md/.txt/.html) and extract their events,
        exactly as ``timeline build`` does. ``published`` dates the files that carry no
        date of their own."""
        from timeline.pipeline import collect_events

        if not sources:
            raise InputError("Timeline.from_sources: give at least one file or folder")
        options = BuildOptions(
            sources=[Path(s) for s in sources],
            published=_as_date(published, "published"),
            mode=mode,
            title=title,
            description=description,
            tags=tuple(tags),
            date_from=_as_date(date_from, "date_from"),
            date_to=_as_date(date_to, "date_to"),
            key_dates=key_dates,
            corrections=Path(corrections) if corrections else None,
            jobs=jobs,
            cache_dir=Path(cache_dir) if cache_dir else None,
            progress=False,
        )
        report = BuildReport()
        events = collect_events(options, report)
        return cls(tuple(events), title=title, description=description, report=report)

    @classmethod
    def from_json(cls, path_or_data: str | Path | dict[str, Any]) -> Timeline:
        """Load the JSON export (``timeline build --format json``)."""
        if isinstance(path_or_data, dict):
            data, where = path_or_data, "JSON data"
        else:
            where = str(path_or_data)
            try:
                data = json.loads(Path(path_or_data).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as err:
                raise InputError(f"{where}: cannot read: {err}") from None
            except json.JSONDecodeError as err:
                raise InputError(f"{where}:{err.lineno}: invalid JSON: {err.msg}") from None
        try:
            events = tuple(Event.from_dict(e) for e in data["events"])
        except (KeyError, TypeError, ValueError) as err:
            raise InputError(f"{where}: not a timeline JSON export ({err})") from None
        return cls(events, title=str(data.get("title") or "Timeline"),
                   description=str(data.get("description") or ""))

    # ---- views -------------------------------------------------------------------

    def filter(self, *, tags: Sequence[str] = (), date_from: date | str | None = None,
               date_to: date | str | None = None, key_only: bool = False) -> Timeline:
        """A new timeline with the events that carry any of ``tags`` and overlap the range."""
        lo = _as_date(date_from, "date_from")
        hi = _as_date(date_to, "date_to")
        wanted = {t.casefold() for t in tags}
        kept = [
            e for e in self.events
            if (not wanted or wanted & {t.casefold() for t in e.tags})
            and (lo is None or e.end >= lo)
            and (hi is None or e.start <= hi)
            and (not key_only or e.key)
        ]
        return Timeline(tuple(kept), title=self.title, description=self.description,
                        report=self.report)

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __getitem__(self, index: int) -> Event:
        return self.events[index]

    def __repr__(self) -> str:
        if not self.events:
            return f"<Timeline {self.title!r}: no events>"
        first, last = self.events[0].start, max(e.end for e in self.events)
        return (f"<Timeline {self.title!r}: {len(self.events)} events, "
                f"{first.isoformat()} to {last.isoformat()}>")

    # ---- output ------------------------------------------------------------------

    def to_fragment(self, **options: Any) -> str:
        """Self-contained HTML fragment (see :func:`timeline.render.fragment.render_fragment`)."""
        options.setdefault("title", self.title)
        return render_fragment(self.events, **options)

    def _repr_html_(self) -> str:
        # Notebooks show it under the cell: no page title, headings below the notebook's.
        return render_fragment(self.events, title=self.title, heading_level=3)

    def to_svg(self, *, width: int = 1200) -> str:
        from timeline.render.svg import render_svg

        return render_svg(self.events, title=self.title, description=self.description,
                          width=width)

    def to_png(self, *, width: int = 1200, scale: float = 2.0) -> bytes:
        from timeline.render.png import render_png

        return render_png(self.events, title=self.title, description=self.description,
                          width=width, scale=scale)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON schema: ``{"version": 1, "title", "events": [...]}``."""
        return {
            "version": 1,
            "title": self.title,
            "description": self.description,
            "events": [e.to_dict() for e in self.events],
        }

    def save(self, path: str | Path, format: str | None = None) -> Path:
        """Write the timeline; the format follows the suffix (.html fragment, .svg, .png,
        .json) unless given. The file is replaced atomically."""
        from timeline.atomic import write_bytes_atomic

        path = Path(path)
        fmt = (format or path.suffix.lstrip(".") or "").lower()
        if fmt in ("html", "htm", "fragment"):
            data = self.to_fragment().encode("utf-8")
        elif fmt == "svg":
            data = self.to_svg().encode("utf-8")
        elif fmt == "png":
            data = self.to_png()
        elif fmt == "json":
            data = (json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n").encode()
        else:
            raise InputError(f"{path}: unknown format {fmt!r} (use .html, .svg, .png or .json)")
        write_bytes_atomic(path, data)
        return path

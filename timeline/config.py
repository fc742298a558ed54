"""``timeline.toml``: project settings, so a build is one short command.

Looked up, in order: ``--config FILE``; ``timeline.toml`` in the current folder; beside
the first source (in the source folder itself, or next to a source file). Relative paths
in the file are relative to the file's folder. Command-line flags override it.

Example::

    title = "Libya: the air war"
    description = "US strikes in Libya, 2015-2017, from the desk's clippings"
    base_url = "https://example.org/libya/"
    sources = ["articles/"]
    published = 2017-09-24          # date for articles that carry none
    output = "site/"
    format = "site"                 # site | fragment | json | timelinejs | csv | ics | markdown | svg | png
    group_by = "auto"               # auto | year | none
    templates = "my-templates/"
    mode = "news"                   # news | narrative
    from = 2016-01-01
    to = 2017-12-31
    tags = ["libya"]
    key_dates = 12
    corrections = "timeline.corrections.yaml"
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from timeline.errors import InputError

CONFIG_NAME = "timeline.toml"

# TOML key -> BuildOptions field
KEYS: dict[str, str] = {
    "title": "title",
    "description": "description",
    "base_url": "base_url",
    "sources": "sources",
    "published": "published",
    "output": "output",
    "format": "format",
    "group_by": "group_by",
    "templates": "templates",
    "mode": "mode",
    "from": "date_from",
    "to": "date_to",
    "tags": "tags",
    "key_dates": "key_dates",
    "corrections": "corrections",
    "jobs": "jobs",
    "cache_dir": "cache_dir",
    "events": "events_dir",
}
_PATHS = {"output", "templates", "corrections", "cache_dir", "events"}
_STRINGS = {"title", "description", "base_url", "format", "group_by", "mode"}
_DATES = {"published", "from", "to"}
_CHOICES = {
    "group_by": ("auto", "year", "none"),
    "mode": ("news", "narrative"),
    "format": ("site", "fragment", "json", "timelinejs", "csv", "ics", "markdown", "svg",
               "png"),
}


def find_config(sources: Sequence[Path] = (), explicit: Path | None = None,
                cwd: Path | None = None) -> Path | None:
    """The config file a build uses, or None."""
    if explicit is not None:
        explicit = Path(explicit)
        if not explicit.is_file():
            raise InputError(f"{explicit}: config file not found")
        return explicit
    here = (cwd or Path.cwd()) / CONFIG_NAME
    if here.is_file():
        return here
    for source in sources[:1]:
        folder = Path(source) if Path(source).is_dir() else Path(source).parent
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def load_config(path: Path) -> dict[str, Any]:
    """Settings from a TOML file as BuildOptions field values (validated, paths resolved
    against the file's folder). Any problem is one line naming the file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not valid UTF-8 (byte offset {err.start})") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror or err})") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if match:
            message = message[: match.start()].strip()
            raise InputError(f"{path}:{match[1]}: invalid TOML: {message} "
                             f"(column {match[2]})") from None
        raise InputError(f"{path}: invalid TOML: {message}") from None
    # A [timeline] or [build] table is accepted too, for files shared with other tools.
    for table in ("timeline", "build"):
        if isinstance(raw.get(table), dict) and set(raw) == {table}:
            raw = raw[table]
    base = path.parent
    values: dict[str, Any] = {}
    for key, value in raw.items():
        where = f"{path}:{_line_of(text, key)}" if _line_of(text, key) else str(path)
        if key not in KEYS:
            known = ", ".join(sorted(KEYS))
            raise InputError(f"{where}: unknown setting {key!r} (known: {known})")
        values[KEYS[key]] = _convert(key, value, base, where)
    return values


def _convert(key: str, value: Any, base: Path, where: str) -> Any:
    def bad(expected: str) -> InputError:
        return InputError(f"{where}: {key} must be {expected}, not {value!r}")

    if key in _STRINGS:
        if not isinstance(value, str):
            raise bad("a string")
        if key in _CHOICES and value not in _CHOICES[key]:
            raise bad("one of " + ", ".join(_CHOICES[key]))
        return value
    if key in _PATHS:
        if not isinstance(value, str) or not value.strip():
            raise bad("a path (string)")
        return base / Path(value).expanduser()
    if key in _DATES:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise bad("a date (YYYY-MM-DD)") from None
        raise bad("a date (YYYY-MM-DD)")
    if key == "sources":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(
                isinstance(v, str) and v.strip() for v in items):
            raise bad("a path or a list of paths")
        return tuple(base / Path(v).expanduser() for v in items)
    if key == "tags":
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise bad("a tag or a list of tags")
        return tuple(v.strip() for v in items if v.strip())
    if key in ("key_dates", "jobs"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise bad("a positive whole number")
        return value
    raise bad("a known value")  # pragma: no cover - every key is handled above

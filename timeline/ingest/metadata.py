"""Article metadata from front matter and sidecar files, under one set of key names.

Front matter is YAML between ``---`` lines (or TOML between ``+++`` lines, as Hugo
writes it) at the very top of a file. A sidecar is ``<name>.yaml``/``.yml``/``.json``
beside the article, with the same keys. Both map onto :class:`Metadata` through
:func:`metadata_from_mapping`, which accepts the spellings that publishing tools use
(``date``/``published``/``pubdate``, ``source``/``publisher``/``author``, ``url``/``link``,
``tags``/``keywords`` as a list or a comma-separated string).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from timeline.ingest.dates import coerce_publication_date

# Key spellings, in order of preference within each field.
TITLE_KEYS = ("title", "headline", "name", "subject")
DATE_KEYS = (
    "date", "published", "pubdate", "publish_date", "published_at", "date_published",
    "datepublished", "publication_date", "created",
)
SOURCE_KEYS = ("source", "publisher", "outlet", "site", "site_name", "author", "authors", "byline")
URL_KEYS = ("url", "link", "canonical", "canonical_url", "permalink", "source_url")
TAG_KEYS = ("tags", "keywords", "categories", "topics")

SIDECAR_SUFFIXES = (".yaml", ".yml", ".json")

_FRONT_MATTER = {
    "---": re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S),
    "+++": re.compile(r"\A\+\+\+[ \t]*\n(.*?\n)?\+\+\+[ \t]*(?:\n|\Z)", re.S),
}


@dataclass
class Metadata:
    """What a file says about itself; every field may be missing."""

    title: str | None = None
    published: date | None = None
    published_text: str | None = None  # the raw value, for error messages
    source: str | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def fill_from(self, other: Metadata) -> None:
        """Take ``other``'s value for every field this one lacks (``self`` wins)."""
        self.title = self.title or other.title
        if self.published is None and other.published is not None:
            self.published = other.published
            self.published_text = other.published_text
        self.source = self.source or other.source
        self.url = self.url or other.url
        self.tags = self.tags or other.tags
        for key, value in other.extra.items():
            self.extra.setdefault(key, value)


class MetadataError(ValueError):
    """Front matter or a sidecar that cannot be read; ``line`` is 1-based in its file."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _text(value: Any) -> str | None:
    """A metadata value as one clean line of text (names may come as lists or dicts)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("title"))
    if isinstance(value, list | tuple):
        names = [t for t in (_text(v) for v in value) if t]
        return ", ".join(dict.fromkeys(names)) or None
    text = " ".join(str(value).split())
    return text or None


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    tags: list[str] = []
    for item in items:
        tag = _text(item)
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def metadata_from_mapping(mapping: dict[str, Any]) -> tuple[Metadata, list[str]]:
    """Map a front-matter/sidecar mapping onto :class:`Metadata`.

    Returns the metadata and a list of problems worth a warning (e.g. a ``date`` that is
    not a full day). Keys are case-insensitive; unknown keys go to ``extra``.
    """
    lowered = {str(k).strip().lower().replace("-", "_"): v for k, v in mapping.items()}
    problems: list[str] = []
    meta = Metadata()
    used: set[str] = set()

    def first(keys: tuple[str, ...]) -> tuple[str | None, Any]:
        for key in keys:
            if key in lowered and lowered[key] not in (None, "", [], {}):
                return key, lowered[key]
        return None, None

    key, value = first(TITLE_KEYS)
    if key:
        used.add(key)
        meta.title = _text(value)
    for date_key in DATE_KEYS:
        value = lowered.get(date_key)
        if value in (None, ""):
            continue
        used.add(date_key)
        parsed = coerce_publication_date(value)
        if parsed is not None:
            meta.published = parsed
            meta.published_text = str(value)
            break
        problems.append(f"{date_key}: {str(value)[:60]!r} is not a full date (want YYYY-MM-DD)")
    key, value = first(SOURCE_KEYS)
    if key:
        used.add(key)
        meta.source = _text(value)
    key, value = first(URL_KEYS)
    if key:
        used.add(key)
        meta.url = _text(value)
    tags: list[str] = []
    for tag_key in TAG_KEYS:
        if tag_key in lowered:
            used.add(tag_key)
            tags.extend(t for t in _tags(lowered[tag_key]) if t not in tags)
    meta.tags = tuple(tags)
    meta.extra = {k: v for k, v in lowered.items() if k not in used}
    return meta, problems


# The first line of a front-matter block names a key ("title:", 'title = ').
_FIRST_KEY = {
    "---": re.compile(r"[\"']?[A-Za-z_][\w\- .]*[\"']?[ \t]*:(?:[ \t]|$)", re.M),
    "+++": re.compile(r"[\"']?[A-Za-z_][\w\- .]*[\"']?[ \t]*=|\[", re.M),
}


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str, int]:
    """Separate front matter from the body.

    Returns ``(mapping or None, body, body_first_line)`` where ``body_first_line`` is the
    0-based line of the original text where the body starts. Raises :class:`MetadataError`
    (with the line in the file) when a front-matter block is present but invalid.
    """
    for fence, pattern in _FRONT_MATTER.items():
        if not text.startswith(fence):
            continue
        match = pattern.match(text)
        if not match:
            return None, text, 0
        raw = match.group(1) or ""
        if raw.strip() and not _FIRST_KEY[fence].match(raw.lstrip("\n")):
            # "---" then prose: a Markdown thematic break, not metadata.
            return None, text, 0
        body = text[match.end():]
        body_line = text.count("\n", 0, match.end())
        if fence == "---":
            mapping = _load_yaml(raw, first_line=2)
        else:
            try:
                mapping = tomllib.loads(raw)
            except tomllib.TOMLDecodeError as err:
                line = _toml_line(str(err))
                raise MetadataError(
                    f"invalid TOML front matter: {err}", (line + 1) if line else None
                ) from None
        if mapping is None:
            return {}, body, body_line
        if not isinstance(mapping, dict):
            raise MetadataError("front matter is not a mapping of keys to values", 2)
        return mapping, body, body_line
    return None, text, 0


_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_\- ]{0,30}[A-Za-z0-9_]):[ \t]*(.*)")


def split_header_block(text: str) -> tuple[dict[str, Any] | None, str]:
    """A MultiMarkdown/e-mail style header (``Title: ...``, ``Date: ...``, blank line).

    Only when *every* line before the first blank line is ``Key: value`` with a key this
    module knows (title, date, author, source, url, tags and their spellings): a text
    that merely starts with "Update: the bridge is closed" is prose, not metadata.
    Returns ``(mapping or None, body)``.
    """
    head, sep, body = text.partition("\n\n")
    if not sep or len(head) > 2000:
        return None, text
    known = set(TITLE_KEYS + DATE_KEYS + SOURCE_KEYS + URL_KEYS + TAG_KEYS)
    mapping: dict[str, Any] = {}
    for line in head.split("\n"):
        match = _HEADER_LINE.fullmatch(line.strip())
        if not match:
            return None, text
        key = match.group(1).strip().lower().replace("-", "_").replace(" ", "_")
        if key not in known or not match.group(2).strip():
            return None, text
        mapping[key] = match.group(2).strip()
    return mapping, body.lstrip("\n")


def _toml_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


# libyaml's safe loader when PyYAML was built with it (its wheels are): about seven times
# faster than the pure-Python loader, which was ~8% of a worker's time on a Markdown
# article with front matter, and the same values for every document both accept. Where it
# fails (or raises something other than a YAML error, as it does on some malformed
# !!timestamp values) the pure loader reads the block again, so errors and their lines are
# the pure loader's. (libyaml accepts a few tab placements the pure loader refuses.)
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _load_yaml(raw: str, first_line: int) -> Any:
    """Safe-load YAML; errors carry the line in the file (``first_line`` = line of raw[0])."""
    if _FAST_LOADER is not None:
        try:
            return yaml.load(raw, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader
        except Exception:  # noqa: BLE001 - read again below for the canonical error
            pass
    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        line = mark.line + first_line if mark is not None else None
        raise MetadataError(f"invalid YAML: {problem}", line) from None
    except (ValueError, TypeError, OverflowError) as err:
        # Well-formed YAML holding an impossible typed value ("date: 2017-02-30").
        line = _impossible_value_line(raw)
        raise MetadataError(f"invalid value in YAML: {err}",
                            None if line is None else line + first_line) from None


def _impossible_value_line(raw: str) -> int | None:
    """The 0-based line of the first scalar the safe loader cannot build, if any."""
    loader = yaml.SafeLoader(raw)
    try:
        stack = [loader.get_single_node()]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node, deep=True)
                except (ValueError, TypeError, OverflowError, yaml.YAMLError):
                    return node.start_mark.line
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                stack.extend(item for pair in reversed(node.value) for item in reversed(pair))
        return None
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def sidecar_for(path: Path) -> Path | None:
    """The sidecar file of an article, if one exists (``x.md.yaml`` before ``x.yaml``)."""
    candidates = []
    for suffix in SIDECAR_SUFFIXES:
        candidates.append(path.with_name(path.name + suffix))
    stem = path.name.split(".", 1)[0]
    for suffix in SIDECAR_SUFFIXES:
        candidates.append(path.with_name(stem + suffix))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def is_sidecar_name(name: str) -> bool:
    return name.lower().endswith(SIDECAR_SUFFIXES)


def read_sidecar(path: Path) -> dict[str, Any]:
    """The mapping in a sidecar file; :class:`MetadataError` when it is not one."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise MetadataError(f"cannot read ({_reason(err)})") from None
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as err:
            raise MetadataError(f"invalid JSON: {err.msg}", err.lineno) from None
    else:
        data = _load_yaml(raw, first_line=1)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise MetadataError("not a mapping of keys to values", 1)
    return data


def _reason(err: Exception) -> str:
    if isinstance(err, UnicodeDecodeError):
        return f"not valid UTF-8 (byte 0x{err.object[err.start]:02x} at offset {err.start})"
    if isinstance(err, OSError):
        return err.strerror or type(err).__name__
    return str(err)

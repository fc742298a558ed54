"""Which files a build reads: the articles under the sources the user named, in a fixed order.

Folders are walked recursively in sorted order (so two runs read the same files in the same
order on any file system). Hidden files and folders, a built ``site/``, the cache folder,
``timeline.toml``, ``timeline.corrections.yaml`` and sidecar files are not articles.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from timeline.errors import InputError

#: File name endings read as articles (``.htm.txt`` is Timeline17's plain text).
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
SKIPPED_DIRS = frozenset({"site", ".timeline-cache", "__pycache__", "node_modules"})
SKIPPED_FILES = frozenset({"timeline.toml", "timeline.corrections.yaml", "timeline.corrections.yml"})


@dataclass(frozen=True, slots=True)
class SourceFile:
    """An article file and the name it goes by (``Document.path``)."""

    path: Path  # where to read it
    root: Path | None  # the source folder the user named (None for a file named directly)
    name: str  # posix path relative to ``root`` (or the file name): the document's identity


def body_format_of(path: Path | str) -> str:
    """``markdown`` | ``html`` | ``text`` from the file name."""
    name = str(path).lower()
    if name.endswith((".md", ".markdown")):
        return "markdown"
    if name.endswith((".html", ".htm")):
        return "html"
    return "text"


def is_article_name(name: str) -> bool:
    lowered = name.lower()
    return (
        lowered.endswith(ARTICLE_SUFFIXES)
        and not name.startswith(".")
        and lowered not in SKIPPED_FILES
    )


def _walk(root: Path) -> Iterator[tuple[str, str]]:
    """``(path, posix name relative to root)`` of every article under ``root``, sorted.

    Strings, not Paths: a rebuild lists every file of the archive again, and building
    and relativizing a Path per file cost more than the rest of the listing."""
    top = os.fspath(root)
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS
        )
        rel = os.path.relpath(dirpath, top)
        prefix = "" if rel == os.curdir else rel.replace(os.sep, "/") + "/"
        for filename in sorted(filenames):
            if is_article_name(filename):
                yield os.path.join(dirpath, filename), prefix + filename


def iter_source_files(sources: Sequence[Path | str]) -> Iterator[SourceFile]:
    """The article files of ``sources`` in a deterministic order, each once.

    A folder yields its articles (recursively); a file named directly is read whatever
    its folder, and must have an article suffix. Raises :class:`InputError` for a source
    that does not exist or a file of a type we do not read. When two folders hold files
    with the same relative name, the later one is named ``<folder>/<name>`` so that
    document identities stay distinct.
    """
    seen_files: set[str] = set()
    names: set[str] = set()
    for source in sources:
        source = Path(source)
        if not source.exists():
            raise InputError(f"{source}: no such file or folder")
        if source.is_dir():
            root: Path | None = source
            # The absolute path of a walked file is its folder's plus its name (the walk
            # yields plain names, never "." or ".."): one abspath per source, not per file.
            base = os.path.join(os.path.abspath(source), "")
            entries = ((path, name, base + name.replace("/", os.sep))
                       for path, name in _walk(source))
        else:
            if not source.name.lower().endswith(ARTICLE_SUFFIXES):
                raise InputError(
                    f"{source}: not an article file (expected one of "
                    f"{', '.join(ARTICLE_SUFFIXES)})"
                )
            root = None
            entries = iter([(os.fspath(source), source.name, os.path.abspath(source))])
        for path_text, name, key in entries:
            if key in seen_files:
                continue
            seen_files.add(key)
            path = Path(path_text)
            if name in names:
                prefix = (root.resolve().name if root is not None else
                          path.resolve().parent.name) or "source"
                name = f"{prefix}/{name}"
                while name in names:
                    name = f"_/{name}"
            names.add(name)
            yield SourceFile(path, root, name)


def list_source_files(sources: Sequence[Path | str]) -> list[Path]:
    """All article files of ``sources`` (cheap: no file is opened), for progress totals."""
    return [f.path for f in iter_source_files(sources)]

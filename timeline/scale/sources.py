"""The engines' view of ingest: the list of files to read, and reading one of them.

The parent lists files (cheap: nothing is opened); workers read them. Semantics are
ingest's own (:func:`timeline.ingest.iter_documents`): unreadable files are warnings,
undated files are collected and reported together at the end, an empty source list is
an error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from timeline.errors import InputError
from timeline.ingest import (
    Document,
    SourceFile,
    iter_source_files,
    read_document,
)
from timeline.ingest import undated_error as _undated_error


def source_tasks(sources: Sequence[Path | str], absolute: bool = False) -> list[SourceFile]:
    """Every article file of ``sources`` in ingest's deterministic order.

    ``absolute`` makes paths absolute (Dask workers may run in another directory).
    """
    from timeline.scale.gcpause import gc_paused

    with gc_paused(freeze=True):  # the list lives until the build ends
        tasks = list(iter_source_files(sources))
    if not tasks:
        names = " ".join(str(s) for s in sources) or "(no sources)"
        raise InputError(f"no article files (.md, .markdown, .txt, .html, .htm) in {names}")
    if absolute:
        tasks = [replace(t, path=Path(os.path.abspath(t.path)),
                         root=Path(os.path.abspath(t.root)) if t.root is not None else None)
                 for t in tasks]
    return tasks


def read_one(source: SourceFile, published: date | None,
             warn: Callable[[str], None]) -> Document:
    """Read one file (raises ingest's UnreadableFileError / UndatedDocumentError)."""
    document = read_document(source.path, source.root, published, name=source.name)
    for message in document.extra.get("warnings", ()):
        warn(message)
    return document


def undated_error(names: Sequence[str]) -> InputError:
    return _undated_error(list(names))

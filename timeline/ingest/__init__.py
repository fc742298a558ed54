"""Ingest: read documents (text, Markdown, HTML) and their publication dates.

Public API::

    iter_documents(sources, published=None, on_warning=None) -> Iterator[Document]
    list_source_files(sources) -> list[Path]
    iter_source_files(sources) -> Iterator[SourceFile]   # path, root, name (for workers)
    read_document(path, root=None, published=None, *, name=None) -> Document
    read_publication_date(path) -> (date | None, published_from)
"""

from timeline.ingest.document import Document
from timeline.ingest.reader import (
    UndatedDocumentError,
    UnreadableFileError,
    iter_documents,
    read_document,
    read_publication_date,
    undated_error,
)
from timeline.ingest.sources import SourceFile, iter_source_files, list_source_files

__all__ = [
    "Document",
    "SourceFile",
    "UndatedDocumentError",
    "UnreadableFileError",
    "iter_documents",
    "iter_source_files",
    "list_source_files",
    "read_document",
    "read_publication_date",
    "undated_error",
]

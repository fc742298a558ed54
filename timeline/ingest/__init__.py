"""Ingest: read documents (text, Markdown, HTML) and their publication dates."""

from timeline.ingest.document import Document

__all__ = ["Document"]

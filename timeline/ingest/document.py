"""A source document as the rest of the pipeline sees it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Document:
    """One article or report, with its plain text and metadata.

    ``text`` is the plain text that the tagger reads (front matter removed, HTML reduced
    to its article text); character offsets of expressions and events refer to it.
    ``body`` keeps the original body (Markdown/HTML/text) for rendering.
    """

    path: str  # identity: path relative to the source root given by the user (posix)
    text: str
    title: str
    published: date | None
    published_from: str = "none"  # front-matter | meta | json-ld | time-tag | sidecar | path | flag | none
    source: str | None = None  # outlet / author / publisher name
    url: str | None = None
    tags: tuple[str, ...] = ()
    body_format: str = "text"  # text | markdown | html
    body: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def content_hash(self) -> str:
        """Stable hash of what determines the extracted events (cache key)."""
        h = hashlib.sha256()
        for part in (self.path, self.text, self.title, str(self.published), self.source or "",
                     self.url or "", "\x1f".join(self.tags)):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()

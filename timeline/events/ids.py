"""Stable event ids, derived from content so they survive rebuilds.

An id depends only on: the document's identity (its URL when it has one, else its path
relative to the source folder), the sentence (whitespace-normalized, case-folded), the
TIMEX3 value, and which occurrence of that value in the sentence it is. Adding, removing
or editing *other* documents, or editing other sentences of the same document, leaves an
id unchanged, so corrections keyed by id stay attached to their event.
"""

from __future__ import annotations

import hashlib

ID_LENGTH = 12  # hex characters of sha256: 48 bits, no collision in any realistic corpus


def normalize_text(text: str) -> str:
    """Whitespace runs to one space, ends stripped (what an event's ``text`` holds)."""
    return " ".join(text.split())


def event_id(document_identity: str, sentence: str, value: str, occurrence: int = 0) -> str:
    """The id of the event that ``sentence`` of a document dates at ``value``."""
    key = "\x1f".join((document_identity, normalize_text(sentence).casefold(), value,
                       str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:ID_LENGTH]

"""Markdown bodies: the plain text the tagger reads, and the first heading for a title.

The body goes through python-markdown (the renderer's parser, so both agree on what is a
paragraph) and then through the HTML text extractor: markup is stripped, soft-wrapped lines
join into one paragraph, block elements become paragraph breaks, and code blocks are left
out (code is not prose, and a date in it is not an event).
"""

from __future__ import annotations

import re
import threading

import markdown

from timeline.ingest.html import parse_html

_EXTENSIONS = ["extra", "sane_lists"]
_local = threading.local()

_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
_SETEXT_HEADING = re.compile(r"^ {0,3}(\S[^\n]*)\n {0,3}(=+|-+)[ \t]*$", re.M)
_INLINE_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`]+")


def _converter() -> markdown.Markdown:
    # One converter per thread: python-markdown instances keep state between calls.
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
        _local.md = md
    return md


def markdown_to_text(body: str) -> str:
    """Plain text of a Markdown body, paragraphs separated by blank lines."""
    md = _converter()
    try:
        rendered = md.reset().convert(body)
    except RecursionError:  # pathological nesting: fall back to the source text
        return body
    page = parse_html(rendered)
    return "\n\n".join(b.text for b in page.blocks if b.kind != "pre")


def first_heading(body: str) -> str | None:
    """The first Markdown heading (ATX ``# Title`` or setext), markup stripped."""
    candidates = []
    atx = _ATX_HEADING.search(body)
    if atx:
        candidates.append((atx.start(), atx.group(1)))
    setext = _SETEXT_HEADING.search(body)
    if setext and setext.group(2).startswith("=") or setext and len(setext.group(2)) >= 2:
        candidates.append((setext.start(), setext.group(1)))
    if not candidates:
        return None
    heading = min(candidates)[1]
    heading = _INLINE_MARKUP.sub(lambda m: m.group(1) or "", heading)
    return " ".join(heading.split()) or None

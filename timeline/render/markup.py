"""Untrusted text to safe HTML: the only place where article content becomes markup.

Everything else in the templates is autoescaped. Markdown bodies (manual entries, editor
notes) go through python-markdown and then nh3 (an allow-list HTML sanitizer), so a
``<script>`` or a ``javascript:`` link in an article never reaches a page as code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup

# Schemes a reader can safely follow. Anything else (javascript:, data:, vbscript:, file:)
# is dropped: the source is still named, just not linked.
SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "dd", "del", "dl", "dt", "em",
    "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "q", "s", "small", "strong",
    "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}


_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")


@lru_cache(maxsize=65536)  # an archive cites the same few thousand URLs over and over
def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s)/mailto URL (or a relative path), else None."""
    if not url:
        return None
    url = url.strip()
    # Browsers ignore ASCII control characters and whitespace inside schemes
    # ("java\tscript:"), so strip them before looking at the scheme.
    compact = _IGNORED_IN_URLS.sub("", url)
    try:
        parts = urlsplit(compact)
    except ValueError:
        return None
    if parts.scheme:
        return url if parts.scheme.lower() in SAFE_URL_SCHEMES else None
    if compact.startswith("//") or ":" in compact.split("/", 1)[0]:
        return None
    return url


def render_markdown(text: str | None) -> Markup:
    """Markdown -> sanitized HTML, safe to insert into a page."""
    if not text or not text.strip():
        return Markup("")
    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(clean)


def split_highlight(text: str, span: tuple[int, int] | None) -> tuple[str, str, str]:
    """(before, expression, after) of ``text`` for a highlight span; the expression is
    empty when the span is missing or does not fit the text."""
    if span is None:
        return text, "", ""
    start, end = span
    if not (0 <= start < end <= len(text)):
        return text, "", ""
    return text[:start], text[start:end], text[end:]

"""HTML pages: article text without boilerplate, and the metadata publishers put in the head.

One pass of the standard library's ``html.parser`` (no network, no scripts run). Text
inside navigation, headers, footers, asides, forms, scripts, styles, comments and elements
marked as such (``role="navigation"``, ``hidden``) is dropped. Elements whose class or
id names page furniture (``class="share-tools"``, ``id="related"``) are dropped too,
unless they hold a large part of the page's text: layout wrappers such as
``<div class="content has-sidebar">`` must not take the article with them.
When the page has an ``<article>`` (the one holding the most text) or a ``<main>``, only
its text is kept. Block elements become paragraph breaks, ``<br>`` a line break, and
entities are decoded.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

# Elements whose content is never article text.
_DROP = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "nav", "header", "footer",
    "aside", "form", "button", "select", "textarea", "iframe", "object", "embed", "canvas",
    "figure", "dialog", "menu", "head",
})
_ROLES_DROPPED = frozenset({
    "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
    "toolbar", "dialog", "alert",
})
# class/id words that mark page furniture; matched as whole words of the attribute.
_FURNITURE = frozenset({
    "nav", "navbar", "menu", "sidebar", "footer", "breadcrumb", "breadcrumbs", "share",
    "sharing", "social", "related", "promo", "advert", "advertisement", "ad", "ads",
    "cookie", "cookies", "newsletter", "subscribe", "subscription", "comments", "paywall",
    "popup", "modal", "byline", "skip", "hidden", "offscreen", "visuallyhidden", "sr",
    "caption", "credit", "toolbar", "masthead",
})
_BLOCK = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul",
    "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "thead", "tbody", "tfoot",
    "tr", "address", "hr", "body", "html", "center", "details", "summary", "caption",
    "figcaption", "fieldset", "legend",
})
# When the largest of three or more <article> elements holds less than this share of their
# text, the page is a live blog (one <article> per post) and all of them are kept.
LIVE_BLOG_SHARE = 0.4
# A furniture-named element holding at least this share of the page's text is content.
FURNITURE_SHARE = 0.3
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen",
})
_CELLS = frozenset({"td", "th"})
_RUNNING_TEXT = frozenset({"p", "li", "td", "th", "blockquote", "dd", "figcaption", "pre"})
_WORD_SPLIT = re.compile(r"[\s_\-]+")
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass
class Block:
    """A paragraph of text with where it sat in the page."""

    text: str
    kind: str  # "p" | "h1".."h6" | "pre" | "li"
    article: int | None  # index of the outermost <article> holding it
    in_main: bool
    furniture: tuple[int, ...] = ()  # indexes of the furniture-named elements holding it


@dataclass
class HtmlPage:
    """What the parser found: metadata candidates and the article text."""

    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # lower-cased name/property -> content
    canonical: str | None = None
    # <time datetime> of the page: (value, marked pubdate/itemprop="datePublished", inside
    # running text such as a paragraph, where it is a date mentioned, not the page's date)
    times: list[tuple[str, bool, bool]] = field(default_factory=list)
    json_ld: list[dict[str, Any]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    declared_charset: str | None = None
    tags: list[str] = field(default_factory=list)  # <meta property="article:tag"> (repeatable)

    @property
    def content_blocks(self) -> list[Block]:
        """Blocks minus furniture-named elements that hold only a small part of the text."""
        total = sum(len(b.text) for b in self.blocks)
        sizes: dict[int, int] = {}
        for block in self.blocks:
            for index in block.furniture:
                sizes[index] = sizes.get(index, 0) + len(block.text)
        return [b for b in self.blocks
                if all(sizes[i] >= FURNITURE_SHARE * total for i in b.furniture)]

    @property
    def article_blocks(self) -> list[Block]:
        """The blocks of the main article: largest <article> (all of them on a live blog),
        else <main>, else all."""
        blocks = self.content_blocks
        sizes: dict[int, int] = {}
        for block in blocks:
            if block.article is not None:
                sizes[block.article] = sizes.get(block.article, 0) + len(block.text)
        if sizes:
            best = min(sizes, key=lambda k: (-sizes[k], k))
            if len(sizes) >= 3 and sizes[best] < LIVE_BLOG_SHARE * sum(sizes.values()):
                # Many articles, none dominant: a live blog whose posts are <article>s.
                return [b for b in blocks if b.article is not None]
            return [b for b in blocks if b.article == best]
        if any(b.in_main for b in blocks):
            return [b for b in blocks if b.in_main]
        return blocks

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.article_blocks)

    @property
    def first_heading(self) -> str | None:
        for block in self.article_blocks:
            if block.kind in _HEADINGS:
                return block.text
        return None

    @property
    def clean_html(self) -> str:
        """The article as minimal, escaped HTML (paragraphs and headings only)."""
        parts = []
        for block in self.article_blocks:
            tag = block.kind if block.kind in _HEADINGS else "p"
            inner = html.escape(block.text).replace("\n", "<br>\n")
            parts.append(f"<{tag}>{inner}</{tag}>")
        return "\n".join(parts)


@dataclass
class _Open:
    tag: str
    drop: bool
    article: int | None
    furniture: int | None = None  # the furniture index this element opened, if any


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = HtmlPage()
        self.stack: list[_Open] = []
        self.dropping = 0
        self.furniture: tuple[int, ...] = ()
        self.furnitures = 0
        self.articles = 0
        self.article: int | None = None
        self.main_depth = 0
        self.pre_depth = 0
        self.buffer: list[str] = []
        self.buffer_kind = "p"
        self.title_parts: list[str] | None = None
        self.script_type: str | None = None
        self.script_parts: list[str] = []

    # --- structure ---------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        self._metadata(tag, a)
        if tag in _VOID:
            if tag == "br" and not self.dropping:
                self.buffer.append("\n")
            elif tag == "hr" and not self.dropping:
                self._flush()
            return
        drop = self._is_dropped(tag, a)
        opened_furniture = None
        if not drop and self._is_furniture(tag, a):
            self._flush()
            opened_furniture = self.furnitures
            self.furniture = (*self.furniture, self.furnitures)
            self.furnitures += 1
        if tag in _BLOCK:
            self._flush()
            if tag in _HEADINGS or tag in ("li", "pre"):
                self.buffer_kind = tag
        if tag == "tr":
            self._flush()
        article = self.article
        if tag == "article" and self.article is None and not self.dropping and not drop:
            self.article = self.articles
            self.articles += 1
        if tag == "main" and not drop:
            self.main_depth += 1
        if tag == "pre":
            self.pre_depth += 1
        if tag in _CELLS and self.buffer:
            self.buffer.append(" ")
        self.stack.append(_Open(tag, drop, article, opened_furniture))
        if drop:
            self.dropping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script_type is not None:
            self._json_ld("".join(self.script_parts))
            self.script_type = None
            self.script_parts = []
        if tag == "title" and self.title_parts is not None:
            self.page.title = _clean(" ".join(self.title_parts)) or None
            self.title_parts = None
        if not any(o.tag == tag for o in self.stack):
            return  # a stray end tag: ignore it, as browsers do
        while self.stack:
            opened = self.stack.pop()
            self._close(opened)
            if opened.tag == tag:
                break

    def _close(self, opened: _Open) -> None:
        if opened.tag in _BLOCK:
            self._flush()
        if opened.drop:
            self.dropping -= 1
        if opened.furniture is not None:
            self._flush()
            self.furniture = tuple(i for i in self.furniture if i != opened.furniture)
        if opened.tag == "main" and not opened.drop:
            self.main_depth = max(0, self.main_depth - 1)
        if opened.tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        if opened.tag == "article":
            self.article = opened.article

    def handle_data(self, data: str) -> None:
        if self.title_parts is not None:
            self.title_parts.append(data)
            return
        if self.script_type is not None:
            self.script_parts.append(data)
            return
        if not self.dropping:
            # Newlines in the source are spaces (soft wraps); only <br> breaks a line.
            self.buffer.append(data if self.pre_depth else _SPACES.sub(" ", data))

    def close(self) -> None:
        super().close()
        while self.stack:
            self._close(self.stack.pop())
        self._flush()

    def _flush(self) -> None:
        if self.buffer:
            raw = "".join(self.buffer)
            if self.buffer_kind == "pre":
                text = "\n".join(_clean(line) for line in raw.split("\n")).strip("\n")
            else:
                text = "\n".join(filter(None, (_clean(line) for line in raw.split("\n"))))
            if text:
                self.page.blocks.append(Block(text, self.buffer_kind, self.article,
                                              self.main_depth > 0, self.furniture))
        self.buffer = []
        self.buffer_kind = "pre" if self.pre_depth else "p"

    def _is_dropped(self, tag: str, a: dict[str, str]) -> bool:
        if tag in _DROP:
            return True
        if "hidden" in a or a.get("aria-hidden", "").lower() == "true":
            return True
        return a.get("role", "").lower() in _ROLES_DROPPED

    def _is_furniture(self, tag: str, a: dict[str, str]) -> bool:
        if tag in ("article", "main", "body", "html"):
            return False
        words = set(_WORD_SPLIT.split((a.get("class", "") + " " + a.get("id", "")).lower()))
        return bool(words & _FURNITURE)

    # --- metadata ----------------------------------------------------------------
    def _metadata(self, tag: str, a: dict[str, str]) -> None:
        if tag == "title" and self.page.title is None and not self.stack_has("svg"):
            self.title_parts = []
        elif tag == "meta":
            if "charset" in a and not self.page.declared_charset:
                self.page.declared_charset = a["charset"].strip().lower()
            elif a.get("http-equiv", "").lower() == "content-type":
                match = re.search(r"charset=([\w.:-]+)", a.get("content", ""), re.I)
                if match and not self.page.declared_charset:
                    self.page.declared_charset = match.group(1).lower()
            content = a.get("content")
            if content is None:
                return
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = a.get(attr, "").strip().lower()
                if key == "article:tag" and content.strip():
                    self.page.tags.append(content.strip())
                if key and key not in self.page.meta:
                    self.page.meta[key] = content.strip()
        elif tag == "link":
            rels = a.get("rel", "").lower().split()
            if "canonical" in rels and a.get("href") and not self.page.canonical:
                self.page.canonical = a["href"].strip()
        elif tag == "time":
            value = a.get("datetime", "").strip()
            if value:
                marked = "pubdate" in a or a.get("itemprop", "").lower() == "datepublished"
                in_text = any(o.tag in _RUNNING_TEXT for o in self.stack)
                self.page.times.append((value, marked, in_text))
        elif tag == "script":
            if a.get("type", "").strip().lower() == "application/ld+json":
                self.script_type = "ld+json"
                self.script_parts = []

    def stack_has(self, tag: str) -> bool:
        return any(o.tag == tag for o in self.stack)

    def _json_ld(self, raw: str) -> None:
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except (ValueError, RecursionError):
            return  # broken JSON-LD is common on the web; the other metadata still counts
        self.page.json_ld.extend(_json_ld_objects(data))


def _json_ld_objects(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Flatten JSON-LD into its objects (top-level lists and @graph included)."""
    if depth > 4:
        return []
    if isinstance(data, list):
        return [o for item in data for o in _json_ld_objects(item, depth + 1)]
    if not isinstance(data, dict):
        return []
    found = [data]
    if "@graph" in data:
        found.extend(_json_ld_objects(data["@graph"], depth + 1))
    return found


_ARTICLE_TYPES = ("newsarticle", "article", "reportagenewsarticle", "blogposting",
                  "analysisnewsarticle", "report", "webpage", "liveblogposting")


def json_ld_article(page: HtmlPage) -> dict[str, Any] | None:
    """The JSON-LD object describing the article (an Article type first, then any dated one)."""
    def types(obj: dict[str, Any]) -> list[str]:
        value = obj.get("@type", [])
        return [str(t).lower() for t in (value if isinstance(value, list) else [value])]

    for wanted in _ARTICLE_TYPES:
        for obj in page.json_ld:
            if wanted in types(obj):
                return obj
    for obj in page.json_ld:
        if "datePublished" in obj:
            return obj
    return None


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def parse_html(source: str) -> HtmlPage:
    """Parse a page; never raises on malformed HTML (it keeps whatever text it found)."""
    parser = _PageParser()
    try:
        parser.feed(source)
        parser.close()
    except (AssertionError, ValueError, IndexError):  # pathological markup
        parser._flush()
    return parser.page


_CHARSET_SNIFF = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)


def sniff_charset(raw: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (for pages that are not UTF-8)."""
    match = _CHARSET_SNIFF.search(raw[:4096])
    return match.group(1).decode("ascii", "replace").lower() if match else None

"""MkDocs plugin: a timeline of your articles (and of the docs' own dated pages) in a site.

    # mkdocs.yml
    plugins:
      - search
      - timeline:
          sources: [articles/]          # files or folders, relative to mkdocs.yml
          published: 2017-09-24         # date for articles that carry none
          title: Air strikes in Libya
          pages: ["blog/posts/*.md", changelog.md]   # docs pages that are sources too

A page places the timeline with a line of its own::

    ::timeline::
    ::timeline tag=libya from=2016-01-01 to=2017-12-31::
    ::timeline key=true title="Key dates"::

Filters: ``tag`` (comma-separated, any of), ``from``/``to`` (ISO dates, overlap),
``key=true`` (key dates only), ``title`` (a caption above it), ``headings`` (level of the
year headings). Where no page places it, the plugin adds the page ``timeline/`` holding
the whole timeline (``page: false`` turns that off). A placeholder inside a code block is
left alone, so the docs can show the syntax.

Docs pages matched by ``pages`` are sources too: a page with a ``date:`` in its front
matter (a blog post) is read like an article; a page with dated headings
(``## 2017-09-22``, ``## [1.2.0] - 2024-01-05``) gives one entry per heading, linked to it.

Events are collected once per build (not per page); ``mkdocs serve`` watches the sources
and rebuilds when an article changes. Extracted events are cached per article in
``.timeline-cache/`` beside mkdocs.yml (``cache_dir``; ``cache_dir: false`` for none), so a
rebuild only reads the articles that changed. The events a build collected, the stylesheet
and each placed timeline's HTML are kept there too (``mkdocs-render/``), keyed by everything
they are made of (source bytes, settings, code, templates), so a rebuild whose inputs did
not change neither collects nor renders again and gives the same bytes. The stylesheet and the optional search script are
added to the site (``assets/timeline/``), and fenced ``timeline`` blocks
(:mod:`timeline.markdown`) work in every page.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import os
import re
import shlex
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from timeline.errors import TimelineError
from timeline.events.model import Event, SourceRef

log = get_plugin_logger(__name__)

CSS_PATH = "assets/timeline/timeline.css"
JS_PATH = "assets/timeline/timeline.js"
_PLACEHOLDER = re.compile(r"^[ ]{0,3}::timeline(?P<args>(?:[ \t][^\n]*?)?)::[ \t]*$")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_FILTERS = ("tag", "tags", "from", "to", "key", "title", "headings")
_DATED_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t#]*$")
_ISO_DAY = re.compile(r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d-])")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.S)
# Wrapped in <p> by Markdown and swapped for the timeline after rendering.
_MARKER = "TLPLUGINTIMELINE{}X"
_HEADING_ID = re.compile(r"<h[1-6][^>]*\sid=\"([^\"]+)\"")
_MARKER_RE = re.compile(r"(?:<p>\s*)?TLPLUGINTIMELINE(\d+)X(?:\s*</p>)?")
# Rendered timelines, one JSON file each, under the cache dir. Unused files are pruned once
# they outnumber the used ones by this factor plus this many.
_RENDER_DIR = "mkdocs-render"
_EVENTS_FILE = "events.json"  # the events collected by the last build, with their key
# timeline.editorial.corrections.DEFAULT_FILENAME, named here so that a warm rebuild need
# not import the editorial layer to key its events (a test keeps the two equal).
_CORRECTIONS_FILENAME = "timeline.corrections.yaml"
_RENDER_PRUNE_RATIO = 4
_RENDER_PRUNE_SLACK = 32


class _DateOption(c.Optional):
    """A date in mkdocs.yml: YAML gives a date for 2017-09-24, a string for anything else."""

    def __init__(self) -> None:
        super().__init__(c.Type((str, date)))

    def run_validation(self, value: object) -> date | None:
        value = super().run_validation(value)
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise c.ValidationError(f"expected a date like 2017-09-24, got {value!r}") from None


class _ListOfStrings(c.Type):
    """A string or a list of strings."""

    def __init__(self) -> None:
        super().__init__((str, list), default=[])

    def run_validation(self, value: object) -> list[str]:
        value = super().run_validation(value)
        items = [value] if isinstance(value, str) else value
        if not all(isinstance(i, str) for i in items):
            raise c.ValidationError(f"expected a string or a list of strings, got {value!r}")
        return list(items)


class TimelinePluginConfig(base.Config):
    sources = _ListOfStrings()
    published = _DateOption()
    title = c.Type(str, default="Timeline")
    description = c.Type(str, default="")
    tags = _ListOfStrings()
    # "from" is a Python keyword: set through the class namespace, read as config["from"].
    locals()["from"] = _DateOption()
    to = _DateOption()
    key_dates = c.Optional(c.Type(int))
    corrections = c.Optional(c.Type(str))
    mode = c.Choice(("news", "narrative"), default="news")
    pages = _ListOfStrings()
    page = c.Type((str, bool), default="timeline.md")
    heading_level = c.Type(int, default=2)
    search = c.Type(bool, default=True)
    # The incremental cache (timeline.scale): a rebuild re-reads only the articles that
    # changed, so `mkdocs serve` and repeated builds stay fast. false: no cache.
    cache_dir = c.Type((str, bool), default=".timeline-cache")


class TimelinePlugin(BasePlugin[TimelinePluginConfig]):
    """Collects the events once per build and renders them wherever a page asks."""

    def __init__(self) -> None:
        self._events: list[Event] | None = None
        self._page_files: dict[str, File] = {}
        self._placements: dict[str, list[dict[str, str]]] = {}
        self._watch: list[Path] = []
        self._render_dir: Path | None = None
        self._render_fingerprint: str | None = None
        self._renders_used: set[str] = set()

    # Defining on_startup keeps one plugin instance across `mkdocs serve` rebuilds, so
    # every per-build cache is reset in on_config.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        del command, dirty  # nothing to keep: the hook's presence is what matters

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._events = None
        self._page_files = {}
        self._placements = {}
        root = Path(config.config_file_path or ".").resolve().parent
        self._root = root
        self._cache_dir = (Path(root, self.config.cache_dir)
                           if isinstance(self.config.cache_dir, str) and self.config.cache_dir
                           else None)
        self._render_dir = self._cache_dir / _RENDER_DIR if self._cache_dir else None
        self._render_fingerprint = None  # templates or code may change under `mkdocs serve`
        self._renders_used = set()
        self._sources = [self._resolve(root, s, "sources") for s in self.config.sources]
        self._corrections = (self._resolve(root, self.config.corrections, "corrections")
                             if self.config.corrections else None)
        self._watch = self._sources + ([self._corrections] if self._corrections else [])
        if not 1 <= self.config.heading_level <= 5:
            raise PluginError("timeline: heading_level must be between 1 and 5")
        if CSS_PATH not in [str(x) for x in config.extra_css]:
            config.extra_css.append(CSS_PATH)
        if self.config.search and JS_PATH not in [str(x) for x in config.extra_javascript]:
            config.extra_javascript.append(JS_PATH)
        self._enable_markdown_blocks(config)
        return config

    @staticmethod
    def _resolve(root: Path, value: str, what: str) -> Path:
        path = (root / value).resolve()
        if not path.exists():
            raise PluginError(f"timeline: {what}: {value} not found (relative to {root})")
        return path

    def _enable_markdown_blocks(self, config: MkDocsConfig) -> None:
        """Fenced ``timeline`` blocks in every page; the site already loads the CSS."""
        from timeline.markdown import TimelineExtension

        names = [e if isinstance(e, str) else type(e).__name__ for e in config.markdown_extensions]
        if "timeline" in names or "timeline.markdown" in names:
            for name in ("timeline", "timeline.markdown"):
                if name in names:
                    config.mdx_configs.setdefault(name, {}).setdefault("inline_css", False)
            return
        if "TimelineExtension" in names:
            return
        published = self.config.published.isoformat() if self.config.published else ""
        config.markdown_extensions.append(
            TimelineExtension(inline_css=False, published=published))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._page_files = {f.src_uri: f for f in files.documentation_pages()}
        files.append(File.generated(config, CSS_PATH, content=self._stylesheet()))
        if self.config.search:
            files.append(File.generated(config, JS_PATH, content=_script()))
        self._events = self._collect(config)
        page = self.config.page
        if page and not self._placed_anywhere(files):
            src_uri = page if isinstance(page, str) else "timeline.md"
            if not src_uri.endswith(".md"):
                src_uri = src_uri.strip("/") + ".md"
            if files.get_file_from_path(src_uri) is None:
                content = f"# {self.config.title}\n\n"
                if self.config.description:
                    content += f"{self.config.description}\n\n"
                content += "::timeline::\n"
                generated = File.generated(config, src_uri, content=content)
                files.append(generated)
                self._page_files[src_uri] = generated
        return files

    def _stylesheet(self) -> str:
        """The timeline's stylesheet, raised above the theme's own rules (see hardened_css);
        kept in the render cache, as it only changes with the code and templates."""
        key = None
        if self._render_dir is not None:
            if self._render_fingerprint is None:
                self._render_fingerprint = _render_fingerprint()
            key = hashlib.blake2b(f"{self._render_fingerprint}\x1estylesheet".encode(),
                                  digest_size=20).hexdigest()
            self._renders_used.add(key)
            cached = _read_render(self._render_dir / f"{key}.json")
            if cached is not None:
                return cached[0]
        from timeline.render.fragment import SHARED_ROOT, hardened_css

        css = hardened_css(SHARED_ROOT)
        if self._render_dir is not None and key is not None:
            _write_render(self._render_dir, f"{key}.json", css, [])
        return css

    def _placed_anywhere(self, files: Files) -> bool:
        for file in files.documentation_pages():
            try:
                text = file.content_string
            except (OSError, UnicodeDecodeError):
                continue
            if "::timeline" in text and any(True for _ in _placeholders(text.splitlines())):
                return True
        return False

    # ---- collecting ------------------------------------------------------------------

    def _collect(self, config: MkDocsConfig) -> list[Event]:
        pages = [(src_uri, file.content_string)
                 for src_uri, file in sorted(self._page_files.items())
                 if any(fnmatch.fnmatch(src_uri, pattern) for pattern in self.config.pages)]
        key = self._events_key(pages) if self._render_dir is not None else None
        cached = _read_events(self._render_dir / _EVENTS_FILE, key) if key else None
        if cached is not None:
            events, warnings = cached
        else:
            events, warnings = self._collect_fresh(pages)
            if key:
                _write_events(self._render_dir, key, events, warnings)
        if key:
            self._renders_used.add(Path(_EVENTS_FILE).stem)
        for warning in warnings:
            log.warning(warning)
        if not self._sources and not self.config.pages:
            log.warning("timeline: no sources and no pages configured: the timeline is "
                        "empty (add `sources: [articles/]` under the plugin in mkdocs.yml)")
        elif self.config.pages and not pages:
            log.warning("timeline: no docs page matches pages: %s",
                        ", ".join(self.config.pages))
        events = _filter(events, tags=self.config.tags, date_from=self.config["from"],
                         date_to=self.config["to"], key=False)
        log.info("%d events from %d sources", len(events),
                 len({s.document for e in events for s in e.sources}))
        return sorted(events, key=lambda e: e.sort_key)

    def _collect_fresh(self, pages: list[tuple[str, str]]) -> tuple[list[Event], list[str]]:
        """The events of the sources and of the docs pages, and the build's warnings."""
        from timeline.pipeline import BuildOptions, BuildReport, collect_events

        events: list[Event] = []
        report = BuildReport()
        documents = []
        dated_pages = []
        for src_uri, text in pages:
            meta, body = _front_matter(text)
            published = _page_date(meta)
            if published is not None:
                documents.append(self._page_document(src_uri, meta, body, published))
            else:
                dated_pages.append((src_uri, meta, body))
        if self._sources or documents:
            options = BuildOptions(
                sources=list(self._sources), published=self.config.published,
                mode=self.config.mode, title=self.config.title,
                date_from=self.config["from"], date_to=self.config["to"],
                tags=tuple(self.config.tags), key_dates=self.config.key_dates,
                corrections=self._corrections,
                cache_dir=self._cache_dir,
                progress=False,
            )
            try:
                events = collect_events(options, report, documents=documents)
            except TimelineError as err:
                raise PluginError(f"timeline: {err}") from None
        for src_uri, meta, body in dated_pages:
            events.extend(self._heading_events(src_uri, meta, body))
        return events, list(report.warnings)

    def _events_key(self, pages: list[tuple[str, str]]) -> str:
        """A digest of everything the collected events depend on: the bytes of every source
        file and of the corrections file (given, or where the build looks for one), the docs
        pages read as sources, the plugin's settings, and this package's code and data
        (the tagger's grammar included). Contents, not timestamps: an edit within the
        file system's timestamp granularity still counts."""
        digest = hashlib.blake2b(digest_size=20)

        def add(part: str | bytes) -> None:
            data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big") + data)

        package = Path(__file__).resolve().parent
        for path in _files_under(package):
            add(str(path.relative_to(package)))
            add(_read_bytes(path))
        settings = (sys.version, self.config.published, self.config.mode, self.config.title,
                    self.config["from"], self.config["to"], self.config.tags,
                    self.config.key_dates, self.config.pages, str(self._cache_dir),
                    str(self._corrections), str(Path.cwd()))
        add(repr(settings))
        for source in self._sources:
            add(f"source:{source}")
            for path in _files_under(source):
                add(str(path))
                add(_read_bytes(path))
        candidates = [self._corrections] if self._corrections else []
        if self._sources:
            first = self._sources[0]
            candidates.append((first if first.is_dir() else first.parent) / _CORRECTIONS_FILENAME)
        candidates.append(Path.cwd() / _CORRECTIONS_FILENAME)
        for path in candidates:
            add(f"corrections:{path}")
            add(_read_bytes(path))
        for src_uri, text in pages:
            add(f"page:{src_uri}")
            add(text)
        return digest.hexdigest()

    def _page_document(self, src_uri: str, meta: dict, body: str, published: date):
        from timeline.ingest.document import Document
        from timeline.ingest.markdown_text import first_heading, markdown_to_text

        title = str(meta.get("title") or first_heading(body) or Path(src_uri).stem)
        tags = meta.get("tags") or meta.get("categories") or ()
        if isinstance(tags, str):
            tags = [t.strip() for t in tags.split(",")]
        return Document(
            path=f"page:{src_uri}", text=markdown_to_text(body), title=title,
            published=published, published_from="front-matter",
            source=str(meta.get("author") or meta.get("source") or "") or None,
            tags=tuple(sorted({str(t) for t in tags if str(t).strip()})),
            body_format="markdown", body=body,
        )

    def _heading_events(self, src_uri: str, meta: dict, body: str) -> list[Event]:
        """A changelog: one event per heading that holds an ISO date."""
        from markdown.extensions.toc import slugify

        from timeline.events.periods import period_of

        title = str(meta.get("title") or "") or _first_h1(body) or Path(src_uri).stem
        events: list[Event] = []
        lines = body.splitlines()
        in_code = _lines_in_code(lines)
        headings = [(i, m) for i, line in enumerate(lines)
                    if not in_code[i] and (m := _DATED_HEADING.match(line))
                    and len(m.group("hashes")) >= 2]
        for n, (index, match) in enumerate(headings):
            text = match.group("text")
            found = _ISO_DAY.search(text)
            if not found:
                continue
            period = period_of(found.group(1))
            if period is None:
                continue
            start, end, granularity = period
            name = _ISO_DAY.sub("", text)
            name = re.sub(r"[\[\]()]", "", name).strip(" -–—:|") or found.group(1)
            stop = headings[n + 1][0] if n + 1 < len(headings) else len(lines)
            section = "\n".join(lines[index + 1:stop]).strip()
            anchor = slugify(text, "-")
            event_id = hashlib.sha256(f"{src_uri}\x00{text}".encode()).hexdigest()[:12]
            events.append(Event(
                id=event_id, date=found.group(1), type="DATE", granularity=granularity,
                start=start, end=end, text=f"{title}: {name}", headline=None,
                body=_excerpt(section) or None, manual=True,
                sources=(SourceRef(document=f"page:{src_uri}#{anchor}", title=title,
                                   published=None),),
            ))
        return events

    # ---- placing -----------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        lines = markdown.splitlines()
        found = list(_placeholders(lines))
        if not found:
            return markdown
        placements: list[dict[str, str]] = []
        for number, (index, args) in enumerate(found):
            try:
                filters = _parse_filters(args)
            except ValueError as err:
                log.warning("%s:%d: %s", page.file.src_uri, index + 1, err)
                filters = {"error": str(err)}
            filters["marker"] = str(number)
            placements.append(filters)
            # Blank lines around the marker make it a paragraph of its own.
            lines[index] = "\n" + _MARKER.format(number) + "\n"
        self._placements[page.file.src_uri] = placements
        return "\n".join(lines) + ("\n" if markdown.endswith("\n") else "")

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        placements = {p["marker"]: p for p in self._placements.get(page.file.src_uri, [])}
        if not placements:
            return html
        out: list[str] = []
        at = 0
        for match in _MARKER_RE.finditer(html):
            filters = placements.get(match.group(1))
            if filters is None:
                continue
            out.append(html[at:match.start()])
            rendered, years = self._render(filters, page)
            # The years join the page's table of contents, after the heading above.
            _add_to_toc(page, years, _HEADING_ID.findall("".join(out)))
            out.append(rendered)
            at = match.end()
        out.append(html[at:])
        return "".join(out)

    def _render(self, filters: dict[str, str], page: Page
                ) -> tuple[str, list[tuple[str, str, int]]]:
        """The timeline's HTML, and its year headings (label, id, level) for the TOC."""
        from markupsafe import escape

        if "error" in filters:
            message = f'<p class="tl-errors" role="alert">timeline: {escape(filters["error"])}</p>'
            return message, []
        events = _filter(
            self._events or [], tags=_split_tags(filters.get("tag", filters.get("tags", ""))),
            date_from=filters.get("from"), date_to=filters.get("to"),
            key=filters.get("key", "").lower() in ("1", "true", "yes"))
        events = [self._link_pages(e, page) for e in events]
        if self._render_dir is None:
            return self._render_events(events, filters, page)
        key = self._render_key(events, filters, page)
        self._renders_used.add(key)
        cached = _read_render(self._render_dir / f"{key}.json")
        if cached is not None:
            return cached
        html, years = self._render_events(events, filters, page)
        _write_render(self._render_dir, f"{key}.json", html, years)
        return html, years

    def _render_key(self, events: list[Event], filters: dict[str, str], page: Page) -> str:
        """A digest of everything the rendered timeline depends on: the events (every field,
        links already made relative to the page), the placeholder's filters, the page, the
        plugin's settings, and the code and templates that render it."""
        if self._render_fingerprint is None:
            self._render_fingerprint = _render_fingerprint()
        digest = hashlib.blake2b(digest_size=20)
        for part in (self._render_fingerprint, page.file.src_uri, page.file.url,
                     repr(sorted(filters.items())), str(self.config.heading_level),
                     str(self.config.search), self.config.title, _events_json(events)):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\x1e")
        return digest.hexdigest()

    def _render_events(self, events: list[Event], filters: dict[str, str], page: Page
                       ) -> tuple[str, list[tuple[str, str, int]]]:
        from timeline.render.fragment import fragment_id_prefix, render_view
        from timeline.render.view import build_timeline

        title = filters.get("title") or None
        level = int(filters.get("headings") or self.config.heading_level)
        prefix = fragment_id_prefix(events, f"{page.file.src_uri}\x00{sorted(filters.items())}")
        view = build_timeline(events, id_prefix=prefix, heading_level=level,
                              controls=self.config.search, label=title or self.config.title)
        years = ([(g.label, g.anchor + "-h", level) for g in view.groups]
                 if view.year_headings else [])
        return render_view(view, title=title, css=False, script=False), years

    def _link_pages(self, event: Event, page: Page) -> Event:
        """Sources that are docs pages link to the page, relative to the one showing it."""
        if not any(s.document.startswith("page:") for s in event.sources):
            return event
        sources = []
        for ref in event.sources:
            if ref.document.startswith("page:"):
                src_uri, _, anchor = ref.document[5:].partition("#")
                target = self._page_files.get(src_uri)
                if target is not None:
                    url = get_relative_url(target.url, page.file.url) + (
                        f"#{anchor}" if anchor else "")
                    ref = replace(ref, url=url)
            sources.append(ref)
        return event.with_changes(sources=tuple(sources))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Drop rendered timelines no page used, once they pile up (old article versions)."""
        if self._render_dir is None or not self._render_dir.is_dir():
            return
        try:
            names = [p for p in self._render_dir.iterdir() if p.suffix == ".json"]
            unused = [p for p in names if p.stem not in self._renders_used]
            if len(unused) > _RENDER_PRUNE_RATIO * len(self._renders_used) + _RENDER_PRUNE_SLACK:
                for path in unused:
                    path.unlink(missing_ok=True)
        except OSError:
            pass  # only an optimization

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for path in self._watch:
            server.watch(str(path))
        return server


# ---- helpers ------------------------------------------------------------------------


def _add_to_toc(page: Page, years: list[tuple[str, str, int]], before: list[str]) -> None:
    """Put the year headings in the page's table of contents where the timeline sits:
    under the last heading above it that is of a higher level, else at the top."""
    from mkdocs.structure.toc import AnchorLink

    if not years or page.toc is None:
        return
    links = [AnchorLink(title, anchor, level) for title, anchor, level in years]
    level = years[0][2]
    above = set(before)
    parent = None
    siblings = page.toc.items
    for item in _walk(page.toc.items):
        if item.id in above and item.level < level:
            parent = item
    if parent is not None:
        siblings = parent.children
    position = len(siblings)
    for index, item in enumerate(siblings):
        if item.id not in above and not any(c.id in above for c in _walk([item])):
            position = index
            break
    siblings[position:position] = links


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children)


def _files_under(root: Path) -> list[Path]:
    """``root`` if it is a file, else every file below it (bytecode caches left out), sorted."""
    if not root.is_dir():
        return [root]
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found.extend(Path(folder, name) for name in names)
    return sorted(found)


def _read_bytes(path: Path) -> bytes:
    """A file's bytes; a file that is absent or unreadable keys as a marker of its own."""
    try:
        return b"\x01" + path.read_bytes()
    except OSError:
        return b"\x00"


def _events_json(events: list[Event]) -> str:
    """The events in their documented JSON form, canonical (sorted keys): the same events
    give the same text whether they were just extracted or read back from the cache."""
    return json.dumps([e.to_dict() for e in events], ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def _read_events(path: Path, key: str) -> tuple[list[Event], list[str]] | None:
    """The collected events and warnings of the last build, if it had the same inputs."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        events = [Event.from_dict(item) for item in data["events"]]
        warnings = [str(w) for w in data["warnings"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return events, warnings


def _write_events(directory: Path, key: str, events: list[Event], warnings: list[str]) -> None:
    """Keep the collected events for the next build; only events that read back equal."""
    items = [e.to_dict() for e in events]
    # Every field (the explanation too, which Event equality ignores) must survive.
    if any(Event.from_dict(item).to_dict() != item or Event.from_dict(item) != event
           for item, event in zip(items, events, strict=True)):
        return
    text = json.dumps({"key": key, "events": items, "warnings": warnings},
                      ensure_ascii=False, sort_keys=True)
    _write_text(directory, _EVENTS_FILE, text)


def _render_fingerprint() -> str:
    """What renders a timeline besides its inputs: this package's version, the rendering
    code (timeline.render, the event model, this plugin), the shipped templates and the
    libraries that turn Markdown and templates into HTML."""
    import jinja2
    import markdown

    from timeline import __version__
    from timeline.render.environment import shipped_templates_dir

    package = Path(__file__).resolve().parent
    files = sorted((package / "render").glob("*.py"))
    files += [package / "events" / "model.py", Path(__file__).resolve()]
    templates = shipped_templates_dir()
    files += sorted(p for p in templates.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    digest = hashlib.blake2b(digest_size=20)
    for part in (__version__, markdown.__version__, jinja2.__version__):
        digest.update(f"{part}\x1e".encode())
    for path in files:
        digest.update(path.name.encode("utf-8", "surrogatepass") + b"\x00")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_render(path: Path) -> tuple[str, list[tuple[str, str, int]]] | None:
    """A rendered timeline from the cache, or None (absent, unreadable, not ours)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        html, years = data["html"], [(str(a), str(b), int(c)) for a, b, c in data["years"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (html, years) if isinstance(html, str) else None


def _write_render(directory: Path, name: str, html: str,
                  years: list[tuple[str, str, int]]) -> None:
    """Store a rendered timeline; a cache that cannot be written is skipped."""
    _write_text(directory, name, json.dumps({"html": html, "years": years}, ensure_ascii=False))


def _write_text(directory: Path, name: str, text: str) -> None:
    """Write a cache file atomically (temp file + rename); on any error, write nothing."""
    temporary = directory / f".{name}.{os.getpid()}.tmp"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, directory / name)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _script() -> bytes:
    from timeline.render.environment import shipped_asset

    return shipped_asset("assets/timeline.js")


def _lines_in_code(lines: list[str]) -> list[bool]:
    """For each line, whether it sits in a fenced code block (fences included)."""
    flags: list[bool] = []
    fence: str | None = None
    for line in lines:
        opening = _FENCE.match(line)
        if fence is not None:
            flags.append(True)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
        flags.append(fence is not None)
    return flags


def _placeholders(lines: list[str]):
    """(line index, arguments) of each placeholder line outside code blocks."""
    for index, (line, in_code) in enumerate(zip(lines, _lines_in_code(lines), strict=True)):
        if in_code or line.startswith(("    ", "\t")):  # fenced or indented code block
            continue
        match = _PLACEHOLDER.match(line)
        if match:
            yield index, match.group("args").strip()


def _parse_filters(args: str) -> dict[str, str]:
    filters: dict[str, str] = {}
    try:
        words = shlex.split(args)
    except ValueError as err:
        raise ValueError(f"cannot read the timeline placeholder ({err})") from None
    for word in words:
        key, sep, value = word.partition("=")
        key = key.strip().lower()
        if not sep or key not in _FILTERS:
            raise ValueError(f"unknown timeline filter {word!r} "
                             f"(use tag=, from=, to=, key=true, title=, headings=)")
        if key in ("from", "to"):
            try:
                date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{key}={value!r}: expected a date like 2017-09-24") from None
        if key == "headings" and value not in {"1", "2", "3", "4", "5"}:
            raise ValueError(f"headings={value!r}: expected 1 to 5")
        if key in ("tag", "tags") and key in filters:
            value = f"{filters[key]},{value}"
        filters[key] = value
    return filters


def _split_tags(value: str | list[str]) -> list[str]:
    items = value if isinstance(value, list) else value.split(",")
    return [t.strip() for t in items if t.strip()]


def _filter(events: list[Event], *, tags, date_from, date_to, key: bool) -> list[Event]:
    wanted = {t.casefold() for t in tags}
    lo = date.fromisoformat(date_from) if isinstance(date_from, str) else date_from
    hi = date.fromisoformat(date_to) if isinstance(date_to, str) else date_to
    return [
        e for e in events
        if (not wanted or wanted & {t.casefold() for t in e.tags})
        and (lo is None or e.end >= lo) and (hi is None or e.start <= hi)
        and (not key or e.key)
    ]


def _front_matter(text: str) -> tuple[dict, str]:
    import yaml

    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError:
        return {}, text
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def _page_date(meta: dict) -> date | None:
    """``date: 2024-01-31`` or Material's ``date: {created: 2024-01-31}``."""
    value = meta.get("date")
    if isinstance(value, dict):
        value = value.get("created")
    if hasattr(value, "date") and callable(value.date):  # a datetime
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _first_h1(body: str) -> str | None:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip().strip("#").strip()
    return None


def _excerpt(section: str, limit: int = 600) -> str:
    """The start of a changelog section, cut at a paragraph or list-item boundary."""
    if len(section) <= limit:
        return section
    blocks = section[:limit].rsplit("\n", 1)[0]
    return blocks.rstrip() + "\n\n…"

"""The static site: index, optional full page and year pages, assets.

Layout of the output folder::

    index.html          the whole timeline; or, with key dates, the key-date view
    full.html           the whole timeline when index.html shows the key dates
    2017/index.html     one page per year for long timelines (group_by)
    assets/timeline.css
    assets/timeline.js  optional search/filter; every page works without it
    sitemap.xml         with a base_url only

``group_by``: ``none`` keeps one page; ``year`` always splits by year; ``auto`` (default)
splits when the timeline has more than :data:`AUTO_YEAR_PAGES_THRESHOLD` events (a page
of a few hundred cards is still quick to load and to scroll; beyond that, readers are
better served by a page per year).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from timeline.errors import InputError
from timeline.events.model import Event
from timeline.render.environment import (
    make_environment,
    render_template,
    shipped_asset,
    shipped_templates_dir,
)
from timeline.render.event_cache import EventRenderer
from timeline.render.labels import date_label
from timeline.render.view import TimelineView, build_timeline, distinct_sources, year_label

AUTO_YEAR_PAGES_THRESHOLD = 300
# A year page with more events than this gets a heading per month (and a month index).
MONTH_HEADINGS_ABOVE = 30
# With more years than this, the navigation bar links the overview only (plus the
# previous/next year on year pages); the overview lists every year.
NAV_YEARS_MAX = 15
ASSETS = ("assets/timeline.css", "assets/timeline.js")
GROUP_BY = ("auto", "year", "none")
_DAY_OR_FINER = {"day", "part-of-day", "hour", "minute", "second"}


@dataclass(frozen=True)
class SiteInfo:
    title: str
    description: str = ""
    base_url: str = ""
    lang: str = "en"


@dataclass(frozen=True)
class PageInfo:
    title: str
    heading: str
    root: str  # relative path from this page to the site root: "" or "../"
    path: str  # path of the page inside the site
    canonical: str | None = None


@dataclass(frozen=True)
class NavItem:
    label: str
    href: str
    current: bool = False
    count: int | None = None


@dataclass(frozen=True)
class YearLink:
    year: int
    label: str
    href: str
    count: int
    first: str
    last: str


@dataclass(frozen=True)
class Stats:
    events: int
    sources: int
    first: str | None
    last: str | None


def paged_by_year(group_by: str, count: int) -> bool:
    if group_by not in GROUP_BY:
        raise InputError(f"group_by must be one of {', '.join(GROUP_BY)}, not {group_by!r}")
    return group_by == "year" or (group_by == "auto" and count > AUTO_YEAR_PAGES_THRESHOLD)


def year_page(year: int) -> str:
    return f"{year}/index.html" if year >= 0 else f"bce-{-year}/index.html"


def render_site(
    events: Sequence[Event],
    *,
    title: str = "Timeline",
    description: str = "",
    base_url: str = "",
    group_by: str = "auto",
    templates: Path | None = None,
    env: jinja2.Environment | None = None,
    cache_dir: Path | None = None,
) -> dict[str, bytes]:
    """Every file of the site as {relative path: bytes}, deterministic.

    With ``cache_dir``, each event's card is kept in ``<cache_dir>/render.sqlite3``
    (timeline.render.event_cache): a rebuild renders only the cards that changed."""
    env = env or make_environment(templates)
    renderer = _event_renderer(env, cache_dir)
    try:
        return _render_site(events, env, renderer, title=title, description=description,
                            base_url=base_url, group_by=group_by, templates=templates)
    finally:
        if renderer is not None:
            renderer.close()


def _event_renderer(env: jinja2.Environment, cache_dir: Path | None) -> EventRenderer | None:
    """The card renderer, unless the user overrides event.html (then the partial includes
    it with the page's whole context, as a template author expects)."""
    try:
        if not EventRenderer.applies(env, shipped_templates_dir()):
            return None
    except (jinja2.TemplateError, UnicodeDecodeError):
        return None  # the page render reports the template's error in one line
    return EventRenderer(env, cache_dir)


def _render_site(
    events: Sequence[Event],
    env: jinja2.Environment,
    renderer: EventRenderer | None,
    *,
    title: str,
    description: str,
    base_url: str,
    group_by: str,
    templates: Path | None,
) -> dict[str, bytes]:
    ordered = sorted(events, key=lambda e: e.sort_key)
    site = SiteInfo(title=title, description=description, base_url=base_url.rstrip("/"))
    stats = Stats(
        events=len(ordered),
        sources=distinct_sources(ordered),
        first=date_label(ordered[0]) if ordered else None,
        last=date_label(ordered[-1]) if ordered else None,
    )
    key_events = [e for e in ordered if e.key]
    paged = paged_by_year(group_by, len(ordered))
    single_year = len({e.start.year for e in ordered}) == 1
    if paged and single_year and group_by == "auto":
        paged = False  # one year: a page of month headings beats an overview of one link
    # A long timeline on one page within one year gets a heading per month.
    one_page_by_month = not paged and single_year and len(ordered) > MONTH_HEADINGS_ABOVE
    files: dict[str, bytes] = {}
    # Cards read back from the render cache need no view: lists hold CardRefs.
    lazy = renderer is not None and renderer.cached

    def page(path: str, heading: str, page_title: str) -> PageInfo:
        root = "../" * path.count("/")
        canonical = None
        if site.base_url:
            canonical = f"{site.base_url}/{path.removesuffix('index.html')}"
        return PageInfo(title=page_title, heading=heading, root=root, path=path,
                        canonical=canonical)

    def emit(template: str, info: PageInfo, **context: object) -> None:
        if renderer is not None:
            renderer.prepare(t for t in (context.get("key_timeline"), context.get("timeline"))
                             if isinstance(t, TimelineView))
            context["event_cards"] = renderer
        html = render_template(env, template, site=site, page=info, stats=stats, **context)
        files[info.path] = html.encode("utf-8")

    years: list[YearLink] = []
    if paged:
        by_year: dict[int, list[Event]] = {}
        for event in ordered:
            by_year.setdefault(event.start.year, []).append(event)
        for year, bucket in by_year.items():
            years.append(YearLink(year, year_label(year), year_page(year), len(bucket),
                                  date_label(bucket[0]), date_label(bucket[-1])))

        def more_href(event: Event) -> str:
            return f"{year_page(event.start.year)}#e-{event.id}"

        full_href = years[0].href if years else "index.html"
    else:
        by_year = {}

        def more_href(event: Event) -> str:
            return f"full.html#e-{event.id}"

        full_href = "full.html"

    key_timeline = (
        build_timeline(key_events, id_prefix="key-", heading_level=3, label="Key dates",
                       more_href=more_href if ordered else None, presorted=True, lazy=lazy)
        if key_events else None
    )

    index_timeline = (None if (paged or key_timeline is not None)
                      else build_timeline(ordered, by_month=one_page_by_month, presorted=True,
                                          lazy=lazy))

    def nav_for(current: str, prefix: str) -> list[NavItem]:
        items: list[NavItem] = []
        if key_timeline is not None:
            items.append(NavItem("Key dates", prefix + "index.html", current == "index.html"))
            if not paged:
                items.append(NavItem("Full timeline", prefix + "full.html",
                                     current == "full.html", len(ordered)))
        elif paged:
            items.append(NavItem("Overview", prefix + "index.html", current == "index.html"))
        if paged:
            if len(years) <= NAV_YEARS_MAX:
                items += [NavItem(y.label, prefix + y.href, current == y.href, y.count)
                          for y in years]
        elif key_timeline is None and index_timeline is not None and len(
                index_timeline.groups) > 1:
            # One page: the year headings become in-page jumps.
            items += [NavItem(g.label, f"#{g.anchor}") for g in index_timeline.groups]
        return items

    # index.html
    # Times of day count toward their day: "2 April" and "2 April, 06:00" are one key date.
    key_date_count = len({e.start.isoformat() if e.granularity in _DAY_OR_FINER else e.date
                          for e in key_events})
    emit("index.html", page("index.html", title, title), nav=nav_for("index.html", ""),
         key_timeline=key_timeline, key_date_count=key_date_count, timeline=index_timeline,
         years=years if paged else [], full_href=full_href)

    # full.html: the whole timeline when index.html shows the key dates
    if key_timeline is not None and not paged:
        emit("full.html", page("full.html", "Full timeline", f"Full timeline \u2013 {title}"),
             nav=nav_for("full.html", ""),
             timeline=build_timeline(ordered, by_month=one_page_by_month, presorted=True,
                                     lazy=lazy))

    # one page per year
    for i, link in enumerate(years):
        prev_year = years[i - 1] if i > 0 else None
        next_year = years[i + 1] if i + 1 < len(years) else None
        info = page(link.href, link.label, f"{link.label} \u2013 {title}")
        by_month = len(by_year[link.year]) > MONTH_HEADINGS_ABOVE
        rel = _relative_links(info.root)
        emit("year.html", info, nav=nav_for(link.href, info.root),
             timeline=build_timeline(by_year[link.year], heading_level=2,
                                     year_headings=by_month, by_month=by_month,
                                     presorted=True, lazy=lazy),
             prev_year=rel(prev_year), next_year=rel(next_year))

    for asset in ASSETS:
        files[asset] = _asset(asset, templates)
    files.update(user_assets(templates))
    if site.base_url:
        files["sitemap.xml"] = _sitemap(site.base_url, [p for p in files if p.endswith(".html")])
    return dict(sorted(files.items()))


def _sitemap(base_url: str, pages: list[str]) -> bytes:
    """sitemap.xml for a published site (only with a base_url; no dates: deterministic)."""
    from xml.sax.saxutils import escape

    urls = "".join(f"  <url><loc>{escape(base_url + '/' + p.removesuffix('index.html'))}</loc></url>\n"
                   for p in sorted(pages))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n").encode()


def _relative_links(root: str) -> Callable[[YearLink | None], YearLink | None]:
    def rel(link: YearLink | None) -> YearLink | None:
        if link is None:
            return None
        return YearLink(link.year, link.label, root + link.href, link.count, link.first,
                        link.last)

    return rel


def user_assets(templates: Path | None) -> dict[str, bytes]:
    """Every file under ``assets/`` of the user's templates folder (a logo, fonts, extra
    CSS), copied into the site as is. Hidden files are skipped."""
    if templates is None or not (Path(templates) / "assets").is_dir():
        return {}
    root = Path(templates)
    found: dict[str, bytes] = {}
    for path in sorted((root / "assets").rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            found[rel.as_posix()] = path.read_bytes()
    return found


def _asset(name: str, templates: Path | None) -> bytes:
    """An asset from the user's templates folder when it has one, else the shipped one."""
    if templates is not None:
        candidate = Path(templates) / name
        if candidate.is_file():
            return candidate.read_bytes()
    return shipped_asset(name)


def write_site(files: dict[str, bytes], staging: Path, previous: Path | None = None) -> None:
    """Write the rendered files into a (fresh, empty) staging folder. Files identical to
    those of the ``previous`` site are hard-linked from it (timeline.scale.incremental),
    so unchanged pages keep their timestamps for rsync and static hosts."""
    from timeline.scale.incremental import write_if_changed

    write_if_changed(files, staging, previous)
    for folder in sorted({p for rel in files for p in (staging / rel).parents}):
        if folder.is_relative_to(staging) and folder != staging:
            folder.chmod(0o755)

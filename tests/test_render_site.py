"""The static site from hand-written events: structure, accessibility hooks, escaping,
key dates, year pages, template overrides, determinism."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from render_helpers import GAZETTE, ev, sample_events

from timeline.errors import InputError
from timeline.render.environment import make_environment, shipped_templates_dir
from timeline.render.site import AUTO_YEAR_PAGES_THRESHOLD, render_site


class Page(HTMLParser):
    """A small DOM summary: tags in order, attributes, text of some elements."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text_in: dict[str, list[str]] = {}
        self.script_bodies: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "link", "br", "input", "img", "hr"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        for tag in set(self.stack):
            self.text_in.setdefault(tag, []).append(data)
        if self.stack and self.stack[-1] == "script":
            self.script_bodies.append(data)

    def all(self, tag):
        return [attrs for t, attrs in self.tags if t == tag]

    def text(self, tag):
        return "".join(self.text_in.get(tag, []))


def site(events, **kw) -> dict[str, str]:
    files = render_site(events, **kw)
    return {k: v.decode("utf-8") for k, v in files.items() if k.endswith(".html")} | {
        k: v for k, v in files.items() if not k.endswith(".html")}


def test_index_structure_and_landmarks():
    pages = site(sample_events(), title="The Alder Street Bridge")
    assert set(pages) == {"index.html", "assets/timeline.css", "assets/timeline.js"}
    page = Page(pages["index.html"])
    names = [t for t, _ in page.tags]
    for landmark in ("header", "nav", "main", "footer", "ol", "h1", "h2", "h3"):
        assert landmark in names, landmark
    # skip link to the main landmark
    assert any(a.get("href") == "#main" for a in page.all("a"))
    assert any(m.get("id") == "main" for m in page.all("main"))
    assert page.text("h1") == "The Alder Street Bridge"
    events = [li for li in page.all("li") if "data-tl-event" in li]
    assert len(events) == 6
    body = page.all("body")[0]
    assert "tl-timeline" in body["class"].split()
    assert page.all("html")[0]["lang"] == "en"


def test_chronological_order_years_and_labels():
    page = Page(site(sample_events())["index.html"])
    times = [t for t in page.all("time") if t["datetime"] and "T" not in t["datetime"]
             or t["datetime"].startswith("2025-10-18T")]
    event_times = [t["datetime"] for t in page.all("time")]
    # event dates in order (source publication dates interleave; keep the events')
    ids = [li["id"] for li in page.all("li") if "data-tl-event" in li]
    assert ids == ["e-m1", "e-d1", "e-y1", "e-q1", "e-s1", "e-t1"]
    assert "1962-05" in event_times and "2025-10-18T10:30" in event_times
    years = [h.strip() for h in page.text_in.get("h2", [])]
    assert [y for y in years if y] == ["1962", "2024", "2025"]
    html = site(sample_events())["index.html"]
    assert ">May 1962</time>" in html
    assert ">Saturday 2 March 2024</time>" in html
    assert ">late 2025</time>" in html
    assert ">Autumn 2025</time>" in html
    assert ">Q2 2025</time>" in html
    assert ">18 October 2025, 10:30</time>" in html
    assert times


def test_expression_marked_and_sources_linked():
    html = site(sample_events())["index.html"]
    page = Page(html)
    assert "Saturday" in page.text("mark")
    assert "the autumn of 2025" in page.text("mark")
    hrefs = [a.get("href") for a in page.all("a")]
    assert "https://gazette.example.org/a" in hrefs
    assert "https://radio.example.org/b" in hrefs
    # a source without URL is still named
    assert "A letter" in page.text("cite")
    # merged event shows both of its sources
    assert "2 sources:" in html


def test_untrusted_text_never_becomes_code():
    evil_source = replace(GAZETTE, title="<script>alert('t')</script>",
                          url="javascript:alert('u')")
    events = [
        ev("x1", "2024-03-02", "day", date(2024, 3, 2), date(2024, 3, 2),
           "Cracks <script>alert('x')</script> found on Saturday <img src=x onerror=alert(1)>.",
           "Saturday", sources=(evil_source,), tags=("<b>tag</b>",),
           body="Some **bold** text <script>alert('b')</script> "
                "[click](javascript:alert('l')) <a href=\"JaVaScRiPt:alert(2)\">x</a> "
                "<img src=x onerror=alert(3)>",
           note="<iframe src=//evil></iframe>", headline="<em>Headline</em>"),
    ]
    pages = site(events, title="<script>alert('title')</script>",
                 description="\"><script>alert('d')</script>")
    html = pages["index.html"]
    page = Page(html)
    # the only <script> is our own asset, with no inline body
    assert [s.get("src") for s in page.all("script")] == ["assets/timeline.js"]
    assert not "".join(page.script_bodies).strip()
    for tag, attrs in page.tags:
        assert tag not in ("iframe", "img", "em")
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if value and name in ("href", "src"):
                assert "javascript" not in value.lower()
    # the text is still there, escaped
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    # Markdown bodies are rendered, then sanitized
    assert "<strong>bold</strong>" in html


def test_key_dates_first_and_full_timeline_a_click_away():
    events = sample_events()
    events = [replace(e, key=e.id in ("d1", "t1")) for e in events]
    pages = site(events)
    assert "full.html" in pages
    index = Page(pages["index.html"])
    key_ids = [li["id"] for li in index.all("li") if "data-tl-event" in li]
    assert key_ids == ["key-e-d1", "key-e-t1"]
    hrefs = [a.get("href") for a in index.all("a")]
    assert "full.html" in hrefs
    assert "full.html#e-d1" in hrefs  # each key event points to its place in the full list
    full = Page(pages["full.html"])
    assert len([li for li in full.all("li") if "data-tl-event" in li]) == 6
    assert {"e-d1", "e-t1"} <= {li["id"] for li in full.all("li") if "id" in li}


def _many_events(n: int, years: int = 3) -> list:
    out = []
    for i in range(n):
        d = date(2020 + i % years, 1 + i % 12, 1 + i % 28)
        out.append(ev(f"n{i:05d}", d.isoformat(), "day", d, d, f"Event number {i} on a day."))
    return out


def test_long_timelines_get_a_page_per_year():
    events = _many_events(AUTO_YEAR_PAGES_THRESHOLD + 1)
    pages = site(events, title="Long")
    assert {"2020/index.html", "2021/index.html", "2022/index.html"} <= set(pages)
    index = Page(pages["index.html"])
    assert [li for li in index.all("li") if "data-tl-event" in li] == []
    assert "2021/index.html" in [a.get("href") for a in index.all("a")]
    year = Page(pages["2021/index.html"])
    assert {s["data-tl-year"] for s in year.all("section") if "data-tl-year" in s} == {"2021"}
    assert any(link.get("href") == "../assets/timeline.css" for link in year.all("link"))
    assert any(a.get("rel") == "prev" for a in year.all("a"))
    assert any(a.get("rel") == "next" for a in year.all("a"))
    total = sum(len([li for li in Page(v).all("li") if "data-tl-event" in li])
                for k, v in pages.items() if k.endswith("/index.html"))
    assert total == len(events)
    # below the threshold, or with group_by none: one page
    assert set(site(events[:50])) == {"index.html", "assets/timeline.css", "assets/timeline.js"}
    assert "2020/index.html" not in site(events, group_by="none")
    assert "2020/index.html" in site(events[:5], group_by="year")
    with pytest.raises(InputError):
        render_site(events[:5], group_by="month")


def test_site_is_deterministic():
    a = render_site(sample_events(), title="T")
    b = render_site(list(reversed(sample_events())), title="T")
    assert a == b


def test_user_templates_override_shipped_ones(tmp_path: Path):
    (tmp_path / "event.html").write_text(
        '<li class="custom" data-tl-event id="{{ event.anchor }}">{{ event.label }}: '
        "{{ event.text }}</li>\n")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "timeline.css").write_text("body { color: red }\n")
    (tmp_path / "assets" / "img").mkdir()
    (tmp_path / "assets" / "img" / "logo.svg").write_text("<svg/>")
    (tmp_path / "assets" / ".secret").write_text("x")
    pages = site(sample_events(), templates=tmp_path)
    assert pages["assets/img/logo.svg"] == b"<svg/>"
    assert "assets/.secret" not in pages
    assert pages["index.html"].count('class="custom"') == 6
    assert pages["assets/timeline.css"] == b"body { color: red }\n"
    # base.html still comes from the shipped set
    assert "tl-skip" in pages["index.html"]


def test_template_errors_are_one_line(tmp_path: Path):
    (tmp_path / "event.html").write_text("{% if %}\n")
    with pytest.raises(InputError, match=r"event.html:1: template syntax error"):
        render_site(sample_events(), templates=tmp_path)
    with pytest.raises(InputError, match="templates folder not found"):
        make_environment(tmp_path / "missing")


def test_autoescape_is_on_for_every_template():
    env = make_environment(None)
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_css_is_scoped_under_the_root_class():
    css = (shipped_templates_dir() / "assets" / "timeline.css").read_text()
    import re

    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = []
    for block in re.findall(r"([^{}]+)\{[^{}]*\}", re.sub(r"@media[^{]+\{", "", body)):
        selectors += [s.strip() for s in block.split(",") if s.strip()]
    assert selectors
    for selector in selectors:
        assert ".tl-timeline" in selector, selector
    assert "prefers-color-scheme: dark" in css
    assert "@media print" in css


def test_shipped_templates_present():
    folder = shipped_templates_dir()
    for name in ("base.html", "index.html", "event.html", "fragment.html", "_timeline.html",
                 "year.html", "full.html", "assets/timeline.css", "assets/timeline.js"):
        assert (folder / name).is_file(), name


def test_busy_year_pages_get_month_headings():
    events = [ev(f"b{i:04d}", f"2010-{1 + i % 12:02d}-{1 + i % 28:02d}", "day",
                 date(2010, 1 + i % 12, 1 + i % 28), date(2010, 1 + i % 12, 1 + i % 28),
                 f"Busy event {i}.") for i in range(60)]
    events.append(ev("whole", "2010", "year", date(2010, 1, 1), date(2010, 12, 31),
                     "A thing that lasted all 2010.", "2010"))
    events.append(ev("quiet", "2011-05-02", "day", date(2011, 5, 2), date(2011, 5, 2),
                     "The only event of 2011."))
    pages = site(events, group_by="year")
    busy = Page(pages["2010/index.html"])
    headings = [h.strip() for h in busy.text_in.get("h2", []) if h.strip()]
    assert headings[:3] == ["2010", "January 2010", "February 2010"]
    assert "December 2010" in headings
    assert "#y-2010-03" in [a.get("href") for a in busy.all("a")]  # month index
    # the year filter lists each year once
    options = [o.get("value") for o in busy.all("option")]
    assert options.count("2010") <= 1
    quiet = Page(pages["2011/index.html"])
    assert not [a for t, a in quiet.tags if "tl-year-heading" in (a.get("class") or "")]
    assert quiet.text("h1") == "2011"
    assert "Monday 2 May 2011" in quiet.text("h2")  # events sit right under the page title


def test_many_years_keep_the_nav_short():
    events = _many_events(40, years=20)
    pages = site(events, group_by="year")
    nav_links = [a.get("href") for a in Page(pages["2005/index.html"] if "2005/index.html" in pages
                                             else pages["index.html"]).all("a")]
    assert not any(h and h.startswith("#y-") for h in nav_links)
    index = Page(pages["index.html"])
    assert sum(1 for a in index.all("a") if (a.get("href") or "").endswith("/index.html")) == 20


def test_empty_timeline_still_renders_a_page():
    pages = site([], title="Nothing yet")
    page = Page(pages["index.html"])
    assert page.text("h1") == "Nothing yet"
    assert "No dated events." in pages["index.html"]
    assert "0 events from 0 sources" in pages["index.html"]


def test_second_event_on_a_date_steps_back_but_keeps_its_heading():
    a = ev("a1", "2024-03-02", "day", date(2024, 3, 2), date(2024, 3, 2), "First thing.")
    b = ev("b1", "2024-03-02", "day", date(2024, 3, 2), date(2024, 3, 2), "Second thing.")
    c = ev("c1", "2024-03-03", "day", date(2024, 3, 3), date(2024, 3, 3), "Next day.")
    page = Page(site([a, b, c])["index.html"])
    items = [li for li in page.all("li") if "data-tl-event" in li]
    assert ["tl-cont" in li["class"].split() for li in items] == [False, True, False]
    assert page.text("h3").count("Saturday 2 March 2024") == 2


def test_base_url_gives_canonical_links_and_a_sitemap():
    import xml.etree.ElementTree as ET

    pages = site(sample_events(), base_url="https://example.org/bridge/", group_by="year")
    index = Page(pages["index.html"])
    assert {"rel": "canonical", "href": "https://example.org/bridge/"} in index.all("link")
    year = Page(pages["2024/index.html"])
    assert {"rel": "canonical", "href": "https://example.org/bridge/2024/"} in year.all("link")
    root = ET.fromstring(pages["sitemap.xml"])
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/bridge/" in locs and "https://example.org/bridge/1962/" in locs
    assert "sitemap.xml" not in site(sample_events())


def test_a_year_holding_only_a_decade_is_headed_by_the_decade():
    d = ev("dec", "199", "decade", date(1990, 1, 1), date(1999, 12, 31),
           "It was strengthened in the 1990s.", "the 1990s")
    y = ev("yr", "1990", "year", date(1990, 1, 1), date(1990, 12, 31), "Work began in 1990.",
           "1990")
    assert "1990s" in Page(site([d])["index.html"]).text("h2")
    assert [h.strip() for h in Page(site([d, y])["index.html"]).text_in["h2"] if h.strip()] == [
        "1990"]


def test_a_long_single_year_stays_on_one_page_with_month_headings():
    events = [ev(f"s{i:04d}", "x", "day", date(2021, 1 + i % 12, 1 + i % 28),
                 date(2021, 1 + i % 12, 1 + i % 28), f"Event {i}.")
              for i in range(AUTO_YEAR_PAGES_THRESHOLD + 5)]
    pages = site(events)
    assert "2021/index.html" not in pages
    headings = [h.strip() for h in Page(pages["index.html"]).text_in["h2"] if h.strip()]
    assert headings[:2] == ["January 2021", "February 2021"]


def test_broken_user_templates_are_one_line_errors(tmp_path: Path):
    (tmp_path / "event.html").write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(InputError, match="not valid UTF-8"):
        render_site(sample_events(), templates=tmp_path)
    (tmp_path / "event.html").write_text("{% include 'missing.html' %}")
    with pytest.raises(InputError, match="missing.html"):
        render_site(sample_events(), templates=tmp_path)
    (tmp_path / "event.html").write_text("{{ event.label|no_such_filter }}")
    with pytest.raises(InputError, match="no_such_filter"):
        render_site(sample_events(), templates=tmp_path)

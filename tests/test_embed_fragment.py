"""The embeddable fragment and the Python API (Timeline, render_fragment)."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from embed_support import make_event, many, story

from timeline.api import Timeline, render_fragment
from timeline.errors import InputError
from timeline.render.fragment import clean_id_prefix, compact_html, scoped_css


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []
        self.style = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script"):
            self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.style += data
        elif self._in is None:
            self.data.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.data).split())


def parse(html: str) -> Collector:
    parser = Collector()
    parser.feed(html)
    parser.close()
    return parser


def test_fragment_is_self_contained_with_one_root():
    html = render_fragment(story(), title="Velmora")
    assert html.startswith('<div class="tl-timeline tl-fragment"')
    assert html.rstrip().endswith("</div>")
    doc = parse(html)
    names = [t for t, _ in doc.tags]
    assert not {"html", "head", "body", "link", "iframe", "img"} & set(names)
    assert names.count("style") == 1 and names.count("script") == 1
    # Nothing fetched: no src/href to another resource, no @import, no url() to anything.
    assert not [a for t, a in doc.tags if t == "script" and "src" in a]
    assert "@import" not in html and not re.search(r"url\((?!#)", doc.style)


def test_every_event_is_in_the_fragment_in_order_and_escaped():
    events = story()
    html = render_fragment(events)
    doc = parse(html)
    items = [a for t, a in doc.tags if t == "li" and "data-tl-event" in a]
    assert len(items) == len(events)
    text = doc.text
    positions = [text.index(e.text.split(" <")[0][:40]) for e in events]
    assert positions == sorted(positions)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<time datetime="2016-12">' in html  # a coarse date stays coarse


def test_ids_are_prefixed_unique_and_differ_between_timelines():
    a = render_fragment(story())
    b = render_fragment(many(5))
    ids_a = re.findall(r'\sid="([^"]+)"', a)
    ids_b = re.findall(r'\sid="([^"]+)"', b)
    assert len(ids_a) == len(set(ids_a))
    prefix_a = ids_a[0].removesuffix("root")
    assert all(i.startswith(prefix_a) for i in ids_a)
    assert not set(ids_a) & set(ids_b)  # two timelines on one page never collide
    for ref in re.findall(r'aria-labelledby="([^"]+)"', a):
        assert ref in ids_a


def test_deterministic_and_user_prefix():
    assert render_fragment(story()) == render_fragment(list(reversed(story())))
    html = render_fragment(story(), id_prefix="my notes")
    assert 'id="my-notes-root"' in html and 'id="my-notes-e-ev0001"' in html
    assert clean_id_prefix("2017") == "tl-2017-"
    assert clean_id_prefix("a<b>") == "a-b-"


def test_every_css_rule_is_scoped_to_the_root():
    html = render_fragment(story())
    root = re.search(r'<div class="tl-timeline tl-fragment" id="([^"]+)"', html).group(1)
    css = parse(html).style
    body = re.sub(r"@media[^{]*\{", "", css)  # look inside media blocks
    for prelude in re.findall(r"(?:^|})\s*([^{}@]+)\{", body):
        for selector in re.split(r",(?![^(]*\))", prelude):
            if selector.strip():
                assert f"#{root}.tl-timeline" in selector, selector


def test_reset_comes_first_and_site_chrome_is_dropped():
    css = scoped_css("x-root")
    first_rule = css.split("}", 1)[0]
    assert "all:revert" in first_rule
    assert "tl-site-header" not in css and "tl-page-title" not in css
    assert "#x-root.tl-timeline .tl-event" in css
    assert "@media print" in css and "prefers-color-scheme" in css


def test_options_script_css_and_heading_level():
    html = render_fragment(story(), script=False, css=False, heading_level=3)
    names = [t for t, _ in parse(html).tags]
    assert "script" not in names and "style" not in names
    assert "h3" in names and "h4" in names and "h2" not in names


def test_compact_html_keeps_preformatted_text():
    html = "<div>\n    <p>a</p>\n\n   <pre>x\n\n    y</pre>\n</div>\n"
    assert compact_html(html) == "<div><p>a</p>\n<pre>x\n\n    y</pre>\n</div>\n"
    # A line break between inline content and a tag is a space a reader sees: kept.
    assert compact_html("<p><span>Source:</span>\n  <ul><li>x</li>\n</ul></p>") == (
        "<p><span>Source:</span>\n<ul><li>x</li></ul></p>\n")


def test_timeline_object_displays_itself_in_notebooks():
    tl = Timeline.from_events(story(), title="Velmora")
    html = tl._repr_html_()
    assert html == render_fragment(story(), title="Velmora", heading_level=3)
    assert len(tl) == 7 and tl[0].date == "2015"
    assert "7 events, 2015-01-01 to 2017-09-30" in repr(tl)


def test_timeline_filter_and_save(tmp_path):
    tl = Timeline.from_events(story(), title="Velmora")
    air = tl.filter(tags=["AIR"])
    assert [e.id for e in air] == ["ev0003", "ev0004", "ev0006"]
    assert [e.id for e in tl.filter(date_from="2017-01-01", date_to="2017-04-15")] == [
        "ev0003", "ev0004"]
    assert [e.id for e in tl.filter(key_only=True)] == ["ev0003", "ev0006"]
    svg = tl.save(tmp_path / "t.svg")
    assert svg.read_text().startswith("<?xml")
    frag = tl.save(tmp_path / "t.html")
    assert frag.read_text() == tl.to_fragment()
    data = tl.save(tmp_path / "t.json")
    again = Timeline.from_json(data)
    assert again == tl and json.loads(data.read_text())["version"] == 1
    with pytest.raises(InputError, match="unknown format"):
        tl.save(tmp_path / "t.docx")


def test_from_json_reports_bad_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{\n  nope")
    with pytest.raises(InputError, match=r"bad.json:2: invalid JSON"):
        Timeline.from_json(bad)
    with pytest.raises(InputError, match="not a timeline JSON export"):
        Timeline.from_json({"events": [{"date": "2017"}]})


def test_dates_given_as_text_are_checked():
    tl = Timeline.from_events([make_event(1, "2017", "year", date(2017, 1, 1),
                                          date(2017, 12, 31), "x")])
    with pytest.raises(InputError, match="date_from"):
        tl.filter(date_from="next week")


def test_cli_fragment_flag(tmp_path, capsys):
    from pathlib import Path

    from timeline.cli import main

    examples = Path(__file__).resolve().parents[1] / "examples"
    out = tmp_path / "frag.html"
    assert main(["build", str(examples), "--fragment", "-o", str(out), "--no-cache"]) == 0
    html = out.read_text()
    assert html.startswith('<div class="tl-timeline tl-fragment"') and "<html" not in html
    assert main(["build", str(examples), "--fragment", "--format", "json", "-o",
                 str(tmp_path / "x")]) == 2
    assert "--fragment and --format json" in capsys.readouterr().err


def test_api_names_from_the_package():
    import timeline

    assert timeline.Timeline is Timeline and timeline.render_fragment is render_fragment
    with pytest.raises(AttributeError):
        timeline.nothing_here  # noqa: B018


def test_from_sources_reads_articles_like_the_cli(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: Strikes\ndate: 2017-09-24\ntags: [air]\n---\n"
        "Six strikes hit a camp on Friday. The city fell in December 2016.\n")
    (tmp_path / "b.md").write_text("# Undated\n\nThe ferry began on Monday.\n")
    with pytest.raises(InputError, match="b.md"):
        Timeline.from_sources(tmp_path)
    tl = Timeline.from_sources(tmp_path, published="2017-10-02", title="Desk")
    assert [e.date for e in tl] == ["2016-12", "2017-09-22", "2017-10-02"]
    assert tl.report is not None and tl.report.documents == 2
    assert [e.date for e in tl.filter(tags=["air"])] == ["2016-12", "2017-09-22"]
    assert "Desk" in tl._repr_html_()
    with pytest.raises(InputError, match="at least one"):
        Timeline.from_sources()

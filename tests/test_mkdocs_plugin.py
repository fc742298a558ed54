"""The MkDocs plugin, checked on real `mkdocs build` runs of small projects."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

pytest.importorskip("mkdocs")

ARTICLES = {
    "strikes.md": """\
        ---
        title: Strikes hit desert camps
        date: 2017-09-24
        source: Harbour Desk
        url: https://news.example.org/strikes
        tags: [air, velmora]
        ---
        Six guided strikes hit a desert camp on Friday, officials said.
        The last raid of the old mandate came on January 19.
        Armed groups took the harbour town of Velmora in 2015.
        """,
    "siege.md": """\
        ---
        title: Siege ends
        date: 2016-12-20
        tags: [velmora]
        ---
        Militia forces retook Velmora on Saturday after a long siege.
        """,
}
BLOG_POST = """\
    ---
    date: 2017-10-02
    title: What we learned
    tags: [air]
    ---
    # What we learned

    Back in March 2017, editors planned the series.
    """
CHANGELOG = """\
    # Changelog

    ## [1.2.0] - 2024-01-05

    - Added maps.

    ## 1.1.0 (2023-11-20)

    Fixed typos.

    ## Unreleased

    Nothing yet. Headings are written like this:

    ```markdown
    ## 2020-02-02
    ```
    """


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def make_project(root: Path, *, theme: str = "mkdocs", index: str = "# Home\n\nHello.\n",
                 plugin_extra: str = "", extra: str = "") -> Path:
    for name, text in ARTICLES.items():
        write(root / "articles" / name, text)
    write(root / "docs" / "index.md", index)
    write(root / "docs" / "blog" / "post1.md", BLOG_POST)
    write(root / "docs" / "changelog.md", CHANGELOG)
    config = textwrap.dedent(f"""\
        site_name: Velmora desk
        theme: {theme}
        plugins:
          - search
          - timeline:
              sources: [articles/]
              title: Velmora air war
              pages: ["blog/*.md", changelog.md]
        """)
    config += textwrap.indent(textwrap.dedent(plugin_extra), " " * 6) + textwrap.dedent(extra)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def mkdocs_build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), *extra],
        capture_output=True, text=True, timeout=120, cwd=root)


def events_in(html: str) -> list[str]:
    return re.findall(r'<li class="tl-event[^"]*" id="([^"]+)"', html)


def texts_in(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'<p class="tl-text">(.*?)</p>', html)]


def page_path(site: Path, page_url: str, href: str) -> Path:
    """The file a relative link on ``page_url`` leads to."""
    target = urlsplit(urljoin("http://site/" + page_url, href)).path.lstrip("/")
    path = site / target
    return path / "index.html" if target.endswith("/") or not target else path


INDEX = """\
    # Home

    The whole story:

    ::timeline::

    ::timeline tag=air from=2017-01-01 title="Air raids in 2017"::

    To place it, write this on a line of its own:

    ```
    ::timeline::
    ```
    """


def test_default_theme_places_filtered_timelines_and_adds_assets(tmp_path):
    root = make_project(tmp_path, index=INDEX)
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    html = (site / "index.html").read_text()
    assert html.count('<div class="tl-timeline tl-fragment"') == 2
    whole, air = html.split("Air raids in 2017", 1)
    texts = texts_in(whole)
    for expected in ("Armed groups took the harbour town of Velmora in 2015.",
                     "Militia forces retook Velmora on Saturday after a long siege.",
                     "The last raid of the old mandate came on January 19.",
                     "Six guided strikes hit a desert camp on Friday, officials said.",
                     "Back in March 2017, editors planned the series.",
                     "Changelog: 1.1.0", "Changelog: 1.2.0"):
        assert expected in texts, (expected, texts)
    assert len(texts) == 7
    dates = re.findall(r'<time datetime="(\d{4}(?:-\d\d){0,2})">[^<]*</time></h', whole)
    assert dates == sorted(dates, key=lambda d: (d + "-00-00")[:10])  # chronological
    # The filtered one: tag air, from 2017 on.
    assert texts_in(air) == [
        "The last raid of the old mandate came on January 19.",
        "Back in March 2017, editors planned the series.",
        "Six guided strikes hit a desert camp on Friday, officials said.",
    ]
    # The syntax shown in a code block stays code.
    assert "<code>::timeline::" in html
    # CSS and the optional script are on the page and in the site.
    assert re.search(r'<link href="assets/timeline/timeline.css" rel="stylesheet"', html)
    assert 'src="assets/timeline/timeline.js"' in html
    assert ".tl-timeline.tl-fragment:not(#tl--)" in (site / "assets/timeline/timeline.css").read_text()
    # No generated page when a page places the timeline.
    assert not (site / "timeline").exists()
    # Ids of the two timelines never collide.
    ids = re.findall(r'\sid="(tl-[^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_docs_pages_as_sources_link_back_to_the_page(tmp_path):
    root = make_project(tmp_path, index=INDEX)
    assert mkdocs_build(root).returncode == 0
    site = root / "site"
    html = (site / "index.html").read_text()
    post = re.search(r'<a href="([^"]+)"[^>]*>What we learned</a>', html).group(1)
    assert page_path(site, "", post).is_file()
    changelog_links = re.findall(r'<a href="(changelog/[^"]*#[^"]+)"', html)
    assert len(changelog_links) == 2
    changelog = (site / "changelog" / "index.html").read_text()
    for link in changelog_links:
        assert f'id="{link.split("#")[1]}"' in changelog


def test_material_theme_gets_a_generated_timeline_page(tmp_path):
    pytest.importorskip("material")
    root = make_project(tmp_path, theme="material")
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    page = root / "site" / "timeline" / "index.html"
    html = page.read_text()
    assert len(events_in(html)) == 7
    assert "<h1" in html and "Velmora air war" in html
    assert 'href="../assets/timeline/timeline.css"' in html
    assert 'href="timeline/"' in (root / "site" / "index.html").read_text()  # in the nav


def test_page_false_adds_no_page(tmp_path):
    root = make_project(tmp_path, plugin_extra="    page: false\n")
    assert mkdocs_build(root).returncode == 0
    assert not (root / "site" / "timeline").exists()


def test_fenced_blocks_work_in_pages_with_the_plugin(tmp_path):
    index = """\
        # Home

        ```timeline
        published: 2017-09-24
        - 2017-09-22: Six strikes on **camps**
        - January 19: Last raid
        ```
        """
    root = make_project(tmp_path, index=index, plugin_extra="    page: false\n")
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert len(events_in(html)) == 2 and "<strong>camps</strong>" in html
    assert "<style>" not in html  # the page already loads timeline.css


def test_markdown_extension_alone_in_mkdocs(tmp_path):
    write(tmp_path / "docs" / "index.md", """\
        # Home

        ```timeline
        published: 2017-09-24
        - December 2016: City retaken
        ```
        """)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions:\n  - timeline\n")
    result = mkdocs_build(tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert '<time datetime="2016-12">December 2016</time>' in html
    assert "<style>" in html  # no plugin: the block brings its own scoped styles


def test_bad_placeholder_is_a_warning_and_fails_strict(tmp_path):
    root = make_project(tmp_path, index="# Home\n\n::timeline colour=red::\n")
    result = mkdocs_build(root, "--strict")
    assert result.returncode != 0
    assert "unknown timeline filter 'colour=red'" in result.stderr
    result = mkdocs_build(root)
    assert result.returncode == 0
    assert 'class="tl-errors"' in (root / "site" / "index.html").read_text()


def test_missing_sources_is_one_clear_error(tmp_path):
    root = make_project(tmp_path)
    text = (root / "mkdocs.yml").read_text().replace("[articles/]", "[nope/]")
    (root / "mkdocs.yml").write_text(text)
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "timeline: sources: nope/ not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_undated_article_is_reported_by_name(tmp_path):
    root = make_project(tmp_path)
    write(root / "articles" / "undated.md", "# No date\n\nIt happened on Friday.\n")
    result = mkdocs_build(root)
    assert result.returncode != 0
    assert "undated.md" in result.stderr and "Traceback" not in result.stderr
    text = (root / "mkdocs.yml").read_text().replace(
        "title: Velmora", "published: 2017-09-24\n      title: Velmora")
    (root / "mkdocs.yml").write_text(text)
    assert mkdocs_build(root).returncode == 0


def test_events_are_collected_once_per_build_and_sources_are_watched(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import timeline.pipeline

    index = "# Home\n\n::timeline::\n\n::timeline tag=air::\n"
    root = make_project(tmp_path, index=index)
    write(root / "docs" / "other.md", "# Other\n\n::timeline from=2016-01-01::\n")
    calls = []
    real = timeline.pipeline.collect_events

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(timeline.pipeline, "collect_events", counting)
    config = load_config(str(root / "mkdocs.yml"))
    build(config)
    assert len(calls) == 1
    assert len(events_in((root / "site" / "other" / "index.html").read_text())) > 0

    class Server:
        watched: list[str] = []

        def watch(self, path):
            self.watched.append(path)

    plugin = config.plugins["timeline"]
    server = Server()
    plugin.on_serve(server, config=config, builder=None)
    assert server.watched == [str((root / "articles").resolve())]


def test_rebuild_sees_a_changed_article(tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = make_project(tmp_path, index="# Home\n\n::timeline::\n")
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["timeline"]
    plugin.on_startup(command="serve", dirty=False)
    build(config)
    before = texts_in((root / "site" / "index.html").read_text())
    article = root / "articles" / "siege.md"
    article.write_text(article.read_text().replace("on Saturday", "on Sunday"))
    build(config)  # the same plugin instance rebuilds, as under `mkdocs serve`
    after = texts_in((root / "site" / "index.html").read_text())
    assert "Militia forces retook Velmora on Saturday after a long siege." in before
    assert "Militia forces retook Velmora on Sunday after a long siege." in after


def test_nothing_to_read_is_a_warning(tmp_path):
    write(tmp_path / "docs" / "index.md", "# Home\n\n::timeline::\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - timeline\n")
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0
    assert "no sources and no pages configured" in result.stderr
    assert "No dated events." in (tmp_path / "site" / "index.html").read_text()
    assert mkdocs_build(tmp_path, "--strict").returncode != 0


def test_year_headings_join_the_table_of_contents_in_place(tmp_path):
    index = "# Home\n\n## Before\n\nText.\n\n::timeline::\n\n## After\n\nMore.\n"
    root = make_project(tmp_path, index=index)
    assert mkdocs_build(root, "--strict").returncode == 0
    html = (root / "site" / "index.html").read_text()
    nav = html[:html.index('<div class="tl-timeline')]  # the sidebar comes before the content
    order = re.findall(r'href="#([^"]+)"', nav)
    years = [o for o in order if re.search(r"-y-\d+-h$", o)]
    assert len(years) >= 3
    assert order.index("before") < order.index(years[0])
    assert order.index(years[-1]) < order.index("after")
    for anchor in years:
        assert f'id="{anchor}"' in html


def test_a_bad_line_in_a_fenced_block_fails_strict(tmp_path):
    write(tmp_path / "docs" / "index.md",
          "# H\n\n```timeline\npublished: 2017-09-24\n- nonsense\n- 2017-09-22: ok\n```\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions:\n  - timeline\n")
    result = mkdocs_build(tmp_path, "--strict")
    assert result.returncode != 0 and "line 5" in result.stderr
    assert mkdocs_build(tmp_path).returncode == 0


def test_key_dates_and_the_key_filter(tmp_path):
    index = "# Home\n\n::timeline key=true title=\"Key dates\"::\n\n::timeline::\n"
    root = make_project(tmp_path, index=index, plugin_extra="    key_dates: 2\n")
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    key, whole = html.split('<div class="tl-timeline tl-fragment"')[1:3]
    key_events = re.findall(r'<li class="(tl-event[^"]*)"', key)
    assert 0 < len(key_events) <= 2
    assert all("tl-key" in classes.split() for classes in key_events)
    assert len(re.findall(r'<li class="tl-event', whole)) == 7

"""The MkDocs plugin keeps each placed timeline's HTML in its cache: a rebuild gives the
same bytes as rendering afresh, and any change to the inputs renders again."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("mkdocs")

from test_mkdocs_plugin import INDEX, make_project, mkdocs_build, write  # noqa: E402

_BUILD_DATE = re.compile(r"<!--\s*MkDocs version.*?-->", re.S)


def site_pages(site: Path) -> dict[str, str]:
    """Every HTML page of a built site (without MkDocs' own build-date comment) and the
    timeline's stylesheet."""
    pages = {str(p.relative_to(site)): _BUILD_DATE.sub("", p.read_text(encoding="utf-8"))
             for p in sorted(site.rglob("*.html"))}
    css = site / "assets" / "timeline" / "timeline.css"
    pages["timeline.css"] = css.read_text(encoding="utf-8")
    return pages


def build(root: Path) -> dict[str, str]:
    result = mkdocs_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return site_pages(root / "site")


def render_files(root: Path) -> list[Path]:
    """The cached stylesheet and timelines (not the collected events)."""
    return sorted(p for p in (root / ".timeline-cache" / "mkdocs-render").glob("*.json")
                  if p.name != "events.json")


def test_rebuild_from_the_render_cache_gives_the_same_bytes(tmp_path):
    root = make_project(tmp_path / "cached", index=INDEX)
    first = build(root)
    assert len(render_files(root)) == 3  # the home page's two timelines, the stylesheet
    assert build(root) == first
    # Without any cache the plugin renders the same pages.
    plain = make_project(tmp_path / "plain", index=INDEX, plugin_extra="cache_dir: false\n")
    assert build(plain) == first
    assert not (plain / ".timeline-cache").exists()


def test_a_damaged_render_cache_file_is_rendered_again(tmp_path):
    root = make_project(tmp_path, index=INDEX)
    first = build(root)
    for path in render_files(root):
        path.write_text('{"html": 3', encoding="utf-8")
    assert build(root) == first
    assert all('"html"' in p.read_text(encoding="utf-8") and p.stat().st_size > 100
               for p in render_files(root))


def test_a_changed_article_renders_the_timeline_again(tmp_path):
    root = make_project(tmp_path / "site1", index=INDEX)
    before = build(root)
    changed = """\
        ---
        title: Siege ends
        date: 2016-12-20
        tags: [velmora]
        ---
        Militia forces retook the port of Velmora on Saturday after a long siege.
        """
    write(root / "articles" / "siege.md", changed)
    after = build(root)
    assert after != before
    assert "retook the port of Velmora" in after["index.html"]
    # The same as a project that never saw the old article.
    fresh = make_project(tmp_path / "site2", index=INDEX)
    write(fresh / "articles" / "siege.md", changed)
    shutil.rmtree(fresh / ".timeline-cache", ignore_errors=True)
    assert build(fresh) == after


def test_the_collected_events_are_reused_only_while_their_inputs_are_the_same(tmp_path):
    root = make_project(tmp_path, index=INDEX)
    first = build(root)
    events_file = root / ".timeline-cache" / "mkdocs-render" / "events.json"
    assert events_file.is_file()
    assert build(root) == first
    # A corrections file beside the articles is an input too.
    write(root / "articles" / "timeline.corrections.yaml", """\
        version: 1
        manual:
          - date: 2015-03-01
            headline: Harbour cranes fall silent
        """)
    corrected = build(root)
    assert "Harbour cranes fall silent" not in first["index.html"]
    assert "Harbour cranes fall silent" in corrected["index.html"]
    fresh = make_project(tmp_path / "fresh", index=INDEX)
    write(fresh / "articles" / "timeline.corrections.yaml",
          (root / "articles" / "timeline.corrections.yaml").read_text(encoding="utf-8"))
    assert build(fresh) == corrected


def test_the_plugin_names_the_corrections_file_the_editorial_layer_reads():
    from timeline import mkdocs_plugin
    from timeline.editorial.corrections import DEFAULT_FILENAME

    assert mkdocs_plugin._CORRECTIONS_FILENAME == DEFAULT_FILENAME

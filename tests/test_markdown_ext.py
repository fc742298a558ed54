"""The Python-Markdown extension: fenced ``timeline`` blocks."""

from __future__ import annotations

import re

import markdown
import pytest

from timeline.markdown import TimelineExtension, parse_block, render_inline_markdown

BLOCK = """Intro text.

```timeline
published: 2017-09-24
title: Air strikes
- 2017-09-22: Six precision strikes on **desert camps**
- January 19: Last strike under the previous administration
- December 2016: Militia forces retook the city
  after a siege of several months
```

After.
"""


def render(text: str, **config) -> str:
    return markdown.markdown(text, extensions=[TimelineExtension(**config)])


def test_block_renders_the_shared_timeline_markup_in_order():
    html = render(BLOCK)
    assert html.startswith("<p>Intro text.</p>") and html.rstrip().endswith("<p>After.</p>")
    assert '<div class="tl-timeline tl-fragment"' in html
    assert html.count("<li class=\"tl-event") == 3
    dates = re.findall(r'<time datetime="([^"]+)"', html)
    assert dates == ["2016-12", "2017-01-19", "2017-09-22"]  # chronological, coarse kept coarse
    assert "<strong>desert camps</strong>" in html  # inline Markdown
    assert "retook the city after a siege of several months" in html  # continuation line
    assert ">Air strikes<" in html
    assert "```" not in html and "published:" not in html


def test_free_text_dates_resolve_against_published():
    html = render(BLOCK.replace("published: 2017-09-24", "published: 2018-09-24"))
    assert '<time datetime="2018-01-19">' in html


def test_extension_loads_by_name_and_through_the_entry_point():
    by_module = markdown.markdown(BLOCK, extensions=["timeline.markdown"])
    by_entry_point = markdown.markdown(BLOCK, extensions=["timeline"])
    assert by_module == by_entry_point == render(BLOCK)


def test_invalid_lines_are_reported_in_place_and_the_rest_renders(caplog):
    text = BLOCK.replace("- January 19:", "- Someday soon:").replace(
        "title: Air strikes", "title: Air strikes\ncolour: red")
    with caplog.at_level("WARNING", logger="mkdocs.plugins.timeline.markdown"):
        html = render(text)
    assert 'class="tl-errors" role="alert"' in html
    assert "Someday soon" in html and "unknown option &#39;colour&#39;" in html
    assert html.count("<li class=\"tl-event") == 2
    assert len([r for r in caplog.records if "timeline block" in r.getMessage()]) == 2


def test_relative_date_without_published_is_explained():
    result = parse_block(["- January 19: Last strike"])
    assert not result.events
    assert "no year" in result.errors[0] or "cannot read a date" in result.errors[0]
    assert result.errors[0].startswith("line 1:")


def test_error_lines_point_into_the_page():
    html = render("a\n\n```timeline\npublished: 2017-09-24\n- nonsense\n```\n")
    assert "line 5:" in html


def test_entries_are_sanitized():
    result = parse_block([
        "published: 2017-09-24",
        "- 2017-09-22: Strike <script>alert(1)</script> [x](javascript:alert(2)) "
        '<img src=x onerror="alert(3)"> [ok](https://example.org/a)',
    ])
    html = render_inline_markdown(result.markdown_text[result.events[0].id])
    assert "<script" not in html and "javascript:" not in html
    assert "onerror" not in html and "<img" not in html
    assert '<a href="https://example.org/a"' in html
    assert "alert(1)" not in result.events[0].text  # plain text for search and pictures


def test_fences_inside_other_code_blocks_are_left_alone():
    text = "````markdown\n```timeline\n- 2017-09-22: shown as code\n```\n````\n"
    html = markdown.markdown(text, extensions=["timeline", "fenced_code"])
    assert "tl-timeline" not in html
    assert "```timeline" in html


def test_fence_attributes_and_tilde_fences():
    text = '~~~ {.timeline published=2017-09-24 title="From the fence"}\n- Friday: Strikes\n~~~\n'
    html = render(text)
    assert '<time datetime="2017-09-22">' in html and "From the fence" in html


def test_inline_css_can_be_left_to_the_page():
    assert "<style>" in render(BLOCK)
    assert "<style>" not in render(BLOCK, inline_css=False)


def test_ids_differ_between_blocks_on_one_page():
    second = BLOCK.replace("Air strikes", "Other").replace("Six precision", "Seven")
    html = render(BLOCK + "\n" + second)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("line", ["- 2017-09-22:", "- 2017-09-22 no colon"])
def test_malformed_entries(line):
    result = parse_block(["published: 2017-09-24", line])
    assert not result.events and len(result.errors) == 1


def test_the_same_block_twice_on_a_page_has_distinct_ids():
    html = render(BLOCK + "\n" + BLOCK)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and html.count('<div class="tl-timeline') == 2

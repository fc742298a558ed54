"""Ingest never fails with a traceback: malformed markup, odd bytes, odd dates, odd files."""

from __future__ import annotations

import os
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.ingest import iter_documents
from timeline.ingest.dates import coerce_publication_date, date_from_path_parts
from timeline.ingest.html import parse_html
from timeline.ingest.markdown_text import markdown_to_text
from timeline.ingest.metadata import MetadataError, split_front_matter

HTML_BITS = st.sampled_from([
    "<p>", "</p>", "<div class='nav'>", "</div>", "<article>", "</article>", "<script>",
    "</script>", "<!--", "-->", "<br>", "&amp;", "&#x0;", "&bogus;", "<title>", "</title>",
    "<meta property='article:published_time' content='2017-09-24'>", "<time datetime=x>",
    "<script type='application/ld+json'>{\"datePublished\": 5}", "<![CDATA[", "]]>", "<",
    ">", "text ", "Friday ", "\n", "<pre>", "</pre>", "<td>", "<svg><title>x</title>",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(HTML_BITS, max_size=60))
def test_parse_html_never_raises(bits):
    page = parse_html("".join(bits))
    assert isinstance(page.text, str)
    assert "<script" not in page.clean_html


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_markdown_and_front_matter_never_crash(text):
    try:
        split_front_matter(text)
    except MetadataError as err:
        assert err.message
    assert isinstance(markdown_to_text(text), str)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.integers(), st.none(), st.floats(),
                 st.lists(st.text(max_size=5), max_size=3)))
def test_coerce_publication_date_never_raises(value):
    result = coerce_publication_date(value)
    assert result is None or 1800 <= result.year <= 2200


@pytest.mark.parametrize("value", ["September 2017", "2017", "Friday", "yesterday", "12",
                                   "0000-00-00", "2017-02-29", "99999-01-01", "n/a"])
def test_partial_or_bogus_dates_are_not_dates(value):
    assert coerce_publication_date(value) is None


@given(st.lists(st.text(max_size=15), max_size=6))
def test_path_dates_never_raise(parts):
    found = date_from_path_parts(parts)
    assert found is None or isinstance(found, date)


def test_broken_symlink_and_deep_nesting(tmp_path):
    deep = tmp_path.joinpath(*[f"d{i}" for i in range(30)])
    deep.mkdir(parents=True)
    (deep / "x.md").write_text("---\ndate: 2017-09-24\n---\nDeep.\n", encoding="utf-8")
    os.symlink(tmp_path / "missing.md", tmp_path / "dangling.md")
    os.symlink(tmp_path, tmp_path / "loop")  # a folder symlink is not followed
    warnings: list[str] = []
    docs = list(iter_documents([tmp_path], on_warning=warnings.append))
    assert [d.text for d in docs] == ["Deep."]
    assert len(warnings) == 1 and "dangling.md" in warnings[0]


def test_huge_single_line_and_control_characters(tmp_path):
    (tmp_path / "a.txt").write_text("word " * 200000 + "\x07\x1b[31m end\f.", encoding="utf-8")
    (doc,) = iter_documents([tmp_path], published=date(2017, 1, 1))
    assert "\x07" not in doc.text and "\x1b" not in doc.text and "\f" not in doc.text
    assert doc.title.endswith("\u2026") and len(doc.title) <= 201


def test_utf16_with_bom(tmp_path):
    (tmp_path / "a.txt").write_bytes("\ufeffNews from 2017.\r\n".encode("utf-16-le"))
    (doc,) = iter_documents([tmp_path], published=date(2017, 1, 1))
    assert doc.text == "News from 2017."

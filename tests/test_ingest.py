"""Ingest: files and folders to Documents, metadata, publication dates, errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from shared_data import shared_path

from timeline.errors import InputError
from timeline.ingest import (
    UndatedDocumentError,
    UnreadableFileError,
    iter_documents,
    iter_source_files,
    list_source_files,
    read_document,
    read_publication_date,
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def collect(sources, published=None):
    warnings: list[str] = []
    docs = list(iter_documents(sources, published=published, on_warning=warnings.append))
    return docs, warnings


# --- Markdown and front matter --------------------------------------------------------


def test_markdown_front_matter_fields(tmp_path):
    write(tmp_path / "a.md", """---
title: Strikes resume
date: 2017-09-24
source: Desert Wire
url: https://example.org/strikes
tags: [Libya, "air war"]
desk: foreign
---
# Heading in the body

The *military* conducted [airstrikes](https://example.org) on Friday,
officials said.
""")
    doc = read_document(tmp_path / "a.md", tmp_path)
    assert doc.path == "a.md"
    assert doc.title == "Strikes resume"
    assert doc.published == date(2017, 9, 24)
    assert doc.published_from == "front-matter"
    assert doc.source == "Desert Wire"
    assert doc.url == "https://example.org/strikes"
    assert doc.tags == ("Libya", "air war")
    assert doc.body_format == "markdown"
    assert doc.body.startswith("# Heading in the body")  # Markdown kept for the renderer
    assert "[airstrikes](https://example.org)" in doc.body
    assert doc.extra["desk"] == "foreign"
    # Plain text: markup gone, soft-wrapped lines joined into one paragraph.
    assert doc.text == (
        "Heading in the body\n\nThe military conducted airstrikes on Friday, officials said."
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2017-09-24", date(2017, 9, 24)),
        ('"2017-09-24T23:30:00-04:00"', date(2017, 9, 24)),  # local date as written
        ('"Sun, 24 Sep 2017 10:00:00 +0000"', date(2017, 9, 24)),
        ('"September 24, 2017"', date(2017, 9, 24)),
        ('"24 Sept. 2017"', date(2017, 9, 24)),
        ("2017-09-24 08:15:00", date(2017, 9, 24)),
    ],
)
def test_publication_date_spellings(tmp_path, written, expected):
    write(tmp_path / "a.md", f"---\ndate: {written}\n---\nText.\n")
    assert read_document(tmp_path / "a.md").published == expected


def test_alternative_keys_and_comma_tags(tmp_path):
    write(tmp_path / "a.md", "---\nPubDate: 2016-12-06\npublisher: The Ledger\n"
          "link: https://x.test/a\nkeywords: economy, banks , economy\n---\nBody.\n")
    doc = read_document(tmp_path / "a.md")
    assert doc.published == date(2016, 12, 6)
    assert doc.source == "The Ledger"
    assert doc.url == "https://x.test/a"
    assert doc.tags == ("economy", "banks")


def test_incomplete_front_matter_date_is_reported_not_guessed(tmp_path):
    write(tmp_path / "a.md", "---\ndate: September 2017\n---\nBody.\n")
    write(tmp_path / "b.md", "---\ndate: 2017-09-01\n---\nBody.\n")
    with pytest.raises(InputError) as err:
        collect([tmp_path])
    assert "a.md" in str(err.value) and "b.md" not in str(err.value)
    warnings: list[str] = []
    with pytest.raises(InputError):
        list(iter_documents([tmp_path], on_warning=warnings.append))
    assert any("not a full date" in w and "a.md" in w for w in warnings)


def test_invalid_yaml_front_matter_warns_with_line(tmp_path):
    write(tmp_path / "a.md", "---\ntitle: ok\ntags: [unclosed\n---\nThe body.\n")
    docs, warnings = collect([tmp_path], published=date(2017, 1, 1))
    assert len(docs) == 1
    assert docs[0].text == "The body."  # the broken block is not taken for prose
    assert len(warnings) == 1
    assert "a.md line" in warnings[0] and "front matter" in warnings[0]
    line = int(warnings[0].split("line ")[1].split(":")[0])
    assert 3 <= line <= 5


@pytest.mark.parametrize("block, line, message", [
    # well formed, but no such day: a warning naming the value's line, not a crash
    ("title: ok\ndate: 2017-02-30\n", 3, "invalid value in YAML: day is out of range"),
    # a tagged value libyaml's loader chokes on (AttributeError inside it): the pure
    # loader's error and line are reported
    ("title: !!timestamp 2001-12-14\t~\n", 2, "invalid YAML"),
])
def test_unbuildable_front_matter_values_warn_with_line(tmp_path, block, line, message):
    write(tmp_path / "a.md", f"---\n{block}---\nThe body.\n")
    docs, warnings = collect([tmp_path], published=date(2017, 1, 1))
    assert [d.text for d in docs] == ["The body."]
    assert len(warnings) == 1, warnings
    assert f"a.md line {line}: front matter ignored: {message}" in warnings[0]


def test_front_matter_reads_the_same_with_either_yaml_loader(tmp_path, monkeypatch):
    from timeline.ingest import metadata

    text = ("---\ntitle: \"Strikes: a 'timeline'\"\ndate: 2017-09-24T08:00:00+02:00\n"
            "tags: [Libya, air war]\nsource: Desert Wire\nurl: https://x.example/a\n---\nBody.\n")
    write(tmp_path / "a.md", text)
    fast = read_document(tmp_path / "a.md")
    monkeypatch.setattr(metadata, "_FAST_LOADER", None)
    assert read_document(tmp_path / "a.md") == fast


def test_toml_front_matter(tmp_path):
    write(tmp_path / "a.md", '+++\ntitle = "Hugo post"\ndate = 2017-09-24\n+++\nBody.\n')
    doc = read_document(tmp_path / "a.md")
    assert (doc.title, doc.published, doc.published_from) == (
        "Hugo post", date(2017, 9, 24), "front-matter")


def test_bom_and_crlf(tmp_path):
    raw = "\ufeff---\r\ndate: 2017-09-24\r\ntitle: Crlf\r\n---\r\nLine one.\r\n\r\nLine two.\r\n"
    write(tmp_path / "a.md", raw.encode("utf-8"))
    doc = read_document(tmp_path / "a.md")
    assert doc.title == "Crlf" and doc.published == date(2017, 9, 24)
    assert doc.text == "Line one.\n\nLine two."
    assert "\r" not in doc.body


def test_code_blocks_are_not_prose(tmp_path):
    write(tmp_path / "a.md", "---\ndate: 2017-09-24\n---\nProse.\n\n```\nrun 2015-01-01\n```\n")
    assert read_document(tmp_path / "a.md").text == "Prose."


# --- Titles ------------------------------------------------------------------------------


def test_title_fallbacks(tmp_path):
    write(tmp_path / "h.md", "Intro line.\n\n## The *real* heading\n\nText.\n")
    write(tmp_path / "s.md", "Setext title\n============\n\nText.\n")
    write(tmp_path / "t.txt", "\n\n  First   line of text  \nSecond line.\n")
    d = date(2017, 1, 1)
    assert read_document(tmp_path / "h.md", published=d).title == "The real heading"
    assert read_document(tmp_path / "s.md", published=d).title == "Setext title"
    assert read_document(tmp_path / "t.txt", published=d).title == "First line of text"


def test_a_first_line_that_is_a_paragraph_is_cut_to_a_headline(tmp_path):
    # A headline run into its standfirst: cut at a word, about a headline's length.
    words = "Officials say the leak could take months to contain as robots dive " * 4
    write(tmp_path / "long.txt", words + "\nSecond line.\n")
    title = read_document(tmp_path / "long.txt", published=date(2017, 1, 1)).title
    assert title.endswith("\u2026") and len(title) <= 101
    assert words.startswith(title[:-1]) and words[len(title) - 1] == " "
    # A real title (front matter) keeps up to the general limit.
    write(tmp_path / "t.md", f"---\ntitle: {words.strip()}\ndate: 2017-01-01\n---\nText.\n")
    assert len(read_document(tmp_path / "t.md").title) > 150


# --- HTML ---------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html><head>
<title>Strikes resume | Desert Wire</title>
<meta property="og:title" content="Strikes resume in the desert">
<meta property="og:site_name" content="Desert Wire">
<meta name="author" content="A. Reporter">
<meta property="article:published_time" content="2017-09-24T08:00:00+02:00">
<meta property="article:tag" content="Libya">
<meta name="keywords" content="air war, Libya">
<link rel="canonical" href="https://desert.example/strikes">
<style>body { color: red }</style>
<script>var dateline = "January 1, 2001";</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<div class="share-tools">Share on Friday!</div>
<article>
  <h1>Strikes resume</h1>
  <p>The military conducted airstrikes on Friday &amp; Saturday,<br>officials said.</p>
  <p>It was the first&nbsp;strike since January&#160;19.</p>
  <!-- a comment about 2014 -->
  <aside>Related: other news from 2013</aside>
  <form><input value="2012"> Subscribe</form>
</article>
<article class="teaser"><p>A short teaser.</p></article>
<footer>Copyright 2017</footer>
</body></html>
"""


def test_html_metadata_and_article_text(tmp_path):
    write(tmp_path / "page.html", PAGE)
    doc = read_document(tmp_path / "page.html")
    assert doc.title == "Strikes resume in the desert"  # og:title before <title>
    assert doc.published == date(2017, 9, 24)
    assert doc.published_from == "meta"
    assert doc.source == "Desert Wire"
    assert doc.url == "https://desert.example/strikes"
    assert doc.tags == ("Libya", "air war")
    assert doc.body_format == "html"
    assert doc.text == (
        "Strikes resume\n\n"
        "The military conducted airstrikes on Friday & Saturday,\nofficials said.\n\n"
        "It was the first strike since January 19."
    )
    for boilerplate in ("Home", "Share", "2014", "2013", "2012", "Subscribe", "Copyright",
                        "teaser", "red", "dateline"):
        assert boilerplate not in doc.text
    assert "<script" not in doc.body and "&amp;" in doc.body


def test_html_json_ld_graph_and_time_tag(tmp_path):
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Site"},
        {"@type": "NewsArticle", "headline": "From JSON-LD", "datePublished": "2016-12-06",
         "publisher": {"@type": "Organization", "name": "The Ledger"},
         "mainEntityOfPage": {"@id": "https://ledger.test/a"}},
    ]}
    write(tmp_path / "ld.html", f"""<html><head><script type="application/ld+json">
{json.dumps(ld)}</script></head><body><main><p>Main text.</p></main>
<p>Outside main.</p></body></html>""")
    doc = read_document(tmp_path / "ld.html")
    assert (doc.published, doc.published_from) == (date(2016, 12, 6), "json-ld")
    assert doc.title == "From JSON-LD" and doc.source == "The Ledger"
    assert doc.url == "https://ledger.test/a"
    assert doc.text == "Main text."  # <main> preferred when there is no <article>

    write(tmp_path / "time.html", """<html><body><p>On <time datetime="2015-03-01">1 March
</time> a thing.</p><p>Posted <time pubdate datetime="2015-03-04T10:00">4 March</time></p>
</body></html>""")
    doc = read_document(tmp_path / "time.html")
    assert (doc.published, doc.published_from) == (date(2015, 3, 4), "time-tag")

    write(tmp_path / "byline.html", """<html><body><div class="meta">By A. Writer,
<time datetime="2015-03-05">5 March</time></div><article><p>Talks began on
<time datetime="2015-03-01">1 March</time>.</p></article></body></html>""")
    doc = read_document(tmp_path / "byline.html")
    assert (doc.published, doc.published_from) == (date(2015, 3, 5), "time-tag")
    # A <time> inside running text is a date the article mentions, not its own.
    write(tmp_path / "mention.html", '<p>Talks began on <time datetime="2015-03-01">'
          '1 March</time>.</p>')
    with pytest.raises(UndatedDocumentError):
        read_document(tmp_path / "mention.html")


def test_html_broken_json_ld_and_declared_charset(tmp_path):
    page = ('<html><head><meta charset="windows-1252"><script type="application/ld+json">'
            '{broken</script><title>Caf\xe9</title></head><body><p>Caf\xe9 opened.</p>'
            '</body></html>')
    write(tmp_path / "old.html", page.encode("cp1252"))
    doc = read_document(tmp_path / "old.html", published=date(2010, 1, 1))
    assert doc.title == "Caf\u00e9" and doc.text == "Caf\u00e9 opened."


# --- Sidecars, paths, flag: precedence ------------------------------------------------


def test_sidecar_supplies_date_and_missing_fields(tmp_path):
    write(tmp_path / "a.md", "---\ntitle: Own title\n---\nBody.\n")
    write(tmp_path / "a.yaml", "title: Sidecar title\ndate: 2017-09-24\nsource: Wire\n")
    write(tmp_path / "b.txt", "Body b.\n")
    write(tmp_path / "b.txt.json", json.dumps({"published": "2016-01-02", "tags": "x, y"}))
    docs, warnings = collect([tmp_path])
    a, b = docs
    assert (a.title, a.published, a.published_from, a.source) == (
        "Own title", date(2017, 9, 24), "sidecar", "Wire")
    assert (b.published, b.published_from, b.tags) == (date(2016, 1, 2), "sidecar", ("x", "y"))
    assert warnings == []
    assert [Path(p).name for p in list_source_files([tmp_path])] == ["a.md", "b.txt"]


def test_precedence_metadata_sidecar_path_flag(tmp_path):
    folder = tmp_path / "2010-05-03"
    write(folder / "meta.md", "---\ndate: 2011-01-01\n---\nx\n")
    write(folder / "side.md", "x\n")
    write(folder / "side.yml", "date: 2012-02-02\n")
    write(folder / "path.md", "x\n")
    write(tmp_path / "flag.md", "x\n")
    docs, _ = collect([tmp_path], published=date(2013, 3, 3))
    got = {d.path: (d.published, d.published_from) for d in docs}
    assert got == {
        "2010-05-03/meta.md": (date(2011, 1, 1), "front-matter"),
        "2010-05-03/path.md": (date(2010, 5, 3), "path"),
        "2010-05-03/side.md": (date(2012, 2, 2), "sidecar"),
        "flag.md": (date(2013, 3, 3), "flag"),
    }


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("2017-09-24-libya.md", date(2017, 9, 24)),
        ("archive/2017/09/24/story.md", date(2017, 9, 24)),
        ("2016-01-01/2017-09-24/x.txt", date(2017, 9, 24)),  # nearest component wins
        ("notes_2017_09_24.txt", date(2017, 9, 24)),
    ],
)
def test_dates_from_paths(tmp_path, relative, expected):
    write(tmp_path / relative, "Body.\n")
    (doc,), _ = collect([tmp_path])
    assert (doc.published, doc.published_from) == (expected, "path")


def test_date_in_named_folder_itself(tmp_path):
    folder = tmp_path / "InputDocs" / "2010-05-03"
    write(folder / "1.htm.txt", "Body.\n")
    (doc,), _ = collect([folder])
    assert doc.path == "1.htm.txt" and doc.published == date(2010, 5, 3)
    assert read_publication_date(folder / "1.htm.txt") == (date(2010, 5, 3), "path")


def test_invalid_path_date_is_not_a_date(tmp_path):
    write(tmp_path / "2017-02-30-x.md", "Body.\n")
    with pytest.raises(InputError):
        collect([tmp_path])


# --- Errors ------------------------------------------------------------------------------


def test_undated_files_reported_together_after_dated_ones(tmp_path):
    write(tmp_path / "dated.md", "---\ndate: 2017-09-24\n---\nA.\n")
    write(tmp_path / "one.md", "B.\n")
    write(tmp_path / "sub" / "two.html", "<p>C.</p>")
    yielded = []
    with pytest.raises(InputError) as err:
        for doc in iter_documents([tmp_path], on_warning=lambda m: None):
            yielded.append(doc.path)
    assert yielded == ["dated.md"]
    message = str(err.value)
    assert "\n" not in message
    assert "2 files have no publication date" in message
    assert "one.md" in message and "two.html" in message
    assert "date:" in message and "sidecar" in message and "--published" in message
    assert err.value.exit_code == 2


def test_read_document_raises_for_undated_and_unreadable(tmp_path):
    write(tmp_path / "a.md", "B.\n")
    with pytest.raises(UndatedDocumentError):
        read_document(tmp_path / "a.md")
    write(tmp_path / "b.txt", b"caf\xff")
    with pytest.raises(UnreadableFileError):
        read_document(tmp_path / "b.txt", published=date(2017, 1, 1))
    assert read_publication_date(tmp_path / "a.md") == (None, "none")


def test_unreadable_files_are_warnings_and_others_survive(tmp_path):
    write(tmp_path / "good.md", "Fine.\n")
    write(tmp_path / "notes" / "x.txt", b"hello\nabc\xff def")
    write(tmp_path / "empty.txt", b"  \n")
    write(tmp_path / "bin.txt", b"abc\x00def")
    docs, warnings = collect([tmp_path], published=date(2017, 1, 1))
    assert [d.path for d in docs] == ["good.md"]
    assert f"skipped {(tmp_path / 'notes' / 'x.txt').as_posix()}: not valid UTF-8 " \
           "(byte 0xff at offset 9)" in warnings
    assert any("empty.txt: empty file" in w for w in warnings)
    assert any("bin.txt: binary file" in w for w in warnings)
    assert all("\n" not in w and "Traceback" not in w for w in warnings)


def test_missing_source_and_wrong_file_type(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list_source_files([tmp_path / "nope"])
    write(tmp_path / "data.csv", "a,b\n")
    with pytest.raises(InputError, match="not an article file"):
        list_source_files([tmp_path / "data.csv"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no article files"):
        collect([tmp_path / "empty"])


# --- Listing -----------------------------------------------------------------------------


def test_listing_skips_non_articles_and_is_sorted(tmp_path):
    for name in ["b.md", "a.txt", "c.markdown", "d.html", "e.htm", "f.htm.txt", "sub/z.md",
                 "sub/a.md", ".hidden.md", ".git/x.md", "site/index.html",
                 ".timeline-cache/x.md", "timeline.toml", "timeline.corrections.yaml",
                 "b.md.yaml", "notes.json", "data.csv", "img.png", "sub/.secret/x.md"]:
        write(tmp_path / name, "x")
    names = [f.name for f in iter_source_files([tmp_path])]
    assert names == ["a.txt", "b.md", "c.markdown", "d.html", "e.htm", "f.htm.txt",
                     "sub/a.md", "sub/z.md"]


def test_document_paths_relative_and_collisions(tmp_path):
    write(tmp_path / "one" / "x.md", "x")
    write(tmp_path / "two" / "x.md", "x")
    write(tmp_path / "two" / "deep" / "y.md", "x")
    files = list(iter_source_files([tmp_path / "one", tmp_path / "two",
                                    tmp_path / "two" / "deep" / "y.md"]))
    assert [f.name for f in files] == ["x.md", "two/x.md", "deep/y.md"]
    single = list(iter_source_files([tmp_path / "two" / "x.md"]))
    assert [f.name for f in single] == ["x.md"]


def test_same_input_same_documents(tmp_path):
    write(tmp_path / "a.md", "---\ndate: 2017-09-24\ntags: [b, a]\n---\nText.\n")
    write(tmp_path / "p.html", PAGE)
    first = [d.content_hash for d in collect([tmp_path])[0]]
    second = [d.content_hash for d in collect([tmp_path])[0]]
    assert first == second and len(first) == 2


# --- Tokenized corpora -------------------------------------------------------------------


def test_treebank_text_is_detokenized(tmp_path):
    write(tmp_path / "2010-05-24" / "1.htm.txt",
          "Earlier on Monday , BP pledged $ 500m -LRB- # 346m -RRB- to study the spill 's "
          "impact .\nSalazar said `` we will not rest '' , officials said .\n"
          "It is n't over .\n")
    (doc,), _ = collect([tmp_path])
    assert doc.text.split("\n") == [
        "Earlier on Monday, BP pledged $500m (\u00a3346m) to study the spill's impact.",
        "Salazar said \u201cwe will not rest\u201d, officials said.",
        "It isn't over.",
    ]


def test_ordinary_prose_is_not_detokenized(tmp_path):
    text = "He said: 'It's over.' Prices rose 5 % . Costs ( roughly ) doubled, he said."
    write(tmp_path / "a.txt", text)
    (doc,), _ = collect([tmp_path], published=date(2017, 1, 1))
    assert doc.text == text


# --- Real corpus -------------------------------------------------------------------------


def test_timeline17_input_docs_dated_from_folders():
    root = shared_path("data", "timeline17", "bpoil_bbc", "InputDocs")
    warnings: list[str] = []
    docs = list(iter_documents([root], on_warning=warnings.append))
    assert len(docs) > 50
    assert all(d.published_from == "path" for d in docs)
    assert all(d.published.isoformat() == d.path.split("/")[0] for d in docs)
    assert all(d.text.strip() for d in docs)
    assert all("-LRB-" not in d.text for d in docs)
    # The corpus has a few empty files: named, not fatal.
    assert all(w.startswith("skipped ") for w in warnings)


def test_furniture_class_on_a_layout_wrapper_keeps_the_story(tmp_path):
    story = " ".join(["The council met on Tuesday and voted to replace the bridge."] * 3)
    write(tmp_path / "p.html", f"""<html><body>
<div id="page" class="layout has-sidebar"><div class="story"><p>{story}</p>
<p>{story}</p></div><div class="sidebar"><p>Most read this week</p></div></div>
<div class="social share"><p>Share on Facebook</p></div></body></html>""")
    doc = read_document(tmp_path / "p.html", published=date(2024, 3, 13))
    assert doc.text == f"{story}\n\n{story}"


def test_html_title_without_site_suffix(tmp_path):
    write(tmp_path / "p.html", '<html><head><title>Bridge closes | Port Gazette</title>'
          '<meta property="og:site_name" content="Port Gazette"></head>'
          '<body><p>The bridge closed.</p></body></html>')
    doc = read_document(tmp_path / "p.html", published=date(2024, 3, 4))
    assert (doc.title, doc.source) == ("Bridge closes", "Port Gazette")


def test_header_block_metadata(tmp_path):
    write(tmp_path / "memo.txt", "Title: Situation report 14\nDate: 24 September 2017\n"
          "Author: Field office\nTags: libya, airstrikes\n\nStrikes hit a camp on Friday.\n")
    doc = read_document(tmp_path / "memo.txt")
    assert (doc.title, doc.published, doc.published_from, doc.source, doc.tags) == (
        "Situation report 14", date(2017, 9, 24), "front-matter", "Field office",
        ("libya", "airstrikes"))
    assert doc.text == "Strikes hit a camp on Friday."
    # Prose that happens to start with "Word: ..." is not metadata.
    write(tmp_path / "prose.txt", "Update: the bridge is closed.\n\nMore later.\n")
    doc = read_document(tmp_path / "prose.txt", published=date(2017, 1, 1))
    assert doc.text.startswith("Update: the bridge")


def test_pages_generated_by_timeline_are_not_articles(tmp_path):
    write(tmp_path / "a.md", "---\ndate: 2017-09-24\n---\nIn 2015 it began.\n")
    write(tmp_path / "public" / "index.html", '<html><head><meta name="generator" '
          'content="timeline 0.1.0"></head><body><p>In 2015 it began.</p></body></html>')
    docs, warnings = collect([tmp_path])
    assert [d.path for d in docs] == ["a.md"]
    assert len(warnings) == 1 and "generated by timeline" in warnings[0]


def test_live_blog_keeps_every_post(tmp_path):
    posts = "".join(f"<article><p>Update {n}: crews worked through the night on the "
                    f"bridge, the council said.</p></article>" for n in range(4))
    write(tmp_path / "live.html", f"<html><body><nav>Menu</nav>{posts}</body></html>")
    doc = read_document(tmp_path / "live.html", published=date(2024, 3, 4))
    assert [line[:8] for line in doc.text.split("\n\n")] == [
        "Update 0", "Update 1", "Update 2", "Update 3"]


def test_leading_thematic_break_is_not_front_matter(tmp_path):
    write(tmp_path / "a.md", "---\n\nThe bridge closed on Friday.\n\n---\n\nMore text.\n")
    docs, warnings = collect([tmp_path], published=date(2024, 3, 4))
    assert docs[0].text == "The bridge closed on Friday.\n\nMore text."
    assert warnings == []

"""``timeline extract`` and ``timeline normalize``: the fixed output contract, offsets into
the decoded file text, publication dates and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from timeline.cli import main
from timeline.temporal.timeml import parse_timeml, render_timeml
from timeline.temporal.timex import Timex

CONTRACT_KEYS = {"file", "start", "end", "text", "type", "value"}

# Non-ASCII before the expression: accents, curly quotes, an em dash, a character outside
# the Basic Multilingual Plane (one code point, two UTF-16 units, four UTF-8 bytes).
ARTICLE = ("Zürich — “Héllo” says the café 𝒳.\n\n"
           "The agreement was signed on September 22, 2017, in Genève.\n")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_jsonl_offsets_index_the_decoded_text(tmp_path, capsys) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(capsys, "extract", str(path), "--published", "2017-09-24")
    assert code == 0, err
    found = records(out)
    assert found, "no expression found"
    decoded = path.read_bytes().decode("utf-8")
    for rec in found:
        assert CONTRACT_KEYS <= set(rec)
        assert rec["file"] == str(path)
        assert decoded[rec["start"]:rec["end"]] == rec["text"]
    assert any(r["value"] == "2017-09-22" and r["type"] == "DATE"
               and "September 22, 2017" in r["text"] for r in found)
    # jsonl: one object per line, nothing else on stdout
    assert len(out.strip().splitlines()) == len(found)


def test_bom_and_crlf_stay_in_the_text_offsets_refer_to(tmp_path, capsys) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes("\ufeffHeadline\r\n\r\nIt ended on September 22, 2017.\r\n".encode())
    code, out, _ = run(capsys, "extract", str(path), "--published", "2017-09-24")
    assert code == 0
    decoded = path.read_bytes().decode("utf-8")
    found = records(out)
    assert found
    for rec in found:
        assert decoded[rec["start"]:rec["end"]] == rec["text"]
    date_rec = next(r for r in found if r["value"] == "2017-09-22")
    assert date_rec["start"] == decoded.index("September")


def test_file_date_wins_over_the_published_flag(tmp_path, capsys) -> None:
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: A story\ndate: 2017-09-24\n---\n\nThe minister resigned "
                    "yesterday.\n", encoding="utf-8")
    code, out, err = run(capsys, "extract", str(path), "--published", "2000-01-01")
    assert code == 0, err
    decoded = path.read_text(encoding="utf-8")
    rec = next(r for r in records(out) if r["text"].lower() == "yesterday")
    assert rec["value"] == "2017-09-23"
    assert decoded[rec["start"]:rec["end"]] == "yesterday"  # offsets include front matter
    # and with no flag at all the front matter date is enough
    code, out, _ = run(capsys, "extract", str(path))
    assert code == 0 and any(r["value"] == "2017-09-23" for r in records(out))


def test_date_in_the_path_dates_the_file(tmp_path, capsys) -> None:
    path = tmp_path / "2017-09-24" / "story.txt"
    path.parent.mkdir()
    path.write_text("The minister resigned yesterday.\n", encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(path))
    assert code == 0
    assert any(r["value"] == "2017-09-23" for r in records(out))


def test_undated_file_is_a_one_line_error_naming_it(tmp_path) -> None:
    path = tmp_path / "undated notes.txt"
    path.write_text("It happened on Friday.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "timeline", "extract", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stdout == ""
    err = proc.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert str(path) in err and "--published" in err


def test_non_utf8_file_is_an_error_and_nothing_is_half_written(tmp_path, capsys) -> None:
    good = tmp_path / "good.txt"
    good.write_text("It ended on September 22, 2017.\n", encoding="utf-8")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Café on September 22, 2017.".encode("latin-1"))
    code, out, err = run(capsys, "extract", str(good), str(bad), "--published", "2017-09-24")
    assert code == 2
    assert out == ""
    assert err.strip().count("\n") == 0
    assert "latin1.txt" in err and "UTF-8" in err and "0xe9" in err


def test_missing_file_and_bad_flag_values(tmp_path, capsys) -> None:
    code, out, err = run(capsys, "extract", str(tmp_path / "nope.txt"), "--published",
                         "2017-09-24")
    assert code == 2 and "nope.txt" in err and out == ""
    path = tmp_path / "a.txt"
    path.write_text("On September 22, 2017.", encoding="utf-8")
    code, _, err = run(capsys, "extract", str(path), "--published", "22/09/2017")
    assert code == 2 and "--published" in err
    code, _, _ = run(capsys, "extract", str(path), "--published", "2017-09-24", "--format", "csv")
    assert code == 2


def test_json_format_is_one_array_of_the_same_records(tmp_path, capsys) -> None:
    paths = []
    for name in ("one.txt", "two.txt"):
        p = tmp_path / name
        p.write_text(f"{name}: the vote was held on September 22, 2017.\n", encoding="utf-8")
        paths.append(str(p))
    _, jsonl, _ = run(capsys, "extract", *paths, "--published", "2017-09-24")
    code, out, _ = run(capsys, "extract", *paths, "--published", "2017-09-24", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list)
    assert data == records(jsonl)
    assert {r["file"] for r in data} == set(paths)


def test_explain_adds_the_explanation(tmp_path, capsys) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The minister resigned on Friday.\n", encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(path), "--published", "2017-09-24", "--explain")
    assert code == 0
    found = records(out)
    assert found and all("explanation" in r for r in found)
    assert "rule" in found[0]["explanation"]
    _, plain, _ = run(capsys, "extract", str(path), "--published", "2017-09-24")
    assert all("explanation" not in r for r in records(plain))


def test_timeml_format_round_trips(tmp_path, capsys) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE + "Prices <rose> 5% & fell on Friday.\n", encoding="utf-8")
    _, jsonl, _ = run(capsys, "extract", str(path), "--published", "2017-09-24")
    code, out, _ = run(capsys, "extract", str(path), "--published", "2017-09-24",
                       "--format", "timeml")
    assert code == 0
    doc = parse_timeml(out)
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.dct is not None and doc.dct.isoformat() == "2017-09-24"
    assert [(t.start, t.end, t.type, t.value) for t in doc.timexes] == [
        (r["start"], r["end"], r["type"], r["value"]) for r in records(jsonl)]


def test_timeml_for_several_files_needs_a_folder(tmp_path, capsys) -> None:
    paths = []
    for name in ("one.txt", "two.md"):
        p = tmp_path / "in" / name
        p.parent.mkdir(exist_ok=True)
        p.write_text("It ended on September 22, 2017.\n", encoding="utf-8")
        paths.append(str(p))
    code, out, _ = run(capsys, "extract", *paths, "--published", "2017-09-24",
                       "--format", "timeml")
    assert code == 2 and out == ""
    out_dir = tmp_path / "out"
    code, out, _ = run(capsys, "extract", *paths, "--published", "2017-09-24",
                       "--format", "timeml", "--timeml-dir", str(out_dir))
    assert code == 0 and out == ""
    assert sorted(p.name for p in out_dir.iterdir()) == ["one.txt.tml", "two.md.tml"]
    doc = parse_timeml((out_dir / "one.txt.tml").read_text(encoding="utf-8"))
    assert any(t.value == "2017-09-22" for t in doc.timexes)


def test_timeml_input_is_tagged_on_its_text_with_its_dct(tmp_path, capsys) -> None:
    text = "\nThe ceasefire held on Friday, officials said.\n"
    gold = [Timex(text.index("Friday"), text.index("Friday") + 6, "Friday", "DATE",
                  "2017-09-22")]
    path = tmp_path / "doc.tml"
    path.write_text(render_timeml(text, gold, "2017-09-24"), encoding="utf-8")
    code, out, err = run(capsys, "extract", str(path))  # the DCT dates it: no flag needed
    assert code == 0, err
    found = records(out)
    assert found
    for rec in found:
        assert text[rec["start"]:rec["end"]] == rec["text"]
    friday = next(r for r in found if "Friday" in r["text"])
    assert friday["value"] == "2017-09-22"


def test_folder_argument_expands_to_its_articles(tmp_path, capsys) -> None:
    (tmp_path / "news").mkdir()
    for name in ("b.txt", "a.md"):
        (tmp_path / "news" / name).write_text("It ended on September 22, 2017.\n",
                                              encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(tmp_path / "news"), "--published", "2017-09-24")
    assert code == 0
    files = [r["file"] for r in records(out)]
    assert sorted(set(files)) == [str(tmp_path / "news" / "a.md"),
                                  str(tmp_path / "news" / "b.txt")]


def test_modes_are_accepted(tmp_path, capsys) -> None:
    path = tmp_path / "history.txt"
    path.write_text("The treaty was signed on March 3, 1918. Two days later the war "
                    "ended in the east.\n", encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(path), "--published", "2017-09-24",
                       "--mode", "narrative")
    assert code == 0
    assert any(r["value"] == "1918-03-03" for r in records(out))
    code, _, _ = run(capsys, "extract", str(path), "--published", "2017-09-24", "--mode", "poem")
    assert code == 2


@pytest.mark.parametrize(
    ("expression", "value"),
    [("in December", "2016-12"), ("September 22, 2017", "2017-09-22"), ("2015", "2015")],
)
def test_normalize_prints_the_value(capsys, expression: str, value: str) -> None:
    code, out, _ = run(capsys, "normalize", expression, "--published", "2017-09-24")
    assert code == 0
    assert out == value + "\n"


def test_normalize_json_and_sentence(capsys) -> None:
    code, out, _ = run(capsys, "normalize", "Friday", "--published", "2017-09-24", "--json",
                       "--sentence", "The summit will open on Friday.")
    assert code == 0
    data = json.loads(out)
    assert {"start", "end", "text", "type", "value"} <= set(data)
    assert data["value"] == "2017-09-29"  # future tense looks forward from Sunday 24th


def test_normalize_without_an_expression_is_a_one_line_error(capsys) -> None:
    code, out, err = run(capsys, "normalize", "the quick brown fox", "--published", "2017-09-24")
    assert code != 0 and out == ""
    assert err.strip().count("\n") == 0 and "quick brown fox" in err


def test_html_is_dated_by_its_meta_and_offsets_index_the_raw_markup(tmp_path, capsys) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        '<!doctype html><html><head><meta property="article:published_time" '
        'content="2017-09-24T08:00:00Z"><title>Résumé</title></head><body><article>'
        "<p>The minister resigned <b>yesterday</b>, aides said.</p></article></body></html>",
        encoding="utf-8")
    code, out, err = run(capsys, "extract", str(path))
    assert code == 0, err
    raw = path.read_text(encoding="utf-8")
    found = records(out)
    for rec in found:
        assert raw[rec["start"]:rec["end"]] == rec["text"]
    assert any(r["text"] == "yesterday" and r["value"] == "2017-09-23" for r in found)


def test_input_text_reads_a_tml_file_as_plain_text(tmp_path, capsys) -> None:
    text = "The ceasefire held on September 22, 2017."
    path = tmp_path / "doc.tml"
    path.write_text(render_timeml(text, [], "2017-09-24"), encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(path), "--input", "text", "--published",
                       "2017-09-24")
    assert code == 0
    raw = path.read_text(encoding="utf-8")
    rec = next(r for r in records(out) if r["value"] == "2017-09-22")
    assert rec["start"] == raw.index("September 22")  # an offset into the markup file

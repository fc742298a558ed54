"""``timeline explain``: rule, anchor, tense cue and direction for expressions and files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_expression_json(capsys) -> None:
    code, out, _ = run(capsys, "explain", "in December", "--published", "2017-09-24", "--json")
    assert code == 0
    data = json.loads(out)
    [row] = data["expressions"]
    assert row["value"] == "2016-12" or row["value"] == "2017-12"
    exp = row["explanation"]
    assert exp["rule"]
    assert exp["anchor_kind"] == "publication" and exp["anchor"] == "2017-09-24"
    assert exp["year_inferred"] is True
    assert exp["resolved"] == "publication date"


def test_sentence_tense_decides_direction(capsys) -> None:
    _, past, _ = run(capsys, "explain", "on Friday", "--published", "2017-09-24", "--sentence",
                     "The US struck camps on Friday.", "--json")
    _, future, _ = run(capsys, "explain", "on Friday", "--published", "2017-09-24",
                       "--sentence", "The talks will resume on Friday.", "--json")
    past_row = json.loads(past)["expressions"][0]
    future_row = json.loads(future)["expressions"][0]
    assert past_row["value"] == "2017-09-22"
    assert future_row["value"] == "2017-09-29"
    assert past_row["explanation"]["tense"] == "past"
    assert future_row["explanation"]["tense"] == "future"
    assert past_row["explanation"]["direction"] != future_row["explanation"]["direction"]


def test_table_output(capsys) -> None:
    code, out, _ = run(capsys, "explain", "last Friday", "--published", "2017-09-24")
    assert code == 0
    assert "last Friday" in out and "2017-09-22" in out
    assert "publication date 2017-09-24" in out


def test_unrecognized_expression(capsys) -> None:
    code, _, err = run(capsys, "explain", "banana bread", "--published", "2017-09-24")
    assert code == 1
    assert "not recognized" in err


def test_file(tmp_path: Path, capsys) -> None:
    article = tmp_path / "strikes.md"
    article.write_text(
        "---\ntitle: Strikes\ndate: 2017-09-24\n---\n\n"
        "The US struck camps on Friday. In December 2016 forces retook the city.\n",
        encoding="utf-8")
    code, out, _ = run(capsys, "explain", str(article), "--json")
    assert code == 0
    rows = json.loads(out)["expressions"]
    values = {r["text"]: r["value"] for r in rows}
    assert values.get("Friday") == "2017-09-22" or values.get("on Friday") == "2017-09-22"
    assert "2016-12" in values.values()
    absolute = next(r for r in rows if r["value"] == "2016-12")
    assert absolute["explanation"]["anchor_kind"] == "none"
    assert all(r["source"] == str(article) for r in rows)


def test_file_without_date_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    article = tmp_path / "undated.txt"
    article.write_text("Talks resume on Friday.\n", encoding="utf-8")
    code, _, err = run(capsys, "explain", str(article))
    assert code == 2
    assert "undated.txt" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("bad", ["2017-13-01", "yesterday"])
def test_bad_published(capsys, bad: str) -> None:
    code, _, err = run(capsys, "explain", "in December", "--published", bad)
    assert code == 2
    assert "--published" in err

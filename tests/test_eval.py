"""The TempEval-3 evaluator: matching, figures, error classes, corpus runs and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from shared_data import shared_path

from timeline.cli import main
from timeline.temporal.evaluate import (
    Counts,
    error_classes,
    evaluate_corpus,
    evaluate_document,
    expression_kind,
    format_result,
    match_timexes,
    value_shape,
)
from timeline.temporal.timeml import parse_timeml, render_timeml
from timeline.temporal.timex import Timex


def tx(text: str, whole: str, value: str, type_: str = "DATE", mod: str | None = None,
       nth: int = 0) -> Timex:
    start = -1
    for _ in range(nth + 1):
        start = whole.index(text, start + 1)
    return Timex(start, start + len(text), text, type_, value, mod=mod)


TEXT = ("Officials said on Friday that the talks, which lasted nearly five months, "
        "would resume in December. 500 people attended the third quarter meeting.")


def gold_doc():
    gold = [tx("Friday", TEXT, "2017-09-22"),
            tx("nearly five months", TEXT, "P5M", "DURATION", mod="APPROX"),
            tx("December", TEXT, "2017-12"),
            tx("the third quarter", TEXT, "2017-Q3")]
    return parse_timeml(render_timeml(TEXT, gold, date(2017, 9, 24)), name="gold.tml")


def test_matching_is_one_to_one_and_prefers_exact_spans() -> None:
    text = "Friday morning and Friday"
    gold = [Timex(0, 6, "Friday", "DATE", "a"), Timex(7, 14, "morning", "TIME", "b")]
    system = [Timex(0, 14, "Friday morning", "TIME", "c"), Timex(0, 6, "Friday", "DATE", "a")]
    assert match_timexes(gold, system) == [(0, 1), (1, 0)]
    # one long system span overlapping two gold spans pairs with one of them only: the one
    # it overlaps most ("morning", 7 characters, over "Friday", 6)
    assert match_timexes(gold, system[:1]) == [(1, 0)]
    assert match_timexes([], system) == [] and match_timexes(gold, []) == []
    assert text[19:25] == "Friday"
    assert match_timexes([Timex(19, 25, "Friday", "DATE", "x")], system) == []


def test_document_figures_follow_tempeval3() -> None:
    doc = gold_doc()
    system = [
        tx("Friday", TEXT, "2017-09-22"),  # exact, right value
        tx("five months", TEXT, "P5M", "DURATION"),  # relaxed, right value, missing mod
        tx("December", TEXT, "2016-12"),  # exact, wrong value
        tx("500", TEXT, "0500"),  # spurious
    ]
    res = evaluate_document(doc, system, subset="x")
    c = res.counts
    assert (c.gold, c.system, c.strict, c.relaxed, c.type_ok, c.value_ok, c.mod_ok) == \
        (4, 4, 2, 3, 3, 2, 2)
    m = c.metrics()
    assert m["strict_p"] == pytest.approx(2 / 4) and m["strict_r"] == pytest.approx(2 / 4)
    assert m["relaxed_f1"] == pytest.approx(3 / 4)
    assert m["value_accuracy"] == pytest.approx(2 / 3)
    # value F1 = F1 of (correct values / system, correct values / gold) = relaxed F1 x accuracy
    assert m["value_p"] == pytest.approx(2 / 4) and m["value_r"] == pytest.approx(2 / 4)
    assert m["value_f1"] == pytest.approx(m["relaxed_f1"] * m["value_accuracy"])
    classes = {e.cls for e in res.errors}
    assert "missed: DATE (quarter/half/season)" in classes
    assert "spurious: DATE (bare number)" in classes
    assert "span too short: modifier" in classes
    assert "wrong value: month (+ year): YYYY-MM: year too early" in classes
    assert "wrong mod: gold APPROX, got none" in classes
    assert all(e.file == "gold.tml" for e in res.errors)
    missed = next(e for e in res.errors if e.kind == "missed")
    assert "[the third quarter]" in missed.context


def test_counts_add_up_and_empty_counts_do_not_divide_by_zero() -> None:
    total = Counts()
    total.add(Counts(docs=1, gold=2, system=1, strict=1, relaxed=1, type_ok=1, value_ok=1))
    total.add(Counts(docs=1, gold=1, system=3, strict=0, relaxed=1, type_ok=0, value_ok=0))
    assert (total.docs, total.gold, total.system, total.relaxed) == (2, 3, 4, 2)
    assert set(Counts().metrics().values()) == {0.0}


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Friday", "weekday"), ("Sept. 22", "day of month"), ("22 September 2017", "day of month"),
     ("last December", "month (+ year)"), ("five years", "number + unit"),
     ("three-day", "number + unit"), ("two years ago", "ago/later/before/after"),
     ("now", "reference word"), ("3:30 p.m.", "clock time"), ("every Tuesday", "set (every/each/-ly)"),
     ("the 1990s", "decade/century"), ("last week", "last/next/this + unit"),
     ("9/22/2017", "numeric date"), ("1998", "year number"), ("500", "bare number"),
     ("yesterday", "deictic day"), ("the first half", "quarter/half/season")],
)
def test_expression_kinds(text: str, kind: str) -> None:
    assert expression_kind(text) == kind


@pytest.mark.parametrize(
    ("value", "shape"),
    [("1998-01-08", "YYYY-MM-DD"), ("1998-01", "YYYY-MM"), ("1998", "YYYY"),
     ("1998-01-08T15:30", "YYYY-MM-DDTn:n"), ("1998-01-08TMO", "YYYY-MM-DDTMO"),
     ("P5Y", "PnY"), ("PXY", "PXY"), ("2017-W38", "YYYY-Wnn"), ("PAST_REF", "PAST_REF"),
     ("XXXX-WXX-2", "XXXX-WXX-n"), ("", "(empty)"), ("1998-Q4", "YYYY-Qn"),
     ("1998-WXX", "YYYY-WXX"), ("1968-XX", "YYYY-XX"), ("2017-SU", "YYYY-SU")],
)
def test_value_shapes(value: str, shape: str) -> None:
    assert value_shape(value) == shape


def _write_corpus(root) -> None:
    """Two subsets of small gold files written for this test."""
    docs = {
        "alpha/a1.tml": ("It rained on Monday and on Tuesday.", [("Monday", "2001-05-07")]),
        "alpha/a2.tml": ("Nothing happened in 1999.", [("1999", "1999")]),
        "beta/b1.tml": ("Sales rose in 2004 and 2005.", [("2004", "2004"), ("2005", "2005")]),
    }
    for rel, (text, gold) in docs.items():
        timexes = [Timex(text.index(s), text.index(s) + len(s), s, "DATE", v) for s, v in gold]
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_timeml(text, timexes, date(2001, 5, 9)), encoding="utf-8")


def capitalized_tagger(text: str, published: date | None = None, mode: str = "news"):
    """A fixed, transparent stand-in tagger: every capitalized weekday or 4-digit number."""
    import re

    out = []
    for m in re.finditer(r"\b(?:Monday|Tuesday|\d{4})\b", text):
        value = m.group(0) if m.group(0).isdigit() else published.isoformat()
        out.append(Timex(m.start(), m.end(), m.group(0), "DATE", value))
    return out


def test_corpus_is_reported_per_subfolder_and_overall(tmp_path) -> None:
    _write_corpus(tmp_path)
    seen = []
    result = evaluate_corpus(tmp_path, tagger=capitalized_tagger,
                             on_document=lambda res, system: seen.append(res.file))
    assert list(result.subsets) == ["alpha", "beta"]
    assert result.subsets["alpha"].docs == 2 and result.subsets["beta"].docs == 1
    assert (result.overall.gold, result.overall.system, result.overall.value_ok) == (4, 5, 3)
    assert len(seen) == 3
    text = format_result(result, errors=5)
    for needle in ("alpha", "beta", "overall", "Worst error classes",
                   "spurious: DATE (weekday)", "wrong value: weekday: YYYY-MM-DD: too late"):
        assert needle in text
    flat = evaluate_corpus(tmp_path, tagger=capitalized_tagger, subset_by_folder=False)
    assert flat.subsets == {} and flat.overall.gold == 4
    classes = error_classes(result.documents, kinds=["spurious"])
    assert [c.name for c in classes] == ["spurious: DATE (weekday)"]


def test_missing_or_empty_gold_folder_is_an_input_error(tmp_path) -> None:
    from timeline.errors import InputError

    with pytest.raises(InputError, match="no TimeML files"):
        evaluate_corpus(tmp_path, tagger=capitalized_tagger)
    with pytest.raises(InputError, match="no such file"):
        evaluate_corpus(tmp_path / "nope", tagger=capitalized_tagger)


def test_eval_command_prints_json_report_and_timeml(tmp_path, capsys) -> None:
    _write_corpus(tmp_path / "gold")
    report = tmp_path / "out" / "report.jsonl"
    out_dir = tmp_path / "system"
    assert main(["eval", str(tmp_path / "gold"), "--json", "--report", str(report),
                 "--write-timeml", str(out_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["subsets"]) == {"alpha", "beta"}
    for key in ("strict_f1", "relaxed_f1", "type_accuracy", "value_f1", "gold", "system"):
        assert key in data["overall"]
    assert data["overall"]["gold"] == 4 and data["overall"]["docs"] == 3
    lines = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [line["subset"] for line in lines] == ["alpha", "alpha", "beta"]
    assert all({"file", "counts", "errors", "dct"} <= set(line) for line in lines)
    written = sorted(p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*.tml"))
    assert written == ["alpha/a1.tml", "alpha/a2.tml", "beta/b1.tml"]
    system_doc = parse_timeml((out_dir / "beta/b1.tml").read_text(encoding="utf-8"))
    assert system_doc.text == "Sales rose in 2004 and 2005."
    assert system_doc.dct == date(2001, 5, 9)

    assert main(["eval", str(tmp_path / "gold"), "--errors", "3", "--kind", "missed"]) == 0
    text = capsys.readouterr().out
    assert "overall" in text and "of kind missed" in text


def test_eval_command_errors_are_one_line(tmp_path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["eval", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("timeline: error: ") and "\n" not in err and "empty" in err


@pytest.mark.slow
def test_eval_runs_on_tempeval3_and_scores_in_range(capsys) -> None:
    root = shared_path("data", "tbaq")
    assert main(["eval", str(root), "--json", "--errors", "5", "--jobs", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["subsets"]["timebank"]["gold"] == 1243
    assert data["subsets"]["aquaint"]["gold"] == 579
    assert data["subsets"]["timebank"]["docs"] == 183
    for figures in [*data["subsets"].values(), data["overall"]]:
        assert 0.0 <= figures["value_f1"] <= figures["relaxed_f1"] <= 1.0
        assert figures["strict_f1"] <= figures["relaxed_f1"]


def test_compare_with_an_earlier_json_run(tmp_path, capsys) -> None:
    _write_corpus(tmp_path / "gold")
    assert main(["eval", str(tmp_path / "gold"), "--json"]) == 0
    earlier = json.loads(capsys.readouterr().out)
    earlier["overall"]["value_f1"] = 0.25  # pretend the earlier tagger was worse
    saved = tmp_path / "before.json"
    saved.write_text(json.dumps(earlier), encoding="utf-8")
    assert main(["eval", str(tmp_path / "gold"), "--errors", "0", "--compare", str(saved)]) == 0
    out = capsys.readouterr().out
    now = next(line for line in out.splitlines() if line.startswith("overall") and "->" in line)
    assert "0.250 -> " in now
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert main(["eval", str(tmp_path / "gold"), "--compare", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err and err.strip().count("\n") == 0


def test_split_halves_are_fixed_disjoint_and_cover_everything(tmp_path) -> None:
    from timeline.temporal.evaluate import split_of

    names = [f"doc{i:03d}.tml" for i in range(200)]
    halves = [split_of(n) for n in names]
    assert set(halves) == {"dev", "test"}
    assert 60 < halves.count("dev") < 140  # roughly half, whatever the names
    assert halves == [split_of(n) for n in names]  # stable
    for name in names[:12]:
        text = f"{name} closed in 1999."
        (tmp_path / name).write_text(render_timeml(text, [Timex(
            text.index("1999"), text.index("1999") + 4, "1999", "DATE", "1999")],
            date(2000, 1, 1)), encoding="utf-8")
    everything = evaluate_corpus(tmp_path, tagger=capitalized_tagger)
    dev = evaluate_corpus(tmp_path, tagger=capitalized_tagger, split="dev")
    test = evaluate_corpus(tmp_path, tagger=capitalized_tagger, split="test")
    assert dev.overall.docs + test.overall.docs == everything.overall.docs == 12
    assert {d.file for d in dev.documents}.isdisjoint({d.file for d in test.documents})
    assert all(split_of(Path(d.file).name) == "dev" for d in dev.documents)
    assert "dev half" in format_result(dev, errors=0)

"""The value audit of `timeline eval --audit`: which wrong values are ours to fix and which
ones the gold contradicts (malformed values, a phrase annotated against its own majority,
a file read against another creation date, conventions fixed by the issue spec)."""

from __future__ import annotations

import json
from datetime import date

from timeline.cli import main
from timeline.temporal.evaluate import (
    evaluate_document,
    format_audit,
    phrase_key,
    rule_figures,
    value_audit,
)
from timeline.temporal.timeml import parse_timeml, render_timeml
from timeline.temporal.timex import Explanation, Timex


def _doc(name: str, text: str, gold: list[tuple[str, str]], system: list[tuple[str, str, str]],
         dct: date = date(2017, 9, 24)):
    """A scored document: ``gold`` (text, value) and ``system`` (text, value, rule)."""
    def spans(phrase: str, seen: dict[str, int]) -> tuple[int, int]:
        start = text.index(phrase, seen.get(phrase, 0))
        seen[phrase] = start + 1
        return start, start + len(phrase)

    seen: dict[str, int] = {}
    gold_tx = [Timex(*spans(t, seen), t, "DATE", v) for t, v in gold]
    seen = {}
    sys_tx = [Timex(*spans(t, seen), t, "DATE", v, explanation=Explanation(rule=r))
              for t, v, r in system]
    doc = parse_timeml(render_timeml(text, gold_tx, dct), name=name)
    return evaluate_document(doc, sys_tx)


def test_phrase_key_generalizes_names_and_numbers() -> None:
    assert phrase_key("Last Friday,") == "last <weekday>"
    assert phrase_key("Oct. 12") == "<month> N"
    assert phrase_key("  a  year   ago ") == "a year ago"
    assert phrase_key("the 1988 period") == "the N period"


def test_audit_tells_gold_inconsistencies_from_our_errors() -> None:
    week = "The talks ended last week."
    docs = [_doc(f"w{i}.tml", week, [("last week", "2017-W37")],
                 [("last week", "2017-W37", "relative_period")]) for i in range(3)]
    # The same phrase annotated against the corpus majority: the gold's inconsistency.
    docs.append(_doc("w3.tml", week, [("last week", "2017-WXX")],
                     [("last week", "2017-W37", "relative_period")]))
    # Malformed gold (a one-digit ISO week), a part of day kept by the issue spec, a gold
    # date that is not the weekday it names, and one wrong value of ours.
    docs.append(_doc("m.tml", "It began early next week. Friday morning it rained.",
                     [("next week", "2017-W9"), ("Friday morning", "2017-09-22")],
                     [("next week", "2017-W39", "relative_period"),
                      ("Friday morning", "2017-09-22TMO", "weekday_part_of_day")]))
    docs.append(_doc("d.tml", "On Friday the vote was held. In December it closed.",
                     [("Friday", "2017-09-21"), ("December", "2016-12")],
                     [("Friday", "2017-09-22", "weekday"), ("December", "2017-12", "month_name")]))
    classes = {(c.verdict, c.name): len(c.items) for c in value_audit(docs)}
    assert classes[("gold", "gold departs from its own majority for this phrase "
                            "(mostly YYYY-Wnn, here YYYY-WXX)")] == 1
    assert classes[("gold", "gold value is not well-formed TIMEX3")] == 1
    assert classes[("gold", "gold date is not the weekday its text names")] == 1
    assert ("spec", "part of day kept as TIME ...TMO/TNI (issue spec); gold drops or varies it") \
        in classes
    assert classes[("ours", "same shape, different value: YYYY-MM: year too late")] == 1
    assert sum(classes.values()) == sum(d.counts.relaxed - d.counts.value_ok for d in docs)
    # ours first, gold-side classes last
    verdicts = [c.verdict for c in value_audit(docs)]
    assert verdicts == sorted(verdicts, key=["ours", "spec", "gold"].index)


def test_a_file_read_against_another_dct_is_flagged() -> None:
    text = "He left Monday. She spoke Tuesday. They met Wednesday."
    doc = _doc("shift.tml", text,
               [("Monday", "2017-09-11"), ("Tuesday", "2017-09-12"), ("Wednesday", "2017-09-13")],
               [("Monday", "2017-09-18", "weekday"), ("Tuesday", "2017-09-19", "weekday"),
                ("Wednesday", "2017-09-20", "weekday")])
    [cls] = value_audit([doc])
    assert cls.verdict == "gold" and "another DCT" in cls.name and len(cls.items) == 3


def test_rule_figures_count_spurious_expressions_against_the_rule() -> None:
    doc = _doc("r.tml", "Now the vote. Friday it ended. In December again.",
               [("Friday", "2017-09-22"), ("December", "2016-12")],
               [("Now", "PRESENT_REF", "reference"), ("Friday", "2017-09-22", "weekday"),
                ("December", "2017-12", "month_name")])
    figures = {name: (n, paired, right) for name, n, paired, right in rule_figures([doc])}
    assert figures == {"reference": (1, 0, 0), "month_name": (1, 1, 0), "weekday": (1, 1, 1)}
    text = format_audit([doc])
    assert "Value audit (1 wrong values" in text and "month_name" in text


def test_eval_command_audit_in_text_and_json(tmp_path, capsys) -> None:
    text = "Officials said on Friday that the talks would resume in December."
    gold = [Timex(text.index("Friday"), text.index("Friday") + 6, "Friday", "DATE", "2017-09-21")]
    (tmp_path / "a.tml").write_text(render_timeml(text, gold, date(2017, 9, 24)),
                                    encoding="utf-8")
    assert main(["eval", str(tmp_path), "--audit", "--errors", "0"]) == 0
    out = capsys.readouterr().out
    assert "Value audit (1 wrong values" in out and "least precise values" in out
    assert main(["eval", str(tmp_path), "--audit", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["value_audit"][0]["verdict"] == "gold"  # 2017-09-21 is a Thursday
    assert {r["rule"] for r in data["rules"]} >= {"weekday", "month_name"}


def test_subsets_with_different_conventions_are_told_apart() -> None:
    """Two annotation teams: one writes a decade "198X", the other "198" (as we do). Our
    "198" against the first team's gold is a convention of that subset, not our error; with
    no other subset to compare, the same value stays ours."""
    def scored(name: str, subset: str, gold_value: str):
        doc = _doc(name, "Prices rose in the 1980s.", [("1980s", gold_value)],
                   [("1980s", "198", "decade_digits")])
        doc.subset = subset
        return doc

    docs = [scored("a1.tml", "aquaint", "198X"), scored("a2.tml", "aquaint", "198X"),
            scored("t1.tml", "timebank", "198"), scored("t2.tml", "timebank", "198")]
    classes = {(c.verdict, c.name): len(c.items) for c in value_audit(docs)}
    assert classes == {("gold", "the subsets' conventions differ for decade/century: aquaint "
                                "writes nX, timebank writes n (as we do)"): 2}
    alone = {(c.verdict, c.name) for c in value_audit(docs[:2])}
    assert alone == {("ours", "convention differs from the gold's: gold nX, ours n")}

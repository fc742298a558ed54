"""The blind held-out annotations (benchmarks/data/unseen_t17.json) are well-formed.

No score is asserted here: the figures are printed by benchmarks/bench_unseen.py. These
tests check that every annotation can be scored as meant: offsets in range and on word
boundaries, TIMEX3 value syntax that fits the type, the article texts unchanged (SHA-256),
the articles still the ones the fixed selection rule picks, and no article text stored.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from datetime import date
from pathlib import Path

import pytest
from shared_data import shared_path

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "benchmarks" / "data" / "unseen_t17.json"

TYPES = {"DATE", "TIME", "DURATION", "SET"}
MODS = {"BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN",
        "EQUAL_OR_LESS", "EQUAL_OR_MORE", "START", "MID", "END", "APPROX"}
TIMEX_KEYS = {"start", "end", "type", "value", "mod", "note"}
ARTICLE_KEYS = {"path", "sha256", "published", "note", "timexes"}

# TIMEX3 value syntax (TimeML 1.2.1 / TIDES), written here independently of the tagger.
_NUM = r"(?:\d+(?:\.\d+)?|X)"
_CALENDAR = (r"(?:\d{4}|XXXX)(?:-(?:\d\d|XX)(?:-(?:\d\d|XX))?|-W(?:\d\d|XX)(?:-[1-7X]|-WE)?"
             r"|-Q[1-4X]|-H[12X]|-(?:SP|SU|FA|WI))?|\d{3}|\d{2}")
_CLOCK = r"T(?:\d\d(?::\d\d(?::\d\d)?)?|MO|AF|EV|NI|DT)(?:Z|[+-]\d\d(?::\d\d)?)?"
_PERIOD = (rf"P(?:(?:{_NUM}(?:Y|M|W|D|DE|CE|L|Q|H))+(?:T(?:{_NUM}[HMS])+)?"
           rf"|T(?:{_NUM}[HMS])+)")
_REF = r"PRESENT_REF|PAST_REF|FUTURE_REF"
VALUE_SYNTAX = {
    "DATE": re.compile(rf"(?:{_CALENDAR}|{_REF})"),
    "TIME": re.compile(rf"(?:{_CALENDAR}){_CLOCK}"),
    "DURATION": re.compile(_PERIOD),
    "SET": re.compile(rf"{_PERIOD}|(?:{_CALENDAR})(?:{_CLOCK})?"),
}


def _load() -> dict:
    return json.loads(ANNOTATIONS.read_text(encoding="utf-8"))


def _select_articles():
    spec = importlib.util.spec_from_file_location(
        "unseen_select", ROOT / "benchmarks" / "unseen_select.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.select_articles


@pytest.fixture(scope="module")
def annotations() -> dict:
    return _load()


def test_file_structure(annotations: dict) -> None:
    assert isinstance(annotations["corrections"], list)
    for fix in annotations["corrections"]:
        assert {"path", "start", "what", "why"} <= set(fix), fix
    articles = annotations["articles"]
    assert len(articles) == 16
    assert len({a["path"] for a in articles}) == len(articles)
    for article in articles:
        assert set(article) <= ARTICLE_KEYS, article["path"]
        folder = article["path"].split("/")
        assert folder[1] == "InputDocs" and folder[-1].endswith(".htm.txt"), article["path"]
        # the publication date is the folder name
        assert article["published"] == folder[2]
        date.fromisoformat(article["published"])
        assert re.fullmatch(r"[0-9a-f]{64}", article["sha256"])


def test_timexes_well_formed(annotations: dict) -> None:
    for article in annotations["articles"]:
        previous_end = 0
        for t in article["timexes"]:
            where = f"{article['path']}@{t.get('start')}"
            # offsets only: no span text, no other field that could carry article text
            assert set(t) <= TIMEX_KEYS, where
            assert {"start", "end", "type", "value"} <= set(t), where
            assert isinstance(t["start"], int) and isinstance(t["end"], int), where
            assert 0 <= t["start"] < t["end"], where
            assert t["start"] >= previous_end, f"{where}: overlaps or out of order"
            previous_end = t["end"]
            assert t["type"] in TYPES, where
            assert VALUE_SYNTAX[t["type"]].fullmatch(t["value"]), \
                f"{where}: {t['value']!r} is not a TIMEX3 {t['type']} value"
            if "mod" in t:
                assert t["mod"] in MODS, where


def test_offsets_fall_on_word_boundaries() -> None:
    root = shared_path("data", "timeline17")
    for article in _load()["articles"]:
        raw = (root / article["path"]).read_bytes().decode("utf-8")
        assert hashlib.sha256(raw.encode("utf-8")).hexdigest() == article["sha256"], \
            f"{article['path']}: text differs from the annotated one"
        for t in article["timexes"]:
            s, e = t["start"], t["end"]
            where = f"{article['path']}@{s}"
            assert e <= len(raw), where
            span = raw[s:e]
            assert span == span.strip() and "\n" not in span, f"{where}: {span!r}"
            assert not (s > 0 and raw[s - 1].isalnum() and raw[s].isalnum()), \
                f"{where}: span starts inside a word"
            assert not (e < len(raw) and raw[e - 1].isalnum() and raw[e].isalnum()), \
                f"{where}: span ends inside a word"
            assert any(c.isalnum() for c in span), where


def test_articles_are_those_the_fixed_rule_picks() -> None:
    root = shared_path("data", "timeline17")
    chosen = [a["path"] for a in _load()["articles"]]
    assert chosen == _select_articles()(root)


def test_selection_rule_is_deterministic_and_capped(tmp_path: Path) -> None:
    """The rule itself, on a synthetic corpus: length window, 2 per topic, fixed order."""
    select = _select_articles()
    for topic in ("a_x", "b_y", "c_z"):
        for i in range(5):
            day = tmp_path / topic / "InputDocs" / f"2010-01-0{i + 1}"
            day.mkdir(parents=True)
            (day / f"{i}.htm.txt").write_text("word " * (200 + 300 * i), encoding="utf-8")
        (tmp_path / topic / "InputDocs" / "2010-01-01" / "short.htm.txt").write_text(
            "too short", encoding="utf-8")
        (tmp_path / topic / "InputDocs" / "2010-01-01" / "empty.htm.txt").write_text(
            "", encoding="utf-8")
    picked = select(tmp_path)
    assert picked == select(tmp_path)
    assert len(picked) == 6  # 3 topics x at most 2
    for topic in ("a_x", "b_y", "c_z"):
        assert sum(p.startswith(topic + "/") for p in picked) == 2
    for rel in picked:
        n = len((tmp_path / rel).read_text(encoding="utf-8"))
        assert 1500 <= n <= 6000, rel  # the 1,000- and 7,000-character ones are out


def _bench_module():
    spec = importlib.util.spec_from_file_location(
        "bench_unseen", ROOT / "benchmarks" / "bench_unseen.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_skips_without_shared(tmp_path: Path, monkeypatch, capsys) -> None:
    bench = _bench_module()
    monkeypatch.setattr(bench, "T17", tmp_path / "absent")
    assert bench.main(["--errors", "0"]) == 0
    assert capsys.readouterr().out.strip() == "skipped: ../shared absent"


def test_bench_refuses_a_changed_text(monkeypatch, capsys) -> None:
    shared_path("data", "timeline17")
    bench = _bench_module()
    data = _load()
    data["articles"][3]["sha256"] = "0" * 64
    monkeypatch.setattr(bench, "load_annotations", lambda: data)
    assert bench.main(["--errors", "0"]) == 1
    err = capsys.readouterr().err
    assert data["articles"][3]["path"] in err and "sha256" in err

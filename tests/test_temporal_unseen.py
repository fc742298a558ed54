"""The blind held-out annotations (every benchmarks/data/unseen_t17*.json) are well-formed.

No score is asserted here: the figures are printed by benchmarks/bench_unseen.py. These
tests check that every annotation file can be scored as meant: offsets in range and on word
boundaries, TIMEX3 value syntax that fits the type, the article texts unchanged (SHA-256),
the articles still a batch the fixed selection rule picks (``unseen_t17.json`` batch 1,
``unseen_t17_<n>.json`` batch n in full; any other file, a second annotator, a part of a
batch that a primary file already covers), no article text stored, and the form of the
``tuned_on`` mark that makes a file development gold. The scorer itself is checked on a
small synthetic corpus: one tagging per article, the union, agreement, the held-out /
development split and the withholding of held-out errors.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from shared_data import shared_path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
FILES = sorted(DATA.glob("unseen_t17*.json"))
ANNOTATIONS = DATA / "unseen_t17.json"

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


def _load(path: Path = ANNOTATIONS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    # dataclasses look their module up in sys.modules while the module runs
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _select_articles():
    return _module("unseen_select").select_articles


def _full_batch(path: Path) -> int | None:
    """The batch a primary file must annotate in full: unseen_t17.json 1, unseen_t17_<n> n."""
    if path.stem == "unseen_t17":
        return 1
    m = re.fullmatch(r"unseen_t17_(\d+)", path.stem)
    return int(m.group(1)) if m else None


def test_the_primary_files_exist() -> None:
    names = [p.name for p in FILES]
    assert "unseen_t17.json" in names and "unseen_t17_2.json" in names
    # name order makes the first annotation of an article its primary gold (bench_unseen)
    assert names[0] == "unseen_t17.json"


@pytest.fixture(scope="module", params=FILES, ids=[p.name for p in FILES])
def annotation_file(request) -> Path:
    return request.param


def test_file_structure(annotation_file: Path) -> None:
    annotations = _load(annotation_file)
    assert isinstance(annotations["description"], str)
    assert annotations["source"] == "../shared/data/timeline17"
    assert all(isinstance(c, str) for c in annotations["conventions"])
    assert isinstance(annotations["corrections"], list)
    for fix in annotations["corrections"]:
        assert {"path", "start", "what", "why"} <= set(fix), fix
    articles = annotations["articles"]
    assert articles
    if _full_batch(annotation_file) is not None:
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


def test_timexes_well_formed(annotation_file: Path) -> None:
    for article in _load(annotation_file)["articles"]:
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


def test_offsets_fall_on_word_boundaries(annotation_file: Path) -> None:
    root = shared_path("data", "timeline17")
    for article in _load(annotation_file)["articles"]:
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


def test_articles_are_a_batch_the_fixed_rule_picks(annotation_file: Path) -> None:
    root = shared_path("data", "timeline17")
    select = _select_articles()
    chosen = [a["path"] for a in _load(annotation_file)["articles"]]
    batch = _full_batch(annotation_file)
    if batch is not None:
        assert chosen == select(root, batch=batch)
        return
    # a second annotator: part of a batch, in its order, that an earlier file annotates
    batch = _module("bench_unseen").batch_of(chosen, root)
    assert batch is not None, "not a batch of unseen_select.py"
    primary = [p for p in FILES if _full_batch(p) == batch]
    assert primary and primary[0].name < annotation_file.name


def _synthetic_corpus(root: Path) -> None:
    for topic in ("a_x", "b_y", "c_z"):
        for i in range(5):
            day = root / topic / "InputDocs" / f"2010-01-0{i + 1}"
            day.mkdir(parents=True)
            (day / f"{i}.htm.txt").write_text("word " * (200 + 300 * i), encoding="utf-8")
        (root / topic / "InputDocs" / "2010-01-01" / "short.htm.txt").write_text(
            "too short", encoding="utf-8")
        (root / topic / "InputDocs" / "2010-01-01" / "empty.htm.txt").write_text(
            "", encoding="utf-8")


def test_selection_rule_is_deterministic_and_capped(tmp_path: Path) -> None:
    """The rule itself, on a synthetic corpus: length window, 2 per topic, fixed order."""
    select = _select_articles()
    _synthetic_corpus(tmp_path)
    picked = select(tmp_path)
    assert picked == select(tmp_path) == select(tmp_path, batch=1)
    assert len(picked) == 6  # 3 topics x at most 2
    for topic in ("a_x", "b_y", "c_z"):
        assert sum(p.startswith(topic + "/") for p in picked) == 2
    for rel in picked:
        n = len((tmp_path / rel).read_text(encoding="utf-8"))
        assert 1500 <= n <= 6000, rel  # the 1,000- and 7,000-character ones are out


def test_batch_two_skips_batch_one_and_caps_within_the_batch(tmp_path: Path) -> None:
    select = _select_articles()
    _synthetic_corpus(tmp_path)
    first, second = select(tmp_path, batch=1), select(tmp_path, batch=2)
    assert second == select(tmp_path, batch=2)
    assert not set(first) & set(second)
    # 3 in-window articles per topic: 2 went to batch 1, the third is all batch 2 can take
    assert len(second) == 3
    for topic in ("a_x", "b_y", "c_z"):
        assert sum(p.startswith(topic + "/") for p in second) == 1
    # nothing left for batch 3; batch numbers start at 1
    assert select(tmp_path, batch=3) == []
    with pytest.raises(ValueError):
        select(tmp_path, batch=0)


def _bench_module():
    return _module("bench_unseen")


def _edit_annotations(monkeypatch, bench, name: str, edit) -> None:
    """Make the bench read annotation file ``name`` as changed in memory by ``edit``."""
    real = bench.load_annotations

    def edited(path: Path) -> dict:
        data = real(path)
        if path.name == name:
            edit(data)
        return data

    monkeypatch.setattr(bench, "load_annotations", edited)


def test_bench_skips_without_shared(tmp_path: Path, monkeypatch, capsys) -> None:
    bench = _bench_module()
    monkeypatch.setattr(bench, "T17", tmp_path / "absent")
    assert bench.main(["--errors", "0"]) == 0
    assert capsys.readouterr().out.strip() == "skipped: ../shared absent"


def test_bench_refuses_a_changed_text(monkeypatch, capsys) -> None:
    shared_path("data", "timeline17")
    bench = _bench_module()
    _edit_annotations(monkeypatch, bench, "unseen_t17_2.json",
                      lambda data: data["articles"][3].update(sha256="0" * 64))
    assert bench.main(["--errors", "0"]) == 1
    err = capsys.readouterr().err
    assert _load(DATA / "unseen_t17_2.json")["articles"][3]["path"] in err and "sha256" in err


def _article(root: Path, rel: str, text: str, timexes: list[dict]) -> dict:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")
    return {"path": rel, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "published": rel.split("/")[2], "note": "", "timexes": timexes}


def test_scorer_union_and_agreement_on_a_synthetic_set(tmp_path: Path, monkeypatch) -> None:
    """Two articles, a primary file and a second annotator who misses one expression on
    the shared article: the union counts each article once against its primary gold, and
    the agreement counts are those of the second file scored against the first."""
    bench = _bench_module()
    corpus, data = tmp_path / "t17", tmp_path / "data"
    data.mkdir()
    one_text = "The talks ended on Friday . They had lasted three days ."
    two_text = "Officials met in March 2009 ."
    friday = {"start": one_text.index("Friday"), "end": one_text.index("Friday") + 6,
              "type": "DATE", "value": "2010-01-01"}
    days = {"start": one_text.index("three days"), "end": one_text.index("three days") + 10,
            "type": "DURATION", "value": "P3D"}
    march = {"start": two_text.index("March 2009"), "end": two_text.index("March 2009") + 10,
             "type": "DATE", "value": "2009-03"}
    one = _article(corpus, "a_x/InputDocs/2010-01-02/1.htm.txt", one_text, [friday, days])
    two = _article(corpus, "b_y/InputDocs/2009-04-01/2.htm.txt", two_text, [march])
    second = dict(one, timexes=[friday])
    for name, articles in (("unseen_t17.json", [one, two]), ("unseen_t17_b.json", [second])):
        (data / name).write_text(json.dumps({"articles": articles}), encoding="utf-8")

    monkeypatch.setattr(bench, "select_articles", lambda root, batch=1: [one["path"],
                                                                           two["path"]])
    sets = bench.load_sets(bench.annotation_files(data), root=corpus)
    assert [s.name for s in sets] == ["unseen_t17.json", "unseen_t17_b.json"]
    assert [s.batch for s in sets] == [1, 1]

    calls: list[str] = []
    import timeline.temporal as temporal
    real_tag = temporal.tag

    def counting_tag(text, *args, **kwargs):
        calls.append(text)
        return real_tag(text, *args, **kwargs)

    monkeypatch.setattr(temporal, "tag", counting_tag)
    report = bench.score_all(sets)
    assert sorted(calls) == sorted([one_text, two_text])  # each article tagged once
    assert report.primary_of == {one["path"]: "unseen_t17.json",
                                 two["path"]: "unseen_t17.json"}
    assert report.union.overall.docs == 2 and report.union.overall.gold == 3
    (agreement,) = report.agreements
    assert (agreement.primary, agreement.second) == ("unseen_t17.json", "unseen_t17_b.json")
    assert agreement.articles == [one["path"]]
    c = agreement.between.overall
    assert (c.gold, c.system, c.strict, c.relaxed, c.value_ok) == (2, 1, 1, 1, 1)
    assert agreement.tagger_vs_primary.overall.gold == 2
    assert agreement.tagger_vs_second.overall.gold == 1
    text = bench.format_report(report, errors=3)
    assert "unseen_t17_b.json vs unseen_t17.json" in text and "union (2 articles)" in text
    assert json.loads(json.dumps(report.to_dict(errors=3)))["agreement"][0]["articles"] == \
        [one["path"]]


# --- held out / development --------------------------------------------------------------

# the files whose errors the grammar was fixed from after their first scoring (issue 2)
DEVELOPMENT = {"unseen_t17.json", "unseen_t17_b.json", "unseen_t17_2.json"}


def test_tuned_on_form(annotation_file: Path) -> None:
    """A file is development gold iff it carries ``tuned_on``: exactly a commit hash and a
    note; the bench reads the same mark."""
    data = _load(annotation_file)
    mark = data.get("tuned_on")
    if annotation_file.name in DEVELOPMENT:
        assert mark is not None, f"{annotation_file.name} was tuned on: it must say so"
    if mark is None:
        assert _bench_module().tuned_on(data, annotation_file.name) is None
        return
    assert isinstance(mark, dict) and set(mark) == {"since_commit", "note"}
    assert re.fullmatch(r"[0-9a-f]{7,40}", mark["since_commit"]), mark
    assert isinstance(mark["note"], str) and mark["note"].strip()
    assert _bench_module().tuned_on(data, annotation_file.name) == mark


def test_tuned_on_names_a_commit_of_this_repository() -> None:
    git = ROOT / ".git"
    if not git.exists():
        pytest.skip("not a git checkout")
    import subprocess

    for path in FILES:
        mark = _load(path).get("tuned_on")
        if mark is None:
            continue
        found = subprocess.run(["git", "cat-file", "-e", f"{mark['since_commit']}^{{commit}}"],
                               cwd=ROOT, capture_output=True)
        if found.returncode != 0 and (git / "shallow").exists():
            pytest.skip("shallow clone: history incomplete")
        assert found.returncode == 0, f"{path.name}: no commit {mark['since_commit']}"


@pytest.mark.parametrize("mark", [
    "bba04a7",
    {"since_commit": "bba04a7"},
    {"since_commit": "bba04a7", "note": ""},
    {"since_commit": "not-a-hash", "note": "fixed"},
    {"since_commit": "BBA04A7", "note": "fixed"},
    {"since_commit": "bba04", "note": "fixed"},
    {"since_commit": "bba04a7", "note": "fixed", "by": "someone"},
])
def test_bench_rejects_a_malformed_tuned_on(mark) -> None:
    bench = _bench_module()
    with pytest.raises(bench.BadAnnotationFile, match="x.json: tuned_on|x.json: \"tuned_on"):
        bench.tuned_on({"tuned_on": mark}, "x.json")


def test_bench_exits_1_on_a_malformed_tuned_on(monkeypatch, capsys) -> None:
    shared_path("data", "timeline17")
    bench = _bench_module()
    _edit_annotations(monkeypatch, bench, "unseen_t17.json",
                      lambda data: data.update(tuned_on={"since_commit": "bba04a7"}))
    # malformed metadata stops the run before any article is tagged
    monkeypatch.setattr(bench, "score_all", lambda *a, **k: pytest.fail("scored"))
    assert bench.main(["--errors", "0"]) == 1
    err = capsys.readouterr().err
    assert "unseen_t17.json" in err and "tuned_on" in err


def test_held_out_and_development_unions_on_a_synthetic_set(tmp_path: Path,
                                                            monkeypatch) -> None:
    """Batch 1 is marked tuned_on, batch 2 is not: the held-out union is batch 2's articles
    only, the development union batch 1's; a second annotation marked tuned_on moves its
    article to development; held-out errors are withheld unless asked for."""
    bench = _bench_module()
    corpus, data = tmp_path / "t17", tmp_path / "data"
    data.mkdir()
    texts = {"one": "The talks ended on Friday .", "two": "They had lasted three days .",
             "three": "Officials met in March 2009 .", "four": "The vote was in May 2008 ."}
    rel = {"one": "a_x/InputDocs/2010-01-02/1.htm.txt",
           "two": "b_y/InputDocs/2010-01-02/2.htm.txt",
           "three": "c_z/InputDocs/2009-04-01/3.htm.txt",
           "four": "d_w/InputDocs/2009-04-01/4.htm.txt"}

    def gold(key: str, phrase: str, typ: str, value: str) -> dict:
        start = texts[key].index(phrase)
        return _article(corpus, rel[key], texts[key], [
            {"start": start, "end": start + len(phrase), "type": typ, "value": value}])

    one = gold("one", "Friday", "DATE", "2010-01-01")
    two = gold("two", "three days", "DURATION", "P3D")
    # a value no tagger gives: a sure value error on a held-out article
    three = gold("three", "March 2009", "DATE", "1999-03")
    four = gold("four", "May 2008", "DATE", "2008-05")
    mark = {"since_commit": "0123abc", "note": "rules fixed from its errors"}
    files = {"unseen_t17.json": {"tuned_on": mark, "articles": [one, two]},
             "unseen_t17_2.json": {"articles": [three, four]}}
    for name, body in files.items():
        (data / name).write_text(json.dumps(body), encoding="utf-8")
    batches = {1: [one["path"], two["path"]], 2: [three["path"], four["path"]]}
    monkeypatch.setattr(bench, "select_articles",
                        lambda root, batch=1: batches.get(batch, []))

    report = bench.score_all(bench.load_sets(bench.annotation_files(data), root=corpus))
    assert [s.held_out for s, _ in report.per_file] == [False, True]
    assert [d.file for d in report.held_out.documents] == [three["path"], four["path"]]
    assert [d.file for d in report.development.documents] == [one["path"], two["path"]]
    assert report.union.overall.docs == 4
    assert report.held_out.overall.value_ok < report.held_out.overall.gold

    text = bench.format_report(report, errors=5)
    assert "HELD-OUT union (2 articles)" in text and "development union (2 articles)" in text
    assert "development since 0123abc" in text and "held out" in text
    assert "1999-03" not in text and "--show-held-out-errors" in text
    assert "1999-03" in bench.format_report(report, errors=5, held_out_errors=True)

    dumped = json.loads(json.dumps(report.to_dict(errors=5)))
    assert dumped["files"]["unseen_t17.json"]["tuned_on"] == mark
    assert dumped["files"]["unseen_t17_2.json"]["held_out"] is True
    assert dumped["held_out"]["overall"]["docs"] == 2
    assert dumped["development"]["overall"]["docs"] == 2
    assert "1999-03" not in json.dumps(dumped)
    assert "1999-03" in json.dumps(report.to_dict(errors=5, held_out_errors=True))
    only_held_out = bench.score_all(bench.load_sets([data / "unseen_t17_2.json"], root=corpus))
    assert "development union" not in bench.format_report(only_held_out, errors=5)

    # a second annotator of article three, whose errors were tuned on: three is spoiled
    second = {"tuned_on": mark, "articles": [dict(three)]}
    (data / "unseen_t17_2b.json").write_text(json.dumps(second), encoding="utf-8")
    report = bench.score_all(bench.load_sets(bench.annotation_files(data), root=corpus))
    assert [d.file for d in report.held_out.documents] == [four["path"]]
    assert [d.file for d in report.development.documents] == [one["path"], two["path"],
                                                              three["path"]]
    assert report.primary_of[three["path"]] == "unseen_t17_2.json"

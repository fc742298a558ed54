"""Blind held-out accuracy of the tagger on unseen news (issue 2 targets), and how far the
human annotators agree with each other.

    python benchmarks/bench_unseen.py              # every table, error classes, every error
    python benchmarks/bench_unseen.py --errors 0   # the tables only
    python benchmarks/bench_unseen.py --json out.json
    python benchmarks/bench_unseen.py --show-held-out-errors   # also list held-out errors

The gold is every ``benchmarks/data/unseen_t17*.json``: TIMEX3 annotations (offsets only,
no text) of Timeline17 articles picked by a fixed rule (``unseen_select.py``, batches of
16) and annotated by hand before the tagger was ever run on them (see benchmarks/README.md,
"Blind held-out set"). ``unseen_t17.json`` is batch 1 (annotator A), ``unseen_t17_2.json``
batch 2; a file that annotates articles another file already covers (``unseen_t17_b.json``:
a second annotator, B, on batch 1) is a second opinion. Files are taken in name order and
the first file to annotate an article is its primary gold.

Held out or development: a file whose top-level ``tuned_on`` object
(``{"since_commit": "<commit>", "note": "..."}``) says that rules have been changed because
of its errors since that commit is *development* gold; a file without it is *held out*.
An article is held out only if no file that annotates it is development gold.

Printed, with the tagger version:

1. per annotation file: the tagger against that file, per topic and overall, marked held
   out or development;
2. the held-out union and the development union, separately: every article once, against
   its primary gold (batch 1 with annotator A), per topic and overall; the development
   union with the worst error classes and every error. The held-out union's errors are
   withheld unless ``--show-held-out-errors`` is given: reading them is the first step
   to tuning on them, which would end the set's use as held-out gold. The union of all
   articles is printed as one row for comparison with earlier figures;
3. for each pair of files sharing articles: inter-annotator agreement on those articles
   (the later file scored against the primary one, as if it were a system: strict/relaxed
   F1, type and value accuracy, value F1), the tagger against each annotator on the same
   articles, and the classes of the annotators' disagreements.

The articles are read in place from ``../shared/data/timeline17``; each must have the
SHA-256 recorded with its annotations (exit 1 otherwise: the offsets would be meaningless).
Without ../shared it prints "skipped: ../shared absent" and exits 0.

Scoring is exactly ``timeline eval``'s (``timeline.temporal.evaluate``: ``match_timexes``
pairing, ``evaluate_document`` counts and error classes, ``format_result`` table).
Each article is tagged once, with its publication date (its folder name), in news mode.

This set stays held out only while no rule is changed because of what it shows: read the
figures, do not tune to the errors listed here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
T17 = SHARED / "data" / "timeline17"
DATA = Path(__file__).resolve().parent / "data"
ANNOTATIONS = DATA / "unseen_t17.json"  # batch 1, annotator A: the primary gold of batch 1

sys.path.insert(0, str(Path(__file__).resolve().parent))

from unseen_select import select_articles  # noqa: E402

from timeline.temporal.evaluate import (  # noqa: E402
    Counts,
    DocResult,
    EvalResult,
    evaluate_document,
    format_result,
)
from timeline.temporal.timeml import TimeMLDocument  # noqa: E402
from timeline.temporal.timex import Timex  # noqa: E402

MAX_BATCHES = 20  # far more than exist; bounds the search for the batch a file annotates


class HashMismatch(Exception):
    """An article's text is not the one that was annotated."""


class BadAnnotationFile(Exception):
    """An annotation file's own metadata is malformed (e.g. its ``tuned_on`` object)."""


TUNED_ON_KEYS = {"since_commit", "note"}
_COMMIT = re.compile(r"[0-9a-f]{7,40}")


def tuned_on(data: dict, name: str = "annotation file") -> dict[str, str] | None:
    """The file's ``tuned_on`` object, or None for a held-out file.

    ``{"since_commit": "<7-40 hex digits>", "note": "<why>"}``: the grammar has been changed
    because of this file's errors since that commit, so its articles are development gold.
    """
    if "tuned_on" not in data:
        return None
    value = data["tuned_on"]
    if not isinstance(value, dict) or set(value) != TUNED_ON_KEYS:
        raise BadAnnotationFile(f"{name}: \"tuned_on\" must be an object with exactly the "
                                f"keys since_commit and note, not {value!r}")
    if not isinstance(value["since_commit"], str) or not _COMMIT.fullmatch(
            value["since_commit"]):
        raise BadAnnotationFile(f"{name}: tuned_on.since_commit must be a commit hash "
                                f"(7-40 lower-case hex digits), not "
                                f"{value['since_commit']!r}")
    if not isinstance(value["note"], str) or not value["note"].strip():
        raise BadAnnotationFile(f"{name}: tuned_on.note must say what was tuned on it")
    return value


def annotation_files(data: Path | None = None) -> list[Path]:
    """Every annotation file, in name order (which makes the first annotation primary)."""
    return sorted((data or DATA).glob("unseen_t17*.json"))


def load_annotations(path: Path = ANNOTATIONS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def gold_document(article: dict, root: Path | None = None) -> TimeMLDocument:
    """The article's text with its gold expressions, as ``evaluate_document`` takes them."""
    rel = article["path"]
    text = ((root or T17) / rel).read_bytes().decode("utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != article["sha256"]:
        raise HashMismatch(f"{(root or T17) / rel}: sha256 {digest} differs from the "
                           f"annotated {article['sha256']}")
    timexes = tuple(
        Timex(t["start"], t["end"], text[t["start"]:t["end"]], t["type"], t["value"],
              mod=t.get("mod"))
        for t in article["timexes"])
    published = date.fromisoformat(article["published"])
    return TimeMLDocument(name=rel, text=text, timexes=timexes, dct=published,
                          dct_value=article["published"])


def topic_of(rel: str) -> str:
    """The story of an article: ``bpoil_guardian/...`` -> ``bpoil`` (folders are topic_source)."""
    return rel.split("/", 1)[0].split("_", 1)[0]


def batch_of(paths: list[str], root: Path | None = None) -> int | None:
    """The selection batch whose articles these are (all of them or some, in its order)."""
    for batch in range(1, MAX_BATCHES + 1):
        picked = select_articles(root or T17, batch=batch)
        if not picked:
            return None
        if set(paths) <= set(picked):
            return batch if [p for p in picked if p in set(paths)] == paths else None
    return None


@dataclass
class AnnotationSet:
    """One annotation file: its name, its articles as gold documents, the batch it covers."""

    name: str
    data: dict
    docs: list[TimeMLDocument]
    batch: int | None

    @property
    def paths(self) -> list[str]:
        return [d.name for d in self.docs]

    @property
    def tuned_on(self) -> dict[str, str] | None:
        return tuned_on(self.data, self.name)

    @property
    def held_out(self) -> bool:
        return self.tuned_on is None

    @property
    def status(self) -> str:
        """"held out" or "development since <commit>", for labels."""
        t = self.tuned_on
        return "held out" if t is None else f"development since {t['since_commit']}"


def load_sets(files: list[Path], root: Path | None = None) -> list[AnnotationSet]:
    sets = []
    for path in files:
        data = load_annotations(path)
        tuned_on(data, path.name)  # malformed metadata fails before any scoring
        docs = [gold_document(a, root) for a in data["articles"]]
        sets.append(AnnotationSet(path.name, data, docs,
                                  batch_of([d.name for d in docs], root)))
    return sets


def _result(label: str, mode: str, version: str, results: list[DocResult]) -> EvalResult:
    subsets: dict[str, Counts] = {}
    overall = Counts()
    for res in results:
        overall.add(res.counts)
        subsets.setdefault(res.subset, Counts()).add(res.counts)
    return EvalResult(label, mode, version, results, dict(sorted(subsets.items())), overall)


def _as_system(doc: TimeMLDocument) -> list[Timex]:
    """An annotator's expressions in the role of system output (agreement is asymmetric in
    name only: F1 is symmetric, and P of one direction is R of the other)."""
    return list(doc.timexes)


@dataclass
class Agreement:
    """Two annotation files on the articles they share."""

    primary: str
    second: str
    articles: list[str]
    between: EvalResult  # the second annotator scored against the primary one
    tagger_vs_primary: EvalResult
    tagger_vs_second: EvalResult

    def to_dict(self, errors: int, tagger_errors: int | None = None) -> dict[str, Any]:
        """``tagger_errors`` (default ``errors``) bounds the tagger's error classes: 0 keeps
        a held-out pair's tagger errors out of the JSON."""
        tagger = errors if tagger_errors is None else tagger_errors
        return {"primary": self.primary, "second": self.second, "articles": self.articles,
                "second_vs_primary": self.between.to_dict(errors=errors),
                "tagger_vs_primary": self.tagger_vs_primary.to_dict(errors=tagger),
                "tagger_vs_second": self.tagger_vs_second.to_dict(errors=tagger)}


@dataclass
class Report:
    tagger_version: str
    mode: str
    per_file: list[tuple[AnnotationSet, EvalResult]]
    union: EvalResult  # every article once: held-out and development together
    primary_of: dict[str, str]  # article -> the file that is its primary gold
    agreements: list[Agreement]
    held_out: EvalResult  # the articles no development file annotates
    development: EvalResult  # the articles some file marked "tuned_on" annotates

    def to_dict(self, errors: int, held_out_errors: bool = False) -> dict[str, Any]:
        """The figures; the held-out union's error classes only if ``held_out_errors``."""
        return {
            "tagger_version": self.tagger_version,
            "mode": self.mode,
            "files": {s.name: {"batch": s.batch, "articles": len(s.docs),
                               "held_out": s.held_out, "tuned_on": s.tuned_on,
                               "corrections": len(s.data.get("corrections", [])),
                               "tagger": r.to_dict(errors=errors if not s.held_out
                                                   or held_out_errors else 0)}
                      for s, r in self.per_file},
            "held_out": self.held_out.to_dict(errors=errors if held_out_errors else 0),
            "development": self.development.to_dict(errors=errors),
            "union": self.union.to_dict(errors=errors if held_out_errors else 0),
            "agreement": [a.to_dict(errors, errors if held_out_errors
                                    or not self._touches_held_out(a) else 0)
                          for a in self.agreements],
        }

    def _touches_held_out(self, agreement: Agreement) -> bool:
        held = {d.file for d in self.held_out.documents}
        return any(p in held for p in agreement.articles)


def score_all(sets: list[AnnotationSet], mode: str = "news") -> Report:
    """Tag each distinct article once; score it against every file that annotates it."""
    from timeline.temporal import TAGGER_VERSION, tag

    system: dict[str, list[Timex]] = {}
    for s in sets:
        for doc in s.docs:
            if doc.name not in system:
                system[doc.name] = tag(doc.text, published=doc.dct, mode=mode)

    def tagger_vs(docs: list[TimeMLDocument]) -> list[DocResult]:
        return [evaluate_document(d, system[d.name], subset=topic_of(d.name)) for d in docs]

    per_file = [(s, _result(f"benchmarks/data/{s.name}", mode, TAGGER_VERSION,
                            tagger_vs(s.docs))) for s in sets]

    primary_of: dict[str, str] = {}
    union_docs: list[TimeMLDocument] = []
    for s in sets:
        for doc in s.docs:
            if doc.name not in primary_of:
                primary_of[doc.name] = s.name
                union_docs.append(doc)
    union = _result("union of batches (primary gold per article)", mode, TAGGER_VERSION,
                    tagger_vs(union_docs))
    # one development annotation of an article is enough to have tuned on its text
    tuned = {p for s in sets if not s.held_out for p in s.paths}
    held_out = _result("held-out union (no file of these articles is tuned on)", mode,
                       TAGGER_VERSION, tagger_vs([d for d in union_docs
                                                  if d.name not in tuned]))
    development = _result("development union (rules tuned on these articles' errors)",
                          mode, TAGGER_VERSION,
                          tagger_vs([d for d in union_docs if d.name in tuned]))

    agreements = []
    for i, first in enumerate(sets):
        for second in sets[i + 1:]:
            shared = [p for p in first.paths if p in set(second.paths)]
            if not shared:
                continue
            a = {d.name: d for d in first.docs}
            b = {d.name: d for d in second.docs}
            between = [evaluate_document(a[p], _as_system(b[p]), subset=topic_of(p))
                       for p in shared]
            agreements.append(Agreement(
                first.name, second.name, shared,
                _result(f"{second.name} against {first.name}", mode, "human", between),
                _result(f"tagger against {first.name}", mode, TAGGER_VERSION,
                        tagger_vs([a[p] for p in shared])),
                _result(f"tagger against {second.name}", mode, TAGGER_VERSION,
                        tagger_vs([b[p] for p in shared]))))
    return Report(TAGGER_VERSION, mode, per_file, union, primary_of, agreements,
                  held_out, development)


def _short(t: Timex | None) -> str:
    if t is None:
        return "-"
    mod = f" mod={t.mod}" if t.mod else ""
    return f"{t.start}-{t.end} {t.type} {t.value}{mod} \"{t.text}\""


def format_errors(result: EvalResult, gold: str = "gold", system: str = "ours") -> str:
    """Every disagreement, file by file: gold vs system with offsets and a snippet."""
    lines = [f"Every error ({gold} | {system} | context):"]
    for doc in result.documents:
        if not doc.errors:
            continue
        lines.append(f"  {doc.file}  (published {doc.dct})")
        for e in doc.errors:
            lines.append(f"    {e.kind:<8} {gold} {_short(e.gold)}  |  {system} "
                         f"{_short(e.system)}")
            lines.append(f"             {e.context}")
    return "\n".join(lines)


def format_summary(rows: list[tuple[str, Counts]]) -> str:
    """A compact table of the headline measures, one row per comparison."""
    width = max(len(name) for name, _ in rows) + 2
    lines = [f"{'':<{width}}{'docs':>5}{'gold':>6}{'sys':>6}  {'strict F1':>9}  "
             f"{'relaxed F1':>10}  {'type acc':>8}  {'value acc':>9}  {'value F1':>8}"]
    for name, c in rows:
        m = c.metrics()
        lines.append(f"{name:<{width}}{c.docs:>5}{c.gold:>6}{c.system:>6}  "
                     f"{m['strict_f1']:>9.3f}  {m['relaxed_f1']:>10.3f}  "
                     f"{m['type_accuracy']:>8.3f}  {m['value_accuracy']:>9.3f}  "
                     f"{m['value_f1']:>8.3f}")
    return "\n".join(lines)


def _primaries(report: Report, result: EvalResult) -> str:
    return ", ".join(sorted({report.primary_of[d.file] for d in result.documents})) or "none"


def format_report(report: Report, errors: int = 15, examples: int = 2,
                  held_out_errors: bool = False) -> str:
    """The tables; error classes and every error for the development union only, unless
    ``held_out_errors`` (then for the held-out union too)."""
    out: list[str] = []
    rows = []
    for s, r in report.per_file:
        batch = f"batch {s.batch}" if s.batch else "no batch"
        rows.append((f"{s.name} ({batch}, {s.status})", r.overall))
    for label, result in (("HELD-OUT union", report.held_out),
                          ("development union", report.development),
                          ("all articles", report.union)):
        if not result.documents:  # e.g. only development files given: no held-out row
            continue
        rows.append((f"{label} ({len(result.documents)} articles)", result.overall))
    for a in report.agreements:
        rows.append((f"{a.second} vs {a.primary} (humans)", a.between.overall))
    out += [f"Blind held-out set, tagger {report.tagger_version} (mode {report.mode}); "
            f"TempEval-3 measures", "", format_summary(rows), ""]

    for s, r in report.per_file:
        fixes = len(s.data.get("corrections", []))
        why = f" ({s.tuned_on['note']})" if s.tuned_on else ""
        out += [f"== {s.name}: batch {s.batch or '?'}, {s.status}{why}, {len(s.docs)} "
                f"articles, {r.overall.gold} gold TIMEX3, {fixes} post-scoring annotation "
                f"corrections", format_result(r, errors=0), ""]

    shown = errors if held_out_errors else 0
    if report.held_out.documents:
        out += [f"== HELD-OUT union: {len(report.held_out.documents)} articles no file marks "
                f"tuned_on, each against its primary gold "
                f"({_primaries(report, report.held_out)})",
                format_result(report.held_out, errors=shown, examples=examples)]
        if errors > 0 and not held_out_errors:
            out.append("(its errors are withheld so that nobody tunes on them: "
                       "--show-held-out-errors prints them)")
        out.append("")
    if report.development.documents:
        out += [f"== development union: {len(report.development.documents)} articles of files "
                f"marked tuned_on, each against its primary gold "
                f"({_primaries(report, report.development)})",
                format_result(report.development, errors=errors, examples=examples), ""]

    for a in report.agreements:
        out += [f"== inter-annotator agreement: {a.second} against {a.primary} on "
                f"{len(a.articles)} shared articles",
                format_summary([(f"{a.second} vs {a.primary}", a.between.overall),
                                (f"tagger vs {a.primary}", a.tagger_vs_primary.overall),
                                (f"tagger vs {a.second}", a.tagger_vs_second.overall)]),
                "",
                format_result(a.between, errors=errors, examples=examples), ""]

    if errors > 0:
        out.append(format_errors(report.development))
        if held_out_errors:
            out += ["", "HELD-OUT union:", format_errors(report.held_out)]
        for a in report.agreements:
            out += ["", f"Annotator disagreements ({a.primary} | {a.second}):",
                    format_errors(a.between, gold="A", system="B")]
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", type=int, default=15,
                        help="error classes to show (0: tables only, no error list)")
    parser.add_argument("--examples", type=int, default=2, help="examples per error class")
    parser.add_argument("--mode", default="news", choices=("news", "narrative"))
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--show-held-out-errors", action="store_true",
                        help="also list the held-out union's errors (and put them in --json); "
                             "whoever reads them must not tune rules on them")
    parser.add_argument("files", nargs="*", type=Path,
                        help="annotation files to score (default: every "
                             "benchmarks/data/unseen_t17*.json)")
    args = parser.parse_args(argv)

    if not T17.is_dir():
        print("skipped: ../shared absent")
        return 0
    try:
        sets = load_sets(sorted(args.files) or annotation_files())
    except (HashMismatch, BadAnnotationFile) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for s in sets:
        if s.batch is None:
            print(f"warning: {s.name}: its articles are no longer a batch that "
                  f"unseen_select.py picks (corpus changed?)")
    report = score_all(sets, mode=args.mode)
    sys.stdout.write(format_report(report, errors=args.errors, examples=args.examples,
                                   held_out_errors=args.show_held_out_errors))
    if args.json:
        # written beside the target and renamed: never a half-written file
        target = Path(args.json)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(json.dumps(report.to_dict(errors=max(args.errors, 0),
                                                 held_out_errors=args.show_held_out_errors),
                                  indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())

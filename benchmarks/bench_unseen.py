"""Blind held-out accuracy of the tagger on unseen news (issue 2 targets).

    python benchmarks/bench_unseen.py              # table per topic + overall, error classes, every error
    python benchmarks/bench_unseen.py --errors 0   # the table only
    python benchmarks/bench_unseen.py --json out.json

The gold is ``benchmarks/data/unseen_t17.json``: TIMEX3 annotations (offsets only, no text)
of 16 Timeline17 articles picked by a fixed rule (``unseen_select.py``) and annotated by hand
before the tagger was ever run on them (see benchmarks/README.md, "Blind held-out set").
The articles are read in place from ``../shared/data/timeline17``; each must have the
SHA-256 recorded with its annotations (exit 1 otherwise: the offsets would be meaningless).
Without ../shared it prints "skipped: ../shared absent" and exits 0.

Scoring is exactly ``timeline eval``'s (``timeline.temporal.evaluate``: ``match_timexes``
pairing, ``evaluate_document`` counts and error classes, ``format_result`` table):
strict/relaxed span P/R/F1, type accuracy, value accuracy and value F1 (TempEval-3).
Each article is tagged with its publication date (its folder name) in news mode.

This set stays held out only while no rule is changed because of what it shows: read the
figures, do not tune to the errors listed here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
T17 = SHARED / "data" / "timeline17"
ANNOTATIONS = Path(__file__).resolve().parent / "data" / "unseen_t17.json"

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


class HashMismatch(Exception):
    """An article's text is not the one that was annotated."""


def load_annotations(path: Path = ANNOTATIONS) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def gold_document(article: dict, root: Path = T17) -> TimeMLDocument:
    """The article's text with its gold expressions, as ``evaluate_document`` takes them."""
    rel = article["path"]
    text = (root / rel).read_bytes().decode("utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest != article["sha256"]:
        raise HashMismatch(f"{root / rel}: sha256 {digest} differs from the annotated "
                           f"{article['sha256']}")
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


def score(annotations: dict, mode: str = "news") -> tuple[EvalResult, dict[str, list[Timex]]]:
    """Tag every annotated article and score it; also the system output per article."""
    from timeline.temporal import TAGGER_VERSION, tag

    results: list[DocResult] = []
    outputs: dict[str, list[Timex]] = {}
    subsets: dict[str, Counts] = {}
    overall = Counts()
    for article in annotations["articles"]:
        doc = gold_document(article)
        system = tag(doc.text, published=doc.dct, mode=mode)
        res = evaluate_document(doc, system, subset=topic_of(doc.name))
        results.append(res)
        outputs[doc.name] = system
        overall.add(res.counts)
        subsets.setdefault(res.subset, Counts()).add(res.counts)
    result = EvalResult("../shared/data/timeline17 (benchmarks/data/unseen_t17.json)", mode,
                        TAGGER_VERSION, results, dict(sorted(subsets.items())), overall)
    return result, outputs


def _short(t: Timex | None) -> str:
    if t is None:
        return "-"
    mod = f" mod={t.mod}" if t.mod else ""
    return f"{t.start}-{t.end} {t.type} {t.value}{mod} \"{t.text}\""


def format_errors(result: EvalResult) -> str:
    """Every disagreement, file by file: gold vs ours with offsets and a snippet."""
    lines = ["Every error (gold | ours | context):"]
    for doc in result.documents:
        if not doc.errors:
            continue
        lines.append(f"  {doc.file}  (published {doc.dct})")
        for e in doc.errors:
            lines.append(f"    {e.kind:<8} gold {_short(e.gold)}  |  ours {_short(e.system)}")
            lines.append(f"             {e.context}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--errors", type=int, default=15,
                        help="error classes to show (0: table only, no error list)")
    parser.add_argument("--examples", type=int, default=2, help="examples per error class")
    parser.add_argument("--mode", default="news", choices=("news", "narrative"))
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    if not T17.is_dir():
        print("skipped: ../shared absent")
        return 0
    annotations = load_annotations()
    try:
        result, _ = score(annotations, mode=args.mode)
    except HashMismatch as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    chosen = [a["path"] for a in annotations["articles"]]
    if chosen != select_articles(T17):
        print("warning: the annotated articles are no longer what unseen_select.py picks "
              "(corpus changed?)")
    n_gold = result.overall.gold
    print(f"Blind held-out set: {len(chosen)} Timeline17 articles, {n_gold} gold TIMEX3 "
          f"(rows: topics), "
          f"{len(annotations.get('corrections', []))} post-scoring annotation corrections")
    print(format_result(result, errors=args.errors, examples=args.examples))
    if args.errors > 0:
        print()
        print(format_errors(result))
    if args.json:
        Path(args.json).write_text(
            json.dumps(result.to_dict(errors=max(args.errors, 0)), indent=1,
                       ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

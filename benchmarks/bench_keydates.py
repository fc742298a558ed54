"""Key-date selection on Timeline17 (Tran et al. 2013): date F1 vs the article-count baseline.

Protocol (the standard one of news timeline summarization, as in tilse / news-tls):
- one task per reference timeline; articles limited to the reference's time span
  (first to last reference day, by publication date);
- as many dates as the reference has (distinct days);
- date F1 = F1 of the predicted set of days against the reference days (exact days).

Systems, on the same articles:
- ``baseline`` (PUBCOUNT in Gholipour Ghalandari & Ifrim 2020): rank the days of the span by
  the number of articles published that day; ties by earlier day;
- ``ours``: the build's key-date selection (:func:`timeline.editorial.keydates.select_key_dates`)
  on the events the product extracts (ingest -> tag -> events -> merge), restricted to the span.

Printed per task and averaged two ways: mean of per-task F1, and news-tls style (P and R
macro-averaged over tasks, then F1). The ratio ours/baseline is the issue's target (>= 1.3).
A ``±1 day`` F1 (a prediction within a day of a reference day counts) is shown as a
diagnostic of off-by-one dating; it is not comparable with the literature.

Extraction is cached per topic in ``--cache`` (default: $TMPDIR/timeline-bench-keydates),
keyed by the tagger version and the files' sizes/mtimes, so reruns only score.

    python benchmarks/bench_keydates.py [--data ../shared/data/timeline17] [--topics a,b]
        [--jobs N] [--no-cache] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.editorial.keydates import DEFAULT_PARAMS, KeyDateParams, rank_key_days  # noqa: E402
from timeline.events.model import Event  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "timeline17"
SEPARATOR = "-" * 32


@dataclass
class Task:
    topic: str
    name: str
    reference: list[date]  # distinct days, sorted


def read_reference(path: Path) -> list[date]:
    """Days of a Timeline17 timeline file (YYYY-MM-DD line, sentences, 32 dashes)."""
    days: set[date] = set()
    expect_date = True
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if line == SEPARATOR:
            expect_date = True
            continue
        if expect_date and line:
            try:
                days.add(date.fromisoformat(line[:10]))
            except ValueError:
                pass
            expect_date = False
    return sorted(days)


def load_tasks(data: Path, topics: Iterable[str] | None) -> list[Task]:
    wanted = set(topics) if topics else None
    tasks = []
    for topic_dir in sorted(p for p in data.iterdir() if p.is_dir()):
        if wanted and topic_dir.name not in wanted:
            continue
        for timeline in sorted((topic_dir / "timelines").glob("*.txt")):
            reference = read_reference(timeline)
            if reference:
                tasks.append(Task(topic_dir.name, timeline.stem, reference))
    return tasks


# -- extraction (cached) -------------------------------------------------------------------

def _extract_file(job: tuple[str, str]) -> dict | None:
    """Events of one article (runs in a worker). The path below InputDocs starts with the
    YYYY-MM-DD folder, which ingest takes as the publication date."""
    from timeline.errors import TimelineError
    from timeline.events import extract_events
    from timeline.ingest import read_document

    path, root = job
    try:
        document = read_document(Path(path), Path(root))
    except TimelineError:
        return None  # unreadable (a few files are empty)
    if document.published is None:
        return None
    events = extract_events(document)
    return {"document": document.path, "published": document.published.isoformat(),
            "events": [e.to_dict() for e in events]}


def _fingerprint(folder: Path) -> str:
    from timeline.temporal import TAGGER_VERSION

    h = hashlib.sha256(TAGGER_VERSION.encode())
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            st = path.stat()
            h.update(f"{path.relative_to(folder)}\x1f{st.st_size}\x1f{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def extract_topic(topic_dir: Path, cache: Path | None, jobs: int) -> list[dict]:
    """Per article: {document, published, events}; cached by tagger version + files."""
    inputs = topic_dir / "InputDocs"
    key = _fingerprint(inputs)
    cached = cache / f"{topic_dir.name}-{key}.json.gz" if cache else None
    if cached and cached.exists():
        with gzip.open(cached, "rt", encoding="utf-8") as handle:
            return json.load(handle)
    files = sorted(str(p) for p in inputs.rglob("*") if p.is_file())
    articles: list[dict] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for article in pool.map(_extract_file, [(f, str(inputs)) for f in files], chunksize=16):
            if article is not None:
                articles.append(article)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8") as handle:
            json.dump(articles, handle)
        os.replace(tmp, cached)
    return articles


# -- systems -----------------------------------------------------------------------------------

@dataclass
class Prepared:
    """One task's input, extracted and merged once, then scored many times."""

    task: Task
    span: tuple[date, date]
    articles: list[dict]  # published within the span
    events: list[Event]  # merged, as the build hands them to the editorial layer
    publications: list[date]  # of every article in the span (also those without events)

    @property
    def n(self) -> int:
        return len(self.task.reference)


def prepare(task: Task, articles: list[dict]) -> Prepared:
    from timeline.events import merge_events

    span = (task.reference[0], task.reference[-1])
    chosen = [a for a in articles if span[0] <= date.fromisoformat(a["published"]) <= span[1]]
    events = [Event.from_dict(e) for a in chosen for e in a["events"]]
    return Prepared(task, span, chosen, merge_events(events),
                    [date.fromisoformat(a["published"]) for a in chosen])


def baseline_days(articles: list[dict], span: tuple[date, date], n: int) -> list[date]:
    """PUBCOUNT: days ranked by number of articles published that day (ties: earlier)."""
    counts = Counter(date.fromisoformat(a["published"]) for a in articles)
    days = [d for d in counts if span[0] <= d <= span[1]]
    days.sort(key=lambda d: (-counts[d], d))
    return sorted(days[:n])


def our_days(prep: Prepared, params: KeyDateParams = DEFAULT_PARAMS,
             all_publications: bool = False) -> list[date]:
    """The build's key days: what ``timeline.editorial.apply`` computes for ``--key-dates N
    --from --to`` (the pipeline passes no publication list, so coverage counts the articles
    that yielded an event). ``all_publications`` passes every article's date instead."""
    return sorted(rank_key_days(prep.events, prep.n, params,
                                publications=prep.publications if all_publications else None,
                                date_from=prep.span[0], date_to=prep.span[1]))


def reachable(prep: Prepared) -> float:
    """Best F1 any choice of n candidate days can reach: the share of reference days that
    some sentence names (only named days can be key dates; they need a sentence to show)."""
    named = {e.start for e in prep.events
             if e.start == e.end and prep.span[0] <= e.start <= prep.span[1]}
    return len(named & set(prep.task.reference)) / prep.n


def prf(predicted: Iterable[date], reference: Iterable[date], tolerance: int = 0) -> tuple[float, float, float]:
    pred, ref = set(predicted), set(reference)
    if not pred or not ref:
        return 0.0, 0.0, 0.0
    if tolerance:
        def near(d: date, pool: set[date]) -> bool:
            return any(d + timedelta(days=k) in pool for k in range(-tolerance, tolerance + 1))
        p = sum(near(d, ref) for d in pred) / len(pred)
        r = sum(near(d, pred) for d in ref) / len(ref)
    else:
        hits = len(pred & ref)
        p, r = hits / len(pred), hits / len(ref)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# -- tuning check: are the weights fitted to this corpus? ----------------------------------

# Values tried per weight of KeyDateParams (one weight at a time, best mean F1 kept).
TUNING_GRID: dict[str, tuple[float, ...]] = {
    "same_day": (0.0, 0.1, 0.25, 0.5, 1.0),
    "later": (0.25, 0.5, 0.75, 1.0, 1.5),
    "later_cap": (2.0, 3.0, 4.0, 6.0, 8.0),
    "future": (0.0, 0.25, 0.5, 1.0),
    "coverage": (1.0, 2.0, 3.0, 4.0, 6.0),
    "next_day": (0.0, 0.25, 0.5, 1.0),
}


def story(task: Task) -> str:
    """The news story of a task: folders of one story told by several outlets
    (bpoil_bbc, bpoil_guardian...) share events, so they are held out together."""
    return task.topic.split("_")[0]


def mean_f1(preps: list[Prepared], params: KeyDateParams) -> float:
    return sum(prf(our_days(p, params), p.task.reference)[2] for p in preps) / len(preps)


def tune(preps: list[Prepared], start: KeyDateParams = DEFAULT_PARAMS,
         rounds: int = 3) -> tuple[KeyDateParams, float]:
    """Coordinate search over TUNING_GRID from ``start``: a value replaces the current
    one only if it raises the mean F1 of ``preps`` (ties keep the current value)."""
    params, best = start, mean_f1(preps, start)
    for _ in range(rounds):
        moved = False
        for name, values in TUNING_GRID.items():
            for value in values:
                candidate = replace(params, **{name: value})
                if candidate == params:
                    continue
                score = mean_f1(preps, candidate)
                if score > best + 1e-12:
                    params, best, moved = candidate, score, True
        if not moved:
            break
    return params, best


def cross_validate(preps: list[Prepared]) -> dict:
    """Leave-one-story-out: tune on the other stories, score the held-out one.
    The held-out F1 is what a tuned weight set would score on a story it was not fitted
    to; far below the in-sample figure would mean the weights fit the corpus."""
    tuned, in_sample = tune(preps)
    held_out: dict[str, float] = {}
    folds = []
    for name in sorted({story(p.task) for p in preps}):
        train = [p for p in preps if story(p.task) != name]
        test = [p for p in preps if story(p.task) == name]
        params, _ = tune(train)
        for p in test:
            held_out[f"{p.task.topic}/{p.task.name}"] = prf(our_days(p, params),
                                                            p.task.reference)[2]
        folds.append({"story": name, "params": {k: getattr(params, k) for k in TUNING_GRID}})
    return {"in_sample": in_sample, "in_sample_params": {k: getattr(tuned, k) for k in TUNING_GRID},
            "held_out": held_out, "folds": folds}


def run(tasks: list[Task], data: Path, cache: Path | None, jobs: int,
        params: KeyDateParams = DEFAULT_PARAMS, verbose: bool = True,
        cv: bool = False) -> dict:
    per_topic: dict[str, list[dict]] = {}
    rows = []
    preps: list[Prepared] = []
    started = time.perf_counter()
    for task in tasks:
        if task.topic not in per_topic:
            t0 = time.perf_counter()
            per_topic[task.topic] = extract_topic(data / task.topic, cache, jobs)
            if verbose:
                print(f"  extracted {task.topic}: {len(per_topic[task.topic])} articles "
                      f"in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
        prep = prepare(task, per_topic[task.topic])
        preps.append(prep)
        base = baseline_days(prep.articles, prep.span, prep.n)
        ours = our_days(prep, params)
        rows.append({
            "task": f"{task.topic}/{task.name}", "dates": prep.n, "articles": len(prep.articles),
            "baseline": prf(base, task.reference), "ours": prf(ours, task.reference),
            "ours_allpub": prf(our_days(prep, params, all_publications=True), task.reference),
            "baseline_1d": prf(base, task.reference, 1), "ours_1d": prf(ours, task.reference, 1),
            "reachable": reachable(prep),
        })
    result: dict = {"rows": rows}
    if cv:
        t0 = time.perf_counter()
        result["cv"] = cross_validate(preps)
        if verbose:
            print(f"  cross-validation in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    result["seconds"] = time.perf_counter() - started
    return result


def summarize(rows: list[dict], system: str) -> tuple[float, float]:
    """(mean per-task F1, news-tls F1 from macro-averaged P and R)."""
    if not rows:
        return 0.0, 0.0
    mean_f = sum(r[system][2] for r in rows) / len(rows)
    p = sum(r[system][0] for r in rows) / len(rows)
    r_ = sum(r[system][1] for r in rows) / len(rows)
    return mean_f, (2 * p * r_ / (p + r_) if p + r_ else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--topics", help="comma-separated topic folders (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "timeline-bench-keydates")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--no-cv", action="store_true",
                        help="skip the leave-one-story-out tuning check (about a minute)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"bench_keydates: {args.data} not found; skipping", file=sys.stderr)
        return 0
    tasks = load_tasks(args.data, args.topics.split(",") if args.topics else None)
    result = run(tasks, args.data, None if args.no_cache else args.cache, args.jobs,
                 cv=not args.no_cv and len({story(t) for t in tasks}) > 1)
    rows = result["rows"]
    base_mean, base_tls = summarize(rows, "baseline")
    ours_mean, ours_tls = summarize(rows, "ours")
    reach = sum(r["reachable"] for r in rows) / len(rows) if rows else 0.0
    summary = {
        "tasks": len(rows),
        "baseline_f1": round(base_mean, 4), "ours_f1": round(ours_mean, 4),
        "ratio": round(ours_mean / base_mean, 3) if base_mean else None,
        "baseline_f1_newstls": round(base_tls, 4), "ours_f1_newstls": round(ours_tls, 4),
        "ratio_newstls": round(ours_tls / base_tls, 3) if base_tls else None,
        "baseline_f1_1day": round(summarize(rows, "baseline_1d")[0], 4),
        "ours_f1_1day": round(summarize(rows, "ours_1d")[0], 4),
        "ours_f1_all_publications": round(summarize(rows, "ours_allpub")[0], 4),
        "reachable_f1": round(reach, 4),
        "reachable_ratio": round(reach / base_mean, 3) if base_mean else None,
        "seconds": round(result["seconds"], 1),
        "params": {f.name: getattr(DEFAULT_PARAMS, f.name) for f in fields(DEFAULT_PARAMS)},
    }
    cv = result.get("cv")
    if cv:
        held = [cv["held_out"][r["task"]] for r in rows]
        cv_mean = sum(held) / len(held)
        summary.update({
            "tuned_in_sample_f1": round(cv["in_sample"], 4),
            "tuned_in_sample_ratio": round(cv["in_sample"] / base_mean, 3) if base_mean else None,
            "held_out_f1": round(cv_mean, 4),
            "held_out_ratio": round(cv_mean / base_mean, 3) if base_mean else None,
        })
    if args.json:
        print(json.dumps({"summary": summary, "rows": rows, "cv": cv}, indent=2, default=str))
        return 0
    print("Key dates on Timeline17: date F1 (exact day), as many dates as the reference")
    header = f"{'task':<52} {'dates':>5} {'arts':>5} {'baseline':>9} {'ours':>7} {'ratio':>6}"
    print(header + (f" {'held-out':>9}" if cv else "") + f" {'reach':>6}")
    for row in rows:
        b, o = row["baseline"][2], row["ours"][2]
        ratio = f"{o / b:.2f}" if b else "-"
        line = (f"{row['task']:<52} {row['dates']:>5} {row['articles']:>5} {b:>9.3f} {o:>7.3f} "
                f"{ratio:>6}")
        if cv:
            line += f" {cv['held_out'][row['task']]:>9.3f}"
        print(line + f" {row['reachable']:>6.3f}")
    print(f"{'mean of per-task F1':<64} {base_mean:>9.3f} {ours_mean:>7.3f} "
          f"{summary['ratio'] or 0:>6.2f}"
          + (f" {summary['held_out_f1']:>9.3f}" if cv else "") + f" {reach:>6.3f}")
    print(f"{'news-tls F1 (macro P, R)':<64} {base_tls:>9.3f} {ours_tls:>7.3f} "
          f"{summary['ratio_newstls'] or 0:>6.2f}")
    print(f"{'±1 day F1 (diagnostic)':<64} {summary['baseline_f1_1day']:>9.3f} "
          f"{summary['ours_f1_1day']:>7.3f}")
    print(f"{'ours with every article date as coverage (publications=)':<64} {'':>9} "
          f"{summary['ours_f1_all_publications']:>7.3f}")
    print(f"reach = best F1 any choice of days named by a sentence can get "
          f"(mean {reach:.3f}, ratio {summary['reachable_ratio']})")
    if cv:
        print(f"tuning check (coordinate search over {', '.join(TUNING_GRID)}): "
              f"tuned on all tasks {cv['in_sample']:.3f} (ratio {summary['tuned_in_sample_ratio']}); "
              f"held-out, tuned without the task's story: {summary['held_out_f1']:.3f} "
              f"(ratio {summary['held_out_ratio']})")
        for fold in cv["folds"]:
            moved = {k: v for k, v in fold["params"].items() if v != getattr(DEFAULT_PARAMS, k)}
            print(f"  without {fold['story']:<10} {moved or 'defaults kept'}")
    print(f"ratio ours/baseline = {summary['ratio']} (target >= 1.3); "
          f"published: PUBCOUNT 0.481, best system DATEWISE 0.544 (ratio 1.13); "
          f"{summary['seconds']}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

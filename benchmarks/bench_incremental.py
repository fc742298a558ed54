"""Incremental rebuild: change one document out of 10,000 and build again.

    python benchmarks/bench_incremental.py                 # 10,000 documents
    python benchmarks/bench_incremental.py --docs 2000     # quicker

Runs ``timeline build CORPUS -o SITE --cache-dir CACHE`` in fresh processes, as a user
would: a cold build (empty cache), a rebuild with nothing changed, a rebuild after one
article was edited (a correction appended, see ``synthetic.edit_article``), and a rebuild
after one article was deleted. For each: wall seconds, documents taken from the cache,
and the ratio to the cold build. Then the same one-change rebuild in-process, split into
stages (collect_events: listing, stat keys, the build snapshot, the changed document and
the dates it touches; render + write), and, for comparison, what a rebuild without the
snapshot would spend decoding every cached document and merging everything. Nothing is
asserted.

Target (issue 5): the rebuild after one changed document out of 10,000 takes under 3 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import corpus, run_build  # noqa: E402
from synthetic import edit_article  # noqa: E402


def _cached(summary: str) -> int:
    match = re.search(r"(\d+) from cache", summary)
    return int(match.group(1)) if match else 0


def _stages(folder: Path, site: Path, cache: Path, jobs: int) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds of each stage of one rebuild, in-process; then, for comparison,
    what the build snapshot saves: decoding every cached document and merging them all."""
    from timeline.events import merge_events
    from timeline.pipeline import BuildOptions, BuildReport, collect_events
    from timeline.render.output import write_output
    from timeline.scale.engine import extract_sources

    options = BuildOptions(sources=(folder,), output=site, cache_dir=cache, jobs=jobs,
                           progress=False)
    timings: dict[str, tuple[float, float]] = {}
    clock = (time.perf_counter(), time.process_time())

    def lap(name: str) -> None:
        nonlocal clock
        now = (time.perf_counter(), time.process_time())
        timings[name] = (now[0] - clock[0], now[1] - clock[1])
        clock = now

    report = BuildReport()
    events = collect_events(options, report)
    lap("collect_events (list, stat, snapshot, changed docs, re-merge their dates, editorial)")
    write_output(events, options, report)
    lap("render + write the site")
    count = len(events)
    every = [e for doc in extract_sources(options, BuildReport()) for e in doc]
    lap("without the snapshot: decode every cached document")
    merge_events(every)
    lap("without the snapshot: merge every event")
    timings["_events"] = (count, count)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=None, help="default: all cores")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the corpus goes (reused between runs when given)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="timeline-bench-incr-"))
    workdir.mkdir(parents=True, exist_ok=True)
    jobs = args.jobs or (os.cpu_count() or 1)
    print(f"== incremental rebuild benchmark: {args.docs:,} synthetic documents, --jobs {jobs}")
    source, _size = corpus(workdir, args.docs, seed=1)
    # Work on a copy so the shared corpus stays pristine for other runs.
    folder = workdir / f"incremental-{args.docs}"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(source, folder)
    old = time.time() - 3600  # articles of an archive are not written this second
    for path in folder.rglob("*"):
        os.utime(path, (old, old))
    site, cache = workdir / "site-incremental", workdir / "cache-incremental"
    shutil.rmtree(cache, ignore_errors=True)
    base = ["build", str(folder), "-o", str(site), "--cache-dir", str(cache),
            "--jobs", str(jobs)]
    rows = []

    def step(label: str) -> dict:
        result = run_build(base, workdir)
        rows.append((label, result))
        print(f"  {label:<34} {result['wall']:8.2f} s  {_cached(result['summary']):>6} "
              f"from cache", flush=True)
        return result

    cold = step("cold build (empty cache)")
    step("rebuild, nothing changed")
    articles = sorted(p for p in folder.rglob("*") if p.suffix in (".md", ".txt", ".html"))
    edit_article(articles[len(articles) // 2])
    one = step("rebuild, 1 document edited")
    articles[len(articles) // 3].unlink()
    step("rebuild, 1 document deleted")
    print()
    for label, result in rows[1:]:
        print(f"  {label:<34} {result['wall'] / cold['wall']:6.3f} of the cold build")
    print(f"  target: one edited document of 10,000 rebuilt in < 3 s: {one['wall']:.2f} s"
          + ("" if args.docs == 10000 else f" (measured on {args.docs:,} documents)"))
    print()
    edit_article(articles[len(articles) // 4], revision=2)
    stages = _stages(folder, site, cache, jobs)
    print(f"  one-change rebuild in-process ({stages.pop('_events')[0]:,.0f} events), "
          "wall and CPU seconds:")
    for name, (wall, cpu) in stages.items():
        print(f"    {name:<84} {wall:6.2f} {cpu:6.2f}")


if __name__ == "__main__":
    main()

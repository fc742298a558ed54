"""End-to-end build of synthetic corpora: wall time, peak memory, and how both grow.

    python benchmarks/bench_build.py               # 1,000 and 10,000 documents
    python benchmarks/bench_build.py --full        # and 100,000 (several minutes)
    python benchmarks/bench_build.py --sizes 2000 20000 --jobs 2

Each size runs ``timeline build CORPUS -o SITE --no-cache`` in a fresh process, exactly
as a user would, on a corpus from ``benchmarks/synthetic.py`` (generated once into the
work folder and reused). Reported per size: documents, megabytes of articles, events,
wall seconds, documents/s, peak memory of the whole process tree (parent plus worker
processes, sampled from /proc every 50 ms; the largest single process from getrusage is
printed too), and, between consecutive sizes, the growth ratios of time and memory
divided by the growth of the corpus (1.00 = linear). Nothing is asserted.

Targets (issue 5): 100,000 short articles in under 5 minutes on 2 cores with peak memory
under 2 GB, cost growing linearly.

``--stages`` instead times the main process's stages, in a fresh process per size: the
corpus is extracted (``--jobs`` workers), then merge, editorial layer, filter + sort,
render of the site in memory and writing it are each timed in CPU seconds, and printed
per extracted event with the growth between sizes (1.00x = linear in events): the way
to find which stage grows faster than the corpus.

    python benchmarks/bench_build.py --stages --sizes 10000 40000 --workdir /tmp/bench
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate_corpus  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def corpus(workdir: Path, docs: int, seed: int = 0) -> tuple[Path, int]:
    """The corpus of ``docs`` articles (generated on first use); returns (path, bytes)."""
    folder = workdir / f"corpus-{docs}-s{seed}"
    marker = folder / ".complete"
    if not marker.exists():
        print(f"  generating {docs:,} articles in {folder} ...", flush=True)
        generate_corpus(folder, docs, seed)
        marker.write_text("ok\n")
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p != marker)
    return folder, size


def _children(pid: int) -> list[int]:
    found = []
    try:
        for entry in Path(f"/proc/{pid}/task").iterdir():
            text = (entry / "children").read_text()
            found.extend(int(c) for c in text.split())
    except OSError:
        pass
    return found


def _tree_rss(pid: int) -> int:
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            fields = Path(f"/proc/{p}/statm").read_text().split()
            total += int(fields[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        stack.extend(_children(p))
    return total


class PeakSampler(threading.Thread):
    """Samples the resident memory of a process tree until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak = pid, interval, 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.peak = max(self.peak, _tree_rss(self.pid))
            self._halt.wait(self.interval)

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return self.peak


def run_build(args: list[str], cwd: Path) -> dict:
    """Run ``timeline`` with ``args``; wall time, peak tree RSS and its summary line."""
    command = [sys.executable, "-m", "timeline", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    sampler = PeakSampler(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    peak = sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}): {err.strip()[-2000:]}")
    summary = err.strip().splitlines()[-1] if err.strip() else ""
    return {"wall": wall, "peak": peak, "max_single": max(before, after) * 1024,
            "summary": summary, "stderr": err}


def _number(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else 0


STAGES = ("extract", "merge", "editorial", "filter+sort", "render", "write")


def stages_once(folder: Path, site: Path, jobs: int) -> dict:
    """CPU seconds of each main-process stage of one build of ``folder`` (in this
    process; the extraction's workers are counted apart: ``workers``, their CPU seconds,
    and ``extract_wall``)."""
    import gc

    from timeline import editorial
    from timeline.atomic import atomic_directory
    from timeline.events import filter_events, merge_events
    from timeline.pipeline import BuildOptions, BuildReport, extracted_events
    from timeline.render.output import render_output
    from timeline.render.site import write_site

    options = BuildOptions(sources=[folder], jobs=jobs, progress=False, output=site)
    report = BuildReport()
    cpu: dict[str, float] = {}
    wall = time.perf_counter()
    start = time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    extracted = list(extracted_events(options, report))
    cpu["extract"] = time.process_time() - start
    extract_wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)

    def timed(name, fn):
        begin = time.process_time()
        result = fn()
        cpu[name] = time.process_time() - begin
        return result

    events = timed("merge", lambda: merge_events(extracted))
    events = timed("editorial", lambda: editorial.apply(events, options, report))
    events = timed("filter+sort", lambda: sorted(filter_events(events),
                                                 key=lambda e: e.sort_key))
    files = timed("render", lambda: render_output(events, options, report))

    def write() -> None:
        with atomic_directory(site) as staging:
            write_site(files, staging, previous=site)

    timed("write", write)
    gc.collect()
    return {"extracted": len(extracted), "events": len(events), "cpu": cpu,
            "extract_wall": extract_wall, "workers": workers}


def main_stages(sizes: list[int], workdir: Path, jobs: int) -> None:
    print(f"== main-process stages (CPU s), --jobs {jobs}, work folder {workdir}")
    rows = []
    for docs in sizes:
        folder, _size = corpus(workdir, docs)
        out = subprocess.run(
            [sys.executable, __file__, "--stages-one", str(folder), str(workdir / f"site-{docs}"),
             "--jobs", str(jobs)], capture_output=True, text=True, check=False)
        if out.returncode != 0:
            raise SystemExit(f"stage run failed: {out.stderr.strip()[-2000:]}")
        row = json.loads(out.stdout.strip().splitlines()[-1])
        row["docs"] = docs
        rows.append(row)
        cpu = row["cpu"]
        print(f"  {docs:>7,} docs, {row['extracted']:,} events extracted -> "
              f"{row['events']:,}; extraction {row['extract_wall']:.1f} s wall, workers "
              f"{row['workers']:.1f} s CPU ({row['workers'] / docs * 1e3:.2f} ms/doc); "
              + ", ".join(f"{s} {cpu[s]:.2f}" for s in STAGES), flush=True)
    print()
    print(f"  {'stage':<12}" + "".join(f"{r['docs']:>12,}" for r in rows)
          + "   us/event (extracted)" + "".join(f"{'growth':>10}" for _ in rows[1:]))
    for stage in (*STAGES, "total"):
        values = [r["cpu"][stage] if stage != "total" else sum(r["cpu"].values())
                  for r in rows]
        per_event = [v / r["extracted"] * 1e6 for v, r in zip(values, rows, strict=True)]
        growth = [f"{b / a:.2f}x" if a else "-" for a, b in zip(per_event, per_event[1:],
                                                                 strict=False)]
        print(f"  {stage:<12}" + "".join(f"{v:>11.2f}s" for v in values) + "   "
              + " ".join(f"{u:6.1f}" for u in per_event) + "".join(f"{g:>10}" for g in growth))
    print()
    print("  growth: CPU per extracted event at this size / at the previous size "
          "(1.00x = linear).")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--stages-one":
        one = argparse.ArgumentParser()
        one.add_argument("--stages-one", nargs=2, type=Path)
        one.add_argument("--jobs", type=int, default=None)
        ns = one.parse_args()
        print(json.dumps(stages_once(ns.stages_one[0], ns.stages_one[1], ns.jobs or 1)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--full", action="store_true", help="also 100,000 documents")
    parser.add_argument("--jobs", type=int, default=None, help="default: all cores")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where corpora and sites go (default: a temp folder; give one "
                             "to reuse generated corpora between runs)")
    parser.add_argument("--stages", action="store_true",
                        help="time the main process's stages in-process instead")
    args = parser.parse_args()
    sizes = args.sizes or ([1000, 10000, 100000] if args.full else [1000, 10000])
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="timeline-bench-build-"))
    workdir.mkdir(parents=True, exist_ok=True)
    jobs = args.jobs or (os.cpu_count() or 1)
    if args.stages:
        main_stages(sizes, workdir, jobs)
        return
    print(f"== build benchmark: synthetic corpora, --jobs {jobs}, {os.cpu_count()} cores, "
          f"work folder {workdir}")
    rows = []
    for docs in sizes:
        folder, size = corpus(workdir, docs)
        site = workdir / f"site-{docs}"
        result = run_build(["build", str(folder), "-o", str(site), "--no-cache",
                            "--jobs", str(jobs)], workdir)
        events = _number(r"(\d+) events?", result["summary"])
        rows.append({"docs": docs, "bytes": size, "events": events, **result})
        r = rows[-1]
        print(f"  {docs:>7,} docs  {size / 1e6:7.1f} MB  {r['wall']:8.2f} s  "
              f"{docs / r['wall']:8.0f} docs/s  peak {r['peak'] / 2**20:7.0f} MB "
              f"(largest process {r['max_single'] / 2**20:.0f} MB)", flush=True)
    print()
    print(f"  {'documents':>10} {'MB':>7} {'wall s':>8} {'docs/s':>8} {'MB/s':>6} "
          f"{'peak MB':>8} {'time growth':>12} {'memory growth':>14}")
    previous = None
    for r in rows:
        growth_t = growth_m = ""
        if previous is not None:
            scale = r["docs"] / previous["docs"]
            growth_t = f"{(r['wall'] / previous['wall']) / scale:.2f}x lin"
            growth_m = f"{r['peak'] / previous['peak']:.2f}x (/{scale:.0f})"
        print(f"  {r['docs']:>10,} {r['bytes'] / 1e6:>7.1f} {r['wall']:>8.2f} "
              f"{r['docs'] / r['wall']:>8.0f} {r['bytes'] / 1e6 / r['wall']:>6.2f} "
              f"{r['peak'] / 2**20:>8.0f} {growth_t:>12} {growth_m:>14}")
        previous = r
    print()
    print("  time growth: (time ratio) / (size ratio) between consecutive sizes; 1.00x = "
          "linear. memory growth: peak ratio (and the size ratio it compares to).")
    if any(r["docs"] >= 100000 for r in rows):
        big = next(r for r in rows if r["docs"] >= 100000)
        print(f"  target 100,000 docs < 300 s and < 2048 MB: {big['wall']:.0f} s, "
              f"{big['peak'] / 2**20:.0f} MB")
    else:
        print("  (run with --full for the 100,000-document target: < 300 s, < 2 GB)")


if __name__ == "__main__":
    main()

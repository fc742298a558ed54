"""MkDocs with and without the timeline plugin, and the size of embeddable fragments.

    python benchmarks/bench_mkdocs.py                 # 40 and 200 pages, 20 articles, 5 builds
    python benchmarks/bench_mkdocs.py --pages 100 --articles 100 --repeat 3

The plugin's cost is mostly fixed (imports, reading the cache, one timeline page), so the
ratio falls as the site grows: both a small and a mid-sized site are shown.

1. Build time: the same docs project (``--pages`` pages of prose plus a ``timeline.md``
   page holding ``::timeline::``) is built with ``mkdocs build`` in a fresh process, once
   with ``plugins: [search]`` and once with ``plugins: [search, timeline]`` reading
   ``--articles`` synthetic news articles (benchmarks/synthetic.py). Each variant is built
   ``--repeat`` times, alternating; medians of wall and CPU time (user + system of the
   child) are compared, the first build with an empty cache is shown apart. Target (issue
   4): ratio with/without <= 1.20.
2. Fragment size: ``render_fragment`` of 500 events, from synthetic articles and, where
   ``../shared`` is present, from a Timeline17 topic (real news, whose "titles" carry the
   standfirst too). Target: < 300 KB for 500 events.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import generate_corpus  # noqa: E402

SHARED = HERE.parent.parent / "shared"
WORDS = ("harbour council ferry bridge budget report minutes hearing vote contract "
         "engineer inspection river traffic school plan design review office public "
         "meeting notice route closure repair tender cost delay season").split()


def prose(rng: random.Random, paragraphs: int) -> str:
    out = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(3, 6)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
            sentences.append(" ".join(words).capitalize() + ".")
        out.append(" ".join(sentences))
    return "\n\n".join(out)


def make_project(root: Path, pages: int, articles: int) -> tuple[Path, Path]:
    """Write the docs (shared by both variants) and the two mkdocs.yml files."""
    rng = random.Random(4)
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Desk handbook\n\n" + prose(rng, 3) + "\n")
    for n in range(pages):
        body = [f"# Page {n}", prose(rng, 4), "## Details", prose(rng, 3),
                "- " + "\n- ".join(prose(rng, 1).split(". ")[:5]),
                f"```python\nprint('page {n}')\n```", "## More", prose(rng, 3)]
        (docs / f"page-{n:03d}.md").write_text("\n\n".join(body) + "\n")
    (docs / "timeline.md").write_text("# Timeline\n\nThe story so far:\n\n::timeline::\n")
    generate_corpus(root / "articles", articles, seed=1)
    common = "site_name: Bench\ntheme: mkdocs\n"
    without = root / "without.yml"
    with_plugin = root / "with.yml"
    without.write_text(common + f"site_dir: {root / 'site-without'}\nplugins:\n  - search\n")
    with_plugin.write_text(common + f"site_dir: {root / 'site-with'}\n" + textwrap.dedent("""\
        plugins:
          - search
          - timeline:
              sources: [articles/]
              title: Bench timeline
        """))
    return without, with_plugin


def child_env(root: Path) -> dict[str, str]:
    """The environment of the timed builds: bytecode written and reused, as in an installed
    package (pip compiles .pyc files). With PYTHONDONTWRITEBYTECODE set (as in some CI
    shells) every build would recompile the editable-installed timeline modules from
    source, a cost no user pays; the .pyc files go to a private prefix, not into the tree."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
    return env


def build_time(config: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one `mkdocs build` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                            capture_output=True, text=True, env=child_env(config.parent))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"mkdocs build -f {config.name} failed:\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def bench_build(pages: int, articles: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-mkdocs-") as tmp:
        root = Path(tmp)
        without, with_plugin = make_project(root, pages, articles)
        package = HERE.parent / "timeline"  # its .pyc files, as pip would have written them
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)],
                       env=child_env(root), check=True, capture_output=True)
        cold = build_time(with_plugin)  # first build: every article tagged, cache filled
        build_time(without)  # warm the OS caches and .pyc files
        runs: dict[str, list[tuple[float, float]]] = {"without": [], "with": []}
        for _ in range(repeat):
            runs["without"].append(build_time(without))
            runs["with"].append(build_time(with_plugin))
        events = (root / "site-with" / "timeline" / "index.html").read_text().count(
            '<li class="tl-event')

        def median(kind: str, index: int) -> float:
            return statistics.median(run[index] for run in runs[kind])

        print(f"mkdocs build, {pages + 2} pages + a timeline page of {events} events from "
              f"{articles} articles, theme mkdocs, fresh process each, median of {repeat}:")
        print("                               wall s    CPU s")
        print(f"  without the plugin         {median('without', 0):7.3f}  {median('without', 1):7.3f}")
        print(f"  with the plugin            {median('with', 0):7.3f}  {median('with', 1):7.3f}"
              "   (cache warm: a rebuild, as under mkdocs serve)")
        print(f"  with the plugin, first     {cold[0]:7.3f}  {cold[1]:7.3f}"
              "   (cache empty: every article tagged)")
        wall = median("with", 0) / median("without", 0)
        cpu = median("with", 1) / median("without", 1)
        cold_cpu = cold[1] / median("without", 1)
        verdict = "OK" if cpu <= 1.20 else "over target"
        print(f"  ratio with/without         {wall:7.3f}  {cpu:7.3f}   (target <= 1.20 on CPU "
              f"time, which other load on the machine disturbs less: {verdict}; "
              f"first build {cold_cpu:.3f})")


FRAGMENT_TOPICS = ("bpoil_guardian", "IraqWar_guardian", "Finan_washingtonpost")


def fragment_size(events, label: str) -> None:
    from timeline.render.fragment import render_fragment

    chosen = list(events)[:500]
    html = render_fragment(chosen, title="Bench")
    size = len(html.encode("utf-8"))
    text = sum(len(e.text) for e in chosen) / max(len(chosen), 1)
    titles = sum(len(s.title) for e in chosen for s in e.sources) / max(len(chosen), 1)
    verdict = "OK" if size < 300 * 1024 else "over target"
    print(f"  {label:<34} {len(chosen):4d} events  {size / 1024:7.1f} KB  "
          f"({size / max(len(chosen), 1):5.0f} B/event; sentence {text:3.0f} chars, "
          f"source titles {titles:3.0f} chars/event)  target < 300 KB: {verdict}")


def bench_fragment() -> None:
    from timeline.api import Timeline

    print("fragment size (render_fragment, CSS and script inlined):")
    with tempfile.TemporaryDirectory(prefix="bench-fragment-") as tmp:
        generate_corpus(Path(tmp) / "articles", 120, seed=2)
        synthetic = Timeline.from_sources(Path(tmp) / "articles")
        fragment_size(synthetic.events, "synthetic news articles")
    # Real articles: the three Timeline17 stories with the longest sentences and source
    # titles (plain-text files, so each title is the article's first line).
    found = False
    for name in FRAGMENT_TOPICS:
        topic = SHARED / "data" / "timeline17" / name / "InputDocs"
        if topic.is_dir():
            found = True
            fragment_size(Timeline.from_sources(topic).events, f"Timeline17 {name}")
    if not found:
        print("  (../shared absent: no Timeline17 figure)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default="40,200",
                        help="comma-separated site sizes to build (default 40,200)")
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for pages in (int(p) for p in str(args.pages).split(",") if p.strip()):
        bench_build(pages, args.articles, args.repeat)
    bench_fragment()


if __name__ == "__main__":
    main()

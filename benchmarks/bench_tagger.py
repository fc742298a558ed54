"""Tagger benchmark: throughput of ``tag()`` beside dateparser and ctparse on the same texts,
plus the TempEval-3 accuracy figures and the golden-article check.

    python benchmarks/bench_tagger.py            # everything (about a minute)
    python benchmarks/bench_tagger.py --quick    # baselines on a sample of 40 documents

Texts: the TimeBank and AQUAINT documents (TEXT of each .tml) and the golden article from
../shared when present, else the articles in the repo's examples/. Each tool reads the
same texts in the same run; times are CPU seconds of this process (``time.process_time``,
steady on a loaded machine, unlike wall-clock time); ratios are how many times faster we
are than the other tool (their CPU seconds / ours). dateparser's
``search_dates`` reads a whole document; ctparse parses short strings, so it gets one
sentence at a time (with its own 1 s timeout per sentence). When ../shared has them, a
fixed sample of 80 Timeline17 articles (real news of another kind: longer web articles)
is timed too, ours beside dateparser, and both ratios are printed (``RATIO [...]`` lines).
Nothing here asserts anything about time: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|\n\s*\n")


@dataclass(frozen=True)
class Text:
    name: str
    text: str
    published: date

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8"))


def load_texts(shared: Path) -> tuple[list[Text], str]:
    """The benchmark corpus and a one-line description of where it came from."""
    from timeline.temporal.timeml import iter_timeml_files, read_timeml

    texts: list[Text] = []
    tbaq = shared / "data" / "tbaq"
    if tbaq.is_dir():
        for path in iter_timeml_files(tbaq):
            doc = read_timeml(path)
            texts.append(Text(f"{path.parent.name}/{path.name}", doc.text,
                              doc.dct or date(2000, 1, 1)))
    golden = shared / "golden" / "libya-airstrikes.expected.json"
    if golden.is_file():
        spec = json.loads(golden.read_text(encoding="utf-8"))
        texts.append(Text("golden/" + spec["document"],
                          (golden.parent / spec["document"]).read_text(encoding="utf-8"),
                          date.fromisoformat(spec["published"])))
    if texts:
        return texts, f"{shared} (TimeBank + AQUAINT TEXT, golden article)"
    from timeline.ingest import iter_documents

    examples = ROOT / "examples"
    for doc in iter_documents([examples], published=date(2024, 1, 1),
                              on_warning=lambda _msg: None):
        texts.append(Text(doc.path, doc.text, doc.published or date(2024, 1, 1)))
    return texts, f"{examples} (../shared not available)"


T17_SAMPLE = 80  # Timeline17 articles in the second corpus of the side-by-side run


def load_timeline17(shared: Path, count: int = T17_SAMPLE) -> list[Text]:
    """A fixed sample of Timeline17 news articles (evenly spaced in sorted path order;
    each dated by its InputDocs/<date>/ folder): a second corpus of real news beside
    TimeBank. Empty when ../shared does not have them."""
    t17 = shared / "data" / "timeline17"
    paths = sorted(t17.glob("*/InputDocs/*/*.txt")) if t17.is_dir() else []
    out = []
    for path in paths[:: max(1, len(paths) // count)][:count]:
        try:
            published = date.fromisoformat(path.parent.name)
        except ValueError:
            published = date(2010, 1, 1)
        out.append(Text(f"t17/{path.relative_to(t17).as_posix()}",
                        path.read_text(encoding="utf-8", errors="replace"), published))
    return out


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


@dataclass
class Run:
    tool: str
    seconds: float
    found: int
    note: str = ""


def time_tool(name: str, texts: list[Text], call: Callable[[Text], int], repeat: int = 1,
              note: str = "") -> Run:
    """CPU seconds of this process, best of ``repeat`` passes over all texts."""
    timings: list[float] = []
    found = 0
    for _ in range(repeat):
        found = 0
        start = time.process_time()
        for t in texts:
            found += call(t)
        timings.append(time.process_time() - start)
    return Run(name, min(timings), found, note)


def ours(mode: str = "news") -> Callable[[Text], int]:
    from timeline.temporal import tag

    return lambda t: len(tag(t.text, published=t.published, mode=mode))


def dateparser_search() -> Callable[[Text], int] | None:
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None

    def call(t: Text) -> int:
        base = datetime(t.published.year, t.published.month, t.published.day)
        found = search_dates(t.text, languages=["en"], settings={"RELATIVE_BASE": base})
        return len(found or ())

    return call


def ctparse_sentences() -> Callable[[Text], int] | None:
    try:
        import ctparse
    except ImportError:
        return None
    logging.getLogger("ctparse").setLevel(logging.CRITICAL)

    def call(t: Text) -> int:
        base = datetime(t.published.year, t.published.month, t.published.day)
        n = 0
        for s in sentences(t.text):
            try:
                if ctparse.ctparse(s, ts=base, timeout=1.0) is not None:
                    n += 1
            except Exception:  # noqa: BLE001 - a baseline failing on a sentence is its result
                pass
        return n

    return call


def print_throughput(runs: list[Run], texts: list[Text], title: str) -> None:
    size = sum(t.size for t in texts)
    base = runs[0]
    print(f"\n{title}: {len(texts)} documents, {size / 1e6:.3f} MB of UTF-8 text")
    print(f"  {'tool':<34}{'CPU s':>9}{'MB/s':>9}{'docs/s':>10}{'found':>8}"
          f"{'ours faster by':>17}")
    for r in runs:
        mbps = size / r.seconds / 1e6 if r.seconds else float("inf")
        dps = len(texts) / r.seconds if r.seconds else float("inf")
        ratio = "" if r is base else f"{r.seconds / base.seconds:>16,.1f}x"  # theirs / ours
        print(f"  {r.tool:<34}{r.seconds:>9.3f}{mbps:>9.3f}{dps:>10.1f}{r.found:>8}{ratio}"
              + (f"  ({r.note})" if r.note else ""))


def print_long_lines(texts: list[Text], tagger: Callable[[Text], int]) -> None:
    """Time on ONE line without line breaks (pasted text, stripped HTML) as it doubles:
    the ratio per doubling should stay near 2 (linear); 4 means quadratic."""
    flat = " ".join(" ".join(t.text.split()) for t in texts)
    dense = " ".join(["On Friday, 500 drones flew 150 miles, as in December 2015 and on "
                      "January 19, the day before; three weeks later"] * 2000)
    for title, line in (("news text", flat), ("dense with expressions, no sentence end", dense)):
        sizes = [s for s in (12_500, 25_000, 50_000, 100_000) if s <= len(line)]
        if not sizes:
            continue
        print(f"\nOne long line ({title}) as it doubles:")
        previous = None
        for size in sizes:
            piece = Text("line", line[:size], texts[0].published)
            run = time_tool("line", [piece], tagger)
            growth = f"   x{run.seconds / previous:.1f} per doubling" if previous else ""
            print(f"  {size:>8,} chars: {run.seconds:8.3f} s, "
                  f"{piece.size / run.seconds / 1e6:.3f} MB/s{growth}")
            previous = run.seconds
            if run.seconds > 20:  # clearly superlinear: stop before it takes minutes
                break


def print_accuracy(shared: Path) -> None:
    tbaq = shared / "data" / "tbaq"
    if not tbaq.is_dir():
        print("\nTempEval-3 figures: skipped (../shared/data/tbaq not available)")
        return
    from timeline.temporal.evaluate import evaluate_corpus, format_result

    start = time.perf_counter()
    result = evaluate_corpus(tbaq, subset_by_folder=True)
    elapsed = time.perf_counter() - start
    print(f"\nTempEval-3 figures on {tbaq} ({elapsed:.1f} s; targets: value F1 >= 0.85, "
          "relaxed >= 0.93, strict >= 0.85)")
    print("  " + format_result(result, errors=8, examples=1).replace("\n", "\n  "))
    print("\n  Fixed halves of the files (timeline eval --split dev|test), overall:")
    for half in ("dev", "test"):
        m = evaluate_corpus(tbaq, subset_by_folder=True, split=half).overall.metrics()
        print(f"  {half:<5} value F1 {m['value_f1']:.3f}   relaxed F1 {m['relaxed_f1']:.3f}   "
              f"strict F1 {m['strict_f1']:.3f}")


def print_golden(shared: Path) -> None:
    spec_path = shared / "golden" / "libya-airstrikes.expected.json"
    if not spec_path.is_file():
        print("\nGolden article: skipped (../shared/golden not available)")
        return
    from timeline.temporal import tag

    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    text = (spec_path.parent / spec["document"]).read_text(encoding="utf-8")
    timexes = tag(text, published=date.fromisoformat(spec["published"]))

    def occurrences(needle: str) -> list[tuple[int, int]]:
        left = r"(?<!\w)" if needle[:1].isalnum() else ""
        right = r"(?!\w)" if needle[-1:].isalnum() else ""
        return [m.span() for m in re.finditer(left + re.escape(needle) + right, text)]

    def covering(span: tuple[int, int]) -> list:
        return [t for t in timexes if t.start < span[1] and span[0] < t.end]

    right, wrong = 0, []
    for item in spec["timexes_required"]:
        spans = occurrences(item["text"])
        n = item.get("occurrence", 1)
        got = covering(spans[n - 1]) if len(spans) >= n else []
        if len(got) == 1 and (got[0].type, got[0].value) == (item["type"], item["value"]):
            right += 1
        else:
            wrong.append(f"{item['text']}#{n}: " + (
                ", ".join(f"{t.type} {t.value}" for t in got) or "not tagged"))
    forbidden = [item["text"] for item in spec["timexes_forbidden"]
                 if any(covering(s) for s in occurrences(item["text"]))]
    print(f"\nGolden article {spec['document']}: required right {right}/"
          f"{len(spec['timexes_required'])}, forbidden tagged {len(forbidden)}/"
          f"{len(spec['timexes_forbidden'])}")
    for line in wrong:
        print(f"  wrong: {line}")
    for line in forbidden:
        print(f"  forbidden but tagged: {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="run the (slow) baselines on a sample of 40 documents")
    parser.add_argument("--repeat", type=int, default=3, help="passes of tag() (best kept)")
    parser.add_argument("--no-baselines", action="store_true", help="only time our tagger")
    parser.add_argument("--no-accuracy", action="store_true", help="skip the eval figures")
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder")
    args = parser.parse_args(argv)

    from timeline.temporal import TAGGER_VERSION

    texts, origin = load_texts(args.shared)
    corpus_name = "TimeBank+AQUAINT" if "TimeBank" in origin else "examples/"
    if not texts:
        print("no texts to benchmark")
        return 0
    print(f"bench_tagger: timeline tagger {TAGGER_VERSION}, Python "
          f"{sys.version.split()[0]}, one core; texts from {origin}")

    tagger = ours()
    tagger(texts[0])  # warm-up: lexicons, compiled patterns
    runs = [time_tool("timeline tag()", texts, tagger, repeat=max(1, args.repeat))]
    print_throughput(runs, texts, "tag() on every text")

    whole = Text("all", "\n\n".join(t.text for t in texts), texts[0].published)
    big = time_tool("timeline tag() as one document", [whole], tagger, repeat=1)
    print(f"  as ONE {whole.size / 1e6:.2f} MB document: {big.seconds:.3f} s, "
          f"{whole.size / big.seconds / 1e6:.3f} MB/s (linear scaling check)")

    print_long_lines(texts, tagger)

    if not args.no_baselines:
        sample = texts if not args.quick else texts[:: max(1, len(texts) // 40)][:40]
        side = [time_tool("timeline tag()", sample, tagger, repeat=max(1, args.repeat))]
        dp = dateparser_search()
        if dp is not None:
            side.append(time_tool("dateparser.search.search_dates", sample, dp,
                                  note="whole document"))
        else:
            print("\ndateparser not installed (pip install -e '.[bench]')")
        ct = ctparse_sentences()
        if ct is not None:
            side.append(time_tool("ctparse.ctparse", sample, ct,
                                  note=f"{sum(len(sentences(t.text)) for t in sample)} "
                                       "sentences, one call each"))
        else:
            print("\nctparse not installed (pip install -e '.[bench]')")
        print_throughput(side, sample, f"Side by side on the same texts ({corpus_name})")
        ratios = [(corpus_name, r.tool, r.seconds / side[0].seconds) for r in side[1:]]
        news = load_timeline17(args.shared)
        if news and dp is not None:
            # A second corpus of real news (longer articles, web copy): dateparser only,
            # ctparse would take minutes on it.
            if args.quick:
                news = news[:: 2]
            t17 = [time_tool("timeline tag()", news, tagger, repeat=max(1, args.repeat)),
                   time_tool("dateparser.search.search_dates", news, dp, note="whole document")]
            print_throughput(t17, news, "Side by side on the same texts (Timeline17 sample)")
            ratios.append(("Timeline17 sample", t17[1].tool, t17[1].seconds / t17[0].seconds))
        elif not news:
            print("\nTimeline17 sample: skipped (../shared/data/timeline17 not available)")
        print()
        for corpus, tool, ratio in ratios:
            target = "  (issue 5 target: >= 50x)" if tool.startswith("dateparser") else ""
            print(f"  RATIO [{corpus}]: timeline tag() is {ratio:,.1f}x faster than "
                  f"{tool} (CPU time){target}")

    if not args.no_accuracy:
        print_accuracy(args.shared)
        print_golden(args.shared)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (this process): {peak:.0f} MB; median document "
          f"{statistics.median(t.size for t in texts) / 1000:.1f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

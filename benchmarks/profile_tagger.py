"""Where ``tag()`` spends its CPU time: per pipeline stage, per rule, and the hottest
functions (cProfile). A tool for working on the tagger's speed, not a benchmark to quote
(``bench_tagger.py`` prints the throughput figures).

    python benchmarks/profile_tagger.py              # TimeBank+AQUAINT from ../shared
    python benchmarks/profile_tagger.py FILE...      # any text files
    python benchmarks/profile_tagger.py --dense      # the worst case: dense, no sentence end
    python benchmarks/profile_tagger.py --top 40     # more cProfile lines

Stage times wrap the stage functions with a timer, which adds a little to each call;
compare them with each other, not with the throughput of an unwrapped run.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
_DENSE = ("On Friday, 500 drones flew 150 miles, as in December 2015 and on January 19, "
          "the day before; three weeks later ")


def load(paths: list[Path], dense: bool) -> list[tuple[str, date]]:
    if dense:
        return [((_DENSE * 1000)[:100_000], date(2017, 9, 24))]
    if paths:
        return [(p.read_text(encoding="utf-8", errors="replace"), date(2020, 1, 1)) for p in paths]
    from timeline.temporal.timeml import iter_timeml_files, read_timeml

    tbaq = SHARED / "data" / "tbaq"
    if not tbaq.is_dir():
        sys.exit(f"no texts: give files, or make {tbaq} available")
    docs = [read_timeml(p) for p in iter_timeml_files(tbaq)]
    return [(d.text, d.dct or date(2000, 1, 1)) for d in docs]


def best_of(texts: list[tuple[str, date]], passes: int) -> float:
    from timeline.temporal import tag

    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        for text, published in texts:
            tag(text, published)
        best = min(best, time.process_time() - start)
    return best


def stage_times(texts: list[tuple[str, date]]) -> Counter[str]:
    """CPU seconds per stage: wrap the stage functions of the tagger module in timers."""
    import timeline.temporal.tagger as tagger
    import timeline.temporal.tense as tense

    spent: Counter[str] = Counter()
    originals = []

    def wrap(module: object, name: str, label: str) -> None:
        fn = getattr(module, name)
        originals.append((module, name, fn))

        def timed(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - start

        setattr(module, name, timed)

    wrap(tagger, "triggers", "triggers (prefilter)")
    wrap(tagger, "_candidates", "rules (incl. triggers)")
    wrap(tagger, "_sentences", "sentences")
    wrap(tagger, "_select", "longest match")
    wrap(tagger, "_merge_date_time", "date+time merge")
    wrap(tagger, "_apply_modifiers", "modifiers")
    wrap(tense.SentenceCues, "tense_at", "tense cues")
    wrap(tagger, "resolve", "resolver")
    wrap(tagger, "_as_anchor", "anchors")
    try:
        start = time.process_time()
        for text, published in texts:
            tagger.tag(text, published)
        spent["TOTAL"] = time.process_time() - start
    finally:
        for module, name, fn in originals:
            setattr(module, name, fn)
    return spent


def rule_times(texts: list[tuple[str, date]]) -> tuple[Counter[str], Counter[str]]:
    """CPU seconds and matches per rule, scanning the same windows as the tagger."""
    from timeline.temporal.rules import all_rules
    from timeline.temporal.scanning import has_words, lowered, scanners
    from timeline.temporal.tagger import _windows
    from timeline.temporal.triggers import triggers

    spent: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for text, _published in texts:
        by_category: dict[str, list[tuple[int, int]]] = {}
        for s, e, cats in triggers(text):
            for cat in cats:
                by_category.setdefault(cat, []).append((s, e))
        low = lowered(text)
        for sc in scanners(all_rules()):
            spots = sorted(s for cat in sc.rule.needs for s in by_category.get(cat, ()))
            start = time.process_time()
            for w0, w1 in _windows(spots, len(text), sc.rule.reach):
                if low is not None and sc.words and not has_words(low, sc.words, w0, w1):
                    continue
                hits[sc.rule.name] += len(sc.matches(text, w0, w1))
            spent[sc.rule.name] += time.process_time() - start
    return spent, hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--dense", action="store_true", help="the dense worst case instead")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--top", type=int, default=25, help="cProfile lines to print")
    args = parser.parse_args(argv)

    from timeline.temporal import TAGGER_VERSION, tag

    texts = load(args.files, args.dense)
    tag(*texts[0])  # warm-up: lexicon, compiled patterns
    size = sum(len(t.encode("utf-8")) for t, _ in texts)
    seconds = best_of(texts, args.passes)
    print(f"tagger {TAGGER_VERSION}: {len(texts)} texts, {size / 1e6:.3f} MB, best of "
          f"{args.passes}: {seconds:.3f} CPU s = {size / seconds / 1e6:.2f} MB/s")

    print("\nStages (CPU s, with timer overhead):")
    for label, value in stage_times(texts).most_common():
        print(f"  {label:<26}{value:8.4f}")

    spent, hits = rule_times(texts)
    print("\nRules, slowest first (CPU s scanning their windows, matches):")
    for name, value in spent.most_common(15):
        print(f"  {name:<26}{value:8.4f}{hits[name]:8}")

    profile = cProfile.Profile()
    profile.enable()
    for text, published in texts:
        tag(text, published)
    profile.disable()
    print()
    pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())

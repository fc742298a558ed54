"""Ingest and events layer: reading speed, sentence splitting, merging at scale.

    python benchmarks/bench_events.py            # Timeline17 InputDocs when ../shared exists
    python benchmarks/bench_events.py --quick    # smaller merge sizes

Prints CPU-time figures (process time, so a busy machine does not distort them):
ingest MB/s and documents/s, sentence splitting MB/s, merge time for 25k..200k synthetic
events with the ratio per doubling (near 2 = linear; 4 would be quadratic), merge time
for ONE busy date of 2k..16k sentences retelling a few stories in near-identical words
(a big story's day), with the group-aware join and with the pair-by-pair join on the
same bucket, and, on the real corpus, how many extracted events merging folds together
(and the same sentences all put on one date). Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.events import Event, SourceRef, merge_events  # noqa: E402
from timeline.events.sentences import split_sentences  # noqa: E402
from timeline.ingest import iter_documents  # noqa: E402

SHARED = ROOT.parent / "shared" / "data" / "timeline17"


def corpus_sources() -> list[Path]:
    if SHARED.is_dir():
        return sorted(SHARED.glob("*/InputDocs"))
    return [ROOT / "examples"]


def bench_ingest(sources: list[Path]) -> list:
    start = time.process_time()
    warnings: list[str] = []
    docs = list(iter_documents(sources, published=date(2000, 1, 1), on_warning=warnings.append))
    seconds = time.process_time() - start
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    print(f"ingest: {len(docs)} documents, {size / 1e6:.1f} MB of text, {len(warnings)} "
          f"warnings, {seconds:.2f} s CPU = {len(docs) / seconds:.0f} docs/s, "
          f"{size / 1e6 / seconds:.2f} MB/s")
    dated = sum(d.published_from == "path" for d in docs)
    print(f"        {dated} of {len(docs)} dated from their path")
    return docs


def bench_split(docs: list) -> None:
    start = time.process_time()
    count = sum(len(split_sentences(d.text)) for d in docs)
    seconds = time.process_time() - start
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    print(f"sentences: {count} in {seconds:.2f} s CPU = {size / 1e6 / seconds:.2f} MB/s")


def synthetic_events(n: int, seed: int = 7) -> list[Event]:
    """News-like load: a pool of wire sentences repeated across outlets, plus unique ones,
    spread over 400 days (a few busy days get many events)."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(8000)]
    wire = [" ".join(rng.choices(vocab, k=22)) for _ in range(max(1, n // 8))]
    first = date(2010, 1, 1)
    events = []
    for i in range(n):
        day = first + timedelta(days=min(int(rng.expovariate(1 / 60)), 399))
        if rng.random() < 0.4:
            words = rng.choice(wire).split()
            words[rng.randrange(len(words))] = rng.choice(vocab)  # outlets edit a word
            text = " ".join(words)
        else:
            text = " ".join(rng.choices(vocab, k=22))
        events.append(Event(
            id=f"{i:012x}", date=day.isoformat(), type="DATE", granularity="day",
            start=day, end=day, text=text,
            sources=(SourceRef(f"doc{i % 20000}.md", "t", published=day.isoformat()),),
        ))
    return events


def bench_merge(sizes: list[int]) -> None:
    previous = None
    for n in sizes:
        events = synthetic_events(n)
        start = time.process_time()
        merged = merge_events(events)
        seconds = time.process_time() - start
        ratio = f", x{seconds / previous:.2f} for x2 events" if previous else ""
        print(f"merge: {n} events -> {len(merged)} in {seconds:.2f} s CPU{ratio}")
        previous = seconds


PEOPLE = [("Mayor", "Ilka", "Brenner"), ("Minister", "Odo", "Farrant"),
          ("Chief", "Inspector", "Sela", "Quint"), ("spokesman", "Teo", "Marr"),
          ("Governor", "Ada", "Lusk"), ("Director", "Ivo", "Pellam"),
          ("Senator", "Rue", "Castell"), ("Judge", "Nell", "Ashby")]
ACTS = ["ordered", "announced", "halted", "approved", "delayed", "defended", "criticised",
        "reviewed", "suspended", "backed"]
MATTERS = [("the", "evacuation", "of"), ("the", "inquiry", "into"), ("repairs", "to"),
           ("the", "closure", "of"), ("new", "funding", "for"), ("the", "audit", "of"),
           ("emergency", "works", "on"), ("the", "sale", "of")]
PLACES = [("the", "harbour"), ("the", "old", "bridge"), ("the", "rail", "depot"),
          ("the", "water", "plant"), ("the", "north", "dam"), ("the", "city", "hospital"),
          ("the", "airport"), ("the", "grain", "silos"), ("the", "ferry", "terminal")]


def dense_day_events(n: int, seed: int = 3) -> list[Event]:
    """One date told by ``n`` sentences: a day when every outlet retells the same few
    stories, in close but not identical words (what makes a date's bucket dense)."""
    rng = random.Random(seed)
    day = date(2021, 6, 14)
    events = []
    for i in range(n):
        words = [*rng.choice(PEOPLE), rng.choice(ACTS), *rng.choice(MATTERS),
                 *rng.choice(PLACES)]
        if rng.random() < 0.5:
            words += ["after", rng.choice(["protests", "a", "the"]),
                      rng.choice(["storm", "fire", "vote", "leak", "strike"])]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), rng.choice(["on", "late", "also", "then"]))
        events.append(Event(
            id=f"{i:012x}", date=day.isoformat(), type="DATE", granularity="day",
            start=day, end=day, text=" ".join(words) + ".",
            sources=(SourceRef(f"doc{i}.md", "t", published=day.isoformat()),),
        ))
    return events


def bench_dense_day(sizes: list[int]) -> None:
    from timeline.events import merge

    previous = None
    for n in sizes:
        events = dense_day_events(n)
        start = time.process_time()
        merged = merge_events(events)
        grouped = time.process_time() - start
        saved = merge.GROUPED_JOIN_FROM
        merge.GROUPED_JOIN_FROM = 10**9  # the pair-by-pair join on the same bucket
        try:
            start = time.process_time()
            same = merge_events(events) == merged
            pairwise = time.process_time() - start
        finally:
            merge.GROUPED_JOIN_FROM = saved
        ratio = f", x{grouped / previous:.2f} for x2 sentences" if previous else ""
        print(f"dense day: {n} sentences -> {len(merged)} events in {grouped:.2f} s CPU"
              f"{ratio}; pair by pair {pairwise:.2f} s"
              f"{'' if same else ' (DIFFERENT RESULT)'}")
        previous = grouped


def bench_real_merge(docs: list) -> None:
    try:
        from timeline.events import extract_events
        from timeline.temporal import tag  # noqa: F401
    except ImportError as err:
        print(f"real merge: skipped ({err})")
        return
    sample = docs[:600]
    events = [e for d in sample for e in extract_events(d)]
    start = time.process_time()
    merged = merge_events(events)
    seconds = time.process_time() - start
    multi = sum(1 for e in merged if len(e.members) > 1)
    print(f"real merge: {len(sample)} documents, {len(events)} events -> {len(merged)} "
          f"({multi} merged from several sentences) in {seconds:.2f} s CPU")
    day = date(2010, 6, 1)  # the same sentences as if all told on one (very busy) date
    one_day = [e.with_changes(date=day.isoformat(), start=day, end=day, granularity="day")
               for e in events]
    start = time.process_time()
    merged = merge_events(one_day)
    seconds = time.process_time() - start
    print(f"real merge, all on one date: {len(one_day)} events -> {len(merged)} in "
          f"{seconds:.2f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    docs = bench_ingest(corpus_sources())
    bench_split(docs)
    bench_merge([25_000, 50_000] if args.quick else [25_000, 50_000, 100_000, 200_000])
    bench_dense_day([2_000, 4_000] if args.quick else [2_000, 4_000, 8_000, 16_000])
    bench_real_merge(docs)


if __name__ == "__main__":
    main()

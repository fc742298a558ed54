"""Rendering cost: how long each output format takes for 1,000 and 10,000 events, next to
the time the tagger needs for the same sentences, and whether output is byte-identical.

    python benchmarks/bench_render.py            # 1,000 and 10,000 events
    python benchmarks/bench_render.py --sizes 500 50000

Issue 3's target: building 10,000 events takes under 10 s and is dominated by tagging,
not rendering. This prints the render time per format, the tagging time of the sentences
those events come from (each event's sentence in documents of 10 sentences, as a build
would tag them) and the ratio render/tagging. It asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from timeline.events.model import Event, SourceRef
from timeline.pipeline import BuildOptions
from timeline.render.output import render_output

FORMATS = [("site", "none"), ("site", "auto"), ("json", "auto"), ("timelinejs", "auto"),
           ("csv", "auto"), ("ics", "auto"), ("markdown", "auto"), ("svg", "auto")]
VERBS = ("opened", "closed", "announced a plan", "voted", "signed a contract", "met",
         "published a report", "held a hearing")


def synthetic_events(n: int, seed: int = 7) -> list[Event]:
    """Deterministic events spread over 14 years, with a few sources each."""
    rng = random.Random(seed)
    events = []
    for i in range(n):
        d = date(2010, 1, 1) + timedelta(days=rng.randrange(5000))
        expression = f"{d:%B} {d.day}, {d.year}"
        text = f"The council {rng.choice(VERBS)} on {expression} in district {i % 97}."
        start = text.index(expression)
        doc = i % max(1, n // 3)
        sources = tuple(
            SourceRef(f"articles/doc{doc + k}.md", f"Article {doc + k}", "City Desk",
                      f"https://news.example.org/{doc + k}", d.isoformat())
            for k in range(1 + i % 3))
        events.append(Event(f"{i:012x}", d.isoformat(), "DATE", "day", d, d, text,
                            (start, start + len(expression)), expression, None, sources,
                            ("council", f"district-{i % 5}")))
    return events


def tagging_seconds(events: list[Event]) -> float:
    from timeline.temporal import tag

    texts = [" ".join(e.text for e in events[i:i + 10]) for i in range(0, len(events), 10)]
    published = date(2024, 1, 1)
    start = time.perf_counter()
    for text in texts:
        tag(text, published=published)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    for n in args.sizes:
        events = synthetic_events(n)
        tagging = tagging_seconds(events)
        print(f"\n{n:,} events  (tagging their sentences: {tagging:.2f} s)")
        print(f"  {'format':<11} {'group_by':<8} {'seconds':>8} {'MB':>7} {'render/tag':>10}"
              f"  identical")
        for fmt, group_by in FORMATS:
            options = BuildOptions(format=fmt, group_by=group_by, title="Benchmark")
            start = time.perf_counter()
            out = render_output(events, options)
            seconds = time.perf_counter() - start
            again = render_output(list(reversed(events)), options)
            size = sum(map(len, out.values())) if isinstance(out, dict) else len(out)
            ratio = seconds / tagging if tagging else float("nan")
            print(f"  {fmt:<11} {group_by:<8} {seconds:8.2f} {size / 1e6:7.2f} {ratio:10.2f}"
                  f"  {'yes' if out == again else 'NO'}")


if __name__ == "__main__":
    main()

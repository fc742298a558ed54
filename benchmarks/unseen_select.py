"""The fixed rule that picked the articles of the blind held-out set (unseen_t17*.json).

Written and committed before any article was looked at: all non-empty Timeline17 input
articles whose decoded text is 1,500-6,000 characters long, sorted by path, shuffled by
``random.Random(2026)``; walk the shuffled list and keep an article unless its topic folder
already has 2, until 16 are kept. That is batch 1 (``unseen_t17.json``).

Batch 2 (``unseen_t17_2.json``, added later, committed before any of its articles was read)
walks the same shuffled list again from its start, skipping every article of batch 1, with
the same cap of 2 per topic folder counted within the batch, until 16 more are kept.
Batch n generalises that: it skips the articles of batches 1..n-1.
"""

from __future__ import annotations

import random
from pathlib import Path

SEED = 2026
COUNT = 16
PER_TOPIC = 2
MIN_CHARS, MAX_CHARS = 1500, 6000


def _shuffled_candidates(timeline17: Path) -> list[str]:
    candidates = []
    for path in sorted(timeline17.glob("*/InputDocs/*/*.htm.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.strip() and MIN_CHARS <= len(text) <= MAX_CHARS:
            candidates.append(path.relative_to(timeline17).as_posix())
    return random.Random(SEED).sample(candidates, len(candidates))


def _walk(shuffled: list[str], taken: set[str]) -> list[str]:
    """One batch: the first COUNT articles not in ``taken``, at most PER_TOPIC per folder."""
    chosen: list[str] = []
    per_topic: dict[str, int] = {}
    for rel in shuffled:
        if rel in taken:
            continue
        topic = rel.split("/", 1)[0]
        if per_topic.get(topic, 0) >= PER_TOPIC:
            continue
        per_topic[topic] = per_topic.get(topic, 0) + 1
        chosen.append(rel)
        if len(chosen) == COUNT:
            break
    return chosen


def select_articles(timeline17: Path, batch: int = 1) -> list[str]:
    """Paths (relative to ``timeline17``, '/'-separated) of batch ``batch``'s articles, in order."""
    if batch < 1:
        raise ValueError(f"batch must be 1 or more, not {batch}")
    shuffled = _shuffled_candidates(timeline17)
    taken: set[str] = set()
    for _ in range(batch - 1):
        taken.update(_walk(shuffled, taken))
    return _walk(shuffled, taken)


if __name__ == "__main__":
    import sys

    root = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "timeline17"
    for rel in select_articles(root, batch=int(sys.argv[1]) if len(sys.argv) > 1 else 1):
        print(rel)

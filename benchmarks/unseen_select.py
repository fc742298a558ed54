"""The fixed rule that picked the articles of the blind held-out set (unseen_t17.json).

Written and committed before any article was looked at: all non-empty Timeline17 input
articles whose decoded text is 1,500-6,000 characters long, sorted by path, shuffled by
``random.Random(2026)``; walk the shuffled list and keep an article unless its topic folder
already has 2, until 16 are kept.
"""

from __future__ import annotations

import random
from pathlib import Path

SEED = 2026
COUNT = 16
PER_TOPIC = 2
MIN_CHARS, MAX_CHARS = 1500, 6000


def select_articles(timeline17: Path) -> list[str]:
    """Paths (relative to ``timeline17``, '/'-separated) of the held-out articles, in order."""
    candidates = []
    for path in sorted(timeline17.glob("*/InputDocs/*/*.htm.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.strip() and MIN_CHARS <= len(text) <= MAX_CHARS:
            candidates.append(path.relative_to(timeline17).as_posix())
    shuffled = random.Random(SEED).sample(candidates, len(candidates))
    chosen: list[str] = []
    per_topic: dict[str, int] = {}
    for rel in shuffled:
        topic = rel.split("/", 1)[0]
        if per_topic.get(topic, 0) >= PER_TOPIC:
            continue
        per_topic[topic] = per_topic.get(topic, 0) + 1
        chosen.append(rel)
        if len(chosen) == COUNT:
            break
    return chosen


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "timeline17"
    for rel in select_articles(root):
        print(rel)

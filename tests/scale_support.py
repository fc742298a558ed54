"""Small corpora for the scale tests, written here (deterministic, our own words)."""

from __future__ import annotations

import os
import random
import time
from datetime import date, timedelta
from pathlib import Path

from timeline.pipeline import BuildOptions, BuildReport

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
PLACES = ["Harlow Quay", "Mistral Point", "Oakenfield", "Saltmarsh", "Vireo Hill", "Tessa Bay"]
BODIES = ["the harbour board", "the city council", "the water company", "the rail operator",
          "the school trust", "the fire service"]


def article_text(index: int) -> tuple[date, str]:
    """Publication date and Markdown body of article ``index``."""
    rng = random.Random(index)
    published = date(2015, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    past = published - timedelta(days=rng.randrange(2, 400))
    body = rng.choice(BODIES)
    place = rng.choice(PLACES)
    sentences = [
        f"{body.capitalize()} in {place} approved the budget on "
        f"{MONTHS[past.month - 1]} {past.day}, {past.year}.",
        f"Work on the new quay started in {published.year - rng.randrange(1, 6)}.",
        f"A spokesman said yesterday that {rng.randrange(20, 90)} people attended.",
        f"The next hearing is scheduled for {MONTHS[rng.randrange(12)]} "
        f"{rng.randrange(1, 28)}, {published.year + 1}.",
        "Nobody was hurt.",
    ]
    rng.shuffle(sentences)
    return published, " ".join(sentences)


def write_article(folder: Path, index: int, extra: str = "") -> Path:
    published, text = article_text(index)
    path = folder / f"{published.year}" / f"article-{index:04d}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: Report {index}\ndate: {published.isoformat()}\nsource: Desk {index % 3}\n"
        f"---\n\n{text}{(' ' + extra) if extra else ''}\n",
        encoding="utf-8")
    return path


def write_corpus(folder: Path, count: int, settle: bool = True) -> list[Path]:
    """``count`` articles; ``settle`` back-dates their mtimes so the cache's stat fast
    path trusts them (a file modified less than a second ago is always re-read)."""
    paths = [write_article(folder, i) for i in range(count)]
    if settle:
        settle_files(paths)
    return paths


def settle_files(paths: list[Path]) -> None:
    old = time.time() - 60
    for path in paths:
        os.utime(path, (old, old))


def extract(folder: Path, jobs: int = 1, cache: Path | None = None,
            **changes: object) -> tuple[list[dict], BuildReport]:
    """Per-document events (as dicts, explanation included) and the report."""
    from timeline.scale.engine import extract_sources

    options = BuildOptions(sources=(folder,), jobs=jobs, cache_dir=cache, **changes)
    report = BuildReport()
    events = [e.to_dict() for doc in extract_sources(options, report) for e in doc]
    return events, report


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}

"""The examples corpus (timeline/temporal/data/examples/*.tsv) is documentation and tests:
every row must hold. A row names the expected span and its type/value/mod; a span of "-"
means the text must yield no time expression at all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.temporal import tag
from timeline.temporal.lexicon import DATA_DIR

EXAMPLES = DATA_DIR / "examples"
COLUMNS = ["text", "published", "span", "type", "value", "mod", "mode"]


def load_examples() -> list[pytest.param]:
    params = []
    for path in sorted(EXAMPLES.glob("*.tsv")):
        header_seen = False
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            cells = line.split("\t") + [""] * len(COLUMNS)
            row = dict(zip(COLUMNS, cells[: len(COLUMNS)], strict=True))
            params.append(pytest.param(row, id=f"{path.stem}:{lineno}:{row['text'][:50]}"))
    return params


ALL_EXAMPLES = load_examples()


def test_corpus_is_large() -> None:
    assert len(ALL_EXAMPLES) >= 400


@pytest.mark.parametrize("row", ALL_EXAMPLES)
def test_example(row: dict[str, str]) -> None:
    published = None if row["published"] in ("", "-") else date.fromisoformat(row["published"])
    mode = row["mode"] or "news"
    found = tag(row["text"], published=published, mode=mode)
    if row["span"] == "-":
        assert found == [], f"expected nothing, got {[(t.text, t.value) for t in found]}"
        return
    matches = [t for t in found if t.text == row["span"]]
    assert matches, f"no expression {row['span']!r}; got {[(t.text, t.value) for t in found]}"
    t = matches[0]
    assert (t.type, t.value) == (row["type"], row["value"])
    assert (t.mod or "") == row["mod"]
    assert t.explanation is not None and t.explanation.rule


def test_example_files_are_well_formed() -> None:
    for path in EXAMPLES.glob("*.tsv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                assert 5 <= len(line.split("\t")) <= len(COLUMNS), f"{path.name}: {line!r}"


def test_examples_dir_ships_with_package() -> None:
    assert Path(EXAMPLES).is_dir()

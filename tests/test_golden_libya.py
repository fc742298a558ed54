"""Golden case: a real news article (../shared/golden) and what a correct tagger must say.

Every required expression (found by its text and occurrence) must be tagged with exactly
the expected type and value; acceptable ones, when tagged, must carry one of the accepted
values; forbidden ones (counts, distances, a video running time) must not be tagged.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from shared_data import SHARED, shared_path

GOLDEN = SHARED / "golden" / "libya-airstrikes.expected.json"


def _spec() -> dict:
    try:
        return json.loads(GOLDEN.read_text(encoding="utf-8"))
    except OSError:
        return {}


SPEC = _spec()


@pytest.fixture(scope="module")
def tagged() -> tuple[str, list]:
    from timeline.temporal import tag

    expected = shared_path("golden", "libya-airstrikes.expected.json")
    spec = json.loads(expected.read_text(encoding="utf-8"))
    text = (expected.parent / spec["document"]).read_text(encoding="utf-8")
    return text, tag(text, published=date.fromisoformat(spec["published"]), mode="news")


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of ``needle`` as a whole word/number (so "150" never matches inside "1500")."""
    left = r"(?<!\w)" if needle[:1].isalnum() else ""
    right = r"(?!\w)" if needle[-1:].isalnum() else ""
    return [m.span() for m in re.finditer(left + re.escape(needle) + right, text)]


def _nth(text: str, item: dict) -> tuple[int, int]:
    spans = _occurrences(text, item["text"])
    n = item.get("occurrence", 1)
    assert len(spans) >= n, f"golden text has no occurrence {n} of {item['text']!r}"
    return spans[n - 1]


def _covering(timexes: list, span: tuple[int, int]) -> list:
    return [t for t in timexes if t.start < span[1] and span[0] < t.end]


def _item_id(item: dict) -> str:
    return f"{item['text']}#{item.get('occurrence', 1)}"


@pytest.mark.parametrize("item", SPEC.get("timexes_required", []), ids=_item_id)
def test_required_expression(tagged: tuple[str, list], item: dict) -> None:
    text, timexes = tagged
    span = _nth(text, item)
    found = _covering(timexes, span)
    assert found, f"{item['text']!r} (occurrence {item.get('occurrence', 1)}) was not tagged"
    assert len(found) == 1, f"{item['text']!r} is split over several expressions: {found}"
    t = found[0]
    assert t.start <= span[0] and span[1] <= t.end, (
        f"span {t.text!r} does not cover the whole of {item['text']!r}")
    assert (t.type, t.value) == (item["type"], item["value"]), (
        f"{item['text']!r}: got {t.type} {t.value}, expected {item['type']} {item['value']}")
    assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("item", SPEC.get("timexes_acceptable", []), ids=_item_id)
def test_acceptable_expression(tagged: tuple[str, list], item: dict) -> None:
    text, timexes = tagged
    types = item["type"] if isinstance(item["type"], list) else [item["type"]]
    values = item["value"] if isinstance(item["value"], list) else [item["value"]]
    for t in _covering(timexes, _nth(text, item)):
        assert t.type in types, f"{item['text']!r} tagged as {t.type}, acceptable: {types}"
        assert t.value in values, f"{item['text']!r} = {t.value}, acceptable: {values}"


@pytest.mark.parametrize("item", SPEC.get("timexes_forbidden", []), ids=lambda i: i["text"])
def test_forbidden_expression(tagged: tuple[str, list], item: dict) -> None:
    text, timexes = tagged
    spans = _occurrences(text, item["text"])
    assert spans, f"golden text has no {item['text']!r}"
    for span in spans:
        wrong = _covering(timexes, span)
        assert not wrong, f"{item['text']!r} must not be tagged ({item.get('note', '')}): {wrong}"


def test_golden_spans_are_consistent(tagged: tuple[str, list]) -> None:
    text, timexes = tagged
    assert timexes == sorted(timexes, key=lambda t: (t.start, t.end))
    for a, b in zip(timexes, timexes[1:], strict=False):
        assert a.end <= b.start, f"overlapping expressions {a.text!r} and {b.text!r}"
    for t in timexes:
        assert text[t.start:t.end] == t.text

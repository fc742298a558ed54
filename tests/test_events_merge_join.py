"""The similarity join behind merge_events gives exactly the groups of comparing every pair.

``merge._groups`` finds connected groups of word sets whose Jaccard similarity reaches the
threshold, with prefix filtering, bitmasks or set intersections, and (in dense buckets) a
group-aware index that skips candidates already connected. Every test here compares it
with the brute force: all pairs compared with ``jaccard``, joined with a union-find.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.events import merge
from timeline.events.model import Event, SourceRef

THRESHOLDS = [0.3, 0.5, 0.6, 2 / 3, 0.75, 0.8, 0.9, 1.0]


def brute_force_groups(sets: list[frozenset[str]], threshold: float) -> list[list[int]]:
    """Every pair compared, as the merge did before the join: the reference."""
    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            if merge.jaccard(sets[i], sets[j]) >= threshold - 1e-12:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(len(sets)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


@pytest.fixture(params=["default", "pairs", "grouped", "grouped-sets"])
def strategy(request, monkeypatch):
    """Run a test with the shipped settings, then with each join forced even on tiny
    buckets: pair by pair; group-aware (with groups counted as large from two members,
    so that path runs on small inputs); group-aware comparing set intersections instead
    of bitmasks."""
    if request.param == "default":
        return request.param
    monkeypatch.setattr(merge, "_COMPARE_ALL_UP_TO", 1)
    if request.param == "pairs":
        monkeypatch.setattr(merge, "GROUPED_JOIN_FROM", 10**9)
    else:
        monkeypatch.setattr(merge, "GROUPED_JOIN_FROM", 0)
        monkeypatch.setattr(merge, "_LARGE_GROUP", 2)
    if request.param == "grouped-sets":
        monkeypatch.setattr(merge, "_BITMASK_WORDS", 0)
    return request.param


# Few distinct words, so random sets are often similar and groups chain.
word = st.sampled_from([f"w{i}" for i in range(14)])
word_sets = st.lists(st.frozensets(word, max_size=9), max_size=40)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sets=word_sets, threshold=st.sampled_from(THRESHOLDS))
def test_join_equals_brute_force(strategy, sets, threshold):
    assert merge._groups(sets, threshold) == brute_force_groups(sets, threshold)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sets=word_sets, threshold=st.floats(min_value=0.05, max_value=1.0))
def test_join_equals_brute_force_any_threshold(strategy, sets, threshold):
    assert merge._groups(sets, threshold) == brute_force_groups(sets, threshold)


def _dense_bucket(n: int, seed: int) -> list[frozenset[str]]:
    """A busy day: many sentences built from a few people, verbs, topics and places, so
    most pairs share words and a large share are near-identical."""
    rng = random.Random(seed)
    people = [["mayor", f"p{i}", f"q{i}"] for i in range(8)]
    verbs = [f"v{i}" for i in range(6)]
    topics = [["the", f"t{i}", f"u{i}"] for i in range(9)]
    places = [["in", f"town{i}"] for i in range(10)]
    sets = []
    for _ in range(n):
        words = (rng.choice(people) + [rng.choice(verbs)] + rng.choice(topics)
                 + rng.choice(places))
        if rng.random() < 0.3:
            words.append(f"extra{rng.randrange(40)}")
        if rng.random() < 0.2:
            words.remove(rng.choice(words))
        sets.append(frozenset(words))
    return sets


@pytest.mark.parametrize("threshold", [0.6, 0.8])
def test_dense_bucket_equals_brute_force(strategy, threshold):
    sets = _dense_bucket(450, seed=3)
    groups = merge._groups(sets, threshold)
    assert groups == brute_force_groups(sets, threshold)
    assert len(groups) < len(sets)  # the case is not trivial: sentences do merge


def test_default_strategy_switches_on_bucket_size():
    """The real thresholds: a dense bucket above GROUPED_JOIN_FROM takes the grouped join,
    with groups of _LARGE_GROUP members, and still equals the brute force."""
    sets = _dense_bucket(merge.GROUPED_JOIN_FROM * 2, seed=11)
    assert len(set(sets)) >= merge.GROUPED_JOIN_FROM
    assert merge._groups(sets, 0.6) == brute_force_groups(sets, 0.6)


@given(size=st.integers(1, 40), threshold=st.sampled_from(THRESHOLDS))
def test_needed_overlaps_is_the_jaccard_comparison(size, threshold):
    need = merge._needed_overlaps(size, threshold)
    for other in range(size + 1):
        for shared in range(other + 1):
            similar = shared / (size + other - shared) >= threshold - 1e-12
            assert similar == (shared >= need[other])


def _event(i: int, text: str, day: date) -> Event:
    return Event(id=f"{i:012x}", date=day.isoformat(), type="DATE", granularity="day",
                 start=day, end=day, text=text,
                 sources=(SourceRef(f"doc{i}.md", f"Doc {i}",
                                    published=f"2020-01-{1 + i % 28:02d}"),))


def test_merge_events_on_a_dense_day_is_order_independent_and_matches_brute_force():
    day = date(2020, 3, 4)
    sets = _dense_bucket(400, seed=5)
    events = [_event(i, " ".join(sorted(s)), day) for i, s in enumerate(sets)]
    merged = merge.merge_events(events)
    shuffled = events[:]
    random.Random(1).shuffle(shuffled)
    assert merge.merge_events(shuffled) == merged
    by_id = sorted(events, key=lambda e: e.id)
    expected = brute_force_groups([merge.word_set(e) for e in by_id], merge.MERGE_THRESHOLD)
    assert sorted(len(e.members or (e.id,)) for e in merged) == sorted(map(len, expected))
    assert sorted(sorted(e.members or (e.id,)) for e in merged) == sorted(
        sorted(by_id[i].id for i in group) for group in expected)

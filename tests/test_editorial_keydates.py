"""Key-date selection: evidence, discounts, pins, representative sentences, determinism."""

from __future__ import annotations

import random
from datetime import date, timedelta

from timeline.editorial.keydates import (
    KeyDateParams,
    jaccard,
    key_days,
    rank_key_days,
    representative,
    score_days,
    select_key_dates,
    tokens,
)
from timeline.events.model import Event, SourceRef

_counter = iter(range(10**6))


def ev(day: date, text: str, docs: list[tuple[str, date]], *, granularity: str = "day",
       end: date | None = None, outlet: str | None = None, **kw) -> Event:
    eid = f"{next(_counter):012x}"
    sources = tuple(SourceRef(document=d, title=d, source=outlet, published=p.isoformat())
                    for d, p in docs)
    return Event(id=eid, date=day.isoformat(), type="DATE", granularity=granularity,
                 start=day, end=end or day, text=text, sources=sources, **kw)


D = date(2010, 5, 1)


def test_more_articles_beat_fewer() -> None:
    events = [
        ev(D, "Rig explodes in the Gulf.", [(f"a{i}", D + timedelta(days=3)) for i in range(5)]),
        ev(D + timedelta(days=1), "Minor meeting held.", [("b1", D + timedelta(days=3))]),
    ]
    ranked = score_days(events)
    assert [s.day for s in ranked] == [D, D + timedelta(days=1)]
    assert ranked[0].articles == 5


def test_publication_date_mentions_are_discounted_and_later_citations_rewarded() -> None:
    same_day = D + timedelta(days=10)
    cited = D + timedelta(days=20)
    events = [
        # three articles each mentioning their own publication day ("today")
        ev(same_day, "Officials said today talks continue.", [(f"t{i}", same_day) for i in range(3)]),
        # three articles, written two weeks later, still citing a day
        ev(cited, "The well was capped on that day.",
           [(f"c{i}", cited + timedelta(days=14)) for i in range(3)]),
    ]
    ranked = score_days(events, KeyDateParams(coverage=0.0))
    assert ranked[0].day == cited
    assert ranked[0].score > 2 * ranked[1].score


def test_one_wordy_article_does_not_outvote_several() -> None:
    p = D + timedelta(days=2)
    wordy = [ev(D, f"Sentence {i} about the day.", [("long", p)]) for i in range(8)]
    broad = [ev(D + timedelta(days=1), "The vote passed.", [(f"n{i}", p)]) for i in range(3)]
    ranked = score_days([*wordy, *broad], KeyDateParams(coverage=0.0))
    assert ranked[0].day == D + timedelta(days=1)


def test_distinct_outlets_count() -> None:
    p = D + timedelta(days=5)
    one = [ev(D, "Report one.", [(f"x{i}", p)], outlet="Same Times") for i in range(3)]
    many = [ev(D + timedelta(days=1), "Report two.", [(f"y{i}", p)], outlet=f"Outlet {i}")
            for i in range(3)]
    ranked = score_days([*one, *many], KeyDateParams(coverage=0.0))
    assert ranked[0].day == D + timedelta(days=1)


def test_coarse_periods_do_not_vote_for_days() -> None:
    month = ev(date(2010, 6, 1), "In June the spill grew.", [(f"m{i}", D) for i in range(9)],
               granularity="month", end=date(2010, 6, 30))
    day = ev(date(2010, 6, 15), "Obama addressed the nation.", [("d", date(2010, 6, 16))])
    assert [s.day for s in score_days([month, day])] == [date(2010, 6, 15)]
    selected = select_key_dates([month, day], 1)
    assert [e.text for e in selected if e.key] == ["Obama addressed the nation."]


def test_pinned_events_are_always_key() -> None:
    strong = [ev(D, "Big day.", [(f"a{i}", D + timedelta(days=2)) for i in range(6)])]
    weak = ev(D + timedelta(days=40), "Quiet day.", [("z", D + timedelta(days=40))], pinned=True)
    coarse = ev(date(2009, 1, 1), "Earlier that year.", [("q", D)], granularity="year",
                end=date(2009, 12, 31), pinned=True)
    selected = select_key_dates([*strong, weak, coarse], 1)
    keys = {e.text for e in selected if e.key}
    assert keys == {"Quiet day.", "Earlier that year."}  # pins take the slot, always shown
    selected = select_key_dates([*strong, weak, coarse], 2)
    assert {e.text for e in selected if e.key} == {"Big day.", "Quiet day.", "Earlier that year."}


def test_range_limits_candidates() -> None:
    inside = ev(D, "Inside.", [("a", D)])
    outside = ev(D + timedelta(days=100), "Outside.", [(f"b{i}", D + timedelta(days=101))
                                                       for i in range(9)])
    selected = select_key_dates([inside, outside], 1, date_from=D, date_to=D + timedelta(days=10))
    assert [e.text for e in selected if e.key] == ["Inside."]
    assert len(selected) == 2  # all events kept; only flags change


def test_representative_sentences_are_central_and_not_duplicates() -> None:
    p = D + timedelta(days=1)
    texts = [
        "BP engineers cap the leaking well in the Gulf of Mexico.",
        "BP engineers cap the leaking well in the Gulf of Mexico, officials say.",
        "Engineers from BP capped the leaking Gulf well after weeks of failed attempts.",
        "Shares rose in London.",
        "The leaking well in the Gulf is capped by BP engineers using a new device.",
    ]
    events = [ev(D, t, [(f"d{i}", p)]) for i, t in enumerate(texts)]
    chosen = representative(events, 2, 0.5)
    assert len(chosen) == 2
    chosen_texts = [e.text for e in chosen]
    assert "Shares rose in London." not in chosen_texts
    a, b = (tokens(t) for t in chosen_texts)
    assert jaccard(a, b) < 0.5


def test_deterministic_regardless_of_input_order() -> None:
    rng = random.Random(7)
    published = [D + timedelta(days=rng.randrange(-2, 70)) for _ in range(80)]
    events = []
    for i in range(300):
        day = D + timedelta(days=rng.randrange(60))
        docs = [(f"doc{k}", published[k]) for k in rng.sample(range(80), rng.randrange(1, 4))]
        events.append(ev(day, f"Event {i} with words {rng.randrange(20)} and more.", docs))
    first = select_key_dates(events, 10)
    shuffled = events[:]
    rng.shuffle(shuffled)
    second = select_key_dates(shuffled, 10)
    assert [(e.id, e.key) for e in first] == [(e.id, e.key) for e in second]
    assert len(key_days(first)) == 10
    per_day: dict[date, int] = {}
    for e in first:
        if e.key:
            per_day[e.start] = per_day.get(e.start, 0) + 1
    assert all(1 <= n <= 2 for n in per_day.values())


def test_fewer_candidate_days_than_requested() -> None:
    events = [ev(D, "Only day.", [("a", D)])]
    assert key_days(select_key_dates(events, 20)) == [D]
    assert select_key_dates([], 5) == []


def test_rank_key_days_matches_select_key_dates_and_puts_pins_first() -> None:
    rng = random.Random(11)
    events = []
    for i in range(120):
        day = D + timedelta(days=rng.randrange(40))
        docs = [(f"doc{k}", D + timedelta(days=rng.randrange(45))) for k in
                rng.sample(range(60), rng.randrange(1, 4))]
        events.append(ev(day, f"Event {i} about topic {rng.randrange(9)}.", docs))
    pinned = ev(D + timedelta(days=90), "A quiet day an editor pinned.", [("p", D)], pinned=True)
    events.append(pinned)
    ranked = rank_key_days(events, 6)
    assert ranked[0] == pinned.start and len(ranked) == 6
    assert sorted(ranked) == key_days(select_key_dates(events, 6))
    window = rank_key_days(events, 6, date_from=D + timedelta(days=10), date_to=D + timedelta(days=20))
    assert all(D + timedelta(days=10) <= d <= D + timedelta(days=20) for d in window)


def test_representative_prefers_statements_over_stamps_and_announcements() -> None:
    after = D + timedelta(days=1)
    before = D - timedelta(days=3)
    # Created first: on equal centrality the smaller id would win without the demotions.
    announced = ev(D, "Engineers will try to cap the leaking well in the Gulf on Saturday.",
                   [("a", before)])
    stamp = ev(D, "1 May 2010 Last updated at 15:44 GMT Help Engineers cap the leaking well "
                  "in the Gulf.", [("s", after)])
    report = ev(D, "Engineers capped the leaking well in the Gulf on Saturday, officials said.",
                [("r", after)])
    assert representative([stamp, report], 1, 0.9) == [report]
    assert representative([announced, report], 1, 0.9) == [report]
    assert representative([stamp, announced, report], 1, 0.9) == [report]
    # Demoted, never excluded: alone, a stamped sentence still represents its day.
    assert representative([stamp], 1, 0.5) == [stamp]

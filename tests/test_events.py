"""Events: extraction from documents, stable ids, merging, filtering.

Most tests use a small stand-in tagger (ISO dates, "Month YYYY", bare years, a few fixed
words) so that they test the events layer, not the grammar; the golden test at the end
uses the real tagger.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace
from datetime import date
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import shared_path

from timeline.errors import InputError
from timeline.events import (
    Event,
    SourceRef,
    event_id,
    extract_events,
    filter_events,
    merge_events,
)
from timeline.events.merge import _groups, jaccard
from timeline.ingest import read_document
from timeline.ingest.document import Document

MONTHS = {m: i + 1 for i, m in enumerate(
    "January February March April May June July August September October November "
    "December".split())}
_MONTH_NAMES = "|".join(MONTHS)
_PATTERN = re.compile(
    r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b|\b(?P<month>" + _MONTH_NAMES + r") (?P<my>\d{4})\b"
    r"|\b(?P<year>\d{4})\b"
    r"|\b(?P<friday>Friday)\b|\bfor (?P<dur>three years)\b|\b(?P<set>every week)\b"
    r"|\b(?P<ref>recently)\b|\bin (?P<noyear>December)\b(?! \d)|\b(?P<time>at noon)\b")


@dataclass
class FakeTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    granularity: str = "unknown"
    mod: str | None = None
    explanation: object = None


def fake_tag(text: str, published: date | None = None, mode: str = "news") -> list[FakeTimex]:
    out = []
    for m in _PATTERN.finditer(text):
        kind = m.lastgroup
        span = m.span(kind) if kind in ("dur", "set", "noyear", "time") else m.span()
        if kind in ("month", "my"):
            kind, span = "month", m.span()
        words = text[span[0]:span[1]]
        value, typ = {
            "iso": (words, "DATE"),
            "month": (f"{m.group('my')}-{MONTHS.get(m.group('month'), 1):02d}", "DATE"),
            "year": (words, "DATE"),
            "friday": ("2017-09-22", "DATE"),
            "dur": ("P3Y", "DURATION"),
            "set": ("P1W", "SET"),
            "ref": ("PAST_REF", "DATE"),
            "noyear": ("XXXX-12", "DATE"),
            "time": ("2017-09-22T12:00", "TIME"),
        }[kind]
        out.append(FakeTimex(span[0], span[1], words, typ, value))
    return out


def doc(text: str, path: str = "a.md", published: date = date(2017, 9, 24), **kw) -> Document:
    return Document(path=path, text=text, title=kw.pop("title", path), published=published, **kw)


def extract(document: Document) -> list[Event]:
    return extract_events(document, tagger=fake_tag)


# --- Extraction --------------------------------------------------------------------------


def test_each_dated_sentence_becomes_an_event():
    text = ("Libya strikes\n\nThe US military struck on Friday, the first strike since "
            "December 2016. In 2015 the group seized Sirte. Nothing happened here.")
    events = extract(doc(text, tags=("libya",), source="Wire", url="https://w.test/a"))
    assert [(e.date, e.granularity, e.start, e.end) for e in events] == [
        ("2015", "year", date(2015, 1, 1), date(2015, 12, 31)),
        ("2016-12", "month", date(2016, 12, 1), date(2016, 12, 31)),
        ("2017-09-22", "day", date(2017, 9, 22), date(2017, 9, 22)),
    ]
    two_dates = "The US military struck on Friday, the first strike since December 2016."
    assert events[1].text == events[2].text == two_dates
    for event in events:
        start, end = event.highlight
        assert event.text[start:end] == event.expression
        assert event.sources == (SourceRef("a.md", "a.md", "Wire", "https://w.test/a",
                                           "2017-09-24"),)
        assert event.tags == ("libya",) and event.type == "DATE"
    assert events[1].expression == "December 2016" and events[2].expression == "Friday"


def test_durations_sets_references_and_unknown_parts_are_not_events():
    text = ("It lasted for three years. Strikes happen every week. It rose recently. "
            "It snowed in December. Lunch was at noon.")
    events = extract(doc(text))
    assert [(e.date, e.type, e.granularity) for e in events] == [
        ("2017-09-22T12:00", "TIME", "minute")]
    assert events[0].start == events[0].end == date(2017, 9, 22)


def test_whitespace_normalized_text_and_highlight():
    text = "The   army\nmoved on\n\tFriday  again."
    (event,) = extract(doc(text))
    # one wrapped sentence: the splitter sees a single line-broken paragraph of short lines
    assert "  " not in event.text and "\n" not in event.text
    start, end = event.highlight
    assert event.text[start:end] == "Friday"


def test_same_value_twice_in_a_sentence_is_one_event_and_duplicates_collapse():
    text = "On Friday and again Friday the army moved. On Friday and again Friday the army moved."
    events = extract(doc(text))
    assert len(events) == 1
    assert events[0].highlight == (3, 9)


def test_dateline_and_publication_lines_are_skipped():
    text = ("Published 2017-09-24\n\n"
            "WASHINGTON, 2017-09-24 (Reuters) - The army moved on Friday.\n\n"
            "Officials said on 2017-09-24 that talks would resume.")
    events = extract(doc(text))
    assert [(e.date, e.text) for e in events] == [
        ("2017-09-22", "The army moved on Friday."),
        ("2017-09-24", "Officials said on 2017-09-24 that talks would resume."),
    ]


def test_empty_and_undated_text():
    assert extract(doc("")) == []
    assert extract(doc("No dates in this one. None here either.")) == []


# --- Stable ids --------------------------------------------------------------------------


def test_ids_are_short_stable_and_content_derived():
    text = "In 2015 the group seized Sirte. The city fell in December 2016."
    first = {e.date: e.id for e in extract(doc(text))}
    assert all(re.fullmatch(r"[0-9a-f]{12}", i) for i in first.values())
    # Editing another sentence of the same document leaves the first event's id alone.
    edited = {e.date: e.id for e in extract(doc(
        "A new lede was added on 2017-09-23. In 2015 the group seized Sirte. "
        "The city was retaken in December 2016."))}
    assert edited["2015"] == first["2015"]
    assert edited["2016-12"] != first["2016-12"]
    # Whitespace does not matter, the document's identity does (its URL when present).
    assert {e.id for e in extract(doc(text.replace(" the ", "  the\t ")))} == set(first.values())
    assert {e.id for e in extract(doc(text, path="b.md"))}.isdisjoint(first.values())
    with_url = {e.id for e in extract(doc(text, url="https://x.test/1"))}
    assert with_url == {e.id for e in extract(doc(text, path="moved.md", url="https://x.test/1"))}
    assert event_id("a.md", "In 2015 the group seized Sirte.", "2015") == first["2015"]
    assert event_id("a.md", "In 2015 the group seized Sirte.", "2015", 1) != first["2015"]


def test_ids_survive_adding_other_documents():
    a = doc("In 2015 the group seized Sirte.", path="a.md")
    b = doc("Talks began on 2016-03-01 in Tunis.", path="b.md")
    before = {e.id for e in merge_events(extract(a))}
    after = {e.id for e in merge_events(extract(a) + extract(b))}
    assert before <= after


# --- Merging -----------------------------------------------------------------------------


def _articles():
    return [
        doc("The US military conducted airstrikes against fighters in Libya on Friday.",
            path="cnn.md", published=date(2017, 9, 23), source="CNN"),
        doc("The U.S. military conducted airstrikes against fighters in Libya on Friday!",
            path="wire.md", published=date(2017, 9, 22), source="Wire"),
        doc("Separately, the talks in Tunis collapsed on Friday after a walkout.",
            path="wire2.md", published=date(2017, 9, 24), source="Wire"),
        doc("US military conducted airstrikes against fighters in Libya on 2017-09-22.",
            path="late.md", published=date(2017, 9, 30), source="Late"),
    ]


def test_near_identical_same_date_sentences_merge_with_all_sources():
    events = [e for d in _articles() for e in extract(d)]
    merged = merge_events(events)
    assert len(merged) == 2
    strikes = next(e for e in merged if "airstrikes" in e.text)
    # Canonical member: the earliest-published source.
    assert strikes.text.startswith("The U.S. military")
    assert [s.document for s in strikes.sources] == ["wire.md", "cnn.md", "late.md"]
    assert strikes.id in strikes.members and len(strikes.members) == 3
    assert strikes.members == tuple(sorted(strikes.members))
    talks = next(e for e in merged if "talks" in e.text)
    assert talks.members == () and len(talks.sources) == 1


def test_different_dates_never_merge():
    a = doc("The army moved in 2015.", path="a.md")
    b = doc("The army moved in 2016.", path="b.md")
    assert len(merge_events(extract(a) + extract(b))) == 2


def test_merge_is_order_independent_idempotent_and_sorted():
    events = [e for d in _articles() for e in extract(d)]
    events += extract(doc("In 2015 the group seized Sirte. Sirte fell in December 2016.",
                          path="x.md"))
    reference = merge_events(events)
    for seed in range(5):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        assert merge_events(shuffled) == reference
    assert merge_events(reference) == reference
    assert [e.sort_key for e in reference] == sorted(e.sort_key for e in reference)
    assert [e.date for e in reference][:2] == ["2015", "2016-12"]  # coarse dates sort first


def test_canonical_id_is_stable_when_a_later_article_joins():
    first = [e for d in _articles()[:2] for e in extract(d)]
    later = extract(_articles()[3])
    before = next(e for e in merge_events(first) if "airstrikes" in e.text)
    after = next(e for e in merge_events(first + later) if "airstrikes" in e.text)
    assert before.id == after.id
    assert set(before.members) < set(after.members)


def test_manual_events_are_never_merged():
    (event,) = extract(doc("The army moved in 2015."))
    manual = replace(event, id="manual-1", manual=True, sources=())
    assert len(merge_events([event, manual])) == 2


def test_threshold_is_validated():
    with pytest.raises(ValueError):
        merge_events([], threshold=0)


words = st.lists(st.sampled_from("a b c d e f g h i j k l".split()), min_size=0, max_size=8)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, min_size=1, max_size=25), st.sampled_from([0.3, 0.5, 0.6, 0.8, 1.0]))
def test_prefix_filtering_equals_all_pairs(lists, threshold):
    sets = [frozenset(w) for w in lists]
    got = sorted(sorted(g) for g in _groups(sets, threshold))
    # Reference: connected components of the all-pairs graph.
    parent = list(range(len(sets)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in combinations(range(len(sets)), 2):
        if jaccard(sets[i], sets[j]) >= threshold:
            parent[find(j)] = find(i)
    expected: dict[int, list[int]] = {}
    for i in range(len(sets)):
        expected.setdefault(find(i), []).append(i)
    assert got == sorted(sorted(g) for g in expected.values())


def test_large_bucket_merges_duplicates():
    # Many outlets repeating one wire sentence plus many distinct sentences on one date.
    docs = [doc(f"Officials confirmed the spill on 2010-04-20 in statement {n}.",
                path=f"d{n}.md") for n in range(300)]
    docs += [doc(f"Report {n} alpha{n} beta{n} gamma{n} delta{n} noted 2010-04-20.",
                 path=f"r{n}.md") for n in range(300)]
    merged = merge_events(e for d in docs for e in extract(d))
    assert sum(len(e.sources) for e in merged) == 600
    assert len(merged) == 301


# --- Filtering ---------------------------------------------------------------------------


def test_filter_by_overlap_and_tags():
    events = extract(doc("In 2015 it began. It grew in December 2016. It ended on 2017-09-22.",
                         tags=("Libya", "War")))
    events += extract(doc("Talks resumed on 2017-09-23.", path="b.md", tags=("talks",)))
    dates = lambda evs: [e.date for e in evs]  # noqa: E731
    assert dates(filter_events(events, date_from=date(2016, 12, 31))) == [
        "2016-12", "2017-09-22", "2017-09-23"]
    assert dates(filter_events(events, date_to=date(2015, 6, 1))) == ["2015"]
    assert dates(filter_events(events, date_from=date(2015, 6, 1), date_to=date(2015, 6, 1))) \
        == ["2015"]  # the year overlaps the day
    assert dates(filter_events(events, tags=["war"])) == ["2015", "2016-12", "2017-09-22"]
    assert dates(filter_events(events, tags=["TALKS", "none"])) == ["2017-09-23"]
    assert filter_events(events) == events
    with pytest.raises(InputError):
        filter_events(events, date_from=date(2018, 1, 1), date_to=date(2017, 1, 1))


# --- Real tagger on the golden article ---------------------------------------------------


def test_golden_article_events_in_order():
    path = shared_path("golden", "libya-airstrikes.txt")
    document = read_document(path, published=date(2017, 9, 24))
    events = merge_events(extract_events(document))
    expected = [
        ("2015", "year", "seizing the coastal city of Sirte"),
        ("2016-12", "month", "recapture the city"),
        ("2017-01-19", "day", "last US airstrike in Libya"),
        ("2017-04", "month", "when asked in April"),
        ("2017-09", "month", "US Institute of Peace"),
        ("2017-09-22", "day", "conducted airstrikes against ISIS fighters"),
    ]
    position = 0
    for value, granularity, words in expected:
        for index in range(position, len(events)):
            event = events[index]
            if event.date == value and words in event.text:
                assert event.granularity == granularity
                assert event.sources[0].document == "libya-airstrikes.txt"
                position = index + 1
                break
        else:
            pytest.fail(f"no event {value} with {words!r} after position {position}: "
                        f"{[(e.date, e.text[:40]) for e in events]}")


def test_expression_across_a_sentence_split_keeps_both_sentences():
    text = "Nothing here. Talks ended in 2016. Nobody came. Later they met again."

    def tagger(text, published=None, mode="news"):
        start = text.index("2016")
        end = text.index("Nobody") + len("Nobody")
        return [FakeTimex(start, end, text[start:end], "DATE", "2016")]

    (event,) = extract_events(doc(text), tagger=tagger)
    assert event.text == "Talks ended in 2016. Nobody came."
    assert event.text[event.highlight[0]:event.highlight[1]] == "2016. Nobody"


PIECES = st.sampled_from([
    "The army moved", "on Friday", "in December 2016", "last year", "officials said",
    "on September 22,\n2017", "two weeks ago", "at 3 p.m. on Monday", "Mr. Smith", "the U.S.",
    "for three years", "every week", "in 2015", ".", ".\n\n", ",", "\n", "Talks ended",
    "next month", "WASHINGTON (Reuters) - ", "\u201cWe will go,\u201d he said",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=25))
def test_real_tagger_events_are_consistent(pieces):
    text = " ".join(pieces)
    events = extract_events(doc(text))
    assert len({e.id for e in events}) == len(events)
    assert [e.sort_key for e in events] == sorted(e.sort_key for e in events)
    for event in events:
        start, end = event.highlight
        assert event.text[start:end] == event.expression
        assert event.text == " ".join(event.text.split()) and event.text in " ".join(text.split())
        assert event.start <= event.end
    assert extract_events(doc(text)) == events  # deterministic

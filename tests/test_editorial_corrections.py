"""Corrections file: parsing (errors name file and line), applying, writing back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.editorial.corrections import (
    Corrections,
    apply_corrections,
    load_corrections,
    parse_corrections,
    save_corrections,
)
from timeline.errors import InputError
from timeline.events.model import Event, SourceRef


def ev(eid: str, day: str, text: str, doc: str = "a.md", published: str = "2017-09-24",
       **kw) -> Event:
    d = date.fromisoformat(day)
    return Event(id=eid, date=day, type="DATE", granularity="day", start=d, end=d, text=text,
                 sources=(SourceRef(document=doc, title=doc, published=published),), **kw)


EVENTS = [
    ev("aaaaaaaaaaaa", "2017-09-22", "Six strikes hit camps south of Sirte on Friday."),
    ev("bbbbbbbbbbbb", "2017-09-21", "Officials met in Tripoli.", doc="b.md"),
    ev("cccccccccccc", "2017-09-22", "US forces struck camps near Sirte.", doc="c.md"),
]


def test_empty_and_missing_files(tmp_path: Path) -> None:
    assert not parse_corrections("")
    assert not parse_corrections("# only a comment\n")
    assert not load_corrections(tmp_path / "none.yaml")
    with pytest.raises(InputError, match="none.yaml: corrections file not found"):
        load_corrections(tmp_path / "none.yaml", must_exist=True)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("events:\n  abc:\n    hide: maybe\n", 3, "hide must be true or false"),
    ("events:\n  abc:\n    colour: red\n", 3, "unknown key 'colour'"),
    ("version: 1\nfoo: 2\n", 2, "unknown key 'foo'"),
    ("events:\n  abc: {hide: true\n", 3, "invalid YAML"),
    ("events:\n  abc:\n    hide: true\n  abc:\n    pin: true\n", 4, "duplicate key 'abc'"),
    ("manual:\n  - headline: No date here\n", 2, "'date' is required"),
    ("manual:\n  - date: 2017-09-01\n", 2, "'headline' is required"),
    ("manual: {a: 1}\n", 1, "manual must be a list"),
    ("events:\n  abc:\n    merge_into: abc\n", 3, "cannot merge an event into itself"),
    ("events:\n  abc: [1, 2]\n", 2, "must be a mapping"),
    ("version: 7\n", 1, "unsupported version"),
    ("manual:\n  - date: 2017-09-01\n    headline: x\n    published: soon\n", 4,
     "published must be a date"),
])
def test_invalid_files_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as info:
        parse_corrections(text, "fix.yaml")
    error = str(info.value)
    assert error.startswith(f"fix.yaml:{line}: "), error
    assert message in error
    assert "\n" not in error


def test_dates_stay_as_written_and_booleans_are_strict() -> None:
    corrections = parse_corrections(
        "events:\n"
        "  aaaaaaaaaaaa:\n    date: 2017-09-21\n    note: statement says Thursday\n"
        "  bbbbbbbbbbbb: {hide: yes, pin: false}\n"
        "  cccccccccccc: {headline: '  Strikes near Sirte '}\n"
    )
    a = corrections.events["aaaaaaaaaaaa"]
    assert a.date == "2017-09-21" and isinstance(a.date, str)
    assert a.note == "statement says Thursday" and a.line == 2
    assert corrections.events["bbbbbbbbbbbb"].hide is True
    assert corrections.events["bbbbbbbbbbbb"].pin is False
    assert corrections.events["cccccccccccc"].headline == "Strikes near Sirte"
    with pytest.raises(InputError, match="hide must be true or false"):
        parse_corrections("events:\n  x: {hide: 'yes'}\n")  # quoted: a string, not a bool


def test_apply_hide_pin_headline_redate() -> None:
    corrections = parse_corrections(
        "events:\n"
        "  aaaaaaaaaaaa: {date: 2017-09-21, note: per the Pentagon}\n"
        "  bbbbbbbbbbbb: {hide: true}\n"
        "  cccccccccccc: {pin: true, headline: Strikes near Sirte}\n"
    )
    applied = apply_corrections(EVENTS, corrections)
    by_id = {e.id: e for e in applied.events}
    assert set(by_id) == {"aaaaaaaaaaaa", "cccccccccccc"}
    assert [e.id for e in applied.hidden] == ["bbbbbbbbbbbb"]
    a = by_id["aaaaaaaaaaaa"]
    assert (a.date, a.start, a.end, a.granularity) == ("2017-09-21", date(2017, 9, 21),
                                                       date(2017, 9, 21), "day")
    assert a.note == "per the Pentagon"
    assert a.explanation["editor"]["corrected_from"] == "2017-09-22"
    c = by_id["cccccccccccc"]
    assert c.pinned and c.headline == "Strikes near Sirte"
    assert [e.id for e in applied.events] == sorted(by_id, key=lambda i: by_id[i].sort_key)


def test_redate_to_a_coarser_period() -> None:
    corrections = parse_corrections("events:\n  bbbbbbbbbbbb: {date: 2016-12}\n")
    b = next(e for e in apply_corrections(EVENTS, corrections).events if e.id == "bbbbbbbbbbbb")
    assert (b.date, b.granularity, b.start, b.end) == ("2016-12", "month", date(2016, 12, 1),
                                                       date(2016, 12, 31))


def test_merge_into_moves_sources_and_removes_the_event() -> None:
    corrections = parse_corrections("events:\n  cccccccccccc: {merge_into: aaaaaaaaaaaa}\n")
    applied = apply_corrections(EVENTS, corrections)
    ids = [e.id for e in applied.events]
    assert "cccccccccccc" not in ids
    a = next(e for e in applied.events if e.id == "aaaaaaaaaaaa")
    assert [s.document for s in a.sources] == ["a.md", "c.md"]


def test_vanished_ids_warn_with_id_and_line_and_are_kept() -> None:
    text = "events:\n  aaaaaaaaaaaa: {pin: true}\n  deadbeef0000: {hide: true}\n"
    corrections = parse_corrections(text, "timeline.corrections.yaml")
    warnings: list[str] = []
    applied = apply_corrections(EVENTS, corrections, on_warning=warnings.append)
    assert len(warnings) == 1
    assert "deadbeef0000" in warnings[0] and "timeline.corrections.yaml:3" in warnings[0]
    assert [c.event_id for c in applied.unmatched] == ["deadbeef0000"]
    assert "deadbeef0000" in corrections.to_yaml()  # never dropped from the file


def test_no_corrections_gives_what_an_inert_file_gives() -> None:
    # An empty file takes a short path; a file whose only correction names no event runs
    # the whole pass and must give the same events in the same order.
    events = list(reversed(EVENTS)) + [ev("dddddddddddd", "2017-09-22", "A third report.")]
    inert = parse_corrections("events:\n  deadbeef0000: {hide: true}\n", "c.yaml")
    empty = apply_corrections(events, Corrections())
    full = apply_corrections(events, inert)
    assert empty.events == full.events
    assert [e.date for e in empty.events] == ["2017-09-21"] + ["2017-09-22"] * 3
    assert sorted(e.id for e in empty.events) == sorted(e.id for e in events)
    assert empty.hidden == [] and empty.unmatched == []


def test_merge_target_missing_warns() -> None:
    corrections = parse_corrections("events:\n  cccccccccccc: {merge_into: 000000000000}\n")
    warnings: list[str] = []
    applied = apply_corrections(EVENTS, corrections, on_warning=warnings.append)
    assert any("000000000000" in w for w in warnings)
    assert "cccccccccccc" in {e.id for e in applied.events}


def test_correction_follows_a_member_id_into_a_merged_event() -> None:
    # When another article joins an event, the merged id may change; corrections keyed by
    # any member id still apply (if the events layer records members).
    if "members" not in Event.__dataclass_fields__:
        pytest.skip("Event has no members field")
    merged = ev("000000000001", "2017-09-22", "Six strikes hit camps.",
                members=("000000000001", "aaaaaaaaaaaa"))
    corrections = parse_corrections("events:\n  aaaaaaaaaaaa: {headline: Strikes}\n")
    warnings: list[str] = []
    applied = apply_corrections([merged], corrections, on_warning=warnings.append)
    assert not warnings
    assert applied.events[0].headline == "Strikes"


def test_manual_entries() -> None:
    corrections = parse_corrections(
        "manual:\n"
        "  - date: 2017-09-30\n"
        "    headline: Officials confirm the strikes\n"
        "    body: |\n      A *statement* from the government.\n"
        "    source: GNA press office\n"
        "    url: https://example.org/statement\n"
        "    tags: libya, strikes\n"
        "    pin: true\n"
        "  - date: 2015\n    headline: Sirte falls\n    id: sirte-falls\n"
    )
    applied = apply_corrections(EVENTS, corrections)
    manual = [e for e in applied.events if e.manual]
    assert [m.date for m in manual] == ["2015", "2017-09-30"]
    first = next(m for m in manual if m.date == "2017-09-30")
    assert first.headline == first.text == "Officials confirm the strikes"
    assert first.body.startswith("A *statement*")
    assert first.pinned and first.tags == ("libya", "strikes")
    assert first.sources[0].url == "https://example.org/statement"
    assert first.sources[0].source == "GNA press office"
    assert first.id.startswith("m") and len(first.id) == 12
    year = next(m for m in manual if m.date == "2015")
    assert year.id == "sirte-falls" and year.granularity == "year"
    assert (year.start, year.end) == (date(2015, 1, 1), date(2015, 12, 31))
    # the id of a manual entry is derived from its content: same file -> same id
    again = apply_corrections(EVENTS, parse_corrections(corrections.to_yaml()))
    assert sorted(e.id for e in again.events) == sorted(e.id for e in applied.events)


def test_manual_entry_free_text_date_needs_published() -> None:
    with pytest.raises(InputError, match=r":2: .*relative"):
        parse_corrections("manual:\n  - date: last Friday\n    headline: x\n")
    corrections = parse_corrections(
        "manual:\n  - date: last Friday\n    published: 2017-09-24\n    headline: x\n")
    event = apply_corrections([], corrections).events[0]
    assert event.date == "2017-09-22"


def test_unreadable_date_is_an_error_with_line() -> None:
    with pytest.raises(InputError, match=r"^c.yaml:3: .*cannot read 'blurb' as a date"):
        parse_corrections("events:\n  x:\n    date: blurb\n", "c.yaml")


def test_write_is_deterministic_and_round_trips(tmp_path: Path) -> None:
    text = (
        "events:\n  cccccccccccc: {pin: true}\n  aaaaaaaaaaaa: {date: 2017-09-21, note: n}\n"
        "manual:\n  - date: '2017-09-30'\n    headline: \"Quote: it's 'here'\"\n    tags: [b, a]\n"
    )
    corrections = parse_corrections(text)
    path = save_corrections(corrections, tmp_path / "timeline.corrections.yaml")
    first = path.read_bytes()
    reread = load_corrections(path)
    assert reread.events.keys() == corrections.events.keys()
    assert reread.events["aaaaaaaaaaaa"].date == "2017-09-21"
    assert reread.manual[0].headline == "Quote: it's 'here'"
    assert reread.manual[0].tags == ("a", "b")
    save_corrections(reread, path)
    assert path.read_bytes() == first
    assert list(tmp_path.iterdir()) == [path]  # no temp file left behind
    # ids sorted
    assert first.index(b"aaaaaaaaaaaa") < first.index(b"cccccccccccc")


def test_update_removes_empty_corrections() -> None:
    corrections = Corrections()
    corrections.update("x", hide=True)
    assert corrections.events["x"].hide
    corrections.update("x", hide=False)
    assert "x" not in corrections.events

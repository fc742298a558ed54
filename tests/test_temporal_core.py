"""Unit tests of the temporal grammar's parts: resolver, tense, rules registry, tagger
properties (spans, ordering, determinism), normalize() and TAGGER_VERSION."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal import TAGGER_VERSION, normalize, tag
from timeline.temporal.resolver import Anchor, resolve
from timeline.temporal.rules import all_rules, rule
from timeline.temporal.spec import Spec
from timeline.temporal.tense import cues, tense_at

SUNDAY = Anchor(date(2017, 9, 24))


def value(spec: Spec, anchor: Anchor | None = SUNDAY, tense: str | None = None) -> str | None:
    out = resolve(spec, anchor, tense=tense)
    return None if out is None else out.value


@pytest.mark.parametrize(("tense", "expected"), [
    ("past", "2017-09-22"), ("future", "2017-09-29"), (None, "2017-09-22"), ("present", "2017-09-22"),
])
def test_weekday_follows_tense(tense: str | None, expected: str) -> None:
    assert value(Spec(weekday=5), tense=tense) == expected


def test_weekday_on_the_anchor_day() -> None:
    assert value(Spec(weekday=7), tense="past") == "2017-09-24"
    assert value(Spec(weekday=7), tense="future") == "2017-09-24"
    assert value(Spec(weekday=7, direction="before")) == "2017-09-17"
    assert value(Spec(weekday=7, direction="after")) == "2017-10-01"


@pytest.mark.parametrize(("month", "tense", "expected"), [
    (12, "past", "2016-12"), (12, "future", "2017-12"), (9, "past", "2017-09"),
    (9, "future", "2017-09"), (4, None, "2017-04"), (1, "future", "2018-01"),
])
def test_month_year_inference(month: int, tense: str | None, expected: str) -> None:
    assert value(Spec(month=month), tense=tense) == expected


def test_no_anchor_leaves_values_underspecified() -> None:
    assert value(Spec(month=12), anchor=None) == "XXXX-12"
    assert value(Spec(weekday=2), anchor=None) == "XXXX-WXX-2"
    assert value(Spec(unit="day", shift=-1), anchor=None) == "XXXX-XX-XX"
    assert value(Spec(month=1, day=19), anchor=None) == "XXXX-01-19"


def test_relative_units() -> None:
    assert value(Spec(unit="week", shift=-1)) == "2017-W37"
    assert value(Spec(unit="weekend", shift=0)) == "2017-W38-WE"
    assert value(Spec(unit="month", shift=-1)) == "2017-08"
    assert value(Spec(unit="quarter", shift=-1)) == "2017-Q2"
    assert value(Spec(unit="year", shift=-2)) == "2015"
    assert value(Spec(unit="decade", shift=0)) == "201"
    assert value(Spec(unit="season", shift=-1, season="SU")) == "2016-SU"
    assert value(Spec(unit="month", shift=-9)) == "2016-12"


def test_invalid_dates_are_rejected_not_raised() -> None:
    assert value(Spec(year=2017, month=2, day=30)) is None
    assert value(Spec(year=0)) is None
    assert value(Spec(year=9999, month=12, day=31)) == "9999-12-31"
    assert value(Spec(unit="year", shift=1), anchor=Anchor(date(9999, 12, 31))) is None
    assert value(Spec(unit="day", shift=1), anchor=Anchor(date(9999, 12, 31))) is None


def test_explanation_records_anchor_and_tense() -> None:
    out = resolve(Spec(weekday=5, rule="weekday"), SUNDAY, tense="past", cue="conducted")
    assert out is not None
    e = out.explanation
    assert (e.rule, e.anchor, e.anchor_kind, e.tense, e.tense_cue, e.direction) == (
        "weekday", "2017-09-24", "publication", "past", "conducted", "back")
    month = resolve(Spec(month=12, rule="month_name"), SUNDAY, tense="past")
    assert month is not None and month.explanation.year_inferred


def test_tense_nearest_cue_wins() -> None:
    s = "He said the vote will be held on Friday."
    found = cues(s)
    pos = s.index("Friday")
    assert tense_at(found, pos, pos + 6)[0] == "future"
    s2 = "The vote was held on Friday."
    pos2 = s2.index("Friday")
    assert tense_at(cues(s2), pos2, pos2 + 6)[0] == "past"


def test_tense_ignores_passive_participles_after_future_auxiliary() -> None:
    s = "Elections will be held in March."
    pos = s.index("March")
    assert tense_at(cues(s), pos, pos + 5)[0] == "future"


def test_rule_names_are_unique_and_patterns_nonempty() -> None:
    rules = all_rules()
    assert len({r.name for r in rules}) == len(rules) > 30
    for r in rules:
        assert not r.pattern.match("")


def test_rule_decorator_rejects_empty_patterns() -> None:
    with pytest.raises(ValueError):
        rule(r"(?:x)?", needs=("digit",))


def test_tagger_version_is_stable_hash() -> None:
    assert re.fullmatch(r"1\.[0-9a-f]{12}", TAGGER_VERSION)


def test_tag_is_deterministic_and_sorted() -> None:
    text = ("On Friday the army moved. Last week, on Sept. 12, talks failed. "
            "Two years ago the city fell; it will vote next month and every Tuesday.")
    first = tag(text, date(2017, 9, 24))
    assert first == tag(text, date(2017, 9, 24))
    assert [t.start for t in first] == sorted(t.start for t in first)
    assert all(text[t.start:t.end] == t.text for t in first)


def test_mode_must_be_known() -> None:
    with pytest.raises(ValueError):
        tag("on Friday", date(2017, 9, 24), mode="poetry")


def test_normalize_alone_reads_news_in_the_past() -> None:
    t = normalize("in December", published=date(2017, 9, 24))
    assert t is not None and (t.text, t.value) == ("December", "2016-12")
    assert normalize("next Friday", published=date(2017, 9, 24)).value == "2017-09-29"
    assert normalize("nothing temporal here") is None
    assert normalize("") is None


def test_normalize_in_sentence_uses_its_tense() -> None:
    t = normalize("December", published=date(2017, 9, 24),
                  sentence="The plant will reopen in December.")
    assert t is not None and t.value == "2017-12"


def test_narrative_mode_anchors_to_last_absolute_date() -> None:
    text = "The war began on July 28, 1914. The next day Belgrade was shelled. In August troops advanced."
    found = {t.text: t.value for t in tag(text, mode="narrative")}
    assert found["The next day"] == "1914-07-29"
    assert found["August"] == "1914-08"
    news = {t.text: t.value for t in tag(text, date(2017, 9, 24))}
    assert news["August"] == "2017-08"


def test_mention_anchor_for_the_day_before() -> None:
    text = "The strike was carried out on January 19. Aides had flown in the day before."
    found = {t.text: t.value for t in tag(text, date(2017, 9, 24))}
    assert found["the day before"] == "2017-01-18"


def test_appositive_the_day_before_names_the_date_itself() -> None:
    # January 19 *is* the day before the inauguration: not a shift from January 19.
    text = "The strike was carried out on January 19, the day before the inauguration."
    found = {t.text: t.value for t in tag(text, date(2017, 9, 24))}
    assert found == {"January 19": "2017-01-19", "the day": "2017-01-19"}


def test_huge_line_and_control_characters() -> None:
    text = ("\x00\x07 filler text without dates " * 20000) + " on Friday, Sept. 22, 2017\x1b"
    found = tag(text, date(2017, 9, 24))
    assert [t.value for t in found] == ["2017-09-22"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/-:., aAmpMJFSODNTWyYsQHqW'\n")), max_size=60),
       st.one_of(st.none(), st.dates()))
def test_digit_soup_never_raises(text: str, published: date | None) -> None:
    found = tag(text, published)
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    assert all(text[t.start:t.end] == t.text for t in found)


def test_a_time_opening_a_live_report_line_stamps_the_entry_on_the_publication_day() -> None:
    text = ("The hearing opened today.\n"
            "Robots tried to close the valve on April 21 at 10 pm.\n"
            "7.59 pm : The chairman asks about the rig.")
    found = {t.text: t.value for t in tag(text, date(2010, 6, 17))}
    assert found["April 21 at 10 pm"] == "2010-04-21T22:00"
    assert found["7.59 pm"] == "2010-06-17T19:59"  # the entry's stamp, not April 21


def test_a_chronology_runs_in_order_whatever_the_tense_of_its_entries() -> None:
    text = ("Timeline of the spill.\n"
            "April 20, 2016 - An explosion on the rig kills 11 workers.\n"
            "April 30 - The chief executive says the company takes responsibility.\n"
            "22 June - The company hands control to its managing director.\n"
            "Dec. 28 - A court approves the settlement.\n"
            "Jan. 5 - The commission publishes its report.")
    found = {t.text: t.value for t in tag(text, date(2017, 1, 11))}
    assert found["April 30"] == "2016-04-30"  # not April 2017, nearest to the publication date
    assert found["22 June"] == "2016-06-22"
    assert found["Dec. 28"] == "2016-12-28"
    assert found["Jan. 5"] == "2017-01-05"  # the chronology crossed into the next year
    # A line that merely starts with a date is no chronology entry.
    alone = {t.text: t.value for t in tag("April 30 - the chief executive says so.",
                                          date(2017, 1, 11))}
    assert alone["April 30"] == "2017-04-30"


def test_a_chronology_told_newest_first() -> None:
    text = ("Dec. 28, 2016 - A court approves the deal.\n"
            "Nov. 2 - Voters go to the polls.\n"
            "June 22 - The chief executive steps down.")
    found = {t.text: t.value for t in tag(text, date(2017, 1, 11))}
    assert (found["Nov. 2"], found["June 22"]) == ("2016-11-02", "2016-06-22")

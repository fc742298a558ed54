"""TimeML reading (gold spans, DCT, entities, robustness) and writing (round trip)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_data import shared_path

from timeline.errors import InputError
from timeline.temporal.timeml import (
    dct_date,
    iter_timeml_files,
    parse_timeml,
    read_timeml,
    render_timeml,
)
from timeline.temporal.timex import Timex

# Written for these tests: the shape of a TempEval-3 file (header, EXTRAINFO with an
# undeclared entity, EVENT/SIGNAL tags inside TEXT, a non-consuming TIMEX3).
SAMPLE = """<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>XYZ20170924.0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2017-09-24" temporalFunction="false" functionInDocument="CREATION_TIME">September 24, 2017</TIMEX3></DCT>
<TITLE>Council &amp; mayor agree</TITLE>
<EXTRAINFO>wire &Cx1f; header</EXTRAINFO>
<TEXT>
The council <EVENT eid="e1" class="OCCURRENCE">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2017-09-22">on Friday</TIMEX3> &amp; <SIGNAL sid="s1">after</SIGNAL> <TIMEX3 tid="t2" type="DURATION" value="P5M" mod="APPROX">nearly five months</TIMEX3>
of talks, Caf&#233; owners &lt;said&gt;. <!-- a comment --><TIMEX3 tid="t3" type="DATE" value="PAST_REF" anchorTimeID="t0"/>It ends <TIMEX3 tid='t4' type='SET' value='XXXX-WXX-2'>every Tuesday</TIMEX3>.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST"/>
</TimeML>
"""


def test_reads_text_dct_and_gold_spans() -> None:
    doc = parse_timeml(SAMPLE, name="sample.tml")
    assert doc.dct == date(2017, 9, 24)
    assert doc.dct_value == "2017-09-24"
    assert doc.dct_type == "DATE"
    assert doc.docid == "XYZ20170924.0001"
    assert doc.title == "Council & mayor agree"
    assert "<" not in doc.text.replace("<said>", "")
    assert "Café owners <said>." in doc.text
    assert [(t.text, t.type, t.value, t.mod) for t in doc.timexes] == [
        ("on Friday", "DATE", "2017-09-22", None),
        ("nearly five months", "DURATION", "P5M", "APPROX"),
        ("every Tuesday", "SET", "XXXX-WXX-2", None),
    ]
    assert doc.tids == ("t1", "t2", "t4")
    assert doc.empty_timexes == 1
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text
    assert doc.text.startswith("\nThe council met on Friday & after nearly")


def test_round_trip_gives_same_text_spans_and_values() -> None:
    doc = parse_timeml(SAMPLE, name="sample.tml")
    again = parse_timeml(render_timeml(doc.text, doc.timexes, doc.dct_value, docid=doc.docid,
                                       title=doc.title, dct_type="TIME"))
    assert again.dct_type == "TIME"
    assert again.text == doc.text
    assert again.timexes == doc.timexes
    assert (again.dct, again.docid, again.title) == (doc.dct, doc.docid, doc.title)


def test_written_timeml_is_well_formed_and_escaped() -> None:
    text = 'A & B <b> "quoted" — Zürich\x07 said on 5/6 that on Friday “it” ended.'
    start = text.index("Friday")
    timexes = [Timex(start, start + 6, "Friday", "DATE", "2017-09-22", "day"),
               Timex(text.index("5/6"), text.index("5/6") + 3, "5/6", "DATE", "2017-05-06",
                     mod='A"&<')]
    out = render_timeml(text, timexes, date(2017, 9, 24), docid="x&y", title="T <1>")
    root = ET.fromstring(out.encode("utf-8"))  # strict XML parser: proves the escaping
    tags = root.find("TEXT").findall("TIMEX3")
    assert [t.get("tid") for t in tags] == ["t1", "t2"]  # numbered in text order
    assert [t.get("value") for t in tags] == ["2017-05-06", "2017-09-22"]
    assert tags[0].get("mod") == 'A"&<'
    assert root.find("DCT/TIMEX3").get("functionInDocument") == "CREATION_TIME"
    back = parse_timeml(out)
    # the control character (not allowed in XML 1.0) is replaced one for one
    assert back.text == text.replace("\x07", "\ufffd")
    assert [(t.start, t.end, t.value) for t in back.timexes] == sorted(
        (t.start, t.end, t.value) for t in timexes)
    assert render_timeml(text, list(reversed(timexes)), date(2017, 9, 24), docid="x&y",
                         title="T <1>") == out  # deterministic


def test_overlapping_expressions_cannot_nest() -> None:
    text = "on Friday morning"
    timexes = [Timex(3, 17, "Friday morning", "TIME", "2017-09-22TMO"),
               Timex(3, 9, "Friday", "DATE", "2017-09-22")]
    back = parse_timeml(render_timeml(text, timexes))
    assert [(t.text, t.value) for t in back.timexes] == [("Friday morning", "2017-09-22TMO")]
    assert back.dct is None


def test_timex_outside_text_is_rejected() -> None:
    with pytest.raises(ValueError):
        render_timeml("short", [Timex(2, 40, "x", "DATE", "2017")])


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<TimeML><DCT/></TimeML>", "no <TEXT>"),
        ("<TimeML><TEXT>a <TIMEX3 tid='t1'>b <TIMEX3 tid='t2'>c</TIMEX3></TIMEX3></TEXT>",
         "line 1: nested <TIMEX3>"),
        ("<TimeML><TEXT>\n\na <TIMEX3 tid='t1'>b</TEXT></TimeML>", "line 3: <TIMEX3> not closed"),
        ("<TimeML><TEXT>a </TIMEX3></TEXT></TimeML>", "</TIMEX3> without <TIMEX3>"),
        ("<TimeML><TEXT>never closed", "<TEXT> is not closed"),
    ],
)
def test_broken_documents_name_the_file(source: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_timeml(source, name="broken.tml")
    assert str(err.value).startswith("broken.tml: ")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_stray_markup_characters_in_text_survive() -> None:
    doc = parse_timeml("<TimeML><TEXT>a < b && c > d <TIMEX3 type=\"DATE\" value=\"2001\">"
                       "2001</TIMEX3> &bogus;</TEXT></TimeML>")
    assert doc.text == "a < b && c > d 2001 &bogus;"
    assert doc.timexes[0].text == "2001"


def test_encoding_from_xml_declaration(tmp_path) -> None:
    path = tmp_path / "latin.tml"
    path.write_bytes('<?xml version="1.0" encoding="ISO-8859-1"?><TimeML><TEXT>Caf\u00e9 '
                     '<TIMEX3 tid="t1" type="DATE" value="1999">1999</TIMEX3></TEXT>'
                     '</TimeML>'.encode("latin-1"))
    doc = read_timeml(path)
    assert doc.text == "Café 1999"
    assert doc.timexes[0].start == 5


def test_unreadable_and_undecodable_files(tmp_path) -> None:
    with pytest.raises(InputError, match="missing.tml: cannot read"):
        read_timeml(tmp_path / "missing.tml")
    bad = tmp_path / "bad.tml"
    bad.write_bytes(b"<TimeML><TEXT>\xff</TEXT></TimeML>")
    with pytest.raises(InputError, match=r"bad.tml: not valid utf-8 \(byte 0xff"):
        read_timeml(bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1998-01-08", date(1998, 1, 8)), ("19980108", date(1998, 1, 8)),
     ("1990-08-15T13:37", date(1990, 8, 15)), ("1998-02-30", None), ("XXXX", None),
     (None, None), ("", None)],
)
def test_dct_date(value, expected) -> None:
    assert dct_date(value) == expected


def test_iter_timeml_files_is_sorted_and_skips_hidden(tmp_path) -> None:
    for rel in ("b/2.tml", "a/1.tml", "a/.hidden.tml", ".git/x.tml", "a/notes.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<TimeML><TEXT>x</TEXT></TimeML>")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_timeml_files(tmp_path)]
    assert found == ["a/1.tml", "b/2.tml"]


def test_reads_the_tempeval3_corpus_and_round_trips_it() -> None:
    root = shared_path("data", "tbaq")
    totals = {}
    for path in iter_timeml_files(root):
        doc = read_timeml(path)
        assert doc.dct is not None, path
        for t in doc.timexes:
            assert doc.text[t.start:t.end] == t.text
            assert t.type in ("DATE", "TIME", "DURATION", "SET"), (path, t)
        again = parse_timeml(render_timeml(doc.text, doc.timexes, doc.dct_value))
        assert (again.text, again.timexes) == (doc.text, doc.timexes), path
        subset = path.parent.name
        totals[subset] = totals.get(subset, 0) + len(doc.timexes)
    # the corpus README's figures: TimeBank 1,243 and AQUAINT 579 TIMEX3 in TEXT
    assert totals == {"timebank": 1243, "aquaint": 579}


def _xml_visible(text: str) -> str:
    """What survives XML 1.0: disallowed code points become U+FFFD one for one."""
    return "".join(
        "\ufffd" if (ord(c) < 0x20 and c not in "\t\n\r") or 0xD800 <= ord(c) <= 0xDFFF
        or c in "\ufffe\uffff" else c
        for c in text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), cuts=st.lists(st.integers(0, 300), max_size=12),
       value=st.text(max_size=20), mod=st.one_of(st.none(), st.text(min_size=1, max_size=8)))
def test_round_trip_of_any_text_and_spans(text: str, cuts: list[int], value: str, mod) -> None:
    value = value.strip() or "X"  # the reader strips attribute values
    bounds = sorted({min(c, len(text)) for c in cuts})
    timexes = [Timex(a, b, text[a:b], "DATE", value, mod=mod)
               for a, b in zip(bounds[::2], bounds[1::2], strict=False) if b > a]
    out = render_timeml(text, timexes, date(2017, 9, 24))
    back = parse_timeml(out)
    assert back.text == _xml_visible(text)
    assert [(t.start, t.end) for t in back.timexes] == [(t.start, t.end) for t in timexes]
    assert [t.value for t in back.timexes] == [_xml_visible(value)] * len(timexes)
    # a strict XML parser reads the same text (CR kept, nothing normalized away)
    root = ET.fromstring(out.encode("utf-8"))
    assert "".join(root.find("TEXT").itertext()) == back.text
    for element in root.find("TEXT").iter("TIMEX3"):
        assert element.get("value") == _xml_visible(value)

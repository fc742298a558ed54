"""The news sentence splitter."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.events.sentences import MAX_SENTENCE, split_sentences


def texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
        ("It rained on Sept. 22. Then it stopped.", ["It rained on Sept. 22.", "Then it stopped."]),
        ("The U.S. Army left. The U.S. The end.", ["The U.S. Army left.", "The U.S.",
                                                   "The end."]),
        ("They flew to the U.S. The next day they rested.",
         ["They flew to the U.S.", "The next day they rested."]),
        ("It began at 9 a.m. Friday and ended at 5 p.m. The crowd left.",
         ["It began at 9 a.m. Friday and ended at 5 p.m.", "The crowd left."]),
        ("Growth was 3.5 percent. Prices fell.", ["Growth was 3.5 percent.", "Prices fell."]),
        ("The author J. K. Rowling spoke. Gen. Haftar did not.",
         ["The author J. K. Rowling spoke.", "Gen. Haftar did not."]),
        ('"We will stay," he said. "Why?" she asked. "Go." He went.',
         ['"We will stay," he said.', '"Why?" she asked.', '"Go."', "He went."]),
        ("\u201cIt is over.\u201d The war ended.", ["\u201cIt is over.\u201d", "The war ended."]),
        ("Shares of Acme Inc. rose. Acme Inc. The company said so.",
         ["Shares of Acme Inc. rose.", "Acme Inc.", "The company said so."]),
        ("He won in 2015. 2016 was worse!", ["He won in 2015.", "2016 was worse!"]),
        ("See No. 5 on the list, e.g. Apples. Fine.", ["See No. 5 on the list, e.g. Apples.",
                                                         "Fine."]),
        ("He lives in Edina, Minn. (a suburb). Calif. The state.",
         ["He lives in Edina, Minn. (a suburb).", "Calif.", "The state."]),
        ("Wait... The end came. And then... nothing.",
         ["Wait...", "The end came.", "And then... nothing."]),
    ],
)
def test_abbreviations_quotes_numbers(text, expected):
    assert texts(text) == expected


def test_datelines_are_their_own_span():
    text = "WASHINGTON (Reuters) - The U.S. military struck on Friday. It was the first."
    spans = split_sentences(text)
    assert [(s.kind, text[s.start:s.end]) for s in spans] == [
        ("dateline", "WASHINGTON (Reuters) -"),
        ("sentence", "The U.S. military struck on Friday."),
        ("sentence", "It was the first."),
    ]
    text = "TRIPOLI, Libya, Sept. 22 (AP) \u2014 Strikes hit the camp."
    assert [s.kind for s in split_sentences(text)] == ["dateline", "sentence"]
    # A sentence that merely starts with a capitalized word is no dateline.
    assert [s.kind for s in split_sentences("NATO - the alliance - met.")] == ["sentence"]


def test_lines_and_paragraphs():
    text = ("US bombers target camps in Libya\n01:22 - Source: CNN\n\n"
            "The strikes killed 17 militants\n\nThe US military conducted airstrikes. "
            "Officials said so.")
    assert texts(text) == [
        "US bombers target camps in Libya", "01:22 - Source: CNN",
        "The strikes killed 17 militants", "The US military conducted airstrikes.",
        "Officials said so.",
    ]


def test_hard_wrapped_text_joins_lines():
    text = ("This is a long report that is hard wrapped at\n"
            "seventy columns or so, the way e-mail clients\n"
            "and some report writers do it. The lines do\n"
            "not end sentences, and a sentence continues\n"
            "across them.\n\nA new paragraph.")
    got = [" ".join(t.split()) for t in texts(text)]
    assert got == [
        "This is a long report that is hard wrapped at seventy columns or so, the way "
        "e-mail clients and some report writers do it.",
        "The lines do not end sentences, and a sentence continues across them.",
        "A new paragraph.",
    ]


def test_bullets_are_trimmed():
    assert texts("- First item on Friday.\n* Second item.\n\u2022 Third.") == [
        "First item on Friday.", "Second item.", "Third."]


def test_run_on_text_is_cut():
    text = ", ".join(["word"] * 2000) + "."
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(s.end - s.start <= MAX_SENTENCE for s in spans)
    assert spans[0].start == 0 and spans[-1].end == len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab. A?!\n\"')(Mr.U.S.-\u201c\u201d1 ")),
               max_size=300))
def test_spans_are_ordered_stripped_and_inside(text):
    previous_end = 0
    for span in split_sentences(text):
        assert previous_end <= span.start < span.end <= len(text)
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        previous_end = span.end


def test_list_of_headlines_is_not_taken_for_wrapped_prose():
    text = ("2017-09-22 US strikes ISIS camps in the Libyan desert\n"
            "2017-09-19 United Nations launches a new push for stability in Libya\n"
            "2017-04-20 Trump says the US sees no role in Libya beyond fighting ISIS\n"
            "2017-01-19 Last US airstrike of the Obama administration hits camps\n")
    assert len(texts(text)) == 4

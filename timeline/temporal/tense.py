"""Tense of the clause around a time expression, from cue words.

Bare weekdays and month names ("on Friday", "in December") are resolved by tense: a past
sentence looks back from the anchor, a future one looks forward, present takes the
nearest. The cue nearest to the expression wins, so in "He said the vote will be held on
Friday" the "will" (not the "said") decides.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache

from timeline.temporal.lexicon import alternation, lexicon

# Words ending in -ed that are not past-tense verbs.
_NOT_PAST_ED = frozenset(
    "need speed feed seed bed red shed indeed proceed exceed succeed hundred sacred wicked "
    "naked embed bred breed greed weed deed creed steed tweed unprecedented unexpected "
    "unidentified unnamed unarmed undisclosed unspecified alleged "
    # "expected losses in the November 2 elections": what is expected lies ahead of the
    # expecting, so the word says nothing about the date's side of the present.
    "expected".split()
)
# An -ed verb right after these is a future passive/perfect ("will be held"), not past.
_MODAL_BEFORE = re.compile(
    r"(?:\b(?:will|shall|would|'ll|to|must|should|could|can|may|might)\s+(?:be|have|have\s+been)"
    r"|\b(?:be|been|being|is|are|am|was|were|get|gets|got|has|have|had))\s+(?:\w+ly\s+)?$",
    re.I)

# A plan is a future cue ("planned to leave on Thursday") unless it is reported as already
# past: pluperfect ("had been scheduled to expire Friday") or a plan carried out ("began as
# (previously) planned Saturday").
_PLAN_WORDS = frozenset({"planned", "scheduled"})
_PLAN_IN_THE_PAST = re.compile(
    r"\b(?:had(?:\s+been)?|as(?:\s+previously|\s+originally)?|previously|originally|"
    r"already)\s+(?:\w+ly\s+)?$", re.I)

_CAUSAL_DUE = re.compile(r"\s+to\s+(?!be\b|take\b|begin\b|start\b|open\b|end\b)", re.I)


@cache
def _cue_regex() -> re.Pattern[str]:
    lex = lexicon()
    past = alternation(lex.past_cues)
    future = alternation(lex.future_cues)
    present = alternation(lex.present_cues)
    return re.compile(
        rf"(?<![\w'])(?:(?P<future>{future})|(?P<past>{past})|(?P<present>{present})"
        r"|(?P<ed>[a-z]{3,}ed))(?![\w'])",
        re.I,
    )


@cache
def _cue_regex_lowercase() -> re.Pattern[str] | None:
    """:func:`_cue_regex` without IGNORECASE, for the lowercased text of an ASCII
    sentence: the same matches (ASCII letters have no other case variants), found about
    2.5 times faster, since the engine's alternation tests a plain literal before trying
    a branch but enters every case-insensitive one. None when a cue word is not
    lowercase."""
    lex = lexicon()
    if any(w != w.lower() for w in (*lex.past_cues, *lex.future_cues, *lex.present_cues)):
        return None
    return re.compile(_cue_regex().pattern)


def _cue_matches(sentence: str) -> Iterator[re.Match[str]]:
    """The matches of ``_cue_regex().finditer(sentence)`` (spans and groups; the text of a
    match is read from ``sentence``, never from the match)."""
    lowercase = _cue_regex_lowercase()
    if lowercase is not None and sentence.isascii():
        return lowercase.finditer(sentence.lower())
    return _cue_regex().finditer(sentence)


def cues(sentence: str) -> list[tuple[int, int, str, str]]:
    """All tense cues in ``sentence`` as (start, end, tense, word)."""
    found = []
    for m in _cue_matches(sentence):
        cue = _cue(sentence, m)
        if cue is not None:
            found.append(cue)
    return found


def _cue(sentence: str, m: re.Match[str]) -> tuple[int, int, str, str] | None:
    """The cue of one match of :func:`_cue_matches`, or None when it is not one."""
    kind = m.lastgroup or ""
    start, end = m.span()
    word = sentence[start:end]
    if kind == "ed":
        low = word.lower()
        if low in _NOT_PAST_ED or low.endswith("eed") or word[0].isupper():
            return None
        kind = "past"
    if kind == "past" and _MODAL_BEFORE.search(sentence, max(0, start - 30), start):
        return None  # "will be held", "is expected": the auxiliary carries the tense
    if kind == "future" and word.lower() == "due" and _CAUSAL_DUE.match(sentence, end):
        return None  # "due to heavy rain" gives a cause, not a schedule
    if (kind == "future" and word.lower() in _PLAN_WORDS
            and _PLAN_IN_THE_PAST.search(sentence, max(0, start - 30), start)):
        kind = "past"  # "had been scheduled to expire Friday", "as previously planned"
    return (start, end, kind, word)


class SentenceCues:
    """The cues of one sentence, found lazily from its start: :meth:`tense_at` reads only
    cues up to the first one past :data:`MAX_CUE_DISTANCE` after the expression, so the
    rest of a long sentence is scanned only when a later expression needs it. Gives
    exactly ``tense_at(cues(sentence), start, end)``."""

    __slots__ = ("sentence", "found", "_matches")

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self.found: list[tuple[int, int, str, str]] = []
        self._matches: Iterator[re.Match[str]] | None = _cue_matches(sentence)

    def tense_at(self, start: int, end: int) -> tuple[str | None, str | None]:
        bound = end + MAX_CUE_DISTANCE  # tense_at reads the cues before it and one more
        found = self.found
        matches = self._matches
        if matches is not None and (not found or found[-1][0] < bound):
            sentence = self.sentence
            for m in matches:
                cue = _cue(sentence, m)
                if cue is not None:
                    found.append(cue)
                    if cue[0] >= bound:
                        break
            else:
                self._matches = None
        return tense_at(found, start, end)


# A cue farther than this (in characters) from the expression belongs to another clause.
MAX_CUE_DISTANCE = 60


def tense_at(
    sentence_cues: list[tuple[int, int, str, str]], start: int, end: int
) -> tuple[str | None, str | None]:
    """(tense, cue word) of the cue nearest to the span [start, end), or (None, None).

    Cues inside the span itself ("last", "next") are ignored: the rule already used them.
    A cue before the expression is preferred over an equally distant one after it, since
    English verbs usually precede their time adverbials.
    """
    best: tuple[float, str, str] | None = None
    fronted: tuple[float, str, str] | None = None  # "In March, prices fell": verb follows
    # Only cues near the expression matter (plus the first one after it): bisect to them
    # so that very long sentences stay linear.
    lo = bisect.bisect_left(sentence_cues, (start - MAX_CUE_DISTANCE - 40,))
    hi = bisect.bisect_left(sentence_cues, (end + MAX_CUE_DISTANCE,))
    nearby = sentence_cues[lo:hi]
    if hi < len(sentence_cues):
        nearby.append(sentence_cues[hi])
    for cs, ce, kind, word in nearby:
        if cs >= start and ce <= end:
            continue
        if cs >= end and kind == "future" and word.lower() in _PLAN_WORDS:
            # "On Friday, the government planned to pay": a bare plan verb after the date
            # tells when the plan was made (simple past), not when it will happen.
            kind = "past"
        # A cue after the expression usually belongs to the next clause: it counts triple.
        dist = start - ce if ce <= start else (cs - end) * 3 + 25
        if dist < 0:
            continue
        if cs >= end and (fronted is None or cs - end < fronted[0]):
            fronted = (cs - end, kind, word)
        if dist > MAX_CUE_DISTANCE:
            continue
        if best is None or dist < best[0]:
            best = (dist, kind, word)
    if best is None:
        best = fronted
    if best is None:
        return None, None
    return best[1], best[2]

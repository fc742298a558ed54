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
# An -ed verb right after these is a future passive/perfect ("will be held"), not past; so
# is one coordinated with such a verb ("will be tested and monitored", "has been arrested,
# charged and jailed"): the auxiliary governs both.
_MODAL_BEFORE = re.compile(
    r"(?:\b(?:will|shall|would|'ll|to|must|should|could|can|may|might)\s+(?:be|have|have\s+been)"
    r"|\b(?:be|been|being|is|are|am|was|were|get|gets|got|has|have|had))\s+(?:\w+ly\s+)?"
    r"(?:[a-z]{3,}ed(?:\s*,\s*|\s+(?:and|or)\s+)(?:\w+ly\s+)?){0,2}$",
    re.I)
_MODAL_WINDOW = 50  # characters before an -ed word searched for its auxiliary

# A plan is a future cue ("planned to leave on Thursday") unless it is reported as already
# past: pluperfect ("had been scheduled to expire Friday") or a plan carried out ("began as
# (previously) planned Saturday").
_PLAN_WORDS = frozenset({"planned", "scheduled"})
_PLAN_IN_THE_PAST = re.compile(
    r"\b(?:had(?:\s+been)?|as(?:\s+previously|\s+originally)?|previously|originally|"
    r"already)\s+(?:\w+ly\s+)?$", re.I)

_CAUSAL_DUE = re.compile(r"\s+to\s+(?!be\b|take\b|begin\b|start\b|open\b|end\b)", re.I)

# A noun or verb of intent or agreement with its infinitive ("an agreement to acquire",
# "agreed to sell", "voted to close"): the infinitive's event lies after that past
# decision, so a past verb before it does not date what follows it ("announced an
# agreement to acquire the bank in January": the acquisition may lie ahead). Implicative
# verbs ("was able to recapture", "managed to", "was forced to resign") are not listed:
# their infinitive happened when they did.
_INTENT_INFINITIVE = re.compile(
    r"(?<![\w'])(?:agreement|agreements|agreed|deal|plan|plans|decided|decision|promised|"
    r"pledged|vowed|voted|offered|offer|proposal|proposed|bid|intention|intends|intended|"
    r"hopes|hoped|expects|wants|wanted|sought|seeks|aims|aimed|move|contract|commitment|"
    r"committed|undertook|resolved|threatened|arranged|approval|authorization|authorized)"
    r"\s+to\s+[a-z]+\b", re.I)


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
def _lowercase_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """``pattern`` without IGNORECASE, to run on the lowercased text of an ASCII sentence:
    the same matches (an ASCII letter has no case variant but its upper or lower case),
    found 2-3 times faster, since the regex engine's alternation tests a plain literal
    before trying a branch but enters every case-insensitive one. None when the pattern
    is not all lowercase (a capital in it, ``\\S`` or ``\\W``) or switches IGNORECASE off
    somewhere: then the twin would not match the same."""
    source = pattern.pattern
    plain = source.replace("(?P<", "(?<").replace("(?P=", "(?=")  # group syntax, not text
    if not pattern.flags & re.I or plain != plain.lower() or "(?-" in source:
        return None
    return re.compile(source, pattern.flags & ~re.I)


def _finditer(pattern: re.Pattern[str], sentence: str, low: str | None) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(sentence)`` (spans and groups: read the text of a
    match from ``sentence``, never from the match). ``low``: ``sentence.lower()`` when the
    sentence is ASCII, else None."""
    twin = _lowercase_twin(pattern) if low is not None else None
    if twin is not None:
        return twin.finditer(low)  # type: ignore[arg-type]
    return pattern.finditer(sentence)


def cues(sentence: str) -> list[tuple[int, int, str, str]]:
    """All tense cues in ``sentence`` as (start, end, tense, word), with the infinitives of
    intent (tense "infinitive"), sorted."""
    low = sentence.lower() if sentence.isascii() else None
    found = []
    for m in _finditer(_cue_regex(), sentence, low):
        cue = _cue(sentence, m)
        if cue is not None:
            found.append(cue)
    infinitives = [(m.start(), m.end(), "infinitive", sentence[m.start():m.end()])
                   for m in _finditer(_INTENT_INFINITIVE, sentence, low)]
    if infinitives:
        found = sorted(found + infinitives)
    return found


def _cue(sentence: str, m: re.Match[str]) -> tuple[int, int, str, str] | None:
    """The cue of one match of :func:`_cue_regex`, or None when it is not one."""
    kind = m.lastgroup or ""
    start, end = m.span()
    word = sentence[start:end]
    if kind == "ed":
        low = word.lower()
        if low in _NOT_PAST_ED or low.endswith("eed") or word[0].isupper():
            return None
        kind = "past"
    if kind == "past" and _MODAL_BEFORE.search(sentence, max(0, start - _MODAL_WINDOW), start):
        return None  # "will be held", "is expected": the auxiliary carries the tense
    if kind == "future" and word.lower() == "due" and _CAUSAL_DUE.match(sentence, end):
        return None  # "due to heavy rain" gives a cause, not a schedule
    if (kind == "future" and word.lower() in _PLAN_WORDS
            and _PLAN_IN_THE_PAST.search(sentence, max(0, start - 30), start)):
        kind = "past"  # "had been scheduled to expire Friday", "as previously planned"
    if kind == "future" and word.lower() == "would" and _PAST_BEFORE_WOULD.search(
            sentence, max(0, start - 60), start):
        # "feared the spill would create a dead zone after the April 20 blowout": a future
        # seen from a past moment (sequence of tenses) says nothing about the date's side
        # of the present; take the nearest.
        kind = "present"
    return (start, end, kind, word)


# A past verb of saying or thinking earlier in the clause, before "would".
_PAST_BEFORE_WOULD = re.compile(
    r"\b(?:said|told|thought|feared|believed|knew|warned|predicted|expected|hoped|worried|"
    r"suggested|indicated|announced|promised|estimated|argued|insisted|wrote|felt)\b[^.;:!?]*$",
    re.I)


class SentenceCues:
    """The cues of one sentence (:func:`cues`), found lazily from its start:
    :func:`tense_at` reads the cues up to :data:`MAX_CUE_DISTANCE` after the expression
    and the first one past that, so the rest of a long sentence is scanned only when a
    later expression needs it. ``tense_at`` gives exactly
    ``tense_at(cues(sentence), start, end)``: each of the two streams (cues, infinitives)
    is read until its first item past the bound, so the sorted items read hold every item
    before the bound and the first one after it."""

    __slots__ = ("sentence", "found", "_cues", "_infinitives", "_cue_last", "_infinitive_last")

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        low = sentence.lower() if sentence.isascii() else None
        self.found: list[tuple[int, int, str, str]] = []
        self._cues: Iterator[re.Match[str]] | None = _finditer(_cue_regex(), sentence, low)
        self._infinitives: Iterator[re.Match[str]] | None = _finditer(_INTENT_INFINITIVE,
                                                                      sentence, low)
        self._cue_last = -1  # start of the last item read from each stream
        self._infinitive_last = -1

    def tense_at(self, start: int, end: int) -> tuple[str | None, str | None]:
        bound = end + MAX_CUE_DISTANCE  # tense_at reads the cues before it and one more
        found = self.found
        sentence = self.sentence
        if self._cues is not None and self._cue_last < bound:
            for m in self._cues:
                cue = _cue(sentence, m)
                if cue is not None:
                    bisect.insort(found, cue)
                    self._cue_last = cue[0]
                    if cue[0] >= bound:
                        break
            else:
                self._cues = None
        if self._infinitives is not None and self._infinitive_last < bound:
            for m in self._infinitives:
                s, e = m.span()
                bisect.insort(found, (s, e, "infinitive", sentence[s:e]))
                self._infinitive_last = s
                if s >= bound:
                    break
            else:
                self._infinitives = None
        return tense_at(found, start, end)


# A cue farther than this (in characters) from the expression belongs to another clause.
MAX_CUE_DISTANCE = 80


def tense_at(
    sentence_cues: list[tuple[int, int, str, str]], start: int, end: int
) -> tuple[str | None, str | None]:
    """(tense, cue word) of the cue nearest to the span [start, end), or (None, None).

    Cues inside the span itself ("last", "next") are ignored: the rule already used them.
    A cue before the expression is preferred over an equally distant one after it, since
    English verbs usually precede their time adverbials. A past cue with an infinitive of
    intent between it and the expression ("agreed to sell the unit in January") does not
    count: the date belongs to the infinitive's event, which the past verb does not place.
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
    infinitive_before = [ie for _, ie, k, _ in nearby if k == "infinitive" and ie <= start]
    for cs, ce, kind, word in nearby:
        if kind == "infinitive" or (cs >= start and ce <= end):
            continue
        if kind == "past" and ce <= start and any(ce <= ie for ie in infinitive_before):
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

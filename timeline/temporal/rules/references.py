"""References to the present, past and future without a date: now (PRESENT_REF),
recently (PAST_REF), in the future (FUTURE_REF)."""

from __future__ import annotations

import re

from timeline.temporal.rules import rule
from timeline.temporal.spec import Spec

# "for now", "as of now", "right now": the expression is "now" (TimeML leaves the
# preposition and the intensifier "right" out of the extent).
_PRESENT = ("now", "currently", "at present", "presently", "nowadays",
            "these days", "just now", "the present", "the present day", "present-day",
            "the present time")
# "previously", "soon", "formerly" ("the agency formerly called ...": a former name, not a
# time) and bare "recent" are left out: annotated corpora tag them rarely.
_PAST = ("recently", "lately", "the past", "recent times", "once upon a time")
_FUTURE = ("the future", "the near future", "the short term", "the long term",
           "the medium term", "the near term", "someday")
_VALUE = {**{w: "PRESENT_REF" for w in _PRESENT}, **{w: "PAST_REF" for w in _PAST},
          **{w: "FUTURE_REF" for w in _FUTURE}}


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", "-")
                    for w in sorted(words, key=len, reverse=True))


# Nouns after which "current" is not "of the present time" but a term of its own.
_CURRENT_TERMS = ("account", "accounts", "assets", "asset", "liabilities", "liability",
                  "ratio", "density", "flow", "flows", "meter", "source", "sources")


@rule(r"current(?=\s+[a-z])", needs=("ref",), reach=(12, 24), priority=0)
def current_adjective(m: re.Match[str]) -> Spec | None:
    """his current wife, current market conditions -> PRESENT_REF (TimeML: "current" as a
    reference to the present); "the current account", "alternating current" are terms and
    "the current year/quarter" is a date (relative.py, longer match)."""
    before = m.string[max(0, m.start() - 14):m.start()].lower()
    if re.search(r"\b(?:then|alternating|direct|electric|electrical|ocean|jet|rip|tidal)[\s-]+$", before):
        return None  # "the then current price" refers to a past time; electric/ocean currents
    if re.search(r"\b(?:most|more|less|least|very|fully|reasonably)\s+$", before):
        return None  # "the most current information": up to date, a grade and not a time
    nxt = re.match(r"\s+([a-z]+)", m.string[m.end():m.end() + 20])
    if nxt is None or nxt.group(1) in _CURRENT_TERMS or nxt.group(1) in _FUNCTION_WORDS:
        return None  # "the current in the strait", "the current account deficit"
    return Spec(value="PRESENT_REF", granularity="ref")


# "what the future holds", "the future that awaits him": the time ahead and what it brings.
_FUTURE_AS_TIME_AFTER = re.compile(
    r"\s+(?:(?:might|may|will|could|would|can)\s+)?(?:hold|holds|held|bring|brings|brought)\b"
    r"|\s+(?:that\s+)?awaits?\b", re.I)


_FUNCTION_WORDS = frozenset({"of", "in", "on", "at", "to", "from", "and", "or", "is", "was", "are",
                             "were", "has", "had", "that", "which", "for", "with", "by", "as"})


# "Now" opening a sentence before an imperative of reasoning or a change of topic is a
# discourse marker ("Now suppose...", "Now imagine...", "Now for the sports"), not a time.
_DISCOURSE_AFTER = re.compile(
    r"[\s,]+(?:suppose|imagine|consider|let|let['’]s|look|listen|picture|assume|for|then|here['’]s)\b",
    re.I)
_CLAUSE_START_BEFORE = re.compile(r"(?:^|[.!?:;\"'“”‘’`(]|--)\s*$")


@rule(r"(?P<w>" + _alt(tuple(_VALUE)) + ")", needs=("ref",), reach=(24, 16), priority=0)
def reference(m: re.Match[str]) -> Spec | None:
    """now -> PRESENT_REF; recently -> PAST_REF; in the future -> FUTURE_REF"""
    w = " ".join(m["w"].lower().split())
    if m["w"][0].isupper() and re.search(r"(?-i:[A-Z])[\w.']*\s+$", m.string[max(0, m.start() - 20):m.start()]):
        return None  # "Hope For Haiti Now", "Apocalypse Now": part of a title
    after = m.string[m.end():m.end() + 24]
    before = m.string[max(0, m.start() - 16):m.start()]
    if w == "now" and re.match(r"[-\s]*(?:defunct|former|retired|deceased|famous|infamous)\b", after, re.I):
        return None  # "the now-defunct company": not a time reference
    if w == "now" and _DISCOURSE_AFTER.match(after) and _CLAUSE_START_BEFORE.search(before):
        return None  # "Now suppose you borrowed...", "Now for the weather": a discourse marker
    if w == "the past" and re.match(r"\s+(?:\w+\s+)?(?:years|months|weeks|days|decades|hours|minutes|year|month|week|day|decade|century|centuries|two|three|four|five|six|seven|eight|nine|ten|few|several|\d)", after, re.I):
        return None
    if w in ("the future", "the near future") and (
            not (re.search(r"\b(?:in|for|into|near|about|toward|towards)\s+$", before, re.I)
                 or _FUTURE_AS_TIME_AFTER.match(after))
            or re.match(r"\s+of\b", after, re.I)):
        return None  # "the future of Libya" is a topic, not a time
    if w in ("the past", "the present") and not re.search(r"\b(?:in|from|into|than|for)\s+$", before, re.I):
        return None
    return Spec(value=_VALUE[w], granularity="ref")


@rule(r"(?<=\bat\s)(?:the|this)\s+(?P<w>moment)(?![\w-])",
      needs=("ref",), reach=(16, 20), priority=0)
def the_moment(m: re.Match[str]) -> Spec | None:
    """at the moment, at this moment -> PRESENT_REF: the preposition stays
    outside the extent, as TimeML leaves prepositions out ("the moment Mia was found" names
    an event's time and is not tagged)."""
    if re.match(r"\s+(?:when|that|of|he|she|they|it|we|I|you)\b", m.string[m.end():m.end() + 8]):
        return None  # "at the moment when ...", "at the moment of impact": that moment
    return Spec(value="PRESENT_REF", granularity="ref")


# "one day" after a modal or "to" and before a verb is the adverb "someday", not a
# 24-hour stretch: "Islam will one day be the largest religion", "hopes to one day return".
_MODAL_BEFORE = re.compile(r"\b(?:will|would|could|can|may|might|shall|should|must|to)\s+"
                           r"(?:(?:surely|probably|perhaps|also|still)\s+)?$", re.I)
_NOT_A_VERB_AFTER = re.compile(
    r"\s*(?:[,.;:!?)]|$|(?:of|in|on|at|to|and|or|but|after|before|later|earlier|ago|"
    r"from|for|with|by|the|a|an|per|each|a\s+week|off|only|more|long)\b)", re.I)


@rule(r"one\s+day", needs=("unit",), reach=(40, 24), priority=3)
def one_day_someday(m: re.Match[str]) -> Spec | None:
    """will one day be -> FUTURE_REF (as "someday"); "took one day" stays a duration."""
    if not _MODAL_BEFORE.search(m.string, max(0, m.start() - 30), m.start()):
        return None
    if _NOT_A_VERB_AFTER.match(m.string, m.end()):
        return None  # "to one day a week", "will take one day to": the count of days
    return Spec(value="FUTURE_REF", granularity="ref")

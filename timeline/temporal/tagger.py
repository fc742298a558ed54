"""Find time expressions in English text and normalize them to TIMEX3.

Pipeline per document: one pass over the words finds the trigger words (a number, a month
or weekday name, a unit, "today", "now"...; see ``triggers.py``); each rule searches only
small windows around the triggers of the categories it needs; traps veto some candidates;
the longest candidate wins each overlap; then, sentence by sentence and in document order,
adjacent date + time pieces merge, modifiers before an expression widen it, and the
resolver turns each description into a value against its anchor (publication date, the
date just mentioned, or in narrative mode the last absolute date) and the tense of the
clause. Text without trigger words costs one tokenizing pass.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from timeline.temporal import tense as tense_mod
from timeline.temporal.lexicon import lexicon
from timeline.temporal.resolver import Anchor, resolve
from timeline.temporal.rules import Rule, all_rules
from timeline.temporal.rules.modifiers import modifier_before
from timeline.temporal.rules.traps import is_trap
from timeline.temporal.scanning import Scanner, lowered, scanners
from timeline.temporal.spec import Spec
from timeline.temporal.timex import Timex
from timeline.temporal.triggers import triggers

__all__ = ["tag", "normalize", "TAGGER_VERSION"]

MODES = ("news", "narrative")
_HERE = Path(__file__).resolve().parent
# Files of other owners that live in this package but do not affect tagging.
_NOT_GRAMMAR = {"timeml.py", "evaluate.py"}


def _grammar_version() -> str:
    """A hash of every rule and data file: it changes whenever tagging can change, and
    keys the build cache."""
    h = hashlib.sha256()
    files = [p for p in _HERE.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".yml", ".json", ".tsv")]
    for path in sorted(files):
        rel = path.relative_to(_HERE).as_posix()
        if path.name in _NOT_GRAMMAR or rel.startswith("data/examples/"):
            continue
        h.update(rel.encode())
        h.update(b"\0")
        h.update(path.read_bytes())
    return "1." + h.hexdigest()[:12]


TAGGER_VERSION = _grammar_version()

_GRAIN_ORDER = ("century", "decade", "year", "half", "season", "quarter", "month", "week",
                "weekend", "day")


@cache
def _sentence_boundary() -> re.Pattern[str]:
    """A sentence boundary: the white space after . ! or ? (and closing quotes) before a
    capital or digit, a blank line, or a line break."""
    return re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n")


@cache
def _boundary_scan() -> re.Pattern[str]:
    """The boundaries of :func:`_sentence_boundary`, found in one ``finditer``: each match
    starts with the . ! ? or line break that the boundary follows or starts with (group
    ``after``: the boundary after . ! or ?), so the pattern starts with a character class
    and the regex engine jumps between those characters in C. The same matches: a
    boundary ends with white space, so none can hold the next one's first character."""
    return re.compile(r"[.!?\n](?:(?<=[.!?])(?P<after>[\"'”’)\]]*\s+)(?=[\"'“‘(\[]?[A-Z0-9])"
                      r"|(?<=\n)\s*\n|(?<=\n))")


_ABBREVIATION_BEFORE = re.compile(r"([\w.]+)\.$")


def _boundaries(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the matches of ``_sentence_boundary().finditer(text)``."""
    for m in _boundary_scan().finditer(text):
        start = m.start(1)
        yield (m.start() if start < 0 else start), m.end()


def _sentences(text: str) -> list[tuple[int, int]]:
    abbrevs = lexicon().abbreviations
    spans = []
    start = 0
    for b0, b1 in _boundaries(text):
        if text[b0] != "\n":
            word = _ABBREVIATION_BEFORE.search(text[max(start, b0 - 12):b0])
            if word and word.group(1).lower() in abbrevs:
                continue
        spans.append((start, b0))
        start = b1
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    priority: int
    spec: Spec


@dataclass(frozen=True, slots=True)
class _Plan:
    """How the rules are searched, fixed for a rule set: the rules that share their trigger
    categories and reach share their windows (a "key"), and each category lists the keys
    that need it, so a document only visits the keys of the categories it contains."""

    keys: tuple[tuple[tuple[str, ...], tuple[int, int]], ...]  # (needs, reach) per key
    members: tuple[tuple[tuple[int, Scanner], ...], ...]  # (rule index, scanner) per key
    keys_of: dict[str, tuple[int, ...]]  # category -> keys that need it


_plans: list[tuple[tuple[Rule, ...], _Plan]] = []


def _plan(rules: tuple[Rule, ...]) -> _Plan:
    for known, plan in _plans:  # by identity, like scanning.scanners
        if known is rules:
            return plan
    index: dict[tuple[frozenset[str], tuple[int, int]], int] = {}
    members: list[list[tuple[int, Scanner]]] = []
    keys: list[tuple[tuple[str, ...], tuple[int, int]]] = []
    keys_of: dict[str, list[int]] = {}
    for i, sc in enumerate(scanners(rules)):
        r = sc.rule
        k = index.get((r.needs, r.reach))
        if k is None:
            k = index[(r.needs, r.reach)] = len(keys)
            keys.append((tuple(sorted(r.needs)), r.reach))
            members.append([])
            for cat in r.needs:
                keys_of.setdefault(cat, []).append(k)
        members[k].append((i, sc))
    plan = _Plan(tuple(keys), tuple(tuple(m) for m in members),
                 {cat: tuple(ks) for cat, ks in keys_of.items()})
    _plans.append((rules, plan))
    return plan


def _candidates(text: str, rules: tuple[Rule, ...]) -> list[_Candidate]:
    """Every rule's matches, searched only in windows around its trigger words, in rule
    order (ties in :func:`_select` keep it)."""
    found = triggers(text)
    if not found:
        return []
    by_category: dict[str, list[tuple[int, int]]] = {}
    for start, end, cats in found:
        spot = (start, end)
        for cat in cats:
            spots = by_category.get(cat)
            if spots is None:
                by_category[cat] = [spot]
            else:
                spots.append(spot)
    plan = _plan(rules)
    keys_of = plan.keys_of
    active: set[int] = set()
    for cat in by_category:
        ks = keys_of.get(cat)
        if ks:
            active.update(ks)
    n = len(text)
    low = lowered(text)
    hits: list[tuple[int, Rule, list[re.Match[str]]]] = []
    for k in active:
        needs, reach = plan.keys[k]
        if len(needs) == 1:
            spots = by_category[needs[0]]  # triggers come in text order: sorted already
        else:
            spots = sorted(s for cat in needs if cat in by_category for s in by_category[cat])
        windows = _windows(spots, n, reach)
        for i, sc in plan.members[k]:
            ms = sc.scan(text, low, windows)
            if ms:
                hits.append((i, sc.rule, ms))
    hits.sort(key=_first)
    out: list[_Candidate] = []
    for _i, r, ms in hits:
        production = r.production
        for m in ms:
            try:
                spec = production(m)
            except (ValueError, KeyError, IndexError, TypeError, OverflowError, AttributeError):
                spec = None
            if spec is None:
                continue
            if not spec.rule:
                spec.rule = r.name
            start, end = m.span()
            if is_trap(text, start, end, spec):
                continue
            out.append(_Candidate(start, end, r.priority, spec))
    return out


def _first(item: tuple[int, Rule, list[re.Match[str]]]) -> int:
    return item[0]


def _windows(spots: list[tuple[int, int]], n: int,
             reach: tuple[int, int] = (40, 48)) -> list[tuple[int, int]]:
    """Merged search windows around sorted trigger spans."""
    before, after = reach
    out = []
    w0 = w1 = -1
    for start, end in spots:
        lo = start - before if start > before else 0
        hi = end + after
        if hi > n:
            hi = n
        if lo <= w1:
            if hi > w1:
                w1 = hi
            continue
        if w1 > 0:
            out.append((w0, w1))
        w0, w1 = lo, hi
    if w1 > 0:
        out.append((w0, w1))
    return out


def _select(cands: list[_Candidate]) -> list[_Candidate]:
    """Longest match wins; among equals the higher rule priority, then the earlier one."""
    chosen: list[_Candidate] = []
    starts: list[int] = []  # taken spans, sorted and disjoint
    ends: list[int] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        i = bisect.bisect_left(ends, c.start + 1)  # first taken span ending after c.start
        if i < len(starts) and starts[i] < c.end:
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


# A dateline writes its clock after a semicolon: "Thursday, May 20, 2010; 10:13 AM".
_DATE_THEN_TIME = re.compile(r"\s*(?:[,;]\s*)?(?:at|around|about|from|by|before|after)?\s*$", re.I)
_TIME_THEN_DATE = re.compile(r"\s*(?:,\s*)?(?:of)?\s*$", re.I)
# "01.22 BST on Saturday 1 May 2010": a clock and the day it is on, joined by "on", are two
# TIMEX3 (the clock takes that day), as news annotators mark them.
_TIME_ON_DATE = re.compile(r"\s*(?:,\s*)?on\s*$", re.I)


def _date_only(spec: Spec) -> bool:
    """A date precise to the day, with no time yet: a time may join it."""
    if spec.value is not None or spec.has_time_fields or spec.week_of:
        return False
    return (spec.day is not None or spec.weekday is not None or spec.holiday is not None
            or (spec.unit == "day"))


def _time_only(spec: Spec) -> bool:
    return spec.value is None and spec.has_time_fields and not spec.has_date_fields


def _merge_date_time(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """"Friday at 3 p.m.", "3:30 p.m. Friday", "September 22, 2017 at 3:30 p.m." -> one TIME."""
    out: list[_Candidate] = []
    for c in cands:
        if out:
            prev = out[-1]
            gap = text[prev.end:c.start]
            merged = None
            if _date_only(prev.spec) and _time_only(c.spec) and _DATE_THEN_TIME.fullmatch(gap):
                merged = _combine(prev.spec, c.spec)
            elif _time_only(prev.spec) and _date_only(c.spec) and _TIME_THEN_DATE.fullmatch(gap):
                merged = _combine(c.spec, prev.spec)
            elif _time_only(prev.spec) and _date_only(c.spec) and _TIME_ON_DATE.fullmatch(gap):
                prev.spec = _combine(c.spec, prev.spec)
            if merged is not None:
                out[-1] = _Candidate(prev.start, c.end, max(prev.priority, c.priority), merged)
                continue
        out.append(c)
    return out


_CONVERSION_CLOSE = re.compile(r"\s*(?:\)|-RRB-)\s*(?:,\s*)?(?:on\s+)?", re.I)
_CONVERSION_OPEN = re.compile(r"\s*(?:\(|-LRB-)\s*", re.I)


def _date_after_conversion(text: str, cands: list[_Candidate]) -> None:
    """"at noon CDT (1700 GMT) on Tuesday", "at 10:35 a.m. (0735 GMT) Friday": the day
    follows a time's conversion in parentheses; both clock times take that day (their
    spans stay apart, as TimeML annotates them)."""
    for i in range(1, len(cands)):
        day, conv = cands[i], cands[i - 1]
        if not (_date_only(day.spec) and _time_only(conv.spec)
                and _CONVERSION_CLOSE.fullmatch(text, conv.end, day.start)):
            continue
        conv.spec = _combine(day.spec, conv.spec)
        if i >= 2 and _time_only(cands[i - 2].spec) and \
                _CONVERSION_OPEN.fullmatch(text, cands[i - 2].end, conv.start):
            cands[i - 2].spec = _combine(day.spec, cands[i - 2].spec)


_LOCAL_CLOCK_OPEN = re.compile(r"(?<![\w.,/:-])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s*(?:\(|-LRB-)\s*$")


def _clock_before_conversion(text: str, cands: list[_Candidate], floor: int) -> list[_Candidate]:
    """"by 1100 (1600 GMT)": a four-digit local clock before its conversion to a zone in
    parentheses (wire-service style) is a time, not the year 1100 -- read here, where the
    zoned clock is known, rather than by a rule at every number."""
    out = cands
    for i, conv in enumerate(cands):
        if not (_time_only(conv.spec) and conv.spec.tz):
            continue
        m = _LOCAL_CLOCK_OPEN.search(text, max(floor, conv.start - 16), conv.start)
        if m is None:
            continue
        spec = Spec(type="TIME", hour=int(m["h"]), minute=int(m["m"]), anchor_to_mention=True,
                    rule="clock_before_conversion")
        prev = cands[i - 1] if i else None
        if prev is not None and prev.start == m.start() and prev.end == m.start() + 4:
            prev.spec = spec  # tagged as a year: it is the clock
        elif prev is None or prev.end <= m.start():
            if out is cands:
                out = list(cands)
            out.insert(out.index(conv), _Candidate(m.start(), m.start() + 4, conv.priority, spec))
    return out


def _combine(date_spec: Spec, time_spec: Spec) -> Spec:
    return date_spec.copy(
        type="TIME", hour=time_spec.hour, minute=time_spec.minute, second=time_spec.second,
        tz=time_spec.tz, part=time_spec.part if time_spec.hour is None else None,
        rule=f"{date_spec.rule}+{time_spec.rule}",
    )


# After a duration: "two years or more" is at least two years (TimeML EQUAL_OR_MORE), as
# "or so" (rules) is about that long; the phrase joins the span.
_OR_MORE_AFTER = re.compile(r"\s+or\s+(?P<w>more|longer|less|fewer|shorter)\b", re.I)
_OR_MORE_MOD = {"more": "EQUAL_OR_MORE", "longer": "EQUAL_OR_MORE", "less": "EQUAL_OR_LESS",
                "fewer": "EQUAL_OR_LESS", "shorter": "EQUAL_OR_LESS"}
# Before an amount of time, "another" is its determiner ("for another 24 hours"), which
# TIMEX3 extents take in like "the" or "last".
_ANOTHER_BEFORE = re.compile(r"(?<![\w-])another\s+$", re.I)


def _is_amount_of_time(spec: Spec) -> bool:
    return spec.type == "DURATION" and spec.value is not None and spec.value.startswith("P")


def _apply_modifiers(text: str, cands: list[_Candidate], floor: int) -> None:
    prev_end = floor
    for i, c in enumerate(cands):
        if c.spec.type == "DURATION" and _is_amount_of_time(c.spec):
            if c.spec.mod is None and "or" in text[c.end:c.end + 6]:
                after = _OR_MORE_AFTER.match(text, c.end)
                next_start = cands[i + 1].start if i + 1 < len(cands) else len(text)
                if after is not None and after.end() <= next_start:
                    c.end, c.spec.mod = after.end(), _OR_MORE_MOD[after["w"].lower()]
            if text[max(prev_end, c.start - 12):c.start].rstrip()[-7:].lower() == "another":
                another = _ANOTHER_BEFORE.search(text, max(prev_end, c.start - 12), c.start)
                if another is not None:
                    c.start = another.start()
                    prev_end = c.end
                    continue
        if c.spec.mod is None:
            typ = "TIME" if c.spec.has_time_fields else c.spec.type
            era = c.spec.unit is None and c.spec.month is None and c.spec.weekday is None and (
                c.spec.year is not None or c.spec.decade is not None or c.spec.century is not None)
            offset = c.spec.rule == "offset_from_anchor" and c.spec.unit is not None
            found = modifier_before(text, c.start, "DURATION" if offset else typ, era=era,
                                    offset=offset)
            if found is not None and offset:
                # "more than a month ago" lies before the date a month ago: TimeML BEFORE.
                earlier = c.spec.shift < 0
                found = (found[0], {
                    "MORE_THAN": "BEFORE" if earlier else "AFTER",
                    "EQUAL_OR_MORE": "ON_OR_BEFORE" if earlier else "ON_OR_AFTER",
                    "LESS_THAN": "AFTER" if earlier else "BEFORE",
                    "EQUAL_OR_LESS": "ON_OR_AFTER" if earlier else "ON_OR_BEFORE",
                }.get(found[1], found[1]))
            if found is not None and found[0] >= prev_end:
                c.start, c.spec.mod = found[0], found[1]
        prev_end = c.end


def _grain_index(gran: str) -> int:
    return _GRAIN_ORDER.index(gran) if gran in _GRAIN_ORDER else -1


def _unit_grain(spec: Spec) -> str:
    return {"weekend": "week"}.get(spec.unit or "day", spec.unit or "day")


def tag(text: str, published: date | None = None, mode: str = "news") -> list[Timex]:
    """All time expressions in ``text``, sorted by position, non-overlapping.

    ``published`` anchors relative expressions in ``mode="news"``; in ``mode="narrative"``
    they are anchored to the last absolute date mentioned before them (falling back to
    ``published``). Without any anchor, relative values stay underspecified (``XXXX-12``).
    """
    return _tag(text, published, mode, default_tense=None)


def _tag(text: str, published: date | None, mode: str, default_tense: str | None) -> list[Timex]:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if not text:
        return []
    rules = all_rules()
    pub = Anchor(published, "day", "publication") if published is not None else None
    narrative: Anchor | None = None
    mention: Anchor | None = None
    mention_sentence = -1  # index of the sentence that told ``mention``
    quarter: Anchor | None = None  # the last quarter mentioned, for "a year earlier"
    speech: tuple[int, Anchor] | None = None  # (sentence index, day) of "said last night"
    out: list[Timex] = []
    all_cands = _candidates(text, rules)
    if not all_cands:
        return []
    sentences = _sentences(text)
    sentence_starts = [s for s, _ in sentences]
    grouped: dict[int, list[_Candidate]] = {}
    for c in _select(all_cands):
        grouped.setdefault(max(0, bisect.bisect_right(sentence_starts, c.start) - 1), []).append(c)
    for index in sorted(grouped):
        s0, s1 = sentences[index]
        cands = grouped[index]
        cands = _merge_date_time(text, cands)
        cands = _clock_before_conversion(text, cands, s0)
        _date_after_conversion(text, cands)
        _apply_modifiers(text, cands, s0)
        cues = None
        # A span of several quarters named in this sentence ("the first nine months"): a
        # "year earlier" after it compares that span, which TIMEX3 writes as the year.
        several_quarters = False
        for c in cands:
            spec = c.spec
            anchor = narrative if (mode == "narrative" and narrative is not None) else pub
            tense = cue = told_tense = None
            if spec.value is None and spec.year is None and spec.unit is None:
                if cues is None:
                    cues = tense_mod.SentenceCues(text[s0:s1])
                tense, cue = cues.tense_at(c.start - s0, c.end - s0)
                told_tense = tense  # the clause's own, before the overrides below
                until = _maybe_until_before(text, s0, c.start)
                postponed = until and _POSTPONED_TO.search(text, max(s0, c.start - 60), c.start)
                if postponed:
                    # "postponed until Tuesday", "extended its deadline to Friday": a date
                    # something was put off to lies ahead, whatever the verb's tense.
                    tense, cue = "future", postponed["verb"]
                elif until and _DEADLINE_BEFORE.search(text, max(s0, c.start - 12), c.start):
                    # "had described him until Thursday": the verb's tense says nothing
                    # about the deadline's side; take the nearest.
                    tense, cue = "present", text[max(s0, c.start - 12):c.start].split()[-1]
                if tense is None and default_tense is not None:
                    tense = default_tense
                if anchor is narrative and narrative is not None:
                    # A story told in the past moves forward from its last date: "On May 3,
                    # 1945, the city fell. On Friday the army entered" -> the nearest Friday.
                    tense, cue = "present", None
            if spec.rule == "in_the_part_of_day" and _generic_part_of_day(
                    text, s0, s1, c, cands, told_tense):
                continue
            if (speech is not None and pub is not None and index - speech[0] <= 1
                    and _deictic_day(spec) and _inside_quote(text, s0, c.start)):
                # "said last night ... '... ready to fly tomorrow'": a quote speaks from the
                # day it was said, which the text gives next to its speech verb.
                anchor = speech[1]
            use_mention = None
            if spec.period_comparison and quarter is not None and not several_quarters:
                use_mention = quarter
            elif spec.anchor_to_mention and mention is not None and not (
                    spec.rule == "in_the_part_of_day" and mode == "news" and _background_day(
                        mention, index - mention_sentence, published)):
                if _grain_index(mention.granularity) >= _grain_index(_unit_grain(spec)):
                    use_mention = mention
            resolved = resolve(spec, anchor, tense=tense, cue=cue, mention=use_mention)
            if resolved is None:
                continue
            out.append(Timex(
                start=c.start, end=c.end, text=text[c.start:c.end], type=resolved.type,
                value=resolved.value, granularity=resolved.granularity, mod=resolved.mod,
                explanation=resolved.explanation,
            ))
            if resolved.type == "DURATION" and _SEVERAL_QUARTERS.fullmatch(resolved.value):
                several_quarters = True
            if resolved.type not in ("DATE", "TIME"):
                continue
            new_anchor = _as_anchor(resolved.value, resolved.granularity)
            if new_anchor is not None and new_anchor.granularity == "day" and \
                    _SPEECH_WORD.search(text, max(s0, c.start - 40), c.start) and \
                    _after_speech_verb(text, max(s0, c.start - 40), c.start):
                speech = (index, new_anchor)
            if new_anchor is not None:
                if new_anchor.granularity == "quarter":
                    # Year-on-year comparisons are of reported quarters: one that has not
                    # begun ("the third quarter of 1990") is a forecast, not the one compared.
                    if not spec.period_comparison and (
                            published is None or new_anchor.date <= published) and (
                            spec.fiscal  # a company's own numbering starts a new report
                            or not _reported_quarter_stays(quarter, new_anchor, published)):
                        quarter = new_anchor
                    continue
                mention = new_anchor
                mention_sentence = index
                # A story told in order moves its "now" with every dated mention once it has
                # one: after "In August 2011", "on October 20" is that October.
                if (spec.year is not None and spec.unit is None) or narrative is not None:
                    narrative = new_anchor
    return out


_SEVERAL_QUARTERS = re.compile(r"P(?:[69]M|[23]Q)")
# How many sentences after an old date is told "in the morning" can still be its morning.
_PART_OF_DAY_REACH = 1


def _background_day(mention: Anchor, sentences_since: int, published: date | None) -> bool:
    """True when the day last told is background, not the story's day, for a later "in
    the morning": a news story keeps the day of its events (within a week of its
    publication) throughout, but a date weeks or months old told sentences before ("the
    rig exploded on April 20 ... At one point in the morning, the chairman ...") is a
    reminder: the morning is the story's day."""
    if sentences_since <= _PART_OF_DAY_REACH or published is None:
        return False
    return abs((mention.date - published).days) > 7


# Adverbs of frequency: "I always get up early in the morning" tells a habit, not a day.
_HABITUAL = re.compile(r"\b(?:always|usually|often|normally|typically|generally|sometimes|"
                       r"rarely|seldom|never|every|each|once\s+in\s+a\s+blue\s+moon)\b", re.I)


def _generic_part_of_day(text: str, s0: int, s1: int, c: _Candidate,
                         cands: list[_Candidate], tense: str | None) -> bool:
    """True when "in the morning" names no particular day: its sentence dates no day and
    has told a coarser date before it ("Last week there was a rainbow in the evening":
    some evening of that week), or tells a habit in the present ("folks who are waking
    up in the morning", "I always get up early in the morning") rather than a past or
    coming event ("the weather cleared in the afternoon", "talks will resume in the
    morning"). A coarse date after it frames nothing ("orders in the morning to start
    the November contracts")."""
    others = [o for o in cands if o is not c and o.spec.type in ("DATE", "TIME")]
    if any(o.spec.day is not None or o.spec.weekday is not None or o.spec.unit == "day"
           or o.spec.hour is not None for o in others):
        return False
    if any(o.start < c.start for o in others):
        return True
    return tense == "present" or _HABITUAL.search(text, s0, s1) is not None


# A verb of saying right before a dated expression: "said last night", "told reporters on
# Monday" -- the day of the words quoted around it.
_SPEECH_VERBS = frozenset({"said", "added", "announced", "stated", "declared", "insisted",
                           "warned", "explained", "wrote"})


_SPEECH_WORD = re.compile("|".join(sorted(_SPEECH_VERBS | {"told"})), re.I)


def _after_speech_verb(text: str, floor: int, start: int) -> bool:
    """A verb of saying ends right before ``start`` (an "on" between allowed), or "told" with
    at most three words (its listener) between."""
    words = text[floor:start].lower().split()[-5:]
    if words and words[-1] == "on":
        words.pop()
    if not words or start == floor or not text[start - 1].isspace():
        return False
    if words[-1] in _SPEECH_VERBS:
        return True
    return "told" in words[-4:]


_OPEN_QUOTES = ("``", "\u201c")
_CLOSE_QUOTES = ("''", "\u201d")


def _deictic_day(spec: Spec) -> bool:
    """today, tomorrow, yesterday, tonight, this morning: a day counted from "now"."""
    return (spec.unit == "day" and spec.value is None and not spec.anchor_to_mention
            and spec.shift in (-1, 0, 1) and spec.rule.startswith(("day_word", "earlier_day_word", "day_word_part_of_day")))


def _inside_quote(text: str, floor: int, start: int) -> bool:
    """True when an opening quotation mark (`` or “, or an odd count of straight double
    quotes) precedes ``start`` in its paragraph without its closing one."""
    para = text.rfind("\n\n", 0, start) + 1
    seg = text[max(para, floor - 400):start]
    opened = max(seg.rfind(q) for q in _OPEN_QUOTES)
    if opened >= 0:
        return max(seg.rfind(q) for q in _CLOSE_QUOTES) < opened
    return seg.count('"') % 2 == 1


def _quarter_ended(q: Anchor, published: date) -> bool:
    return date(q.date.year + (q.date.month + 3 > 12), (q.date.month + 2) % 12 + 1, 1) <= published


def _reported_quarter_stays(current: Anchor | None, new: Anchor, published: date | None) -> bool:
    """A report compares its latest completed quarter: a passing mention of an earlier
    one ("after a flat second quarter") or of the quarter under way ("expects a fourth-
    quarter charge") does not become the quarter that "a year ago" is measured against."""
    if current is None or published is None or not _quarter_ended(current, published):
        return False
    return new.date < current.date or not _quarter_ended(new, published)


def _maybe_until_before(text: str, floor: int, start: int) -> bool:
    """False when neither :data:`_POSTPONED_TO` nor :data:`_DEADLINE_BEFORE` can match
    before ``start``: both end with one of a few words ("until", "till", "to",
    "through"; read off the patterns) and white space. Read without a regex (a
    ``$``-anchored search tries every position of its window)."""
    words = _until_words()
    if words is None:
        return True
    seg = text[max(floor, start - 60):start]
    stripped = seg.rstrip()  # str.isspace is the patterns' \s
    if len(stripped) == len(seg):
        return False
    longest = max(map(len, words))
    if len(stripped) < longest:
        return True  # the word may begin before the window: let the patterns decide
    word = stripped[-longest:].lower()
    return not word.isascii() or word.endswith(words)


_FINAL_WORDS = re.compile(r"\(\?:([a-z|]+)\)\\s\+\$$")


@cache
def _until_words() -> tuple[str, ...] | None:
    """The words :data:`_POSTPONED_TO` and :data:`_DEADLINE_BEFORE` end with (the final
    ``(?:a|b|c)\\s+$`` of each), or None when a pattern does not end that way."""
    words: set[str] = set()
    for pattern in (_POSTPONED_TO, _DEADLINE_BEFORE):
        final = _FINAL_WORDS.search(pattern.pattern)
        if final is None:
            return None
        words.update(final.group(1).split("|"))
    return tuple(sorted(words))


_DEADLINE_BEFORE = re.compile(r"\b(?:until|till|through)\s+$", re.I)
_POSTPONED_TO = re.compile(
    r"\b(?P<verb>postponed|delayed|deferred|adjourned|extended|rescheduled|recessed|"
    r"put\s+off|pushed\s+back|moved\s+back)(?:\s+[\w'’]+){0,4}?\s+(?:until|till|to)\s+$",
    re.I)
_VALUE_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")
_VALUE_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI|H1|H2)")


def _as_anchor(value: str, granularity: str) -> Anchor | None:
    """An anchor from a resolved value with a known year (``2017-01-19``, ``2015``)."""
    m = _VALUE_DATE.fullmatch(value[:10]) if granularity == "day" else _VALUE_DATE.match(value)
    if m is None:
        return None
    if granularity in ("hour", "minute", "second", "part-of-day"):
        granularity = "day"
    try:
        if m.group(3) and granularity == "day":
            return Anchor(date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "day", "mention")
        if m.group(2) and granularity == "month":
            return Anchor(date(int(m.group(1)), int(m.group(2)), 1), "month", "mention")
        if granularity == "quarter" and len(value) == 7 and value[5] == "Q":
            q = int(value[6])
            return Anchor(date(int(m.group(1)), 3 * q - 2, 1), "quarter", "mention")
        season = _VALUE_SEASON.fullmatch(value)
        if season is not None:  # "the spring of 1915": a mention of that year's season
            first_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12, "H1": 1, "H2": 7}[season.group(2)]
            return Anchor(date(int(season.group(1)), first_month, 1), "season", "mention")
        if granularity == "year" and len(value) == 4:
            return Anchor(date(int(m.group(1)), 1, 1), "year", "mention")
    except ValueError:
        return None
    return None


def normalize(expression: str, published: date | None = None, sentence: str | None = None,
              mode: str = "news") -> Timex | None:
    """Normalize one expression ("next Friday"). With ``sentence`` the expression is read in
    its sentence, so the tense there decides bare weekdays and months; offsets of the
    returned Timex are relative to ``expression``. Alone, a news expression with no tense
    cue is read in the past: news reports what happened."""
    if not expression or not expression.strip():
        return None
    if sentence:
        pos = sentence.find(expression)
        if pos >= 0:
            best = None
            for t in tag(sentence, published, mode):
                overlap = min(t.end, pos + len(expression)) - max(t.start, pos)
                if overlap > 0 and (best is None or overlap > best[0]):
                    best = (overlap, t)
            if best is None:
                return None
            t = best[1]
            start = max(t.start - pos, 0)
            end = min(t.end - pos, len(expression))
            return Timex(start, end, expression[start:end], t.type, t.value, t.granularity,
                         t.mod, t.explanation)
    # An expression alone has no verb to give a tense; in news it is read as reported,
    # in the past ("in December" published 2017-09-24 -> 2016-12).
    found = _tag(expression, published, mode, default_tense="past" if mode == "news" else None)
    if not found:
        return None
    return max(found, key=lambda t: (t.end - t.start, -t.start))

"""Score the tagger against gold TimeML files with the TempEval-3 measures.

For every gold file the tagger runs on the plain text of ``<TEXT>`` with the document's
creation time (DCT) as the publication date. System and gold expressions are paired
one-to-one: pairs with identical spans first, then by largest overlap (ties: earlier
text), so one long system span cannot "match" two gold expressions.

Measures (UzZaman et al., "SemEval-2013 Task 1: TempEval-3", section 4.1):

* strict span P/R/F1: a pair counts when both offsets are identical;
* relaxed span P/R/F1: a pair counts when the spans overlap by at least one character
  (TempEval-3 says "one token"; offsets here are characters of the same text, which is
  equivalent for any span that starts and ends on token boundaries);
* attribute accuracy (type, value) = relaxed pairs whose attribute is equal / relaxed pairs;
* attribute F1 (the headline "value F1"): P = relaxed pairs with the correct value /
  system expressions, R = the same count / gold expressions, F1 their harmonic mean. This
  equals relaxed F1 x value accuracy.

Values are compared as strings, exactly as the TempEval-3 toolkit does. Mismatches are
grouped into error classes (missed / spurious / span / type / value / mod, each split by
the kind of expression) so that a grammar fix can target a class, not a sentence.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from timeline.errors import InputError
from timeline.temporal.timeml import TimeMLDocument, iter_timeml_files, read_timeml
from timeline.temporal.timex import Timex

Tagger = Callable[..., list[Timex]]

__all__ = [
    "AuditClass",
    "Counts",
    "DocResult",
    "ErrorItem",
    "EvalResult",
    "error_classes",
    "evaluate_corpus",
    "evaluate_document",
    "expression_kind",
    "format_result",
    "match_timexes",
    "phrase_key",
    "rule_figures",
    "value_audit",
]


# -- counting --------------------------------------------------------------------------------

@dataclass(slots=True)
class Counts:
    """Raw counts from which every TempEval-3 figure is derived (additive over documents)."""

    docs: int = 0
    gold: int = 0
    system: int = 0
    strict: int = 0  # pairs with identical spans
    relaxed: int = 0  # pairs with overlapping spans (includes strict)
    type_ok: int = 0  # relaxed pairs with the same type
    value_ok: int = 0  # relaxed pairs with the same value
    mod_ok: int = 0  # relaxed pairs with the same mod (both absent counts as equal)

    def add(self, other: Counts) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def metrics(self) -> dict[str, float]:
        def prf(hits: int) -> tuple[float, float, float]:
            p = hits / self.system if self.system else 0.0
            r = hits / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return p, r, f

        sp, sr, sf = prf(self.strict)
        rp, rr, rf = prf(self.relaxed)
        vp, vr, vf = prf(self.value_ok)
        tp, tr, tf = prf(self.type_ok)

        def acc(hits: int) -> float:
            return hits / self.relaxed if self.relaxed else 0.0

        return {
            "strict_p": sp, "strict_r": sr, "strict_f1": sf,
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "type_accuracy": acc(self.type_ok), "type_f1": tf,
            "value_accuracy": acc(self.value_ok), "value_p": vp, "value_r": vr, "value_f1": vf,
            "mod_accuracy": acc(self.mod_ok),
        }

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name) for name in self.__slots__}
        out.update({k: round(v, 4) for k, v in self.metrics().items()})
        return out


def match_timexes(gold: Sequence[Timex], system: Sequence[Timex]) -> list[tuple[int, int]]:
    """One-to-one pairs ``(gold index, system index)`` of overlapping expressions.

    Identical spans pair first, then larger overlaps; ties go to the earlier expression.
    """
    order_s = sorted(range(len(system)), key=lambda i: system[i].start)
    starts = [system[i].start for i in order_s]
    longest = max((t.end - t.start for t in system), default=0)
    candidates: list[tuple[int, int, int, int, int]] = []
    for gi, g in enumerate(gold):
        # any overlapping system span starts in [g.start - longest, g.end)
        for k in range(bisect_left(starts, g.start - longest), bisect_left(starts, g.end)):
            si = order_s[k]
            s = system[si]
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                exact = s.start == g.start and s.end == g.end
                candidates.append((0 if exact else 1, -overlap, g.start, gi, si))
    candidates.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, _, gi, si in candidates:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        pairs.append((gi, si))
    pairs.sort()
    return pairs


# -- error classes ---------------------------------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?\b"
_UNIT = (r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|"
         r"quarters?|years?|decades?|centur(?:y|ies)|millenni(?:um|a))")
_NUMWORD = (r"(?:\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
            r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|several|few|"
            r"couple|half|many|some)")

# (kind, pattern) in priority order; the first that matches names the expression's kind.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        ("set (every/each/-ly)", r"\b(?:every|each|per|annually|yearly|monthly|weekly|daily|"
                                 r"hourly|nightly|quarterly)\b|\ba (?:year|month|week|day)\b$"),
        ("clock time", r"\d\s*(?:a\.?m\.?|p\.?m\.?)|\b\d{1,2}:\d{2}\b|\bnoon\b|\bmidnight\b|"
                       r"o'clock|\b(?:gmt|est|edt|pst|pdt|utc)\b"),
        ("numeric date", r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d{1,2}/\d{1,2}\b"),
        ("ago/later/before/after", r"\b(?:ago|later|earlier|hence|from now|before|after|since)\b"),
        ("reference word", r"^(?:the |for |until |by |right |just )?(?:now|currently|current|"
                           r"recent(?:ly)?|lately|nowadays|today's|present|past|future|"
                           r"former(?:ly)?|once|previously|moment|at the moment|these days|"
                           r"at the time|then|soon|already|yet|someday|sometime|"
                           r"as soon as possible|recent (?:years|months|weeks|days))$"),
        ("part of day", r"\b(?:morning|afternoon|evening|night|overnight|tonight|dawn|dusk)\b"),
        ("weekday", r"\b" + _WEEKDAY),
        ("day of month", r"\b" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}(?:st|nd|rd|th)?"
                         r"\s+(?:of\s+)?" + _MONTH + r"(?:\s|$)|\bthe \d{1,2}(?:st|nd|rd|th)\b"),
        ("month (+ year)", r"\b" + _MONTH + r"(?:\s|,|$)"),
        ("deictic day", r"\b(?:today|yesterday|tomorrow)\b"),
        ("quarter/half/season", r"\b(?:quarters?|half|halves|springs?|summers?|falls?|"
                                r"autumns?|winters?|semesters?|fiscal|first-half|"
                                r"second-half)\b"),
        ("decade/century", r"\d0'?s\b|'\d0s|\b(?:decade|century|centuries|millenni)"),
        ("last/next/this + unit", r"\b(?:last|next|this|past|previous|coming|current|"
                                  r"following|recent|same|that|upcoming)\b.*\b" + _UNIT),
        ("number + unit", r"\b" + _NUMWORD + r"[\s-]+(?:\w+[\s-]+)?" + _UNIT),
        ("year number", r"^(?:(?:in|of|the|fiscal|year|since|by|until)\s+)?(?:1\d{3}|20\d{2}|"
                        r"'\d{2})(?:'s)?$"),
        ("bare unit word", r"^(?:the |a |an )?" + _UNIT + r"(?:-long|-old)?$"),
        ("holiday/named day", r"\b(?:christmas|easter|thanksgiving|new year|ramadan|"
                              r"independence day|eve|day)\b"),
        ("bare number", r"^[\d.,:-]+$"),
        ("other phrase with a unit word", r"\b" + _UNIT + r"|year-end"),
        ("vague time noun", r"\b(?:time|times|while|moment|period|era|age|spell|stretch)\b"),
    )
)


def expression_kind(text: str) -> str:
    """A coarse, general description of an expression ("weekday", "number + unit" ...)."""
    t = " ".join(text.split())
    for kind, pattern in _KINDS:
        if pattern.search(t):
            return kind
    return "other"


_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his",
                "her", "our", "some", "any", "each", "every"}
_MODIFIERS = {"early", "earlier", "late", "later", "mid", "middle", "about", "around",
              "nearly", "almost", "approximately", "roughly", "some", "more", "less", "than",
              "over", "under", "least", "most", "at", "just", "only", "barely", "well",
              "end", "beginning", "start", "dawn", "close", "shortly", "long", "full",
              "whole", "entire", "last", "next", "past", "previous", "coming", "recent"}
_PREPOSITIONS = {"in", "on", "at", "by", "for", "since", "until", "till", "during",
                 "from", "to", "within", "of", "through", "throughout", "before", "after",
                 "as", "into", "between", "ago"}
_WORD = re.compile(r"[A-Za-z]+|\d+|[^\sA-Za-z\d]")


def _piece_kind(piece: str) -> str:
    """What a piece of text missing from / added to a span is (for span error classes)."""
    tokens = [t.lower() for t in _WORD.findall(piece)]
    if not tokens:
        return "whitespace"
    if all(not t.isalnum() for t in tokens):
        return "possessive" if tokens == ["'"] or piece.strip() in ("'s", "’s") else "punctuation"
    if piece.strip().lower() in ("'s", "’s", "s"):
        return "possessive"
    words = [t for t in tokens if t.isalnum()]
    if all(w in _DETERMINERS for w in words):
        return "determiner"
    if all(w in _PREPOSITIONS for w in words):
        return "preposition"
    if all(w in _MODIFIERS or w in _DETERMINERS for w in words):
        return "modifier"
    if all(w.isdigit() for w in words):
        return "number"
    if re.fullmatch(r"\W*(?:" + _UNIT + r"|" + _MONTH + r"|" + _WEEKDAY + r")\W*",
                    piece.strip(), re.I):
        return "time word"
    kind = expression_kind(piece)
    return kind if kind != "other" else "other words"


def _span_class(g: Timex, s: Timex) -> str:
    missing: list[str] = []
    extra: list[str] = []
    if s.start > g.start:
        missing.append(_piece_kind(g.text[: s.start - g.start]))
    elif s.start < g.start:
        extra.append(_piece_kind(s.text[: g.start - s.start]))
    if s.end < g.end:
        missing.append(_piece_kind(g.text[len(g.text) - (g.end - s.end):]))
    elif s.end > g.end:
        extra.append(_piece_kind(s.text[len(s.text) - (s.end - g.end):]))
    if missing and extra:
        return f"span shifted: missing {' + '.join(missing)}, extra {' + '.join(extra)}"
    if missing:
        return f"span too short: {' + '.join(sorted(set(missing)))}"
    return f"span too long: {' + '.join(sorted(set(extra)))}"


_REFS = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


def value_shape(value: str) -> str:
    """A value with its numbers generalized: ``1998-01-08`` -> ``YYYY-MM-DD``,
    ``1998-Q4`` -> ``YYYY-Qn``, ``P5Y`` -> ``PnY``."""
    if value in _REFS or not value:
        return value or "(empty)"
    m = re.match(r"^(\d{4})(-\d{2})?(-\d{2})?(T.*)?$", value)
    if m:
        shape = "YYYY" + ("-MM" if m.group(2) else "") + ("-DD" if m.group(3) else "")
        if m.group(4):
            shape += "T" + re.sub(r"\d+", "n", m.group(4)[1:])
        return shape
    m = re.match(r"^(\d{4})-W(\d{2})(-WE)?$", value)
    if m:
        return "YYYY-Wnn" + (m.group(3) or "")
    if re.match(r"^\d{4}(?!\d)", value):
        return "YYYY" + re.sub(r"\d+", "n", value[4:])
    return re.sub(r"\d+", "n", value)


def _value_reason(gold: str, system: str) -> str:
    """Why two values of a matched pair differ, in general terms."""
    gs, ss = value_shape(gold), value_shape(system)
    if gs != ss:
        return f"gold {gs}, got {ss}"
    gn = [int(n) for n in re.findall(r"\d+", gold)]
    sn = [int(n) for n in re.findall(r"\d+", system)]
    if gn == sn:
        return f"{gs}: different"
    if re.match(r"^\d{4}", gold):  # calendar values compare field by field, year first
        later = "late" if sn > gn else "early"
        if gn[0] != sn[0] and gn[1:] == sn[1:]:
            return f"{gs}: year too {later}"
        return f"{gs}: too {later}"
    return f"{gs}: wrong number"


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """One disagreement between the tagger and the gold annotation."""

    kind: str  # missed | spurious | span | type | value | mod
    cls: str  # the error class, e.g. "missed: DURATION (number + unit)"
    file: str
    gold: Timex | None
    system: Timex | None
    context: str

    def to_dict(self) -> dict[str, Any]:
        def tx(t: Timex | None) -> dict[str, Any] | None:
            if t is None:
                return None
            d = {"start": t.start, "end": t.end, "text": t.text, "type": t.type,
                 "value": t.value}
            if t.mod:
                d["mod"] = t.mod
            if t.explanation is not None:
                d["explanation"] = asdict(t.explanation)
            return d

        return {"kind": self.kind, "class": self.cls, "file": self.file,
                "gold": tx(self.gold), "system": tx(self.system), "context": self.context}

    def example(self) -> str:
        """``"text" (gold X, got Y) file: …context…`` for the console."""
        if self.kind == "missed":
            what = f'"{self.gold.text}" {self.gold.type} {self.gold.value}'
        elif self.kind == "spurious":
            what = f'"{self.system.text}" {self.system.type} {self.system.value}'
        elif self.kind == "span":
            what = f'gold "{self.gold.text}", got "{self.system.text}"'
        elif self.kind == "type":
            what = f'"{self.gold.text}" gold {self.gold.type}, got {self.system.type}'
        elif self.kind == "mod":
            what = f'"{self.gold.text}" gold mod {self.gold.mod or "none"}, got {self.system.mod or "none"}'
        else:
            what = f'"{self.gold.text}" gold {self.gold.value}, got {self.system.value}'
            if self.system.text != self.gold.text:
                what += f' (as "{self.system.text}")'
            why = self.system.explanation
            if why is not None:  # how the tagger got there: what a fix has to change
                parts = [f"rule {why.rule}"]
                if why.anchor:
                    parts.append(f"anchor {why.anchor} ({why.anchor_kind})")
                if why.tense:
                    parts.append(f"tense {why.tense}" + (f" '{why.tense_cue}'"
                                                          if why.tense_cue else ""))
                if why.direction:
                    parts.append(why.direction)
                what += f" <{', '.join(parts)}>"
        return f"{what}  [{Path(self.file).name}: {self.context}]"


def _context(text: str, start: int, end: int, width: int = 45) -> str:
    left = text[max(0, start - width):start]
    right = text[end:end + width]
    snippet = f"{left}[{text[start:end]}]{right}"
    return ("…" if start > width else "") + " ".join(snippet.split()) + \
        ("…" if end + width < len(text) else "")


@dataclass(slots=True)
class DocResult:
    """Scores and disagreements for one gold document."""

    file: str
    subset: str
    dct: str | None
    counts: Counts
    errors: list[ErrorItem] = field(default_factory=list)
    # Every relaxed pair as (gold text, gold value, system value), for the value audit.
    pairs: list[tuple[str, str, str]] = field(default_factory=list)
    # Per system rule (Explanation.rule): [system expressions, relaxed pairs, right values].
    rules: dict[str, list[int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "subset": self.subset, "dct": self.dct,
                "counts": self.counts.to_dict(),
                "errors": [e.to_dict() for e in self.errors]}


def evaluate_document(
    doc: TimeMLDocument,
    system: Sequence[Timex],
    subset: str = "",
) -> DocResult:
    """Compare ``system`` expressions (tagged on ``doc.text``) with the gold ones."""
    gold = list(doc.timexes)
    sys_ = sorted(system, key=lambda t: (t.start, t.end))
    pairs = match_timexes(gold, sys_)
    counts = Counts(docs=1, gold=len(gold), system=len(sys_), relaxed=len(pairs))
    errors: list[ErrorItem] = []

    def err(kind: str, cls: str, g: Timex | None, s: Timex | None) -> None:
        ref = g or s
        errors.append(ErrorItem(kind, cls, doc.name, g, s, _context(doc.text, ref.start, ref.end)))

    matched_g = {gi for gi, _ in pairs}
    matched_s = {si for _, si in pairs}
    paired_gold = dict((si, gi) for gi, si in pairs)
    by_rule: dict[str, list[int]] = {}
    for si, s in enumerate(sys_):
        row = by_rule.setdefault(s.explanation.rule if s.explanation else "?", [0, 0, 0])
        row[0] += 1
        if si in paired_gold:
            row[1] += 1
            row[2] += gold[paired_gold[si]].value == s.value
    pair_values: list[tuple[str, str, str]] = []
    for gi, si in pairs:
        g, s = gold[gi], sys_[si]
        pair_values.append((g.text, g.value, s.value))
        kind = expression_kind(g.text)
        if g.start == s.start and g.end == s.end:
            counts.strict += 1
        else:
            err("span", _span_class(g, s), g, s)
        if g.type == s.type:
            counts.type_ok += 1
        else:
            err("type", f"wrong type: gold {g.type}, got {s.type} ({kind})", g, s)
        if g.value == s.value:
            counts.value_ok += 1
        else:
            err("value", f"wrong value: {kind}: {_value_reason(g.value, s.value)}", g, s)
        if (g.mod or None) == (s.mod or None):
            counts.mod_ok += 1
        else:
            err("mod", f"wrong mod: gold {g.mod or 'none'}, got {s.mod or 'none'}", g, s)
    for gi, g in enumerate(gold):
        if gi not in matched_g:
            err("missed", f"missed: {g.type} ({expression_kind(g.text)})", g, None)
    for si, s in enumerate(sys_):
        if si not in matched_s:
            err("spurious", f"spurious: {s.type} ({expression_kind(s.text)})", None, s)
    errors.sort(key=lambda e: ((e.gold or e.system).start, e.kind))
    return DocResult(doc.name, subset, doc.dct_value, counts, errors, pair_values, by_rule)


# -- value audit -----------------------------------------------------------------------------
# Which wrong values a general rule can fix, and which ones the gold itself contradicts:
# the same phrase ("last week", "a year ago") annotated one way in most files and another
# way in a few is a corpus inconsistency, not a grammar error.

_PHRASE_MONTH = re.compile(r"\b" + _MONTH + r"(?=\s|,|$)", re.I)
_PHRASE_WEEKDAY = re.compile(r"\b" + _WEEKDAY, re.I)
_TIMEX3_VALUE = re.compile(
    r"(?:PRESENT_REF|PAST_REF|FUTURE_REF"
    r"|P(?:[\dX.]+[YMWDQLCE]|[\dX.]+(?:DE|CE|WE))+(?:T(?:[\dX.]+[HMS])+)?|PT(?:[\dX.]+[HMS])+"
    r"|(?:\d{4}|XXXX)(?:-(?:\d\d|XX)(?:-(?:\d\d|XX))?|-W(?:\d\d|XX)(?:-[1-7X]|-WE)?"
    r"|-Q[1-4X]|-H[12X]|-(?:SP|SU|FA|WI))?"
    r"(?:T(?:\d\d(?::\d\d(?::\d\d)?)?|MO|AF|EV|NI|DT)(?:Z|[+-]\d\d(?::?\d\d)?)?)?"
    r"|\d{3}X?|\d{2}(?:XX)?|XX|XXX)")
_PART_OF_DAY = re.compile(r"T(?:MO|AF|EV|NI)$")
_TIME_ZONE = re.compile(r"(?:Z|[+-]\d\d:?\d\d)$")


def phrase_key(text: str) -> str:
    """A phrase with its particulars generalized, to compare how the gold annotates the
    same wording across files: "Last Friday," -> "last <weekday>", "Oct. 12" -> "<month> N"."""
    t = " ".join(text.lower().split()).strip(" .,;:'\"")
    t = _PHRASE_WEEKDAY.sub("<weekday>", t)
    t = _PHRASE_MONTH.sub("<month>", t)
    return re.sub(r"\d+", "N", t)


def rule_figures(documents: Iterable[DocResult]) -> list[tuple[str, int, int, int]]:
    """(rule, system expressions, relaxed pairs, right values) per rule, lowest value
    precision (right values / system expressions) first: where a rule's output disagrees
    with the gold, spurious expressions included."""
    total: dict[str, list[int]] = {}
    for doc in documents:
        for name, (n, matched, ok) in doc.rules.items():
            row = total.setdefault(name, [0, 0, 0])
            row[0] += n
            row[1] += matched
            row[2] += ok
    return sorted(((name, *row) for name, row in total.items()),
                  key=lambda r: (r[3] / r[1], -r[1], r[0]))


@dataclass(slots=True)
class AuditClass:
    """Wrong values that share a verdict and a reason."""

    verdict: str  # "gold" (the gold is malformed or contradicts itself) | "spec" | "ours"
    name: str
    items: list[ErrorItem]

    def to_dict(self, examples: int = 3) -> dict[str, Any]:
        return {"verdict": self.verdict, "class": self.name, "count": len(self.items),
                "examples": [e.to_dict() for e in self.items[:examples]]}


def _gold_majorities(documents: Iterable[DocResult]) -> dict[str, Counter[str]]:
    shapes: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in documents:
        for text, gold_value, _ in doc.pairs:
            shapes[phrase_key(text)][value_shape(gold_value)] += 1
    return shapes


_WEEKDAY_NUMBER = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _week_apart(e: ErrorItem) -> bool:
    g, s = _day(e.gold.value), _day(e.system.value)
    return g is not None and s is not None and abs((g - s).days) == 7


def _kind_majorities(documents: Iterable[DocResult]) -> dict[tuple[str, str], Counter[str]]:
    """Gold value shapes per (subset, kind of expression): how each annotation team writes
    "decade/century", "number + unit" ... values."""
    kinds: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for doc in documents:
        for text, gold_value, _ in doc.pairs:
            kinds[(doc.subset, expression_kind(text))][value_shape(gold_value)] += 1
    return kinds


def _subsets_disagree(e: ErrorItem, subset: str, gs: str, ss: str,
                      kinds: dict[tuple[str, str], Counter[str]]) -> str | None:
    """The other subset's name when the gold's shape is its own subset's majority for this
    kind of expression and ours is another subset's majority (two annotation teams, two
    conventions: AQUAINT writes the 1980s "198X", TimeBank "198")."""
    kind = expression_kind(e.gold.text)
    own = kinds.get((subset, kind))
    if not own or own.most_common(1)[0][0] != gs:
        return None
    for (other, other_kind), seen in sorted(kinds.items()):
        if other != subset and other_kind == kind and seen.most_common(1)[0][0] == ss:
            return other
    return None


def _audit_one(e: ErrorItem, shapes: dict[str, Counter[str]], shifted_files: set[str],
               subset: str = "", kinds: dict[tuple[str, str], Counter[str]] | None = None
               ) -> tuple[str, str]:
    g, s = e.gold.value, e.system.value
    if not _TIMEX3_VALUE.fullmatch(g):
        return "gold", "gold value is not well-formed TIMEX3"
    named = _PHRASE_WEEKDAY.search(e.gold.text)
    gold_day = _day(g)
    if named and gold_day is not None and not _PHRASE_MONTH.search(e.gold.text) and \
            gold_day.isoweekday() != _WEEKDAY_NUMBER[named.group(0)[:3].lower()]:
        return "gold", "gold date is not the weekday its text names"
    if e.file in shifted_files and _week_apart(e):
        return "gold", ("gold read against another DCT: several of the file's days are a "
                        "week off ours")
    if _PART_OF_DAY.search(s) and s[:10] == g[:10] and not g[10:].startswith("T0"):
        return "spec", "part of day kept as TIME ...TMO/TNI (issue spec); gold drops or varies it"
    if _TIME_ZONE.search(s) and _TIME_ZONE.sub("", s).startswith(g.split("T")[0]) and \
            not _TIME_ZONE.search(g):
        return "spec", "time zone kept (issue spec); gold drops it"
    gs, ss = value_shape(g), value_shape(s)
    seen = shapes.get(phrase_key(e.gold.text), Counter())
    if gs != ss and seen[ss] > seen[gs]:
        return "gold", (f"gold departs from its own majority for this phrase "
                        f"(mostly {ss}, here {gs})")
    other = _subsets_disagree(e, subset, gs, ss, kinds) if gs != ss and kinds else None
    if other is not None:
        return "gold", (f"the subsets' conventions differ for {expression_kind(e.gold.text)}: "
                        f"{subset or 'this subset'} writes {gs}, {other} writes {ss} (as we do)")
    if gs != ss:
        return "ours", f"convention differs from the gold's: gold {gs}, ours {ss}"
    return "ours", f"same shape, different value: {_value_reason(g, s)}"


def value_audit(documents: Sequence[DocResult]) -> list[AuditClass]:
    """Every wrong value, classified: malformed gold, gold contradicting its own majority
    for the same phrase, our conventions fixed by the issue spec, and the rest (ours to
    fix, or a document whose DCT is wrong). Largest classes first, gold-side ones last."""
    shapes = _gold_majorities(documents)
    # A file where several days are exactly a week off ours was annotated against another
    # creation date than the one it carries (e.g. a story updated a week later).
    shifted_files = {doc.file for doc in documents
                     if sum(e.kind == "value" and _week_apart(e) for e in doc.errors) >= 3}
    kinds = _kind_majorities(documents)
    groups: dict[tuple[str, str], list[ErrorItem]] = defaultdict(list)
    for doc in documents:
        for e in doc.errors:
            if e.kind == "value":
                groups[_audit_one(e, shapes, shifted_files, doc.subset, kinds)].append(e)
    order = {"ours": 0, "spec": 1, "gold": 2}
    return sorted((AuditClass(v, n, items) for (v, n), items in groups.items()),
                  key=lambda c: (order[c.verdict], -len(c.items), c.name))


def format_audit(documents: Sequence[DocResult], examples: int = 2, rules: int = 25) -> str:
    """The value audit and the rules with the least precise values, for the console."""
    classes = value_audit(documents)
    per_verdict = Counter()
    for c in classes:
        per_verdict[c.verdict] += len(c.items)
    lines = [f"Value audit ({sum(per_verdict.values())} wrong values: ours "
             f"{per_verdict['ours']}, issue spec {per_verdict['spec']}, gold "
             f"{per_verdict['gold']}):"]
    singles = [c for c in classes if len(c.items) == 1]
    for c in classes:
        if len(c.items) == 1 and len(singles) > 1:
            continue
        lines.append(f"{len(c.items):>5}  [{c.verdict}] {c.name}")
        for e in c.items[:examples]:
            lines.append(f"         e.g. {e.example()}")
    if len(singles) > 1:
        counts = Counter(c.verdict for c in singles)
        lines.append(f"{len(singles):>5}  classes of one wrong value each ("
                     + ", ".join(f"{v} {n}" for v, n in sorted(counts.items()))
                     + "; all listed with --json)")
    lines += ["", "Rules with the least precise values (right values / system expressions):",
              f"       {'rule':<32}{'system':>7}{'paired':>8}{'right':>7}{'precision':>11}"]
    for name, n, matched, ok in rule_figures(documents)[:rules]:
        lines.append(f"       {name:<32}{n:>7}{matched:>8}{ok:>7}{ok / n:>11.2f}")
    return "\n".join(lines)


# -- corpus ----------------------------------------------------------------------------------

@dataclass(slots=True)
class ErrorClass:
    name: str
    kind: str
    count: int
    examples: list[ErrorItem]

    def to_dict(self) -> dict[str, Any]:
        return {"class": self.name, "kind": self.kind, "count": self.count,
                "examples": [e.to_dict() for e in self.examples]}


@dataclass(slots=True)
class EvalResult:
    """Everything ``timeline eval`` prints: totals per subset, overall, error classes."""

    root: str
    mode: str
    tagger_version: str
    documents: list[DocResult]
    subsets: dict[str, Counts]
    overall: Counts
    split: str = "all"

    def error_classes(self, examples: int = 3, kinds: Iterable[str] | None = None
                      ) -> list[ErrorClass]:
        return error_classes(self.documents, examples=examples, kinds=kinds)

    def to_dict(self, errors: int = 20, examples: int = 3) -> dict[str, Any]:
        return {
            "root": self.root,
            "mode": self.mode,
            "tagger_version": self.tagger_version,
            "split": self.split,
            "measure": "TempEval-3 (value F1 = relaxed-match pairs with equal value; "
                       "P over system, R over gold)",
            "subsets": {name: c.to_dict() for name, c in self.subsets.items()},
            "overall": self.overall.to_dict(),
            "error_classes": [c.to_dict() for c in self.error_classes(examples)[:errors]],
        }


def error_classes(documents: Iterable[DocResult], examples: int = 3,
                  kinds: Iterable[str] | None = None) -> list[ErrorClass]:
    """Errors grouped by class, largest first; examples are taken from different files."""
    wanted = set(kinds) if kinds is not None else None
    groups: dict[str, list[ErrorItem]] = defaultdict(list)
    for doc in documents:
        for e in doc.errors:
            if wanted is None or e.kind in wanted:
                groups[e.cls].append(e)
    out: list[ErrorClass] = []
    for name, items in groups.items():
        picked: list[ErrorItem] = []
        seen_files: set[str] = set()
        for e in items:  # one example per file first, for variety
            if len(picked) < examples and e.file not in seen_files:
                picked.append(e)
                seen_files.add(e.file)
        for e in items:
            if len(picked) < examples and e not in picked:
                picked.append(e)
        out.append(ErrorClass(name, items[0].kind, len(items), picked))
    out.sort(key=lambda c: (-c.count, c.name))
    return out


SPLITS = ("all", "dev", "test")


def split_of(name: str) -> str:
    """The fixed half a gold file belongs to: "dev" or "test".

    Decided by the SHA-256 of the file name alone, so it never changes when files are
    added, moved or re-ordered, and it does not correlate with the file's source or date.
    """
    return "dev" if hashlib.sha256(name.encode("utf-8")).digest()[0] < 128 else "test"


def _subset_of(path: Path, root: Path, by_folder: bool) -> str:
    if not by_folder or path == root:
        return ""
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else "."


def _tag_and_score(args: tuple[str, str, str]) -> tuple[DocResult, list[Timex]]:
    """Worker for one file (module level so that a process pool can pickle it)."""
    path, subset, mode = args
    from timeline.temporal import tag

    doc = read_timeml(path)
    system = tag(doc.text, published=doc.dct, mode=mode)
    return evaluate_document(doc, system, subset), system


def evaluate_corpus(
    root: str | Path,
    *,
    mode: str = "news",
    subset_by_folder: bool | None = None,
    tagger: Tagger | None = None,
    jobs: int = 1,
    on_document: Callable[[DocResult, list[Timex]], None] | None = None,
    split: str = "all",
) -> EvalResult:
    """Tag every TimeML file under ``root`` and score it.

    ``split`` ("all", "dev" or "test") keeps one fixed half of the files (see
    :func:`split_of`), so rules can be developed on one half and measured on the other.

    ``subset_by_folder`` (default: when ``root`` has subfolders with TimeML files) reports
    each first-level subfolder separately. ``tagger`` defaults to :func:`timeline.temporal.tag`
    (called as ``tagger(text, published=dct, mode=mode)``); ``jobs > 1`` tags files in a
    process pool (default tagger only). ``on_document(result, system)`` is called for each
    file, in file order, with the system expressions tagged on it.
    """
    root_path = Path(root)
    if not root_path.exists():
        raise InputError(f"{root_path}: no such file or directory")
    files = list(iter_timeml_files(root_path))
    if not files:
        raise InputError(f"{root_path}: no TimeML files (*.tml) found")
    if split != "all":
        if split not in SPLITS:
            raise ValueError(f"split must be one of {', '.join(SPLITS)}")
        files = [f for f in files if split_of(f.name) == split]
        if not files:
            raise InputError(f"{root_path}: no TimeML files in the {split} half")
    if subset_by_folder is None:
        subset_by_folder = root_path.is_dir() and any(
            len(f.relative_to(root_path).parts) > 1 for f in files)
    from timeline.temporal import TAGGER_VERSION

    results: list[DocResult] = []
    if tagger is None and jobs > 1 and len(files) > 1:
        tasks = [(str(f), _subset_of(f, root_path, subset_by_folder), mode) for f in files]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for res, system in pool.map(_tag_and_score, tasks,
                                               chunksize=max(1, len(tasks) // (jobs * 4))):
                results.append(res)
                if on_document:
                    on_document(res, system)
    else:
        if tagger is None:
            from timeline.temporal import tag as tagger
        for f in files:
            doc = read_timeml(f)
            system = tagger(doc.text, published=doc.dct, mode=mode)
            res = evaluate_document(doc, system, _subset_of(f, root_path, subset_by_folder))
            results.append(res)
            if on_document:
                on_document(res, system)

    subsets: dict[str, Counts] = {}
    overall = Counts()
    for res in results:
        overall.add(res.counts)
        if subset_by_folder:
            subsets.setdefault(res.subset, Counts()).add(res.counts)
    return EvalResult(str(root_path), mode, TAGGER_VERSION, results,
                      dict(sorted(subsets.items())), overall, split)


# -- console output --------------------------------------------------------------------------

def format_result(result: EvalResult, errors: int = 15, examples: int = 3) -> str:
    """The human-readable report: a table of figures, then the worst error classes."""
    half = "" if result.split == "all" else f", {result.split} half of the files"
    lines = [f"timeline eval {result.root}  (tagger {result.tagger_version}, mode "
             f"{result.mode}{half}; TempEval-3 measures)", ""]
    header = (f"{'subset':<12}{'docs':>5}{'gold':>6}{'sys':>6}   {'strict P   R    F1':<19}"
              f"   {'relaxed P  R    F1':<19}   {'type':>5}  {'value acc':>9}  {'value F1':>8}")
    lines.append(header)
    rows = list(result.subsets.items()) + [("overall", result.overall)]
    for name, c in rows:
        m = c.metrics()
        lines.append(
            f"{name:<12}{c.docs:>5}{c.gold:>6}{c.system:>6}   "
            f"{m['strict_p']:.3f} {m['strict_r']:.3f} {m['strict_f1']:.3f}   "
            f"{m['relaxed_p']:.3f} {m['relaxed_r']:.3f} {m['relaxed_f1']:.3f}   "
            f"{m['type_accuracy']:>5.3f}  {m['value_accuracy']:>9.3f}  {m['value_f1']:>8.3f}")
    lines.append("")
    lines.append("type = type accuracy over relaxed matches; value F1 = relaxed F1 x value "
                 "accuracy (P = correct values / system, R = correct values / gold)")
    if errors > 0:
        classes = result.error_classes(examples)
        total = sum(c.count for c in classes)
        by_kind = Counter()
        for c in classes:
            by_kind[c.kind] += c.count
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items(),
                                                        key=lambda kv: (-kv[1], kv[0])))
        lines += ["", f"Worst error classes ({total} errors: {kinds}):" if total
                  else "No errors."]
        for c in classes[:errors]:
            lines.append(f"{c.count:>5}  {c.name}")
            for e in c.examples:
                lines.append(f"         e.g. {e.example()}")
    return "\n".join(lines)


def compare_with(result: EvalResult, previous: dict[str, Any]) -> str:
    """Figures of ``result`` beside those of an earlier ``--json`` output, with the change."""
    keys = ("strict_f1", "relaxed_f1", "type_accuracy", "value_f1")
    lines = [f"compared with an earlier run (tagger {previous.get('tagger_version', '?')}):",
             f"{'subset':<12}" + "".join(f"{k:>24}" for k in keys)]
    rows = list(result.subsets.items()) + [("overall", result.overall)]
    for name, counts in rows:
        before = previous.get("overall") if name == "overall" else \
            previous.get("subsets", {}).get(name)
        now = counts.metrics()
        cells = []
        for k in keys:
            if before is None or k not in before:
                cells.append(f"{now[k]:>24.3f}")
            else:
                delta = now[k] - float(before[k])
                cells.append(f"{float(before[k]):.3f} -> {now[k]:.3f} {delta:+.3f}".rjust(24))
        lines.append(f"{name:<12}" + "".join(cells))
    return "\n".join(lines)


def write_report(result: EvalResult, path: str | Path) -> None:
    """Per-file diagnostics as JSON lines (one object per gold file), written atomically."""
    from timeline.atomic import write_text_atomic

    write_text_atomic(Path(path), "".join(
        json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
        for doc in result.documents))

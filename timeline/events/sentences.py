"""Sentence splitting for English news text, as character spans into the text.

News text breaks the rules a naive splitter relies on: "Mr. Salazar", "the U.S. Army",
"Sept. 22", "at 9 a.m. Friday", "J. K. Rowling", "3.5 percent", quotes that close after
the full stop, headlines and bylines without punctuation on lines of their own, and
datelines ("TRIPOLI, Libya (Reuters) - ") glued to the first sentence. The splitter:

1. cuts paragraphs at blank lines;
2. decides once per text whether single line breaks are soft wraps (a hard-wrapped
   e-mail or report: most inner lines are long and do not end a sentence) or breaks
   (one sentence, headline or paragraph per line, as in most corpora and pasted articles);
3. inside each piece, ends a sentence at ``.``, ``!``, ``?`` or an ellipsis (plus any
   closing quotes/brackets) followed by space and a capital, digit or opening quote,
   unless the word before is an abbreviation that does not end sentences (titles,
   initials), or an ambiguous one ("U.S.", "a.m.", "Inc.", "Sept.") that is followed by a
   word that does not usually start a sentence;
4. separates a leading dateline as a span of kind ``dateline``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations after which a capitalized word is a name, never a new sentence.
_TITLES = frozenset("""
mr mrs ms mssrs messrs dr prof sen sens rep reps gov govs gen lt col maj capt cmdr cdr adm
sgt cpl pvt brig rev fr hon pres supt det insp st ste mt ft mme mlle msgr sr sra srta atty
amb gens vs v cf
""".split())
# Abbreviations that may end a sentence: a break only before a usual sentence opener.
# (US state abbreviations that are also common words, "Ill." "Miss." "Wash.", are left out.)
_AMBIGUOUS = frozenset("""
inc co corp ltd llc plc bros etc jr no nos approx dept univ assn est al ave blvd rd hwy
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
fig figs vol vols p pp ch sec art para op ed eds min max govt intl natl mil bn mn
ala ariz ark calif colo conn fla kan kans ky md mich minn mont neb nev okla tenn tex vt wis
wyo
""".split())
# Abbreviations that cannot end a sentence at all.
_NEVER_FINAL = frozenset({"e.g", "i.e", "viz", "ca", "approx"})
# Words that usually open a sentence in news prose.
_OPENERS = frozenset("""
a an the he she it they we i you this that these those there here his her its their our
my your but and or so yet also still then now later earlier meanwhile however although
though while when after before since until as at in on for from with by during under over
if once no not some many most more several few all both each every one two three four five
officials police witnesses according despite because what who why how where which mr mrs
ms dr its such other another last next today yesterday tomorrow this in more than
""".split())

_END = re.compile(r"([.!?\u2026]+)([\"'\u201d\u2019)\]]*)(\s+)")
_WORD_BEFORE = re.compile(r"([\w.\-']+)$")
_BULLET = re.compile(r"(?:[-*\u2022\u2013\u2014>]|\d{1,3}[.)])\s+")
_MONTH_ABBR = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_NUMBER_ABBR = frozenset({"no", "nos", "p", "pp", "vol", "vols", "ch", "sec", "art", "fig",
                          "figs", "para", "op"})
_DATELINE = re.compile(
    r"""(?:
        [A-Z][A-Z'.\-]{2,}(?:[ ][A-Z][A-Z'.\-]+){0,3}        # CITY in capitals
        (?:,[ ][A-Z][A-Za-z.'\-]+(?:[ ][A-Z][A-Za-z.'\-]+)?){0,2}   # , Country/State
        (?:,?[ ](?:[A-Z][a-z]{2,8}\.?[ ]\d{1,2}(?:,[ ]\d{4})?     # , Sept. 22
                  |\d{1,2}[ ][A-Z][a-z]{2,8}\.?(?:[ ]\d{4})?      # , 22 Sept
                  |\d{4}-\d{2}-\d{2}))?                           # , 2017-09-22
        (?:[ ]?\([A-Za-z][\w &.'\-]{0,30}\))?                 # (Reuters)
        |\([A-Za-z][\w &.'\-]{0,30}\)                         # (AP) alone
    )[ ]*(?:--|[\-\u2013\u2014:])[ ]+(?=[A-Z0-9"'\u201c\u2018(])""",
    re.X,
)
MAX_SENTENCE = 1000  # longer runs are cut at clause boundaries


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as ``text[start:end]`` (stripped); ``kind`` is sentence | dateline."""

    start: int
    end: int
    kind: str = "sentence"


def _soft_wrapped(text: str) -> bool:
    """True when single line breaks inside paragraphs are wraps, not sentence breaks."""
    lines = text.split("\n")
    inner = [
        line.rstrip() for line, following in zip(lines, lines[1:], strict=False)
        if line.strip() and following.strip()
    ]
    if len(inner) < 3:
        return False
    final = sum(1 for line in inner if line.endswith((".", "!", "?", '"', "\u201d", ":")))
    if final / len(inner) > 0.4:
        return False
    lengths = sorted(len(line) for line in inner)
    median = lengths[len(lengths) // 2]
    if not 30 <= median <= 130:
        return False
    # A wrapped sentence mostly goes on with a lowercase word; a list of headlines or
    # one-line items starts every line with a capital or a digit.
    following = [b.lstrip()[:1] for a, b in zip(lines, lines[1:], strict=False)
                 if a.strip() and b.strip()]
    return sum(1 for c in following if c.islower()) / len(following) >= 0.3


def _pieces(text: str, wrapped: bool) -> list[tuple[int, int, bool]]:
    """(start, end, starts_paragraph) of the stretches a sentence can never cross."""
    pieces: list[tuple[int, int, bool]] = []
    for para in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text):
        lines = [(m.start() + para.start(), m.end() + para.start())
                 for m in re.finditer(r"[^\n]+", para.group())]
        if not lines:
            continue
        if not wrapped:
            for i, (s, e) in enumerate(lines):
                pieces.append((s, e, i == 0))
            continue
        width = max(e - s for s, e in lines)
        start = lines[0][0]
        for i, (s, e) in enumerate(lines):
            line = text[s:e].rstrip()
            last = i == len(lines) - 1
            nxt = text[lines[i + 1][0]:lines[i + 1][1]].lstrip() if not last else ""
            short = len(line) < 0.5 * width and not line.endswith((",", ";", "-"))
            if last or short or _BULLET.match(nxt):
                pieces.append((start, e, start == lines[0][0]))
                if not last:
                    start = lines[i + 1][0]
    return pieces


def _is_boundary(piece: str, match: re.Match[str]) -> bool:
    punct = match.group(1)
    rest = piece[match.end():]
    if not rest:
        return True
    first = rest[0]
    if first.islower():
        return False
    word_match = _WORD_BEFORE.search(piece, 0, match.start(1))
    word = word_match.group(1) if word_match else ""
    bare = word.strip("'").rstrip(".").lower()
    next_word = re.match(r"[\"'\u201c\u2018(\[]*([\w']+)", rest)
    following = next_word.group(1).lower() if next_word else ""
    if next_word and next_word.group(1)[0].islower():
        return False  # "(a suburb)", "'s" and the like continue the sentence
    if "?" in punct or "!" in punct:
        return True
    if punct.startswith("\u2026") or punct.startswith(".."):
        return first.isupper() or first in "\"\u201c'\u2018("
    # A single "." from here on.
    if first.isdigit():
        if bare in _NUMBER_ABBR or bare in _MONTH_ABBR:
            return False
        return True
    if not (first.isupper() or first in "\"\u201c'\u2018([" or not first.isalnum()):
        return False
    if bare in _NEVER_FINAL:
        return False
    if bare in _TITLES:
        return False
    if len(bare) == 1 and bare.isalpha() and word[:1].isupper():
        # An initial ("J. K. Rowling", "Harry S. Truman"), unless what follows opens a sentence.
        return following in _OPENERS and following not in ("a", "i")
    if "." in bare or bare in _AMBIGUOUS:
        # "U.S." / "a.m." / "Inc." / "Sept.": a break only before a usual opener.
        return following in _OPENERS
    return True


def _split_piece(text: str, start: int, end: int) -> list[tuple[int, int]]:
    piece = text[start:end]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in _END.finditer(piece):
        if match.end() >= len(piece):
            break
        if _is_boundary(piece, match):
            spans.append((cursor, match.end(2)))
            cursor = match.end()
    spans.append((cursor, len(piece)))
    out = []
    for s, e in spans:
        for cs, ce in _cap(piece, s, e):
            out.append((start + cs, start + ce))
    return out


def _cap(piece: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut a run-on longer than MAX_SENTENCE at a clause boundary (or a space)."""
    out = []
    while e - s > MAX_SENTENCE:
        window = piece[s:s + MAX_SENTENCE]
        cut = max(window.rfind("; "), window.rfind(": "), window.rfind(" - "),
                  window.rfind(", "))
        if cut < MAX_SENTENCE // 3:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = MAX_SENTENCE - 1
        out.append((s, s + cut + 1))
        s = s + cut + 1
    out.append((s, e))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    bullet = _BULLET.match(text, s, e)
    if bullet and bullet.end() < e:
        s = bullet.end()
    return s, e


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order, as stripped spans; datelines are their own span."""
    wrapped = _soft_wrapped(text)
    out: list[Sentence] = []
    for start, end, para_start in _pieces(text, wrapped):
        start, end = _trim(text, start, end)
        if start >= end:
            continue
        if para_start:
            dateline = _DATELINE.match(text, start, end)
            if dateline:
                out.append(Sentence(start, *_trim(text, start, dateline.end())[1:], "dateline"))
                start = dateline.end()
        for s, e in _split_piece(text, start, end):
            s, e = _trim(text, s, e)
            if s < e:
                out.append(Sentence(s, e))
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence (datelines included), for callers that need spans."""
    return [(s.start, s.end) for s in split_sentences(text)]

r"""How the tagger runs a rule's pattern over a search window, fast and with exactly the
matches of ``rule.pattern.finditer(text, w0, w1)``.

Two things make the plain ``finditer`` slow: Python's regex engine tries the pattern at
every character of the window, and most rules are tried in windows where they cannot
match. So, for each rule:

* ``words``: words the pattern cannot match without (read off the parsed pattern: a
  literal that every match consumes, or one of the literals of an alternation that every
  match goes through: "ago|later|earlier"). A window that contains none of them is
  skipped after a ``str.find`` on the lowercased text.
* ``lead``: the characters a match can start with are read off the parsed pattern (a
  digit, a capital, "t" or "T" for "the"...). The lead pattern is that character class,
  compiled WITHOUT the IGNORECASE flag (case variants are listed, and every non-ASCII
  character is let through for the case-insensitive parts), so the regex engine jumps
  between those characters with its character-set prefix scan, a tight C loop. Only
  there it steps back one character (a lookbehind of width one holding a lookahead) and
  tries the whole rule, guard included. (The earlier lead, "a character that is not a
  word character, then the rule", made the engine test ``\w`` on every character: a
  Unicode category lookup that cost more than the rest of the search.) The rule is then
  matched once at the start found.

Both are built lazily per rule. ``tests/test_temporal_scanning.py`` checks on generated
texts that every rule finds exactly what its plain ``finditer`` finds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from timeline.temporal.rules import Rule

try:  # the regex parser of the standard library (Python 3.11+: re._parser)
    from re import _constants as _sre_constants
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# The start guard of every rule pattern (``rules.rule``): a match starts where the previous
# character is not a word character or one of / . : ' $ £ €, or after a hyphen in a few
# cases. Patterns that do not start with it are searched with plain ``finditer``.
_GUARD = r"(?:(?<![\w/.:'$£€\-–])|(?<=[-–])"

# Characters that match an ASCII letter case-insensitively but whose ``str.lower()`` is not
# that letter (dotted/dotless i, long s): with one of them in the text, the lowercase copy
# cannot stand for what the IGNORECASE patterns match, and no window is skipped.
# tests/test_temporal_scanning.py recomputes this set over all of Unicode.
FOLD_SPECIAL = "\u0130\u0131\u017f"
_FOLD_SPECIAL = re.compile(f"[{FOLD_SPECIAL}]")

_MAX_ALTERNATIVES = 12  # more alternatives to look for cost more than the scan they save
_MAX_NEEDS = 2
_WINDOWS_BEFORE_WORDS = 16


_UNSET: re.Pattern[str] = re.compile("")  # a lead pattern not built yet


class Scanner:
    """How one rule is searched. The lead pattern is built on first use, the needed words
    once the rule has searched a few windows without them (reading them off the parsed
    pattern costs more than a few windows): building both for every rule up front would
    cost a short text (one ``timeline normalize``) more than tagging it."""

    __slots__ = ("rule", "_lead", "_words", "_windows_seen")

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self._lead: re.Pattern[str] | None = _UNSET
        self._words: tuple[tuple[str, ...], ...] | None = None
        self._windows_seen = 0

    @property
    def lead(self) -> re.Pattern[str] | None:
        """The pattern finding the first character of each match (None: plain search)."""
        if self._lead is _UNSET:
            self._lead = _lead(self.rule.pattern)
        return self._lead

    @property
    def words(self) -> tuple[tuple[str, ...], ...]:
        """Sets of lowercase words; every match contains one word of each set."""
        if self._words is None:
            self._words = _words(self.rule.pattern)
        return self._words

    def matches(self, text: str, w0: int, w1: int) -> list[re.Match[str]]:
        """The matches of ``rule.pattern.finditer(text, w0, w1)``, found faster."""
        if self.lead is None:
            return list(self.rule.pattern.finditer(text, w0, w1))
        return lead_matches(self.rule.pattern, self.lead, text, w0, w1)

    def scan(self, text: str, low: str | None,
             windows: list[tuple[int, int]]) -> list[re.Match[str]]:
        """The matches of ``rule.pattern.finditer`` in every window, in order, skipping the
        windows without a needed word (``low``: :func:`lowered` text, or None to skip none).
        One call per rule and document, with the word test and the search inlined: this
        loop runs for every window of every rule, and function calls would dominate it."""
        if self._words is not None:
            words = self._words if low is not None else ()
        else:
            self._windows_seen += len(windows)
            if self._windows_seen >= _WINDOWS_BEFORE_WORDS:
                self._words = _words(self.rule.pattern)
            words = ()
        pattern = self.rule.pattern
        lead = self._lead
        if lead is _UNSET:
            lead = self.lead
        out: list[re.Match[str]] = []
        if lead is None:
            for w0, w1 in windows:
                if not words or has_words(low, words, w0, w1):  # type: ignore[arg-type]
                    out.extend(pattern.finditer(text, w0, w1))
            return out
        search = lead.search
        match = pattern.match
        find = low.find if words else None  # type: ignore[union-attr]
        for w0, w1 in windows:
            if find is not None:
                skip = False
                for alternatives in words:  # one word of each set, as in has_words
                    for word in alternatives:
                        if find(word, w0, w1) >= 0:
                            break
                    else:
                        skip = True
                        break
                if skip:
                    continue
            pos = w0
            while True:  # lead_matches, inlined
                found = search(text, pos, w1)
                if found is None:
                    break
                m = match(text, found.start(), w1)
                if m is None:  # cannot happen (same pattern, same bounds); stay exact anyway
                    out.extend(pattern.finditer(text, found.start(), w1))
                    break
                out.append(m)
                pos = m.end()
        return out


# Before trying a rule at a candidate first character, one bitmap test of the character
# before it: the guard never accepts an ASCII letter, digit, "_", "/", ".", ":", "'" or "$"
# there (most first-class characters met are inside words), and this test, unlike the
# guard's ``\w``, needs no Unicode category lookup.
_NOT_AFTER = r"(?<![A-Za-z0-9_/.:'$][\s\S])"


def lead_pattern(pattern: re.Pattern[str], first_class: str) -> re.Pattern[str]:
    """A pattern whose matches are the first characters of the matches of ``pattern``,
    for a pattern that starts with the rules' guard and whose matches always start with a
    character of the class ``first_class`` (regex source of a character class, case variants included): the
    regex engine skips to those characters with its character-set scan and tries
    ``pattern`` only there (looking back one character, then ahead)."""
    case = "(?i:" if pattern.flags & re.I else "(?:"
    return re.compile(first_class + _NOT_AFTER + r"(?<=(?=" + case + pattern.pattern + r"))[\s\S])")


def lead_matches(pattern: re.Pattern[str], lead: re.Pattern[str], text: str,
                 pos: int = 0, endpos: int | None = None) -> list[re.Match[str]]:
    """Exactly the matches of ``pattern.finditer(text, pos, endpos)``, given ``lead`` from
    :func:`lead_pattern` and a pattern that does not match the empty string. (A list, not
    a generator: most windows have no match, and a generator would cost more than the
    search.)"""
    end = len(text) if endpos is None else min(endpos, len(text))
    out: list[re.Match[str]] = []
    search = lead.search
    match = pattern.match
    while pos < end:
        found = search(text, pos, end)
        if found is None:
            break
        m = match(text, found.start(), end)
        if m is None:  # cannot happen (same pattern, same bounds); stay exact anyway
            out.extend(pattern.finditer(text, found.start(), end))
            break
        out.append(m)
        pos = m.end()
    return out


_built: list[tuple[tuple[Rule, ...], tuple[Scanner, ...]]] = []


def scanners(rules: tuple[Rule, ...]) -> tuple[Scanner, ...]:
    """One scanner per rule, built once (looked up by identity: hashing 70 rules on every
    call would cost more than the lookup saves)."""
    for known, built in _built:
        if known is rules:
            return built
    built = tuple(Scanner(r) for r in rules)
    _built.append((rules, built))
    return built


def lowered(text: str) -> str | None:
    """``text.lower()`` when it lines up character for character with what IGNORECASE
    patterns match, else None (then no window is skipped)."""
    low = text.lower()
    if len(low) != len(text) or _FOLD_SPECIAL.search(text):
        return None
    return low


def has_words(low: str, words_needed: tuple[tuple[str, ...], ...], w0: int, w1: int) -> bool:
    """True when ``low[w0:w1]`` contains one word of every set."""
    for words in words_needed:
        for word in words:
            if low.find(word, w0, w1) >= 0:
                break
        else:
            return False
    return True


def _lead(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    if not pattern.pattern.startswith(_GUARD) or pattern.flags & ~(re.I | re.U):
        return None
    try:
        first = _first_class(pattern)
        return None if first is None else lead_pattern(pattern, first)
    except re.error:
        return None


@lru_cache(maxsize=256)
def _parsed(pattern: re.Pattern[str]) -> list | None:
    """The parsed pattern (the standard library's parser; None if it cannot be read)."""
    try:
        return list(_sre_parse.parse(pattern.pattern, pattern.flags))
    except (re.error, RecursionError):
        return None


def _first_class(pattern: re.Pattern[str]) -> str | None:
    r"""A character class (regex source, for a pattern compiled without flags) holding
    every character a match of ``pattern`` can start with, or None when the pattern is
    beyond this simple analysis. Zero-width assertions are skipped (a superset is safe).

    The class lists the ASCII characters exactly (each one tried against the start
    classes, with their case-insensitivity) and lets EVERY non-ASCII character through: a
    superset (the Kelvin sign matches "k", Unicode digits match ``\d``), and non-ASCII
    characters are rare in English text. Written as a negated class of the other ASCII
    characters, it compiles to one bitmap test per character: the engine's scan for the
    first character costs least that way (no Unicode category lookup, no range list)."""
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    parts: dict[bool, list[tuple[object, object]]] = {True: [], False: []}
    nullable = _first(parsed, bool(pattern.flags & re.I), parts)
    if nullable is None or nullable or not (parts[True] or parts[False]):
        return None
    classes = []
    for icase, found in parts.items():
        items = [_class_item(op, av) for op, av in found]
        if None in items:
            return None
        if items:
            classes.append(("(?i:[" if icase else "(?-i:[") + "".join(items) + "])")  # type: ignore[arg-type]
    try:
        probe = re.compile("|".join(classes))
    except re.error:
        return None
    others = [chr(c) for c in range(128) if not probe.fullmatch(chr(c))]
    if not others:
        return r"[\s\S]"
    return "[^" + "".join(re.escape(ch) for ch in others) + "]"


def ascii_first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The ASCII characters a match of ``pattern`` can start with (any non-ASCII character
    may start one too), or None when :func:`_first_class` cannot tell: a cheap test to
    run before a pattern that rarely matches."""
    first = _first_class(pattern)
    if first is None:
        return None
    probe = re.compile(first)
    return frozenset(chr(c) for c in range(128) if probe.fullmatch(chr(c)))


def _class_item(op: object, av: object) -> str | None:
    """One item of a parsed character class, as character-class source."""
    c = _sre_constants
    if op is c.LITERAL:
        return re.escape(chr(av))  # type: ignore[arg-type]
    if op is c.RANGE:
        lo, hi = av  # type: ignore[misc]
        return re.escape(chr(lo)) + "-" + re.escape(chr(hi))
    if op is c.CATEGORY:
        return {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D", c.CATEGORY_SPACE: r"\s",
                c.CATEGORY_NOT_SPACE: r"\S", c.CATEGORY_WORD: r"\w",
                c.CATEGORY_NOT_WORD: r"\W"}.get(av)  # type: ignore[call-overload]
    return None


def _first(items: list, icase: bool, parts: dict[bool, list[tuple[object, object]]]) -> bool | None:
    """Add to ``parts`` (by case-insensitivity) the parsed items (LITERAL, RANGE or
    CATEGORY) of the characters a match of the sequence can start with; return whether
    the sequence can match the empty string (None: cannot tell)."""
    c = _sre_constants
    for op, av in items:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero width
        if op is c.LITERAL:
            parts[icase].append((op, av))
            return False
        if op is c.IN:
            if any(item_op is c.NEGATE for item_op, _ in av):
                return None
            for item_op, item_av in av:
                if item_op not in (c.LITERAL, c.RANGE, c.CATEGORY):
                    return None
                parts[icase].append((item_op, item_av))
            return False
        if op is c.BRANCH:
            any_nullable = False
            for branch in av[1]:
                nullable = _first(list(branch), icase, parts)
                if nullable is None:
                    return None
                any_nullable = any_nullable or nullable
            if not any_nullable:
                return False
            continue
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            inner_icase = (icase or bool(add_flags & re.I)) and not del_flags & re.I
            nullable = _first(list(sub), inner_icase, parts)
            if nullable is None:
                return None
            if not nullable:
                return False
            continue
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low_count, _high, sub = av
            nullable = _first(list(sub), icase, parts)
            if nullable is None:
                return None
            if low_count >= 1 and not nullable:
                return False
            continue
        return None  # ANY, NOT_LITERAL, group references, atomic groups...: not analysed
    return True


def _words(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """Up to two sets of words, each with one member in every match (lowercase)."""
    parsed = _parsed(pattern)
    if parsed is None:
        return ()
    found = [words for words in _required(parsed)
             if len(words) <= _MAX_ALTERNATIVES and all(w.isascii() for w in words)
             # one letter is found everywhere; one digit or sign is still selective
             and (min(map(len, words)) >= 2 or not any(w.isalpha() for w in words))]
    found.sort(key=lambda words: (min(map(len, words)), -len(words)), reverse=True)
    unique = list(dict.fromkeys(found))
    return tuple(unique[:_MAX_NEEDS])


def _required(items: list) -> list[tuple[str, ...]]:
    """Literals that every match of the parsed sequence ``items`` consumes, as sets of
    alternatives. Conservative: anything it does not understand requires nothing."""
    c = _sre_constants
    out: list[tuple[str, ...]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(("".join(run),))
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av).lower())
            continue
        flush()
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if not add_flags and not del_flags:
                out.extend(_required(list(sub)))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low_count, _high, sub = av
            if low_count >= 1:
                out.extend(_required(list(sub)))
        elif op is c.BRANCH:
            alternatives: list[str] = []
            for branch in av[1]:
                inner = _required(list(branch))
                if not inner:
                    break
                best = max(inner, key=lambda words: (min(map(len, words)), -len(words)))
                alternatives.extend(best)
            else:
                out.append(tuple(sorted(set(alternatives))))
    flush()
    return out

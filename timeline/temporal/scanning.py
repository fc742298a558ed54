"""How the tagger runs a rule's pattern over a search window, fast and with exactly the
matches of ``rule.pattern.finditer(text, w0, w1)``.

Two things make the plain ``finditer`` slow: Python's regex engine tries the pattern at
every character of the window, and most rules are tried in windows where they cannot
match. So, for each rule:

* ``words``: words the pattern cannot match without (read off the parsed pattern: a
  literal that every match consumes, or one of the literals of an alternation that every
  match goes through: "ago|later|earlier"). A window that contains none of them is
  skipped after a ``str.find`` on the lowercased text.
* ``lead``: every rule pattern starts with the same guard (no match starts inside a word,
  number or path: see ``rules.rule``), so the character before a match is never a word
  character. The lead pattern consumes that character and looks ahead for the rule; the
  regex engine skips to candidate characters with its character-set prefix scan instead
  of running the guard at every position; a class of the characters a match can start
  with (read off the parsed pattern) rejects most of those positions before the rule is
  tried. The rule is then matched once at the start found.

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
_LEAD_CHAR = r"[^\w/.:'$£€]"  # every character the guard accepts before a match start

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
        """The pattern finding the character before each match (None: plain search)."""
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
        One call per rule and document: the loop over windows stays out of the caller."""
        if self._words is not None:
            words = self._words if low is not None else ()
        else:
            self._windows_seen += len(windows)
            if self._windows_seen >= _WINDOWS_BEFORE_WORDS:
                self._words = _words(self.rule.pattern)
            words = ()
        pattern = self.rule.pattern
        lead = self._lead
        out: list[re.Match[str]] = []
        for w0, w1 in windows:
            if words and not has_words(low, words, w0, w1):  # (words only when low is set)
                continue
            if lead is _UNSET:
                lead = self.lead
            if lead is None:
                out.extend(pattern.finditer(text, w0, w1))
                continue
            out.extend(lead_matches(pattern, lead, text, w0, w1))
        return out


def lead_pattern(pattern: re.Pattern[str], lead_char: str) -> re.Pattern[str]:
    """A pattern that finds the character before each match of ``pattern``, for a pattern
    whose matches always follow a character of the class ``lead_char`` (or start the
    text): the regex engine skips to those characters with its character-set scan."""
    case = "(?i:" if pattern.flags & re.I else "(?:"
    return re.compile(lead_char + "(?=" + case + pattern.pattern + "))")


def lead_matches(pattern: re.Pattern[str], lead: re.Pattern[str], text: str,
                 pos: int = 0, endpos: int | None = None) -> list[re.Match[str]]:
    """Exactly the matches of ``pattern.finditer(text, pos, endpos)``, given ``lead`` from
    :func:`lead_pattern` and a pattern that never matches after a character outside the
    lead class nor matches the empty string. (A list, not a generator: most windows have
    no match, and a generator would cost more than the search.)"""
    end = len(text) if endpos is None else min(endpos, len(text))
    out: list[re.Match[str]] = []
    if pos == 0:  # a match at the very start has no character before it
        m = pattern.match(text, 0, end)
        if m is not None:
            out.append(m)
            pos = m.end()
    while pos < end:
        found = lead.search(text, pos - 1, end)
        if found is None:
            break
        m = pattern.match(text, found.end(), end)
        if m is None:  # cannot happen (same pattern, same bounds); stay exact anyway
            out.extend(pattern.finditer(text, found.end(), end))
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
        gate = _first_chars(pattern)
        # After the lead character, one character class rejects most positions before the
        # whole pattern is tried there.
        return lead_pattern(pattern, _LEAD_CHAR + (f"(?={gate})" if gate else ""))
    except re.error:
        return None


@lru_cache(maxsize=256)
def _parsed(pattern: re.Pattern[str]) -> list | None:
    """The parsed pattern (the standard library's parser; None if it cannot be read)."""
    try:
        return list(_sre_parse.parse(pattern.pattern, pattern.flags))
    except (re.error, RecursionError):
        return None


def _first_chars(pattern: re.Pattern[str]) -> str | None:
    """A regex (one or two character classes) matching every character a match of
    ``pattern`` can start with, or None when the pattern is beyond this simple analysis.
    Zero-width assertions are skipped (a superset is safe); case-insensitive parts keep
    their flag, so the class folds case exactly as the pattern does."""
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    parts: dict[bool, list[str]] = {True: [], False: []}
    nullable = _first(parsed, bool(pattern.flags & re.I), parts)
    if nullable is None or nullable or not (parts[True] or parts[False]):
        return None
    classes = [("(?i:[" if icase else "(?-i:[") + "".join(sorted(set(items))) + "])"
               for icase, items in parts.items() if items]
    return classes[0] if len(classes) == 1 else "(?:" + "|".join(classes) + ")"


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


def _first(items: list, icase: bool, parts: dict[bool, list[str]]) -> bool | None:
    """Add to ``parts`` the characters a match of the sequence can start with; return
    whether the sequence can match the empty string (None: cannot tell)."""
    c = _sre_constants
    for op, av in items:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero width
        if op is c.LITERAL:
            parts[icase].append(re.escape(chr(av)))
            return False
        if op is c.IN:
            if any(item_op is c.NEGATE for item_op, _ in av):
                return None
            for item_op, item_av in av:
                item = _class_item(item_op, item_av)
                if item is None:
                    return None
                parts[icase].append(item)
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

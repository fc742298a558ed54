"""Plain-text bodies: line endings, stray control characters, and tokenized corpora.

Research corpora (Timeline17, many TREC/LDC sets) ship news already split into Penn
Treebank tokens: ``BP 's neck``, ``-LRB- # 346m -RRB-``, ```` `` keep our boot '' ````.
Tagging and reading that is worse than reading the article as printed, so text that is
clearly tokenized this way is turned back into ordinary prose. The test is strict (most
commas and full stops preceded by a space, plus Treebank-only tokens), so ordinary prose is
never touched.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_PTB_MARKERS = re.compile(r"-LRB-|-RRB-|-LSB-|-RSB-|-LCB-|-RCB-|``| ''| n't\b| 's\b")
_SPACED_PUNCT = re.compile(r" [,.](?= |$)", re.M)
_ALL_PUNCT = re.compile(r"[,.](?= |$)", re.M)

_BRACKETS = {
    "-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
}
_BRACKET_TOKEN = re.compile(r"-(?:LRB|RRB|LSB|RSB|LCB|RCB)-")
# Applied to the whole text in order; "[ \t]" rather than "\s" so that line breaks stay.
_DETOK_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"``[ \t]*"), "\u201c"),
    (re.compile(r"[ \t]*''"), "\u201d"),
    (re.compile(r"(?:(?<=[ \t])|^)`[ \t]*", re.M), "\u2018"),
    (re.compile(r"([(\[{])[ \t]+"), r"\1"),
    (re.compile(r"[ \t]+([)\]}])"), r"\1"),
    (re.compile(r"[ \t]+([,.;:?!%])(?=[ \t]|$|[\u201d'\")\]])", re.M), r"\1"),
    (re.compile(r"[ \t]+(n't|'s|'re|'ve|'ll|'d|'m|')(?=[ \t]|$|[,.;:?!\u201d])", re.M | re.I),
     r"\1"),
    (re.compile(r"([$\u00a3\u20ac#])[ \t]+(?=\d)"), r"\1"),
    (re.compile(r"#(?=\d)"), "\u00a3"),  # Treebank writes the pound sign as '#'
    (re.compile(r"(?<=[ \t])'[ \t]+(?=\w)"), "\u2018"),
    (re.compile(r" {2,}"), " "),
    (re.compile(r"^[ \t]+|[ \t]+$", re.M), ""),
]


def normalize_newlines(text: str) -> str:
    """CRLF/CR to LF, form feeds and other control characters to spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", text)


def looks_treebank_tokenized(text: str) -> bool:
    """True when the text is Penn-Treebank tokenized news (see module docstring)."""
    sample = text[:20000]
    punct = len(_ALL_PUNCT.findall(sample))
    if punct < 3:
        return False
    spaced = len(_SPACED_PUNCT.findall(sample))
    if spaced / punct < 0.8:
        return False
    # Prose never spaces most of its commas and full stops; Treebank-only tokens settle
    # a short text.
    return spaced >= 6 or bool(_PTB_MARKERS.search(sample))


def detokenize_treebank(text: str) -> str:
    """Undo Penn Treebank tokenization (line breaks are kept)."""
    text = _BRACKET_TOKEN.sub(lambda m: _BRACKETS[m.group(0)], text)
    for pattern, replacement in _DETOK_RULES:
        text = pattern.sub(replacement, text)
    return text

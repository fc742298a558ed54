"""Precision traps: things that look like time expressions but are not, checked on every
candidate before it is kept: model names (B-2, F-16, Boeing 747), phone numbers, scores
(won 3-1), running times ("01:22 - Source"), and bare numbers that are counts."""

from __future__ import annotations

import re

from timeline.temporal.spec import Spec

_MODEL_BEFORE = re.compile(r"(?:\b[A-Z]{1,3}-|\b(?:Boeing|Airbus|MiG|Tupolev|Ilyushin|Antonov|Sukhoi)[\s-]?)$")
_PHONE = re.compile(r"\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}|\+\d[\d\s().-]{7,}\d")
_SCORE_BEFORE = re.compile(r"\b(?:won|lost|beat|beaten|defeated|drew|tied|led|leads|score|scored|trailing|victory|win|loss|defeat)\s+(?:\w+\s+)?$", re.I)
# A clock-like number followed by a dash and a source line is a video running time.
_RUNNING_TIME_AFTER = re.compile(r"\s*[-–—|]\s*(?:Source|Video|Watch|Play|Duration)\b", re.I)


_ASCII_DIGIT = re.compile(r"[0-9]")


def is_trap(text: str, start: int, end: int, spec: Spec) -> bool:
    """True when the candidate text[start:end] must not be tagged."""
    span = text[start:end]
    # Every trap is a span with a digit: decide that first, without a loop in Python for
    # ASCII spans (there str.isdigit is exactly 0-9).
    if span.isascii():
        has_digit = _ASCII_DIGIT.search(span) is not None
    else:
        has_digit = any(c.isdigit() for c in span)
    if not has_digit:
        return False
    before = text[max(0, start - 12):start]
    after = text[end:end + 16]
    if span[:1].isdigit() and _MODEL_BEFORE.search(before):
        return True  # B-2, F-16, Boeing 747
    if _RUNNING_TIME_AFTER.match(after):
        return True
    if spec.type in ("DATE", "TIME") and re.fullmatch(r"[\d\s:.-]+", span):
        # Look at a bounded window only: a phone number is short, and long lines must not
        # make this check quadratic.
        w0 = max(text.rfind("\n", max(0, start - 24), start) + 1, start - 24)
        window = text[w0:end + 24]
        for pm in _PHONE.finditer(window):
            if pm.start() <= start - w0 < pm.end():
                return True
        if re.match(r"\s*[-–]\s*\d{1,2}\b", after) and _SCORE_BEFORE.search(before):
            return True
    return False

"""The value the temporal tagger produces: one TIMEX3 expression with its span."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")

# Granularities of a normalized value, coarse to fine. "ref" is PRESENT_REF/PAST_REF/
# FUTURE_REF; durations and sets carry the granularity of their unit.
GRANULARITIES = (
    "millennium", "century", "decade", "year", "half", "quarter", "season", "month",
    "week", "weekend", "day", "part-of-day", "hour", "minute", "second", "ref", "unknown",
)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a value was chosen: shown by ``timeline explain`` and the review mode."""

    rule: str  # name of the rule that matched, e.g. "month_name_without_year"
    anchor: str | None = None  # ISO date the expression was resolved against, if any
    anchor_kind: str = "none"  # "none" (absolute) | "publication" | "mention"
    tense: str | None = None  # "past" | "present" | "future" | None: the tense cue seen
    tense_cue: str | None = None  # the word(s) that gave the tense, e.g. "will", "was"
    direction: str | None = None  # "back" | "forward" | "nearest" | None
    year_inferred: bool = False  # True when the year was not written in the text


@dataclass(frozen=True, slots=True)
class Timex:
    """A time expression found in text, normalized to a TIMEX3 value.

    ``start``/``end`` are character offsets into the text that was tagged
    (``text[start:end] == self.text``).
    """

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value: 2017-09-22, 2016-12, P5M, XXXX-WXX-2, PRESENT_REF ...
    granularity: str = "unknown"
    mod: str | None = None  # START | MID | END | APPROX | LESS_THAN | MORE_THAN | ...
    explanation: Explanation | None = field(default=None, compare=False)

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        """JSON-ready dict with the contract keys (``start end text type value`` [mod])."""
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
        }
        if self.mod:
            out["mod"] = self.mod
        out["granularity"] = self.granularity
        if explain and self.explanation is not None:
            out["explanation"] = asdict(self.explanation)
        return out

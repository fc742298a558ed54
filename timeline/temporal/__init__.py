"""Temporal tagger: find time expressions in English text and normalize them to TIMEX3.

Public API::

    from timeline.temporal import tag, normalize
    tag(text, published=date(2017, 9, 24), mode="news") -> list[Timex]
    normalize("next Friday", published=date(2017, 9, 24)) -> Timex | None
"""

from timeline.temporal.timex import Explanation, Timex

__all__ = ["Explanation", "Timex", "tag", "normalize", "TAGGER_VERSION"]

from timeline.temporal.tagger import TAGGER_VERSION, normalize, tag  # noqa: E402

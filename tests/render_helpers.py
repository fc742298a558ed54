"""Events written by hand for the render tests (no tagger needed)."""

from __future__ import annotations

from datetime import date

from timeline.events.model import Event, SourceRef

GAZETTE = SourceRef("a.md", "Bridge closed", "Ellery Gazette",
                    "https://gazette.example.org/a", "2024-03-04")
RADIO = SourceRef("b.html", "Council votes", "Harbour Radio",
                  "https://radio.example.org/b", "2024-03-13")
NO_URL = SourceRef("c.txt", "A letter", None, None, None)


def ev(id: str, value: str, gran: str, start: date, end: date, text: str,
       expression: str | None = None, **kw) -> Event:
    highlight = None
    if expression is not None:
        i = text.index(expression)
        highlight = (i, i + len(expression))
    kw.setdefault("sources", (GAZETTE,))
    return Event(id=id, date=value, type=kw.pop("type", "DATE"), granularity=gran,
                 start=start, end=end, text=text, highlight=highlight,
                 expression=expression, **kw)


def sample_events() -> list[Event]:
    return [
        ev("d1", "2024-03-02", "day", date(2024, 3, 2), date(2024, 3, 2),
           "The bridge was closed on Saturday after inspectors found cracks.", "Saturday",
           sources=(GAZETTE, RADIO), tags=("bridge", "transport")),
        ev("m1", "1962-05", "month", date(1962, 5, 1), date(1962, 5, 31),
           "The bridge opened in May 1962.", "May 1962", tags=("bridge",)),
        ev("y1", "2025", "year", date(2025, 1, 1), date(2025, 12, 31),
           "The new bridge should open in 2025.", "2025", mod="END", sources=(RADIO,)),
        ev("s1", "2025-FA", "season", date(2025, 9, 1), date(2025, 11, 30),
           "The council hopes to open it in the autumn of 2025.", "the autumn of 2025",
           sources=(RADIO, NO_URL)),
        ev("t1", "2025-10-18T10:30", "minute", date(2025, 10, 18), date(2025, 10, 18),
           "The mayor cut the ribbon at 10:30 a.m. on October 18, 2025.",
           "10:30 a.m. on October 18, 2025", type="TIME", tags=("ferry",)),
        ev("q1", "2025-Q2", "quarter", date(2025, 4, 1), date(2025, 6, 30),
           "The deck was lifted in the second quarter of 2025.", "the second quarter of 2025"),
    ]

"""Events written by hand for the embed tests (fragment, SVG, MkDocs, browser).

They stand in for the pipeline's output so these tests exercise rendering alone; the
end-to-end tests build real articles instead.
"""

from __future__ import annotations

from datetime import date, timedelta

from timeline.events.model import Event, SourceRef


def make_event(
    n: int, value: str, granularity: str, start: date, end: date, text: str, *,
    type: str = "DATE", key: bool = False, mod: str | None = None,
    tags: tuple[str, ...] = (), url: str | None = None, expression: str | None = None,
) -> Event:
    highlight = None
    if expression and expression in text:
        at = text.index(expression)
        highlight = (at, at + len(expression))
    return Event(
        id=f"ev{n:04d}", date=value, type=type, granularity=granularity, start=start, end=end,
        text=text, highlight=highlight, expression=expression, mod=mod,
        sources=(SourceRef(document=f"articles/report-{n}.md", title=f"Report {n}",
                           source="Desk", url=url or f"https://news.example.org/{n}",
                           published="2017-09-24"),),
        tags=tags, key=key,
    )


def story() -> list[Event]:
    """Seven events of one made-up story, with coarse dates, a time and key dates."""
    return [
        make_event(1, "2015", "year", date(2015, 1, 1), date(2015, 12, 31),
                   "Armed groups took the harbour town of Velmora in 2015.",
                   tags=("velmora",), expression="2015"),
        make_event(2, "2016-12", "month", date(2016, 12, 1), date(2016, 12, 31),
                   "Militia forces retook Velmora in December 2016 after a long siege.",
                   tags=("velmora",), expression="December 2016"),
        make_event(3, "2017-01-19", "day", date(2017, 1, 19), date(2017, 1, 19),
                   "The last air raid of the old mandate came on January 19.",
                   key=True, tags=("velmora", "air"), expression="January 19"),
        make_event(4, "2017-04", "month", date(2017, 4, 1), date(2017, 4, 30),
                   "Commanders warned in April that fighters were regrouping in the desert.",
                   tags=("air",), expression="April"),
        make_event(5, "2017-09", "month", date(2017, 9, 1), date(2017, 9, 30),
                   "An envoy described the camps in a speech early in September.",
                   mod="START", expression="early in September"),
        make_event(6, "2017-09-22", "day", date(2017, 9, 22), date(2017, 9, 22),
                   "Six guided strikes hit a desert camp on Friday.",
                   key=True, tags=("air",), expression="Friday"),
        make_event(7, "2017-09-22T15:30", "minute", date(2017, 9, 22), date(2017, 9, 22),
                   "Officials briefed reporters at 3:30 p.m. <script>alert(1)</script> & more.",
                   type="TIME", expression="3:30 p.m."),
    ]


def many(count: int = 500, *, step_days: int = 9, first: date = date(2010, 1, 4)) -> list[Event]:
    """``count`` day events, ``step_days`` apart, with news-length sentences."""
    out = []
    for i in range(count):
        day = first + timedelta(days=i * step_days)
        out.append(make_event(
            i, day.isoformat(), "day", day, day,
            f"Item {i}: the council met on {day:%d %B %Y} and voted on the harbour budget, "
            f"the ferry contract and the schools plan after a long debate.",
            tags=(f"topic-{i % 5}",), expression=f"{day:%d %B %Y}"))
    return out

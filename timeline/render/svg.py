"""The timeline as one standalone SVG picture, for reports that cannot take HTML.

Layout: a horizontal date axis at the top whose ticks (decades, years, months or days)
follow the span of the events, light grid lines through the chart, and one row ("lane")
per stack level. Where decades of nothing separate background events from the story, the
axis is broken (marked) and each stretch gets width by how many events it holds. Each
event sits at its date: a day as a dot, a time of day as a diamond, a coarse date (month,
year, season...) as a hatched bar covering its whole period ("early 2016" its first
third), so a year is never drawn as a fake day. Events that share a date value are one
mark listing their headlines. A label (short date, then headline) is written under its
marker; labels that would collide go to the next free lane.

Everything is told by shape and pattern, not colour, so a black-and-white print reads the
same. No fonts, images or styles are referenced from outside the file, the picture carries
``<title>``/``<desc>`` (the desc lists every event, for screen readers), and the output is
deterministic: same events, same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

from timeline.events.model import Event

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SEASONS = {"SP": "Spring", "SU": "Summer", "FA": "Autumn", "WI": "Winter"}
_MOD_PREFIX = {
    "START": "early ",
    "MID": "mid-",
    "END": "late ",
    "APPROX": "about ",
    "BEFORE": "before ",
    "AFTER": "after ",
    "ON_OR_BEFORE": "by ",
    "ON_OR_AFTER": "from ",
    "LESS_THAN": "less than ",
    "MORE_THAN": "more than ",
}
# Characters XML 1.0 forbids; article text may carry them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
FONT_SIZE = 12
LANE_HEIGHT = 36
MARGIN = 24
AXIS_HEIGHT = 34
HEADER_HEIGHT = 52
LEGEND_HEIGHT = 40
LABEL_GAP = 14  # horizontal room kept between two labels on one lane


@dataclass(frozen=True)
class SvgOptions:
    """How the picture is drawn; the defaults suit an A4/letter page at full width."""

    title: str = "Timeline"
    description: str = ""
    width: int = 1200
    max_label_chars: int = 60


def render_svg(
    events: Sequence[Event],
    *,
    title: str = "Timeline",
    description: str = "",
    width: int = 1200,
    max_label_chars: int = 60,
) -> str:
    """The events as a standalone SVG document (a string ending in a newline)."""
    options = SvgOptions(title=title, description=description, width=max(width, 480),
                         max_label_chars=max(max_label_chars, 12))
    return _Drawing(sorted(events, key=lambda e: e.sort_key), options).render()


# ---------------------------------------------------------------------------------------
# Labels


def short_date_label(event: Event) -> str:
    """A compact label at the event's own granularity: '22 Sep 2017', 'Dec 2016', '2015'."""
    value, start = event.date, event.start
    gran = event.granularity
    if gran in ("hour", "minute", "second", "part-of-day") and "T" in value:
        label = f"{start.day} {_MONTHS[start.month - 1]} {start.year}, {_time_part(value)}"
    elif gran == "day":
        label = f"{start.day} {_MONTHS[start.month - 1]} {start.year}"
    elif gran == "month":
        label = f"{_MONTHS[start.month - 1]} {start.year}"
    elif gran in ("week", "weekend"):
        match = re.match(r"(\d{4})-W(\d{2})", value)
        label = f"Week {int(match.group(2))}, {match.group(1)}" if match else _range(event)
        if gran == "weekend" and match:
            label = "Weekend of " + label
    elif gran == "season":
        match = re.match(r"(\d{4})-(SP|SU|FA|WI)", value)
        label = f"{_SEASONS[match.group(2)]} {match.group(1)}" if match else _range(event)
    elif gran == "quarter":
        match = re.match(r"(\d{4})-Q(\d)", value)
        label = f"Q{match.group(2)} {match.group(1)}" if match else _range(event)
    elif gran == "half":
        match = re.match(r"(\d{4})-H(\d)", value)
        label = f"H{match.group(2)} {match.group(1)}" if match else _range(event)
    elif gran == "year":
        label = str(start.year)
    elif gran == "decade":
        label = f"{start.year}s"
    elif gran == "century":
        label = f"{start.year}s" if start.year % 100 == 0 else _range(event)
    else:
        label = _range(event)
    return _MOD_PREFIX.get(event.mod or "", "") + label


def _time_part(value: str) -> str:
    time = value.split("T", 1)[1]
    match = re.match(r"(\d{2}):(\d{2})", time)
    if match:
        return f"{match.group(1)}:{match.group(2)}"
    return {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night"}.get(time[:2], time)


def _range(event: Event) -> str:
    if event.start == event.end:
        s = event.start
        return f"{s.day} {_MONTHS[s.month - 1]} {s.year}"
    return f"{_day(event.start)} – {_day(event.end)}"


def _day(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _truncate(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


_NARROW = set("ijlI.,;:!|'`()[]{} ft")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """Estimated rendered width in px of ``text`` in a common sans-serif font.

    Rough per-character classes are enough to keep labels apart; a generous factor covers
    fonts that run wider than the estimate.
    """
    units = 0.0
    for ch in text:
        if ch in _NARROW:
            units += 0.34
        elif ch in _WIDE:
            units += 0.95
        elif ch.isupper() or ch.isdigit():
            units += 0.7
        else:
            units += 0.61
    return units * size * (1.14 if bold else 1.0)


def _x(value: str) -> str:
    """Escape text for XML, dropping characters XML cannot hold."""
    return escape(_XML_INVALID.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_XML_INVALID.sub("", value))


def _f(number: float) -> str:
    """Fixed formatting so the output is byte-stable across platforms."""
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text


# ---------------------------------------------------------------------------------------
# Axis


@dataclass(frozen=True)
class Tick:
    day: date
    label: str
    major: bool


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    year = min(max(year, 1), 9999)
    return date(year, month + 1, 1)


def axis_ticks(first: date, last: date) -> tuple[date, date, list[Tick]]:
    """Domain (start, end exclusive) and ticks for events spanning ``first``..``last``.

    The unit follows the span: decades or years for long stories, months for a year or
    two, days for a few weeks, with about a dozen labelled ticks at most.
    """
    span = (last - first).days + 1
    ticks: list[Tick] = []
    if span > 3 * 366:
        years = last.year - first.year + 1
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2500)
                    if years / s <= 12)
        y0 = max(1, first.year - first.year % step)
        y1 = min(9999, last.year + 1 + (-(last.year + 1)) % step)
        if y1 <= y0:
            y1 = min(9999, y0 + step)
        start, end = date(y0, 1, 1), date(y1, 1, 1) if y1 <= 9999 else date(9999, 12, 31)
        for year in range(y0, y1 + 1, step):
            if year <= 9999:
                ticks.append(Tick(date(year, 1, 1), str(year), True))
        if step == 1 and years <= 6:
            for year in range(y0, y1):
                for month in (4, 7, 10):
                    ticks.append(Tick(date(year, month, 1), "", False))
        return start, end, sorted(ticks, key=lambda t: (t.day, not t.major))
    if span > 62:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        step = next(s for s in (1, 2, 3, 6) if months / s <= 13)
        start = date(first.year, first.month - (first.month - 1) % step, 1)
        end = _add_months(date(last.year, last.month, 1), 1)
        while ((end.year - start.year) * 12 + end.month - start.month) % step:
            end = _add_months(end, 1)
        current, previous_year = start, None
        while current <= end:
            name = _MONTHS[current.month - 1]
            label = f"{name} {current.year}" if current.year != previous_year else name
            ticks.append(Tick(current, label, True))
            previous_year = current.year
            current = _add_months(current, step)
        return start, end, ticks
    # A few weeks or less: days, with at least a week of room so one date is not a wall.
    if span < 7:
        pad = (7 - span) // 2
        first = first - timedelta(days=pad)
        last = first + timedelta(days=6)
    span = (last - first).days + 1
    step = next(s for s in (1, 2, 7, 14) if span / s <= 14)
    start = first
    if step == 7:  # weeks start on Monday
        start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=1)
    current, previous = start, None
    while current <= end:
        label = f"{current.day} {_MONTHS[current.month - 1]}"
        if previous is None or current.year != previous.year:
            label += f" {current.year}"
        ticks.append(Tick(current, label, True))
        previous = current
        current = current + timedelta(days=step)
    end = max(end, ticks[-1].day)
    return start, end, ticks


# ---------------------------------------------------------------------------------------
# Drawing


MAX_GROUP_LINES = 3  # headlines listed under a date shared by several events
LINE_HEIGHT = 16


@dataclass
class _Placed:
    """One mark on the chart: an event, or several that share the same date value."""

    events: list[Event]
    x0: float
    x1: float
    label_x: float
    date_label: str
    text: str  # first line after the date label
    more: list[str]  # further lines (the other headlines of a group)
    width: float
    lane: int = 0

    @property
    def event(self) -> Event:
        return self.events[0]

    @property
    def key(self) -> bool:
        return any(e.key for e in self.events)


def _group(events: list[Event]) -> list[list[Event]]:
    """Events with the same date value (and mod) become one mark: a year told by thirty
    sentences is one bar, not thirty lanes. Key dates come first within a group."""
    by_value: dict[tuple[str, str | None], list[Event]] = {}
    for event in events:  # in chronological order, so groups are too
        by_value.setdefault((event.date, event.mod), []).append(event)
    return [sorted(g, key=lambda e: (not e.key, e.sort_key)) for g in by_value.values()]


def _headline(event: Event) -> str:
    return " ".join((event.headline or event.text).split())


BREAK_WIDTH = 28  # px of the gap drawn for an axis break
BREAK_SHARE = 0.25  # an empty stretch longer than this share of the whole span is cut out
MIN_SEGMENT_SHARE = 0.12  # the least width a cluster of events gets


def axis_segments(periods: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """The stretches of time the axis shows: the events' periods, merged, split where an
    empty stretch longer than a quarter of the whole span (and two years) separates them,
    at most twice. A story whose background reaches back decades keeps its recent months
    readable instead of squeezing them into a sliver."""
    merged: list[list[date]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    total = (merged[-1][1] - merged[0][0]).days
    gaps = [((merged[i + 1][0] - merged[i][1]).days, i) for i in range(len(merged) - 1)]
    cuts = sorted(i for days, i in sorted(gaps, reverse=True)[:2]
                  if days > BREAK_SHARE * total and days > 730)
    segments: list[tuple[date, date]] = []
    begin = 0
    for cut in cuts + [len(merged) - 1]:
        segments.append((merged[begin][0], max(m[1] for m in merged[begin:cut + 1])))
        begin = cut + 1
    return segments


class _Scale:
    """Dates to x: linear within each segment, segments side by side with breaks."""

    def __init__(self, domains: list[tuple[date, date]], spans: list[tuple[float, float]],
                 ticks: list[Tick]):
        self.domains = domains  # (first day, day after the last) per segment
        self.spans = spans  # (x left, x right) per segment
        self.ticks = ticks

    @classmethod
    def for_periods(cls, periods: list[tuple[date, date]], left: float, right: float) -> _Scale:
        segments = axis_segments(periods)
        domains, ticks = [], []
        for first, last in segments:
            start, end, seg_ticks = axis_ticks(first, last)
            domains.append((start, end))
            ticks.extend(seg_ticks)
        room = right - left - BREAK_WIDTH * (len(domains) - 1)
        if len(domains) == 1:
            weights = [1.0]
        else:
            # Width follows where the events are, not how long each stretch lasts: a lone
            # decade of background must not take the room of the story's busy months.
            weights = [float(sum(1 for p_start, _ in periods if first <= p_start <= last))
                       for first, last in segments]
        shares = [max(w / sum(weights), MIN_SEGMENT_SHARE) for w in weights]
        shares = [share / sum(shares) for share in shares]
        spans, x = [], left
        for share in shares:
            spans.append((x, x + share * room))
            x += share * room + BREAK_WIDTH
        return cls(domains, spans, ticks)

    def x(self, day: date) -> float:
        for (start, end), (x0, x1) in zip(self.domains, self.spans, strict=True):
            if day <= end or (start, end) == self.domains[-1]:
                day = max(day, start)
                return x0 + (day - start).days / max((end - start).days, 1) * (x1 - x0)
        return self.spans[-1][1]  # pragma: no cover - the loop always returns


class _Drawing:
    def __init__(self, events: list[Event], options: SvgOptions):
        self.events = events
        self.options = options
        self.width = options.width
        self.left = MARGIN
        self.right = options.width - MARGIN

    def render(self) -> str:
        if not self.events:
            return self._document([], [], None, [], empty=True)
        first = min(e.start for e in self.events)
        last = max(e.end for e in self.events)
        scale = _Scale.for_periods([(e.start, e.end) for e in self.events], self.left,
                                   self.right)
        placed = [self._place(group, scale.x) for group in _group(self.events)]
        lanes = self._stack(placed)
        self.scale = scale
        return self._document(placed, scale.ticks, scale.x, lanes, first=first, last=last)

    def _place(self, group: list[Event], x_of) -> _Placed:
        event = group[0]
        start, end = _drawn_period(event)
        x0 = x_of(start)
        if event.end > event.start or event.granularity not in _POINT_GRANULARITIES:
            x1 = max(x_of(end + timedelta(days=1)), x0 + 4)
        else:
            x1 = x0
        date_label = short_date_label(event)
        limit = self.options.max_label_chars
        max_width = self.right - self.left
        if len(group) == 1:
            text = _truncate(_headline(event), max(limit - len(date_label) - 3, 12))
            while (self._label_width(date_label, text, event.key) > max_width
                   and len(text) > 12):
                text = _truncate(text, len(text) - 8)
            more: list[str] = []
        else:
            text = f"{len(group)} events"
            shown = group if len(group) <= MAX_GROUP_LINES else group[:MAX_GROUP_LINES - 1]
            more = ["• " + _truncate(_headline(e), limit) for e in shown]
            if len(shown) < len(group):
                more.append(f"… and {len(group) - len(shown)} more")
        width = max([self._label_width(date_label, text, event.key)]
                    + [text_width(line) for line in more])
        width = min(width, max_width)
        label_x = min(x0 - (0 if x1 > x0 else 5), self.right - width)
        label_x = max(label_x, self.left)
        return _Placed(group, x0, x1, label_x, date_label, text, more, width)

    @staticmethod
    def _label_width(date_label: str, text: str, bold: bool = False) -> float:
        return text_width(date_label, bold=True) + text_width("  " + text, bold=bold)

    def _stack(self, placed: list[_Placed]) -> list[int]:
        """First-fit lanes; returns the number of text lines each lane needs."""
        lane_ends: list[float] = []
        lane_lines: list[int] = []
        for item in placed:
            lo = min(item.x0 - 6, item.label_x)
            hi = max(item.x1 + 6, item.label_x + item.width)
            lines = 1 + len(item.more)
            for index, end in enumerate(lane_ends):
                if end + LABEL_GAP <= lo:
                    item.lane = index
                    lane_ends[index] = hi
                    lane_lines[index] = max(lane_lines[index], lines)
                    break
            else:
                item.lane = len(lane_ends)
                lane_ends.append(hi)
                lane_lines.append(lines)
        return lane_lines

    def _document(self, placed, ticks, x_of, lane_lines, *, first=None, last=None,
                  empty=False) -> str:
        o = self.options
        top_axis = HEADER_HEIGHT
        chart_top = top_axis + AXIS_HEIGHT
        tops = []
        y = chart_top
        for lines in lane_lines:
            tops.append(y)
            y += LANE_HEIGHT + (lines - 1) * LINE_HEIGHT
        chart_bottom = (y if lane_lines else chart_top + LANE_HEIGHT) + 6
        height = chart_bottom + LEGEND_HEIGHT + MARGIN // 2
        count = sum(len(p.events) for p in placed)
        if empty:
            summary = "No events."
        else:
            span = (_range_label(first, last))
            summary = f"{count} event{'s' if count != 1 else ''}, {span}."
        desc_lines = [o.description.strip()] if o.description.strip() else []
        desc_lines.append(f"Timeline of {summary}")
        desc_lines += [f"{p.date_label}: {_headline(e)}" for p in placed for e in p.events]
        out: list[str] = []
        w = out.append
        w('<?xml version="1.0" encoding="UTF-8"?>')
        w(f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{self.width}" '
          f'height="{height}" viewBox="0 0 {self.width} {height}" role="img" '
          f'aria-labelledby="tl-svg-title tl-svg-desc" font-family={_attr(FONT)} '
          f'font-size="{FONT_SIZE}">')
        w(f'<title id="tl-svg-title">{_x(o.title)}</title>')
        w(f'<desc id="tl-svg-desc">{_x(chr(10).join(desc_lines))}</desc>')
        w("<defs>")
        # Diagonal hatching: a coarse period reads as a period even in black and white.
        w('<pattern id="tl-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
          'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
          '<line x1="0" y1="0" x2="0" y2="6" stroke="#222222" stroke-width="2"/></pattern>')
        w("</defs>")
        w(f'<rect width="{self.width}" height="{height}" fill="#ffffff"/>')
        w(f'<text x="{self.left}" y="26" font-size="18" font-weight="bold" '
          f'fill="#000000">{_x(o.title)}</text>')
        w(f'<text x="{self.left}" y="44" fill="#444444">{_x(summary)}</text>')
        if not empty:
            self._axis(w, ticks, x_of, top_axis, chart_top, chart_bottom)
            for item in placed:
                self._event(w, item, tops[item.lane])
        self._legend(w, chart_bottom + 12)
        w("</svg>")
        return "\n".join(out) + "\n"

    def _axis(self, w, ticks: list[Tick], x_of, top: int, chart_top: int, bottom: int) -> None:
        w('<g class="axis">')
        axis_y = chart_top - 6
        spans = self.scale.spans
        for x0, x1 in spans:
            w(f'<line x1="{_f(x0)}" y1="{axis_y}" x2="{_f(x1)}" y2="{axis_y}" '
              'stroke="#000000" stroke-width="1.5"/>')
        for (_a, x1), (x2, _b) in zip(spans, spans[1:], strict=False):
            # An axis break: the empty years between two clusters are left out.
            mid = (x1 + x2) / 2
            for dx in (-4, 4):
                w(f'<line x1="{_f(mid + dx - 4)}" y1="{axis_y + 7}" x2="{_f(mid + dx + 4)}" '
                  f'y2="{axis_y - 7}" stroke="#000000" stroke-width="1.5"/>')
            w(f'<rect x="{_f(x1 + 2)}" y="{axis_y + 4}" width="{_f(max(x2 - x1 - 4, 0))}" '
              f'height="{bottom - axis_y - 4}" fill="#f2f2f2"/>')
        label_end = float("-inf")
        for tick in ticks:
            x = x_of(tick.day)
            if not any(x0 - 0.5 <= x <= x1 + 0.5 for x0, x1 in spans):
                continue
            if tick.major:
                w(f'<line x1="{_f(x)}" y1="{axis_y - 6}" x2="{_f(x)}" y2="{bottom}" '
                  'stroke="#bbbbbb" stroke-width="0.75"/>')
                w(f'<line x1="{_f(x)}" y1="{axis_y - 6}" x2="{_f(x)}" y2="{axis_y}" '
                  'stroke="#000000" stroke-width="1.5"/>')
                width = text_width(tick.label)
                anchor = "start" if x < self.left + 20 else (
                    "end" if x > self.right - 20 else "middle")
                lo = x if anchor == "start" else (x - width if anchor == "end" else x - width / 2)
                if lo < label_end + 6:
                    continue  # no room for this label: the tick alone marks the place
                label_end = lo + width
                w(f'<text x="{_f(x)}" y="{axis_y - 10}" text-anchor="{anchor}" '
                  f'fill="#000000">{_x(tick.label)}</text>')
            else:
                w(f'<line x1="{_f(x)}" y1="{axis_y - 3}" x2="{_f(x)}" y2="{axis_y}" '
                  'stroke="#000000" stroke-width="1"/>')
        w("</g>")

    def _event(self, w, item: _Placed, y: int) -> None:
        event = item.event
        mid = y + 8
        tooltip = "\n".join(f"{item.date_label}: {_headline(e)}" for e in item.events[:20])
        if len(item.events) > 20:
            tooltip += f"\n… and {len(item.events) - 20} more"
        classes = "event" + (" key" if item.key else "") + (
            " group" if len(item.events) > 1 else "")
        w(f'<g class="{classes}">')
        w(f"<title>{_x(tooltip)}</title>")
        stroke = "2" if item.key else "1"
        if item.x1 > item.x0:
            dash = ' stroke-dasharray="3 2"' if event.mod == "APPROX" else ""
            w(f'<rect x="{_f(item.x0)}" y="{mid - 5}" width="{_f(item.x1 - item.x0)}" '
              f'height="10" fill="url(#tl-hatch)" stroke="#000000" '
              f'stroke-width="{stroke}"{dash}/>')
        elif event.type == "TIME" or event.granularity in _TIME_GRANULARITIES:
            x = item.x0
            w(f'<path d="M{_f(x)} {mid - 6}L{_f(x + 6)} {mid}L{_f(x)} {mid + 6}'
              f'L{_f(x - 6)} {mid}Z" fill="#000000"/>')
        else:
            w(f'<circle cx="{_f(item.x0)}" cy="{mid}" r="5" fill="#000000"/>')
        if item.key:
            w(f'<rect x="{_f(min(item.x0, item.x1) - 9)}" y="{mid - 9}" '
              f'width="{_f(abs(item.x1 - item.x0) + 18)}" height="18" fill="none" '
              'stroke="#000000" stroke-width="1.5"/>')
        weight = ' font-weight="bold"' if item.key and len(item.events) == 1 else ""
        w(f'<text x="{_f(item.label_x)}" y="{y + 29}" fill="#000000"{weight}>'
          f'<tspan font-weight="bold">{_x(item.date_label)}</tspan>'
          f'<tspan>{_x(chr(160) + " " + item.text)}</tspan></text>')
        for n, line in enumerate(item.more, start=1):
            w(f'<text x="{_f(item.label_x)}" y="{y + 29 + n * LINE_HEIGHT}" '
              f'fill="#000000">{_x(line)}</text>')
        w("</g>")

    def _legend(self, w, y: int) -> None:
        x = self.left
        w('<g class="legend" fill="#000000">')
        w(f'<circle cx="{x + 5}" cy="{y + 8}" r="5"/>')
        w(f'<text x="{x + 16}" y="{y + 12}">a day</text>')
        x += 80
        w(f'<path d="M{x + 6} {y + 2}L{x + 12} {y + 8}L{x + 6} {y + 14}L{x} {y + 8}Z"/>')
        w(f'<text x="{x + 18}" y="{y + 12}">a time of day</text>')
        x += 120
        w(f'<rect x="{x}" y="{y + 3}" width="28" height="10" fill="url(#tl-hatch)" '
          'stroke="#000000"/>')
        w(f'<text x="{x + 34}" y="{y + 12}">a period (week, month, year…) drawn over its length'
          '</text>')
        x += 370
        w(f'<rect x="{x}" y="{y}" width="16" height="16" fill="none" stroke="#000000" '
          'stroke-width="1.5"/><circle cx="' + str(x + 8) + f'" cy="{y + 8}" r="4"/>')
        w(f'<text x="{x + 22}" y="{y + 12}" font-weight="bold">key date</text>')
        w("</g>")


def _drawn_period(event: Event) -> tuple[date, date]:
    """The part of its period an event covers: "early 2016" is the first third of 2016,
    "mid-", "late" the middle and last thirds; otherwise the whole period."""
    span = (event.end - event.start).days + 1
    if span < 9 or event.mod not in ("START", "MID", "END"):
        return event.start, event.end
    third = span // 3
    if event.mod == "START":
        return event.start, event.start + timedelta(days=third - 1)
    if event.mod == "MID":
        return event.start + timedelta(days=third), event.end - timedelta(days=third)
    return event.end - timedelta(days=third - 1), event.end


_POINT_GRANULARITIES = frozenset(
    {"day", "part-of-day", "hour", "minute", "second", "ref", "unknown"})
_TIME_GRANULARITIES = frozenset({"part-of-day", "hour", "minute", "second"})


def _range_label(first: date, last: date) -> str:
    if first == last:
        return _day(first)
    if first.year == last.year:
        return f"{_day(first)} to {_day(last)}"
    return f"{first.year} to {last.year}"

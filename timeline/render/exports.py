"""Exports of the same events for other tools: our JSON, TimelineJS3 JSON, CSV
(TimelineSetter-compatible), iCalendar and Markdown.

Every function returns the complete document as ``bytes`` (UTF-8) and is deterministic:
events are sorted by :attr:`Event.sort_key`, keys and columns have a fixed order, and no
clock is read anywhere (the iCalendar DTSTAMP comes from the sources' publication dates).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from markupsafe import escape

from timeline import __version__
from timeline.events.model import Event
from timeline.render.labels import date_label
from timeline.render.markup import render_markdown, safe_url, split_highlight

JSON_SCHEMA_VERSION = 1

_COARSE = {"year", "half", "quarter", "season", "month", "week", "weekend", "decade",
           "century", "millennium"}
_TIMES = {"hour", "minute", "second"}


def _ordered(events: Sequence[Event]) -> list[Event]:
    return sorted(events, key=lambda e: e.sort_key)


def headline_of(event: Event, limit: int = 100) -> str:
    """The editor's headline, else the sentence cut at a word boundary."""
    if event.headline:
        return event.headline
    text = " ".join(event.text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-\u2013\u2014")
    return cut + "\u2026"


# ---------------------------------------------------------------------------------------
# our JSON schema


def to_json(events: Sequence[Event], *, title: str, generated_from: dict[str, Any]) -> bytes:
    """``{"version": 1, "title", "generated_from", "events": [Event.to_dict(), ...]}``."""
    doc = {
        "version": JSON_SCHEMA_VERSION,
        "title": title,
        "generated_from": generated_from,
        "events": [e.to_dict() for e in _ordered(events)],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


# ---------------------------------------------------------------------------------------
# TimelineJS3


def _tljs_date(d: date, event: Event | None = None, precision: str = "day") -> dict[str, Any]:
    out: dict[str, Any] = {"year": d.year}
    if precision in ("month", "day", "time"):
        out["month"] = d.month
    if precision in ("day", "time"):
        out["day"] = d.day
    if precision == "time" and event is not None:
        from timeline.render.labels import _time_of  # the clock part of the TIMEX3 value

        clock = _time_of(event.date)
        if clock:
            hh, mm = clock[0].split(":")[:2]
            out["hour"], out["minute"] = int(hh), int(mm)
    return out


def _tljs_html(event: Event) -> str:
    before, mark, after = split_highlight(event.text, event.highlight)
    text = str(escape(before))
    if mark:
        text += f"<mark>{escape(mark)}</mark>"
    text += str(escape(after))
    parts = [f"<p>{text}</p>"]
    if event.body:
        parts.append(str(render_markdown(event.body)))
    if event.note:
        parts.append(f"<p><em>Editor's note: {escape(event.note)}</em></p>")
    links = []
    for ref in event.sources:
        url = safe_url(ref.url)
        label = escape(ref.title or ref.document)
        if ref.source:
            label += escape(f" ({ref.source})")
        links.append(f'<a href="{escape(url)}">{label}</a>' if url else str(label))
    if links:
        parts.append(f"<p>Source{'s' if len(links) > 1 else ''}: {'; '.join(links)}</p>")
    return "".join(parts)


def to_timelinejs(events: Sequence[Event], *, title: str, description: str = "") -> bytes:
    """TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

    Days carry year/month/day; months year/month; years the year alone; coarser or odd
    periods (seasons, quarters, weeks, decades) get start and end dates plus a
    ``display_date`` so the viewer never shows a fake day.
    """
    slides = []
    for event in _ordered(events):
        gran = event.granularity
        slide: dict[str, Any] = {"unique_id": f"e-{event.id}"}
        if gran in _TIMES:
            slide["start_date"] = _tljs_date(event.start, event, "time")
        elif gran == "month":
            slide["start_date"] = _tljs_date(event.start, precision="month")
        elif gran == "year":
            slide["start_date"] = _tljs_date(event.start, precision="year")
        elif gran in _COARSE:
            slide["start_date"] = _tljs_date(event.start)
            slide["end_date"] = _tljs_date(event.end)
        else:
            slide["start_date"] = _tljs_date(event.start)
        if gran != "day" or event.mod:
            slide["display_date"] = date_label(event)
        slide["text"] = {"headline": str(escape(headline_of(event))), "text": _tljs_html(event)}
        if event.tags:
            slide["group"] = sorted(event.tags, key=str.casefold)[0]
        slides.append(slide)
    doc: dict[str, Any] = {
        "title": {"text": {"headline": str(escape(title)),
                           "text": f"<p>{escape(description)}</p>" if description else ""}},
        "events": slides,
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()


# ---------------------------------------------------------------------------------------
# CSV

# TimelineSetter's columns first (all of them, in its order), then ours.
CSV_COLUMNS = (
    "date", "display_date", "description", "link", "series", "html",
    "id", "value", "granularity", "start", "end", "mod", "expression", "headline",
    "sources", "urls", "tags", "key", "note", "body",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str | None) -> str:
    """A text cell that a spreadsheet will not run as a formula (CSV injection)."""
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(events: Sequence[Event]) -> bytes:
    """One row per event. ``date`` is the first day of the period (what TimelineSetter
    parses), ``display_date`` the label at the event's real granularity, ``value`` the
    TIMEX3 value."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in _ordered(events):
        urls = [u for u in (safe_url(s.url) for s in event.sources) if u]
        tags = sorted(event.tags, key=str.casefold)
        writer.writerow([
            event.start.isoformat(),
            date_label(event),
            _cell(event.text),
            urls[0] if urls else "",
            _cell(tags[0]) if tags else "",
            "",
            event.id,
            event.date,
            event.granularity,
            event.start.isoformat(),
            event.end.isoformat(),
            event.mod or "",
            _cell(event.expression),
            _cell(event.headline),
            _cell(" | ".join(s.title or s.document for s in event.sources)),
            " ".join(urls),
            _cell(" | ".join(tags)),
            "true" if event.key else "false",
            _cell(event.note),
            _cell(event.body),
        ])
    return buffer.getvalue().encode()


# ---------------------------------------------------------------------------------------
# iCalendar (RFC 5545)


def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def ics_fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    data = line.encode()
    if len(data) <= 75:
        return line
    pieces: list[str] = []
    limit = 75
    current = bytearray()
    for ch in line:
        encoded = ch.encode()
        if len(current) + len(encoded) > limit:
            pieces.append(current.decode())
            current = bytearray()
            limit = 74  # continuation lines start with one space
        current.extend(encoded)
    pieces.append(current.decode())
    return "\r\n ".join(pieces)


def _ics_date(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def _dtstamp(event: Event) -> str:
    """Deterministic DTSTAMP: the latest publication date among the sources (the moment
    the information existed), else the event's own start."""
    published = sorted(s.published[:10] for s in event.sources if s.published)
    stamp = event.start
    if published:
        try:
            stamp = date.fromisoformat(published[-1])
        except ValueError:
            pass
    return f"{_ics_date(stamp)}T000000Z"


def to_ics(events: Sequence[Event], *, title: str) -> bytes:
    """All-day VEVENTs: DTSTART/DTEND with VALUE=DATE covering the event's period (DTEND
    is exclusive), a UID from the stable event id, CRLF line ends, lines folded at 75."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//timeline//timeline {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(title)}",
    ]
    for event in _ordered(events):
        description = [event.text]
        if event.body:
            description.append(event.body)
        if event.note:
            description.append(f"Editor's note: {event.note}")
        for ref in event.sources:
            url = safe_url(ref.url)
            who = ref.title or ref.document
            if ref.source:
                who += f" ({ref.source})"
            description.append(f"Source: {who}" + (f" <{url}>" if url else ""))
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.id}@timeline",
            f"DTSTAMP:{_dtstamp(event)}",
            f"DTSTART;VALUE=DATE:{_ics_date(event.start)}",
            f"DTEND;VALUE=DATE:{_ics_date(event.end + timedelta(days=1))}",
            f"SUMMARY:{ics_escape(headline_of(event, 120))}",
            f"DESCRIPTION:{ics_escape(chr(10).join(description))}",
        ]
        urls = [u for u in (safe_url(s.url) for s in event.sources) if u]
        if urls:
            lines.append(f"URL:{urls[0]}")
        if event.tags:
            tags = sorted(event.tags, key=str.casefold)
            lines.append("CATEGORIES:" + ",".join(ics_escape(t) for t in tags))
        lines.append(f"X-TIMELINE-DATE:{ics_escape(event.date)}")
        lines.append(f"X-TIMELINE-LABEL:{ics_escape(date_label(event))}")
        if event.granularity != "day" and event.granularity not in _TIMES:
            lines.append("TRANSP:TRANSPARENT")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("".join(ics_fold(line) + "\r\n" for line in lines)).encode()


# ---------------------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})


def _md_inline(text: str) -> str:
    return re.sub(r"\s+", " ", text).translate(_MD_SPECIAL)


def md_escape(text: str) -> str:
    """Inline Markdown escaping: article text never turns into links, emphasis, HTML,
    headings or list items."""
    text = _md_inline(text).strip()
    if text[:1] in ("#", "+", "-", "=") or re.match(r"\d+[.)]", text):
        text = "\\" + text
    return text


def to_markdown(events: Sequence[Event], *, title: str, description: str = "") -> bytes:
    """A Markdown document: a heading per year, a bullet per event with its sources."""
    out = [f"# {md_escape(title)}", ""]
    if description:
        out += [md_escape(description), ""]
    year: int | None = None
    for event in _ordered(events):
        if event.start.year != year:
            if year is not None:
                out.append("")
            year = event.start.year
            out += [f"## {year}", ""]
        before, mark, after = split_highlight(event.text, event.highlight)
        sentence = _md_inline(before)
        if mark:
            sentence += f"**{_md_inline(mark).strip()}**"
        sentence = (sentence + _md_inline(after)).strip()
        item = f"- **{md_escape(date_label(event))}**: "
        if event.headline:
            item += f"{md_escape(event.headline)}. "
        item += sentence
        refs = []
        for ref in event.sources:
            url = safe_url(ref.url)
            name = md_escape(ref.title or ref.document)
            refs.append(f"[{name}](<{url}>)" if url and ">" not in url else name)
        if refs:
            item += f" ({'; '.join(refs)})"
        out.append(item)
        if event.note:
            out.append(f"  *Editor's note: {md_escape(event.note)}*")
        if event.body:
            # The editor's Markdown, kept as Markdown (indented under the item); raw HTML
            # in it is neutralized.
            body = event.body.replace("<", "&lt;")
            out += ["", *[f"  {line}".rstrip() for line in body.strip().splitlines()], ""]
    out.append("")
    return "\n".join(out).encode()

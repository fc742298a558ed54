"""Python-Markdown extension: a fenced ``timeline`` block becomes the timeline markup.

Enable it with ``markdown.markdown(text, extensions=["timeline"])`` or, in MkDocs,
``markdown_extensions: [timeline]``. A block::

    ```timeline
    published: 2017-09-24
    title: Air strikes
    - 2017-09-22: Six precision strikes on **desert camps**
    - January 19: Last strike under the previous administration
    - December 2016: The city is retaken
      (a line indented under an entry continues it)
    ```

Options come first, one ``key: value`` a line: ``published`` (the date that free-text
dates such as "January 19" or "last Friday" are resolved against), ``title``, ``id`` (id
prefix), ``headings`` (level of the year headings, 1-5), ``source`` and ``url`` (credited
on every entry), ``tags`` (comma-separated). Then one entry a line: ``- DATE: text``. Dates
go through :func:`timeline.temporal.normalize`, like dates in articles; the text is inline
Markdown, rendered and sanitized with nh3. A line that cannot be read is reported in the
page, in place, and logged: the rest of the block still renders. The output is the same
markup as the static site and the MkDocs plugin (``_timeline.html``).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import markdown
import nh3
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup, escape

from timeline.events.model import Event, SourceRef

# Under MkDocs' own namespace, so that inside MkDocs a bad line is a counted warning
# (`mkdocs build --strict` fails on it); elsewhere it is an ordinary logging warning.
log = logging.getLogger("mkdocs.plugins.timeline.markdown")

_OPEN = re.compile(
    r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|~{3,})[ \t]*\{?[ \t]*\.?timeline\b(?P<args>[^`]*?)\}?[ \t]*$"
)
_ANY_FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})")
_ENTRY = re.compile(r"^[-*+][ \t]+(?P<rest>.*)$")
_OPTION = re.compile(r"^(?P<key>[A-Za-z][\w-]*)[ \t]*:[ \t]*(?P<value>.*)$")
_ATTR = re.compile(r"""(?P<key>[A-Za-z][\w-]*)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))""")
_OPTIONS = ("published", "title", "id", "headings", "source", "url", "tags")

_INLINE_TAGS = {"a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "kbd", "q", "s",
                "small", "strong", "sub", "sup", "u"}
_INLINE_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


@dataclass
class BlockResult:
    """What one fenced block holds: its options, its events and the lines it could not read."""

    events: list[Event] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    markdown_text: dict[str, str] = field(default_factory=dict)  # event id -> Markdown text


def render_inline_markdown(text: str) -> Markup:
    """Inline Markdown (emphasis, code, links) as sanitized HTML: no block elements, no
    scripts, no ``javascript:`` links."""
    html = markdown.markdown(text, output_format="html")
    html = re.sub(r"^<p>(.*)</p>$", r"\1", html.strip(), flags=re.S)
    clean = nh3.clean(
        html, tags=_INLINE_TAGS, attributes=_INLINE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
    )
    return Markup(clean)


def _plain(text: str) -> str:
    """The text a reader sees, for search, titles and the SVG: Markdown markup removed."""
    html = markdown.markdown(text, output_format="html")
    return " ".join(nh3.clean(html, tags=set()).replace("&amp;", "&").replace(
        "&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').split())


def _parse_date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{what}: expected a date like 2017-09-24, got {value.strip()!r}") from None


def parse_block(lines: list[str], *, defaults: dict[str, str] | None = None,
                first_line: int = 1) -> BlockResult:
    """Read the body of a timeline block (without its fences) into events and errors.

    ``first_line`` is the line number of the first body line in its page, so errors point
    at the right line.
    """
    from timeline.events.periods import period_of
    from timeline.temporal import normalize

    result = BlockResult(options=dict(defaults or {}))
    entries: list[tuple[int, str]] = []
    for offset, raw in enumerate(lines):
        number = first_line + offset
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith("<!--"):
            continue
        entry = _ENTRY.match(stripped)
        if line[:1].isspace() and entries and not entry:
            at, text = entries[-1]  # an indented line continues the entry above
            entries[-1] = (at, f"{text} {stripped}")
            continue
        if entry:
            entries.append((number, entry.group("rest").strip()))
            continue
        option = _OPTION.match(stripped)
        if option and not entries and option.group("key").lower() in _OPTIONS:
            result.options[option.group("key").lower()] = option.group("value").strip()
        elif option and not entries:
            result.errors.append(f"line {number}: unknown option {option.group('key')!r} "
                                 f"(options: {', '.join(_OPTIONS)})")
        else:
            result.errors.append(f"line {number}: expected an entry like "
                                 f"'- 2017-09-22: what happened', got {stripped!r}")

    published: date | None = None
    if result.options.get("published"):
        try:
            published = _parse_date(result.options["published"], "published")
        except ValueError as err:
            result.errors.append(str(err))
    tags = tuple(t.strip() for t in result.options.get("tags", "").split(",") if t.strip())
    source = None
    if result.options.get("source") or result.options.get("url"):
        source = SourceRef(
            document=result.options.get("url") or result.options.get("source") or "",
            title=result.options.get("source") or result.options.get("url") or "",
            url=result.options.get("url") or None,
            published=published.isoformat() if published else None,
        )

    seen: dict[str, int] = {}
    for number, rest in entries:
        found = _split_entry(rest, published, normalize, period_of)
        if isinstance(found, str):
            result.errors.append(f"line {number}: {found}")
            continue
        expression, timex, (start, end, granularity), text = found
        base = hashlib.sha256(f"{timex.value}\x00{text}".encode()).hexdigest()[:12]
        seen[base] = seen.get(base, 0) + 1
        event_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        plain = _plain(text)
        result.events.append(Event(
            id=event_id, date=timex.value, type=timex.type, granularity=granularity,
            start=start, end=end, text=plain, expression=expression, mod=timex.mod,
            sources=(source,) if source else (), tags=tags, manual=True,
        ))
        result.markdown_text[event_id] = text
    result.errors.sort(key=_line_number)
    return result


def _line_number(message: str) -> int:
    match = re.match(r"line (\d+):", message)
    return int(match.group(1)) if match else 0


def _split_entry(rest: str, published: date | None, normalize, period_of):
    """``DATE: text`` -> (expression, timex, period, text) or an error message.

    The date may itself hold colons ("22 September 2017, 15:30: ..."), so every ": "
    is tried from the left; the first prefix that reads as a date wins.
    """
    cuts = [m.start() for m in re.finditer(r":(?:\s|$)", rest)]
    if not cuts:
        return "expected 'DATE: text' (a colon and a space after the date)"
    problems: list[str] = []
    for cut in cuts[:4]:
        expression, text = rest[:cut].strip(), rest[cut + 1:].strip()
        if not expression:
            continue
        timex = normalize(expression, published=published, sentence=f"{expression}: {text}")
        if timex is not None and (timex.explanation is None or not timex.explanation.tense):
            # No tense in the entry: entries are written like headlines ("Last strike
            # under Obama"), which tell the past in the present; read the date as news
            # does when nothing says otherwise, in the past of `published`.
            timex = normalize(expression, published=published) or timex
        if timex is None or timex.type not in ("DATE", "TIME"):
            problems.append(expression)
            continue
        period = period_of(timex.value)
        if period is None:
            if published is None and "X" in timex.value:
                return (f"{expression!r} has no year: add 'published: YYYY-MM-DD' to the "
                        "block or write the year")
            problems.append(expression)
            continue
        if not text:
            return f"{expression!r} has no text after the date"
        return expression, timex, period, text
    return (f"cannot read a date in {problems[0]!r}: write it like '2017-09-22', "
            "'September 2017' or, with 'published:', 'last Friday'"
            if problems else "expected 'DATE: text'")


def render_block(result: BlockResult, *, inline_css: bool = True, script: bool = False,
                 heading_level: int = 3, seed: str = "") -> str:
    """The block's timeline (and its errors, in place) as HTML."""
    from timeline.render.fragment import clean_id_prefix, fragment_id_prefix, render_view
    from timeline.render.view import build_timeline

    options = result.options
    title = options.get("title") or None
    try:
        level = int(options.get("headings", heading_level))
    except ValueError:
        result.errors.append(f"headings: expected a number 1-5, got {options['headings']!r}")
        level = heading_level
    prefix = (clean_id_prefix(options["id"]) if options.get("id")
              else fragment_id_prefix(result.events, f"{title or ''}\x00{seed}"))
    parts: list[str] = []
    if result.errors:
        items = "".join(f"<li>{escape(e)}</li>" for e in result.errors)
        parts.append(f'<div class="tl-errors" role="alert"><p><strong>Timeline block: '
                     f'{len(result.errors)} line{"s" if len(result.errors) != 1 else ""} '
                     f'not shown</strong></p><ul>{items}</ul></div>')
        for error in result.errors:
            log.warning("timeline block: %s", error)
    if result.events or not result.errors:
        view = build_timeline(result.events, id_prefix=prefix, heading_level=level,
                              controls=script, label=title or "Timeline")
        view = _with_inline_markdown(view, result.markdown_text)
        parts.append(render_view(view, title=title, css=inline_css, script=script))
    return "\n".join(parts)


def _with_inline_markdown(view, texts: dict[str, str]):
    """Entries are written in Markdown: show the sanitized HTML where the plain text was."""
    groups = []
    for group in view.groups:
        events = tuple(
            replace(e, before=render_inline_markdown(texts[e.id]), mark="", after="")
            if e.id in texts else e
            for e in group.events
        )
        groups.append(replace(group, events=events))
    return replace(view, groups=tuple(groups))


def _fence_attributes(args: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for match in _ATTR.finditer(args or ""):
        value = match.group("dq") if match.group("dq") is not None else (
            match.group("sq") if match.group("sq") is not None else match.group("bare"))
        out[match.group("key").lower()] = value
    return out


class TimelineBlockPreprocessor(Preprocessor):
    """Replaces each fenced ``timeline`` block by its rendered HTML (stashed raw)."""

    def __init__(self, md: markdown.Markdown, extension: TimelineExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            opening = _OPEN.match(line)
            other = None if opening else _ANY_FENCE.match(line)
            if other:  # some other fenced block: copy it untouched (it may show our syntax)
                fence = other.group("fence")
                out.append(line)
                i += 1
                while i < len(lines):
                    out.append(lines[i])
                    closing = _ANY_FENCE.match(lines[i])
                    i += 1
                    if (closing and closing.group("fence")[0] == fence[0]
                            and len(closing.group("fence")) >= len(fence)
                            and not lines[i - 1].strip().strip(fence[0])):
                        break
                continue
            if not opening:
                out.append(line)
                i += 1
                continue
            fence = opening.group("fence")
            body: list[str] = []
            j = i + 1
            closed = False
            while j < len(lines):
                stripped = lines[j].strip()
                if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                    closed = True
                    break
                body.append(lines[j])
                j += 1
            # The block's line number seeds its id prefix: two identical blocks on one
            # page still get distinct ids.
            html = self.extension.render_lines(
                body, _fence_attributes(opening.group("args")), first_line=i + 2)
            if not closed:
                html = (f'<div class="tl-errors" role="alert"><p>Timeline block starting on '
                        f'line {i + 1} has no closing {escape(fence)}</p></div>\n' + html)
                log.warning("timeline block on line %d has no closing fence", i + 1)
            placeholder = self.md.htmlStash.store(html)
            out.extend(["", placeholder, ""])
            i = j + 1
        return out


class TimelineExtension(Extension):
    """``markdown_extensions: [timeline]``: fenced ``timeline`` blocks as timelines."""

    def __init__(self, **kwargs: Any):
        self.config = {
            "published": ["", "Default date that free-text dates are resolved against"],
            "inline_css": [True, "Put the scoped stylesheet in each block (off when the "
                                 "page already loads timeline.css, as the MkDocs plugin does)"],
            "script": [False, "Add the search/filter form and its script to each block"],
            "heading_level": [3, "Level of the year headings (the dates get the next one)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown API)
        md.registerExtension(self)
        # Before fenced_code (priority 25), so the block is ours and not a code block.
        md.preprocessors.register(TimelineBlockPreprocessor(md, self), "timeline_block", 29)

    def render_lines(self, body: list[str], attributes: dict[str, str], *,
                     first_line: int = 1) -> str:
        defaults = {}
        if self.getConfig("published"):
            defaults["published"] = str(self.getConfig("published"))
        defaults.update(attributes)
        result = parse_block(body, defaults=defaults, first_line=first_line)
        return render_block(result, inline_css=bool(self.getConfig("inline_css")),
                            script=bool(self.getConfig("script")),
                            heading_level=int(self.getConfig("heading_level")),
                            seed=str(first_line))


def makeExtension(**kwargs: Any) -> TimelineExtension:  # noqa: N802 (Markdown API)
    return TimelineExtension(**kwargs)

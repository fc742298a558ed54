"""TimeML interoperability: read gold ``.tml`` files and write our annotations as TimeML.

Reading gives the document's plain text (the content of ``<TEXT>`` with every inline tag
removed and XML entities decoded), its creation time (DCT) and the gold TIMEX3 spans as
character offsets into that plain text. Writing does the reverse: it inserts
``<TIMEX3 tid type value [mod]>`` tags into the text, so the TempEval-3 toolkit (or any
TimeML consumer) can score or read our output against the same text.

The reader is a small lenient tokenizer rather than an XML parser: real TimeML corpora
contain undeclared entities (``&Cx1f;``), stray ampersands and unbalanced tags outside
``<TEXT>``; a strict parser would reject whole files for a flaw in a header we never read.
Inside ``<TEXT>`` the structure that matters (TIMEX3 open/close) is checked and a broken
file is reported with its name and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from timeline.errors import InputError
from timeline.temporal.timex import Timex

__all__ = [
    "TimeMLDocument",
    "dct_date",
    "iter_timeml_files",
    "parse_timeml",
    "read_timeml",
    "render_timeml",
    "timeml_text_and_timexes",
]

TIMEML_SUFFIXES = (".tml", ".timeml")

# One markup token: comment, CDATA, processing instruction, doctype, or an element tag.
_MARKUP = re.compile(
    r"""<!--.*?-->
      | <!\[CDATA\[(?P<cdata>.*?)\]\]>
      | <\?.*?\?>
      | <!DOCTYPE[^>]*>
      | <(?P<close>/)?(?P<name>[A-Za-z_][\w.:-]*)
        (?P<attrs>(?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)
        \s*(?P<empty>/)?>
    """,
    re.S | re.X,
)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_ENTITY = re.compile(r"&(#[xX][0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_ENCODING_DECL = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DCT_VALUE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    """One TimeML document: plain text of ``<TEXT>`` plus its gold time expressions.

    ``timexes`` are the TIMEX3 elements inside ``<TEXT>`` that cover text, in document
    order, with offsets into ``text``. Non-consuming (empty) TIMEX3 elements have no span
    and cannot be matched by a tagger; they are counted in ``empty_timexes``.
    ``tids`` holds the original ``tid`` of each timex (same order).
    """

    name: str
    text: str
    timexes: tuple[Timex, ...]
    dct: date | None
    dct_value: str | None = None
    dct_type: str | None = None  # the DCT's TIMEX3 type as written (DATE or TIME)
    docid: str | None = None
    title: str | None = None
    tids: tuple[str, ...] = ()
    empty_timexes: int = 0
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def _unescape(raw: str) -> str:
    """Decode the XML predefined and numeric entities; leave anything else as written."""
    if "&" not in raw:
        return raw

    def repl(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref[0] == "#":
            try:
                code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
                return chr(code)
            except (ValueError, OverflowError):
                return m.group(0)
        return _NAMED[ref]

    return _ENTITY.sub(repl, raw)


def _attributes(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        value = next((g for g in m.groups()[1:] if g is not None), "")
        out[m.group(1)] = _unescape(value)
    return out


def _line_of(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def dct_date(value: str | None) -> date | None:
    """The calendar date of a DCT value (``1998-01-08``, ``19980108``, ``1990-08-15T13:37``)."""
    if not value:
        return None
    m = _DCT_VALUE.match(value.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_timeml(source: str, name: str = "<string>") -> TimeMLDocument:
    """Parse TimeML markup. Raises :class:`InputError` naming ``name`` (and the line)."""
    text_parts: list[str] = []
    pos = 0  # length of the plain text produced so far
    in_text = False
    text_seen = False
    text_done = False
    # (plain-text start, index into text_parts, attrs, offset in source) of the open TIMEX3
    open_timex: tuple[int, int, dict[str, str], int] | None = None
    timexes: list[Timex] = []
    tids: list[str] = []
    empty = 0
    dct_value: str | None = None
    dct_type: str | None = None
    in_dct = False
    capture: str | None = None  # "DOCID" | "TITLE": collect the element's text
    captured: dict[str, list[str]] = {"DOCID": [], "TITLE": []}

    def add_text(raw: str) -> None:
        nonlocal pos
        if capture is not None and not in_text:
            captured[capture].append(_unescape(raw))
        if in_text:
            piece = _unescape(raw)
            text_parts.append(piece)
            pos += len(piece)

    last = 0
    for m in _MARKUP.finditer(source):
        if m.start() > last:
            add_text(source[last:m.start()])
        last = m.end()
        if m.group("cdata") is not None:
            if in_text:
                text_parts.append(m.group("cdata"))
                pos += len(m.group("cdata"))
            elif capture is not None:
                captured[capture].append(m.group("cdata"))
            continue
        tag = m.group("name")
        if tag is None:  # comment, processing instruction, doctype
            continue
        closing = m.group("close") is not None
        self_closing = m.group("empty") is not None
        upper = tag.upper()
        if upper == "TEXT" and not text_done:
            if closing:
                if not in_text:
                    raise InputError(f"{name}: line {_line_of(source, m.start())}: "
                                     "</TEXT> without <TEXT>")
                if open_timex is not None:
                    raise InputError(f"{name}: line {_line_of(source, open_timex[3])}: "
                                     "<TIMEX3> not closed before </TEXT>")
                in_text, text_done = False, True
            elif not self_closing:
                in_text, text_seen = True, True
            else:
                text_seen, text_done = True, True
            continue
        if upper in ("DOCID", "TITLE") and not in_text:
            capture = None if (closing or self_closing) else upper
            continue
        if upper == "DCT":
            in_dct = not closing and not self_closing
            continue
        if upper != "TIMEX3":
            continue
        attrs = {} if closing else _attributes(m.group("attrs") or "")
        if not in_text:
            is_creation = attrs.get("functionInDocument") == "CREATION_TIME"
            if not closing and (in_dct or is_creation) and dct_value is None:
                dct_value = attrs.get("value")
                dct_type = (attrs.get("type") or "").strip().upper() or None
            continue
        if closing:
            if open_timex is None:
                raise InputError(f"{name}: line {_line_of(source, m.start())}: "
                                 "</TIMEX3> without <TIMEX3>")
            start, first_part, a, _ = open_timex
            open_timex = None
            if pos == start:
                empty += 1
                continue
            timexes.append(_gold_timex(start, pos, "".join(text_parts[first_part:]), a))
            tids.append(a.get("tid", ""))
        elif self_closing:
            empty += 1
        else:
            if open_timex is not None:
                raise InputError(f"{name}: line {_line_of(source, m.start())}: "
                                 "nested <TIMEX3> (TimeML does not allow it)")
            open_timex = (pos, len(text_parts), attrs, m.start())
    if last < len(source):
        add_text(source[last:])
    if not text_seen:
        raise InputError(f"{name}: not a TimeML document (no <TEXT> element)")
    if in_text:
        raise InputError(f"{name}: <TEXT> is not closed")
    text = "".join(text_parts)
    title = "".join(captured["TITLE"]).strip() or None
    docid = "".join(captured["DOCID"]).strip() or None
    return TimeMLDocument(
        name=name, text=text, timexes=tuple(timexes), dct=dct_date(dct_value),
        dct_value=dct_value, dct_type=dct_type, docid=docid, title=title, tids=tuple(tids),
        empty_timexes=empty,
    )


def _gold_timex(start: int, end: int, text: str, attrs: dict[str, str]) -> Timex:
    return Timex(
        start=start,
        end=end,
        text=text,
        type=attrs.get("type", "").strip().upper(),
        value=attrs.get("value", "").strip(),
        mod=(attrs.get("mod") or "").strip().upper() or None,
    )


def _decode(data: bytes, name: str) -> str:
    encoding = "utf-8"
    m = _ENCODING_DECL.match(data.lstrip(b"\xef\xbb\xbf")[:200])
    if m:
        encoding = m.group(1).decode("ascii").lower()
    try:
        text = data.decode("utf-8-sig" if encoding in ("utf-8", "utf8") else encoding)
    except LookupError as err:
        raise InputError(f"{name}: unknown XML encoding {encoding!r}") from err
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not valid {encoding} (byte 0x{data[err.start]:02x} "
                         f"at offset {err.start})") from err
    return text


def read_timeml(path: str | Path) -> TimeMLDocument:
    """Read one ``.tml`` file (encoding from its XML declaration, UTF-8 by default)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"{p}: cannot read ({err.strerror or err})") from err
    return parse_timeml(_decode(data, str(p)), name=str(p))


def iter_timeml_files(root: str | Path) -> Iterator[Path]:
    """TimeML files under ``root`` (or ``root`` itself), in a deterministic order."""
    p = Path(root)
    if p.is_file():
        yield p
        return
    for child in sorted(p.rglob("*")):
        if child.suffix.lower() in TIMEML_SUFFIXES and child.is_file() and not any(
            part.startswith(".") for part in child.relative_to(p).parts
        ):
            yield child


# -- writing ---------------------------------------------------------------------------------

def _escape_text(s: str) -> str:
    # A carriage return is written as a character reference: XML parsers turn a literal
    # CR LF into LF, which would shift every offset after it.
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("\r", "&#13;")


def _escape_attr(s: str) -> str:
    return _escape_text(_xml_safe(s)).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(s: str) -> str:
    """XML 1.0 cannot carry most control characters (nor UTF-8 lone surrogates) even
    escaped: they become U+FFFD, one for one, so offsets stay aligned with the input."""
    return _XML_ILLEGAL.sub("\ufffd", s)


def _non_overlapping(timexes: Iterable[Timex]) -> list[Timex]:
    """Timexes sorted by position; an expression overlapping an earlier one is dropped
    because TimeML cannot nest TIMEX3 (the tagger never produces overlaps)."""
    out: list[Timex] = []
    for t in sorted(timexes, key=lambda t: (t.start, -t.end)):
        if t.end <= t.start:
            continue
        if out and t.start < out[-1].end:
            continue
        out.append(t)
    return out


def timeml_text_and_timexes(text: str, timexes: Sequence[Timex], first_tid: int = 1) -> str:
    """The escaped ``text`` with a ``<TIMEX3>`` element around each expression."""
    parts: list[str] = []
    last = 0
    for n, t in enumerate(_non_overlapping(timexes), start=first_tid):
        if t.end > len(text):
            raise ValueError(f"timex {t.text!r} at {t.start}-{t.end} is outside the text")
        parts.append(_escape_text(_xml_safe(text[last:t.start])))
        attrs = [f'tid="t{n}"', f'type="{_escape_attr(t.type)}"',
                 f'value="{_escape_attr(t.value)}"']
        if t.mod:
            attrs.append(f'mod="{_escape_attr(t.mod)}"')
        parts.append(f"<TIMEX3 {' '.join(attrs)}>")
        parts.append(_escape_text(_xml_safe(text[t.start:t.end])))
        parts.append("</TIMEX3>")
        last = t.end
    parts.append(_escape_text(_xml_safe(text[last:])))
    return "".join(parts)


def render_timeml(
    text: str,
    timexes: Sequence[Timex],
    dct: date | str | None = None,
    *,
    docid: str | None = None,
    title: str | None = None,
    dct_type: str | None = None,
) -> str:
    """A complete TimeML document for ``text`` annotated with ``timexes``.

    ``dct`` (a date or a TIMEX3 value string) becomes ``<DCT><TIMEX3 tid="t0" ...
    functionInDocument="CREATION_TIME">``; our expressions are numbered ``t1``, ``t2``...
    in text order. ``dct_type`` keeps the DCT's type as written in a source document
    (default: TIME when the value has a time part, else DATE). The output is deterministic and parses back with :func:`parse_timeml`
    to the same text, spans, types, values and mods.
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
             'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">',
             ""]
    if docid:
        lines += [f"<DOCID>{_escape_text(_xml_safe(docid))}</DOCID>", ""]
    if dct is not None:
        value = dct.isoformat() if isinstance(dct, date) else str(dct)
        kind = dct_type or ("TIME" if "T" in value else "DATE")
        lines += [f'<DCT><TIMEX3 tid="t0" type="{kind}" value="{_escape_attr(value)}" '
                  'temporalFunction="false" functionInDocument="CREATION_TIME">'
                  f"{_escape_text(value)}</TIMEX3></DCT>", ""]
    if title:
        lines += [f"<TITLE>{_escape_text(_xml_safe(title))}</TITLE>", ""]
    lines.append(f"<TEXT>{timeml_text_and_timexes(text, timexes)}</TEXT>")
    lines += ["", "</TimeML>", ""]
    return "\n".join(lines)

"""Read articles into :class:`Document`: decode, find metadata and publication date, extract text.

Where the publication date comes from, first found wins:

1. the file's own metadata: YAML/TOML front matter (``front-matter``); for HTML the
   ``<meta>`` tags (``meta``: ``article:published_time`` and the other common names),
   JSON-LD ``datePublished`` (``json-ld``), then a ``<time datetime>`` (``time-tag``, one
   marked ``pubdate``/``itemprop="datePublished"`` first);
2. a sidecar ``<name>.yaml``/``.yml``/``.json`` beside the file (``sidecar``);
3. a ``YYYY-MM-DD`` in the file or folder names (``path``), nearest component first;
4. the ``--published`` date of the build (``flag``).

Other fields: the file's metadata first, the sidecar fills what it lacks. Titles fall
back to og:title, ``<title>``, the first heading, the first line, then the file name.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from timeline.errors import InputError
from timeline.ingest.dates import coerce_publication_date, date_from_path_parts
from timeline.ingest.document import Document
from timeline.ingest.html import HtmlPage, json_ld_article, parse_html
from timeline.ingest.markdown_text import first_heading, markdown_to_text
from timeline.ingest.metadata import (
    Metadata,
    MetadataError,
    metadata_from_mapping,
    read_sidecar,
    sidecar_for,
    split_front_matter,
    split_header_block,
)
from timeline.ingest.sources import SourceFile, body_format_of, iter_source_files
from timeline.ingest.text import detokenize_treebank, looks_treebank_tokenized, normalize_newlines

log = logging.getLogger("timeline.ingest")

WarningCallback = Callable[[str], None]

# HTML <meta> names that carry the publication date, most specific first.
META_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "article.published",
    "publishdate", "publish-date", "publish_date", "pubdate", "publication_date",
    "sailthru.date", "parsely-pub-date", "dc.date.issued", "dcterms.issued", "dc.date",
    "dcterms.created", "date", "originalpublicationdate", "article:modified_time",
)
MAX_TITLE = 200
# A plain-text file's first line stands in for a missing title. It is often a whole
# paragraph (a headline run into the standfirst), so it is cut to about a headline's
# length: it is repeated beside every event the file dates.
FIRST_LINE_TITLE = 100


class UnreadableFileError(InputError):
    """A file that cannot be read as text (missing permission, not UTF-8, binary, empty)."""


class UndatedDocumentError(InputError):
    """A file with no publication date anywhere and no ``--published`` fallback."""

    def __init__(self, name: str, warnings: Sequence[str] = ()) -> None:
        super().__init__(
            f"{name}: no publication date; add `date: YYYY-MM-DD` to its front matter "
            f"or to a sidecar file {Path(name).name}.yaml, put YYYY-MM-DD in its file or "
            f"folder name, or pass --published YYYY-MM-DD"
        )
        self.name = name
        self.warnings = tuple(warnings)  # problems met while looking (e.g. a partial date)


@dataclass
class _Parsed:
    meta: Metadata
    published_from: str
    text: str
    body: str
    fallback_title: str | None
    warnings: list[str] = field(default_factory=list)


def _decode(raw: bytes, display: str, fmt: str) -> str:
    """Bytes to text: BOMs honoured, UTF-8 expected (HTML may declare another charset)."""
    if not raw.strip():
        raise UnreadableFileError(f"skipped {display}: empty file")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as err:
                raise UnreadableFileError(
                    f"skipped {display}: not valid {encoding.upper()} ({err.reason})"
                ) from None
    if b"\x00" in raw[:8192]:
        raise UnreadableFileError(f"skipped {display}: binary file (contains NUL bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        if fmt == "html":
            from timeline.ingest.html import sniff_charset

            charset = sniff_charset(raw)
            if charset and charset.replace("-", "").replace("_", "") != "utf8":
                try:
                    return raw.decode(charset)
                except (LookupError, UnicodeDecodeError):
                    pass
        raise UnreadableFileError(
            f"skipped {display}: not valid UTF-8 "
            f"(byte 0x{raw[err.start]:02x} at offset {err.start})"
        ) from None


def _first_line(text: str) -> str | None:
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line:
            return _shorten(line, FIRST_LINE_TITLE)
    return None


def _shorten(text: str, limit: int = MAX_TITLE) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:-") + "\u2026"


def _parse_markup_or_text(text: str, fmt: str, display: str) -> _Parsed:
    warnings: list[str] = []
    if fmt == "html":
        return _parse_html(text)
    mapping = None
    body = text
    try:
        mapping, body, _ = split_front_matter(text)
    except MetadataError as err:
        if fmt == "markdown":
            where = f" line {err.line}" if err.line else ""
            warnings.append(f"{display}{where}: front matter ignored: {err.message}")
            # The block is metadata, not prose: drop it even though it could not be read.
            body = _drop_fenced_block(text)
        # In a .txt file a leading '---' block that is not YAML is just text.
    if mapping is None:
        mapping, body = split_header_block(body)
    meta = Metadata()
    published_from = "none"
    if mapping is not None:
        meta, problems = metadata_from_mapping(mapping)
        warnings.extend(f"{display}: front matter {p}" for p in problems)
        if meta.published is not None:
            published_from = "front-matter"
    if fmt == "markdown":
        plain = markdown_to_text(body)
        fallback = first_heading(body) or _first_line(plain)
    else:
        plain = body.strip("\n")
        if looks_treebank_tokenized(plain):
            plain = detokenize_treebank(plain)
        fallback = _first_line(plain)
    return _Parsed(meta, published_from, plain, body, fallback, warnings)


def _drop_fenced_block(text: str) -> str:
    fence = text[:3]
    end = text.find("\n" + fence, 3)
    if end < 0:
        return text
    after = text.find("\n", end + 1)
    return text[after + 1:] if after >= 0 else ""


class GeneratedPageError(Exception):
    """An HTML page written by timeline itself (an earlier build's output)."""


def _parse_html(text: str) -> _Parsed:
    page: HtmlPage = parse_html(text)
    if page.meta.get("generator", "").lower().startswith("timeline"):
        raise GeneratedPageError
    meta = Metadata()
    published_from = "none"
    m = page.meta
    ld = json_ld_article(page) or {}
    for key in META_DATE_KEYS:
        if key in m:
            found = coerce_publication_date(m[key])
            if found:
                meta.published, meta.published_text, published_from = found, m[key], "meta"
                break
    if meta.published is None and ld.get("datePublished"):
        found = coerce_publication_date(_scalar(ld.get("datePublished")))
        if found:
            meta.published, published_from = found, "json-ld"
            meta.published_text = str(ld["datePublished"])
    if meta.published is None and page.times:
        # Marked ones first, then those outside running text ("Posted <time>" in a byline);
        # a <time> inside a paragraph is a date the article mentions, never its own.
        ordered = [t for t in page.times if t[1]] + [t for t in page.times
                                                      if not t[1] and not t[2]]
        for value, _marked, _in_text in ordered:
            found = coerce_publication_date(value)
            if found:
                meta.published, meta.published_text, published_from = found, value, "time-tag"
                break
    meta.source = (
        m.get("og:site_name") or _name(ld.get("publisher")) or m.get("author")
        or _name(ld.get("author")) or None
    )
    meta.title = (
        m.get("og:title") or m.get("twitter:title") or _scalar(ld.get("headline"))
        or _without_site_name(page.title, m.get("og:site_name") or _name(ld.get("publisher")))
        or None
    )
    meta.url = (
        page.canonical or m.get("og:url") or _scalar(ld.get("url"))
        or _name(ld.get("mainEntityOfPage"), key="@id") or None
    )
    tags: list[str] = list(page.tags)
    for raw in (m.get("keywords"), m.get("news_keywords"), _keywords(ld.get("keywords"))):
        for tag in (raw or "").split(","):
            tag = " ".join(tag.split())
            if tag and tag not in tags:
                tags.append(tag)
    meta.tags = tuple(tags)
    plain = page.text
    fallback = page.first_heading or _first_line(plain)
    return _Parsed(meta, published_from, plain, page.clean_html, fallback)


def _without_site_name(title: str | None, site: str | None) -> str | None:
    """``<title>`` without the " | Site" or " - Site" that pages append to it."""
    if not title or not site:
        return title
    for separator in (" | ", " - ", " \u2013 ", " \u2014 ", " : ", " :: "):
        suffix = separator + site
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].strip() or title
    return title


def _scalar(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or isinstance(value, dict):
        return None
    text = " ".join(str(value).split())
    return text or None


def _name(value: object, key: str = "name") -> str | None:
    if isinstance(value, list):
        names = [n for n in (_name(v, key) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    if isinstance(value, dict):
        return _scalar(value.get(key))
    return _scalar(value) if key == "name" or isinstance(value, str) else None


def _keywords(value: object) -> str | None:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value) if value else None


def _read(source: SourceFile, published: date | None) -> Document:
    """Read one source file; raises UnreadableFileError / UndatedDocumentError."""
    display = source.path.as_posix()
    fmt = body_format_of(source.path)
    try:
        raw = source.path.read_bytes()
    except OSError as err:
        raise UnreadableFileError(
            f"skipped {display}: cannot read ({err.strerror or type(err).__name__})"
        ) from None
    text = normalize_newlines(_decode(raw, display, fmt))
    try:
        parsed = _parse_markup_or_text(text, fmt, display)
    except GeneratedPageError:
        # A site built into the source folder must not feed its own pages back in.
        raise UnreadableFileError(
            f"skipped {display}: a page generated by timeline (an earlier build's output)"
        ) from None
    meta = parsed.meta
    published_from = parsed.published_from
    extra: dict[str, object] = dict(meta.extra)

    sidecar = sidecar_for(source.path)
    if sidecar is not None:
        try:
            side, problems = metadata_from_mapping(read_sidecar(sidecar))
        except MetadataError as err:
            where = f" line {err.line}" if err.line else ""
            parsed.warnings.append(f"{sidecar.as_posix()}{where}: sidecar ignored: {err.message}")
        else:
            parsed.warnings.extend(f"{sidecar.as_posix()}: {p}" for p in problems)
            if meta.published is None and side.published is not None:
                published_from = "sidecar"
            meta.fill_from(side)
            extra["sidecar"] = sidecar.name

    if meta.published is None:
        # The names the user chose: the folder they named (and its two parents, for a
        # YYYY/MM/DD layout) and the path below it; for a file named directly, its own
        # name and its three parent folders.
        if source.root is not None:
            parts = list(source.root.resolve().parts[-3:]) + list(Path(source.name).parts)
        else:
            parts = list(source.path.resolve().parts[-4:])
        from_path = date_from_path_parts(parts)
        if from_path is not None:
            meta.published, published_from = from_path, "path"
    if meta.published is None and published is not None:
        meta.published, published_from = published, "flag"
    if meta.published is None:
        raise UndatedDocumentError(display, parsed.warnings)

    if not parsed.text.strip():
        parsed.warnings.append(f"{display}: no article text found")
    title = meta.title or parsed.fallback_title or Path(source.name).name
    if parsed.warnings:
        extra["warnings"] = tuple(parsed.warnings)
    return Document(
        path=source.name,
        text=parsed.text,
        title=_shorten(title),
        published=meta.published,
        published_from=published_from,
        source=meta.source,
        url=meta.url,
        tags=meta.tags,
        body_format=fmt,
        body=parsed.body,
        extra=extra,
    )


def read_document(
    path: Path | str,
    root: Path | str | None = None,
    published: date | None = None,
    *,
    name: str | None = None,
) -> Document:
    """Read one article.

    ``root`` is the source folder the user named: ``Document.path`` is ``path`` relative
    to it (posix), or the file name when ``root`` is None; ``name`` overrides both (use
    :class:`SourceFile.name` from :func:`iter_source_files`). Problems that do not stop
    the read (invalid front matter, a bad sidecar) are in ``document.extra["warnings"]``.
    Raises :class:`InputError` (:class:`UnreadableFileError` or
    :class:`UndatedDocumentError`) when the file cannot be read or has no date.
    """
    path = Path(path)
    root_path = Path(root) if root is not None else None
    if name is None:
        if root_path is not None:
            try:
                name = path.resolve().relative_to(root_path.resolve()).as_posix()
            except ValueError:
                name = path.name
        else:
            name = path.name
    return _read(SourceFile(path, root_path, name), published)


def read_publication_date(path: Path | str) -> tuple[date | None, str]:
    """The publication date of one file and where it came from (``published_from``).

    For ``timeline extract``: returns ``(None, "none")`` when the file has no date,
    never raises for that (it raises :class:`InputError` when the file cannot be read).
    """
    try:
        document = read_document(path)
    except UndatedDocumentError:
        return None, "none"
    return document.published, document.published_from


def iter_documents(
    sources: Sequence[Path | str],
    published: date | None = None,
    on_warning: WarningCallback | None = None,
) -> Iterator[Document]:
    """Stream the documents of ``sources`` in a deterministic order.

    Unreadable files are reported through ``on_warning`` (one line each) and skipped.
    Files with no publication date are collected and, once every dated document has
    been yielded, reported together in one :class:`InputError` (exit status 2). With no
    ``on_warning`` the warnings go to the ``timeline.ingest`` logger.
    """
    warn = on_warning or log.warning
    undated: list[str] = []
    count = 0
    for source in iter_source_files(sources):
        count += 1
        try:
            document = _read(source, published)
        except UndatedDocumentError as err:
            for message in err.warnings:
                warn(message)
            undated.append(err.name)
            continue
        except UnreadableFileError as err:
            warn(str(err))
            continue
        for message in document.extra.get("warnings", ()):
            warn(message)
        yield document
    if count == 0:
        names = " ".join(str(s) for s in sources) or "(no sources)"
        raise InputError(f"no article files (.md, .markdown, .txt, .html, .htm) in {names}")
    if undated:
        raise undated_error(undated)


def undated_error(names: Sequence[str]) -> InputError:
    """One error naming every undated file and what to add."""
    shown = ", ".join(names[:10])
    more = f" and {len(names) - 10} more" if len(names) > 10 else ""
    noun = "file has" if len(names) == 1 else "files have"
    return InputError(
        f"{len(names)} {noun} no publication date: {shown}{more}; add `date: YYYY-MM-DD` "
        f"to the front matter or to a sidecar <name>.yaml beside the file, put YYYY-MM-DD "
        f"in the file or folder name, or pass --published YYYY-MM-DD"
    )

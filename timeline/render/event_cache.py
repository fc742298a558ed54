"""Each event's HTML rendered once, and kept across builds.

A site shows every event on one page (the year page or the whole timeline) and the key
events a second time; the card of an event depends only on its view
(:class:`~timeline.render.view.EventView`), on two settings of the list it sits in
(heading level, year headings) and on the ``event.html`` template. :class:`EventRenderer`
renders a card from exactly those (not from the page's context), so the same inputs give
the same bytes and a card can be reused:

* within one build, on every page that shows it;
* across builds, through ``<cache dir>/render.sqlite3``: a rebuild after one article
  changed renders only the cards of the events that changed and reads the others back.

The row key is a digest of the inputs (the template's source, the settings and every
field of the view); each row carries a CRC of its HTML, so a damaged row is rendered
again, never trusted. A file that is not ours or is damaged is deleted and rebuilt. The
cache is an optimization only: any SQLite error turns it off for the build, the output
is the same.

Only the shipped ``event.html`` renders this way. A user's own ``event.html`` is
included by ``_timeline.html`` as before, with the whole page context, so an override
may use anything (``page``, ``site``, ``loop``...).
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path

import jinja2
from markupsafe import Markup

from timeline.atomic import remove_sqlite_files
from timeline.render.view import CardRef, EventView, SourceView, TimelineView, as_view

RENDER_FILENAME = "render.sqlite3"
_APPLICATION_ID = 0x746C7231  # "tlr1"
_SCHEMA_VERSION = "2"
# Prune rows of events no longer shown once they outnumber the live ones by this factor.
_PRUNE_RATIO = 1.5
_PRUNE_SLACK = 1000  # ... and by this many (a small site is not worth pruning)
_PRUNE_GROUP_SLACK = 100
# Seconds to wait for another build's write lock before going on without the cache.
_BUSY_TIMEOUT = 10.0
_QUERY_CHUNK = 500  # keys per SELECT ... IN (...): under SQLite's parameter limit


def _source_fields(source: SourceView) -> str:
    return "\x1d".join((source.title, source.source or "\x00", source.url or "\x00",
                        source.published or "\x00", source.published_label or "\x00"))


# The last sources tuple and its joined fields: consecutive views of one document share
# the very same tuple (timeline.render.view). Holding it keeps its identity valid; the
# pair is replaced in one assignment, so concurrent renders never see a mismatched pair.
_last_sources: tuple = (None, "")


def _sources_fields(sources: tuple[SourceView, ...]) -> str:
    global _last_sources
    last = _last_sources
    if sources is last[0]:
        return last[1]
    fields = "\x1c".join(_source_fields(s) for s in sources)
    _last_sources = (sources, fields)
    return fields


def _view_fields(view: EventView) -> str:
    """Every field of the view, unambiguously joined (None differs from '')."""
    parts = [view.id, view.anchor, view.label, view.datetime, view.granularity,
             str(view.year), view.value, view.headline if view.headline is not None else "\x00",
             view.before, view.mark, view.after, view.text, str(view.body),
             view.note if view.note is not None else "\x00",
             _sources_fields(view.sources),
             "\x1c".join(view.tags), "k" if view.key else "-", "m" if view.manual else "-",
             view.more_href if view.more_href is not None else "\x00",
             "c" if view.continues else "-"]
    return "\x1e".join(parts)


def _opt(value: str | None) -> str:
    return "\x00" if value is None else value


@functools.lru_cache(maxsize=1)
def _view_code() -> str:
    """What turns an event into a view besides its fields: the code of timeline.render
    (labels, markup, views) and the versions of the Markdown and sanitizer libraries.
    Part of the key of a card cached from its event rather than its view."""
    import markdown
    import nh3

    h = hashlib.blake2b(digest_size=16)
    for name in ("view.py", "labels.py", "markup.py", "event_cache.py"):
        h.update(name.encode() + b"\x00" + (Path(__file__).parent / name).read_bytes())
    h.update(f"{markdown.__version__}\x00{getattr(nh3, '__version__', '')}".encode())
    return h.hexdigest()


def _crc(html: str) -> int:
    return zlib.crc32(html.encode("utf-8", "surrogatepass"))


class _Store:
    """``render.sqlite3``: digest -> HTML of one card."""

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / RENDER_FILENAME
        self.conn: sqlite3.Connection | None = None
        self.used: set[str] = set()
        self.used_groups: set[str] = set()
        self.added = 0
        try:
            Path(directory).mkdir(parents=True, exist_ok=True)
            self.conn = self._open()
        except (OSError, sqlite3.OperationalError):
            # Busy (another build holds it), read-only, no space: this build goes
            # without; the file is left as it is for the others.
            self.conn = None
        except sqlite3.DatabaseError:  # not SQLite, not ours, damaged: start afresh
            self._discard()
            try:
                self.conn = self._create()
            except (OSError, sqlite3.Error):
                self.conn = None

    def _open(self) -> sqlite3.Connection:
        if not self.path.exists():
            return self._create()
        conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT)
        try:
            (app_id,) = conn.execute("PRAGMA application_id").fetchone()
            row = conn.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if app_id != _APPLICATION_ID or row is None or row[0] != _SCHEMA_VERSION:
                raise sqlite3.DatabaseError("not a timeline render cache")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def _create(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT)
        conn.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.executescript(
            "CREATE TABLE IF NOT EXISTS cards (key TEXT PRIMARY KEY, html TEXT NOT NULL,"
            " crc INTEGER NOT NULL);"
            "CREATE TABLE IF NOT EXISTS groups (key TEXT PRIMARY KEY, html TEXT NOT NULL,"
            " crc INTEGER NOT NULL, cards TEXT NOT NULL);"
            "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (_SCHEMA_VERSION,))
        conn.commit()
        return conn

    def _discard(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except sqlite3.Error:  # pragma: no cover - closing never matters
                pass
            self.conn = None
        remove_sqlite_files(self.path)

    def _off(self, err: sqlite3.Error) -> None:
        """Stop using the cache for this build. A damaged file is deleted (the next build
        starts a new one); a busy or unwritable one is left to whoever holds it."""
        if isinstance(err, sqlite3.OperationalError):
            try:
                if self.conn is not None:
                    self.conn.close()
            except sqlite3.Error:  # pragma: no cover - closing never matters
                pass
            self.conn = None
        else:
            self._discard()

    def fetch(self, keys: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        if self.conn is None:
            return found
        try:
            for i in range(0, len(keys), _QUERY_CHUNK):
                chunk = keys[i:i + _QUERY_CHUNK]
                rows = self.conn.execute(
                    f"SELECT key, html, crc FROM cards WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk)
                for key, html, crc in rows:
                    if isinstance(html, str) and _crc(html) == crc:
                        found[key] = html
        except sqlite3.Error as err:
            self._off(err)
            return {}
        return found

    def fetch_groups(self, keys: list[str]) -> dict[str, tuple[str, list[str]]]:
        """group key -> (its cards' HTML, the keys of those cards), verified rows only."""
        found: dict[str, tuple[str, list[str]]] = {}
        if self.conn is None or not keys:
            return found
        try:
            for i in range(0, len(keys), _QUERY_CHUNK):
                chunk = keys[i:i + _QUERY_CHUNK]
                rows = self.conn.execute(
                    "SELECT key, html, crc, cards FROM groups WHERE key IN "
                    f"({','.join('?' * len(chunk))})", chunk)
                for key, html, crc, cards in rows:
                    if isinstance(html, str) and isinstance(cards, str) and \
                            _crc(html + cards) == crc:
                        found[key] = (html, cards.split(","))
        except sqlite3.Error as err:
            self._off(err)
            return {}
        return found

    def store_groups(self, rows: list[tuple[str, str, list[str]]]) -> None:
        if self.conn is None or not rows:
            return
        try:
            self.conn.executemany(
                "INSERT OR REPLACE INTO groups VALUES (?, ?, ?, ?)",
                [(k, h, _crc(h + ",".join(cards)), ",".join(cards)) for k, h, cards in rows])
        except UnicodeEncodeError:
            pass
        except sqlite3.Error as err:
            self._off(err)

    def store(self, rows: list[tuple[str, str]]) -> None:
        if self.conn is None or not rows:
            return
        try:
            self.conn.executemany("INSERT OR REPLACE INTO cards VALUES (?, ?, ?)",
                                  [(k, h, _crc(h)) for k, h in rows])
            self.added += len(rows)
        except UnicodeEncodeError:
            pass  # a lone surrogate in some text: those cards are rendered each time
        except sqlite3.Error as err:
            self._off(err)

    def close(self) -> None:
        """Commit; drop the cards of events no longer shown once they pile up."""
        if self.conn is None:
            return
        try:
            prune = False
            for table, used, slack in (("cards", self.used, _PRUNE_SLACK),
                                       ("groups", self.used_groups, _PRUNE_GROUP_SLACK)):
                (total,) = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()
                if total > _PRUNE_RATIO * len(used) + slack:
                    prune = True
                    self.conn.execute(f"CREATE TEMP TABLE live_{table} (key TEXT PRIMARY KEY)")
                    self.conn.executemany(f"INSERT OR IGNORE INTO live_{table} VALUES (?)",
                                          ((k,) for k in used))
                    self.conn.execute(f"DELETE FROM {table} WHERE key NOT IN "
                                      f"(SELECT key FROM live_{table})")
            self.conn.commit()
            if prune:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()
        except sqlite3.Error as err:
            self._off(err)
        self.conn = None


class EventRenderer:
    """Renders ``event.html`` for one event of one list, from the view and the list's
    settings only. ``_timeline.html`` calls it as ``event_cards(group.events, timeline)``;
    :meth:`prepare` readies every card of a page in one go first (from the store, or
    rendered and stored). Only the current page's cards are held in memory."""

    def __init__(self, env: jinja2.Environment, cache_dir: Path | None = None) -> None:
        self._template = env.get_template("event.html")
        source = Path(self._template.filename).read_bytes() if self._template.filename else b""
        self._fingerprint = hashlib.blake2b(source, digest_size=16).hexdigest()
        self._memo: dict[int, str] = {}  # id(view) -> card, for the page being rendered
        self._groups: dict[int, str] = {}  # id(group.events) -> its cards, the same page
        self._store = _Store(cache_dir) if cache_dir is not None else None

    def _key(self, view: EventView | CardRef, level: int, year_headings: bool) -> str:
        if type(view) is CardRef:
            # From the event and the list's settings: no view is built for a card that is
            # in the store (the key covers the code that would build it, see _view_code).
            data = (f"{self._fingerprint}\x1eref\x1e{_view_code()}\x1e{level}\x1e"
                    f"{int(year_headings)}\x1e{view.id_prefix}\x1e{self._ref_fields(view)}")
        else:
            data = f"{self._fingerprint}\x1e{level}\x1e{int(year_headings)}\x1e" \
                   f"{_view_fields(view)}"  # type: ignore[arg-type]
        return hashlib.blake2b(data.encode("utf-8", "surrogatepass"),
                               digest_size=20).hexdigest()

    def _ref_fields(self, ref: CardRef) -> str:
        """What a CardRef's card depends on besides the list's settings."""
        # The event's content digest: usually known already (the build snapshot stores
        # it with each event), else computed once.
        digest = ref.event.digest or ref.event.content_digest()
        return f"{ref.label}\x1e{int(ref.continues)}\x1e{_opt(ref.more_href)}\x1e{digest}"

    def _group_key(self, refs: tuple[CardRef, ...], level: int, year_headings: bool) -> str:
        """Key of the cards of one group of a list, together: the key of each card's
        inputs, each length-prefixed so no two lists of cards can join alike."""
        h = hashlib.blake2b(digest_size=20)
        h.update(f"{self._fingerprint}\x1egroup\x1e{_view_code()}\x1e{level}\x1e"
                 f"{int(year_headings)}\x1e{refs[0].id_prefix}\x1e".encode())
        fields = [self._ref_fields(r) for r in refs]
        h.update("".join([f"{len(f)}:{f}" for f in fields]).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    @property
    def cached(self) -> bool:
        """Cards come from (and go to) the store: worth building lists lazily."""
        return self._store is not None and self._store.conn is not None

    def _render(self, view: EventView | CardRef, timeline: TimelineView) -> str:
        return self._template.render(event=as_view(view), timeline=timeline)

    def prepare(self, timelines: Iterable[TimelineView | None]) -> None:
        """Ready the cards of the timelines of the next page (forgetting the last page's).

        A group of CardRefs (a lazy list, see :func:`timeline.render.view.build_timeline`)
        is first looked up whole: an unchanged month or year of events is one row. The
        cards of the other groups are looked up one by one, rendered when missing, and
        their group is stored for the next build."""
        self._memo = {}
        self._groups = {}
        store = self._store
        if store is None or store.conn is None:
            return  # rendered as the page asks for them
        for timeline in timelines:
            if timeline is None:
                continue
            level, headings = timeline.heading_level, timeline.year_headings
            lazy = [g.events for g in timeline.groups
                    if g.events and type(g.events[0]) is CardRef]
            group_keys = [self._group_key(refs, level, headings) for refs in lazy]
            found_groups = store.fetch_groups(group_keys)
            missing: list[tuple[tuple, str]] = []
            for refs, key in zip(lazy, group_keys, strict=True):
                hit = found_groups.get(key)
                if hit is None:
                    missing.append((refs, key))
                    continue
                self._groups[id(refs)] = hit[0]
                store.used_groups.add(key)
                store.used.update(hit[1])
            done = {id(refs) for refs in lazy if id(refs) in self._groups}
            views = [v for g in timeline.groups if id(g.events) not in done for v in g.events]
            keys = [self._key(v, level, headings) for v in views]
            store.used.update(keys)
            found = store.fetch(keys)
            new: list[tuple[str, str]] = []
            card_keys: dict[int, str] = {}
            for view, key in zip(views, keys, strict=True):
                html = found.get(key)
                if html is None:
                    html = self._render(view, timeline)
                    new.append((key, html))
                self._memo[id(view)] = html
                card_keys[id(view)] = key
            store.store(new)
            rows = [(key, "".join([self._memo[id(v)] for v in refs]),
                     [card_keys[id(v)] for v in refs]) for refs, key in missing]
            store.used_groups.update(key for key, _html, _cards in rows)
            store.store_groups(rows)

    def __call__(self, views: Iterable[EventView], timeline: TimelineView) -> Markup:
        """The cards of ``views`` (one group of the list), in order."""
        html = self._groups.get(id(views))
        if html is not None:
            return Markup(html)
        memo = self._memo
        return Markup("".join([memo.get(id(v)) or self._render(v, timeline) for v in views]))

    def close(self) -> None:
        self._memo = {}
        self._groups = {}
        if self._store is not None:
            self._store.close()

    @staticmethod
    def applies(env: jinja2.Environment, shipped: Path) -> bool:
        """True when ``event.html`` is the shipped template (no user override)."""
        filename = env.get_template("event.html").filename
        return filename is not None and \
            Path(filename).resolve() == (shipped / "event.html").resolve()

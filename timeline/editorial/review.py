"""Review mode: ``timeline serve --review``.

Serves, on 127.0.0.1 only, every event with the expression that dated it, its value and
how it was resolved (the tagger's explanation), and controls to hide, pin, re-date or
re-headline it. Each control is a plain HTML form (works without JavaScript) that POSTs
to this server, which rewrites the corrections file atomically, keeping every other entry.

This page exists only here: the published site is rendered by ``timeline.render`` and
never contains these controls.

Cross-site protection (a page on another site must not be able to change the file):
- the server binds to 127.0.0.1, and answers only requests whose Host is 127.0.0.1 or
  localhost on its port (DNS rebinding);
- a POST must carry the per-session token (random, in every form and in the page for JSON
  clients), must not come from another origin (``Origin``/``Referer`` must be this server)
  and must not be marked cross-site by the browser (``Sec-Fetch-Site``);
- anything else gets 403. Pages are served with a strict Content-Security-Policy and
  ``frame-ancestors 'none'`` (no clickjacking).
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import jinja2

from timeline.editorial.corrections import (
    Corrections,
    apply_corrections,
    interpret_date,
    load_corrections,
    save_corrections,
)
from timeline.editorial.keydates import select_key_dates
from timeline.events.model import Event

LoadEvents = Callable[[], list[Event]]
MAX_BODY = 64 * 1024
PAGE_SIZE = 200  # events per review page (thousands of forms on one page would crawl)
SHOW = {"all": "all events", "visible": "visible events", "hidden": "hidden events",
        "key": "key dates and pinned", "corrected": "corrected and manual"}
ACTIONS = ("hide", "unhide", "pin", "unpin", "redate", "headline", "reset")

ANCHOR_WORDS = {
    "none": "absolute date (no anchor)",
    "publication": "relative to the publication date",
    "mention": "relative to an earlier mention",
}

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Review: {{ title }}</title>
<style>
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fff; --muted: #555; --line: #ccc;
  --mark: #fff2a8; --warn: #8a4b00; --key: #0b5394; }
@media (prefers-color-scheme: dark) { :root { --fg: #eee; --bg: #161616; --muted: #aaa;
  --line: #444; --mark: #5c5200; --warn: #ffb35c; --key: #8ab8ff; } }
body { font: 16px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg);
  margin: 0 auto; max-width: 72rem; padding: 1rem; }
header p, .muted { color: var(--muted); }
.warnings { border-left: 4px solid var(--warn); padding: .25rem 1rem; }
ol.tl-review { list-style: none; padding: 0; }
.tl-review-event { border-top: 1px solid var(--line); padding: .75rem 0; display: grid;
  grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; }
.tl-review-event.is-hidden { opacity: .7; }
.tl-review-event.is-hidden .tl-review-text { text-decoration: line-through; }
.tl-review-event h3 { margin: 0 0 .25rem; font-size: 1rem; }
mark { background: var(--mark); color: inherit; }
.badge { font-size: .75rem; border: 1px solid currentColor; border-radius: .25rem;
  padding: 0 .3rem; margin-left: .3rem; }
.badge.key { color: var(--key); }
dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 0 .75rem;
  font-size: .9rem; }
dt { color: var(--muted); }
dd { margin: 0; }
form { display: inline-block; margin: .25rem .25rem 0 0; }
input[type=text] { width: 9rem; max-width: 100%; }
form label { white-space: nowrap; }
@media (max-width: 50rem) { .tl-review-event { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<header>
<h1>Review: {{ title }}</h1>
<p>{{ events|length }} events ({{ hidden_count }} hidden{% if key_count %}, {{ key_count }} key{% endif %}).
Corrections are written to <code>{{ corrections_path }}</code> and applied on every build.
This page is for the editor only; the published site never shows these controls.</p>
{% if message %}<p role="status"><strong>{{ message }}</strong></p>{% endif %}
{% if warnings %}<section class="warnings" aria-label="Warnings"><h2>Warnings</h2><ul>
{% for w in warnings %}<li>{{ w }}</li>{% endfor %}</ul></section>{% endif %}
<form method="get" action="/" role="search">
<label>Show <select name="show">{% for value, label in shows %}<option value="{{ value }}"{% if value == show %} selected{% endif %}>{{ label }}</option>{% endfor %}</select></label>
<label>Containing <input type="search" name="q" value="{{ q }}"></label>
<button type="submit">Filter</button> <span class="muted">{{ matched }} matching{% if pages > 1 %}, page {{ page }} of {{ pages }}{% endif %}</span></form>
</header>
<main>
<ol class="tl-review">
{% for item in events %}{% set e = item.event %}
<li class="tl-review-event{% if item.hidden %} is-hidden{% endif %}" id="ev-{{ e.id }}">
<div>
<h3><time datetime="{{ e.start.isoformat() }}">{{ item.label }}</time>
{% if e.key %}<span class="badge key">key date</span>{% endif %}
{% if e.pinned %}<span class="badge">pinned</span>{% endif %}
{% if item.hidden %}<span class="badge">hidden</span>{% endif %}
{% if e.manual %}<span class="badge">manual</span>{% endif %}
{% if item.corrected %}<span class="badge">corrected</span>{% endif %}</h3>
{% if e.headline %}<p><strong>{{ e.headline }}</strong></p>{% endif %}
<p class="tl-review-text">{{ item.before }}{% if item.marked %}<mark>{{ item.marked }}</mark>{% endif %}{{ item.after }}</p>
{% if e.note %}<p class="muted">Note: {{ e.note }}</p>{% endif %}
<p class="muted">{% for s in e.sources %}{% if not loop.first %}; {% endif %}{{ s.source or s.title }}{% if s.published %} ({{ s.published }}){% endif %}{% if s.document %} <code>{{ s.document }}</code>{% endif %}{% endfor %}</p>
<p class="muted">id <code>{{ e.id }}</code></p>
</div>
<div>
<dl>
<dt>expression</dt><dd>{{ e.expression or "-" }}</dd>
<dt>value</dt><dd><code>{{ e.date }}</code>{% if e.mod %} ({{ e.mod }}){% endif %} · {{ e.granularity }}</dd>
<dt>rule</dt><dd>{{ item.exp.rule or "-" }}</dd>
<dt>resolved</dt><dd>{{ item.anchor }}</dd>
<dt>year</dt><dd>{{ "inferred" if item.exp.year_inferred else "written" }}</dd>
<dt>tense cue</dt><dd>{{ item.tense }}</dd>
<dt>direction</dt><dd>{{ item.exp.direction or "-" }}</dd>
{% if item.editor %}<dt>corrected</dt><dd>from <code>{{ item.editor.corrected_from }}</code></dd>{% endif %}
</dl>
{% macro action(name, label) %}<form method="post" action="/correct">
<input type="hidden" name="token" value="{{ token }}"><input type="hidden" name="back" value="{{ back }}"><input type="hidden" name="id" value="{{ item.target_id }}">
<input type="hidden" name="action" value="{{ name }}"><button type="submit">{{ label }}</button></form>{% endmacro %}
{% if not e.manual %}
{{ action("unhide", "Show") if item.hidden else action("hide", "Hide") }}
{{ action("unpin", "Unpin") if e.pinned else action("pin", "Pin to key dates") }}
{% if item.corrected %}{{ action("reset", "Undo corrections") }}{% endif %}
<form method="post" action="/correct"><input type="hidden" name="token" value="{{ token }}"><input type="hidden" name="back" value="{{ back }}">
<input type="hidden" name="id" value="{{ item.target_id }}"><input type="hidden" name="action" value="redate">
<label>Date <input type="text" name="date" value="{{ e.date }}" required aria-label="New date for {{ e.id }}"></label>
<label>Note <input type="text" name="note" value="{{ e.note or '' }}" aria-label="Note for {{ e.id }}"></label>
<button type="submit">Re-date</button></form>
<form method="post" action="/correct"><input type="hidden" name="token" value="{{ token }}"><input type="hidden" name="back" value="{{ back }}">
<input type="hidden" name="id" value="{{ item.target_id }}"><input type="hidden" name="action" value="headline">
<label>Headline <input type="text" name="headline" value="{{ e.headline or '' }}" aria-label="Headline for {{ e.id }}"></label>
<button type="submit">Set headline</button></form>
{% else %}<p class="muted">Manual entry: edit it in the corrections file.</p>{% endif %}
</div>
</li>{% endfor %}
</ol>
{% if pages > 1 %}<nav aria-label="Pages"><p>{% if prev_link %}<a href="{{ prev_link }}" rel="prev">Previous page</a>{% endif %}
{% if next_link %}<a href="{{ next_link }}" rel="next">Next page</a>{% endif %}</p></nav>{% endif %}
</main>
</body>
</html>
"""

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)
_TEMPLATE = _ENV.from_string(_PAGE)


def _label(event: Event) -> str:
    try:
        from timeline.render.labels import date_label
    except ImportError:
        return event.date
    try:
        return date_label(event)
    except Exception:  # a label must never take the review page down
        return event.date


def _split(event: Event) -> tuple[str, str, str]:
    if event.highlight:
        a, b = event.highlight
        if 0 <= a <= b <= len(event.text):
            return event.text[:a], event.text[a:b], event.text[b:]
    return event.text, "", ""


@dataclass
class ReviewState:
    """What the review page needs: raw events + the corrections file."""

    load_events: LoadEvents
    corrections_path: Path
    title: str = "Timeline"
    key_dates: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def __post_init__(self) -> None:
        self.token = secrets.token_urlsafe(32)
        self.lock = threading.Lock()
        self._events: list[Event] | None = None

    def raw_events(self) -> list[Event]:
        if self._events is None:
            self._events = self.load_events()
        return self._events

    def reload(self) -> None:
        with self.lock:
            self._events = None

    def corrections(self) -> Corrections:
        return load_corrections(self.corrections_path)

    def view(self, show: str = "all", q: str = "", message: str | None = None,
             page: int = 1) -> str:
        """The review page; ``show`` is one of :data:`SHOW` and ``q`` filters by text."""
        if show not in SHOW:
            show = "all"
        warnings: list[str] = []
        corrections = self.corrections()
        applied = apply_corrections(self.raw_events(), corrections, on_warning=warnings.append)
        visible = applied.events
        if self.key_dates:
            visible = select_key_dates(visible, self.key_dates, date_from=self.date_from,
                                       date_to=self.date_to)
        hidden_ids = {e.id for e in applied.hidden}
        events = sorted([*visible, *applied.hidden], key=lambda e: e.sort_key)
        items = []
        needle = q.strip().casefold()
        for event in events:
            hidden = event.id in hidden_ids
            correction = applied.corrected.get(event.id)
            if show == "visible" and hidden or show == "hidden" and not hidden:
                continue
            if show == "key" and not (event.key or event.pinned):
                continue
            if show == "corrected" and correction is None and not event.manual:
                continue
            if needle and needle not in " ".join(
                    (event.text, event.headline or "", event.date, event.id,
                     *(s.title for s in event.sources))).casefold():
                continue
            exp = dict(event.explanation or {})
            before, marked, after = _split(event)
            items.append({
                "event": event,
                "label": _label(event),
                "hidden": hidden,
                "corrected": correction is not None,
                # Write to the id the existing correction uses (it may be a member id).
                "target_id": correction.event_id if correction else event.id,
                "exp": {"rule": exp.get("rule"), "year_inferred": exp.get("year_inferred"),
                        "direction": exp.get("direction")},
                "anchor": _anchor(exp),
                "tense": _tense(exp),
                "editor": exp.get("editor") if isinstance(exp.get("editor"), dict)
                and "corrected_from" in exp.get("editor", {}) else None,
                "before": before, "marked": marked, "after": after,
            })
        matched = len(items)
        pages = max(1, -(-matched // PAGE_SIZE))
        page = min(max(page, 1), pages)
        items = items[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]

        def page_link(number: int) -> str:
            return "/?" + urlencode({"show": show, "q": q, "page": number})

        return _TEMPLATE.render(
            page=page, pages=pages, matched=matched,
            prev_link=page_link(page - 1) if page > 1 else None,
            next_link=page_link(page + 1) if page < pages else None,
            title=self.title, events=items, hidden_count=len(hidden_ids),
            key_count=sum(1 for e in events if e.key), warnings=warnings,
            corrections_path=str(self.corrections_path), token=self.token,
            show=show, q=q, shows=list(SHOW.items()), shown=len(items),
            back=urlencode({"show": show, "q": q, "page": page}), message=message,
        )

    def correct(self, event_id: str, action: str, fields: dict[str, str]) -> str:
        """Apply one review action to the corrections file; returns a status message."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        with self.lock:
            corrections = self.corrections()
            known = {e.id for e in self.raw_events()} | {
                m for e in self.raw_events() for m in (getattr(e, "members", ()) or ())}
            if event_id not in known and event_id not in corrections.events:
                raise LookupError(f"no event {event_id}")
            if action == "hide":
                corrections.update(event_id, hide=True)
            elif action == "unhide":
                corrections.update(event_id, hide=False)
            elif action == "pin":
                corrections.update(event_id, pin=True)
            elif action == "unpin":
                corrections.update(event_id, pin=False)
            elif action == "reset":
                corrections.events.pop(event_id, None)
            elif action == "headline":
                corrections.update(event_id, headline=(fields.get("headline") or "").strip() or None)
            elif action == "redate":
                value = (fields.get("date") or "").strip()
                event = next((e for e in self.raw_events() if e.id == event_id), None)
                published = None
                if event is not None:
                    dates = sorted(s.published for s in event.sources if s.published)
                    published = date.fromisoformat(dates[0][:10]) if dates else None
                if not value or interpret_date(value, published) is None:
                    raise ValueError(f"cannot read {value!r} as a date")
                note = (fields.get("note") or "").strip() or None
                original = event.date if event is not None else None
                corrections.update(event_id, date=None if value == original else value, note=note)
            save_corrections(corrections, self.corrections_path)
        return f"{action}: {event_id}"


def _anchor(exp: dict[str, Any]) -> str:
    kind = exp.get("anchor_kind") or "none"
    text = ANCHOR_WORDS.get(kind, kind)
    if exp.get("anchor") and kind != "none":
        text += f" ({exp['anchor']})"
    if exp.get("rule") == "manual entry":
        text = "manual entry" + (f", {text}" if kind != "none" else "")
    return text


def _tense(exp: dict[str, Any]) -> str:
    if exp.get("tense_cue"):
        return f"{exp.get('tense') or '?'} ({exp['tense_cue']})"
    return exp.get("tense") or "-"


class ReviewHandler(BaseHTTPRequestHandler):
    server: ReviewHTTPServer
    server_version = "timeline-review"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        if self.server.verbose:
            super().log_message(format, *args)

    # -- checks ----------------------------------------------------------------------
    def _allowed_hosts(self) -> set[str]:
        port = self.server.server_address[1]
        return {f"127.0.0.1:{port}", f"localhost:{port}"}

    def _host_ok(self) -> bool:
        return (self.headers.get("Host") or "").lower() in self._allowed_hosts()

    def _same_origin(self) -> bool:
        origins = {f"http://{h}" for h in self._allowed_hosts()}
        origin = self.headers.get("Origin")
        if origin is not None and origin.lower() not in origins:
            return False
        referer = self.headers.get("Referer")
        if origin is None and referer:
            parts = urlsplit(referer)
            if f"{parts.scheme}://{parts.netloc}".lower() not in origins:
                return False
        site = self.headers.get("Sec-Fetch-Site")
        return site is None or site in ("same-origin", "none")

    def _send(self, status: int, body: bytes, content_type: str,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "same-origin")
        self.send_header("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                         "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode(), "text/plain; charset=utf-8")

    def _forbidden(self, why: str) -> None:
        self._text(HTTPStatus.FORBIDDEN, f"403 forbidden: {why}")

    # -- verbs -------------------------------------------------------------------------
    def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        if not self._host_ok():
            return self._forbidden("unexpected Host header")
        url = urlsplit(self.path)
        if url.path == "/token":
            # For scripts: same-origin only (a cross-site page cannot read it anyway).
            if not self._same_origin():
                return self._forbidden("cross-site request")
            body = json.dumps({"token": self.server.state.token}).encode()
            return self._send(HTTPStatus.OK, body, "application/json")
        if url.path not in ("/", "/index.html"):
            return self._text(HTTPStatus.NOT_FOUND, "404 not found")
        query = parse_qs(url.query)
        show = (query.get("show") or ["all"])[0]
        q = (query.get("q") or [""])[0]
        message = (query.get("done") or [None])[0]
        try:
            number = int((query.get("page") or ["1"])[0])
        except ValueError:
            number = 1
        try:
            page = self.server.state.view(show=show, q=q, message=message, page=number)
        except Exception as err:  # noqa: BLE001 - report, keep serving
            return self._text(HTTPStatus.INTERNAL_SERVER_ERROR, f"error: {err}")
        self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")

    def do_POST(self) -> None:  # noqa: N802
        if not self._host_ok():
            return self._forbidden("unexpected Host header")
        if not self._same_origin():
            return self._forbidden("cross-site request")
        if urlsplit(self.path).path != "/correct":
            return self._text(HTTPStatus.NOT_FOUND, "404 not found")
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            return self._text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "413 request too large")
        raw = self.rfile.read(length)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        is_json = ctype == "application/json"
        try:
            if is_json:
                data = json.loads(raw.decode("utf-8") or "{}")
                if not isinstance(data, dict):
                    raise ValueError("expected a JSON object")
                fields = {k: str(v) for k, v in data.items() if v is not None}
            elif ctype == "application/x-www-form-urlencoded":
                fields = {k: v[0] for k, v in parse_qs(raw.decode("utf-8")).items()}
            else:
                return self._text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "415 unsupported content type")
        except (ValueError, UnicodeDecodeError) as err:
            return self._text(HTTPStatus.BAD_REQUEST, f"400 bad request: {err}")
        token = fields.get("token") or self.headers.get("X-Review-Token") or ""
        if not hmac.compare_digest(token.encode(), self.server.state.token.encode()):
            return self._forbidden("missing or wrong session token")
        event_id = fields.get("id", "")
        try:
            message = self.server.state.correct(event_id, fields.get("action", ""), fields)
        except LookupError as err:
            return self._reply_error(is_json, HTTPStatus.NOT_FOUND, str(err))
        except ValueError as err:
            return self._reply_error(is_json, HTTPStatus.BAD_REQUEST, str(err))
        except Exception as err:  # noqa: BLE001 - report, keep serving
            return self._reply_error(is_json, HTTPStatus.INTERNAL_SERVER_ERROR, f"error: {err}")
        if is_json:
            body = json.dumps({"ok": True, "message": message}).encode()
            return self._send(HTTPStatus.OK, body, "application/json")
        # Back to the same filtered view (only our own query keys are kept).
        back = parse_qs(fields.get("back", ""))
        keep = {k: back[k][0] for k in ("show", "q", "page") if back.get(k)}
        location = "/?" + urlencode({**keep, "done": message}) + f"#ev-{quote(event_id)}"
        self._send(HTTPStatus.SEE_OTHER, b"", "text/plain", {"Location": location})

    def _reply_error(self, is_json: bool, status: int, message: str) -> None:
        if is_json:
            body = json.dumps({"ok": False, "error": message}).encode()
            return self._send(status, body, "application/json")
        return self._text(status, f"{int(status)}: {message}")


class ReviewHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: ReviewState, port: int = 8000, verbose: bool = False) -> None:
        self.state = state
        self.verbose = verbose
        # Bound to the loopback address only: review mode is never exposed to a network.
        super().__init__(("127.0.0.1", port), ReviewHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


def make_server(load_events: LoadEvents, corrections_path: Path, *, port: int = 8000,
                title: str = "Timeline", key_dates: int | None = None,
                date_from: date | None = None, date_to: date | None = None,
                verbose: bool = False) -> ReviewHTTPServer:
    """A ready review server (call ``serve_forever``); ``port=0`` picks a free port."""
    state = ReviewState(load_events=load_events, corrections_path=Path(corrections_path),
                        title=title, key_dates=key_dates, date_from=date_from, date_to=date_to)
    return ReviewHTTPServer(state, port=port, verbose=verbose)


def raw_events_loader(options: Any) -> LoadEvents:
    """Events of a build before editorial changes (the review page applies them itself,
    and must also show the hidden events)."""
    from dataclasses import replace as dc_replace

    from timeline.editorial import editorial_bypassed
    from timeline.pipeline import BuildReport, collect_events

    def load() -> list[Event]:
        opts = dc_replace(options, key_dates=None, progress=False)
        with editorial_bypassed():
            return list(collect_events(opts, BuildReport()))

    return load


def serve_review(options: Any, *, port: int = 8000, quiet: bool = False, interval: float = 1.0,
                 snapshot: Callable[[], dict] | None = None) -> None:
    """``timeline serve --review``: serve the review page until Ctrl-C.

    The events are extracted once (then re-read when ``snapshot()`` — the sources' state —
    changes); every page view re-applies the corrections file, so edits made by hand show
    up on reload too. Writes by this server do not trigger re-extraction.
    """
    import click

    from timeline.editorial import corrections_path
    from timeline.watch import poll_changes

    path, _explicit = corrections_path(options)
    loader = raw_events_loader(options)
    server = make_server(loader, path, port=port, title=options.title,
                         key_dates=options.key_dates, date_from=options.date_from,
                         date_to=options.date_to, verbose=not quiet)
    state = server.state
    try:
        count = len(state.raw_events())  # extract now: errors surface before serving
    except BaseException:
        server.server_close()
        raise
    click.echo(f"Reviewing {count} events at {server.url} (corrections: {path}; "
               "Ctrl-C to stop)", err=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    ignored = str(Path(path).resolve())

    def sources_state() -> dict:
        current = dict(snapshot()) if snapshot else {}
        return {k: v for k, v in current.items() if str(Path(k).resolve()) != ignored}

    def reload() -> None:
        if not quiet:
            click.echo("timeline: sources changed, re-reading events", err=True)
        state.reload()

    try:
        poll_changes(sources_state, reload, interval)
    finally:
        server.shutdown()
        server.server_close()

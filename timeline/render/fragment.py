"""The embeddable fragment: one self-contained block of HTML to paste into any page.

It renders the same partial (``_timeline.html``) as the static site, inside
``fragment.html``: no ``<html>``/``<head>``/``<body>``, no external asset. The shipped CSS
is inlined in a ``<style>`` and re-scoped from ``.tl-timeline`` to
``#<root id>.tl-timeline``. The id raises every rule above what host pages commonly write
(``#content li``, ``.post ol``...), and a reset in front of it (``all: revert``) undoes
whatever the host did to lists, headings, links and paragraphs inside the fragment, so the
host can neither break the timeline nor be touched by it. Element ids carry a prefix
derived from the content (or given), so two timelines on one page never collide. The
optional search/filter script is inlined too; without it every event is on the page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from markupsafe import Markup

from timeline.events.model import Event
from timeline.render.environment import make_environment, render_template, shipped_asset
from timeline.render.view import TimelineView, build_timeline

ROOT_CLASS = "tl-timeline"
_ROOT_SELECTOR = re.compile(r"\.tl-timeline(?![\w-])")
_PREFIX_OK = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_BLOCK = re.compile(r"\{[^{}]*\}")
_REM = re.compile(r"(?<![\w.])(\d*\.?\d+)rem\b")
# Rules that only the standalone site's page chrome uses; a fragment has no such elements.
_SITE_ONLY = ("tl-page", "tl-skip", "tl-site-", "tl-nav", "tl-main", "tl-page-title",
              "tl-pager", "tl-year-list", "tl-lede")


def fragment_id_prefix(events: Iterable[Event], title: str = "") -> str:
    """A short prefix derived from the timeline's content: the same events give the same
    ids (deterministic builds), different timelines on one page get different ones."""
    digest = hashlib.sha256(title.encode("utf-8"))
    for event_id in sorted(e.id for e in events):
        digest.update(b"\x00" + event_id.encode("utf-8"))
    return f"tl-{digest.hexdigest()[:8]}-"


def clean_id_prefix(prefix: str) -> str:
    """A user's ``id_prefix`` made safe for HTML ids and CSS selectors (``notes`` -> ``notes-``)."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", prefix.strip())
    if not cleaned or not _PREFIX_OK.match(cleaned):
        cleaned = "tl-" + cleaned.lstrip("-_")
    return cleaned if cleaned.endswith("-") else cleaned + "-"


# For a stylesheet shared by every timeline of a site (the MkDocs plugin): any fragment
# root, raised to id strength by :not(#...) (an id no element has), so theme rules such
# as Material's `.md-typeset ul:not([hidden])` never win inside the timeline.
SHARED_ROOT = ".tl-timeline.tl-fragment:not(#tl--)"


def scoped_css(root_id: str, css: str | None = None) -> str:
    """The shipped stylesheet, scoped to one fragment root and hardened against the host."""
    return hardened_css(f"#{root_id}.{ROOT_CLASS}", css)


def hardened_css(root: str, css: str | None = None) -> str:
    """The shipped stylesheet with ``.tl-timeline`` replaced by ``root`` (a selector of id
    strength), preceded by a reset of whatever the host page set inside it."""
    if css is None:
        css = shipped_asset("assets/timeline.css").decode("utf-8")
    css = _COMMENT.sub("", css)
    css = _drop_site_rules(css)
    scoped = _ROOT_SELECTOR.sub(lambda _m: root, css)
    # Sizes relative to the timeline's own root, not to the host's <html>: hosts set the
    # root size to anything (62.5% to get 10px, Material's 125%). Media queries keep rem,
    # which there always means the browser's default size.
    scoped = _BLOCK.sub(lambda m: _REM.sub(r"\1em", m.group()), scoped)
    reset = (
        # Undo the host's styles on everything inside (lists, headings, links, margins,
        # fonts, floats...). :where() keeps this at the root's specificity so every rule
        # of the timeline's own stylesheet, which comes after, still wins.
        f"{root},{root} :where(:not(svg,svg *)){{all:revert}}\n"
        # A fragment may sit on any background: it brings its own, so the dark scheme
        # never puts light text on a host's white page (and the reverse).
        f"{root}{{display:block;background:var(--tl-bg);padding:1em;"
        f"border-radius:var(--tl-radius);max-width:100%;font-size:medium;"
        f"text-align:start;overflow-wrap:anywhere}}\n"
        f"{root} .tl-fragment-title{{font-size:1.25em;font-weight:700;margin:0 0 .6em;"
        f"line-height:1.3}}\n"
    )
    return reset + _minify(scoped)


def _drop_site_rules(css: str) -> str:
    """Remove top-level rules whose every selector names site-only chrome."""
    out: list[str] = []
    i = 0
    while i < len(css):
        brace = css.find("{", i)
        close = css.find("}", i)
        if brace == -1 or (close != -1 and close < brace):
            if close == -1:
                out.append(css[i:])
                break
            out.append(css[i:close + 1])  # the end of an @media block
            i = close + 1
            continue
        prelude = css[i:brace]
        if prelude.strip().startswith("@"):
            out.append(css[i:brace + 1])  # @media ... { : look at the rules inside
            i = brace + 1
            continue
        end = css.find("}", brace)
        end = len(css) - 1 if end == -1 else end
        selectors = [s.strip() for s in prelude.split(",") if s.strip()]
        if selectors and all(any(name in s for name in _SITE_ONLY) for s in selectors):
            i = end + 1
            continue
        out.append(css[i:end + 1])
        i = end + 1
    text = "".join(out)
    # Media blocks left empty by the removal.
    return re.sub(r"@media[^{]*\{\s*\}", "", text)


def _minify(css: str) -> str:
    """Drop indentation, line breaks after ``{ } ; ,`` and the space after a property's
    colon. Safe for this stylesheet: strings never span lines, and a line that starts
    with a lowercase word and a colon is always a declaration (selector lines start with
    the root selector, at-rules with @)."""
    css = re.sub(r"\n\s*", "\n", css).strip()
    css = re.sub(r"(?m)^(-{0,2}[a-z][a-z0-9-]*): ", r"\1:", css)
    return re.sub(r"([{};,])\n", r"\1", css) + "\n"


def _minify_js(js: str) -> str:
    """Drop comments on lines of their own and indentation (the shipped script has no
    multi-line strings)."""
    js = re.sub(r"/\*.*?\*/", "", js, flags=re.S)
    js = re.sub(r"(?m)^[ \t]*//.*\n", "", js)
    return re.sub(r"\n[ \t]*", "\n", js).strip() + "\n"


def render_fragment(
    events: Sequence[Event] | Iterable[Event],
    *,
    title: str | None = None,
    id_prefix: str | None = None,
    heading_level: int = 2,
    year_headings: bool = True,
    controls: bool = True,
    script: bool = True,
    css: bool = True,
    templates: Path | None = None,
) -> str:
    """One self-contained HTML fragment of the events, ready to paste into a page.

    ``id_prefix`` makes the element ids (default: derived from the content);
    ``heading_level`` is the level of the year headings (events get the next one) so the
    fragment fits under the host's own headings; ``script=False`` leaves out the
    search/filter script (the fragment is complete without it); ``css=False`` leaves out
    the styles for a host that loads ``timeline.css`` itself.
    """
    events = list(events)
    prefix = (clean_id_prefix(id_prefix) if id_prefix is not None
              else fragment_id_prefix(events, title or ""))
    view = build_timeline(events, id_prefix=prefix, heading_level=heading_level,
                          year_headings=year_headings, controls=controls,
                          label=title or "Timeline")
    return render_view(view, title=title, css=css, script=script, templates=templates)


def render_view(
    view: TimelineView, *, title: str | None = None, css: bool = True, script: bool = True,
    templates: Path | None = None,
) -> str:
    """Render an already built :class:`TimelineView` as a fragment."""
    root_id = f"{view.id_prefix}root" if view.id_prefix else "tl-root"
    env = make_environment(templates)
    html = render_template(
        env, "fragment.html",
        timeline=view,
        title=title,
        fragment_id=root_id,
        css=Markup(_safe_in_tag(scoped_css(root_id), "style")) if css else None,
        script=(Markup(_safe_in_tag(
            _minify_js(shipped_asset("assets/timeline.js").decode("utf-8")), "script"))
                if script and view.controls else None),
    )
    return compact_html(html)


_BLOCK_TAGS = "li|ol|ul|article|section|div|p|h[1-6]|footer|header|form|main|nav"
_BETWEEN_BLOCKS = re.compile(
    rf"(</?(?:{_BLOCK_TAGS})\b[^<>]*>)\n(?=</?(?:{_BLOCK_TAGS})\b)")
_PRE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)


def compact_html(html: str) -> str:
    """Drop the templates' indentation and blank lines (a fragment is pasted, not read as
    source), leaving ``<pre>``/``<textarea>``/``<script>``/``<style>`` content untouched."""
    parts = _PRE.split(html)
    out: list[str] = []
    # re.split with two groups yields: text, whole match, tag name, text, ...
    for index in range(0, len(parts), 3):
        text = re.sub(r"\n[ \t]*(?:\n[ \t]*)*", "\n", parts[index])
        # A line break between two block-level tags renders as nothing.
        out.append(_BETWEEN_BLOCKS.sub(r"\1", text))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out).strip() + "\n"


def _safe_in_tag(text: str, tag: str) -> str:
    """Raw text inside <style>/<script> must not contain its own end tag."""
    return re.sub(rf"</(?={tag})", r"<\\/", text, flags=re.I)

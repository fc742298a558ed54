"""``timeline serve [SOURCES]``: build the site, serve it on localhost, rebuild on change.

Open pages reload themselves after a rebuild: the server adds a small polling script to
the HTML it serves (the files on disk never contain it).

The server binds to 127.0.0.1 only (a preview, not a publishing server) and uses the
standard library's http.server. Changes are found by polling file modification times and
sizes of the sources, the templates folder and the config file (no extra dependency, works
on every filesystem). A failed rebuild prints one line and keeps serving the last good
site, since the site is written atomically.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import http.server
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from timeline.cli.build import common_options, options_from, run
from timeline.config import find_config
from timeline.errors import InputError, TimelineError
from timeline.pipeline import BuildOptions
from timeline.watch import poll_changes

Snapshot = dict[str, tuple[int, int]]


def _walk(path: Path, skip: set[Path]) -> Iterable[Path]:
    if path.is_file():
        yield path
        return
    if not path.is_dir():
        return
    for root, dirs, files in os.walk(path):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs
                         if not d.startswith(".") and (here / d).resolve() not in skip)
        for name in sorted(files):
            if not name.startswith("."):
                yield here / name


def snapshot(paths: Iterable[Path], skip: Iterable[Path] = ()) -> Snapshot:
    """(mtime_ns, size) of every visible file under ``paths``; the output folder is skipped
    so our own writes never trigger a rebuild."""
    skipped = {Path(p).resolve() for p in skip}
    state: Snapshot = {}
    for path in paths:
        for file in _walk(Path(path), skipped):
            try:
                st = file.stat()
            except OSError:
                continue
            state[str(file)] = (st.st_mtime_ns, st.st_size)
    return state


def watched_paths(options: BuildOptions, config_file: Path | None) -> list[Path]:
    paths = [Path(s) for s in options.sources]
    if options.templates is not None:
        paths.append(Path(options.templates))
    if config_file is not None:
        paths.append(Path(config_file))
    if options.corrections is not None:
        paths.append(Path(options.corrections))
    if options.events_dir is not None:
        paths.append(Path(options.events_dir))
    return paths


# Injected into HTML pages by the preview server only (the built files never contain it):
# polls the build generation and reloads the page after a rebuild.
RELOAD_SCRIPT = b"""<script>
(function () {
  var seen = null;
  function poll() {
    fetch("/__timeline__/generation", {cache: "no-store"}).then(function (r) {
      return r.text();
    }).then(function (g) {
      if (seen !== null && g !== seen) { location.reload(); }
      seen = g;
    }).catch(function () {}).finally(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>
"""
GENERATION_PATH = "/__timeline__/generation"


class BuildState:
    """How many successful builds the server has seen (the live-reload signal)."""

    def __init__(self) -> None:
        self.generation = 0
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.generation += 1


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Static files from the built site, never cached by the browser; HTML pages get the
    live-reload script. Requests are not logged (the console is for build messages)."""

    state: BuildState

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        route = self.path.split("?", 1)[0].split("#", 1)[0]
        if route == GENERATION_PATH:
            self._send(str(self.state.generation).encode(), "text/plain; charset=utf-8")
            return
        # A rebuild swaps the site folder in with two renames; a request that falls in
        # between waits for the new folder instead of failing.
        for _ in range(40):
            if Path(self.directory).is_dir():
                break
            time.sleep(0.05)
        target = Path(self.translate_path(self.path))
        if target.is_dir() and route.endswith("/"):
            target = target / "index.html"
        if target.suffix == ".html":
            try:
                html = target.read_bytes()
            except OSError:
                html = None
            if html is not None:
                cut = html.rfind(b"</body>")
                html = (html[:cut] + RELOAD_SCRIPT + html[cut:] if cut >= 0
                        else html + RELOAD_SCRIPT)
                self._send(html, "text/html; charset=utf-8")
                return
        super().do_GET()

    def _send(self, data: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def make_server(site: Path, port: int,
                state: BuildState | None = None) -> http.server.ThreadingHTTPServer:
    handler_class = type("Handler", (PreviewHandler,), {"state": state or BuildState()})
    handler = functools.partial(handler_class, directory=str(site))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as err:
        if err.errno == errno.EADDRINUSE:
            raise InputError(f"port {port} is already in use; try --port {port + 1}") from None
        raise InputError(f"cannot listen on 127.0.0.1:{port}: {err.strerror}") from None
    server.daemon_threads = True
    return server


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _rebuild(options: BuildOptions, quiet: bool) -> bool:
    try:
        run(options, quiet)
        return True
    except TimelineError as err:
        click.echo(f"timeline: error: {err} (still serving the last good build)", err=True)
        return False


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to build the site into (default: a temporary folder).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--interval", type=click.FloatRange(0.1, 60), default=1.0, show_default=True,
              help="Seconds between checks for changed files.")
@click.option("--review", is_flag=True, default=False,
              help="Editor's review page: how each date was resolved, with controls to hide, "
                   "pin or re-date events (writes the corrections file). Never published.")
@common_options
def serve(sources: tuple[Path, ...], port: int, interval: float, quiet: bool,
          review: bool = False, **params: Any) -> None:
    """Build SOURCES, serve the site on http://127.0.0.1:PORT/ and rebuild when an
    article, a template or the config changes. Stop with Ctrl-C."""
    temporary = params.get("output") is None
    if temporary:
        params["output"] = Path(tempfile.mkdtemp(prefix="timeline-serve-")) / "site"
    options = options_from(params, sources)
    options = dataclasses.replace(options, format="site", progress=False)
    if options.cache_dir is None:
        # Rebuilds re-tag only the articles that changed (the incremental cache).
        from timeline.scale.cache import default_cache_dir

        options = dataclasses.replace(options, cache_dir=default_cache_dir())
    config_file = find_config(options.sources, params.get("config_file"))
    paths = watched_paths(options, config_file)
    skip = [options.output]
    try:
        if review:
            from timeline.editorial.review import serve_review

            return serve_review(options, port=port, quiet=quiet, interval=interval,
                                snapshot=lambda: snapshot(paths, skip))
        if not _rebuild(options, quiet) and not Path(options.output).is_dir():
            raise InputError("the first build failed; fix the error above and run again")
        builds = BuildState()
        server = make_server(Path(options.output), port, builds)
        host, bound = server.server_address[:2]
        click.echo(f"Serving http://{host}:{bound}/ (watching {len(paths)} path"
                   f"{'s' if len(paths) != 1 else ''}; Ctrl-C to stop)", err=True)
        sys.stderr.flush()
        signal.signal(signal.SIGTERM, _stop)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()

        def rebuild() -> None:
            if not quiet:
                click.echo("timeline: change detected, rebuilding", err=True)
            if _rebuild(options, quiet):
                builds.bump()

        try:
            poll_changes(lambda: snapshot(paths, skip), rebuild, interval)
        finally:
            server.shutdown()
            server.server_close()
    finally:
        if temporary:
            shutil.rmtree(Path(options.output).parent, ignore_errors=True)

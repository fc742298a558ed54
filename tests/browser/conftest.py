"""Real-browser fixtures: headless Debian Chromium driven by Playwright, pages served from
a local http.server on 127.0.0.1, axe-core from npm (``.ci/run`` installs it into
tests/browser/node_modules). Everything skips cleanly where Chromium is absent."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
EXAMPLES = PROJECT / "examples"
ARTIFACTS = PROJECT / "test-artifacts" / "browser"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("TIMELINE_CHROMIUM", "/usr/bin/chromium")
# The machine has no network: keep Chromium from trying to reach Google at every start.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM} (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        message = (f"axe-core not found at {AXE}: run "
                   "`npm install --prefix tests/browser --no-save axe-core@4`")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _timeline(*args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "timeline", *args], capture_output=True,
                            text=True, timeout=300, cwd=PROJECT)
    if result.returncode != 0:
        raise AssertionError(f"timeline {' '.join(args)} failed: {result.stderr}")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        pass


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Iterator[dict[str, object]]:
    """Build every page under test once, serve them on 127.0.0.1, yield their URLs and the
    number of events each must show."""
    root = tmp_path_factory.mktemp("served")
    # The server starts first: Material's instant navigation needs site_url, which needs
    # the port. Browsers ask for /favicon.ico on their own; answer it so a 404 is a miss.
    (root / "favicon.ico").write_bytes(b"")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        export = root / "events.json"
        _timeline("build", str(EXAMPLES), "--format", "json", "-o", str(export))
        events = json.loads(export.read_text())["events"]
        tags = sorted({t for e in events for t in e["tags"]})

        # 1. The standalone site.
        _timeline("build", str(EXAMPLES), "-o", str(root / "site"))

        # 2. Two fragments inside a foreign page with aggressive CSS of its own.
        _timeline("build", str(EXAMPLES), "--fragment", "-o", str(root / "whole.html"))
        tag = tags[0]
        _timeline("build", str(EXAMPLES), "--fragment", "--tag", tag, "--title", f"Only {tag}",
                  "-o", str(root / "tagged.html"))
        tagged_count = sum(1 for e in events if tag in e["tags"])
        host = root / "fragment"
        host.mkdir()
        (host / "index.html").write_text(
            HOST_PAGE.replace("{{WHOLE}}", (root / "whole.html").read_text())
            .replace("{{TAGGED}}", (root / "tagged.html").read_text()), encoding="utf-8")

        # 3. MkDocs pages, Material and the default theme, the plugin reading examples/.
        for theme in ("material", "mkdocs"):
            project = root / f"mkdocs-{theme}-project"
            (project / "docs").mkdir(parents=True)
            (project / "docs" / "index.md").write_text(textwrap.dedent("""\
                # The bridge story

                Everything the desk reported, in order:

                ::timeline::
                """))
            (project / "docs" / "about.md").write_text("# About\n\nA made-up story.\n")
            # Material with instant navigation: pages are swapped in without reloading
            # scripts, so the timeline's script must set itself up again.
            theme_block = ("theme:\n  name: material\n  font: false\n"
                           "  features: [navigation.instant]\n" if theme == "material"
                           # The default theme fetches highlight.js from a CDN unless told not to.
                           else "theme:\n  name: mkdocs\n  highlightjs: false\n")
            (project / "mkdocs.yml").write_text(
                f"site_name: Bridge desk\nsite_url: {base}mkdocs-{theme}/\n"
                f"{theme_block}plugins:\n  - search\n  - timeline:\n"
                f"      sources: [{EXAMPLES}]\n      published: 2024-07-01\n"
                f"      title: The Alder Street Bridge\n"
                f"site_dir: {root / f'mkdocs-{theme}'}\n")
            result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                                     str(project / "mkdocs.yml")], capture_output=True, text=True,
                                    timeout=300)
            if result.returncode != 0:
                raise AssertionError(f"mkdocs build ({theme}) failed: {result.stderr}")

        yield {
            "base": base,
            "pages": {
                "site": (base + "site/index.html", len(events)),
                "fragment": (base + "fragment/index.html", len(events) + tagged_count),
                "mkdocs-material": (base + "mkdocs-material/index.html", len(events)),
                "mkdocs-default": (base + "mkdocs-mkdocs/index.html", len(events)),
            },
            "events": events,
            "tagged": (tag, tagged_count),
        }
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        shutil.rmtree(root, ignore_errors=True)


# A host page that does what real CMS themes do to lists, headings, paragraphs and links,
# some of it with an id selector, plus its own accessible content around the fragments.
HOST_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host page with its own styles</title>
<style>
* { box-sizing: content-box; }
html { font-size: 14px; }
body { font: 19px/1.1 Georgia, serif; color: #222; background: #f4f1ea; margin: 0; }
#content { padding: 8px; }
#content li { margin-left: 120px; float: left; width: 420px; border: 3px dashed #900; }
ol, ul { list-style: upper-roman; margin: 3em; padding: 2em; }
h2, h3, h4 { text-transform: uppercase; font-size: 34px; color: #8a0000; letter-spacing: .2em; }
p { margin: 40px; text-align: justify; text-indent: 4em; }
section { columns: 2; }
article { display: inline-block; width: 640px; }
time { display: none; }
mark { background: #000; color: #000; }
a { color: #6b006b; }
div { position: relative; left: 10px; }
.host-note { margin: 40px; }
</style>
</head>
<body>
<header><h1 class="host-title">The Port Ellery Gazette</h1></header>
<main id="content">
<h2 class="host-heading">Our coverage</h2>
<p class="host-note">The bridge, from the first crack to the opening day.</p>
{{WHOLE}}
<h2 class="host-heading">One thread</h2>
{{TAGGED}}
<p class="host-note">Letters to the editor are welcome.</p>
</main>
</body>
</html>
"""

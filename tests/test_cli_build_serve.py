"""`timeline serve`: builds, serves on 127.0.0.1, rebuilds when an article changes."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _read_url(proc: subprocess.Popen, deadline: float) -> str:
    assert proc.stderr is not None
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        match = re.search(r"Serving (http://127\.0\.0\.1:\d+/)", line)
        if match:
            return match.group(1)
    raise AssertionError("server did not start")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.headers["Cache-Control"] == "no-store"
        return response.read().decode("utf-8")


@pytest.mark.slow
def test_serve_rebuilds_on_change(tmp_path: Path):
    src = tmp_path / "articles"
    shutil.copytree(ROOT / "examples", src)
    out = tmp_path / "site"
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeline", "serve", str(src), "-o", str(out), "--port", "0",
         "--interval", "0.2", "-q"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=tmp_path,
        env={**os.environ})
    try:
        url = _read_url(proc, time.monotonic() + 60)
        assert url.startswith("http://127.0.0.1:")
        html = _get(url + "index.html")
        assert "The Alder Street Bridge" in html
        assert "/__timeline__/generation" in html  # live reload, added by the server only
        assert "/__timeline__/generation" not in (out / "index.html").read_text()
        assert _get(url) == html
        assert _get(url + "__timeline__/generation") == "0"
        assert "Lighthouse" not in html
        assert _get(url + "assets/timeline.css").startswith("/*")
        (src / "lighthouse.md").write_text(
            "---\ntitle: Lighthouse relit\ndate: 2024-05-06\n---\n"
            "The old Lighthouse was relit on Saturday after a year in the dark.\n")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if "Lighthouse" in _get(url + "index.html"):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the site was not rebuilt after a change")
        assert "Saturday 4 May 2024" in _get(url + "index.html")
        assert _get(url + "__timeline__/generation") != "0"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0

"""The wheel ships the templates (as the package timeline.templates) and an installed
`timeline` finds them: a build from the installed wheel gives the same site as a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ["base.html", "index.html", "event.html", "fragment.html", "_timeline.html",
             "year.html", "full.html", "assets/timeline.css", "assets/timeline.js"]


# pip's own network timeout (PIP_DEFAULT_TIMEOUT may be minutes): fetching the build
# backend for an isolated build must fail fast where the index is slow or unreachable.
PIP_NET = ["--timeout", "20", "--retries", "1"]


def _build_wheel(out: Path) -> Path:
    attempts = [
        # No network: the installed setuptools (+ wheel) build it, when they can.
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-w", str(out), "-q"],
        # Isolated build: pip fetches the build backend named in pyproject.toml.
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", *PIP_NET,
         "-w", str(out), "-q"],
    ]
    errors = []
    for command in attempts:
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=150,
                                    stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            errors.append("timed out")
            continue
        wheels = sorted(out.glob("timeline-*.whl"))
        if result.returncode == 0 and wheels:
            return wheels[-1]
        errors.append(result.stderr.strip().splitlines()[-1:] if result.stderr else [])
    pytest.skip(f"cannot build a wheel here (no build backend available): {errors}")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return _build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.mark.slow
def test_wheel_contains_the_templates(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in TEMPLATES:
        assert f"timeline/templates/{name}" in names, name
    assert "timeline/templates/__init__.py" in names
    assert not any(n.startswith(("templates/", "examples/", "tests/")) for n in names)
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


@pytest.mark.slow
def test_installed_wheel_builds_a_site(wheel: Path, tmp_path: Path):
    venv = tmp_path / "venv"
    # System site-packages give the dependencies (no network); the wheel itself is
    # installed into the venv, which comes first on sys.path.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
                    str(venv)], check=True, timeout=120, stdin=subprocess.DEVNULL)
    python = venv / "bin" / "python"
    # pip from the system site-packages installs the wheel into the venv (no network).
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                    str(wheel)], check=True, timeout=120, stdin=subprocess.DEVNULL)
    where = subprocess.run(
        [str(python), "-c",
         "import timeline, timeline.render.environment as e; "
         "print(timeline.__file__); print(e.shipped_templates_dir())"],
        capture_output=True, text=True, check=True, cwd=tmp_path).stdout.split("\n")
    assert str(venv) in where[0], where
    assert str(venv) in where[1], where
    out = tmp_path / "site"
    result = subprocess.run([str(python), "-m", "timeline", "build", str(ROOT / "examples"),
                             "-o", str(out), "-q"], capture_output=True, text=True,
                            cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (out / "assets" / "timeline.css").read_bytes() == \
        (ROOT / "templates" / "assets" / "timeline.css").read_bytes()
    assert "tl-event" in (out / "index.html").read_text()

"""Where ../shared lives, and a helper that skips a test where it is absent.

Import it as ``from shared_data import shared_path`` (pytest's ``pythonpath`` puts tests/
on the path): a module of its own, because two conftest.py files would shadow each other.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """Path under ../shared, skipping the calling test where it does not exist."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} is not available")
    return path

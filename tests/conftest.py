"""Shared fixtures. Data in ../shared (beside the project root) is read in place and the
tests that need it skip cleanly where it is absent (see shared_data.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import PROJECT_ROOT, SHARED, shared_path

__all__ = ["PROJECT_ROOT", "SHARED", "shared_path"]


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not available")
    return SHARED

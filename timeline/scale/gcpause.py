"""Pausing Python's cyclic garbage collector while a build allocates in bulk.

A build allocates hundreds of thousands of acyclic objects that live until it ends (the
listed files and their stat keys, events, rows): the collector finds nothing to free
among them, yet every few hundred allocations it walks the young ones again, and now and
then everything (a third of a cached rebuild's listing and stat-ing was collector time).
Reference counting still frees whatever is dropped; only cycles wait until the pause
ends. ``freeze`` also moves what is alive at the end out of the collector's view for
good (``gc.freeze``: O(1)), for objects that stay alive until the build ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()

"""Polling for changes: ``timeline serve`` and its review mode both watch the sources this way
(no extra dependency, works on every file system)."""

from __future__ import annotations

import time
from collections.abc import Callable

import click


def poll_changes(state: Callable[[], object], on_change: Callable[[], None],
                 interval: float) -> None:
    """Call ``on_change`` each time ``state()`` differs from its last reading, polling every
    ``interval`` seconds, until Ctrl-C."""
    seen = state()
    try:
        while True:
            time.sleep(interval)
            current = state()
            if current != seen:
                seen = current
                on_change()
    except KeyboardInterrupt:
        click.echo("timeline: stopped", err=True)

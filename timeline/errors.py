"""Errors that reach the user as one clear line and a non-zero exit status."""

from __future__ import annotations


class TimelineError(Exception):
    """A user-facing error: the CLI prints ``str(err)`` on one line and exits ``exit_code``."""

    exit_code = 1


class InputError(TimelineError):
    """Bad or missing input (no publication date, unreadable file, invalid config)."""

    exit_code = 2

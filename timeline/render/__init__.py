"""Rendering: events -> site pages, fragment and exports, through one Jinja environment.

Public names (imported lazily so ``import timeline.render`` stays cheap)::

    make_environment(user_templates)      the Jinja environment (autoescape on)
    build_timeline(events, ...)           the view the shared _timeline.html partial renders
    render_site(events, ...)              {path: bytes} of the static site
    write_output(events, options, report) render options.format and write it atomically
    date_label(event), datetime_attr(event)
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "make_environment": "timeline.render.environment",
    "render_template": "timeline.render.environment",
    "shipped_templates_dir": "timeline.render.environment",
    "build_timeline": "timeline.render.view",
    "TimelineView": "timeline.render.view",
    "EventView": "timeline.render.view",
    "render_site": "timeline.render.site",
    "write_output": "timeline.render.output",
    "render_output": "timeline.render.output",
    "output_path": "timeline.render.output",
    "FORMATS": "timeline.render.output",
    "date_label": "timeline.render.labels",
    "datetime_attr": "timeline.render.labels",
    "render_markdown": "timeline.render.markup",
    "safe_url": "timeline.render.markup",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'timeline.render' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)

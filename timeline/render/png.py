"""The SVG timeline as a PNG bitmap (slides, word processors), through cairosvg.

cairosvg is the optional extra ``png`` and needs the Cairo C library; where either is
missing the user gets one line saying what to install, never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence

from timeline.errors import TimelineError
from timeline.events.model import Event
from timeline.render.svg import render_svg

MISSING = (
    "PNG output needs cairosvg and the Cairo library: "
    "pip install 'timeline[png]' (and the system package libcairo2)"
)


def svg_to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """Rasterize an SVG document; ``scale`` 2 gives a sharp picture on slides and print."""
    try:
        import cairosvg
    except (ImportError, OSError) as err:  # OSError: cairocffi found no libcairo
        raise TimelineError(MISSING) from err
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale, unsafe=False)


def render_png(
    events: Sequence[Event], *, title: str = "Timeline", description: str = "",
    width: int = 1200, scale: float = 2.0,
) -> bytes:
    """The events drawn as :func:`timeline.render.svg.render_svg` does, as PNG bytes."""
    return svg_to_png(render_svg(events, title=title, description=description, width=width),
                      scale=scale)

"""timeline: turn news articles and reports into a chronological timeline.

Data flows one way: ``ingest`` (documents and their publication dates) ->
``temporal`` (time expressions normalized to TIMEX3) -> ``events`` (dated sentences,
merged and ordered) -> ``render`` (Jinja templates, site, fragment, exports) -> ``cli`` /
MkDocs plugin / Markdown extension.
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    """``timeline.Timeline`` and ``timeline.render_fragment`` (the Python API in
    :mod:`timeline.api`), imported on first use so ``import timeline`` stays light."""
    if name in ("Timeline", "render_fragment"):
        from timeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'timeline' has no attribute {name!r}")

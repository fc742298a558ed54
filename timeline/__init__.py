"""timeline: turn news articles and reports into a chronological timeline.

Data flows one way: ``ingest`` (documents and their publication dates) ->
``temporal`` (time expressions normalized to TIMEX3) -> ``events`` (dated sentences,
merged and ordered) -> ``render`` (Jinja templates, site, fragment, exports) -> ``cli`` /
MkDocs plugin / Markdown extension.
"""

__version__ = "0.1.0"

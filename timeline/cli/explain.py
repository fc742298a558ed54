"""``timeline explain``: why an expression got its date.

    timeline explain "in December" --published 2017-09-24 [--sentence "..."]
    timeline explain article.md [--published 2017-09-24] [--json]

For each expression: the value, the rule that matched, the anchor it was resolved against
(none = absolute, the publication date, or an earlier mention), the tense cue and the
direction chosen, and whether the year was inferred. An argument that names an existing
file is read as an article; anything else is an expression.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path

import click

from timeline.errors import InputError, TimelineError
from timeline.temporal.timex import Timex

ANCHOR_WORDS = {
    "none": "absolute",
    "publication": "publication date",
    "mention": "earlier mention",
}


def _parse_date(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=what) from None


def _read_article(path: Path, published: date | None) -> tuple[str, date | None]:
    """Plain text of an article and its publication date, as a build would see them."""
    try:
        from timeline.ingest import read_document
    except ImportError:  # ingest not available: read the file as plain text
        read_document = None
    if read_document is not None:
        document = read_document(path, path.parent, published=published)
        return document.text, document.published
    try:
        return path.read_text(encoding="utf-8-sig"), published
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not valid UTF-8 (byte 0x{err.object[err.start]:02x} "
                         f"at offset {err.start})") from None
    except OSError as err:
        raise InputError(f"{path}: cannot read ({err.strerror})") from None


def explanation_dict(timex: Timex) -> dict:
    """The explanation as plain data, with a readable anchor description."""
    exp = timex.explanation
    data = asdict(exp) if exp is not None else {
        "rule": None, "anchor": None, "anchor_kind": "none", "tense": None, "tense_cue": None,
        "direction": None, "year_inferred": False,
    }
    data["resolved"] = ANCHOR_WORDS.get(data.get("anchor_kind") or "none", data.get("anchor_kind"))
    return data


def describe_anchor(data: dict) -> str:
    kind = data.get("anchor_kind") or "none"
    if kind == "none":
        return "absolute (no anchor)"
    label = ANCHOR_WORDS.get(kind, kind)
    return f"{label} {data['anchor']}" if data.get("anchor") else label


def describe_tense(data: dict) -> str:
    if data.get("tense_cue"):
        return f"{data.get('tense') or '?'} ({data['tense_cue']!r})"
    return data.get("tense") or "-"


def _rows(items: list[tuple[str, Timex, str | None]]) -> list[dict]:
    rows = []
    for where, timex, sentence in items:
        row = {
            "source": where,
            "start": timex.start,
            "end": timex.end,
            "text": timex.text,
            "type": timex.type,
            "value": timex.value,
            "granularity": timex.granularity,
            "explanation": explanation_dict(timex),
        }
        if timex.mod:
            row["mod"] = timex.mod
        if sentence:
            row["sentence"] = sentence
        rows.append(row)
    return rows


def _print_table(rows: list[dict], title: str | None) -> None:
    import sys

    from rich.console import Console
    from rich.table import Table

    # Piped output is not cut to 80 columns: wide enough that no cell folds mid-word.
    console = Console(highlight=False, soft_wrap=False,
                      width=None if sys.stdout.isatty() else 200)
    if not rows:
        console.print("no time expressions found")
        return
    table = Table(title=title, show_lines=False, expand=False)
    multi = len({r["source"] for r in rows}) > 1
    if multi:
        table.add_column("where", overflow="fold")
    table.add_column("expression", overflow="fold")
    table.add_column("value", no_wrap=True)
    table.add_column("rule", overflow="fold")
    table.add_column("anchor", overflow="fold")
    table.add_column("tense cue", overflow="fold")
    table.add_column("direction")
    table.add_column("year inferred")
    for row in rows:
        exp = row["explanation"]
        value = row["value"] + (f" ({row['mod']})" if row.get("mod") else "")
        cells = [
            row["text"], f"{value} [{row['type']}]", exp.get("rule") or "-",
            describe_anchor(exp), describe_tense(exp), exp.get("direction") or "-",
            "yes" if exp.get("year_inferred") else "no",
        ]
        table.add_row(*([row["source"]] if multi else []), *cells)
    console.print(table)


@click.command("explain")
@click.argument("targets", nargs=-1, required=True)
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication date to resolve relative expressions against "
                   "(for a file: only when the file has none).")
@click.option("--sentence", metavar="TEXT",
              help="The sentence the expression comes from (its tense picks the direction).")
@click.option("--mode", type=click.Choice(["news", "narrative"]), default="news",
              show_default=True, help="Tagger mode.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def explain(targets: tuple[str, ...], published: str | None, sentence: str | None,
            mode: str, as_json: bool) -> None:
    """Show why each time expression got its date.

    TARGETS are expressions ("in December", "last Friday") or article files.
    """
    from timeline.temporal import normalize, tag

    published_date = _parse_date(published, "--published")
    items: list[tuple[str, Timex, str | None]] = []
    missing: list[str] = []
    for target in targets:
        path = Path(target)
        if path.is_file():
            text, file_published = _read_article(path, published_date)
            if file_published is None:
                raise InputError(f"{path}: no publication date: relative expressions cannot be "
                                 "resolved (add --published YYYY-MM-DD or a 'date:' front matter)")
            for timex in tag(text, published=file_published, mode=mode):
                items.append((str(path), timex, None))
        else:
            timex = normalize(target, published=published_date, sentence=sentence, mode=mode)
            if timex is None:
                missing.append(target)
            else:
                items.append((target, timex, sentence))
    rows = _rows(items)
    if as_json:
        click.echo(json.dumps({"published": published, "expressions": rows,
                               "not_recognized": missing}, indent=2, ensure_ascii=False))
    else:
        title = f"published {published}" if published else None
        _print_table(rows, title)
        for target in missing[:-1] if not rows else missing:
            click.echo(f"not recognized as a time expression: {target!r}", err=True)
    if missing and not rows:
        raise TimelineError(f"not recognized as a time expression: {missing[-1]!r}")

"""``timeline eval GOLD_DIR``: TempEval-3 scores of the tagger on gold TimeML files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from timeline.atomic import write_text_atomic
from timeline.errors import InputError

ERROR_KINDS = ("missed", "spurious", "span", "type", "value", "mod")


@click.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, path_type=Path))
@click.option("--subset-by-folder/--no-subset-by-folder", default=None,
              help="Report each first-level subfolder (e.g. timebank, aquaint) separately. "
                   "Default: on when GOLD_DIR has subfolders.")
@click.option("--errors", "n_errors", type=click.IntRange(min=0), default=15, show_default=True,
              help="How many error classes to list (0: none).")
@click.option("--examples", type=click.IntRange(min=0), default=3, show_default=True,
              help="Examples shown per error class.")
@click.option("--kind", "kinds", type=click.Choice(ERROR_KINDS), multiple=True,
              help="Only list error classes of this kind (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures and classes as JSON.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Write per-file diagnostics (counts and every error) as JSON lines.")
@click.option("--write-timeml", "timeml_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the tagger's annotations as TimeML files into this folder "
                   "(same relative names), e.g. for the TempEval-3 toolkit.")
@click.option("--compare", "previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An earlier --json output: print each figure's change since then.")
@click.option("--split", type=click.Choice(["all", "dev", "test"]), default="all",
              show_default=True,
              help="Score a fixed half of the files (by a hash of the file name): develop "
                   "rules on dev, measure on test.")
@click.option("--audit", is_flag=True,
              help="Also classify every wrong value (gold malformed or contradicting its own "
                   "majority for the phrase, issue-spec conventions, ours to fix) and list "
                   "the rules with the least precise values.")
@click.option("--mode", type=click.Choice(["news", "narrative"]), default="news",
              show_default=True)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Tag files in this many processes.")
def eval_command(gold_dir: Path, subset_by_folder: bool | None, n_errors: int, examples: int,
                 kinds: tuple[str, ...], as_json: bool, report: Path | None,
                 timeml_dir: Path | None, previous: Path | None, split: str, audit: bool,
                 mode: str, jobs: int) -> None:
    """Score the tagger on gold TimeML files (TempEval-3 strict/relaxed span, type, value).

    GOLD_DIR is a .tml file or a folder of them (searched recursively). Each file's TEXT
    is tagged with its DCT as the publication date.
    """
    from timeline.temporal.evaluate import (
        compare_with,
        error_classes,
        evaluate_corpus,
        format_result,
    )
    from timeline.temporal.evaluate import write_report as write_jsonl
    from timeline.temporal.timeml import read_timeml, render_timeml

    earlier: dict | None = None
    if previous is not None:
        try:
            earlier = json.loads(previous.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise InputError(f"{previous}: not a `timeline eval --json` output ({err})") from err
        if not isinstance(earlier, dict) or "overall" not in earlier:
            raise InputError(f"{previous}: not a `timeline eval --json` output (no figures)")
    written: list[tuple[Path, str]] = []

    def keep_timeml(result, system) -> None:  # noqa: ANN001 - callback of evaluate_corpus
        src = Path(result.file)
        rel = src.relative_to(gold_dir) if gold_dir.is_dir() else Path(src.name)
        doc = read_timeml(src)
        written.append((timeml_dir / rel, render_timeml(
            doc.text, system, doc.dct_value, docid=doc.docid, title=doc.title,
            dct_type=doc.dct_type)))

    if timeml_dir is not None and gold_dir.is_dir() and \
            timeml_dir.resolve().is_relative_to(gold_dir.resolve()):
        raise InputError(f"{timeml_dir}: --write-timeml folder must not be inside {gold_dir}")
    result = evaluate_corpus(gold_dir, mode=mode, subset_by_folder=subset_by_folder, jobs=jobs,
                             on_document=keep_timeml if timeml_dir is not None else None,
                             split=split)
    if report is not None:
        write_jsonl(result, report)
    for target, content in written:
        write_text_atomic(target, content)

    if as_json:
        data = result.to_dict(errors=0, examples=examples)
        classes = error_classes(result.documents, examples=examples, kinds=kinds or None)
        data["error_classes"] = [c.to_dict() for c in classes[:n_errors]]
        if audit:
            from timeline.temporal.evaluate import rule_figures, value_audit

            data["value_audit"] = [c.to_dict(examples) for c in value_audit(result.documents)]
            data["rules"] = [{"rule": r, "system": n, "paired": p, "right": ok}
                             for r, n, p, ok in rule_figures(result.documents)]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False))
        return
    if kinds:
        text = format_result(result, errors=0)
        classes = error_classes(result.documents, examples=examples, kinds=kinds)
        lines = [text, "", f"Worst error classes of kind {', '.join(kinds)}:"]
        for c in classes[:n_errors]:
            lines.append(f"{c.count:>5}  {c.name}")
            lines += [f"         e.g. {e.example()}" for e in c.examples]
        text = "\n".join(lines)
    else:
        text = format_result(result, errors=n_errors, examples=examples)
    if earlier is not None:
        text += "\n\n" + compare_with(result, earlier)
    if audit:
        from timeline.temporal.evaluate import format_audit

        text += "\n\n" + format_audit(result.documents, examples=examples)
    click.echo(text)
    if report is not None:
        click.echo(f"\nper-file diagnostics: {report}")

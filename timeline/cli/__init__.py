"""The ``timeline`` command. Each subcommand lives in its own module and is imported only
when it runs, so a slow import (mkdocs, dask) never delays ``timeline normalize``."""

from __future__ import annotations

import importlib
import sys

import click

from timeline import __version__
from timeline.errors import TimelineError

# name -> "module:attribute" of a click.Command
COMMANDS: dict[str, str] = {
    "extract": "timeline.cli.extract:extract",
    "normalize": "timeline.cli.extract:normalize",
    "eval": "timeline.cli.evaluate:eval_command",
    "build": "timeline.cli.build:build",
    "serve": "timeline.cli.serve:serve",
    "explain": "timeline.cli.explain:explain",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="timeline")
def cli() -> None:
    """Turn news articles and reports into a chronological timeline."""


def main(argv: list[str] | None = None) -> int:
    """Console entry point: user errors become one line on stderr and an exit status."""
    try:
        cli.main(args=argv, prog_name="timeline", standalone_mode=False)
    except TimelineError as err:
        click.echo(f"timeline: error: {err}", err=True)
        return err.exit_code
    except click.exceptions.Abort:
        click.echo("timeline: aborted", err=True)
        return 130
    except click.ClickException as err:
        err.show()
        return err.exit_code
    except click.exceptions.Exit as err:
        return err.exit_code
    except KeyboardInterrupt:
        click.echo("timeline: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

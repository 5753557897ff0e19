"""The command line: thin wrappers over library functions.

Each command module defines ``register(main)``; they are listed explicitly in
:data:`COMMAND_MODULES`. Library errors (:class:`~eventwire.errors.EventwireError`) become one line
on stderr and a non-zero exit, in :func:`main` only.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from ..errors import EventwireError

COMMAND_MODULES = (
    "eventwire.cli.extract",
    "eventwire.cli.evaluate",
    "eventwire.cli.gazetteer",
    "eventwire.cli.info",
    "eventwire.cli.web",
    "eventwire.cli.store",
    "eventwire.cli.summary",
    "eventwire.cli.clusters",
    "eventwire.cli.review",
    "eventwire.cli.watch",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eventwire")
@click.option("-v", "--verbose", count=True, help="More messages on stderr (-vv for debug).")
def cli(verbose: int) -> None:
    """eventwire: evidence-linked conflict and political event records from news text."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="eventwire: %(message)s", stream=sys.stderr)


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    try:
        rv = cli.main(args=argv, prog_name="eventwire", standalone_mode=False)
    except EventwireError as e:
        click.echo(f"eventwire: error: {e}", err=True)
        sys.exit(e.exit_code)
    except click.exceptions.Abort:
        click.echo("eventwire: aborted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(rv if isinstance(rv, int) else 0)

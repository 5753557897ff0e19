"""Options and output helpers shared by the command modules."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..settings import Settings


def settings_from(**overrides: Any) -> Settings:
    """Settings from the environment, with the options the user gave on top."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def echo_json(obj: Any, *, indent: int | None = 2) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=indent))


def error_line(message: str) -> None:
    """One clear line on stderr for a bad item."""
    click.echo(f"eventwire: error: {message}", err=True)


def isatty_err() -> bool:
    return sys.stderr.isatty()

"""``eventwire settings``: every setting, its current value and what it does."""

from __future__ import annotations

import click

from ..settings import settings_table


@click.command("settings")
def show_settings() -> None:
    """List the settings (set them as EVENTWIRE_<NAME> environment variables)."""
    rows = settings_table()
    width = max(len(r[0]) for r in rows)
    for name, value, help_text in rows:
        click.echo(f"{name:<{width}}  {value}\n{'':<{width}}  {help_text}")


def register(main: click.Group) -> None:
    main.add_command(show_settings)

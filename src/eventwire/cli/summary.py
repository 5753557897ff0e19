"""``eventwire summary``: what the store holds."""

from __future__ import annotations

import click

from ..store import open_store
from ..summary import describe, summarize


@click.command()
@click.option("--db", default=None, help="Database path or URL (default: EVENTWIRE_DB or ./eventwire.db).")
@click.option("--examples", default=8, show_default=True, help="How many events to show in full.")
def summary(db: str | None, examples: int) -> None:
    """Counts of articles, events, actors, places and failures, and a few events in full."""
    with open_store(db) as store:
        s = summarize(store, examples=examples)
    click.echo("  ".join(f"{k}: {v}" for k, v in s.counts.items()))
    if s.by_type:
        click.echo("events by type: " + ", ".join(f"{k} {v}" for k, v in s.by_type.items()))
        click.echo("by modality:    " + ", ".join(f"{k} {v}" for k, v in s.by_modality.items()))
        click.echo(f"real-world events: {s.real_world_events} ({s.reported_by_several} reported by several "
                   "articles; see `eventwire clusters`, `eventwire export --merged`)")
    for e in s.examples:
        click.echo("  " + describe(e))


def register(main: click.Group) -> None:
    main.add_command(summary)

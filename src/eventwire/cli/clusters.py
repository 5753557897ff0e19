"""``eventwire clusters``: the same real-world event reported by several articles."""

from __future__ import annotations

import click

from ..dedup import cluster_events, refs_from_documents
from ..store import open_store
from .common import echo_json


@click.command()
@click.option("--db", default=None, help="Database path or URL (default: EVENTWIRE_DB or ./eventwire.db).")
@click.option("--min-reports", default=2, show_default=True, help="Show clusters reported by at least N articles.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def clusters(db: str | None, min_reports: int, fmt: str) -> None:
    """Group stored events into real-world events (same type, compatible actors, near place, close date)."""
    with open_store(db) as store:
        found = cluster_events(refs_from_documents(store.documents()))
    shown = [c for c in found if c.reports >= min_reports]
    shown.sort(key=lambda c: (-c.reports, c.first_day or "", c.id))
    if fmt == "json":
        echo_json([c.to_json() for c in shown])
        return
    click.echo(f"{len(found)} clusters; {len(shown)} reported by at least {min_reports} articles")
    for c in shown:
        when = c.first_day if c.first_day == c.last_day else f"{c.first_day}..{c.last_day}"
        click.echo(f"{c.id}  {c.reports:>3} reports  {c.type:<9} {c.modality:<12} {when}  "
                   f"{c.place_name or '?'}  {', '.join(c.actors[:3])}")


def register(main: click.Group) -> None:
    main.add_command(clusters)

"""``eventwire clusters``: the same real-world event reported by several articles."""

from __future__ import annotations

import click

from ..store import clusters as stored
from ..store import open_store
from .common import echo_json


@click.command()
@click.option("--db", default=None, help="Database path or URL (default: EVENTWIRE_DB or ./eventwire.db).")
@click.option("--min-reports", default=2, show_default=True, help="Show clusters reported by at least N articles.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--limit", type=int, default=None, help="Show at most N clusters.")
def clusters(db: str | None, min_reports: int, fmt: str, limit: int | None) -> None:
    """Group stored events into real-world events (same type, compatible actors, near place, close date).

    Incremental: only events not clustered yet are compared, with stored events near them in time; the
    clusters are stored (ids stay the same across runs) and read back from the store.
    """
    with open_store(db) as store:
        done = stored.update(store)
        total, _ = stored.totals(store)
        several = stored.count(store, min_reports=min_reports)
        shown = stored.stored_clusters(store, min_reports=min_reports, limit=limit)
    if fmt == "json":
        echo_json([c.to_json() for c in shown])
        return
    click.echo(f"{total} clusters ({done.events} new events clustered); {several} reported by at least "
               f"{min_reports} articles" + (f"; the first {len(shown)}:" if limit is not None else ""))
    for c in shown:
        when = c.first_day if c.first_day == c.last_day else f"{c.first_day}..{c.last_day}"
        click.echo(f"{c.id}  {c.reports:>3} reports  {c.type:<9} {c.modality:<12} {when}  "
                   f"{c.place_name or '?'}  {', '.join(c.actors[:3])}")


def register(main: click.Group) -> None:
    main.add_command(clusters)

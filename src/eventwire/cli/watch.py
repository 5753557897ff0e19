"""``eventwire watch ...`` (watchlists and alerts) and the feed poller behind ``ingest --follow``."""

from __future__ import annotations

import json
from typing import Any

import click

from ..errors import InputError
from .common import echo_json, settings_from
from .store import DB_HELP, _store, _table

DB = click.option("--db", default=None, help=DB_HELP)


@click.group()
def watch() -> None:
    """Watchlists: saved queries whose new matching events become alerts after every ingest."""


@watch.command("add")
@click.argument("name")
@click.option("--actor", default=None, help="Actor id, or part of a name or alias.")
@click.option("--type", "etype", default=None, help="PLOVER type.")
@click.option("--modality", default=None, help="actual, planned, hypothetical or negated.")
@click.option("--near", metavar="LAT,LON,KM", default=None, help="Event place within KM of a point.")
@click.option("--country", default=None, help="Event place in this country (ISO 3166-1 alpha-2: KE, SY ...).")
@click.option("--admin", default=None, help="Event place in this first-level region (its name).")
@click.option("--text", default=None, help="Words that must all occur in the article.")
@click.option("--min-confidence", type=float, default=None, help="Events at least this confident.")
@click.option("--webhook", default=None, metavar="URL", help="POST each new alert as JSON to URL (retried).")
@click.option("--include-stored", is_flag=True, help="Alert on the events already stored too (next ingest).")
@DB
def add_cmd(name: str, actor: str | None, etype: str | None, modality: str | None, near: str | None,
            country: str | None, admin: str | None, text: str | None, min_confidence: float | None,
            webhook: str | None, include_stored: bool, db: str | None) -> None:
    """Save watchlist NAME."""
    from ..watch import WatchQuery, add_watchlist

    q = WatchQuery(actor=actor, type=etype, modality=modality, near=near, country=country, admin=admin, text=text,
                   min_confidence=min_confidence)
    with _store(db) as store:
        wl = add_watchlist(store, name, q, webhook=webhook, from_now=not include_stored)
    click.echo(f"watchlist {wl.name}: {json.dumps(wl.query.model_dump(exclude_none=True))}")


@watch.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@DB
def list_cmd(fmt: str, db: str | None) -> None:
    """Saved watchlists."""
    from ..watch import watchlists

    with _store(db) as store:
        found = watchlists(store)
    if fmt == "json":
        echo_json([w.to_json() for w in found])
        return
    widths = {"name": 20, "query": 70, "webhook": 30}
    _table([{"name": w.name, "query": json.dumps(w.query.model_dump(exclude_none=True)), "webhook": w.webhook or ""}
            for w in found], tuple(widths), widths)


@watch.command("rm")
@click.argument("name")
@DB
def rm_cmd(name: str, db: str | None) -> None:
    """Delete watchlist NAME and its alerts."""
    from ..watch import remove_watchlist

    with _store(db) as store:
        if not remove_watchlist(store, name):
            raise InputError(f"no watchlist {name!r}")


@watch.command("alerts")
@click.option("--name", default=None, help="Only this watchlist's alerts.")
@click.option("--since", default=None, metavar="WHEN", help="Alerts new or updated since YYYY-MM-DD[THH:MM].")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@DB
def alerts_cmd(name: str | None, since: str | None, fmt: str, db: str | None) -> None:
    """Alerts, newest first: the event, its evidence sentence, how many reports, and its article link."""
    from ..watch import alerts

    with _store(db) as store:
        found = alerts(store, watchlist=name, since=since)
    if fmt == "json":
        echo_json([{**a.to_json(), "view": a.view} for a in found])
        return
    widths = {"created": 19, "watchlist": 12, "type": 9, "place": 14, "reports": 7, "evidence": 50, "link": 40}
    _table([{"created": a.created_at[:19], "watchlist": a.watchlist, "type": a.type or "",
             "place": a.place_name or "", "reports": a.sources, "evidence": a.evidence, "link": a.url or a.view}
            for a in found], tuple(widths), widths)
    click.echo(f"{len(found)} alert(s)", err=True)


@watch.command("check")
@DB
def check_cmd(db: str | None) -> None:
    """Look at the articles stored since the last check now (ingest does this by itself)."""
    from ..watch import check_watchlists
    from ..watch.webhook import default_sender

    with _store(db) as store:
        reports = check_watchlists(store)
    default_sender().flush(30)
    for name, r in reports.items():
        click.echo(f"{name}: {len(r.alerts)} new alert(s), {r.sources} source(s) added")


def follow_feeds(feeds: tuple[str, ...], db: str | None, every: str, max_polls: int | None,
                 max_time: str | None) -> None:
    """What ``eventwire ingest --follow`` runs: poll the feeds until stopped (Ctrl-C, --max-polls, --max-time)."""
    from ..watch.follow import Follower, parse_duration
    from ..watch.webhook import default_sender

    settings = settings_from(db=db)
    seconds = parse_duration(max_time) if max_time else None

    def show(n: int, r: Any) -> None:
        click.echo(f"poll {n}: {r.fetched} fetched, {r.not_modified} not modified, {r.failed} failed; "
                   f"{r.articles} item(s) read, {r.added} stored", err=True)

    with _store(settings.db) as store:
        follower = Follower(list(feeds), store, every=parse_duration(every), settings=settings)
        try:
            follower.run(max_polls=max_polls, max_seconds=seconds, on_poll=show)
        except KeyboardInterrupt:
            click.echo("eventwire: stopped", err=True)
        finally:
            default_sender().flush(10)


def register(main: click.Group) -> None:
    main.add_command(watch)

"""``eventwire ingest | events | failures | export``: thin commands over the store, batch and export."""

from __future__ import annotations

import csv
import sys
from contextlib import contextmanager
from typing import Any

import click

from .common import echo_json, isatty_err, settings_from

DB_HELP = "Database: a SQLite path, sqlite:///PATH or postgresql://URL (default: $EVENTWIRE_DB or ./eventwire.db)."


@contextmanager
def _store(db: str | None) -> Any:
    from ..store import open_store

    store = open_store(settings_from(db=db).db)
    try:
        yield store
    finally:
        store.close()


def _progress_bar(total: int | None) -> Any:
    """A tqdm bar with rate and ETA when stderr is a terminal, else None."""
    if not isatty_err():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="art", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--db", default=None, help=DB_HELP)
@click.option("--workers", type=int, default=None, help="Start a local Dask cluster with N worker processes.")
@click.option("--cluster", metavar="ADDR", default=None, help="Use a running Dask scheduler (tcp://host:8786).")
@click.option("--since", metavar="DATE", default=None,
              help="Only articles published on or after DATE (articles without a date are kept).")
@click.option("--published", metavar="DATE", default=None, help="Publication date for items that carry none.")
@click.option("--batch-size", type=int, default=None, help="Articles per batch (one commit each).")
@click.option("--reprocess", is_flag=True,
              help="Then extract again the stored articles whose stages (versions, data files) differ from the "
                   "running ones, replacing their machine output (in-process; PATHS may be left out).")
@click.option("--follow", is_flag=True, help="PATHS are RSS/Atom feed URLs: keep polling them (see eventwire watch).")
@click.option("--every", default="15m", show_default=True, help="With --follow: time between polls (30s, 15m, 1h).")
@click.option("--max-polls", type=int, default=None, help="With --follow: stop after N polls.")
@click.option("--max-time", default=None, help="With --follow: stop after this long (30s, 2h).")
def ingest(paths: tuple[str, ...], db: str | None, workers: int | None, cluster: str | None, since: str | None,
           published: str | None, batch_size: int | None, reprocess: bool, follow: bool, every: str,
           max_polls: int | None, max_time: str | None) -> None:
    """Extract events from PATHS and store them; re-running skips what is stored already."""
    if follow:
        from .watch import follow_feeds

        return follow_feeds(paths, db, every, max_polls, max_time)
    if not paths and not reprocess:
        raise click.UsageError("give PATHS to ingest, or --reprocess")
    settings = settings_from(db=db)
    with _store(settings.db) as store:
        if paths:
            _ingest(paths, store, settings, workers=workers, cluster=cluster, since=since, published=published,
                    batch_size=batch_size)
        if reprocess:
            from ..reprocess import reprocess as run_reprocess

            bar = _progress_bar(None)
            try:
                rep = run_reprocess(store, settings=settings, chunk_size=batch_size,
                                    progress=bar.update if bar else None)
            finally:
                if bar:
                    bar.close()
            click.echo(
                f"reprocess: {rep.stored} stored, {rep.current} made by the running stages, {rep.redone} extracted "
                f"again, {rep.failures} failed (stored output kept)\nevents: {rep.events}\n"
                f"time: {rep.seconds:.1f} s into {store.url}"
            )


def _ingest(paths: tuple[str, ...], store: Any, settings: Any, *, workers: int | None, cluster: str | None,
            since: str | None, published: str | None, batch_size: int | None) -> None:
    from ..batch import ingest as run_ingest
    from ..ingest import database_files, read_paths

    items: Any = read_paths(paths, settings, published=published, exclude=database_files(settings.db))
    bar = None
    if isatty_err():
        items = list(items)  # known total: the bar shows an ETA
        bar = _progress_bar(len(items))
    try:
        report = run_ingest(items, store, settings=settings, workers=workers, cluster=cluster, since=since,
                            chunk_size=batch_size, progress=bar.update if bar else None)
    finally:
        if bar:
            bar.close()
    mode = f"{report.workers} Dask workers" if report.workers else "in-process"
    click.echo(
        f"articles: {report.articles} read, {report.skipped} already stored, {report.outside} before --since, "
        f"{report.added} stored, {report.unchanged} unchanged\n"
        f"events: {report.events}\nfailures: {report.failures}\n"
        f"time: {report.seconds:.1f} s ({report.rate:.1f} articles/s, {mode}) into {store.url}"
    )
    if report.worker_rss_mb:
        click.echo("peak RSS per worker (MB): " + ", ".join(f"{v:.0f}" for v in report.worker_rss_mb.values()))


EVENT_COLUMNS = ("date", "type", "mode", "modality", "actors", "recipients", "place", "lat", "lon", "fatalities",
                 "confidence", "article", "event", "title", "url", "evidence")


def _event_row(e: Any) -> dict[str, Any]:
    ev = e.event
    return {
        "date": ev.date.value or e.published or "", "type": ev.type, "mode": ev.mode or "", "modality": ev.modality,
        "actors": "; ".join(a.name for a in e.actors), "recipients": "; ".join(a.name for a in e.recipients),
        "place": (e.place.name or e.place.text) if e.place else "",
        "lat": e.place.lat if e.place and e.place.lat is not None else "",
        "lon": e.place.lon if e.place and e.place.lon is not None else "",
        "fatalities": "" if ev.fatalities is None else ev.fatalities, "confidence": round(ev.confidence, 3),
        "article": e.article_id, "event": ev.id, "title": e.title or "", "url": e.url or "",
        "evidence": " ".join(ev.evidence.text.split()),
    }


def _table(rows: list[dict[str, Any]], columns: tuple[str, ...], widths: dict[str, int],
           keep_end: tuple[str, ...] = ()) -> None:
    """Fixed-width columns; long cells are cut (at the start for ``keep_end`` columns, e.g. paths)."""
    def cell(c: str, v: Any) -> str:
        s, w = str(v), widths[c]
        if len(s) > w:
            s = "…" + s[len(s) - w + 1:] if c in keep_end else s[: w - 1] + "…"
        return s.ljust(w)

    click.echo("  ".join(c.ljust(widths[c]) for c in columns).rstrip())
    click.echo("  ".join("-" * widths[c] for c in columns))
    for r in rows:
        click.echo("  ".join(cell(c, r[c]) for c in columns).rstrip())


@click.command()
@click.option("--db", default=None, help=DB_HELP)
@click.option("--actor", default=None, help="Actor id, or part of an actor's name or alias.")
@click.option("--type", "etype", default=None, help="PLOVER event type (ASSAULT, PROTEST ...).")
@click.option("--modality", type=click.Choice(["actual", "planned", "hypothetical", "negated"]), default=None)
@click.option("--since", metavar="DATE", default=None, help="Events on or after DATE.")
@click.option("--until", metavar="DATE", default=None, help="Events on or before DATE.")
@click.option("--near", metavar="LAT,LON,KM", default=None, help="Events within KM of a point.")
@click.option("--q", "text", metavar="TEXT", default=None, help="Full-text search over article titles and text.")
@click.option("--primary", is_flag=True,
              help="Only each article's primary event (the one a coder would code): one row per article.")
@click.option("--limit", type=int, default=None, help="At most this many events.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
def events(db: str | None, actor: str | None, etype: str | None, modality: str | None, since: str | None,
           until: str | None, near: str | None, text: str | None, primary: bool, limit: int | None,
           fmt: str) -> None:
    """List stored events matching the filters."""
    from ..store import EventQuery, Near

    query = EventQuery(actor=actor, type=etype, modality=modality, since=since, until=until,
                       near=Near.parse(near) if near else None, q=text, primary=primary, limit=limit)
    with _store(db) as store:
        found = store.events(query)
    if fmt == "json":
        echo_json([e.to_event_json() for e in found])
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=EVENT_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(_event_row(e) for e in found)
    else:
        cols = ("date", "type", "modality", "actors", "recipients", "place", "evidence")
        widths = {"date": 10, "type": 9, "modality": 12, "actors": 22, "recipients": 22, "place": 16, "evidence": 60}
        _table([_event_row(e) for e in found], cols, widths)
        click.echo(f"{len(found)} event(s)", err=True)


@click.command()
@click.option("--db", default=None, help=DB_HELP)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
def failures(db: str | None, fmt: str) -> None:
    """List the items that could not be processed, with the stage and the reason."""
    with _store(db) as store:
        rows = store.failures()
    if fmt == "json":
        echo_json([r.to_json() for r in rows])
        return
    widths = {"created_at": 25, "stage": 10, "origin": 40, "document": 16, "reason": 60}
    _table([{**r.to_json(), "origin": r.origin or ""} for r in rows],
           ("created_at", "stage", "origin", "document", "reason"), widths, keep_end=("origin",))
    click.echo(f"{len(rows)} failure(s)", err=True)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["acled", "plover", "geojson", "jsonl"]), required=True)
@click.option("--db", default=None, help=DB_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="File to write (default: stdout).")
@click.option("--merged", is_flag=True,
              help="One record per real-world event: the same event reported by several articles is written "
                   "once, with every source (acled, plover, geojson).")
@click.option("--primary", is_flag=True,
              help="Only each article's primary event: one record per article (acled, plover, geojson).")
@click.option("--reviewed-only", is_flag=True, help="Only records a reviewer checked (see eventwire review).")
def export(fmt: str, db: str | None, output: str, merged: bool, primary: bool, reviewed_only: bool) -> None:
    """Export the stored records: ACLED columns (CSV), PLOVER JSONL, GeoJSON or our JSONL.

    Once events are reviewed, reviewed values are preferred and reviewed records marked."""
    from ..export import MERGEABLE
    from ..review.export import export_store as run_export

    if merged and fmt not in MERGEABLE:
        raise click.UsageError(f"--merged applies to {', '.join(MERGEABLE)}, not {fmt}")
    if primary and fmt not in MERGEABLE:
        raise click.UsageError(f"--primary applies to {', '.join(MERGEABLE)}, not {fmt}")
    with _store(db) as store:
        if output == "-":
            n = run_export(store, fmt, sys.stdout, merged=merged, primary=primary, reviewed_only=reviewed_only)
        else:
            with open(output, "w", encoding="utf-8", newline="") as out:
                n = run_export(store, fmt, out, merged=merged, primary=primary, reviewed_only=reviewed_only)
    click.echo(f"{n} record(s) written" + ("" if output == "-" else f" to {output}"), err=True)


def register(main: click.Group) -> None:
    for command in (ingest, events, failures, export):
        main.add_command(command)

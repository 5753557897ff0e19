"""``eventwire review ...``: analyst review from the command line, over :mod:`eventwire.review`."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..errors import InputError
from .common import echo_json, settings_from
from .store import DB_HELP, _store, _table

REVIEWER = click.option("--reviewer", required=True, help="Who decides (stored with the review).")
NOTE = click.option("--note", default=None, help="Why (optional, stored with the review).")
DB = click.option("--db", default=None, help=DB_HELP)


def _value(field: str, raw: str) -> Any:
    """A correction's value from the command line: JSON, or for places NAME[,LAT,LON], for lists A;B."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        pass
    if field == "place":
        parts = [p.strip() for p in raw.rsplit(",", 2)]
        if len(parts) == 3:
            try:
                return {"name": parts[0], "lat": float(parts[1]), "lon": float(parts[2])}
            except ValueError:
                pass
        return {"name": raw.strip()}
    return raw


def _key(value: str) -> tuple[str, str]:
    article, sep, event = value.partition(":")
    if not sep or not article or not event:
        raise InputError(f"expected ARTICLE:EVENT, got {value!r}")
    return article, event


@click.group()
def review() -> None:
    """Review the machine's events: verdicts, corrections, added events, exports, agreement."""


@review.group()
def token() -> None:
    """Reviewer tokens: the web server accepts writes only with one."""


@token.command("add")
@click.argument("name")
@DB
def token_add(name: str, db: str | None) -> None:
    """Make a token for reviewer NAME and print it (only its hash is stored)."""
    from ..review import add_token

    with _store(db) as store:
        click.echo(add_token(store, name))


@token.command("list")
@DB
def token_list(db: str | None) -> None:
    """Reviewers holding a token."""
    from ..review import reviewers

    with _store(db) as store:
        for name in reviewers(store):
            click.echo(name)


@token.command("rm")
@click.argument("name")
@DB
def token_rm(name: str, db: str | None) -> None:
    """Revoke reviewer NAME's token."""
    from ..review import remove_token

    with _store(db) as store:
        if not remove_token(store, name):
            raise InputError(f"no reviewer {name!r}")


@review.command("verdict")
@click.argument("article")
@click.argument("event")
@click.argument("value", type=click.Choice(["right", "not_event", "duplicate"]))
@click.option("--of", "duplicate_of", default=None, help="The event this one duplicates (with duplicate).")
@REVIEWER
@NOTE
@DB
def verdict_cmd(article: str, event: str, value: str, duplicate_of: str | None, reviewer: str, note: str | None,
                db: str | None) -> None:
    """Mark EVENT of ARTICLE right, or wrong (not_event, duplicate --of OTHER)."""
    from ..review import verdict

    with _store(db) as store:
        verdict(store, reviewer, article, event, value, duplicate_of=duplicate_of, note=note)


@review.command("correct")
@click.argument("article")
@click.argument("event")
@click.argument("field")
@click.argument("value")
@REVIEWER
@NOTE
@DB
def correct_cmd(article: str, event: str, field: str, value: str, reviewer: str, note: str | None,
                db: str | None) -> None:
    """Set FIELD of EVENT to VALUE (type, acled_event_type, acled_sub_event_type, actors, recipients,
    place, date, modality, fatalities). Lists as A;B, places as NAME,LAT,LON, or JSON."""
    from ..review import correct

    with _store(db) as store:
        correct(store, reviewer, article, event, field, _value(field, value), note=note)


@review.command("add")
@click.argument("article")
@click.option("--start", type=int, required=True, help="Evidence start (character offset in the cleaned text).")
@click.option("--end", type=int, required=True, help="Evidence end.")
@click.option("--field", "fields", multiple=True, metavar="FIELD=VALUE", help="A field of the event (repeat); "
              "type=... is required.")
@REVIEWER
@NOTE
@DB
def add_cmd(article: str, start: int, end: int, fields: tuple[str, ...], reviewer: str, note: str | None,
            db: str | None) -> None:
    """Add an event the machine missed in ARTICLE; prints its id."""
    from ..review import add_event

    values = {}
    for f in fields:
        k, sep, v = f.partition("=")
        if not sep:
            raise InputError(f"--field: expected FIELD=VALUE, got {f!r}")
        values[k.strip()] = _value(k.strip(), v)
    with _store(db) as store:
        click.echo(add_event(store, reviewer, article, start, end, values, note=note))


@review.command("merge")
@click.argument("events", nargs=-1, required=True)
@REVIEWER
@NOTE
@DB
def merge_cmd(events: tuple[str, ...], reviewer: str, note: str | None, db: str | None) -> None:
    """Put EVENTS (ARTICLE:EVENT ...) in one report cluster."""
    from ..review import merge

    with _store(db) as store:
        click.echo(merge(store, reviewer, [_key(e) for e in events], note=note))


@review.command("split")
@click.argument("event")
@REVIEWER
@NOTE
@DB
def split_cmd(event: str, reviewer: str, note: str | None, db: str | None) -> None:
    """Take EVENT (ARTICLE:EVENT) out of its report cluster."""
    from ..review import split

    with _store(db) as store:
        click.echo(split(store, reviewer, *_key(event), note=note))


@review.command("list")
@click.option("--article", default=None, help="Only this article's reviews.")
@click.option("--reviewer", default=None, help="Only this reviewer's.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@DB
def list_cmd(article: str | None, reviewer: str | None, fmt: str, db: str | None) -> None:
    """Stored reviews, oldest first: who, when, field, old and new value, note."""
    from ..review import reviews

    with _store(db) as store:
        rows = reviews(store, article_id=article, reviewer=reviewer)
    if fmt == "json":
        echo_json([r.to_json() for r in rows])
        return
    widths = {"created_at": 19, "reviewer": 10, "article": 16, "event": 16, "field": 12, "old": 24, "new": 24,
              "note": 20}
    _table([{"created_at": r.created_at[:19], "reviewer": r.reviewer, "article": r.article_id, "event": r.event_id,
             "field": r.field or r.action, "old": json.dumps(r.old_value, ensure_ascii=False),
             "new": json.dumps(r.new_value, ensure_ascii=False), "note": r.note or ""} for r in rows],
           tuple(widths), widths)
    click.echo(f"{len(rows)} review(s)", err=True)


@review.command("queue")
@click.option("--status", default="unreviewed", show_default=True,
              help="unreviewed, reviewed, all, right, corrected, not_event, duplicate, added.")
@click.option("--min-confidence", type=float, default=None)
@click.option("--max-confidence", type=float, default=None)
@click.option("--type", "etype", default=None, help="PLOVER type.")
@click.option("--source", default=None, help="Part of the source name or URL.")
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@DB
def queue_cmd(status: str, min_confidence: float | None, max_confidence: float | None, etype: str | None,
              source: str | None, limit: int, fmt: str, db: str | None) -> None:
    """Events waiting for review (or reviewed ones), with their current values."""
    from ..review.queue import QueueFilter, queue

    flt = QueueFilter(status=status, min_confidence=min_confidence, max_confidence=max_confidence, type=etype,
                      source=source)
    with _store(db) as store:
        page = queue(store, flt, limit=limit)
    if fmt == "json":
        echo_json({"total": page["total"], "items": [r.to_json() for r in page["items"]]})
        return
    widths = {"article": 16, "event": 16, "status": 10, "type": 9, "actors": 22, "place": 16, "evidence": 50}
    _table([{"article": r.article_id, "event": r.event_id, "status": r.status,
             "type": r.value.type, "actors": "; ".join(r.value.actors),
             "place": r.value.place.name if r.value.place else "",
             "evidence": " ".join(r.value.evidence.text.split())} for r in page["items"]], tuple(widths), widths)
    click.echo(f"{page['total']} event(s) in the queue", err=True)


@review.command("conflicts")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@DB
def conflicts_cmd(fmt: str, db: str | None) -> None:
    """Reviewed events the machine now codes differently (the review still wins)."""
    from ..review import conflicts

    with _store(db) as store:
        found = conflicts(store)
    if fmt == "json":
        echo_json([c.to_json() for c in found])
        return
    widths = {"article": 16, "event": 16, "field": 12, "then": 24, "now": 24, "reviewed": 24, "reviewer": 10}
    _table([{"article": c.article_id, "event": c.event_id, "field": c.field,
             "then": json.dumps(c.machine_then, ensure_ascii=False),
             "now": json.dumps(c.machine_now, ensure_ascii=False),
             "reviewed": json.dumps(c.reviewed, ensure_ascii=False), "reviewer": c.reviewer or ""} for c in found],
           tuple(widths), widths)
    click.echo(f"{len(found)} conflict(s)", err=True)


@review.command("export")
@click.option("--format", "fmt", type=click.Choice(["acled", "plover", "geojson", "jsonl", "gold"]), required=True)
@click.option("--reviewed-only", is_flag=True, help="Only records a reviewer checked: a hand-checked dataset.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-")
@DB
def export_cmd(fmt: str, reviewed_only: bool, output: str, db: str | None) -> None:
    """Export with reviewed values preferred and reviewed records marked; gold: the real-news gold format."""
    from ..review.export import export

    with _store(db) as store:
        if output == "-":
            n = export(store, fmt, sys.stdout, reviewed_only=reviewed_only)
        else:
            with open(output, "w", encoding="utf-8", newline="") as out:
                n = export(store, fmt, out, reviewed_only=reviewed_only)
    click.echo(f"{n} record(s) written" + ("" if output == "-" else f" to {output}"), err=True)


@review.command("suggest")
@click.option("--min-count", type=int, default=2, show_default=True, help="Corrections needed for a suggestion.")
@click.option("--accept", "accept_id", default=None, metavar="ID",
              help="Write suggestion ID into your data folder ($EVENTWIRE_DATA_DIR).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@DB
def suggest_cmd(min_count: int, accept_id: str | None, fmt: str, db: str | None) -> None:
    """Data-file rows (actor aliases, gazetteer names, triggers to drop) from repeated corrections."""
    from ..review.suggest import accept, suggest

    settings = settings_from(db=db)
    with _store(db) as store:
        if accept_id:
            path = accept(store, accept_id, settings=settings, min_count=min_count)
            click.echo(f"written to {path}")
            return
        found = suggest(store, min_count=min_count, settings=settings)
    if fmt == "json":
        echo_json([s.to_json() for s in found])
        return
    for s in found:
        click.echo(f"{s.id}  {s.count:>3}x  {s.file:<24} {s.text}")
    click.echo(f"{len(found)} suggestion(s)", err=True)


@review.command("agreement")
@click.argument("first")
@click.argument("second")
@click.option("--json", "as_json", is_flag=True)
@DB
def agreement_cmd(first: str, second: str, as_json: bool, db: str | None) -> None:
    """Cohen's kappa per field between reviewers FIRST and SECOND over the events both reviewed."""
    from ..review.agreement import agreement

    with _store(db) as store:
        out = agreement(store, first, second)
    if as_json:
        echo_json(out)
        return
    click.echo(f"events reviewed by both: {out['n']}")
    for field, v in out["fields"].items():
        k = "-" if v["kappa"] is None else f"{v['kappa']:.3f}"
        a = "-" if v["agreement"] is None else f"{v['agreement']:.3f}"
        click.echo(f"{field:>22}  kappa {k}  agreement {a}")


def register(main: click.Group) -> None:
    main.add_command(review)

"""Stored counts, kept up to date by every write: events by month span, type, modality and country
(``event_counts``) and events per actor name (``actor_names``).

Statistics, ``summary`` and autocomplete read these small tables instead of counting events, so their
cost does not grow with the archive. A write adds the counts of the rows it inserts; deleting an
article subtracts the counts of its rows (read back from the database before they go).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, and_, delete, func, select

from . import schema as S

CountKey = tuple[str, str, str, str, str]  # start month, end month, type, modality, country


def _month(day: str | None) -> str:
    return (day or "")[:7]


def event_count_key(row: dict[str, Any]) -> CountKey:
    return (_month(row.get("date_start")), _month(row.get("date_end")), row["type"], row["modality"],
            row.get("country_code") or "")


NameCounts = dict[str, tuple[str, str | None, int]]


def tally(events: Iterable[dict[str, Any]], actor_rows: Iterable[dict[str, Any]],
          event_actor_rows: Iterable[dict[str, Any]]) -> tuple[Counter, Counter, NameCounts]:
    """(events per count key, located events per count key, and events per actor name key with a display name
    and dictionary key) of one batch of rows as written (``rows.child_rows``)."""
    n: Counter = Counter()
    located: Counter = Counter()
    for e in events:
        k = event_count_key(e)
        n[k] += 1
        if e.get("lat") is not None and e.get("lon") is not None:
            located[k] += 1
    by_id = {(a["article_id"], a["id"]): a for a in actor_rows}
    seen: set[tuple[str, str, str]] = set()
    names: dict[str, tuple[str, str | None]] = {}
    per_name: Counter = Counter()
    for ea in event_actor_rows:
        a = by_id.get((ea["article_id"], ea["actor_id"]))
        if not a or not a.get("name_key"):
            continue
        key = (ea["article_id"], ea["event_id"], a["name_key"])
        if key in seen:
            continue
        seen.add(key)
        per_name[a["name_key"]] += 1
        names.setdefault(a["name_key"], (a["name"], a.get("key")))
    return n, located, {k: (names[k][0], names[k][1], per_name[k]) for k in per_name}


@lru_cache(maxsize=16)
def _upsert_stmt(dialect: str, table_name: str, keys: tuple[str, ...], add: tuple[str, ...],
                 keep: tuple[str, ...]) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(S.metadata.tables[table_name])
    else:
        from sqlalchemy.dialects.sqlite import insert as lite_insert

        stmt = lite_insert(S.metadata.tables[table_name])
    table = S.metadata.tables[table_name]
    updates = {c: table.c[c] + stmt.excluded[c] for c in add}
    updates.update({c: func.coalesce(table.c[c], stmt.excluded[c]) for c in keep})
    return stmt.on_conflict_do_update(index_elements=list(keys), set_=updates)


def _upsert(conn: Connection, table: Any, rows: list[dict[str, Any]], keys: list[str], add: list[str],
            keep: tuple[str, ...] = ()) -> None:
    if not rows:
        return
    stmt = _upsert_stmt(conn.dialect.name, table.name, tuple(keys), tuple(add), tuple(keep))
    rows.sort(key=lambda r: tuple(r[k] for k in keys))  # one order for every writer: no deadlocks on PostgreSQL
    conn.execute(stmt, rows)


def apply(conn: Connection, events: list[dict[str, Any]], actor_rows: list[dict[str, Any]],
          event_actor_rows: list[dict[str, Any]], *, sign: int = 1) -> None:
    """Add (``sign=1``) or subtract (``sign=-1``) the counts of these rows."""
    n, located, names = tally(events, actor_rows, event_actor_rows)
    cols = ("start_month", "end_month", "type", "modality", "country")
    _upsert(conn, S.event_counts,
            [dict(zip(cols, k, strict=True), n=sign * v, located=sign * located[k]) for k, v in n.items()],
            list(cols), ["n", "located"])
    _upsert(conn, S.actor_names,
            [{"name_key": k, "name": name, "key": key, "n_events": sign * c} for k, (name, key, c) in names.items()],
            ["name_key"], ["n_events"], ("key",))
    if sign < 0:
        conn.execute(delete(S.event_counts).where(S.event_counts.c.n <= 0))
        conn.execute(delete(S.actor_names).where(S.actor_names.c.n_events <= 0))


def subtract_article(conn: Connection, article_id: str) -> None:
    """Subtract the counts of one stored article's rows (call before deleting them)."""
    e, ac, ea = S.events, S.actors, S.event_actors
    events = [dict(r._mapping) for r in conn.execute(
        select(e.c.date_start, e.c.date_end, e.c.type, e.c.modality, e.c.country_code, e.c.lat, e.c.lon)
        .where(e.c.article_id == article_id))]
    actors = [dict(r._mapping) for r in conn.execute(
        select(ac.c.article_id, ac.c.id, ac.c.name, ac.c.key, ac.c.name_key).where(ac.c.article_id == article_id))]
    links = [dict(r._mapping) for r in conn.execute(
        select(ea.c.article_id, ea.c.event_id, ea.c.actor_id).where(and_(ea.c.article_id == article_id)))]
    apply(conn, events, actors, links, sign=-1)

"""Stored counts, kept up to date by every write: events by month span, type, modality and country
(``event_counts``), events per actor name (``actor_names``), and located events per fine map cell by the same
dimensions as ``event_counts`` with and without the months (``grid_counts``, ``grid_totals``); the same three again
for the events with known fatalities, by fatalities band too (``fat_counts``, ``grid_fat_counts``,
``grid_fat_totals``).

Statistics, ``summary``, autocomplete and the map grid read these small tables instead of counting events, so
their cost does not grow with the archive. They count the events of current articles only (an earlier version of
a story is not listed by any query: ``filters.conditions``). A write adds the counts of the rows it inserts;
deleting an article, replacing its rows, or a newer version superseding it subtracts the counts of its rows (read
back from the database before they go).
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, select

from . import schema as S

CountKey = tuple[str, str, str, str, str]  # start month, end month, type, modality, country


def _month(day: str | None) -> str:
    return (day or "")[:7]


def event_count_key(row: dict[str, Any]) -> CountKey:
    return (_month(row.get("date_start")), _month(row.get("date_end")), row["type"], row["modality"],
            row.get("country_code") or "")


NameCounts = dict[str, tuple[str, str | None, int]]
CellKey = tuple[Any, ...]  # a count key, then the cell's x and y (and the fatalities band)
CellSums = dict[CellKey, list[float]]  # [n, sum of lat, sum of lon]


def cell_index(value: float, offset: float, dialect: str) -> int:
    """The fine grid cell of a coordinate (``value + offset`` in cells of :data:`schema.GRID_CELL`) as the
    backend's direct grid query computes it (``store.grid``): PostgreSQL floors, SQLite's CAST truncates (the same
    for coordinates in range)."""
    x = (value + offset) / S.GRID_CELL
    return math.floor(x) if dialect == "postgresql" else int(x)


def fat_band(fat: int) -> int:
    """The fatalities band (its lower bound in :data:`schema.FAT_BANDS`) of a known number of fatalities."""
    return S.FAT_BANDS[bisect.bisect_right(S.FAT_BANDS, fat) - 1]


def with_fatalities(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events whose fatalities are known, each with its ``band`` (:func:`fat_band`)."""
    return [{**e, "band": fat_band(e["fat"])} for e in events if e.get("fat") is not None and e["fat"] >= 0]


def cell_tally(events: Iterable[dict[str, Any]], dialect: str, *, band: bool = False) -> CellSums:
    """Located events per (count key, fine cell), with the sums of their coordinates; ``band``: per (count key, fine
    cell, fatalities band) of events from :func:`with_fatalities`."""
    out: CellSums = {}
    for e in events:
        lat, lon = e.get("lat"), e.get("lon")
        if lat is None or lon is None:
            continue
        k: CellKey = (*event_count_key(e), cell_index(lon, 180.0, dialect), cell_index(lat, 90.0, dialect))
        if band:
            k = (*k, e["band"])
        acc = out.get(k)
        if acc is None:
            out[k] = [1, lat, lon]
        else:
            acc[0] += 1
            acc[1] += lat
            acc[2] += lon
    return out


def event_tally(events: Iterable[dict[str, Any]], *, band: bool = False) -> tuple[Counter, Counter]:
    """(events per count key, located events per count key); ``band``: per (count key, fatalities band) of events
    from :func:`with_fatalities`."""
    n: Counter = Counter()
    located: Counter = Counter()
    for e in events:
        k = (*event_count_key(e), e["band"]) if band else event_count_key(e)
        n[k] += 1
        if e.get("lat") is not None and e.get("lon") is not None:
            located[k] += 1
    return n, located


def tally(events: Iterable[dict[str, Any]], actor_rows: Iterable[dict[str, Any]],
          event_actor_rows: Iterable[dict[str, Any]]) -> tuple[Counter, Counter, NameCounts]:
    """(events per count key, located events per count key, and events per actor name key with a display name
    and dictionary key) of one batch of rows as written (``rows.child_rows``)."""
    n, located = event_tally(events)
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


class _Family:
    """One family of count tables (events per count key, and located events per fine cell with and without the
    months) and the changes gathered for it; ``band``: keyed by the fatalities band too (the events with known
    fatalities only)."""

    def __init__(self, tables: tuple[Any, Any, Any], band: bool) -> None:
        self.tables, self.band = tables, band
        self.n: Counter = Counter()
        self.located: Counter = Counter()
        self.cells: CellSums = {}

    def add(self, events: list[dict[str, Any]], dialect: str, sign: int) -> None:
        n, located = event_tally(events, band=self.band)
        for k, v in n.items():
            self.n[k] += sign * v
            self.located[k] += sign * located[k]
        for cell, add in cell_tally(events, dialect, band=self.band).items():
            sums = self.cells.setdefault(cell, [0, 0.0, 0.0])
            for i in range(3):
                sums[i] += sign * add[i]

    def write(self, conn: Connection) -> None:
        counts, grid_counts, grid_totals = self.tables
        extra = ("band",) if self.band else ()
        cols = ("start_month", "end_month", "type", "modality", "country", *extra)
        _upsert(conn, counts, [dict(zip(cols, k, strict=True), n=v, located=self.located[k])
                               for k, v in self.n.items() if v or self.located[k]],
                list(cols), ["n", "located"])
        sums = ["n", "lat_sum", "lon_sum"]
        cell_cols = (*cols[:5], "gx", "gy", *extra)
        totals: dict[tuple[Any, ...], list[float]] = {}  # the same over all months
        for k, v in self.cells.items():
            total = totals.setdefault(k[2:], [0, 0.0, 0.0])
            for i in range(3):
                total[i] += v[i]
        for table, keys, rows in ((grid_counts, cell_cols, self.cells), (grid_totals, cell_cols[2:], totals)):
            _upsert(conn, table, [{**dict(zip(keys, k, strict=True)), "n": int(v[0]), "lat_sum": v[1], "lon_sum": v[2]}
                                  for k, v in rows.items() if v[0]], list(keys), sums)
        # rows whose count fell to 0 go: looked up by the keys that fell (a scan of the tables for ``n <= 0`` would
        # read the 600k rows of grid_counts of a 1M-event archive on every delete)
        _drop(conn, counts, cols, [k for k, v in self.n.items() if v < 0], "n")
        _drop(conn, grid_counts, cell_cols, [k for k, v in self.cells.items() if v[0] < 0], "n")
        _drop(conn, grid_totals, cell_cols[2:], [k for k, v in totals.items() if v[0] < 0], "n")


class Delta:
    """Changes to the stored counts gathered over one transaction and written once at its end (one upsert per
    table, rows in key order: concurrent writers lock count rows in one order), so that rows added and taken out
    again in the same transaction (a version superseded by a later one of the same batch) cancel out."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.names: dict[str, list[Any]] = {}  # name key -> [name, dictionary key, events]
        self.all = _Family((S.event_counts, S.grid_counts, S.grid_totals), band=False)
        self.fat = _Family((S.fat_counts, S.grid_fat_counts, S.grid_fat_totals), band=True)

    def add(self, events: list[dict[str, Any]], actor_rows: list[dict[str, Any]],
            event_actor_rows: list[dict[str, Any]], *, sign: int = 1) -> None:
        """Add (``sign=1``) or subtract (``sign=-1``) the counts of these rows."""
        _, _, names = tally((), actor_rows, event_actor_rows)
        for k, (name, key, c) in names.items():
            self.names.setdefault(k, [name, key, 0])[2] += sign * c
        self.all.add(events, self.dialect, sign)
        self.fat.add(with_fatalities(events), self.dialect, sign)

    def write(self, conn: Connection) -> None:
        """Write the gathered changes (then forget them); rows whose count falls to 0 go."""
        self.all.write(conn)
        self.fat.write(conn)
        _upsert(conn, S.actor_names, [{"name_key": k, "name": name, "key": key, "n_events": c}
                                      for k, (name, key, c) in self.names.items() if c], ["name_key"], ["n_events"],
                ("key",))
        _drop(conn, S.actor_names, ("name_key",), [(k,) for k, (_, _, c) in self.names.items() if c < 0], "n_events")


def _drop(conn: Connection, table: Any, keys: tuple[str, ...], fell: list[tuple[Any, ...]], count: str) -> None:
    """Delete the rows of these keys whose ``count`` is 0 or less."""
    if not fell:
        return
    stmt = delete(table).where(*(table.c[k] == bindparam(f"k_{k}") for k in keys), table.c[count] <= 0)
    conn.execute(stmt, [{f"k_{k}": v for k, v in zip(keys, key, strict=True)} for key in sorted(fell)])


def apply(conn: Connection, events: list[dict[str, Any]], actor_rows: list[dict[str, Any]],
          event_actor_rows: list[dict[str, Any]], *, sign: int = 1) -> None:
    """Add (``sign=1``) or subtract (``sign=-1``) the counts of these rows."""
    delta = Delta(conn.dialect.name)
    delta.add(events, actor_rows, event_actor_rows, sign=sign)
    delta.write(conn)


def subtract_article(conn: Connection, article_id: str, delta: Delta | None = None, *,
                     current: bool | None = None) -> None:
    """Subtract the counts of one stored article's rows (call before deleting them, or before it stops being
    current) from ``delta``, or from the stored counts; nothing when the article is not current (its rows were
    never counted). ``current``: the article's flag when the caller has read it already."""
    e, ac, ea = S.events, S.actors, S.event_actors
    if current is None:
        current = bool(conn.scalar(select(S.articles.c.current).where(S.articles.c.id == article_id)))
    if not current:
        return
    events = [dict(r._mapping) for r in conn.execute(
        select(e.c.date_start, e.c.date_end, e.c.type, e.c.modality, e.c.country_code, e.c.lat, e.c.lon, e.c.fat)
        .where(e.c.article_id == article_id))]
    actors = [dict(r._mapping) for r in conn.execute(
        select(ac.c.article_id, ac.c.id, ac.c.name, ac.c.key, ac.c.name_key).where(ac.c.article_id == article_id))]
    links = [dict(r._mapping) for r in conn.execute(
        select(ea.c.article_id, ea.c.event_id, ea.c.actor_id).where(and_(ea.c.article_id == article_id)))]
    if delta is None:
        apply(conn, events, actors, links, sign=-1)
    else:
        delta.add(events, actors, links, sign=-1)

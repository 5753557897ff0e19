"""The map grid: located events counted per grid cell of a map zoom, with each cell's mean point.

A query the stored counts answer (:func:`~eventwire.store.filters.counts_only`: no filter but type, modality,
country and dates on month boundaries) at a zoom below :data:`GRID_ZOOM` sums the stored
fine cells (``grid_counts``, ``grid_totals``: :mod:`eventwire.store.counts` keeps them) into the zoom's cells;
any other query groups the matching events. Both give the same cells, counts and means
(``tests/test_store_grid.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, and_, func, select, union_all

from . import schema as S
from .filters import count_conditions, counts_only
from .query import EventQuery

if TYPE_CHECKING:
    from .base import Store

e = S.events

#: Below this zoom the map gets grid counts; at or above it, points (unless more than ``browse.MAX_POINTS`` match).
GRID_ZOOM = 7


def cell_size(zoom: int) -> float:
    """Width in degrees of a grid cell at a map zoom (about a quarter of a 256-pixel tile)."""
    return 90.0 / (2 ** max(0, min(zoom, 18)))


def grid(store: Store, q: EventQuery, *, zoom: int) -> list[dict[str, Any]]:
    """Located events matching ``q`` counted per grid cell of the zoom: [{count, lat, lon (mean of the cell's
    events), cell: [w, s, e, n]}], largest first.

    Below :data:`GRID_ZOOM`, a query the stored counts answer (:func:`~eventwire.store.filters.counts_only`) sums
    the stored fine cells (``grid_counts``, ``grid_totals``) into the zoom's cells; any other groups the matching
    events. Both give the same cells, counts and means (:func:`grid_cells`)."""
    sel = grid_rollup_select(store, q, zoom=zoom)
    if sel is None:
        sel = grid_events_select(store, q, zoom=zoom)
    return grid_cells(store, sel, zoom=zoom)


def grid_events_select(store: Store, q: EventQuery, *, zoom: int) -> Any:
    """The grouped SELECT of the matching events per cell of the zoom: (gx, gy, n, lat sum, lon sum)."""
    size = cell_size(zoom)
    gx = func.floor((e.c.lon + 180.0) / size) if store.dialect == "postgresql" else \
        func.cast((e.c.lon + 180.0) / size, Integer)
    gy = func.floor((e.c.lat + 90.0) / size) if store.dialect == "postgresql" else \
        func.cast((e.c.lat + 90.0) / size, Integer)
    from .browse import _conds

    conds = [*_conds(store, q), e.c.lat.is_not(None), e.c.lon.is_not(None)]
    return (select(gx.label("gx"), gy.label("gy"), func.count().label("n"), func.sum(e.c.lat).label("lat"),
                   func.sum(e.c.lon).label("lon"))
            .where(and_(*conds)).group_by(gx, gy))


def grid_rollup_select(store: Store, q: EventQuery, *, zoom: int) -> Any | None:
    """The SELECT of the stored fine cells summed per cell of the zoom: (gx, gy, n, lat sum, lon sum); None when
    the stored cells cannot answer (a zoom finer than theirs, or a filter but type, modality, country and dates
    on month boundaries). A fine cell lies in one cell of a coarser zoom: cell widths halve from zoom to zoom, so
    the coarse cell index is the fine one divided by a power of two, which is what dividing the coordinate gives
    (to the bit: the widths are 90 times powers of two).

    No dates: ``grid_totals``. Dates: the ``grid_counts`` rows of the months matching, or, when the months left
    out are fewer (``since`` early in the archive), ``grid_totals`` less the rows of those months."""
    z = max(0, zoom)
    if z > GRID_ZOOM - 1 or not counts_only(q):
        return None
    k = 2 ** (GRID_ZOOM - 1 - z)

    def summed(table: Any, conds: list[Any], sign: int = 1) -> Any:
        gx: Any
        gy: Any
        if k == 1:
            gx, gy = table.c.gx, table.c.gy
        elif store.dialect == "postgresql":  # floored, as the events' cells are
            gx, gy = func.floor(table.c.gx / float(k)), func.floor(table.c.gy / float(k))
        else:  # SQLite: integer division truncates, as its CAST of the events' cells does
            gx, gy = table.c.gx // k, table.c.gy // k
        sel = select(gx.label("gx"), gy.label("gy"), func.sum(sign * table.c.n).label("n"),
                     func.sum(sign * table.c.lat_sum).label("lat"), func.sum(sign * table.c.lon_sum).label("lon"))
        return (sel.where(and_(*conds)) if conds else sel).group_by(gx, gy)

    if not (q.since or q.until):
        return summed(S.grid_totals, count_conditions(q, S.grid_totals))
    from .browse import day_floor

    c = S.grid_counts.c
    # no event starts more than the longest stored span before ``since``: a range of the primary key
    lo = day_floor(store, q.since)[:7] if q.since else None
    since, until = (q.since or "")[:7] or None, (q.until or "")[:7] or None
    if (since and until and since > until) or not _fewer_left_out(store, lo, since, until):
        conds = count_conditions(q, S.grid_counts) + ([c.start_month >= lo] if lo else [])
        return summed(S.grid_counts, conds)
    # every month less those left out: the events ending before ``since`` (they start before it too), those
    # starting after ``until``, and (with ``until`` alone) those without a date; disjoint when since <= until
    undated = EventQuery(types=q.types, modality=q.modality, countries=q.countries)
    dims = count_conditions(undated, S.grid_counts)
    out = [and_(c.start_month < since, c.end_month < since)] if since else []
    if until:
        out.append(c.start_month > until)
        if not since:
            out.append(c.start_month == "")
    parts = [summed(S.grid_totals, count_conditions(undated, S.grid_totals))]
    parts += [summed(S.grid_counts, [*dims, cond], sign=-1) for cond in out]
    u = union_all(*parts).subquery()
    return (select(u.c.gx, u.c.gy, func.sum(u.c.n).label("n"), func.sum(u.c.lat).label("lat"),
                   func.sum(u.c.lon).label("lon")).group_by(u.c.gx, u.c.gy))


def _fewer_left_out(store: Store, lo: str | None, since: str | None, until: str | None) -> bool:
    """Whether a date filter's months (``since`` to ``until``, read from ``lo``) hold more stored rows than those it
    leaves out plus ``grid_totals`` (about a sixth of ``grid_counts``): judged by the number of months between the
    first and last stored start months."""
    c = S.grid_counts.c
    with store._read() as conn:  # the ends of the primary key
        first = conn.scalar(select(func.min(c.start_month)).where(c.start_month > ""))
        last = conn.scalar(select(func.max(c.start_month)).where(c.start_month > ""))
    if not first or not last:
        return False

    def months(a: str, b: str) -> int:
        return max(0, (int(b[:4]) - int(a[:4])) * 12 + int(b[5:7]) - int(a[5:7]) + 1)

    read = months(max(lo or first, first), min(until or last, last))
    left = (max(0, months(first, since) - 1) if since else 0) + (max(0, months(until, last) - 1) if until else 0)
    return left + months(first, last) / 6 < read


def grid_cells(store: Store, sel: Any, *, zoom: int) -> list[dict[str, Any]]:
    """The rows of a grid SELECT (:func:`grid_events_select`, :func:`grid_rollup_select`) as cells, largest
    first."""
    size = cell_size(zoom)
    out = []
    with store._read() as conn:
        for r in conn.execute(sel):
            n = int(r.n)
            if n <= 0:
                continue
            w, s = -180.0 + int(r.gx) * size, -90.0 + int(r.gy) * size
            cell = [round(w, 6), round(s, 6), round(min(w + size, 180.0), 6), round(min(s + size, 90.0), 6)]
            out.append({"count": n, "lat": float(r.lat) / n, "lon": float(r.lon) / n, "cell": cell})
    out.sort(key=lambda c: (-int(c["count"]), c["cell"]))  # type: ignore[call-overload]
    return out

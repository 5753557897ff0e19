"""The map grid: located events counted per grid cell of a map zoom, with each cell's mean point.

A query the stored counts answer (:func:`~eventwire.store.filters.counts_only`: no filter but type, modality,
country, dates on month boundaries and a minimum of fatalities on a band's bound, read from ``grid_fat_counts`` and
``grid_fat_totals``; a box too, its edges added from the events) at a zoom below
:data:`GRID_ZOOM` sums the stored fine cells (``grid_counts``, ``grid_totals``: :mod:`eventwire.store.counts`
keeps them) into the zoom's cells; any other query groups the matching events (the web map: at most
:data:`GRID_SAMPLE` of them). Both give the same cells, counts and means (``tests/test_store_grid.py``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, and_, func, select, union_all

from . import schema as S
from .filters import conditions, count_conditions, count_tables, counts_only
from .query import BBox, EventQuery

if TYPE_CHECKING:
    from .base import Store

e = S.events

#: Below this zoom the map gets grid counts; at or above it, points (unless more than ``browse.MAX_POINTS`` match).
GRID_ZOOM = 7


def cell_size(zoom: int) -> float:
    """Width in degrees of a grid cell at a map zoom (about a quarter of a 256-pixel tile)."""
    return 90.0 / (2 ** max(0, min(zoom, 18)))


#: A grid the stored cells cannot answer (full text, actors, fatalities, ``near``...) groups at most this many
#: matching events (and says so: :attr:`Grid.sample`), so that a filter matching half the archive costs what this
#: many rows cost instead of every match.
GRID_SAMPLE = 10_000


@dataclass
class Grid:
    """Grid cells of a query (see :func:`grid`); ``sample``: None when every matching located event is counted,
    else how many were (the first ones the filter's index gave: more match)."""

    cells: list[dict[str, Any]] = field(default_factory=list)
    sample: int | None = None


def grid(store: Store, q: EventQuery, *, zoom: int) -> list[dict[str, Any]]:
    """Located events matching ``q`` counted per grid cell of the zoom: [{count, lat, lon (mean of the cell's
    events), cell: [w, s, e, n]}], largest first.

    Below :data:`GRID_ZOOM`, a query the stored counts answer (:func:`~eventwire.store.filters.counts_only`, with a
    box or not) sums the stored fine cells (``grid_counts``, ``grid_totals``) into the zoom's cells; any other
    groups the matching events. Both give the same cells, counts and means (:func:`grid_cells`)."""
    sel = grid_rollup_select(store, q, zoom=zoom)
    if sel is None:
        sel = grid_events_select(store, q, zoom=zoom)
    return grid_cells(store, sel, zoom=zoom)


def sampled_grid(store: Store, q: EventQuery, *, zoom: int, cap: int = GRID_SAMPLE) -> Grid:
    """:func:`grid`, except that a query the stored cells cannot answer counts at most ``cap + 1`` matching located
    events, of the first :data:`~eventwire.store.browse.TEXT_ARTICLES` matching articles with full text (``sample``
    says how many when more match): what the web map reads, bounded whatever the filter."""
    sel = grid_rollup_select(store, q, zoom=zoom)
    if sel is not None:
        return Grid(grid_cells(store, sel, zoom=zoom))
    cells = grid_cells(store, grid_events_select(store, q, zoom=zoom, limit=cap + 1), zoom=zoom)
    n = sum(int(c["count"]) for c in cells)
    if n <= cap and q.q:
        from .browse import more_text_articles

        return Grid(cells, n if more_text_articles(store, q.q) else None)
    return Grid(cells, n if n > cap else None)


def _cell_of(store: Store, value: Any, offset: float, size: float) -> Any:
    """The SQL cell index of a coordinate column: PostgreSQL floors, SQLite's CAST truncates (the same in range)."""
    if store.dialect == "postgresql":
        return func.floor((value + offset) / size)
    return func.cast((value + offset) / size, Integer)


def _grouped(store: Store, lat: Any, lon: Any, zoom: int, where: list[Any], source: Any = None) -> Any:
    size = cell_size(zoom)
    gx, gy = _cell_of(store, lon, 180.0, size), _cell_of(store, lat, 90.0, size)
    sel = select(gx.label("gx"), gy.label("gy"), func.count().label("n"), func.sum(lat).label("lat"),
                 func.sum(lon).label("lon"))
    if source is not None:
        sel = sel.select_from(source)
    return (sel.where(and_(*where)) if where else sel).group_by(gx, gy)


def grid_events_select(store: Store, q: EventQuery, *, zoom: int, limit: int | None = None) -> Any:
    """The grouped SELECT of the matching events per cell of the zoom: (gx, gy, n, lat sum, lon sum); ``limit``:
    of the first ``limit`` matching located events only (in the order the filter's index gives them; full text: of
    the first :data:`~eventwire.store.browse.TEXT_ARTICLES` matching articles)."""
    from .browse import _conds

    conds = [*_conds(store, q), e.c.lat.is_not(None), e.c.lon.is_not(None)]
    if limit is None:
        return _grouped(store, e.c.lat, e.c.lon, zoom, conds)
    if q.q:  # the events of the first matching articles (browse.TEXT_ARTICLES), not a list of every match first
        from .browse import text_events

        rows = text_events(store, q, [e.c.lat, e.c.lon], (e.c.lat.is_not(None), e.c.lon.is_not(None)))
        rows = rows.limit(limit).subquery()
    else:
        rows = select(e.c.lat, e.c.lon).where(and_(*conds)).limit(limit).subquery()
    return _grouped(store, rows.c.lat, rows.c.lon, zoom, [], rows)


#: Slack (degrees) of the index ranges of a box's edge strips: the exact test is the cell index, as stored.
_SLACK = 1e-6


def inner_cells(box: BBox) -> tuple[int, int, int, int] | None:
    """The fine cells (x from, x to, y from, y to; inclusive) lying wholly inside a box that does not cross the
    antimeridian, or None when there are none."""
    c = S.GRID_CELL
    x0, x1 = math.ceil((box.west + 180.0) / c), math.floor((box.east + 180.0) / c) - 1
    y0, y1 = math.ceil((box.south + 90.0) / c), math.floor((box.north + 90.0) / c) - 1
    return (x0, x1, y0, y1) if x0 <= x1 and y0 <= y1 else None


def box_edges(store: Store, q: EventQuery, box: BBox, inner: tuple[int, int, int, int], columns: list[Any]) -> Any:
    """The SELECT (UNION ALL) of ``columns`` of the events matching ``q`` in ``box`` but outside its inner fine
    cells: four strips (south, north, west, east), each an index range on ``lat`` or ``lon`` narrower than a fine
    cell, told apart by the fine cell index as the stored cells compute it."""
    from .browse import day_floor

    c = S.GRID_CELL
    x0, x1, y0, y1 = inner
    s_in, n_in = -90.0 + y0 * c, -90.0 + (y1 + 1) * c
    w_in, e_in = -180.0 + x0 * c, -180.0 + (x1 + 1) * c
    fx, fy = _cell_of(store, e.c.lon, 180.0, c), _cell_of(store, e.c.lat, 90.0, c)
    # each strip reads one index range: the other conditions on expressions no index serves (an equality on type
    # or country would win SQLite's planner over a narrow range, and read every event of the type)
    day = day_floor(store, q.since) if q.since else None
    base = [*conditions(q, store.backend, day_floor=day, indexed=False), e.c.lat.is_not(None), e.c.lon.is_not(None)]
    lon = e.c.lon + 0.0
    strips = [
        [e.c.lat >= box.south, e.c.lat <= s_in + _SLACK, fy < y0, lon >= box.west, lon <= box.east],  # ix_events_latlon
        [e.c.lat >= n_in - _SLACK, e.c.lat <= box.north, fy > y1, lon >= box.west, lon <= box.east],
        [e.c.lon >= box.west, e.c.lon <= w_in + _SLACK, fx < x0, fy >= y0, fy <= y1],  # ix_events_lonlat
        [e.c.lon >= e_in - _SLACK, e.c.lon <= box.east, fx > x1, fy >= y0, fy <= y1],
    ]
    return union_all(*(select(*columns).where(and_(*base, *strip)) for strip in strips))


def _edge_select(store: Store, q: EventQuery, box: BBox, inner: tuple[int, int, int, int], zoom: int) -> Any:
    """The grouped SELECT of the events of a box's edge strips (:func:`box_edges`) per cell of the zoom."""
    rows = box_edges(store, q, box, inner, [e.c.lat, e.c.lon]).subquery()
    return _grouped(store, rows.c.lat, rows.c.lon, zoom, [], rows)


def grid_rollup_select(store: Store, q: EventQuery, *, zoom: int) -> Any | None:
    """The SELECT of the stored fine cells summed per cell of the zoom: (gx, gy, n, lat sum, lon sum); None when
    the stored cells cannot answer (a zoom finer than theirs, or a filter but type, modality, country, dates on
    month boundaries and a box not crossing the antimeridian). A fine cell lies in one cell of a coarser zoom: cell
    widths halve from zoom to zoom, so the coarse cell index is the fine one divided by a power of two, which is
    what dividing the coordinate gives (to the bit: the widths are 90 times powers of two).

    No dates: ``grid_totals``. Dates: the ``grid_counts`` rows of the months matching, or, when the months left
    out are fewer (``since`` early in the archive), ``grid_totals`` less the rows of those months. A box: the
    stored fine cells wholly inside it, plus the events grouped in the strips along its edges (less than a fine
    cell wide) that those cells leave out."""
    z = max(0, zoom)
    box = q.bbox
    rest = dataclasses.replace(q, bbox=None) if box else q
    if z > GRID_ZOOM - 1 or not counts_only(rest):
        return None
    inner = None
    if box is not None:
        inner = inner_cells(box) if box.west <= box.east else None
        if inner is None:  # across the antimeridian, or no fine cell inside: the events in the box
            return None
    k = 2 ** (GRID_ZOOM - 1 - z)

    def summed(table: Any, conds: list[Any], sign: int = 1) -> Any:
        gx: Any
        gy: Any
        if inner is not None:
            conds = [*conds, table.c.gx.between(inner[0], inner[1]), table.c.gy.between(inner[2], inner[3])]
        if k == 1:
            gx, gy = table.c.gx, table.c.gy
        elif store.dialect == "postgresql":  # floored, as the events' cells are
            gx, gy = func.floor(table.c.gx / float(k)), func.floor(table.c.gy / float(k))
        else:  # SQLite: integer division truncates, as its CAST of the events' cells does
            gx, gy = table.c.gx // k, table.c.gy // k
        sel = select(gx.label("gx"), gy.label("gy"), func.sum(sign * table.c.n).label("n"),
                     func.sum(sign * table.c.lat_sum).label("lat"), func.sum(sign * table.c.lon_sum).label("lon"))
        return (sel.where(and_(*conds)) if conds else sel).group_by(gx, gy)

    parts = _rollup_parts(store, rest, summed)
    if box is not None and inner is not None:
        parts.append(_edge_select(store, rest, box, inner, z))
    if len(parts) == 1:
        return parts[0]
    u = union_all(*parts).subquery()
    return (select(u.c.gx, u.c.gy, func.sum(u.c.n).label("n"), func.sum(u.c.lat).label("lat"),
                   func.sum(u.c.lon).label("lon")).group_by(u.c.gx, u.c.gy))


def _rollup_parts(store: Store, q: EventQuery, summed: Callable[..., Any]) -> list[Any]:
    """The stored cells' SELECTs (``summed`` of a table, its conditions and a sign) whose sum is ``q``'s grid."""
    _, months, totals = count_tables(q)
    if not (q.since or q.until):
        return [summed(totals, count_conditions(q, totals))]
    from .browse import day_floor

    c = months.c
    # no event starts more than the longest stored span before ``since``: a range of the primary key
    lo = day_floor(store, q.since)[:7] if q.since else None
    since, until = (q.since or "")[:7] or None, (q.until or "")[:7] or None
    if (since and until and since > until) or not _fewer_left_out(store, lo, since, until):
        conds = count_conditions(q, months) + ([c.start_month >= lo] if lo else [])
        return [summed(months, conds)]
    # every month less those left out: the events ending before ``since`` (they start before it too), those
    # starting after ``until``, and (with ``until`` alone) those without a date; disjoint when since <= until
    undated = EventQuery(types=q.types, modality=q.modality, countries=q.countries, min_fatalities=q.min_fatalities)
    dims = count_conditions(undated, months)
    out = [and_(c.start_month < since, c.end_month < since)] if since else []
    if until:
        out.append(c.start_month > until)
        if not since:
            out.append(c.start_month == "")
    parts = [summed(totals, count_conditions(undated, totals))]
    parts += [summed(months, [*dims, cond], sign=-1) for cond in out]
    return parts


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

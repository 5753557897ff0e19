"""Archive-scale reads: keyset pages of events, stored statistics, map grid aggregates, suggestions,
article search (:mod:`.lookup`), and the whole filtered set streamed in batches.

Nothing here loads a table into memory: a page reads its rows through an index and then the
documents of those rows only; statistics read ``event_counts`` when they answer the query, else
one grouped query; the map reads grid counts when a zoom is wide or the points are many (:mod:`.grid`: summed
from the stored fine cells when they answer the query, else grouped from the events).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, literal, select, true, union_all

from ..model import Document
from . import schema as S
from .filters import (
    FREQUENT_ACTOR_SHARE,
    Order,
    actor_names_matching,
    actor_only,
    conditions,
    count_conditions,
    count_tables,
    counts_only,
)
from .query import EventQuery, StoredEvent

if TYPE_CHECKING:
    from .base import Store

e, a = S.events, S.articles

#: An exact total is counted up to this many events; beyond it a page's ``total`` is None (unless the stored
#: counts answer the query).
TOTAL_CAP = 10_000
#: At or above GRID_ZOOM (:mod:`eventwire.store.grid`) the map gets points, unless more than this many match.
MAX_POINTS = 2_000


@dataclass
class EventPage:
    """One page of events, the cursor of the next page (None at the end), and the total (None: too costly)."""

    items: list[StoredEvent] = field(default_factory=list)
    next: str | None = None
    total: int | None = None


def _docs(conn: Any, ids: list[str]) -> dict[str, Document]:
    docs: dict[str, Document] = {}
    for i in range(0, len(ids), 500):
        rows = conn.execute(select(a.c.id, a.c.doc).where(a.c.id.in_(ids[i : i + 500])))
        docs.update((r.id, Document.model_validate_json(r.doc)) for r in rows)
    return docs


def day_floor(store: Store, since: str) -> str:
    """The first day an event overlapping ``since`` or later can start: ``since``'s month less the longest span
    (in months) of any stored event, read from the stored counts."""
    c = S.event_counts.c
    with store._read() as conn:
        spans = conn.execute(select(c.start_month, c.end_month).where(c.start_month != c.end_month,
                                                                       c.start_month != "").distinct()).all()
    longest = 0
    for start, end in spans:
        if len(start) == 7 and len(end) == 7:
            longest = max(longest, (int(end[:4]) - int(start[:4])) * 12 + int(end[5:7]) - int(start[5:7]))
    y, m = int(since[:4]), int(since[5:7]) - longest
    while m < 1:
        y, m = y - 1, m + 12
    return f"{max(y, 0):04d}-{m:02d}-01"


def frequent_actors(store: Store, q: EventQuery) -> bool:
    """Whether ``q``'s actor filter names at least :data:`~eventwire.store.filters.FREQUENT_ACTOR_SHARE` of the
    stored events (from the stored counts: ``actor_names.n_events`` against ``event_counts``, its sum read at most
    once a minute: ``Store.total_events``)."""
    if not q.actors:
        return False
    an = S.actor_names
    with store._read() as conn:
        named = conn.scalar(select(func.coalesce(func.sum(an.c.n_events), 0))
                            .where(an.c.name_key.in_(actor_names_matching(q.actors)))) or 0
    if not named:
        return False
    return named >= FREQUENT_ACTOR_SHARE * store.total_events()


def actor_keys(store: Store, q: EventQuery) -> list[str] | None:
    """PostgreSQL: the ``actor_names`` keys ``q``'s actor filter matches, read first, so that its planner weighs the
    actors' rows by the statistics of their names (a pattern on ``actor_names`` inside the query is guessed at 5
    names: an actor of 4,500 events planned as 19,000, and the events then scanned whole); None on SQLite or
    without an actor filter (the query reads the names itself)."""
    if store.dialect != "postgresql" or not q.actors:
        return None
    with store._read() as conn:
        return list(conn.execute(actor_names_matching(q.actors)).scalars())


def _conds(store: Store, q: EventQuery, *, ordered: bool = False) -> list[Any]:
    """The conditions of ``q``; ``ordered``: for a query that reads matches in a sort order and stops after a page
    (a frequent actor is then checked on the rows of the order's index, see ``filters.actor_condition``);
    aggregates (counts, statistics, the grid) read every match and list the actors' events instead.

    PostgreSQL, an actor naming few events: the other filters are checked on the actors' events (``indexed=False``)
    rather than offered to the planner as index ranges, which it would prefer to the list of the actors' events
    (reading every event of a type, 300,000 at 1M events, to keep the 1,400 of the actor)."""
    keys = actor_keys(store, q)
    frequent = (ordered or keys is not None) and frequent_actors(store, q)
    return conditions(q, store.backend, day_floor=day_floor(store, q.since) if q.since else None,
                      frequent_actors=ordered and frequent, actor_keys=keys, indexed=keys is None or frequent)


def keys_select(store: Store, q: EventQuery, order: Order, *, after: list[Any] | None = None) -> Any:
    """The SELECT of matching events' sort keys in ``order`` (after the key ``after``): what pages run.

    PostgreSQL, an actor filter naming few events (not :func:`frequent_actors`): the actor's events are listed
    through its names first and then sorted (a subquery the planner cannot merge, OFFSET 0). Its planner would
    otherwise walk the sort order's index and check each event for the actor, counting on the actor's events being
    spread evenly over it; an actor active in one period is found only after most of the index (2 s at 1M
    events)."""
    frequent = frequent_actors(store, q)
    keys = actor_keys(store, q)
    where = conditions(q, store.backend, day_floor=day_floor(store, q.since) if q.since else None,
                       frequent_actors=frequent, actor_keys=keys, indexed=keys is None or frequent)
    where += [order.after(after)] if after else []
    sel = select(order.column.label("key"), e.c.article_id, e.c.position, e.c.id, e.c.lat, e.c.lon)
    if where:
        sel = sel.where(and_(*where))
    if store.dialect == "postgresql" and q.actors and not frequent:
        listed = sel.offset(0).subquery()
        cols = (listed.c.key, listed.c.article_id, listed.c.position)
        return select(listed).order_by(*(c.desc() if order.descending else c.asc() for c in cols))
    return sel.order_by(*order.order_by())


def _keys(store: Store, q: EventQuery, order: Order, *, limit: int, after: list[Any] | None = None,
          offset: int = 0) -> Iterator[tuple[tuple[Any, str, int], str, float | None]]:
    """(sort key, event id, distance) of matching events in order, at most ``limit`` of them."""
    got = 0
    batch = max(limit + 1, 50) if q.near else limit
    while got < limit:
        sel = keys_select(store, q, order, after=after).limit(batch)
        if offset:
            sel = sel.offset(offset)
            offset = 0
        with store._read() as conn:
            rows = conn.execute(sel).all()
        for r in rows:
            after = [r[0], r.article_id, r.position]
            dist = None
            if q.near:
                if r.lat is None or r.lon is None:
                    continue
                dist = q.near.distance(r.lat, r.lon)
                if dist > q.near.km:
                    continue
            yield (r[0], r.article_id, r.position), r.id, dist
            got += 1
            if got >= limit:
                return
        if len(rows) < batch:
            return


def _stored(conn: Any, hits: list[tuple[str, str, float | None]]) -> list[StoredEvent]:
    """StoredEvents for (article, event, distance) from the rows of ``events``, ``places``, ``actors`` and the
    article's title/url/source/date: no document is read (a place's ``kind``, ``bbox`` and ``resolution`` and an
    actor's ``source`` are not in the rows and stay null)."""
    import json

    from ..model import Actor, Event, Place

    if not hits:
        return []
    p, ac = S.places, S.actors
    keys = set((aid, eid) for aid, eid, _ in hits)
    wanted = sorted({aid for aid, _ in keys})
    rows: dict[Any, Any] = {}
    for i in range(0, len(wanted), 500):  # by article (the primary key's prefix): a row-value IN list is not indexed
        sel = (select(e.c.article_id, e.c.id, e.c.event, e.c.place_id, a.c.title, a.c.url, a.c.source,
                      a.c.published)
               .select_from(e.join(a, a.c.id == e.c.article_id))
               .where(e.c.article_id.in_(wanted[i : i + 500])))
        rows.update(((r.article_id, r.id), r) for r in conn.execute(sel) if (r.article_id, r.id) in keys)
    events = {k: Event.model_validate_json(r.event) for k, r in rows.items()}
    place_keys = {(k[0], r.place_id) for k, r in rows.items() if r.place_id}
    places: dict[tuple[str, str], Place] = {}
    for i in range(0, len(wanted), 500):
        for r in conn.execute(select(p).where(p.c.article_id.in_(wanted[i : i + 500]))):
            if (r.article_id, r.id) not in place_keys:
                continue
            m = dict(r._mapping)
            aid = m.pop("article_id")
            places[(aid, m["id"])] = Place(**m)
    articles = sorted({k[0] for k in rows})
    actors: dict[tuple[str, str], Actor] = {}
    for i in range(0, len(articles), 500):
        sel = select(ac.c.article_id, ac.c.id, ac.c.name, ac.c.kind, ac.c.country, ac.c.inter, ac.c.wikidata,
                     ac.c.role, ac.c.affiliation, ac.c.aliases, ac.c.key)
        sel = sel.where(ac.c.article_id.in_(articles[i : i + 500]))
        for r in conn.execute(sel):
            actors[(r.article_id, r.id)] = Actor(
                id=r.id, name=r.name, kind=r.kind, country=r.country, inter=r.inter, wikidata=r.wikidata, role=r.role,
                affiliation=r.affiliation, aliases=json.loads(r.aliases or "[]"), key=r.key)
    out = []
    for aid, eid, dist in hits:
        r = rows.get((aid, eid))
        if r is None:
            continue
        ev = events[(aid, eid)]
        out.append(StoredEvent(
            article_id=aid, title=r.title, url=r.url, source=r.source, published=r.published, event=ev,
            place=places.get((aid, ev.place)) if ev.place else None,
            actors=[actors[(aid, x)] for x in ev.actors if (aid, x) in actors],
            recipients=[actors[(aid, x)] for x in ev.recipients if (aid, x) in actors], distance_km=dist))
    return out


#: A page of a filter no index in the sort order serves (full text, a box, fatalities under another sort) first
#: reads this many events in the sort order's index and checks them (SQLite): a filter matching one event in a
#: hundred or more fills a page there, without listing every match through the filter's own index and sorting it
#: (a word in half the articles of a 1M-event archive: about 1 s). Full text checks each article in the FTS index
#: (about 0.03 ms).
WALK_ROWS = 5_000
#: A page that found some matches in those rows but not a page reads on while the share of matches says the page
#: fills within this many rows (a filter matching one event in a thousand: about 60 ms on SQLite at 1M events, where
#: listing a common word's events through the full-text index and sorting them costs 300 ms).
WALK_MAX_ROWS = 30_000
#: ... unless the word is in fewer articles than this.
WALK_TEXT_ARTICLES = 2_000


def _walks(store: Store, q: EventQuery, order: Order) -> bool:
    """Whether a page of ``q`` tries :func:`_walk` first: SQLite (PostgreSQL's planner weighs the two ways itself),
    and a filter that neither an index in the sort order (type, country, a frequent actor) nor a short list
    (an article, an actor, ``near``) serves."""
    if store.dialect != "sqlite" or q.article or q.actors or q.near or q.types or q.countries:
        return False
    if q.q:  # a rare word: its list of articles is short (and checking each event read would cost more)
        first = select(a.c.seq).where(store.backend.fulltext(q.q)).limit(WALK_TEXT_ARTICLES).subquery()
        with store._read() as conn:
            return (conn.scalar(select(func.count()).select_from(first)) or 0) >= WALK_TEXT_ARTICLES
    return bool(q.bbox or (q.min_fatalities is not None and order.name != "fatalities"))


def _walk(store: Store, q: EventQuery, order: Order, *, limit: int,
          after: list[Any] | None) -> list[tuple[tuple[Any, str, int], str, float | None]] | None:
    """The first ``limit`` matching events in ``order`` after ``after``, looked for in the sort order's index only
    (the filters checked on each row, none through its own index): the next :data:`WALK_ROWS` events, then, while
    the share matching there says the page fills within :data:`WALK_MAX_ROWS`, as many more as it needs. None when it
    does not (the filter is rare: its index is the better way)."""
    where = conditions(q, store.backend, day_floor=day_floor(store, q.since) if q.since else None, indexed=False)
    found: list[Any] = []
    walked, rows = 0, WALK_ROWS
    while True:
        span = select(*order.columns).order_by(*order.order_by()).offset(rows - 1).limit(1)
        if after:
            span = span.where(order.after(after))
        with store._read() as conn:
            edge = conn.execute(span).first()
        bounds = ([order.after(after)] if after else []) + ([order.up_to(list(edge))] if edge is not None else [])
        sel = (select(order.column, e.c.article_id, e.c.position, e.c.id).where(and_(*where, *bounds))
               .order_by(*order.order_by()).limit(limit - len(found)))
        with store._read() as conn:
            found += conn.execute(sel).all()
        walked += rows
        if len(found) >= limit or edge is None:
            break
        more = (limit - len(found)) * walked / len(found) * 1.25 if found else None  # rows to read for the rest
        if more is None or walked + more > WALK_MAX_ROWS:
            return None
        after, rows = list(edge), max(int(more), 100)
    return [((r[0], r.article_id, r.position), r.id, None) for r in found]


def event_page(store: Store, q: EventQuery, *, sort: str | None = None, limit: int = 50, cursor: str | None = None,
               offset: int = 0, with_total: bool = True) -> EventPage:
    """A page of events matching ``q`` in ``sort`` order (``date``, ``fatalities``, ``confidence``; ``-`` for
    descending; default ``-date``), after ``cursor`` (from the previous page's ``next``) or ``offset``."""
    order = Order.parse(sort)
    after = order.decode(cursor) if cursor else None
    found = None
    if not offset and _walks(store, q, order):
        found = _walk(store, q, order, limit=limit + 1, after=after)
    if found is None:
        found = list(_keys(store, q, order, limit=limit + 1, after=after, offset=0 if after else offset))
    more = len(found) > limit
    found = found[:limit]
    with store._read() as conn:
        items = _stored(conn, [(k[1], eid, dist) for k, eid, dist in found])
    nxt = order.encode(found[-1][0]) if more and found else None
    return EventPage(items=items, next=nxt, total=count(store, q) if with_total else None)


def iter_events(store: Store, q: EventQuery, *, sort: str | None = None, batch: int = 500) -> Iterator[StoredEvent]:
    """Every event matching ``q`` in ``sort`` order, read ``batch`` at a time (exports stream this)."""
    order = Order.parse(sort)
    after: list[Any] | None = None
    left = q.limit
    while True:
        size = batch if left is None else min(batch, left)
        if size <= 0:
            return
        found = list(_keys(store, q, order, limit=size, after=after))
        if not found:
            return
        with store._read() as conn:
            yield from _stored(conn, [(k[1], eid, dist) for k, eid, dist in found])
        after = list(found[-1][0])
        if left is not None:
            left -= len(found)
        if len(found) < size:
            return


def count(store: Store, q: EventQuery, *, cap: int = TOTAL_CAP) -> int | None:
    """How many events match ``q``: from the stored counts when they answer it (a box too: the stored fine cells
    inside it and the events of its edges, summed as the map's widest grid), else counted up to ``cap`` (None beyond
    it). ``near`` counts the exact circle."""
    from .grid import grid_rollup_select

    box_sel = grid_rollup_select(store, q, zoom=0) if q.bbox else None  # every event in a box is located
    with store._read() as conn:
        if counts_only(q):
            sel = select(func.coalesce(func.sum(count_tables(q)[0].c.n), 0))
            conds = count_conditions(q)
            return int(conn.scalar(sel.where(and_(*conds)) if conds else sel) or 0)
        if box_sel is not None:
            return sum(int(r.n) for r in conn.execute(box_sel))
        if actor_only(q):
            # the stored events per name first: one name is its count; a name on more than ``cap`` events is more
            an = S.actor_names
            named = conn.execute(select(an.c.n_events).where(an.c.name_key.in_(actor_names_matching(q.actors)))
                                 .order_by(an.c.n_events.desc()).limit(2)).scalars().all()
            if not named:
                return 0
            if named[0] > cap:
                return None
            if len(named) == 1:
                return int(named[0])
            # else the (article, event) pairs of the actors' rows, through the covering name index
            ac, ea = S.actors, S.event_actors
            superseded = select(a.c.id).where(a.c.current.is_(False))
            pairs = (select(ea.c.article_id, ea.c.event_id).distinct()
                     .select_from(ac.join(ea, and_(ea.c.article_id == ac.c.article_id, ea.c.actor_id == ac.c.id)))
                     .where(ac.c.name_key.in_(actor_names_matching(q.actors)), ac.c.article_id.not_in(superseded))
                     .limit(cap + 1).subquery())
            n = conn.scalar(select(func.count()).select_from(pairs)) or 0
            return None if n > cap else int(n)
        conds = _conds(store, q)
        if q.near:
            inner = select(e.c.lat, e.c.lon).where(and_(*conds)).limit(cap + 1).subquery()
            n = sum(1 for r in conn.execute(select(inner)) if r.lat is not None
                    and q.near.distance(r.lat, r.lon) <= q.near.km)
        elif q.q:  # the events of the first TEXT_ARTICLES matching articles: exact when no more match
            if more_text_articles(store, q.q):  # more match: not counted (asked first, without reading events)
                return None
            inner = text_events(store, q, [literal(1).label("one")]).limit(cap + 1).subquery()
            n = conn.scalar(select(func.count()).select_from(inner)) or 0
        else:  # no column read: the filter's index alone answers (no row lookups)
            inner = select(literal(1).label("one")).select_from(e).where(and_(*conds)).limit(cap + 1).subquery()
            n = conn.scalar(select(func.count()).select_from(inner)) or 0
    return None if n > cap else int(n)


#: A full-text filter's aggregates (a page's total, the map's sample) read the events of at most this many matching
#: articles (in the full-text index's order): a word in half the articles of a 1M-event archive costs what they cost.
TEXT_ARTICLES = 10_000


def text_articles(store: Store, q: str) -> Any:
    """The subquery of the ids of the first :data:`TEXT_ARTICLES` articles matching the full-text query ``q``."""
    return select(a.c.id).where(store.backend.fulltext(q)).limit(TEXT_ARTICLES).subquery()


def text_events(store: Store, q: EventQuery, columns: list[Any], extra: tuple[Any, ...] = ()) -> Any:
    """The SELECT of ``columns`` of the events matching ``q`` (and the conditions ``extra``) in its first
    :data:`TEXT_ARTICLES` full-text matches, article by article through the primary key of ``events`` (PostgreSQL:
    a LATERAL subquery per article, which its planner would otherwise hash-join with every event the other filters
    match)."""
    assert q.q
    arts = text_articles(store, q.q)
    conds = [*_conds(store, dataclasses.replace(q, q=None)), *extra]
    if store.dialect != "postgresql":
        return select(*columns).select_from(arts.join(e, e.c.article_id == arts.c.id)).where(and_(*conds))
    per = select(e).where(e.c.article_id == arts.c.id, *conds).offset(0).lateral()  # OFFSET: not flattened
    return select(*(per.c[c.name] if c.name in per.c else c for c in columns)).select_from(arts.join(per, true()))


def more_text_articles(store: Store, q: str) -> bool:
    """Whether more than :data:`TEXT_ARTICLES` articles match the full-text query ``q``."""
    sel = select(a.c.seq).where(store.backend.fulltext(q)).offset(TEXT_ARTICLES).limit(1)
    with store._read() as conn:
        return conn.execute(sel).first() is not None


def located_at_most(store: Store, q: EventQuery, cap: int) -> bool:
    """Whether at most ``cap`` located events match ``q`` (without ``near``: counted through the filter's index,
    stopping at ``cap + 1``; with ``near``: True, the circle is checked on the rows)."""
    if q.near:
        return True
    conds = [*_conds(store, q), e.c.lat.is_not(None), e.c.lon.is_not(None)]
    inner = select(literal(1).label("one")).select_from(e).where(and_(*conds)).limit(cap + 1).subquery()
    with store._read() as conn:
        return (conn.scalar(select(func.count()).select_from(inner)) or 0) <= cap


# -- statistics ------------------------------------------------------------------------------------


@dataclass
class EventStats:
    """Events matching a query by type, modality and month. A month counts every event whose date range
    overlaps it, so its count is what the filter ``since=first day, until=last day`` returns."""

    events: int = 0
    located: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    by_modality: dict[str, int] = field(default_factory=dict)
    by_month: list[tuple[str, int]] = field(default_factory=list)


def _months(first: str, last: str) -> Iterator[str]:
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    while (y, m) <= (ly, lm):
        yield f"{y:04d}-{m:02d}"
        m += 1
        if m == 13:
            y, m = y + 1, 1


def stats(store: Store, q: EventQuery) -> EventStats:
    """Counts of the events matching ``q`` (see :class:`EventStats`)."""
    box_sel = box_stats_select(store, q)
    if box_sel is not None:
        sel, conds = box_sel, []
    elif counts_only(q):
        c = count_tables(q)[0].c
        sel = select(c.start_month, c.end_month, c.type, c.modality, func.sum(c.n), func.sum(c.located)).group_by(
            c.start_month, c.end_month, c.type, c.modality)
        conds = count_conditions(q)
    else:
        sm, em = func.substr(e.c.date_start, 1, 7), func.substr(e.c.date_end, 1, 7)
        sel = select(sm, em, e.c.type, e.c.modality, func.count(), func.count(e.c.lat)).group_by(
            sm, em, e.c.type, e.c.modality)
        conds = _conds(store, q)
        if q.near:  # the exact circle: count the rows (bounded by the box's index range)
            return _stats_rows(store, q, conds)
    with store._read() as conn:
        rows = conn.execute(sel.where(and_(*conds)) if conds else sel).all()
    out = EventStats()
    by_type: Counter = Counter()
    by_mod: Counter = Counter()
    months: Counter = Counter()
    lo, hi = (q.since or "")[:7], (q.until or "9999-12")[:7]
    for start, end, etype, modality, n, located in rows:
        n, located = int(n), int(located or 0)
        out.events += n
        out.located += located
        by_type[etype] += n
        by_mod[modality] += n
        if start and end and len(start) == 7 and len(end) == 7:
            for month in _months(max(start, lo) if lo else start, min(end, hi)):
                months[month] += n
    out.by_type = dict(by_type.most_common())
    out.by_modality = dict(by_mod.most_common())
    out.by_month = sorted(months.items())
    return out


def box_stats_select(store: Store, q: EventQuery) -> Any | None:
    """The statistics' SELECT (start month, end month, type, modality, events, located) of a box whose other filters
    the stored grid cells answer: the ``grid_counts`` (``grid_fat_counts``: a minimum of fatalities) rows of the fine
    cells inside the box, and the events of its edge strips (``grid.box_edges``); None for any other query (or a box
    across the antimeridian, or holding no whole fine cell)."""
    from .grid import box_edges, inner_cells

    if not q.bbox or q.bbox.west > q.bbox.east:
        return None
    rest = dataclasses.replace(q, bbox=None)
    inner = inner_cells(q.bbox)
    if inner is None or not counts_only(rest):
        return None
    table = count_tables(rest)[1]
    c = table.c
    cells = [c.gx.between(inner[0], inner[1]), c.gy.between(inner[2], inner[3])]
    stored = (select(c.start_month.label("sm"), c.end_month.label("em"), c.type, c.modality,
                     func.sum(c.n).label("n"))
              .where(and_(*count_conditions(rest, table), *cells))
              .group_by(c.start_month, c.end_month, c.type, c.modality))
    sm, em = func.coalesce(func.substr(e.c.date_start, 1, 7), ""), func.coalesce(func.substr(e.c.date_end, 1, 7), "")
    edges = box_edges(store, rest, q.bbox, inner, [sm.label("sm"), em.label("em"), e.c.type, e.c.modality]).subquery()
    edge = (select(edges.c.sm, edges.c.em, edges.c.type, edges.c.modality, func.count().label("n"))
            .group_by(edges.c.sm, edges.c.em, edges.c.type, edges.c.modality))
    u = union_all(stored, edge).subquery()
    return (select(u.c.sm, u.c.em, u.c.type, u.c.modality, func.sum(u.c.n), func.sum(u.c.n))
            .group_by(u.c.sm, u.c.em, u.c.type, u.c.modality))


def _stats_rows(store: Store, q: EventQuery, conds: list[Any]) -> EventStats:
    sel = select(e.c.date_start, e.c.date_end, e.c.type, e.c.modality, e.c.lat, e.c.lon).where(and_(*conds))
    out = EventStats()
    by_type: Counter = Counter()
    by_mod: Counter = Counter()
    months: Counter = Counter()
    with store._read() as conn:
        for r in conn.execute(sel):
            if r.lat is None or q.near is None or q.near.distance(r.lat, r.lon) > q.near.km:
                continue
            out.events += 1
            out.located += 1
            by_type[r.type] += 1
            by_mod[r.modality] += 1
            if r.date_start and r.date_end:
                lo, hi = max(r.date_start, q.since or ""), min(r.date_end, q.until or "9999-12-31")
                for month in _months(lo[:7], hi[:7]):
                    months[month] += 1
    out.by_type, out.by_modality, out.by_month = dict(by_type.most_common()), dict(by_mod.most_common()), sorted(
        months.items())
    return out


# -- the map ---------------------------------------------------------------------------------------


def points(store: Store, q: EventQuery, *, limit: int, sort: str | None = None) -> list[dict[str, Any]]:
    """Located events matching ``q`` as flat rows for map points (no document is read): at most ``limit``."""
    from ..dedup import load_config

    p = S.places
    order = Order.parse(sort)
    sel = (
        select(e.c.article_id, e.c.id, e.c.type, e.c.date, e.c.date_precision, e.c.place_name, e.c.fatalities,
               e.c.modality, e.c.lat, e.c.lon, p.c.precision, a.c.title)
        .select_from(e.join(a, a.c.id == e.c.article_id)
                     .outerjoin(p, and_(p.c.article_id == e.c.article_id, p.c.id == e.c.place_id)))
        .where(and_(*_conds(store, q, ordered=True), e.c.lat.is_not(None), e.c.lon.is_not(None)))
        .order_by(*order.order_by()).limit(limit)
    )
    cfg = load_config()
    out = []
    with store._read() as conn:
        for r in conn.execute(sel):
            if q.near and q.near.distance(r.lat, r.lon) > q.near.km:
                continue
            out.append({**r._mapping, "radius_km": cfg.radius(r.precision)})
    return out


def month_bounds(month: str) -> tuple[str, str]:
    """First and last day of ``YYYY-MM``."""
    y, m = int(month[:4]), int(month[5:7])
    first = dt.date(y, m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return first.isoformat(), (nxt - dt.timedelta(days=1)).isoformat()


from .grid import (  # noqa: E402
    GRID_SAMPLE,
    GRID_ZOOM,
    Grid,
    cell_size,
    grid,
    grid_cells,
    grid_events_select,
    grid_rollup_select,
    sampled_grid,
)
from .lookup import ArticleRow, actor_suggestions, articles_page, country_suggestions  # noqa: E402

__all__ = ["GRID_SAMPLE", "GRID_ZOOM", "ArticleRow", "EventPage", "EventStats", "Grid", "actor_suggestions",
           "articles_page",
           "cell_size", "count",
           "country_suggestions", "event_page", "grid", "grid_cells", "grid_events_select", "grid_rollup_select",
           "iter_events", "keys_select", "located_at_most", "month_bounds", "points", "sampled_grid", "stats"]

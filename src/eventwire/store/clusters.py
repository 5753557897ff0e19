"""Stored real-world events: incremental cross-article clustering into the ``clusters`` table.

:func:`update` clusters the events not clustered yet (``events.cluster_id`` null), a window of days
at a time. Each new event is compared, with the rules of :mod:`eventwire.dedup` (``dedup.yaml``),
only with stored events of a compatible type whose dates lie within reach of its own (found through
the ``day`` index), and with the other members of their clusters. A new event that matches a stored
cluster joins it (the cluster keeps its id); new events that match no stored one form a new
cluster, whose id is the hash of its first member's key. Stored events never move, so ids are
stable across runs. Deleting an article marks its clusters dirty; the next update recomputes them.

"One report" grouping: a cluster's ``reports`` counts distinct reports, see :func:`report_keys`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, bindparam, delete, or_, select, true
from sqlalchemy import update as sql_update

from ..model import Document
from . import schema as S

if TYPE_CHECKING:
    from ..dedup import Cluster, DedupConfig, EventRef
    from .base import Store

e, c = S.events, S.clusters
#: New events clustered per step (one step: one window of days, one transaction).
CHUNK = 2000


@dataclass
class UpdateReport:
    """What one :func:`update` did."""

    events: int = 0  # events clustered
    created: int = 0  # clusters created
    joined: int = 0  # events that joined a stored cluster
    refreshed: int = 0  # dirty clusters recomputed (or removed)


def report_keys(conn: Connection, article_ids: Iterable[str]) -> dict[str, str]:
    """The report each article counts as, so that a cluster's ``reports`` counts independent reports: the
    versions of one story (``articles.story``: the same URL or source id) are one report, and so are
    near-duplicate texts from different outlets (the same wire story; MinHash,
    :class:`eventwire.dedup.reports.ReportGroups`, among the cluster's own articles)."""
    ids = sorted(dict.fromkeys(article_ids))
    out = {x: x for x in ids}
    if len(ids) < 2:
        return out
    a = S.articles
    rows: list[Any] = []
    for i in range(0, len(ids), 500):
        rows += conn.execute(select(a.c.id, a.c.story, a.c.text, a.c.url, a.c.source, a.c.source_id)
                             .where(a.c.id.in_(ids[i : i + 500]))).all()
    for row in rows:
        if row.story:
            out[row.id] = f"story:{row.story}"
    if len(set(out.values())) > 1:
        from ..dedup.reports import ReportGroups

        groups = ReportGroups()
        for row in sorted(rows, key=lambda r: r.id):
            doc = Document.model_construct(id=row.id, text=row.text or "", url=row.url, source=row.source,
                                           source_id=row.source_id)
            first = groups.add(doc)
            out[row.id] = out[first]
    return out


def release_article(conn: Connection, article_id: str) -> None:
    """Mark the clusters of an article's events dirty (call before deleting the article's rows)."""
    ids = select(e.c.cluster_id).where(e.c.article_id == article_id, e.c.cluster_id.is_not(None))
    conn.execute(sql_update(c).where(c.c.id.in_(ids)).values(dirty=True))


def _refs(conn: Connection, keys: set[tuple[str, str]]) -> dict[tuple[str, str], EventRef]:
    from ..dedup import event_refs

    out: dict[tuple[str, str], EventRef] = {}
    ids = sorted({a for a, _ in keys})
    for i in range(0, len(ids), 500):
        for row in conn.execute(select(S.articles.c.doc).where(S.articles.c.id.in_(ids[i : i + 500]))):
            for ref in event_refs(Document.model_validate_json(row.doc)):
                if (ref.article, ref.event) in keys:
                    out[(ref.article, ref.event)] = ref
    return out


def _shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def _neighbours(conn: Connection, rows: list[Any], cfg: DedupConfig) -> list[tuple[str, str, str]]:
    """(article, event, cluster id) of clustered events within reach of the new ``rows`` (dates and types)."""
    groups = {cfg.group(r.type) for r in rows}
    types = sorted({t for t, g in cfg.type_groups.items() if g in groups} | {r.type for r in rows})
    dated = [r.day for r in rows if r.day]
    conds: list[Any] = []
    if dated:
        tol = cfg.date_tolerance_days + 1
        lo, hi = min(dated), max(dated)
        ends = [r.date_end or r.day for r in rows if r.day]
        conds.append(and_(e.c.day >= _shift(lo, -(tol + cfg.max_span_days)), e.c.day <= _shift(max(ends), tol),
                          e.c.date_end >= _shift(lo, -tol)))
        del hi
    if len(dated) < len(rows):
        conds.append(e.c.day == "")
    sel = select(e.c.article_id, e.c.id, e.c.cluster_id).where(
        e.c.cluster_id.is_not(None), e.c.type.in_(types), or_(*conds))
    return [(r.article_id, r.id, r.cluster_id) for r in conn.execute(sel)]


def _members(conn: Connection, cluster_ids: set[str]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    ids = sorted(cluster_ids)
    for i in range(0, len(ids), 500):
        sel = select(e.c.article_id, e.c.id, e.c.cluster_id).where(e.c.cluster_id.in_(ids[i : i + 500]))
        out += [(r.article_id, r.id, r.cluster_id) for r in conn.execute(sel)]
    return out


def _row(cl: Cluster, reports: int) -> dict[str, Any]:
    return {"id": cl.id, "type": cl.type, "modality": cl.modality, "reports": reports, "n_events": len(cl.members),
            "first_day": cl.first_day, "last_day": cl.last_day, "lat": cl.lat, "lon": cl.lon,
            "precision": cl.precision, "place_name": cl.place_name, "actors": json.dumps(cl.actors[:20]),
            "score": cl.score, "dirty": False}


def _save(conn: Connection, items: list[tuple[str, list[EventRef], float]], cfg: DedupConfig) -> None:
    """Rewrite the rows of these clusters (id, member refs, score) in a few statements; no members: removed."""
    from ..dedup.cluster import summarize_members

    ids = [cid for cid, _, _ in items]
    for i in range(0, len(ids), 500):
        conn.execute(delete(c).where(c.c.id.in_(ids[i : i + 500])))
    rows = []
    for cid, refs, score in items:
        if refs:
            cl = summarize_members(refs, id=cid, score=score, config=cfg)
            rows.append(_row(cl, len(set(report_keys(conn, {r.article for r in refs}).values()))))
    if rows:
        conn.execute(c.insert(), rows)


def _step(store: Store, rows: list[Any], cfg: DedupConfig, report: UpdateReport) -> None:
    from ..dedup import cluster_events, cluster_id

    with store._write() as conn:
        near = _neighbours(conn, rows, cfg)
        stored = {(a, ev): cid for a, ev, cid in _members(conn, {cid for _, _, cid in near})}
        new = {(r.article_id, r.id) for r in rows}
        refs = _refs(conn, set(stored) | new)
        local = cluster_events([refs[k] for k in sorted(refs)], config=cfg)
        touched: dict[str, float] = {}
        assign: dict[tuple[str, str], str] = {}
        for cl in local:
            pairs = [tuple(p) for p in cl.member_pairs()]
            fresh = [p for p in pairs if p in new]
            if not fresh:
                continue
            old = Counter(stored[p] for p in pairs if p in stored)
            if old:
                target = min(old, key=lambda k: (-old[k], k))
                report.joined += len(fresh)
            else:
                target = cluster_id([f"{fresh[0][0]}:{fresh[0][1]}"])
                report.created += 1
            touched[target] = min(touched.get(target, cl.score), cl.score) if old else cl.score
            for p in fresh:
                assign[p] = target
        for (aid, eid) in new - set(refs):  # an event whose document could not be read: a cluster of its own
            assign[(aid, eid)] = cluster_id([f"{aid}:{eid}"])
        by_target: dict[str, list[tuple[str, str]]] = {}
        for p, target in assign.items():
            by_target.setdefault(target, []).append(p)
        if assign:
            stmt = sql_update(e).where(e.c.article_id == bindparam("a"), e.c.id == bindparam("i")).values(
                cluster_id=bindparam("c"))
            conn.execute(stmt, [{"a": a, "i": i, "c": t} for (a, i), t in sorted(assign.items())])
        old_members: dict[str, list[EventRef]] = {}
        for k, cid in stored.items():
            if cid in touched and k in refs:
                old_members.setdefault(cid, []).append(refs[k])
        _save(conn, [(t, old_members.get(t, []) + [refs[p] for p in by_target.get(t, []) if p in refs], score)
                     for t, score in sorted(touched.items())], cfg)
        report.events += len(new)


def _refresh_dirty(store: Store, cfg: DedupConfig, report: UpdateReport) -> None:
    while True:
        with store._write() as conn:
            ids: list[str] = list(conn.scalars(select(c.c.id).where(c.c.dirty == true()).limit(200)))
            if not ids:
                return
            members = _members(conn, set(ids))
            refs = _refs(conn, {(a, ev) for a, ev, _ in members})
            scores: dict[str, float] = {r.id: r.score for r in conn.execute(select(c.c.id, c.c.score)
                                                                              .where(c.c.id.in_(ids)))}
            _save(conn, [(cid, [refs[(a, ev)] for a, ev, k in members if k == cid and (a, ev) in refs],
                          scores.get(cid) or 0.0) for cid in ids], cfg)
            report.refreshed += len(ids)


def update(store: Store, *, config: DedupConfig | None = None, chunk: int = CHUNK) -> UpdateReport:
    """Cluster the stored events not clustered yet, and recompute clusters that lost members."""
    from ..dedup import load_config

    cfg = config or load_config()
    report = UpdateReport()
    _refresh_dirty(store, cfg, report)
    while True:
        with store._read() as conn:
            first = conn.execute(
                select(e.c.day).where(e.c.cluster_id.is_(None)).order_by(e.c.day).limit(1)).scalar()
            if first is None:
                break
            # one window of days: the next `chunk` pending events in day order (a day is never split)
            sel = (select(e.c.article_id, e.c.id, e.c.type, e.c.day, e.c.date_end)
                   .where(e.c.cluster_id.is_(None), e.c.day >= first)
                   .order_by(e.c.day, e.c.article_id, e.c.position).limit(chunk))
            rows = conn.execute(sel).all()
            last = rows[-1].day
            if len(rows) == chunk:
                rows += conn.execute(
                    select(e.c.article_id, e.c.id, e.c.type, e.c.day, e.c.date_end)
                    .where(e.c.cluster_id.is_(None), e.c.day == last)
                    .order_by(e.c.article_id, e.c.position)).all()
                rows = list({(r.article_id, r.id): r for r in rows}.values())
        _step(store, rows, cfg, report)
    return report


def pending(store: Store) -> int:
    """Events not clustered yet."""
    from sqlalchemy import func

    with store._read() as conn:
        return int(conn.scalar(select(func.count()).where(e.c.cluster_id.is_(None))) or 0)


def count(store: Store, *, min_reports: int = 1) -> int:
    """Stored clusters reported by at least ``min_reports`` reports."""
    from sqlalchemy import func

    with store._read() as conn:
        return int(conn.scalar(select(func.count()).where(c.c.reports >= min_reports)) or 0)


def totals(store: Store) -> tuple[int, int]:
    """(real-world events, of those reported by more than one report), read from the ``clusters`` table."""
    from sqlalchemy import func

    with store._read() as conn:
        n = conn.scalar(select(func.count()).select_from(c)) or 0
        several = conn.scalar(select(func.count()).where(c.c.reports > 1)) or 0
    return int(n), int(several)


def stored_clusters(store: Store, *, min_reports: int = 1, limit: int | None = None,
                    offset: int = 0) -> list[Cluster]:
    """Stored clusters reported by at least ``min_reports`` reports, most reported first (then first day, id),
    with their members."""
    from ..dedup import Cluster

    sel = (select(c).where(c.c.reports >= min_reports)
           .order_by(c.c.reports.desc(), c.c.first_day, c.c.id).offset(offset))
    if limit is not None:
        sel = sel.limit(limit)
    with store._read() as conn:
        rows = conn.execute(sel).all()
        members = _members(conn, {r.id for r in rows})
    keys: dict[str, list[str]] = {}
    for a, ev, cid in members:
        keys.setdefault(cid, []).append(f"{a}:{ev}")
    return [
        Cluster(id=r.id, type=r.type, modality=r.modality, members=sorted(keys.get(r.id, [])),
                articles=sorted({k.rsplit(":", 1)[0] for k in keys.get(r.id, [])}), reports=r.reports,
                first_day=r.first_day, last_day=r.last_day, lat=r.lat, lon=r.lon, precision=r.precision,
                place_name=r.place_name, actors=json.loads(r.actors), score=r.score)
        for r in rows
    ]


def cluster_of(store: Store, article_id: str, event_id: str) -> Cluster | None:
    """The stored cluster of one event (clustering pending events first); None when there is no such event."""
    with store._read() as conn:
        row = conn.execute(select(e.c.cluster_id).where(e.c.article_id == article_id, e.c.id == event_id)).first()
    if row is None:
        return None
    if row.cluster_id is None:
        update(store)
        with store._read() as conn:
            row = conn.execute(select(e.c.cluster_id).where(e.c.article_id == article_id, e.c.id == event_id)).first()
        if row is None or row.cluster_id is None:
            return None
    return _by_id(store, row.cluster_id)


def _by_id(store: Store, cluster_id: str) -> Cluster | None:
    from ..dedup import Cluster

    with store._read() as conn:
        r = conn.execute(select(c).where(c.c.id == cluster_id)).first()
        if r is None:
            return None
        members = _members(conn, {cluster_id})
    keys = sorted(f"{a}:{ev}" for a, ev, _ in members)
    return Cluster(id=r.id, type=r.type, modality=r.modality, members=keys,
                   articles=sorted({k.rsplit(":", 1)[0] for k in keys}), reports=r.reports,
                   first_day=r.first_day, last_day=r.last_day, lat=r.lat, lon=r.lon, precision=r.precision,
                   place_name=r.place_name, actors=json.loads(r.actors), score=r.score)

"""After every ingest: new events matching a watchlist become alerts, once per real-world event.

Each watchlist remembers the last article row (``articles.seq``) it looked at. New matching events
are compared with the events already alerted on (deduplication's public comparison,
:func:`eventwire.dedup.cluster_events` over :func:`eventwire.dedup.event_refs`): an event that is
the same real-world event as one already alerted on adds a source to that alert; the others make
one new alert per real-world event. New alerts go to the watchlist's webhook in the background
(:mod:`eventwire.watch.webhook`), never holding up the ingest.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select, update

from ..dedup import EventRef, cluster_events, event_refs, load_config
from ..model import Document
from ..store import Store
from ..store import schema as S
from ..store import schema_review as T
from .model import Alert, Watchlist
from .store import now, watchlists

log = logging.getLogger(__name__)


@dataclass
class WatchReport:
    """What one pass over the new articles did."""

    alerts: list[Alert] = field(default_factory=list)  # new alerts
    sources: int = 0  # reports added to alerts made earlier (or in this pass)


#: Articles looked at per transaction: a large ingest is checked in steps of this many.
CHUNK = 500


def _new_docs(store: Store, last_seq: int) -> list[tuple[int, Document]]:
    a = S.articles
    with store.engine.connect() as conn:
        rows = conn.execute(select(a.c.seq, a.c.doc).where(a.c.seq > last_seq).order_by(a.c.seq).limit(CHUNK)).all()
    return [(r.seq, Document.model_validate_json(r.doc)) for r in rows]


def _nearby(old: dict[str, tuple[int, EventRef]], new: list[EventRef], days: int) -> dict[str, tuple[int, EventRef]]:
    """The alerted events whose dates lie within ``days`` of the new ones (the others cannot be the same event)."""
    firsts = [r.first_day for r in new if r.first_day]
    lasts = [r.last_day or r.first_day for r in new if r.first_day]
    if not firsts or len(firsts) < len(new):
        return old
    lo = (date.fromisoformat(min(firsts)) - timedelta(days=days)).isoformat()
    hi = (date.fromisoformat(max(lasts)) + timedelta(days=days)).isoformat()
    return {k: v for k, v in old.items()
            if not v[1].first_day or ((v[1].last_day or v[1].first_day) >= lo and v[1].first_day <= hi)}


def _place(doc: Document, place_id: str | None) -> Any:
    return next((p for p in doc.places if p.id == place_id), None) if place_id else None


def _check(store: Store, wl: Watchlist, last_seq: int) -> tuple[WatchReport, int]:
    report = WatchReport()
    docs = _new_docs(store, last_seq)
    if not docs:
        return report, last_seq
    new_seq = max(seq for seq, _ in docs)
    s = T.alert_sources
    with store.engine.connect() as conn:
        known = {(r.article_id, r.event_id): (r.alert_id, r.ref) for r in conn.execute(
            select(s.c.article_id, s.c.event_id, s.c.alert_id, s.c.ref).where(s.c.watchlist == wl.name))}
    fresh: dict[str, tuple[Document, Any, EventRef]] = {}
    for _seq, doc in docs:
        refs = {r.event: r for r in event_refs(doc)}
        for ev in doc.events:
            if (doc.id, ev.id) in known or not wl.query.matches(doc, ev):
                continue
            ref = refs[ev.id]
            fresh[ref.key] = (doc, ev, ref)
    if not fresh:
        _advance(store, wl.name, new_seq)
        return report, new_seq
    old_refs = {f"{a}:{e}": (alert_id, EventRef.model_validate_json(ref)) for (a, e), (alert_id, ref) in known.items()}
    old_refs = _nearby(old_refs, [f[2] for f in fresh.values()], load_config().max_span_days)
    clusters = cluster_events([*(r for _, r in old_refs.values()), *(f[2] for f in fresh.values())])
    stamp = now()
    with store.engine.begin() as conn:
        for c in clusters:
            members = [k for k in c.members if k in fresh]
            if not members:
                continue
            alerted = sorted({old_refs[k][0] for k in c.members if k in old_refs})
            if alerted:
                alert_id = alerted[0]
            else:
                doc, ev, _ = fresh[members[0]]
                alert_id = _insert_alert(conn, wl.name, doc, ev, stamp)
                report.alerts.append(alert_id)  # type: ignore[arg-type]
            for k in members:
                doc, ev, ref = fresh[k]
                conn.execute(insert(s).values(watchlist=wl.name, article_id=doc.id, event_id=ev.id, alert_id=alert_id,
                                              ref=ref.model_dump_json(), added_at=stamp))
            n = len(members) if alerted else len(members) - 1
            if n:
                report.sources += n
                conn.execute(update(T.alerts).where(T.alerts.c.id == alert_id)
                             .values(sources=T.alerts.c.sources + n, updated_at=stamp))
        conn.execute(update(T.watchlists).where(T.watchlists.c.name == wl.name).values(last_seq=new_seq))
        ids = list(report.alerts)
        report.alerts = [Alert.model_validate(dict(r._mapping))
                         for r in conn.execute(select(T.alerts).where(T.alerts.c.id.in_(ids)).order_by(T.alerts.c.id))]
    return report, new_seq


def _insert_alert(conn: Any, watchlist: str, doc: Document, ev: Any, stamp: str) -> int:
    place = _place(doc, ev.place)
    res = conn.execute(insert(T.alerts).values(
        watchlist=watchlist, article_id=doc.id, event_id=ev.id, created_at=stamp, updated_at=stamp, type=ev.type,
        title=doc.title, url=doc.url, evidence=" ".join(ev.evidence.text.split()),
        place_name=(place.name or place.text) if place else None, lat=place.lat if place else None,
        lon=place.lon if place else None, date=ev.date.value, sources=1,
    ).returning(T.alerts.c.id))
    return int(res.scalar_one())


def _advance(store: Store, name: str, seq: int) -> None:
    with store.engine.begin() as conn:
        conn.execute(update(T.watchlists).where(T.watchlists.c.name == name).values(last_seq=seq))


def check_watchlists(store: Store, *, notify: bool = True) -> dict[str, WatchReport]:
    """Look at the articles stored since the last pass, for every watchlist; new alerts are sent to
    the watchlists' webhooks in the background when ``notify``."""
    out: dict[str, WatchReport] = {}
    lists = watchlists(store)
    if not lists:
        return out
    with store.engine.connect() as conn:
        last = dict(conn.execute(select(T.watchlists.c.name, T.watchlists.c.last_seq)).all())
    for wl in lists:
        seq = last.get(wl.name, 0)
        report = WatchReport()
        while True:  # a step of CHUNK articles at a time
            step, new_seq = _check(store, wl, seq)
            report.alerts += step.alerts
            report.sources += step.sources
            if new_seq == seq:
                break
            seq = new_seq
        out[wl.name] = report
        if notify and wl.webhook and report.alerts:
            from .webhook import default_sender

            for alert in report.alerts:
                default_sender().send(wl.webhook, payload(wl, alert))
    return out


def payload(wl: Watchlist, alert: Alert) -> dict[str, Any]:
    """The JSON body of a webhook POST."""
    return {"watchlist": wl.name, "query": json.loads(wl.query.model_dump_json(exclude_none=True)),
            "alert": {**alert.to_json(), "view": alert.view}}


def after_ingest(store: Store) -> None:
    """The hook ``eventwire.batch.ingest`` calls: watchlist errors are logged, never fail the ingest."""
    from ..errors import EventwireError

    try:
        check_watchlists(store)
    except (EventwireError, OSError, ValueError) as e:
        log.warning("watchlists not checked: %s", e)

"""Watchlists and alerts in the store's own tables (``watchlists``, ``alerts``, ``alert_sources``)."""

from __future__ import annotations

import datetime as dt
import json
import re

from sqlalchemy import delete, func, insert, select

from ..errors import InputError
from ..store import Store
from ..store import schema as S
from ..store import schema_review as T
from .model import Alert, Watchlist, WatchQuery

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def add_watchlist(store: Store, name: str, query: WatchQuery, *, webhook: str | None = None,
                  from_now: bool = True) -> Watchlist:
    """Save a watchlist. With ``from_now`` only articles stored from now on can alert."""
    if not _NAME.match(name or ""):
        raise InputError(f"watchlist name {name!r}: letters, digits, '_', '.', '-' (up to 128)")
    if webhook and not webhook.startswith(("http://", "https://")):
        raise InputError(f"webhook: {webhook!r} is not an http(s) URL")
    q = query.checked()
    created = now()
    with store.engine.begin() as conn:
        if conn.scalar(select(func.count()).where(T.watchlists.c.name == name)):
            raise InputError(f"a watchlist named {name!r} exists (eventwire watch rm {name})")
        last = (conn.scalar(select(func.max(S.articles.c.seq))) or 0) if from_now else 0
        conn.execute(insert(T.watchlists).values(name=name, query=q.model_dump_json(exclude_none=True),
                                                 webhook=webhook, created_at=created, last_seq=last))
    return Watchlist(name=name, query=q, webhook=webhook, created_at=created)


def watchlists(store: Store) -> list[Watchlist]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(T.watchlists).order_by(T.watchlists.c.name)).all()
    return [Watchlist(name=r.name, query=WatchQuery.model_validate_json(r.query), webhook=r.webhook,
                      created_at=r.created_at) for r in rows]


def get_watchlist(store: Store, name: str) -> Watchlist | None:
    return next((w for w in watchlists(store) if w.name == name), None)


def remove_watchlist(store: Store, name: str) -> bool:
    """Delete a watchlist and its alerts; False when there is none of that name."""
    with store.engine.begin() as conn:
        n = conn.execute(delete(T.watchlists).where(T.watchlists.c.name == name)).rowcount
        conn.execute(delete(T.alert_sources).where(T.alert_sources.c.watchlist == name))
        conn.execute(delete(T.alerts).where(T.alerts.c.watchlist == name))
    return n > 0


def alerts(store: Store, *, watchlist: str | None = None, since: str | None = None,
           limit: int | None = None) -> list[Alert]:
    """Alerts, newest first; ``since`` keeps those created or given a new source at or after it."""
    a = T.alerts
    sel = select(a).order_by(a.c.id.desc())
    if watchlist:
        sel = sel.where(a.c.watchlist == watchlist)
    if since:
        try:
            dt.datetime.fromisoformat(since)
        except ValueError as e:
            raise InputError(f"since: {since!r} is not a date or time (YYYY-MM-DD[THH:MM])") from e
        sel = sel.where(a.c.updated_at >= since)
    if limit:
        sel = sel.limit(limit)
    with store.engine.connect() as conn:
        return [Alert.model_validate(dict(r._mapping)) for r in conn.execute(sel)]


def alert_sources(store: Store, alert_id: int) -> list[tuple[str, str]]:
    """(article id, event id) of every report of an alert's event, first first."""
    s = T.alert_sources
    with store.engine.connect() as conn:
        return [(r.article_id, r.event_id) for r in conn.execute(
            select(s.c.article_id, s.c.event_id).where(s.c.alert_id == alert_id).order_by(s.c.added_at))]


def ref_json(value: str) -> dict:
    return json.loads(value)

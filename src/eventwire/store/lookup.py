"""Archive-scale look-ups beside the event pages of :mod:`.browse`: actor and country suggestions for the
filter boxes (from the stored name and count tables) and the article list, newest first or through the
full-text index, in keyset pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, literal, select

from ..errors import InputError
from . import schema as S
from .filters import escape_like

if TYPE_CHECKING:
    from .base import Store

a = S.articles


def actor_suggestions(store: Store, prefix: str, *, limit: int = 10) -> list[dict[str, Any]]:
    """Actor names starting with ``prefix`` (or with a word starting with it), most events first:
    [{id (dictionary key, else the name key), name, count}]."""
    from .rows import name_key

    key = name_key(prefix)
    if not key:
        return []
    an = S.actor_names
    word = escape_like(key)
    sel = (select(an.c.name_key, an.c.name, an.c.key, an.c.n_events)
           .where(an.c.name_key.like(f"{word}%", escape="\\") | an.c.name_key.like(f"% {word}%", escape="\\"))
           .order_by(an.c.n_events.desc(), an.c.name_key).limit(limit))
    with store._read() as conn:
        return [{"id": r.key or r.name_key, "name": r.name, "count": int(r.n_events)} for r in conn.execute(sel)]


def country_suggestions(store: Store, prefix: str = "", *, limit: int = 10) -> list[dict[str, Any]]:
    """Countries of event places whose name or code starts with ``prefix``, most events first:
    [{id (ISO alpha-3), name, count}]."""
    from ..export.places import country

    c = S.event_counts.c
    with store._read() as conn:
        rows = conn.execute(select(c.country, func.sum(c.n)).where(c.country != "").group_by(c.country)).all()
    p = prefix.strip().casefold()
    out = []
    for code, n in rows:
        ctry = country(code)
        if ctry is None:
            continue
        if p and not (ctry.name.casefold().startswith(p) or ctry.iso3.casefold().startswith(p)
                      or any(w.startswith(p) for w in ctry.name.casefold().split())):
            continue
        out.append({"id": ctry.iso3, "name": ctry.name, "count": int(n)})
    out.sort(key=lambda d: (-int(d["count"]), str(d["name"])))  # type: ignore[call-overload]
    return out[:limit]


@dataclass
class ArticleRow:
    id: str
    title: str | None
    url: str | None
    source: str | None
    published: str | None
    n_events: int
    text: str


def articles_page(store: Store, q: str | None, *, limit: int = 50, cursor: str | None = None,
                  offset: int = 0) -> tuple[list[ArticleRow], str | None, int | None]:
    """Articles newest first (by publication date, then insertion), those matching the full-text query ``q``
    when given (through the FTS index); a page after ``cursor``. Returns (rows, next cursor, total or None)."""
    import base64
    import json

    conds: list[Any] = []
    if q and q.strip():
        conds.append(store.backend.fulltext(q))
    pub = func.coalesce(a.c.published, literal(""))
    if cursor:
        try:
            last_pub, last_seq = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            if not isinstance(last_pub, str) or not isinstance(last_seq, int):
                raise ValueError
        except (ValueError, TypeError, UnicodeDecodeError) as err:
            raise InputError("cursor: not an article cursor (start again without one)") from err
        conds.append((pub < last_pub) | ((pub == last_pub) & (a.c.seq < last_seq)))
    sel = (select(a.c.seq, a.c.id, a.c.title, a.c.url, a.c.source, a.c.published, a.c.n_events,
                  func.substr(a.c.text, 1, 2000).label("text"))
           .order_by(pub.desc(), a.c.seq.desc()).limit(limit + 1))
    if conds:
        sel = sel.where(and_(*conds))
    if offset and not cursor:
        sel = sel.offset(offset)
    from .browse import TOTAL_CAP

    with store._read() as conn:
        rows = conn.execute(sel).all()
        total = None
        if not cursor:
            inner = select(a.c.seq).limit(TOTAL_CAP + 1)
            if q and q.strip():
                inner = inner.where(store.backend.fulltext(q))
            n = conn.scalar(select(func.count()).select_from(inner.subquery())) or 0
            total = None if n > TOTAL_CAP else int(n)
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = None
    if more and rows:
        last = rows[-1]
        nxt = base64.urlsafe_b64encode(json.dumps([last.published or "", last.seq]).encode()).decode().rstrip("=")
    items = [ArticleRow(r.id, r.title, r.url, r.source, r.published, r.n_events, r.text) for r in rows]
    return items, nxt, total

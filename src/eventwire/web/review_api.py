"""HTTP routes of review and watchlists, mounted by :func:`eventwire.web.app.create_app`.

Reading is open; every write needs a reviewer token (``Authorization: Bearer TOKEN`` or
``X-Eventwire-Token``, made by ``eventwire review token add NAME``): without a valid one the
answer is 401 and nothing changes. Routes are thin over :mod:`eventwire.review` and
:mod:`eventwire.watch`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response
from pydantic import BaseModel, Field

from .. import review as rv
from .. import watch as wa
from ..errors import InputError
from ..review.queue import QueueFilter, queue, search_places
from ..store import Store

STATIC = Path(__file__).parent / "static"
router = APIRouter()


def _store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(_store)]


def reviewer(request: Request, store: StoreDep) -> str:
    """The reviewer of the request's token; 401 without a valid one."""
    auth = request.headers.get("authorization", "")
    token = auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-eventwire-token")
    name = rv.reviewer_for(store, token)
    if name is None:
        raise HTTPException(401, "a valid reviewer token is needed to write (eventwire review token add NAME)",
                            headers={"WWW-Authenticate": "Bearer"})
    return name


Reviewer = Annotated[str, Depends(reviewer)]


def _event(r: rv.ReviewedEvent) -> dict[str, Any]:
    return {**r.to_json(), "key": r.key, "reviewed": r.reviewed}


class VerdictIn(BaseModel):
    verdict: str
    duplicate_of: str | None = None
    note: str | None = None


class CorrectIn(BaseModel):
    field: str
    value: Any = None
    note: str | None = None


class AddIn(BaseModel):
    start: int
    end: int
    fields: dict[str, Any] = Field(default_factory=dict)
    note: str | None = None


class MergeIn(BaseModel):
    events: list[str]
    note: str | None = None


class WatchIn(BaseModel):
    name: str
    query: wa.WatchQuery = Field(default_factory=wa.WatchQuery)
    webhook: str | None = None


@router.get("/review", include_in_schema=False)
def review_page() -> FileResponse:
    return FileResponse(STATIC / "review.html", headers={"Cache-Control": "no-cache"})


@router.get("/api/review/whoami", tags=["review"])
def whoami(name: Reviewer) -> dict[str, str]:
    """The reviewer the token belongs to (401 without a valid token)."""
    return {"reviewer": name}


@router.get("/api/review/queue", tags=["review"])
def review_queue(
    store: StoreDep,
    status: str = "unreviewed",
    min_confidence: float | None = None,
    max_confidence: float | None = None,
    type: str | None = None,  # noqa: A002
    source: str | None = None,
    article: str | None = None,
    limit: Annotated[int, Query(ge=0, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Events to review (reviewed values preferred), filtered by status, confidence, type, source, article."""
    flt = QueueFilter(status=status, min_confidence=min_confidence, max_confidence=max_confidence,
                      type=type or None, source=source or None, article=article or None)
    page = queue(store, flt, limit=limit, offset=offset)
    return {"total": page["total"], "offset": offset, "items": [_event(r) for r in page["items"]]}


@router.get("/api/review/articles/{article_id}", tags=["review"])
def review_article(article_id: str, store: StoreDep) -> dict[str, Any]:
    """An article's text and its events with reviews applied, marked reviewed or not."""
    doc = store.document(article_id)
    if doc is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return {"id": doc.id, "title": doc.title, "url": doc.url, "source": doc.source, "published": doc.published,
            "text": doc.text, "events": [_event(r) for r in rv.reviewed_article(store, article_id)]}


@router.get("/api/review/events/{article_id}/{event_id}", tags=["review"])
def reviewed_event(article_id: str, event_id: str, store: StoreDep) -> dict[str, Any]:
    """One event with reviews applied (``value``), the machine's values (``machine``) and its status."""
    for r in rv.reviewed_article(store, article_id):
        if r.event_id == event_id:
            return {**_event(r), "reviews": [x.to_json() for x in rv.reviews(store, article_id=article_id)
                                             if x.event_id == event_id]}
    raise HTTPException(404, f"no event {event_id!r} in article {article_id!r}")


@router.get("/api/review/places", tags=["review"])
def places(q: str, limit: Annotated[int, Query(ge=1, le=50)] = 10) -> list[dict[str, Any]]:
    """Gazetteer places a name may be, most populous first."""
    return search_places(q, limit=limit)


@router.post("/api/review/events/{article_id}/{event_id}/verdict", tags=["review"])
def post_verdict(article_id: str, event_id: str, body: VerdictIn, store: StoreDep, name: Reviewer) -> dict:
    """Mark an event right, not an event, or a duplicate (of ``duplicate_of``)."""
    rid = rv.verdict(store, name, article_id, event_id, body.verdict, duplicate_of=body.duplicate_of,
                     note=body.note)
    return {"review": rid, "event": reviewed_event(article_id, event_id, store)}


@router.post("/api/review/events/{article_id}/{event_id}/correct", tags=["review"])
def post_correct(article_id: str, event_id: str, body: CorrectIn, store: StoreDep, name: Reviewer) -> dict:
    """Correct one field of an event."""
    rid = rv.correct(store, name, article_id, event_id, body.field, body.value, note=body.note)
    return {"review": rid, "event": reviewed_event(article_id, event_id, store)}


@router.post("/api/review/articles/{article_id}/events", tags=["review"])
def post_add(article_id: str, body: AddIn, store: StoreDep, name: Reviewer) -> dict:
    """Add an event the machine missed, with the evidence ``text[start:end]``."""
    eid = rv.add_event(store, name, article_id, body.start, body.end, body.fields, note=body.note)
    return {"event_id": eid, "event": reviewed_event(article_id, eid, store)}


def _key(value: str) -> tuple[str, str]:
    a, sep, e = value.partition(":")
    if not sep:
        raise InputError(f"expected ARTICLE:EVENT, got {value!r}")
    return a, e


@router.post("/api/review/merge", tags=["review"])
def post_merge(body: MergeIn, store: StoreDep, name: Reviewer) -> dict[str, str]:
    """Put events (``ARTICLE:EVENT``) in one report cluster."""
    return {"cluster": rv.merge(store, name, [_key(k) for k in body.events], note=body.note)}


@router.post("/api/review/split", tags=["review"])
def post_split(body: MergeIn, store: StoreDep, name: Reviewer) -> dict[str, str]:
    """Take each event (``ARTICLE:EVENT``) out of its report cluster."""
    return {"cluster": ", ".join(rv.split(store, name, *_key(k), note=body.note) for k in body.events)}


@router.get("/api/review/conflicts", tags=["review"])
def review_conflicts(store: StoreDep) -> list[dict[str, Any]]:
    """Reviewed events the machine now codes differently."""
    return [c.to_json() for c in rv.conflicts(store)]


@router.get("/api/review/export", tags=["review"])
def review_export(store: StoreDep, format: str = "gold", reviewed_only: bool = False) -> Response:  # noqa: A002
    """The store's records with reviewed values preferred and reviewed ones marked (``gold``: real-news gold)."""
    from ..review.export import export

    buf = io.StringIO()
    export(store, format, buf, reviewed_only=reviewed_only)
    media = {"acled": "text/csv", "geojson": "application/geo+json"}.get(format, "application/x-ndjson")
    return Response(buf.getvalue(), media_type=media)


# -- watchlists ---------------------------------------------------------------------------------------------


@router.get("/api/watchlists", tags=["watch"])
def list_watchlists(store: StoreDep) -> list[dict[str, Any]]:
    return [w.to_json() for w in wa.watchlists(store)]


@router.post("/api/watchlists", tags=["watch"])
def add_watchlist(body: WatchIn, store: StoreDep, _name: Reviewer) -> dict[str, Any]:
    """Save a watchlist (e.g. the UI's current filters)."""
    return wa.add_watchlist(store, body.name, body.query, webhook=body.webhook).to_json()


@router.delete("/api/watchlists/{name}", tags=["watch"])
def delete_watchlist(name: str, store: StoreDep, _name: Reviewer) -> dict[str, bool]:
    if not wa.remove_watchlist(store, name):
        raise HTTPException(404, f"no watchlist {name!r}")
    return {"deleted": True}


@router.get("/api/watchlists/{name}/alerts", tags=["watch"])
def watchlist_alerts(name: str, store: StoreDep, since: str | None = None) -> list[dict[str, Any]]:
    if wa.get_watchlist(store, name) is None:
        raise HTTPException(404, f"no watchlist {name!r}")
    return [{**a.to_json(), "view": a.view} for a in wa.alerts(store, watchlist=name, since=since)]


@router.get("/api/watchlists/{name}/feed.atom", tags=["watch"])
def watchlist_feed(name: str, request: Request, store: StoreDep) -> PlainTextResponse:
    """The watchlist's alerts as an Atom feed."""
    from ..watch.atom import feed

    wl = wa.get_watchlist(store, name)
    if wl is None:
        raise HTTPException(404, f"no watchlist {name!r}")
    xml = feed(wl, wa.alerts(store, watchlist=name, limit=100), base_url=str(request.base_url).rstrip("/"))
    return PlainTextResponse(xml, media_type="application/atom+xml")

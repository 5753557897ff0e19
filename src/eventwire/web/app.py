"""The FastAPI app: a JSON API over :mod:`eventwire.web.service` and the one-page UI.

Routes are a few lines each; errors raised by the library (:class:`~eventwire.errors.EventwireError`)
become HTTP statuses in one handler (:data:`STATUS`), bad or malformed parameters give 400, unknown
ids 404. OpenAPI docs are at ``/docs`` (and ``/redoc``), served without any CDN.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ConfigError, EvalError, EventwireError, InputError, StageError, StoreError
from ..store import EventQuery, Store, open_store
from . import basemap, reports, review_api, service, ui_api

STATIC = Path(__file__).parent / "static"

#: HTTP status for each library error; the most specific class wins, anything else is 500.
STATUS: dict[type[EventwireError], int] = {
    InputError: 400,
    StoreError: 503,
    ConfigError: 500,
    StageError: 500,
    EvalError: 500,
}


def status_for(error: EventwireError) -> int:
    """The HTTP status of a library error."""
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def _error(status: int, kind: str, detail: str) -> JSONResponse:
    return JSONResponse({"error": kind, "detail": detail}, status_code=status)


def _filters(
    actor: Annotated[str | None, Query(description="Actor id, or part of a name or alias (case-insensitive).")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type, e.g. ASSAULT.")] = None,  # noqa: A002
    modality: Annotated[str | None, Query(description="actual, planned, hypothetical or negated.")] = None,
    since: Annotated[str | None, Query(description="Events whose date range ends on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(description="Events whose date range starts on or before YYYY-MM-DD.")] = None,
    near: Annotated[str | None, Query(description="A circle LAT,LON,KM the event place lies in.")] = None,
    q: Annotated[str | None, Query(description="Full-text query over the article title and text.")] = None,
    article: Annotated[str | None, Query(description="Only the events of this article id.")] = None,
) -> EventQuery:
    return service.event_query(
        actor=actor, type=type, modality=modality, since=since, until=until, near=near, q=q, article=article
    )


Filters = Annotated[EventQuery, Depends(_filters)]
Limit = Annotated[int, Query(description=f"Items per page, 0..{service.MAX_LIMIT}.")]
Offset = Annotated[int, Query(description="Items to skip.")]


def create_app(store_url: str | None = None) -> FastAPI:
    """The web app over the store at ``store_url`` (default: ``Settings().db``).

    The store is opened (and migrated) here, so a bad URL fails before serving; it is closed when
    the app shuts down.
    """
    store = open_store(store_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    # FastAPI's docs pages with Swagger UI and ReDoc served from a package, not a CDN: /docs works offline.
    app = FastAPIOffline(
        title="eventwire",
        version=__version__,
        description="Evidence-linked conflict and political event records: search, map and read the evidence.",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.events = service.EventCache(store)
    app.state.clusters = reports.ClusterIndex(store)

    @app.exception_handler(EventwireError)
    async def library_error(_request: Request, exc: EventwireError) -> JSONResponse:
        return _error(status_for(exc), type(exc).__name__, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ())[1:]) or "request"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _error(400, "InputError", "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = "NotFound" if exc.status_code == 404 else "HTTPError"
        return _error(exc.status_code, kind, str(exc.detail))

    app.include_router(ui_api.router)  # the UI's API contract; before the older routes of the same paths
    _routes(app, store, app.state.events, app.state.clusters)
    app.include_router(review_api.router)  # review and watchlists (eventwire.web.review_api)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _routes(app: FastAPI, store: Store, cache: service.EventCache, clusters: reports.ClusterIndex) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/api/events", response_model=service.EventPage, tags=["events"])
    def events(query: Filters, limit: Limit = 50, offset: Offset = 0) -> service.EventPage:
        """Events matching the filters (like ``eventwire events``), a page at a time."""
        return service.event_page(cache, query, limit=limit, offset=offset)

    @app.get("/api/events.geojson", tags=["events"])
    def events_geojson(query: Filters) -> JSONResponse:
        """The located events matching the filters as a GeoJSON FeatureCollection."""
        return JSONResponse(service.events_geojson(cache.events(query)), media_type="application/geo+json")

    @app.get("/api/events/{article_id}/{event_id}", tags=["events"])
    def event(article_id: str, event_id: str) -> dict[str, Any]:
        """One event, with its article and resolved place and actor names."""
        found = service.find_event(store, article_id, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r} in article {article_id!r}")
        return service.event_json(found)

    @app.get("/api/events/{article_id}/{event_id}/reports", response_model=reports.ClusterView, tags=["events"])
    def event_reports(article_id: str, event_id: str) -> reports.ClusterView:
        """The real-world event this event is part of, with every article that reports it."""
        found = clusters.of(article_id, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r} in article {article_id!r}")
        return clusters.view(found)

    @app.get("/api/clusters", response_model=reports.ClusterPage, tags=["events"])
    def cluster_page(
        min_reports: Annotated[int, Query(ge=1, description="Only events reported by at least N articles.")] = 2,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> reports.ClusterPage:
        """Real-world events: the same event reported by several articles merged (``eventwire clusters``)."""
        service.check_page(limit, offset)
        return clusters.page(min_reports=min_reports, limit=limit, offset=offset)

    @app.get("/api/articles", response_model=service.ArticlePage, tags=["articles"])
    def articles(
        q: Annotated[str | None, Query(description="Words that must all occur in the title or text.")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> service.ArticlePage:
        """Articles, newest first; with ``q``, those whose text holds every word."""
        return service.search_articles(store, q, limit=limit, offset=offset)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def article(article_id: str) -> dict[str, Any]:
        """The document record of one article (DESIGN.md "The document record")."""
        doc = service.get_article(store, article_id)
        if doc is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return doc.to_json()

    @app.get("/api/failures", tags=["store"])
    def failures() -> list[dict[str, Any]]:
        """Items that could not be processed, and why."""
        return [f.to_json() for f in service.get_failures(store)]

    @app.get("/api/stats", response_model=service.Stats, tags=["store"])
    def stats(query: Filters) -> service.Stats:
        """Rows per table, and the events matching the filters by type, modality and day."""
        return service.stats(cache, query)

    @app.get("/api/basemap", tags=["map"])
    def base_map() -> JSONResponse:
        """Land cells for the map background: [lon, lat] of every 1° cell holding a town."""
        return JSONResponse(basemap.land_cells(), headers={"Cache-Control": "max-age=86400"})

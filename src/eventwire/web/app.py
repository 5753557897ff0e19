"""The FastAPI app: a JSON API over :mod:`eventwire.web.service` and the one-page UI.

Routes are a few lines each; errors raised by the library (:class:`~eventwire.errors.EventwireError`)
become HTTP statuses in one handler (:data:`STATUS`), bad or malformed parameters give 400, unknown
ids 404, anything unexpected a 500 with a JSON body. OpenAPI docs are at ``/docs`` (and ``/redoc``),
served without any CDN. :mod:`eventwire.web.guard` checks the Host header, sets the security
headers and answers HEAD.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ConfigError, EvalError, EventwireError, InputError, StageError, StoreError
from ..store import EventQuery, Store, open_store
from . import guard, reports, review_api, service

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
    actor: Annotated[list[str] | None, Query(description="Actor dictionary key, or part of a name (case-insensitive); "
                                             "repeat for any of several.")] = None,
    type: Annotated[list[str] | None, Query(description="PLOVER event type, e.g. ASSAULT; repeat or comma-separate "
                                            "for any of several.")] = None,  # noqa: A002
    modality: Annotated[str | None, Query(description="actual, planned, hypothetical or negated.")] = None,
    since: Annotated[str | None, Query(description="Events whose date range ends on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(description="Events whose date range starts on or before YYYY-MM-DD.")] = None,
    near: Annotated[str | None, Query(description="A circle LAT,LON,KM the event place lies in.")] = None,
    q: Annotated[str | None, Query(description="Full-text query over the article title and text.")] = None,
    article: Annotated[str | None, Query(description="Only the events of this article id.")] = None,
    bbox: Annotated[str | None, Query(description="A box W,S,E,N (degrees) the event place lies in.")] = None,
    country: Annotated[list[str] | None, Query(description="ISO 3166-1 alpha-3 (or alpha-2) code of the event "
                                               "place's country; repeat or comma-separate.")] = None,
    min_fatalities: Annotated[str | None, Query(description="Events with at least N fatalities.")] = None,
) -> EventQuery:
    return service.event_query(
        actor=actor, type=type, modality=modality, since=since, until=until, near=near, q=q, article=article,
        bbox=bbox, country=country, min_fatalities=min_fatalities,
    )


Filters = Annotated[EventQuery, Depends(_filters)]
Limit = Annotated[int, Query(description=f"Items per page, 0..{service.MAX_LIMIT}.")]
Offset = Annotated[int, Query(description="Items to skip (prefer `cursor`).")]
Cursor = Annotated[str | None, Query(description="The `next` of the previous page.", max_length=400)]
Sort = Annotated[str | None, Query(description="date, -date (default), fatalities, -fatalities, confidence, "
                                   "-confidence.", max_length=20)]


def create_app(store_url: str | None = None, *, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The web app over the store at ``store_url`` (default: ``Settings().db``).

    The store is opened (and migrated) here, so a bad URL fails before serving; it is closed when
    the app shuts down. ``allowed_hosts``: Host header names answered (default
    ``Settings().allowed_hosts``); any other gets 400.
    """
    from ..settings import Settings

    store = open_store(store_url)
    hosts = Settings().allowed_hosts if allowed_hosts is None else allowed_hosts

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

    @app.exception_handler(EventwireError)
    async def library_error(_request: Request, exc: EventwireError) -> JSONResponse:
        return _error(status_for(exc), type(exc).__name__, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(_request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ())[1:]) or "request"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _error(400, "InputError", "; ".join(parts)[:500])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = "NotFound" if exc.status_code == 404 else "HTTPError"
        return _error(exc.status_code, kind, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        return _error(500, "InternalError", f"{type(exc).__name__} (see the server log)")

    _routes(app, store)
    app.include_router(review_api.router)  # review and watchlists (eventwire.web.review_api)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(guard.Guard, allowed_hosts=hosts)
    return app


def _stream(chunks: Any, media_type: str, filename: str) -> StreamingResponse:
    return StreamingResponse(chunks, media_type=media_type,
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _routes(app: FastAPI, store: Store) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/api/events", response_model=service.EventPage, tags=["events"])
    def events(query: Filters, sort: Sort = None, limit: Limit = 50, cursor: Cursor = None,
               offset: Offset = 0) -> service.EventPage:
        """Events matching the filters, a page at a time (keyset: pass the `next` of a page as `cursor`)."""
        return service.event_page(store, query, sort=sort, limit=limit, cursor=cursor, offset=offset)

    @app.get("/api/events.geojson", tags=["events"])
    def events_geojson(
        query: Filters,
        zoom: Annotated[int | None, Query(description="Map zoom 0-18: below 7, or with too many points, grid "
                                          "counts (properties aggregate, count, cell). Without zoom: every "
                                          "located event, streamed (an export).")] = None,
        sort: Sort = None,
    ) -> Any:
        """The located events matching the filters as GeoJSON: for the map (with ``zoom``: points, or grid
        aggregates at low zoom or with many points), or the whole filtered set streamed (without ``zoom``)."""
        if zoom is None:
            return _stream(service.export_geojson(store, query, sort=sort), "application/geo+json", "events.geojson")
        return JSONResponse(service.events_geojson(store, query, zoom=zoom), media_type="application/geo+json")

    @app.get("/api/events.csv", tags=["export"])
    def events_csv(query: Filters, sort: Sort = None) -> StreamingResponse:
        """Every event matching the filters as CSV (streamed)."""
        return _stream(service.export_csv(store, query, sort=sort), "text/csv; charset=utf-8", "events.csv")

    @app.get("/api/events.acled.csv", tags=["export"])
    def events_acled(query: Filters, sort: Sort = None) -> StreamingResponse:
        """The events matching the filters that ACLED would code, in ACLED's columns (streamed)."""
        return _stream(service.export_acled(store, query, sort=sort), "text/csv; charset=utf-8", "events.acled.csv")

    @app.get("/api/events/{article_id}/{event_id}", tags=["events"])
    def event(article_id: str, event_id: str) -> dict[str, Any]:
        """One event, with its article and resolved place and actor names."""
        found = service.find_event(store, article_id, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id[:80]!r} in article {article_id[:80]!r}")
        return service.event_json(found)

    @app.get("/api/events/{article_id}/{event_id}/reports", response_model=reports.ClusterView, tags=["events"])
    def event_reports(article_id: str, event_id: str) -> reports.ClusterView:
        """The real-world event this event is part of, with every article that reports it (once each)."""
        found = reports.of(store, article_id, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id[:80]!r} in article {article_id[:80]!r}")
        return reports.view(store, found)

    @app.get("/api/clusters", response_model=reports.ClusterPage, tags=["events"])
    def cluster_page(
        min_reports: Annotated[int, Query(ge=1, description="Only events reported by at least N articles.")] = 2,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> reports.ClusterPage:
        """Real-world events: the same event reported by several articles merged (``eventwire clusters``)."""
        service.check_page(limit, offset)
        return reports.page(store, min_reports=min_reports, limit=limit, offset=offset)

    @app.get("/api/actors", tags=["search"])
    def actor_names(
        prefix: Annotated[str, Query(description="First letters of the name (or of a word of it).")] = "",
        limit: Annotated[int, Query(description="At most this many, 1..100.")] = 10,
    ) -> list[dict[str, Any]]:
        """Autocomplete for the actor filter: [{id, name, count}], most events first."""
        return service.actors(store, prefix, limit=limit)

    @app.get("/api/countries", tags=["search"])
    def country_names(
        prefix: Annotated[str, Query(description="First letters of the name or ISO code; empty: all.")] = "",
        limit: Annotated[int, Query(description="At most this many, 1..300.")] = 10,
    ) -> list[dict[str, Any]]:
        """Autocomplete for the country filter: [{id (ISO alpha-3), name, count}], most events first."""
        return service.countries(store, prefix, limit=limit)

    @app.get("/api/articles", response_model=service.ArticlePage, tags=["articles"])
    def articles(
        q: Annotated[str | None, Query(description="Full-text query over the title and text.")] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
        offset: Offset = 0,
    ) -> service.ArticlePage:
        """Articles, newest first; with ``q``, those matching it in the full-text index (keyset pages)."""
        return service.search_articles(store, q, limit=limit, offset=offset, cursor=cursor)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def article(article_id: str) -> dict[str, Any]:
        """The document record of one article (DESIGN.md "The document record"), with ``url_safe``."""
        doc = service.get_article(store, article_id)
        if doc is None:
            raise HTTPException(404, f"no article {article_id[:80]!r}")
        return doc

    @app.get("/api/failures", tags=["store"])
    def failures() -> list[dict[str, Any]]:
        """Items that could not be processed, and why."""
        return [f.to_json() for f in service.get_failures(store)]

    @app.get("/api/stats", response_model=service.Stats, tags=["store"])
    def stats(
        query: Filters,
        counts: Annotated[bool, Query(description="Whether to count the rows per table (`counts`), the same "
                                      "for every filter; false: `counts` is {}.")] = True,
    ) -> service.Stats:
        """Rows per table, and the events matching the filters by type, modality and month (read from stored
        counts where they answer the filters)."""
        return service.stats(store, query, counts=counts)

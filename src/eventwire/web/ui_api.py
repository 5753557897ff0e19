"""The API contract the map UI is built on, in its simplest form: filtered lists sliced in Python.

Registered before the app's own routes (``app.include_router(ui_api.router)``), so these answer
``/api/events``, ``/api/events.geojson``, ``/api/stats`` and the exports; they keep the older
response keys (``events``, ``offset``, ``limit``; ``by_day``) beside the contract's. Filters beyond
:class:`~eventwire.store.EventQuery` (several types or actors, ``country``, ``bbox``,
``min_fatalities``) and sorting are applied here to the query's result; the cursor is an offset.
The store-side version (keyset pagination, grid aggregates in SQL) replaces this module.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ..errors import InputError
from ..model import Document
from ..store import EventQuery, StoredEvent
from ..store.rows import date_range
from . import service

router = APIRouter()

SORTS = ("date", "-date", "fatalities", "-fatalities", "confidence", "-confidence")
#: Below this zoom level the map gets grid cells with counts instead of events.
AGGREGATE_BELOW_ZOOM = 5
#: Radius (km) drawn for a place of each ACLED geo-precision when the place has no bounding box.
PRECISION_KM = {1: 5.0, 2: 25.0, 3: 100.0}
CSV_COLUMNS = (
    "article_id", "event_id", "date", "date_precision", "type", "mode", "modality", "actors", "recipients",
    "place", "country_code", "lat", "lon", "geo_precision", "fatalities", "confidence", "evidence",
    "title", "url", "source", "published",
)


@dataclass
class Filters:
    """The contract's filters: one store query and what is checked on its result."""

    query: EventQuery
    types: set[str] = field(default_factory=set)
    actors: list[str] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    bbox: tuple[float, float, float, float] | None = None
    min_fatalities: int | None = None
    sort: str = "date"


def _values(request: Request, name: str) -> list[str]:
    return [v.strip() for raw in request.query_params.getlist(name) for v in raw.split(",") if v.strip()] \
        if name in ("type", "country") else [v.strip() for v in request.query_params.getlist(name) if v.strip()]


def _one(request: Request, name: str) -> str | None:
    v = request.query_params.get(name)
    return v.strip() if v and v.strip() else None


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``W,S,E,N`` in degrees."""
    try:
        w, s, e, n = (float(x) for x in value.split(","))
    except ValueError as err:
        raise InputError(f"bbox: expected W,S,E,N, got {value!r}") from err
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90) or not all(map(math.isfinite, (w, s, e, n))):
        raise InputError(f"bbox: bad box {value!r} (lon -180..180, lat -90..90, S <= N)")
    return w, s, e, n


def filters(request: Request) -> Filters:
    """The filters of a request; :class:`InputError` names a bad parameter."""
    from ..export.places import country

    types, actors = _values(request, "type"), _values(request, "actor")
    for t in types:
        service.event_query(type=t)  # checks the name
    query = service.event_query(
        actor=actors[0] if len(actors) == 1 else None, type=types[0] if len(types) == 1 else None,
        modality=_one(request, "modality"), since=_one(request, "since"), until=_one(request, "until"),
        near=_one(request, "near"), q=_one(request, "q"), article=_one(request, "article"),
    )
    countries = set()
    for code in _values(request, "country"):
        c = country(code)
        if c is None:
            raise InputError(f"country: unknown country code {code!r} (ISO 3166-1 alpha-3, e.g. SDN)")
        countries.add(c.iso2)
    bbox = parse_bbox(b) if (b := _one(request, "bbox")) else None
    fat = _one(request, "min_fatalities")
    try:
        min_fat = int(fat) if fat is not None else None
    except ValueError as err:
        raise InputError(f"min_fatalities: expected a whole number, got {fat!r}") from err
    if min_fat is not None and min_fat < 0:
        raise InputError("min_fatalities: must be >= 0")
    sort = _one(request, "sort") or "date"
    if sort not in SORTS:
        raise InputError(f"sort: {sort!r} is not one of {', '.join(SORTS)}")
    return Filters(query, {t.upper() for t in types} if len(types) > 1 else set(),
                   actors if len(actors) > 1 else [], countries, bbox, min_fat, sort)


def _actor_match(ev: StoredEvent, needles: list[str]) -> bool:
    for a in ev.actors + ev.recipients:
        names = [a.name, *a.aliases]
        for n in needles:
            if a.id == n or any(n.casefold() in x.casefold() for x in names if x):
                return True
    return False


def in_box(lat: float, lon: float, box: tuple[float, float, float, float]) -> bool:
    w, s, e, n = box
    return s <= lat <= n and (w <= lon <= e if w <= e else lon >= w or lon <= e)


def _located(ev: StoredEvent) -> bool:
    return ev.place is not None and ev.place.lat is not None and ev.place.lon is not None


def _sort_key(ev: StoredEvent, by: str) -> Any:
    if by == "fatalities":
        return ev.event.fatalities if ev.event.fatalities is not None else -1
    if by == "confidence":
        return ev.event.confidence
    return service.event_day(ev) or ""


def matching(request: Request, f: Filters) -> list[StoredEvent]:
    """The events matching every filter, in the order asked for."""
    found = request.app.state.events.events(f.query)
    out = []
    for ev in found:
        if f.types and ev.event.type not in f.types:
            continue
        if f.actors and not _actor_match(ev, f.actors):
            continue
        if f.countries and not (ev.place and ev.place.country_code in f.countries):
            continue
        if f.bbox and not (_located(ev) and in_box(ev.place.lat, ev.place.lon, f.bbox)):  # type: ignore[union-attr]
            continue
        if f.min_fatalities is not None and (ev.event.fatalities or 0) < f.min_fatalities:
            continue
        out.append(ev)
    by = f.sort.lstrip("-")
    if f.sort != "date":
        out.sort(key=lambda ev: _sort_key(ev, by), reverse=f.sort.startswith("-"))
    return out


def _int(request: Request, name: str, default: int) -> int:
    v = _one(request, name)
    try:
        return int(v) if v is not None else default
    except ValueError as err:
        raise InputError(f"{name}: expected an integer, got {v!r}") from err


@router.get("/api/events", tags=["events"], operation_id="ui_events")
def events(request: Request) -> dict[str, Any]:
    """Events matching the filters, a page at a time: ``{items, next, total}``; ``next`` is the cursor."""
    f = filters(request)
    limit = _int(request, "limit", 50)
    offset = _int(request, "cursor", _int(request, "offset", 0))
    service.check_page(limit, offset)
    found = matching(request, f)
    items = [service.event_json(e) for e in found[offset : offset + limit]]
    nxt = str(offset + limit) if offset + limit < len(found) else None
    return {"items": items, "next": nxt, "total": len(found), "events": items, "offset": offset, "limit": limit}


def radius_km(ev: StoredEvent) -> float:
    """How far the event's place may lie from its point: half its box's diagonal, else by precision."""
    p = ev.place
    if p is None:
        return 0.0
    if p.bbox and len(p.bbox) == 4:
        s, w, n, e = p.bbox
        lat = math.radians((s + n) / 2)
        dy, dx = (n - s) * 111.32, (e - w) * 111.32 * math.cos(lat)
        return round(max(math.hypot(dx, dy) / 2, 1.0), 1)
    return PRECISION_KM.get(p.precision or 1, 5.0)


def event_feature(ev: StoredEvent) -> dict[str, Any]:
    p = ev.place
    assert p is not None and p.lat is not None and p.lon is not None
    return {
        "type": "Feature", "id": f"{ev.article_id}-{ev.event.id}",
        "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
        "properties": {
            "article_id": ev.article_id, "event_id": ev.event.id, "type": ev.event.type,
            "date": ev.event.date.value or ev.published, "date_precision": ev.event.date.precision,
            "precision": p.precision, "radius_km": radius_km(ev), "place": p.name or p.text,
            "fatalities": ev.event.fatalities, "modality": ev.event.modality, "title": ev.title,
            # the older keys of the export's features
            "article": ev.article_id, "event": ev.event.id, "day": service.event_day(ev),
            "evidence": ev.event.evidence.text, "country_code": p.country_code,
        },
    }


def aggregate(found: list[StoredEvent], zoom: int) -> list[dict[str, Any]]:
    """One Point per grid cell holding events (cells of 360 / 2**(zoom+3) degrees), at their mean place."""
    size = 360.0 / 2 ** (max(zoom, 0) + 3)
    cells: dict[tuple[int, int], list[StoredEvent]] = {}
    for ev in found:
        cells.setdefault((math.floor(ev.place.lon / size), math.floor(ev.place.lat / size)), []).append(ev)  # type: ignore[union-attr]
    out = []
    for (x, y), evs in sorted(cells.items()):
        lon = sum(e.place.lon for e in evs) / len(evs)  # type: ignore[union-attr,misc]
        lat = sum(e.place.lat for e in evs) / len(evs)  # type: ignore[union-attr,misc]
        out.append({
            "type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {"aggregate": True, "count": len(evs),
                           "cell": [x * size, max(y * size, -90.0), (x + 1) * size, min((y + 1) * size, 90.0)]},
        })
    return out


@router.get("/api/events.geojson", tags=["events"], operation_id="ui_events_geojson")
def events_geojson(request: Request) -> JSONResponse:
    """Located events matching the filters; with ``zoom`` below 5, grid cells with counts instead."""
    f = filters(request)
    zoom = _one(request, "zoom")
    found = [e for e in matching(request, f) if _located(e)]
    z = _int(request, "zoom", 0) if zoom is not None else None
    feats = aggregate(found, z) if z is not None and z < AGGREGATE_BELOW_ZOOM else [event_feature(e) for e in found]
    return JSONResponse({"type": "FeatureCollection", "features": feats}, media_type="application/geo+json")


def _doc(ev: StoredEvent) -> Document:
    return Document.model_construct(
        id=ev.article_id, title=ev.title, url=ev.url, source=ev.source, published=ev.published,
        actors=ev.actors + ev.recipients, places=[ev.place] if ev.place else [], events=[ev.event],
        removed=[], times=[], quotes=[], text="", language=None,
    )


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...], name: str) -> Response:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/api/events.csv", tags=["events"], operation_id="ui_events_csv")
def events_csv(request: Request) -> Response:
    """Every event matching the filters as CSV, one row each."""
    rows = []
    for ev in matching(request, filters(request)):
        p, e = ev.place, ev.event
        rows.append({
            "article_id": ev.article_id, "event_id": e.id, "date": e.date.value or "",
            "date_precision": e.date.precision,
            "type": e.type, "mode": e.mode, "modality": e.modality, "actors": "; ".join(a.name for a in ev.actors),
            "recipients": "; ".join(a.name for a in ev.recipients), "place": (p.name or p.text) if p else "",
            "country_code": p.country_code if p else "", "lat": p.lat if p else "", "lon": p.lon if p else "",
            "geo_precision": p.precision if p else "", "fatalities": e.fatalities, "confidence": e.confidence,
            "evidence": e.evidence.text, "title": ev.title, "url": ev.url, "source": ev.source,
            "published": ev.published,
        })
    return _csv(rows, CSV_COLUMNS, "events.csv")


@router.get("/api/events.acled.csv", tags=["events"], operation_id="ui_events_acled_csv")
def events_acled_csv(request: Request) -> Response:
    """The events matching the filters that ACLED would code, in ACLED's columns."""
    import time

    from ..export import acled

    now = int(time.time())
    rows = [r for ev in matching(request, filters(request)) if (r := acled.row(_doc(ev), ev.event, timestamp=now))]
    return _csv(rows, acled.COLUMNS, "events.acled.csv")


class _Found:
    def __init__(self, found: list[StoredEvent], counts: dict[str, int]) -> None:
        self.found, self._counts = found, counts

    def events(self, query: EventQuery | None = None) -> list[StoredEvent]:  # noqa: ARG002
        return self.found

    def counts(self) -> dict[str, int]:
        return self._counts


@router.get("/api/stats", tags=["store"], operation_id="ui_stats")
def stats(request: Request) -> dict[str, Any]:
    """Counts over the matching events by type, modality and month, and by date range.

    ``ranges`` lists each distinct ``[start, end]`` day range with its count, and a month counts every
    event whose range overlaps it: the count of a span is the number of events its since/until finds.
    """
    found = matching(request, filters(request))
    out = service.stats(_Found(found, request.app.state.store.counts())).model_dump()
    ranges: Counter[tuple[str, str]] = Counter()
    months: Counter[str] = Counter()
    for ev in found:
        r = date_range(ev.event.date.value) or date_range(ev.published)
        if not r:
            continue
        ranges[r] += 1
        y, m = int(r[0][:4]), int(r[0][5:7])
        while f"{y:04d}-{m:02d}" <= r[1][:7]:
            months[f"{y:04d}-{m:02d}"] += 1
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    out["ranges"] = [{"start": s, "end": e, "count": n} for (s, e), n in sorted(ranges.items())]
    out["by_month"] = [{"month": k, "count": months[k]} for k in sorted(months)]
    return out


def _names(request: Request, prefix: str | None, limit: int, key) -> list[dict[str, Any]]:  # noqa: ANN001
    counts: Counter[tuple[str, str]] = Counter()
    for ev in request.app.state.events.events(EventQuery()):
        for k in key(ev):
            counts[k] += 1
    p = (prefix or "").casefold()
    hits = [{"id": i, "name": n, "count": c} for (i, n), c in counts.most_common()
            if not p or n.casefold().startswith(p) or i.casefold().startswith(p)
            or any(w.startswith(p) for w in n.casefold().split())]
    return hits[:limit]


@router.get("/api/actors", tags=["events"], operation_id="ui_actors")
def actors(request: Request) -> list[dict[str, Any]]:
    """Actors whose name starts with ``prefix`` (or a word of it does), most events first.

    The ``id`` is the name: actor ids are per article, and the ``actor`` filter matches names.
    """
    limit = _int(request, "limit", 20)
    service.check_page(limit, 0)
    return _names(request, _one(request, "prefix"), limit,
                  lambda ev: {(a.name, a.name) for a in ev.actors + ev.recipients})


@router.get("/api/countries", tags=["events"], operation_id="ui_countries")
def countries(request: Request) -> list[dict[str, Any]]:
    """Countries of event places (ISO 3166-1 alpha-3 ids) whose name or code starts with ``prefix``."""
    from ..export.places import country

    def key(ev: StoredEvent) -> set[tuple[str, str]]:
        c = country(ev.place.country_code) if ev.place else None
        return {(c.iso3, c.name)} if c else set()

    limit = _int(request, "limit", 300)
    service.check_page(limit, 0)
    return _names(request, _one(request, "prefix"), limit, key)

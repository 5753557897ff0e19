"""What the web API serves, as library functions over the public :class:`~eventwire.store.Store` API.

Every HTTP route is a few lines over one of these; they work without FastAPI. Parameters arrive
as strings and are checked here (:func:`event_query`): a bad one raises
:class:`~eventwire.errors.InputError`, which the app maps to HTTP 400. "Not found" is ``None``.
Nothing here reads a whole table: pages go through the store's keyset pages, statistics through its
stored counts, the map through grid counts, exports through batches (:mod:`eventwire.store.browse`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field

from ..errors import InputError
from ..model import PLOVER_TYPES, Document, Record
from ..store import EventQuery, Near, Store, StoredEvent, StoredFailure, browse
from ..store.query import EVENT_COLUMNS, BBox, event_row
from ..store.rows import date_range

MODALITIES = ("actual", "planned", "hypothetical", "negated")
MAX_LIMIT = 1000
SNIPPET_CHARS = 90
_WORD = re.compile(r"\w+", re.UNICODE)


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http or https URL (safe to make a link of), else None."""
    if not url or len(url) > 2000:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _split(values: Iterable[str] | str | None, *, commas: bool) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for v in values:
        out += [p for p in (v.split(",") if commas else [v]) if p.strip()]
    return [v.strip() for v in out]


def event_query(
    *,
    actor: Iterable[str] | str | None = None,
    type: Iterable[str] | str | None = None,  # noqa: A002 - the API's parameter name
    modality: str | None = None,
    since: str | None = None,
    until: str | None = None,
    near: str | None = None,
    q: str | None = None,
    article: str | None = None,
    bbox: str | None = None,
    country: Iterable[str] | str | None = None,
    min_fatalities: int | str | None = None,
) -> EventQuery:
    """An :class:`EventQuery` from the API's string parameters (empty strings do not filter).

    ``type`` and ``country`` may repeat or hold comma-separated values; ``actor`` may repeat.
    Raises :class:`InputError` with a message naming the parameter when one is bad.
    """

    def clean(v: str | None) -> str | None:
        return v.strip() if v and v.strip() else None

    modality, since, until, near, q, article, bbox = (
        clean(v) for v in (modality, since, until, near, q, article, bbox)
    )
    types = [t.upper() for t in _split(type, commas=True)]
    for t in types:
        if t not in PLOVER_TYPES:
            raise InputError(f"type: unknown event type {t[:40]!r}; known: {', '.join(PLOVER_TYPES)}")
    if modality and modality.lower() not in MODALITIES:
        raise InputError(f"modality: {modality[:40]!r} is not one of {', '.join(MODALITIES)}")
    fat: int | None = None
    if min_fatalities not in (None, ""):
        try:
            fat = int(str(min_fatalities).strip())
        except ValueError as e:
            raise InputError(f"min_fatalities: {str(min_fatalities)[:40]!r} is not a whole number") from e
    query = EventQuery(
        types=tuple(types), actors=tuple(_split(actor, commas=False)), modality=modality, since=since, until=until,
        near=Near.parse(near) if near else None, q=q, article=article, bbox=BBox.parse(bbox) if bbox else None,
        countries=tuple(_split(country, commas=True)), min_fatalities=fat,
    )
    if query.countries:
        from ..store.filters import country_codes

        country_codes(query.countries)  # unknown codes are a 400, not an empty result
    if query.since and query.until and query.since > query.until:
        raise InputError(f"since ({query.since}) is after until ({query.until})")
    return query


def check_page(limit: int, offset: int) -> None:
    """Raise :class:`InputError` unless ``0 <= limit <= MAX_LIMIT`` and ``offset >= 0``."""
    if not 0 <= limit <= MAX_LIMIT:
        raise InputError(f"limit: must be between 0 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise InputError(f"offset: must be >= 0, got {offset}")


def event_day(ev: StoredEvent) -> str | None:
    """The first day an event's date can mean; the publication day when the event has no usable date."""
    r = date_range(ev.event.date.value) or date_range(ev.published)
    return r[0] if r else None


def event_json(ev: StoredEvent) -> dict[str, Any]:
    """The event object served by the API: the contract fields, its article (``url`` as stored, data to show
    as text; ``url_safe`` the same only when http/https, the one to make a link of), names and its ``day``."""
    out = ev.to_event_json()
    out["day"] = event_day(ev)
    out["article"]["url_safe"] = safe_url(ev.url)
    return out


class EventPage(Record):
    """One page of matching events: ``next`` is the cursor of the next page (None at the end); ``total`` is
    None when counting every match would cost too much."""

    items: list[dict[str, Any]] = Field(default_factory=list)
    next: str | None = None
    total: int | None = None
    limit: int = 50
    offset: int = 0


def event_page(store: Store, query: EventQuery, *, sort: str | None = None, limit: int = 50,
               cursor: str | None = None, offset: int = 0) -> EventPage:
    """Events matching ``query`` in ``sort`` order, a page after ``cursor`` (or from ``offset``)."""
    check_page(limit, offset)
    page = browse.event_page(store, query, sort=sort, limit=limit, cursor=cursor or None, offset=offset)
    return EventPage(items=with_reviews(store, [event_json(e) for e in page.items]), next=page.next,
                     total=page.total, limit=limit, offset=offset)


#: Fields of the API's event object that a reviewer's value replaces (the others are in ``review.value``).
REVIEWED_FIELDS = ("type", "modality", "fatalities")


def with_reviews(store: Store, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mark the reviewed events of a page (``review``: status, corrected fields, reviewers and the reviewed
    values) and prefer the reviewers' values, as exports do; nothing changes while no one has reviewed."""
    from ..review.apply import reviewed_article
    from ..review.export import has_reviews

    if not items or not has_reviews(store):
        return items
    reviewed = {}
    for aid in dict.fromkeys(it["article"]["id"] for it in items):
        reviewed.update({(aid, r.event_id): r for r in reviewed_article(store, aid) if r.reviewed})
    for it in items:
        r = reviewed.get((it["article"]["id"], it["id"]))
        if r is None:
            continue
        it["review"] = {"status": r.status, "corrected": r.corrected, "reviewers": r.reviewers,
                        "value": r.value.to_json()}
        for f in REVIEWED_FIELDS:
            if f in r.corrected:
                it[f] = r.value.get(f)
        if "actors" in r.corrected:
            it["actor_names"] = list(r.value.actors)
        if "recipients" in r.corrected:
            it["recipient_names"] = list(r.value.recipients)
    return items


def find_event(store: Store, article_id: str, event_id: str) -> StoredEvent | None:
    """One stored event by its article and id, or None."""
    return next((e for e in store.events(EventQuery(article=article_id)) if e.event.id == event_id), None)


class ArticleHit(Record):
    """An article in a search result."""

    id: str
    title: str | None = None
    url: str | None = None
    url_safe: str | None = None
    source: str | None = None
    published: str | None = None
    n_events: int = 0
    snippet: str = ""


class ArticlePage(Record):
    items: list[ArticleHit] = Field(default_factory=list)
    articles: list[ArticleHit] = Field(default_factory=list)  # the same list (older clients)
    next: str | None = None
    total: int | None = None
    offset: int = 0
    limit: int = 50


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _snippet(text: str, words: list[str]) -> str:
    low = text.casefold()
    at = min((i for i in (low.find(w) for w in words) if i >= 0), default=0)
    start = max(0, at - SNIPPET_CHARS // 3)
    piece = " ".join(text[start : start + SNIPPET_CHARS].split())
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(text) else "")


def search_articles(store: Store, q: str | None = None, *, limit: int = 50, offset: int = 0,
                    cursor: str | None = None) -> ArticlePage:
    """Articles newest first; with ``q``, those whose title or text matches it in the full-text index."""
    check_page(limit, offset)
    if q is not None and len(q) > 1000:
        raise InputError("q: longer than 1000 characters")
    words = _words(q or "")
    if q and q.strip() and not words:
        raise InputError(f"q: no words in {q[:40]!r}")
    rows, nxt, total = browse.articles_page(store, q, limit=limit, cursor=cursor or None, offset=offset)
    hits = [ArticleHit(id=r.id, title=r.title, url=r.url, url_safe=safe_url(r.url), source=r.source,
                       published=r.published, n_events=r.n_events, snippet=_snippet(r.text, words))
            for r in rows]
    return ArticlePage(items=hits, articles=hits, next=nxt, total=total, offset=offset, limit=limit)


def get_article(store: Store, article_id: str) -> dict[str, Any] | None:
    """The stored document record (with ``url_safe``), or None."""
    doc = store.document(article_id)
    if doc is None:
        return None
    out = doc.to_json()
    out["url_safe"] = safe_url(doc.url)
    return out


def get_failures(store: Store) -> list[StoredFailure]:
    """Every recorded failure, oldest first."""
    return store.failures()


class MonthCount(Record):
    """Events whose date range overlaps a month; ``since``/``until`` is the filter that gives exactly them."""

    month: str
    count: int
    since: str
    until: str


class Stats(Record):
    """Table sizes, and the events matching a query counted by type, modality and month."""

    counts: dict[str, int]
    events: int
    located: int
    by_type: dict[str, int]
    by_modality: dict[str, int]
    by_month: list[MonthCount]
    first_month: str | None = None
    last_month: str | None = None


def stats(store: Store, query: EventQuery | None = None, *, counts: bool = True) -> Stats:
    """Counts over the events matching ``query`` (all events without one); ``counts``: also the rows per table
    (a count of every table, the same whatever the query: the UI asks for it once, not on every filter)."""
    st = browse.stats(store, query or EventQuery())
    months = [MonthCount(month=m, count=n, since=browse.month_bounds(m)[0], until=browse.month_bounds(m)[1])
              for m, n in st.by_month]
    return Stats(
        counts=store.counts() if counts else {}, events=st.events, located=st.located, by_type=st.by_type,
        by_modality=st.by_modality, by_month=months,
        first_month=months[0].month if months else None, last_month=months[-1].month if months else None,
    )


def events_geojson(store: Store, query: EventQuery, *, zoom: int | None = None,
                   max_points: int = browse.MAX_POINTS) -> dict[str, Any]:
    """The located events matching ``query`` as a GeoJSON FeatureCollection for the map.

    Below zoom :data:`~eventwire.store.browse.GRID_ZOOM`, or when more than ``max_points`` match, the features
    are grid aggregates (``aggregate: true``, ``count``, ``cell: [w, s, e, n]``) at the mean place of their
    events; otherwise one Point per event. ``sample`` (aggregates): None when every matching located event is
    counted; else the number counted, the first that the filter's index gave (a filter the stored grid cells
    cannot answer, matching more than :data:`~eventwire.store.browse.GRID_SAMPLE`).
    """
    if zoom is not None and not 0 <= zoom <= 18:
        raise InputError(f"zoom: must be between 0 and 18, got {zoom}")
    z = browse.GRID_ZOOM if zoom is None else zoom
    rows = None
    # counted first through the filter's index: a crowded view goes to the grid without reading its points' rows
    if z >= browse.GRID_ZOOM and browse.located_at_most(store, query, max_points):
        rows = browse.points(store, query, limit=max_points + 1)
    if rows is None or len(rows) > max_points:
        g = browse.sampled_grid(store, query, zoom=min(z, browse.GRID_ZOOM))
        return {"type": "FeatureCollection", "aggregate": True, "sample": g.sample, "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(c["lon"], 6), round(c["lat"], 6)]},
             "properties": {"aggregate": True, "count": c["count"], "cell": c["cell"]}}
            for c in g.cells
        ]}
    return {"type": "FeatureCollection", "aggregate": False, "features": [_point(r) for r in rows]}


def _point(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "Feature", "id": f"{r['article_id']}-{r['id']}",
        "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
        "properties": {
            "article_id": r["article_id"], "event_id": r["id"], "type": r["type"], "date": r["date"],
            "date_precision": r["date_precision"], "precision": r["precision"], "radius_km": r["radius_km"],
            "place": r["place_name"], "fatalities": r["fatalities"], "modality": r["modality"], "title": r["title"],
        },
    }


# -- exports of the filtered set (streamed) ---------------------------------------------------------


def _docs_of(ev: StoredEvent) -> Document:
    return Document.model_construct(
        id=ev.article_id, title=ev.title, url=ev.url, source=ev.source, published=ev.published,
        actors=ev.actors + ev.recipients, places=[ev.place] if ev.place else [], events=[ev.event], times=[],
    )


def _csv_chunks(rows: Iterable[dict[str, Any]], columns: Iterable[str]) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    n = 0
    for r in rows:
        w.writerow(r)
        n += 1
        if n % 200 == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def export_csv(store: Store, query: EventQuery, *, sort: str | None = None) -> Iterator[str]:
    """The filtered events as CSV (the columns of ``eventwire events --format csv``), in chunks."""
    return _csv_chunks((event_row(e) for e in store.iter_events(query, sort=sort)), EVENT_COLUMNS)


def export_acled(store: Store, query: EventQuery, *, sort: str | None = None) -> Iterator[str]:
    """The filtered events that ACLED would code, in ACLED's columns (``eventwire export --format acled``)."""
    from ..export import acled

    ts = int(time.time())

    def rows() -> Iterator[dict[str, Any]]:
        for ev in store.iter_events(query, sort=sort):
            r = acled.row(_docs_of(ev), ev.event, timestamp=ts)
            if r is not None:
                yield r

    return _csv_chunks(rows(), acled.COLUMNS)


def export_geojson(store: Store, query: EventQuery, *, sort: str | None = None) -> Iterator[str]:
    """The filtered located events as a GeoJSON FeatureCollection (``eventwire export --format geojson``
    features), streamed."""
    from ..export.geojson import feature

    yield '{"type":"FeatureCollection","features":['
    first = True
    for ev in store.iter_events(query, sort=sort):
        f = feature(_docs_of(ev), ev.event)
        if f is None:
            continue
        f["properties"]["day"] = event_day(ev)
        f["properties"]["url"] = safe_url(f["properties"].get("url"))
        yield ("" if first else ",") + json.dumps(f, ensure_ascii=False)
        first = False
    yield "]}"


def actors(store: Store, prefix: str, *, limit: int = 10) -> list[dict[str, Any]]:
    """Autocomplete: actor names starting with ``prefix`` (or with a word of them starting with it)."""
    if len(prefix) > 200:
        raise InputError("prefix: longer than 200 characters")
    if not 1 <= limit <= 100:
        raise InputError(f"limit: must be between 1 and 100, got {limit}")
    return browse.actor_suggestions(store, prefix, limit=limit)


def countries(store: Store, prefix: str = "", *, limit: int = 10) -> list[dict[str, Any]]:
    """Autocomplete: countries of event places whose name or ISO code starts with ``prefix``."""
    if len(prefix) > 200:
        raise InputError("prefix: longer than 200 characters")
    if not 1 <= limit <= 300:
        raise InputError(f"limit: must be between 1 and 300, got {limit}")
    return browse.country_suggestions(store, prefix, limit=limit)

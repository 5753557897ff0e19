"""What the web API serves, as library functions over the public :class:`~eventwire.store.Store` API.

Every HTTP route is a few lines over one of these; they work without FastAPI. Parameters arrive
as strings and are checked here (:func:`event_query`): a bad one raises
:class:`~eventwire.errors.InputError`, which the app maps to HTTP 400. "Not found" is ``None``.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter, OrderedDict
from typing import Any, Protocol

from pydantic import Field

from ..errors import InputError
from ..model import PLOVER_TYPES, Document, Record
from ..store import EventQuery, Near, Store, StoredEvent, StoredFailure
from ..store.rows import date_range

MODALITIES = ("actual", "planned", "hypothetical", "negated")
MAX_LIMIT = 1000
SNIPPET_CHARS = 90
_WORD = re.compile(r"\w+", re.UNICODE)


class EventSource(Protocol):
    """What the event views read: a :class:`Store`, or an :class:`EventCache` in front of one."""

    def events(self, query: EventQuery | None = None) -> list[StoredEvent]: ...

    def counts(self) -> dict[str, int]: ...


class EventCache:
    """The results of ``store.events(query)``, reused while the store's row counts stay the same.

    The UI asks for a page, the map and the timeline of the same filters at once; with this in
    front of the store they cost one query. An entry is also dropped after ``ttl`` seconds, so a
    document rewritten in place (same counts) shows up soon. Safe to share between threads:
    concurrent requests for the same query wait for one computation.
    """

    def __init__(self, store: Store, *, size: int = 16, ttl: float = 30.0) -> None:
        self.store = store
        self.size = size
        self.ttl = ttl
        self._items: OrderedDict[EventQuery, tuple[tuple, float, list[StoredEvent]]] = OrderedDict()
        self._locks: dict[EventQuery, threading.Lock] = {}
        self._lock = threading.Lock()

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def events(self, query: EventQuery | None = None) -> list[StoredEvent]:
        """Like :meth:`Store.events`; do not modify the list returned."""
        key = query or EventQuery()
        with self._lock:
            key_lock = self._locks.setdefault(key, threading.Lock())
        with key_lock:
            version = tuple(sorted(self.store.counts().items()))
            with self._lock:
                hit = self._items.get(key)
                if hit and hit[0] == version and time.monotonic() - hit[1] < self.ttl:
                    self._items.move_to_end(key)
                    return hit[2]
            found = self.store.events(key)
            with self._lock:
                self._items[key] = (version, time.monotonic(), found)
                self._items.move_to_end(key)
                while len(self._items) > self.size:
                    old, _ = self._items.popitem(last=False)
                    self._locks.pop(old, None)
            return found


def event_query(
    *,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002 - the API's parameter name
    modality: str | None = None,
    since: str | None = None,
    until: str | None = None,
    near: str | None = None,
    q: str | None = None,
    article: str | None = None,
) -> EventQuery:
    """An :class:`EventQuery` from the API's string parameters (empty strings do not filter).

    Raises :class:`InputError` with a message naming the parameter when one is bad.
    """

    def clean(v: str | None) -> str | None:
        return v.strip() if v and v.strip() else None

    actor, type, modality, since, until, near, q, article = (
        clean(v) for v in (actor, type, modality, since, until, near, q, article)
    )
    if type and type.upper() not in PLOVER_TYPES:
        raise InputError(f"type: unknown event type {type!r}; known: {', '.join(PLOVER_TYPES)}")
    if modality and modality.lower() not in MODALITIES:
        raise InputError(f"modality: {modality!r} is not one of {', '.join(MODALITIES)}")
    query = EventQuery(
        actor=actor, type=type, modality=modality, since=since, until=until,
        near=Near.parse(near) if near else None, q=q, article=article,
    )
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
    """The event object served by the API: the contract fields, its article, names and its ``day``."""
    out = ev.to_event_json()
    out["day"] = event_day(ev)
    return out


class EventPage(Record):
    """One page of matching events."""

    total: int
    offset: int
    limit: int
    events: list[dict[str, Any]] = Field(default_factory=list)


def event_page(source: EventSource, query: EventQuery, *, limit: int = 50, offset: int = 0) -> EventPage:
    """Events matching ``query``, ``limit`` of them from ``offset`` on, and how many match in all."""
    check_page(limit, offset)
    found = source.events(query)
    return EventPage(
        total=len(found), offset=offset, limit=limit, events=[event_json(e) for e in found[offset : offset + limit]]
    )


def find_event(store: Store, article_id: str, event_id: str) -> StoredEvent | None:
    """One stored event by its article and id, or None."""
    return next((e for e in store.events(EventQuery(article=article_id)) if e.event.id == event_id), None)


class ArticleHit(Record):
    """An article in a search result."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    n_events: int = 0
    snippet: str = ""


class ArticlePage(Record):
    total: int
    offset: int
    limit: int
    articles: list[ArticleHit] = Field(default_factory=list)


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _snippet(text: str, words: list[str]) -> str:
    low = text.casefold()
    at = min((i for i in (low.find(w) for w in words) if i >= 0), default=0)
    start = max(0, at - SNIPPET_CHARS // 3)
    piece = " ".join(text[start : start + SNIPPET_CHARS].split())
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(text) else "")


def search_articles(store: Store, q: str | None = None, *, limit: int = 50, offset: int = 0) -> ArticlePage:
    """Articles whose title or text holds every word of ``q`` (case-insensitive), newest first.

    No ``q``: every article. This scans the stored documents; the store's FTS5 index is only
    reachable through event queries so far.
    """
    check_page(limit, offset)
    words = _words(q or "")
    if q and q.strip() and not words:
        raise InputError(f"q: no words in {q!r}")
    hits: list[ArticleHit] = []
    for doc in store.documents():
        hay = set(_words(f"{doc.title or ''} {doc.text}"))
        if all(w in hay for w in words):
            hits.append(ArticleHit(
                id=doc.id, title=doc.title, url=doc.url, source=doc.source, published=doc.published,
                n_events=len(doc.events), snippet=_snippet(doc.text, words),
            ))
    hits.sort(key=lambda h: (h.published or "", h.id), reverse=True)
    return ArticlePage(total=len(hits), offset=offset, limit=limit, articles=hits[offset : offset + limit])


def get_article(store: Store, article_id: str) -> Document | None:
    """The stored document record, or None."""
    return store.document(article_id)


def get_failures(store: Store) -> list[StoredFailure]:
    """Every recorded failure, oldest first."""
    return store.failures()


class DayCount(Record):
    date: str
    count: int


class Stats(Record):
    """Table sizes, and the events matching a query counted by type, modality and day."""

    counts: dict[str, int]
    events: int
    located: int
    by_type: dict[str, int]
    by_modality: dict[str, int]
    by_day: list[DayCount]
    first_day: str | None = None
    last_day: str | None = None


def stats(source: EventSource, query: EventQuery | None = None) -> Stats:
    """Counts over the events matching ``query`` (all events without one)."""
    found = source.events(query or EventQuery())
    days = Counter(d for d in (event_day(e) for e in found) if d)
    ordered = sorted(days)
    return Stats(
        counts=source.counts(),
        events=len(found),
        located=sum(1 for e in found if e.place and e.place.lat is not None and e.place.lon is not None),
        by_type=dict(Counter(e.event.type for e in found).most_common()),
        by_modality=dict(Counter(e.event.modality for e in found).most_common()),
        by_day=[DayCount(date=d, count=days[d]) for d in ordered],
        first_day=ordered[0] if ordered else None,
        last_day=ordered[-1] if ordered else None,
    )


def events_geojson(events: list[StoredEvent]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with one Point per located event (unlocated events are left out).

    The features are those of ``eventwire export --format geojson`` (:mod:`eventwire.export.geojson`),
    with the event's first ``day`` added for the timeline.
    """
    from ..export.geojson import feature

    features = []
    for ev in events:
        doc = Document.model_construct(
            id=ev.article_id, title=ev.title, url=ev.url, source=ev.source, published=ev.published,
            actors=ev.actors + ev.recipients, places=[ev.place] if ev.place else [], events=[ev.event],
        )
        f = feature(doc, ev.event)
        if f is not None:
            f["properties"]["day"] = event_day(ev)
            features.append(f)
    return {"type": "FeatureCollection", "features": features}

"""The review queue: events to look at, filtered, in a stable order, and the gazetteer search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..settings import Settings
from ..store import Store
from .apply import reviewed_events
from .model import ReviewedEvent

STATUSES = ("unreviewed", "reviewed", "all", "right", "corrected", "not_event", "duplicate", "added")


@dataclass(frozen=True)
class QueueFilter:
    """Which events the queue holds: by review status, confidence range, PLOVER type and source."""

    status: str = "unreviewed"
    min_confidence: float | None = None
    max_confidence: float | None = None
    type: str | None = None
    source: str | None = None
    article: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise InputError(f"status: {self.status!r} is not one of {', '.join(STATUSES)}")

    def keeps(self, r: ReviewedEvent) -> bool:
        if self.status == "reviewed" and not r.reviewed:
            return False
        if self.status not in ("all", "reviewed") and r.status != self.status:
            return False
        conf = r.value.confidence
        if self.min_confidence is not None and conf < self.min_confidence:
            return False
        if self.max_confidence is not None and conf > self.max_confidence:
            return False
        if self.type and r.value.type != self.type.upper():
            return False
        if self.source and self.source.casefold() not in " ".join(
                x for x in (r.source, r.url) if x).casefold():
            return False
        return not (self.article and r.article_id != self.article)


def queue(store: Store, flt: QueueFilter | None = None, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """A page of the queue (by article publication date, then order in the article) and its size."""
    flt = flt or QueueFilter()
    docs = store.documents(ids=[flt.article]) if flt.article else None
    items: list[ReviewedEvent] = []
    total = 0
    for _doc, revs in reviewed_events(store, docs):
        for r in revs:
            if flt.keeps(r):
                if offset <= total < offset + limit:
                    items.append(r)
                total += 1
    return {"total": total, "offset": offset, "items": items}


def search_places(text: str, *, limit: int = 10, settings: Settings | None = None) -> list[dict[str, Any]]:
    """Gazetteer places a name may be, most populous first (the place search of the review UI)."""
    from ..geo.gazetteer import ensure

    text = (text or "").strip()
    if not text:
        return []
    gaz = ensure(settings)
    found = sorted(gaz.lookup(text), key=lambda c: (-c.population, c.name))
    return [{"name": c.name, "lat": c.lat, "lon": c.lon, "geonameid": c.public_id, "country_code": c.cc,
             "admin1": c.admin1_name, "feature_code": c.fcode, "population": c.population}
            for c in found[:limit]]

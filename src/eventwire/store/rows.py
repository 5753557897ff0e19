"""From a document record to the rows of the normalized tables (and the date range of an event)."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from typing import Any

from ..identity import story_key
from ..model import Document, Event, Place, content_id

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_DECADE = re.compile(r"^(\d{3})X?$")


def name_key(name: str | None) -> str:
    """An actor name as filters and suggestions match it: lower case, spaces collapsed."""
    return " ".join((name or "").lower().split())


def content_hash(doc: Document, data: dict[str, Any] | None = None) -> str:
    """Hash of the whole document record: the same extraction gives the same hash (``data``: the record's
    ``to_json()`` when the caller has it already)."""
    return content_id(json.dumps(doc.to_json() if data is None else data, sort_keys=True, ensure_ascii=False),
                      length=32)


def date_range(value: str | None) -> tuple[str, str] | None:
    """The first and last day a TIMEX3 date value can mean, or None when it names no calendar span."""
    if not value:
        return None
    try:
        if m := _DAY.match(value):
            d = dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            return d, d
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1).isoformat(), dt.date(y, mo, calendar.monthrange(y, mo)[1]).isoformat()
        if m := _WEEK.match(value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
        if m := _QUARTER.match(value):
            y, q = int(m[1]), int(m[2])
            last = 3 * q
            return dt.date(y, last - 2, 1).isoformat(), dt.date(y, last, calendar.monthrange(y, last)[1]).isoformat()
        if m := _YEAR.match(value):
            return f"{m[1]}-01-01", f"{m[1]}-12-31"
        if m := _DECADE.match(value):
            return f"{m[1]}0-01-01", f"{m[1]}9-12-31"
    except ValueError:
        return None
    return None


def event_range(event: Event, doc: Document) -> tuple[str | None, str | None]:
    """The day range of an event's date; the publication date when the event has no usable date."""
    r = date_range(event.date.value) or date_range(doc.published)
    return r if r else (None, None)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def article_row(doc: Document, *, origin: str | None, now: str, data: dict[str, Any] | None = None,
                hash_: str | None = None) -> dict[str, Any]:
    """The ``articles`` row of a document (``data``, ``hash_``: its ``to_json()`` and :func:`content_hash` when
    the caller has them already)."""
    if data is None:
        data = doc.to_json()
    return {
        "id": doc.id,
        "content_hash": hash_ or content_hash(doc, data),
        "url": doc.url,
        "title": doc.title,
        "source": doc.source,
        "published": doc.published,
        "language": doc.language,
        "origin": origin,
        "text": doc.text,
        "schema": doc.schema_,
        "stages": _json(doc.stages),
        "n_events": len(doc.events),
        "doc": json.dumps(data, ensure_ascii=False),
        "ingested_at": now,
        "story": story_key(url=doc.url, source=doc.source, source_id=doc.source_id),
        "text_hash": doc.reading.text_hash if doc.reading else None,
        "source_id": doc.source_id,
    }


def child_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """Rows for every child table, keyed by table name."""
    aid = doc.id
    places: dict[str, Place] = {p.id: p for p in doc.places}
    out: dict[str, list[dict[str, Any]]] = {
        "actors": [
            {
                "article_id": aid, "id": a.id, "name": a.name, "kind": a.kind, "country": a.country,
                "inter": a.inter, "wikidata": a.wikidata, "role": a.role, "affiliation": a.affiliation,
                "key": a.key, "name_key": name_key(a.name),
                "aliases": _json(a.aliases), "n_mentions": len(a.mentions),
            }
            for a in doc.actors
        ],
        "places": [
            {
                "article_id": aid, "id": p.id, "text": p.text, "start": p.start, "end": p.end, "name": p.name,
                "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon, "feature_code": p.feature_code,
                "country_code": p.country_code, "admin1": p.admin1, "precision": p.precision,
                "confidence": p.confidence,
            }
            for p in doc.places
        ],
        "times": [
            {
                "article_id": aid, "id": t.id, "text": t.text, "start": t.start, "end": t.end, "value": t.value,
                "type": t.type, "range_start": t.range[0] if t.range else None,
                "range_end": t.range[-1] if t.range else None, "precision": t.precision,
            }
            for t in doc.times
        ],
        "quotes": [
            {
                "article_id": aid, "id": q.id, "text": q.text, "start": q.start, "end": q.end, "kind": q.kind,
                "speaker": q.speaker, "speaker_text": q.speaker_text, "cue": q.cue,
            }
            for q in doc.quotes
        ],
        "events": [],
        "event_actors": [],
    }
    for i, e in enumerate(doc.events):
        place = places.get(e.place) if e.place else None
        start, end = event_range(e, doc)
        out["events"].append({
            "article_id": aid, "id": e.id, "position": i, "type": e.type, "mode": e.mode,
            "context": _json(e.context),
            "acled_event_type": e.acled.event_type if e.acled else None,
            "acled_sub_event_type": e.acled.sub_event_type if e.acled else None,
            "inter1": e.acled.inter1 if e.acled else None, "inter2": e.acled.inter2 if e.acled else None,
            "modality": e.modality, "place_id": e.place,
            "place_name": (place.name or place.text) if place else None,
            "lat": place.lat if place else None, "lon": place.lon if place else None,
            "country_code": place.country_code if place else None,
            "date": e.date.value, "date_precision": e.date.precision, "date_start": start, "date_end": end,
            "date_inferred": e.date.inferred, "fatalities": e.fatalities,
            "attribution_speaker": e.attribution.speaker if e.attribution else None,
            "attribution_quote": e.attribution.quote if e.attribution else None,
            "evidence_start": e.evidence.start, "evidence_end": e.evidence.end, "evidence_text": e.evidence.text,
            "confidence": e.confidence, "about": e.about, "is_primary": e.id == doc.primary,
            "event": _json(e.to_json()),
            "day": start or "", "fat": e.fatalities if e.fatalities is not None else -1, "cluster_id": None,
        })
        seen: set[tuple[str, str]] = set()
        for role, ids in (("actor", e.actors), ("recipient", e.recipients)):
            for j, actor_id in enumerate(ids):
                if (role, actor_id) in seen:
                    continue
                seen.add((role, actor_id))
                out["event_actors"].append(
                    {"article_id": aid, "event_id": e.id, "role": role, "actor_id": actor_id, "position": j}
                )
    return out

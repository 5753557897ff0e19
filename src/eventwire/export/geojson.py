"""GeoJSON: a FeatureCollection with one Point feature per event that has coordinates."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from ..model import Document, Event
from .places import event_place


def feature(doc: Document, event: Event) -> dict[str, Any] | None:
    """The Point feature of an event, or None when its place has no coordinates."""
    place = event_place(doc, event)
    if place is None or place.lat is None or place.lon is None:
        return None
    names = {a.id: a.name for a in doc.actors}
    return {
        "type": "Feature",
        "id": f"{doc.id}-{event.id}",
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "article": doc.id, "event": event.id, "type": event.type, "mode": event.mode,
            "modality": event.modality, "date": event.date.value or doc.published,
            "acled_event_type": event.acled.event_type if event.acled else None,
            "acled_sub_event_type": event.acled.sub_event_type if event.acled else None,
            "actors": [names[i] for i in event.actors if i in names],
            "recipients": [names[i] for i in event.recipients if i in names],
            "place": place.name or place.text, "country_code": place.country_code,
            "geo_precision": place.precision, "fatalities": event.fatalities,
            "evidence": event.evidence.text, "title": doc.title, "url": doc.url, "published": doc.published,
        },
    }


def collection(docs: Iterable[Document]) -> dict[str, Any]:
    """The FeatureCollection of ``docs``' located events."""
    feats = [f for doc in docs for e in doc.events if (f := feature(doc, e)) is not None]
    return {"type": "FeatureCollection", "features": feats}


def write(docs: Iterable[Document], out: TextIO) -> int:
    """Write the FeatureCollection; returns the number of features."""
    fc = collection(docs)
    json.dump(fc, out, ensure_ascii=False)
    out.write("\n")
    return len(fc["features"])

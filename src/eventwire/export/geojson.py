"""GeoJSON: a FeatureCollection with one Point feature per event that has coordinates (per real-world
event with ``merged=True``: the feature of its best report, with ``cluster``, ``reports`` and ``sources``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from ..model import Document, Event
from .merged import merge
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


def _located(doc: Document, event: Event) -> bool:
    place = event_place(doc, event)
    return place is not None and place.lat is not None and place.lon is not None


def collection(docs: Iterable[Document], *, merged: bool = False) -> dict[str, Any]:
    """The FeatureCollection of ``docs``' located events (of their real-world events when ``merged``)."""
    if not merged:
        feats = [f for doc in docs for e in doc.events if (f := feature(doc, e)) is not None]
        return {"type": "FeatureCollection", "features": feats}
    feats = []
    for m in merge(docs, accept=_located):
        f = feature(m.doc, m.event)
        if f is None:
            continue
        f["id"] = m.group.id
        f["properties"].update(cluster=m.group.id, reports=m.group.reports, sources=m.group.sources,
                               members=m.group.members, fatalities=m.group.fatalities)
        feats.append(f)
    return {"type": "FeatureCollection", "features": feats}


def write(docs: Iterable[Document], out: TextIO, *, merged: bool = False) -> int:
    """Write the FeatureCollection; returns the number of features."""
    fc = collection(docs, merged=merged)
    json.dump(fc, out, ensure_ascii=False)
    out.write("\n")
    return len(fc["features"])

"""PLOVER JSONL: one event per line in PLOVER's field layout (id, date, event, mode, context, actor,
recipient, event_loc, text spans), with our modality and attribution beside it.

Every record carries every field of the layout (:data:`FIELDS`, and :data:`ACTOR_FIELDS` /
:data:`PLACE_FIELDS` inside), ``null`` or ``[]`` when unknown (``"actor": []``), so a reader of the
JSONL never meets a missing key. With ``merged=True``, one record per real-world event (its best
report), and every record also carries ``cluster``, ``reports`` and ``sources``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from ..model import Actor, Document, Event
from .jsonl import json_line
from .merged import merge
from .places import country, event_place

VERSION = "eventwire-plover/1"


#: The fields of every record, in order (lists are ``[]`` and the rest ``null`` when unknown).
FIELDS = (
    "id", "date", "event", "mode", "context", "actor", "recipient", "event_loc", "eventText", "text", "textInfo",
    "dead", "size", "modality", "attribution", "confidence", "language", "publication", "url", "version",
)
#: The fields of each actor and recipient, and of ``event_loc``.
ACTOR_FIELDS = ("actorText", "name", "code", "sector", "wikidata", "span")
PLACE_FIELDS = ("name", "placename", "lat", "lon", "geonameid", "country", "admin1", "precision", "span")
#: Added to every record of a merged export.
MERGED_FIELDS = ("cluster", "reports", "sources")


def _actor(a: Actor) -> dict[str, Any]:
    c = country(a.country)
    first = a.mentions[0] if a.mentions else None
    return {
        "actorText": first.text if first else a.name,
        "name": a.name,
        "code": c.iso3 if c else a.country,
        "sector": a.kind,
        "wikidata": a.wikidata,
        "span": [first.start, first.end] if first else None,
    }


def record(doc: Document, event: Event) -> dict[str, Any]:
    """The PLOVER record of one event."""
    actors = {a.id: a for a in doc.actors}
    place = event_place(doc, event)
    event_loc = None
    if place is not None:
        c = country(place.country_code)
        event_loc = {
            "name": place.name or place.text, "placename": place.text, "lat": place.lat, "lon": place.lon,
            "geonameid": place.geonameid, "country": c.iso3 if c else place.country_code,
            "admin1": place.admin1, "precision": place.precision, "span": [place.start, place.end],
        }
    trigger = event.trigger or event.evidence
    spans = {"event": [trigger.start, trigger.end], "sentence": [event.evidence.start, event.evidence.end]}
    size = next((q.value for q in event.quantities if q.unit in ("people", "persons", "protesters")), None)
    rec = {
        "id": f"{doc.id}-{event.id}",
        "date": event.date.value or doc.published,
        "event": event.type,
        "mode": event.mode,
        "context": list(event.context),
        "actor": [_actor(actors[i]) for i in event.actors if i in actors],
        "recipient": [_actor(actors[i]) for i in event.recipients if i in actors],
        "event_loc": event_loc,
        "eventText": trigger.text,
        "text": event.evidence.text,
        "textInfo": {"spans": spans, "document": doc.id},
        "dead": event.fatalities,
        "size": size,
        "modality": event.modality,
        "attribution": event.attribution.to_json() if event.attribution else None,
        "confidence": event.confidence,
        "language": doc.language,
        "publication": doc.source,
        "url": doc.url,
        "version": VERSION,
    }
    return rec


def write(docs: Iterable[Document], out: TextIO, *, merged: bool = False) -> int:
    """One PLOVER record per event (per real-world event when ``merged``); returns the number written."""
    n = 0
    if merged:
        for m in merge(docs):
            rec = record(m.doc, m.event)
            rec["id"] = m.group.id
            rec.update({"cluster": m.group.id, "reports": m.group.reports, "sources": list(m.group.sources),
                        "dead": m.group.fatalities})
            out.write(json_line(rec))
            n += 1
        return n
    for doc in docs:
        for event in doc.events:
            out.write(json_line(record(doc, event)))
            n += 1
    return n

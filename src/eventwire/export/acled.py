"""ACLED's column layout (the 31 columns of its current exports), one row per codable event.

Only events ACLED would code are written: those with an ``acled`` code and modality ``actual``
(ACLED records what happened, not what is planned, hypothetical or denied). With ``merged=True``
one row per real-world event (see :mod:`eventwire.export.merged`): the row of its best report,
every reporting source in ``source``, the lowest reported fatalities, ``reports=N`` in ``tags``.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterable
from typing import Any, TextIO

from ..model import Actor, Document, Event
from ..store.rows import date_range
from .merged import merge
from .places import event_country, event_place

#: The columns, group by group (what happened, each side, where, the report), in ACLED's order.
_WHAT = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type")
_SIDE_ONE = ("actor1", "assoc_actor_1", "inter1")
_SIDE_TWO = ("actor2", "assoc_actor_2", "inter2")
_BETWEEN = ("interaction", "civilian_targeting")
_WHERE = ("iso", "region", "country", "admin1", "admin2", "admin3", "location")
_POINT = ("latitude", "longitude", "geo_precision")
_REPORT = ("source", "source_scale", "notes", "fatalities", "tags", "timestamp")
COLUMNS = (*_WHAT, *_SIDE_ONE, *_SIDE_TWO, *_BETWEEN, *_WHERE, *_POINT, *_REPORT)

_POLITICAL_VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
#: ACLED time_precision: 1 the day is known, 2 the week (or a few days), 3 only the month or more.
_TIME_PRECISION = {"day": 1, "time": 1, "days": 2, "week": 2, "weekend": 2}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder type for an event type and sub-type."""
    if sub_event_type in ("Excessive force against protesters", "Violent demonstration"):
        return "Political violence; Demonstrations"
    if event_type == "Protests":
        return "Demonstrations"
    if event_type == "Strategic developments":
        return "Strategic developments"
    return "Political violence"


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, smaller first (10 x inter1 when there is no actor 2)."""
    if inter1 is None:
        return None
    if inter2 is None or inter2 == 0:
        return inter1 * 10
    lo, hi = sorted((inter1, inter2))
    return lo * 10 + hi


def time_precision(precision: str | None, has_date: bool) -> int:
    """ACLED's 1/2/3 from the event date's precision."""
    if not has_date:
        return 2  # no calendar date coded: the event is placed at the publication date
    return _TIME_PRECISION.get(precision or "", 3)


def _names(ids: list[str], actors: dict[str, Actor]) -> list[str]:
    return [actors[i].name for i in ids if i in actors]


def _inter(code: int | None, ids: list[str], actors: dict[str, Actor]) -> int | None:
    if code is not None:
        return code
    return next((actors[i].inter for i in ids if i in actors and actors[i].inter is not None), None)


def codable(doc: Document, event: Event) -> bool:
    """Whether ACLED would code the event: it has an ACLED type and it happened."""
    return event.acled is not None and event.modality == "actual"


def row(doc: Document, event: Event, *, timestamp: int) -> dict[str, Any] | None:
    """The ACLED row of one event, or None when ACLED would not code it."""
    if event.acled is None or not codable(doc, event):
        return None
    actors = {a.id: a for a in doc.actors}
    place = event_place(doc, event)
    country = event_country(doc, event)
    span = date_range(event.date.value)
    date = span[0] if span else doc.published  # a coarse date: its first day, with time_precision 2 or 3
    a1, a2 = _names(event.actors, actors), _names(event.recipients, actors)
    inter1 = _inter(event.acled.inter1, event.actors, actors)
    inter2 = _inter(event.acled.inter2, event.recipients, actors) if a2 or event.acled.inter2 else None
    tags = [f"{q.unit}={q.text}" for q in event.quantities]
    return {
        "event_id_cnty": f"{country.iso3 if country else 'XXX'}-{doc.id}-{event.id}",
        "event_date": date or "",
        "year": int(date[:4]) if date else "",
        "time_precision": time_precision(event.date.precision, span is not None),
        "disorder_type": disorder_type(event.acled.event_type, event.acled.sub_event_type),
        "event_type": event.acled.event_type,
        "sub_event_type": event.acled.sub_event_type,
        "actor1": a1[0] if a1 else "",
        "assoc_actor_1": "; ".join(a1[1:]),
        "inter1": inter1 if inter1 is not None else "",
        "actor2": a2[0] if a2 else "",
        "assoc_actor_2": "; ".join(a2[1:]),
        "inter2": inter2 if inter2 is not None else "",
        "interaction": interaction(inter1, inter2) or "",
        "civilian_targeting": "Civilian targeting"
        if inter2 == 7 and event.acled.event_type in _POLITICAL_VIOLENCE else "",
        "iso": country.numeric if country and country.numeric is not None else "",
        "region": country.region if country else "",
        "country": country.name if country else "",
        "admin1": (place.admin1 or "") if place else "",
        "admin2": "",
        "admin3": "",
        "location": (place.name or place.text) if place else "",
        "latitude": place.lat if place and place.lat is not None else "",
        "longitude": place.lon if place and place.lon is not None else "",
        "geo_precision": place.precision if place and place.precision is not None else "",
        "source": doc.source or doc.url or "",
        "source_scale": "",
        "notes": event.evidence.text,
        "fatalities": event.fatalities or 0,
        "tags": "; ".join(tags),
        "timestamp": timestamp,
    }


def rows(
    docs: Iterable[Document], *, timestamp: int | None = None, merged: bool = False
) -> Iterable[dict[str, Any]]:
    """ACLED rows of the codable events of ``docs`` (one per real-world event when ``merged``)."""
    ts = int(time.time()) if timestamp is None else timestamp
    if merged:
        for m in merge(docs, accept=codable):
            r = row(m.doc, m.event, timestamp=ts)
            if r is None:
                continue
            r["event_id_cnty"] = r["event_id_cnty"].split("-", 1)[0] + "-" + m.group.id
            r["source"] = "; ".join(m.group.sources)
            r["fatalities"] = m.group.fatalities or 0
            r["tags"] = "; ".join(t for t in (f"reports={m.group.reports}", r["tags"]) if t)
            yield r
        return
    for doc in docs:
        for event in doc.events:
            r = row(doc, event, timestamp=ts)
            if r is not None:
                yield r


def write(docs: Iterable[Document], out: TextIO, *, timestamp: int | None = None, merged: bool = False) -> int:
    """CSV with ACLED's header; returns the number of events written."""
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    n = 0
    for r in rows(docs, timestamp=timestamp, merged=merged):
        w.writerow(r)
        n += 1
    return n

"""Reviews applied to the machine's records: reviewed values win, the machine's stay beside them.

Reviews are keyed by article id + event id, and carry the evidence span the reviewer saw. When an
article is re-ingested or reprocessed and its events are numbered differently, a review follows
the event whose evidence overlaps the one reviewed (:func:`anchor`); an event the machine no longer
finds is a conflict (:func:`conflicts`), and so is a reviewed field the machine now codes
differently from what the reviewer saw.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..model import AcledCode, Actor, Document, Event, EventDate, Place, content_id
from ..store import Store
from .model import Conflict, EventFields, Evidence, PlaceValue, Review, ReviewedEvent
from .store import reviews as load_reviews


def machine_fields(doc: Document, ev: Event) -> EventFields:
    """The reviewable fields of a machine event, actors by name."""
    actors = {a.id: a for a in doc.actors}
    places = {p.id: p for p in doc.places}
    place = places.get(ev.place) if ev.place else None
    return EventFields(
        type=ev.type,
        acled_event_type=ev.acled.event_type if ev.acled else None,
        acled_sub_event_type=ev.acled.sub_event_type if ev.acled else None,
        actors=[actors[i].name for i in ev.actors if i in actors],
        recipients=[actors[i].name for i in ev.recipients if i in actors],
        place=PlaceValue(name=place.name or place.text, lat=place.lat, lon=place.lon, geonameid=place.geonameid,
                         country_code=place.country_code) if place else None,
        date=ev.date.value,
        modality=ev.modality,
        fatalities=ev.fatalities,
        evidence=Evidence(start=ev.evidence.start, end=ev.evidence.end, text=ev.evidence.text),
        confidence=ev.confidence,
        trigger=ev.trigger.text if ev.trigger else None,
    )


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def anchor(doc: Document, review: Review) -> str | None:
    """The id of the machine event of ``doc`` a review is about, or None when the machine lost it."""
    if review.evidence_start is None or review.evidence_end is None:
        return review.event_id if any(e.id == review.event_id for e in doc.events) else None
    s, e = review.evidence_start, review.evidence_end
    for ev in doc.events:
        if ev.id == review.event_id and _overlap(s, e, ev.evidence.start, ev.evidence.end) > 0:
            return ev.id
    best, best_n = None, 0
    for ev in doc.events:
        n = _overlap(s, e, ev.evidence.start, ev.evidence.end)
        if n > best_n:
            best, best_n = ev.id, n
    return best


def _added(doc: Document, rv: Review) -> EventFields:
    v = dict(rv.new_value or {})
    ev = v.pop("evidence")
    s, e = int(ev["start"]), int(ev["end"])
    return EventFields(evidence=Evidence(start=s, end=e, text=doc.text[s:e]), confidence=1.0, **v)


def reviewed_document(doc: Document, revs: list[Review]) -> list[ReviewedEvent]:
    """Every event of ``doc`` (machine and added) with ``revs`` (oldest first) applied."""
    by_event: dict[str, list[Review]] = {}
    added: dict[str, EventFields] = {}
    for rv in revs:
        if rv.action == "add":
            added[rv.event_id] = _added(doc, rv)
            by_event.setdefault(rv.event_id, []).append(rv)
            continue
        target = rv.event_id if rv.event_id in added else anchor(doc, rv)
        if target is not None:
            by_event.setdefault(target, []).append(rv)
    meta = {"title": doc.title, "url": doc.url, "source": doc.source, "published": doc.published}
    out = []
    for ev in doc.events:
        m = machine_fields(doc, ev)
        out.append(_apply(doc.id, ev.id, m, m, by_event.get(ev.id, []), meta))
    for eid, fields in added.items():
        out.append(_apply(doc.id, eid, None, fields, by_event.get(eid, []), meta))
    return out


def _apply(article_id: str, event_id: str, machine: EventFields | None, start: EventFields, revs: list[Review],
           meta: dict[str, Any]) -> ReviewedEvent:
    value = start.model_copy(deep=True)
    verdict, dup, cluster = None, None, None
    touched: set[str] = set()
    for rv in revs:
        if rv.action == "verdict":
            verdict = (rv.new_value or {}).get("verdict")
            dup = (rv.new_value or {}).get("duplicate_of")
        elif rv.action == "correct" and rv.field:
            setattr(value, rv.field, PlaceValue.model_validate(rv.new_value)
                    if rv.field == "place" and rv.new_value else rv.new_value)
            touched.add(rv.field)
        elif rv.action == "cluster":
            cluster = rv.new_value
    corrected = sorted(f for f in touched if machine is None or value.get(f) != machine.get(f))
    if machine is None:
        status = "not_event" if verdict == "not_event" else "duplicate" if verdict == "duplicate" else "added"
    elif verdict in ("not_event", "duplicate"):
        status = verdict
    elif corrected:
        status = "corrected"
    elif verdict == "right" or revs:
        status = "right"
    else:
        status = "unreviewed"
    return ReviewedEvent(
        article_id=article_id, event_id=event_id, status=status, value=value, machine=machine, corrected=corrected,
        duplicate_of=dup if status == "duplicate" else None, cluster=cluster,
        reviewers=sorted({r.reviewer for r in revs}), **meta,
    )


def reviewed_article(store: Store, article_id: str, *, reviewer: str | None = None) -> list[ReviewedEvent]:
    """The events of one stored article with its reviews applied (only ``reviewer``'s when given)."""
    doc = store.document(article_id)
    if doc is None:
        return []
    return reviewed_document(doc, load_reviews(store, article_id=article_id, reviewer=reviewer))


def reviewed_events(store: Store, docs: Iterable[Document] | None = None, *,
                    reviewer: str | None = None) -> Iterator[tuple[Document, list[ReviewedEvent]]]:
    """Each document (default: every stored one) with its reviewed events."""
    by_article: dict[str, list[Review]] = {}
    for rv in load_reviews(store, reviewer=reviewer):
        by_article.setdefault(rv.article_id, []).append(rv)
    for doc in docs if docs is not None else store.documents():
        yield doc, reviewed_document(doc, by_article.get(doc.id, []))


def conflicts(store: Store) -> list[Conflict]:
    """Reviewed events where the machine's current output disagrees with the reviewer and with what
    the machine said when the event was reviewed (it changed since), or where the event is gone."""
    by_article: dict[str, list[Review]] = {}
    for rv in load_reviews(store):
        by_article.setdefault(rv.article_id, []).append(rv)
    out: list[Conflict] = []
    docs = {d.id: d for d in store.documents(ids=list(by_article))}
    for aid, revs in sorted(by_article.items()):
        doc = docs.get(aid)
        if doc is None:
            continue
        events = {e.id: e for e in doc.events}
        first_seen: dict[tuple[str, str], Review] = {}
        last: dict[tuple[str, str], Review] = {}
        added = {r.event_id for r in revs if r.action == "add"}
        for rv in revs:
            if rv.event_id in added:
                continue
            target = anchor(doc, rv)
            if target is None:
                out.append(Conflict(article_id=aid, event_id=rv.event_id, field="event", machine_then="event",
                                    machine_now=None, reviewed=rv.new_value, reviewer=rv.reviewer))
                continue
            if rv.action == "correct" and rv.field:
                first_seen.setdefault((target, rv.field), rv)
                last[(target, rv.field)] = rv
        for (eid, field), rv in sorted(last.items()):
            now = machine_fields(doc, events[eid]).get(field)
            then = first_seen[(eid, field)].old_value
            if now != then and now != rv.new_value:
                out.append(Conflict(article_id=aid, event_id=eid, field=field, machine_then=then, machine_now=now,
                                    reviewed=rv.new_value, reviewer=rv.reviewer))
    return _unique(out)


def _unique(items: list[Conflict]) -> list[Conflict]:
    seen, out = set(), []
    for c in items:
        k = (c.article_id, c.event_id, c.field)
        if k not in seen:
            seen.add(k)
            out.append(c)
    return out


# -- reviewed documents (for exports) ---------------------------------------------------------------------


def _actor_ids(doc: Document, names: list[str], extra: dict[str, Actor]) -> list[str]:
    by_name = {a.name.casefold(): a.id for a in doc.actors}
    ids = []
    for n in names:
        key = n.casefold()
        if key in by_name:
            ids.append(by_name[key])
            continue
        aid = "r" + content_id(n, length=8)
        extra.setdefault(aid, Actor(id=aid, name=n, source="review"))
        ids.append(aid)
    return ids


def _place_id(doc: Document, place: PlaceValue, at: int, extra: dict[str, Place]) -> str:
    for p in doc.places:
        if (p.name or p.text) == place.name and p.lat == place.lat and p.lon == place.lon:
            return p.id
    pid = "r" + content_id(place.name, str(place.lat), str(place.lon), length=8)
    extra.setdefault(pid, Place(id=pid, text=place.name, start=at, end=at, name=place.name, lat=place.lat,
                                lon=place.lon, geonameid=place.geonameid, country_code=place.country_code,
                                precision=1 if place.lat is not None else None, confidence=1.0, kind="review",
                                resolution="review"))
    return pid


def _precision(value: str | None) -> str | None:
    if not value:
        return None
    return {4: "year", 7: "month", 10: "day"}.get(len(value))


def to_event(doc: Document, r: ReviewedEvent, base: Event | None, actors: dict[str, Actor],
             places: dict[str, Place]) -> Event:
    """The event record of a reviewed event: the machine's, with the reviewed values put in."""
    v = r.value
    ev = base.model_copy(deep=True) if base is not None else Event(
        id=r.event_id, type=v.type, evidence=doc.span(v.evidence.start, v.evidence.end), confidence=1.0)
    changed = set(r.corrected) if base is not None else {"type", "acled_event_type", "acled_sub_event_type",
                                                           "actors", "recipients", "place", "date", "modality",
                                                           "fatalities"}
    if "type" in changed:
        ev.type = v.type
    if changed & {"acled_event_type", "acled_sub_event_type"}:
        if v.acled_event_type:
            old = ev.acled
            ev.acled = AcledCode(event_type=v.acled_event_type, sub_event_type=v.acled_sub_event_type or "",
                                 inter1=old.inter1 if old else None, inter2=old.inter2 if old else None)
        else:
            ev.acled = None
    if "actors" in changed:
        ev.actors = _actor_ids(doc, v.actors, actors)
    if "recipients" in changed:
        ev.recipients = _actor_ids(doc, v.recipients, actors)
    if "place" in changed:
        ev.place = _place_id(doc, v.place, v.evidence.start, places) if v.place else None
    if "date" in changed:
        ev.date = EventDate(value=v.date, precision=_precision(v.date), inferred=False)
    if "modality" in changed:
        ev.modality = v.modality  # type: ignore[assignment]
    if "fatalities" in changed:
        ev.fatalities = v.fatalities
    return ev


def corrected_document(doc: Document, revs: list[ReviewedEvent], *, reviewed_only: bool = False) -> Document:
    """``doc`` with reviewed values in its events: wrong events dropped, added events appended
    (``reviewed_only``: only the events a reviewer checked)."""
    base = {e.id: e for e in doc.events}
    actors: dict[str, Actor] = {}
    places: dict[str, Place] = {}
    events = []
    for r in revs:
        if r.wrong or (reviewed_only and not r.reviewed):
            continue
        events.append(to_event(doc, r, base.get(r.event_id), actors, places))
    return doc.model_copy(update={"events": events, "actors": [*doc.actors, *actors.values()],
                                  "places": [*doc.places, *places.values()]})

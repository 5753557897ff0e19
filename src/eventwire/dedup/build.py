"""EventRefs from document records: what deduplication needs of each event of an article."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from datetime import date

from ..model import Actor, Document, Event
from .records import ActorRef, EventRef, normalize_name
from .reports import ReportGroups

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})")
_YEAR = re.compile(r"^(\d{4})$")


def day_range(value: str | None) -> tuple[str | None, str | None]:
    """First and last day of a TIMEX3 date value (day, ISO week, month, year); (None, None) otherwise."""
    if not value:
        return None, None
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            return d, d
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1).isoformat(), date(y, mo, calendar.monthrange(y, mo)[1]).isoformat()
        if m := _WEEK.match(value):
            y, w = int(m[1]), int(m[2])
            return date.fromisocalendar(y, w, 1).isoformat(), date.fromisocalendar(y, w, 7).isoformat()
        if m := _YEAR.match(value):
            return f"{m[1]}-01-01", f"{m[1]}-12-31"
    except ValueError:
        return None, None
    return None, None


def _actor(actor: Actor) -> ActorRef:
    return ActorRef(
        id=actor.id,
        name=actor.name,
        aliases=list(actor.aliases),
        wikidata=actor.wikidata,
        country=actor.country,
        generic=actor.source == "pattern",
    )


def _dates(doc: Document, event: Event) -> tuple[str | None, str | None, bool]:
    times = {t.id: t for t in doc.times}
    d = event.date
    t = times.get(d.time) if d.time else None
    if t is not None and t.range and len(t.range) == 2:
        return t.range[0], t.range[1], d.inferred
    first, last = day_range(d.value)
    if first is None and t is not None:
        first, last = day_range(t.value)
    if first is not None:
        return first, last, d.inferred
    if doc.published:
        first, last = day_range(doc.published)
        return first, last, True
    return None, None, True


def context_keys(doc: Document) -> list[str]:
    """The article's cast as identity keys: names of its named actors (not pattern actors such as "Protesters"
    or "Unidentified Armed Group (Syria)", descriptions rather than names) and its places (gazetteer id, else
    name), sorted."""
    keys: set[str] = set()
    for a in doc.actors:
        if a.source == "pattern":
            continue
        if k := normalize_name(a.name):
            keys.add("n:" + k)
    for p in doc.places:
        if p.geonameid is not None:
            keys.add(f"g:{p.geonameid}")
        elif k := normalize_name(p.name or p.text):
            keys.add("n:" + k)
    return sorted(keys)


def event_refs(doc: Document, *, report: str | None = None) -> list[EventRef]:
    """One :class:`EventRef` per event of ``doc``, keyed ``doc.id:event.id``; ``report`` is the independent
    report the article belongs to (see :mod:`.reports`; default: the article itself)."""
    actors = {a.id: a for a in doc.actors}
    places = {p.id: p for p in doc.places}
    context = context_keys(doc)
    out: list[EventRef] = []
    for ev in doc.events:
        place = places.get(ev.place) if ev.place else None
        first, last, inferred = _dates(doc, ev)
        out.append(
            EventRef(
                article=doc.id,
                report=report,
                event=ev.id,
                type=ev.type.upper(),
                mode=ev.mode,
                modality=ev.modality,
                actors=[_actor(actors[a]) for a in ev.actors if a in actors],
                recipients=[_actor(actors[a]) for a in ev.recipients if a in actors],
                lat=place.lat if place else None,
                lon=place.lon if place else None,
                precision=place.precision if place else None,
                country=place.country_code if place else None,
                geonameid=place.geonameid if place else None,
                place_name=(place.name or place.text) if place else None,
                bbox=place.bbox if place else None,
                place_confidence=place.confidence if place else 1.0,
                first_day=first,
                last_day=last,
                date_inferred=inferred,
                trigger=ev.trigger.text if ev.trigger else None,
                about=f"{doc.id}:{ev.about}" if ev.about else None,
                published=doc.published,
                context=context,
            )
        )
    return out


def refs_from_documents(docs: Iterable[Document], *, near_duplicates: bool = True) -> Iterator[EventRef]:
    """EventRefs of every event of every document, in order; articles that are one report (near-duplicate
    texts, versions of one story) share their ``report`` unless ``near_duplicates`` is false."""
    groups = ReportGroups() if near_duplicates else None
    for doc in docs:
        yield from event_refs(doc, report=groups.add(doc) if groups else None)

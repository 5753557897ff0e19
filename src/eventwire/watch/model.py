"""Typed records of watchlists: the saved query, the watchlist, and the alert."""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..model import PLOVER_TYPES, Actor, Document, Event, Place, Record
from ..store import Near

MODALITIES = ("actual", "planned", "hypothetical", "negated")


class WatchQuery(Record):
    """What a watchlist follows; every field left None does not filter.

    ``actor`` matches an actor id, or part of a name or alias (case-insensitive), among the event's
    actors and recipients; ``near`` is ``LAT,LON,KM``; ``country`` an ISO 3166-1 alpha-2 code of the
    event place; ``admin`` the name of its first-level region; ``text`` words that must all occur
    in the article title or text; ``min_confidence`` the event's confidence.
    """

    actor: str | None = None
    type: str | None = None
    modality: str | None = None
    near: str | None = None
    country: str | None = None
    admin: str | None = None
    text: str | None = None
    min_confidence: float | None = None

    def checked(self) -> WatchQuery:
        """This query with its values normalized; raises :class:`InputError` on a bad one."""
        upd: dict[str, Any] = {}
        if self.type:
            t = self.type.strip().upper()
            if t not in PLOVER_TYPES:
                raise InputError(f"type: {self.type!r} is not a PLOVER type")
            upd["type"] = t
        if self.modality:
            m = self.modality.strip().lower()
            if m not in MODALITIES:
                raise InputError(f"modality: {self.modality!r} is not one of {', '.join(MODALITIES)}")
            upd["modality"] = m
        if self.near:
            Near.parse(self.near)
        if self.country:
            c = self.country.strip().upper()
            if len(c) != 2 or not c.isalpha():
                raise InputError(f"country: {self.country!r} is not an ISO 3166-1 alpha-2 code (KE, SY ...)")
            upd["country"] = c
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise InputError("min_confidence: between 0 and 1")
        return self.model_copy(update=upd)

    def matches(self, doc: Document, ev: Event) -> bool:
        """Whether an event of ``doc`` is one this query follows."""
        if self.type and ev.type.upper() != self.type:
            return False
        if self.modality and ev.modality != self.modality:
            return False
        if self.min_confidence is not None and ev.confidence < self.min_confidence:
            return False
        if self.actor and not _has_actor(doc, [*ev.actors, *ev.recipients], self.actor):
            return False
        place = _place(doc, ev)
        if self.near:
            circle = Near.parse(self.near)
            if place is None or place.lat is None or place.lon is None:
                return False
            if circle.distance(place.lat, place.lon) > circle.km:
                return False
        if self.country and (place is None or (place.country_code or "").upper() != self.country):
            return False
        if self.admin and (place is None or (place.admin1 or "").casefold() != self.admin.strip().casefold()):
            return False
        if self.text:
            hay = f"{doc.title or ''}\n{doc.text}".casefold()
            if not all(w in hay for w in self.text.casefold().split()):
                return False
        return True


def _place(doc: Document, ev: Event) -> Place | None:
    if not ev.place:
        return None
    return next((p for p in doc.places if p.id == ev.place), None)


def _has_actor(doc: Document, ids: list[str], wanted: str) -> bool:
    w = wanted.strip().casefold()
    actors: dict[str, Actor] = {a.id: a for a in doc.actors}
    for i in ids:
        a = actors.get(i)
        if a is None:
            continue
        if w in (a.id.casefold(), (a.key or "").casefold()):
            return True
        if any(w in n.casefold() for n in (a.name, *a.aliases)):
            return True
    return False


class Watchlist(Record):
    name: str
    query: WatchQuery
    webhook: str | None = None
    created_at: str


class Alert(Record):
    """A new real-world event matching a watchlist; later reports of it add ``sources``."""

    id: int
    watchlist: str
    article_id: str
    event_id: str
    created_at: str
    updated_at: str
    type: str | None = None
    title: str | None = None
    url: str | None = None
    evidence: str
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    date: str | None = None
    sources: int = 1

    @property
    def view(self) -> str:
        """The path of the event in the web UI's article view."""
        return f"/#event={self.article_id}/{self.event_id}"

"""Typed records of watchlists: the saved query, the watchlist, and the alert."""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..model import PLOVER_TYPES, Actor, Document, Event, Place, Record
from ..store.query import MAX_VALUES, BBox, Near

MODALITIES = ("actual", "planned", "hypothetical", "negated")


class WatchQuery(Record):
    """What a watchlist follows; every field left None does not filter.

    ``actor``, ``type`` and ``country`` are each one value or a list of values, any of which matches
    (a stored single string keeps working). ``actor`` matches an actor id, or part of a name or alias
    (case-insensitive), among the event's actors and recipients; ``near`` is ``LAT,LON,KM``; ``bbox`` a
    box ``W,S,E,N`` in degrees, the syntax of the events API's ``bbox`` (west > east crosses the
    antimeridian); ``country`` an ISO 3166-1 code (alpha-2, or alpha-3 stored as alpha-2) of the event
    place; ``admin`` the name of its first-level region; ``text`` words that must all occur in the article
    title or text; ``min_confidence`` the event's confidence; ``min_fatalities`` the event's fatalities
    (an event without a count does not match).
    """

    actor: str | list[str] | None = None
    type: str | list[str] | None = None
    modality: str | None = None
    near: str | None = None
    bbox: str | None = None
    country: str | list[str] | None = None
    admin: str | None = None
    text: str | None = None
    min_confidence: float | None = None
    min_fatalities: int | None = None

    def checked(self) -> WatchQuery:
        """This query with its values normalized; raises :class:`InputError` on a bad one."""
        upd: dict[str, Any] = {}
        if self.actor is not None:
            upd["actor"] = _shape(self.actor, [a.strip() for a in _values(self.actor, "actor")])
        if self.type is not None:
            types = []
            for t in _values(self.type, "type"):
                if t.upper() not in PLOVER_TYPES:
                    raise InputError(f"type: {t!r} is not a PLOVER type")
                types.append(t.upper())
            upd["type"] = _shape(self.type, types)
        if self.modality:
            m = self.modality.strip().lower()
            if m not in MODALITIES:
                raise InputError(f"modality: {self.modality!r} is not one of {', '.join(MODALITIES)}")
            upd["modality"] = m
        if self.near:
            Near.parse(self.near)
        if self.bbox is not None:
            b = self.bbox.strip()
            if b:
                BBox.parse(b)
            upd["bbox"] = b or None
        if self.country is not None:
            upd["country"] = _shape(self.country, [_country(c) for c in _values(self.country, "country")])
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise InputError("min_confidence: between 0 and 1")
        if self.min_fatalities is not None and self.min_fatalities < 0:
            raise InputError("min_fatalities: must be >= 0")
        return self.model_copy(update=upd)

    def matches(self, doc: Document, ev: Event) -> bool:
        """Whether an event of ``doc`` is one this query follows."""
        types = _values(self.type, "type")
        if types and ev.type.upper() not in {t.upper() for t in types}:
            return False
        if self.modality and ev.modality != self.modality:
            return False
        if self.min_confidence is not None and ev.confidence < self.min_confidence:
            return False
        if self.min_fatalities is not None and (ev.fatalities is None or ev.fatalities < self.min_fatalities):
            return False
        actors = _values(self.actor, "actor")
        if actors and not any(_has_actor(doc, [*ev.actors, *ev.recipients], a) for a in actors):
            return False
        place = _place(doc, ev)
        if self.near:
            circle = Near.parse(self.near)
            if place is None or place.lat is None or place.lon is None:
                return False
            if circle.distance(place.lat, place.lon) > circle.km:
                return False
        if self.bbox:
            if place is None or place.lat is None or place.lon is None:
                return False
            if not BBox.parse(self.bbox).contains(place.lat, place.lon):
                return False
        countries = _values(self.country, "country")
        if countries and (place is None or (place.country_code or "").upper() not in {c.upper() for c in countries}):
            return False
        if self.admin and (place is None or (place.admin1 or "").casefold() != self.admin.strip().casefold()):
            return False
        if self.text:
            hay = f"{doc.title or ''}\n{doc.text}".casefold()
            if not all(w in hay for w in self.text.casefold().split()):
                return False
        return True


def _values(value: str | list[str] | None, name: str) -> list[str]:
    """The non-blank values of a one-or-many field, without repeats."""
    if value is None:
        return []
    out = list(dict.fromkeys(v.strip() for v in ([value] if isinstance(value, str) else value) if v and v.strip()))
    if len(out) > MAX_VALUES:
        raise InputError(f"{name}: at most {MAX_VALUES} values")
    return out


def _shape(given: str | list[str], values: list[str]) -> str | list[str] | None:
    """Normalized ``values`` in the form they were given: a string stays a string, a list a list."""
    if not values:
        return None
    return values[0] if isinstance(given, str) else values


def _country(code: str) -> str:
    """An ISO alpha-2 code for an alpha-2 or alpha-3 one (the main UI's country filter sends alpha-3)."""
    c = code.strip().upper()
    if len(c) == 3 and c.isalpha():
        from ..store.filters import country_codes

        return country_codes((c,))[0]
    if len(c) != 2 or not c.isalpha():
        raise InputError(f"country: {code!r} is not an ISO 3166-1 alpha-2 code (KE, SY ...)")
    return c


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

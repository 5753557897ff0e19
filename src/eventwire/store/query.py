"""Typed queries over stored events, and the typed rows they return."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from ..errors import InputError
from ..model import Actor, Event, Place, Record

EARTH_KM = 6371.0088


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(value: str | None, name: str) -> str | None:
    """A strict ``YYYY-MM-DD`` (nothing before or after it)."""
    if value is None:
        return None
    try:
        if not _ISO_DAY.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as e:
        raise InputError(f"{name}: {value[:40]!r} is not a date (YYYY-MM-DD)") from e


@dataclass(frozen=True)
class Near:
    """A circle on the map: events whose place lies within ``km`` of ``lat``/``lon``."""

    lat: float
    lon: float
    km: float

    def __post_init__(self) -> None:
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180) or self.km <= 0:
            raise InputError(f"near: bad circle {self.lat},{self.lon},{self.km} (lat -90..90, lon -180..180, km > 0)")

    @classmethod
    def parse(cls, value: str) -> Near:
        """``"LAT,LON,KM"``."""
        try:
            lat, lon, km = (float(x) for x in value.split(","))
        except ValueError as e:
            raise InputError(f"near: expected LAT,LON,KM, got {value!r}") from e
        return cls(lat, lon, km)

    def bbox(self) -> tuple[float, float, float, float]:
        """(south, west, north, east) enclosing the circle; a cheap index filter before the exact distance."""
        dlat = math.degrees(self.km / EARTH_KM)
        coslat = math.cos(math.radians(self.lat))
        dlon = 180.0 if coslat < 1e-6 else min(180.0, math.degrees(self.km / (EARTH_KM * coslat)))
        return self.lat - dlat, self.lon - dlon, self.lat + dlat, self.lon + dlon

    def distance(self, lat: float, lon: float) -> float:
        """Great-circle distance in km from the centre."""
        p1, p2 = math.radians(self.lat), math.radians(lat)
        dp, dl = p2 - p1, math.radians(lon - self.lon)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class BBox:
    """A box on the map, ``west,south,east,north`` in degrees; west > east crosses the antimeridian."""

    west: float
    south: float
    east: float
    north: float

    def __post_init__(self) -> None:
        ok = all(math.isfinite(v) for v in (self.west, self.south, self.east, self.north))
        lons_ok = -180 <= self.west <= 180 and -180 <= self.east <= 180
        if not ok or not (-90 <= self.south <= self.north <= 90 and lons_ok):
            raise InputError(f"bbox: bad box {self.west},{self.south},{self.east},{self.north} "
                             "(W,S,E,N; lat -90..90, south <= north, lon -180..180)")

    @classmethod
    def parse(cls, value: str) -> BBox:
        """``"W,S,E,N"``."""
        try:
            w, s, e, n = (float(x) for x in value.split(","))
        except ValueError as err:
            raise InputError(f"bbox: expected W,S,E,N, got {value[:100]!r}") from err
        return cls(w, s, e, n)

    def contains(self, lat: float, lon: float) -> bool:
        """Whether a point lies in the box (edges included), as the events API's SQL filter decides."""
        if not self.south <= lat <= self.north:
            return False
        return self.west <= lon <= self.east if self.west <= self.east else (lon >= self.west or lon <= self.east)


#: Longest filter value accepted (an actor name, a full-text query): longer ones are an input error.
MAX_TEXT = 200
#: Most values of a repeatable filter (types, actors, countries).
MAX_VALUES = 50


def _texts(values: Any, name: str) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = (values,)
    out = tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    if len(out) > MAX_VALUES:
        raise InputError(f"{name}: at most {MAX_VALUES} values")
    for v in out:
        if len(v) > MAX_TEXT:
            raise InputError(f"{name}: a value is longer than {MAX_TEXT} characters")
    return out


@dataclass(frozen=True)
class EventQuery:
    """Filters over stored events; every field left None (or empty) does not filter.

    ``actor`` / ``actors`` match an actor's dictionary key or a part of its name (case-insensitive; ``%``
    and ``_`` are plain characters), any of them; ``type`` / ``types`` any of the PLOVER types;
    ``countries`` ISO 3166-1 codes (alpha-3 or alpha-2) of the event place; ``since`` / ``until`` keep
    events whose date range overlaps them; ``bbox`` and ``near`` the event place; ``q`` is a
    full-text query over the article title and text.
    """

    actor: str | None = None
    type: str | None = None
    modality: str | None = None
    since: str | None = None
    until: str | None = None
    near: Near | None = None
    q: str | None = None
    article: str | None = None
    primary: bool = False  # only each article's primary event (events/primary.py)
    limit: int | None = None
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    bbox: BBox | None = None
    min_fatalities: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "since", _day(self.since, "since"))
        object.__setattr__(self, "until", _day(self.until, "until"))
        types = _texts(((self.type,) if self.type else ()) + tuple(self.types or ()), "type")
        object.__setattr__(self, "types", tuple(dict.fromkeys(t.upper() for t in types)))
        object.__setattr__(self, "type", self.types[0] if len(self.types) == 1 else self.type and self.type.upper())
        actors = _texts(((self.actor,) if self.actor else ()) + tuple(self.actors or ()), "actor")
        object.__setattr__(self, "actors", actors)
        object.__setattr__(self, "countries", tuple(c.upper() for c in _texts(self.countries, "country")))
        if self.modality:
            object.__setattr__(self, "modality", self.modality.lower())
        if self.q is not None and len(self.q) > MAX_TEXT * 5:
            raise InputError(f"q: longer than {MAX_TEXT * 5} characters")
        if self.limit is not None and self.limit < 0:
            raise InputError("limit must be >= 0")
        if self.min_fatalities is not None and self.min_fatalities < 0:
            raise InputError("min_fatalities must be >= 0")


class StoredEvent(Record):
    """An event as stored, with the article it comes from and its place and actors resolved."""

    article_id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    event: Event
    place: Place | None = None
    actors: list[Actor] = Field(default_factory=list)
    recipients: list[Actor] = Field(default_factory=list)
    distance_km: float | None = None

    def to_event_json(self) -> dict[str, Any]:
        """The event object with its article and resolved names beside the contract fields."""
        out = self.event.to_json()
        out["article"] = {"id": self.article_id, "title": self.title, "url": self.url,
                          "source": self.source, "published": self.published}
        out["place_detail"] = self.place.to_json() if self.place else None
        out["actor_names"] = [a.name for a in self.actors]
        out["recipient_names"] = [a.name for a in self.recipients]
        if self.distance_km is not None:
            out["distance_km"] = round(self.distance_km, 3)
        return out


#: Columns of an event as a CSV row (``eventwire events --format csv``, ``/api/events.csv``).
EVENT_COLUMNS = ("date", "type", "mode", "modality", "actors", "recipients", "place", "lat", "lon", "fatalities",
                 "confidence", "article", "event", "title", "url", "evidence")


def event_row(e: StoredEvent) -> dict[str, Any]:
    """A stored event as a flat row of :data:`EVENT_COLUMNS`."""
    ev = e.event
    return {
        "date": ev.date.value or e.published or "", "type": ev.type, "mode": ev.mode or "", "modality": ev.modality,
        "actors": "; ".join(a.name for a in e.actors), "recipients": "; ".join(a.name for a in e.recipients),
        "place": (e.place.name or e.place.text) if e.place else "",
        "lat": e.place.lat if e.place and e.place.lat is not None else "",
        "lon": e.place.lon if e.place and e.place.lon is not None else "",
        "fatalities": "" if ev.fatalities is None else ev.fatalities, "confidence": round(ev.confidence, 3),
        "article": e.article_id, "event": ev.id, "title": e.title or "", "url": e.url or "",
        "evidence": " ".join(ev.evidence.text.split()),
    }


class StoredFailure(Record):
    """A row of the ``failures`` table."""

    document: str | None = None
    origin: str | None = None
    stage: str
    reason: str
    created_at: str


class Variant(Record):
    """One variant of an article's text as it came (the same article key: re-encoded, re-spaced ...)."""

    text_hash: str
    origin: str | None = None
    is_first: bool  # the variant stored as the article's text
    seen_at: str


class Version(Record):
    """One stored version of a story (the same URL or source id, another text or date)."""

    id: str
    version: int
    current: bool
    published: str | None = None
    ingested_at: str

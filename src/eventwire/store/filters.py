"""An :class:`EventQuery` as SQL conditions on ``events``, sort orders, and opaque keyset cursors.

Every condition is one the indexes of the schema serve (type, day, country, fatalities, place,
article, actor names through ``actor_names``, full text through the backend's index): a filtered
query never reads the whole ``events`` table (``tests/test_store_scale.py`` checks the plans).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, or_, select, tuple_

from ..errors import InputError
from . import schema as S
from .query import EventQuery
from .rows import name_key

e = S.events

#: sort name -> column of ``events``; every order ends with (article_id, position), unique per event.
SORTS: dict[str, Any] = {"date": e.c.day, "fatalities": e.c.fat, "confidence": e.c.confidence}
DEFAULT_SORT = "-date"


@dataclass(frozen=True)
class Order:
    """A sort order: its key column, direction, and the columns that make it total."""

    name: str
    column: Any
    descending: bool

    @classmethod
    def parse(cls, sort: str | None) -> Order:
        s = (sort or DEFAULT_SORT).strip()
        desc = s.startswith("-")
        name = s.lstrip("-+")
        if name not in SORTS:
            raise InputError(f"sort: {sort!r} is not one of " + ", ".join(f"{p}{n}" for n in SORTS for p in ("", "-")))
        return cls(name, SORTS[name], desc)

    @property
    def columns(self) -> tuple[Any, Any, Any]:
        return (self.column, e.c.article_id, e.c.position)

    def order_by(self) -> list[Any]:
        return [c.desc() if self.descending else c.asc() for c in self.columns]

    def after(self, values: list[Any]) -> ColumnElement[bool]:
        """Rows after the row whose sort key is ``values`` (a keyset condition on a row value)."""
        left, right = tuple_(*self.columns), tuple_(*values)
        return left < right if self.descending else left > right

    def up_to(self, values: list[Any]) -> ColumnElement[bool]:
        """Rows up to the row whose sort key is ``values``, that one included."""
        left, right = tuple_(*self.columns), tuple_(*values)
        return left >= right if self.descending else left <= right

    def encode(self, values: tuple[Any, ...]) -> str:
        raw = json.dumps([self.name, self.descending, *values], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def decode(self, cursor: str) -> list[Any]:
        """The sort key of a cursor made by :meth:`encode` for the same order; InputError otherwise."""
        try:
            raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
            name, desc, value, article, position = raw
            ok = (name == self.name and desc == self.descending and isinstance(article, str)
                  and isinstance(position, int) and isinstance(value, (int, float, str)))
        except (ValueError, TypeError, UnicodeDecodeError):
            ok = False
        if not ok or len(cursor) > 400:
            raise InputError("cursor: not a cursor of this sort order (start again without one)")
        return [value, article, position]


def escape_like(text: str) -> str:
    """``text`` as a LIKE pattern matching it literally (escape character ``\\``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


#: An actor filter matching at least this share of the stored events is "frequent": pages walk the sort order's
#: index and keep the events naming one of the actors (a page stops after its rows), instead of listing every event
#: of the actors first and sorting them (30,000 events of "islamic state" in a 1M-event archive: 400-800 ms a page).
FREQUENT_ACTOR_SHARE = 0.005


def actor_names_matching(values: tuple[str, ...]) -> Any:
    """The SELECT of the ``actor_names`` keys an actor filter matches: a dictionary key, or a name containing it."""
    an = S.actor_names
    match = or_(*(
        or_(an.c.name_key.like(f"%{escape_like(name_key(v))}%", escape="\\"), an.c.key == v) for v in values
    ))
    return select(an.c.name_key).where(match)


def actor_condition(values: tuple[str, ...], *, frequent: bool = False,
                    keys: list[str] | None = None) -> ColumnElement[bool]:
    """Events with an actor (either role) whose dictionary key is one of ``values`` or whose name contains one.

    Names are looked up in the small ``actor_names`` table first; events are then reached through the
    indexes of ``actors.name_key`` and the primary keys of ``event_actors`` and ``events``. ``frequent`` (the
    names are on many events, :data:`FREQUENT_ACTOR_SHARE`): a correlated EXISTS instead, checked on the rows the
    other filters or the sort order's index give, through the primary keys of ``event_actors`` and ``actors``.
    ``keys``: the ``actor_names`` keys the filter matches, read beforehand (a list of values, which the planner
    weighs by the statistics of ``actors.name_key``), instead of their SELECT.
    """
    ac, ea = S.actors, S.event_actors
    names: Any = actor_names_matching(values) if keys is None else keys
    if frequent:
        return (select(literal(1))
                .select_from(ea.join(ac, and_(ac.c.article_id == ea.c.article_id, ac.c.id == ea.c.actor_id)))
                .where(ea.c.article_id == e.c.article_id, ea.c.event_id == e.c.id, ac.c.name_key.in_(names))
                .exists())
    pairs = (
        select(ea.c.article_id, ea.c.event_id)
        .select_from(ac.join(ea, and_(ea.c.article_id == ac.c.article_id, ea.c.actor_id == ac.c.id)))
        .where(ac.c.name_key.in_(names))
    )
    if keys is not None:  # PostgreSQL joins the pairs to the primary key of ``events`` as they are
        return tuple_(e.c.article_id, e.c.id).in_(pairs)
    # the article_id IN (...) half gives the planner the primary key's prefix to start from
    articles = (select(ea.c.article_id)
                .select_from(ac.join(ea, and_(ea.c.article_id == ac.c.article_id, ea.c.actor_id == ac.c.id)))
                .where(ac.c.name_key.in_(names)))
    return and_(e.c.article_id.in_(articles), tuple_(e.c.article_id, e.c.id).in_(pairs))


def actor_only(q: EventQuery) -> bool:
    """Whether the actor filter is the query's only filter (its count can be read from the actor rows alone)."""
    return bool(q.actors) and not (q.types or q.modality or q.since or q.until or q.near or q.q or q.article
                                   or q.primary or q.countries or q.bbox or q.min_fatalities is not None)


def country_codes(values: tuple[str, ...]) -> list[str]:
    """ISO alpha-2 codes (as stored on event places) for alpha-3 or alpha-2 codes; InputError for unknown ones."""
    from ..export.places import country

    out = []
    for v in values:
        c = country(v)
        if c is None:
            raise InputError(f"country: unknown ISO 3166-1 code {v!r}")
        out.append(c.iso2)
    return out


def conditions(q: EventQuery, backend: ModuleType, *, day_floor: str | None = None,
               frequent_actors: bool = False, indexed: bool = True, actor_keys: list[str] | None = None) -> list[Any]:
    """SQL conditions on ``events`` for every filter of ``q`` (``near``: its bounding box; the exact circle
    is checked on the rows). ``day_floor``: no matching event starts before this day (the longest stored
    date range before ``since``): a bound that lets the ``day`` indexes serve ``since`` too.
    ``frequent_actors``: the actor filter matches many events (:func:`actor_condition`). ``indexed=False``: the
    conditions on expressions of their columns that no index serves (the same values), and the full text checked
    per article, for a query that reads the range of another index (SQLite's planner prefers an equality on an
    index to a narrow range) and checks the rows it reads. ``actor_keys``: see :func:`actor_condition`."""
    col = (lambda c: c) if indexed else (lambda c: func.coalesce(c, c))
    conds: list[Any] = []
    if q.since and day_floor:
        conds.append(col(e.c.day) >= day_floor)
    if q.types:
        conds.append(col(e.c.type) == q.types[0] if len(q.types) == 1 else col(e.c.type).in_(q.types))
    if q.modality:
        conds.append(col(e.c.modality) == q.modality)
    if q.since:
        conds.append(col(e.c.date_end) >= q.since)
    if q.until:
        conds += [col(e.c.day) <= q.until, col(e.c.day) >= "0"]  # "" (no date) sorts before "0"
    if q.article:
        conds.append(e.c.article_id == q.article)
    else:  # an earlier version's events are not events of their own (identity: articles.current)
        conds.append(e.c.article_id.not_in(select(S.articles.c.id).where(S.articles.c.current.is_(False))))
    if q.primary:
        conds.append(e.c.is_primary.is_(True))
    if q.actors:
        conds.append(actor_condition(q.actors, frequent=frequent_actors, keys=actor_keys))
    if q.countries:
        codes = country_codes(q.countries)
        cc = col(e.c.country_code)
        conds.append(cc == codes[0] if len(codes) == 1 else cc.in_(codes))
    if q.min_fatalities is not None:
        conds.append(col(e.c.fat) >= q.min_fatalities)
    lat, lon = col(e.c.lat), col(e.c.lon)
    if q.bbox:
        b = q.bbox
        conds += [lat >= b.south, lat <= b.north]
        if b.west <= b.east:
            conds += [lon >= b.west, lon <= b.east]
        else:
            conds.append(or_(lon >= b.west, lon <= b.east))
    if q.near:
        south, west, north, east = q.near.bbox()
        conds += [lat >= south, lat <= north]
        if west >= -180 and east <= 180:
            conds += [lon >= west, lon <= east]
    if q.q and indexed:
        conds.append(e.c.article_id.in_(select(S.articles.c.id).where(backend.fulltext(q.q))))
    elif q.q:
        a = S.articles
        conds.append(select(literal(1)).select_from(a).where(a.c.id == e.c.article_id, backend.fulltext_row(q.q))
                     .exists())
    return conds


def fatalities_band(q: EventQuery) -> int | None:
    """The fatalities band from which the stored counts of events with known fatalities answer ``q``'s
    minimum-fatalities filter (when it is a bound in :data:`schema.FAT_BANDS`); None without such a filter."""
    return q.min_fatalities


def counts_only(q: EventQuery) -> bool:
    """Whether the stored counts answer ``q`` exactly: no filter but type, modality, country, dates on month
    boundaries, and a minimum of fatalities on a band's bound (:data:`schema.FAT_BANDS`; the tables of
    :func:`count_tables`)."""
    if q.actors or q.near or q.bbox or q.q or q.article or q.primary:
        return False
    band = fatalities_band(q)
    if band is not None and band not in S.FAT_BANDS:
        return False
    if q.since and not q.since.endswith("-01"):
        return False
    if q.until:
        import datetime as dt

        day = dt.date.fromisoformat(q.until)
        if (day + dt.timedelta(days=1)).day != 1:
            return False
    return True


def count_tables(q: EventQuery) -> tuple[Any, Any, Any]:
    """The stored count tables answering ``q`` (when :func:`counts_only` says they do): events per count key, located
    events per fine cell by month and over all months. ``event_counts``, ``grid_counts``, ``grid_totals``; with a
    minimum-fatalities filter, those of the events with known fatalities (``fat_counts``, ``grid_fat_counts``,
    ``grid_fat_totals``)."""
    if fatalities_band(q) is None:
        return S.event_counts, S.grid_counts, S.grid_totals
    return S.fat_counts, S.grid_fat_counts, S.grid_fat_totals


def count_conditions(q: EventQuery, table: Any = None) -> list[Any]:
    """Conditions on ``table`` (a stored count table of :func:`count_tables` with its key columns: ``grid_totals``
    has no months, for a query without dates; default: the first one) equivalent to ``q`` (when :func:`counts_only`
    says so)."""
    c = (count_tables(q)[0] if table is None else table).c
    conds: list[Any] = []
    band = fatalities_band(q)
    if band is not None:
        conds.append(c.band >= band)
    if q.types:
        conds.append(c.type.in_(q.types))
    if q.modality:
        conds.append(c.modality == q.modality)
    if q.countries:
        conds.append(c.country.in_(country_codes(q.countries)))
    if q.since:
        conds += [c.end_month >= q.since[:7], c.start_month != ""]
    if q.until:
        conds += [c.start_month <= q.until[:7], c.start_month != ""]
    return conds

"""The store's schema: one set of SQLAlchemy Core tables for SQLite and PostgreSQL.

Plain tables with plain columns, so that Datasette (or any SQL client) can browse them: the whole
document JSON in ``articles.doc``, and normalized rows beside it (``actors``, ``places``, ``times``,
``quotes``, ``events``, ``event_actors``, ``failures``). Child rows are keyed by ``(article_id, id)``
because record ids are unique within a document. Migrations (``migrations/versions``) build exactly
these tables; ``tests/test_store_migrations.py`` checks that they agree.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
    true,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),  # stable rowid: the FTS5 index points at it
    Column("id", String(64), nullable=False, unique=True),  # article id: hash of the raw text and URL
    Column("content_hash", String(64), nullable=False),  # hash of the document JSON: same hash, nothing to do
    Column("url", Text),
    Column("title", Text),
    Column("source", Text),
    Column("published", String(10), index=True),
    Column("language", String(16)),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("schema", String(64), nullable=False),
    Column("stages", Text, nullable=False),  # JSON object: stage -> versioned behaviour
    Column("n_events", Integer, nullable=False),
    Column("doc", Text, nullable=False),  # the whole document record as JSON
    Column("ingested_at", String(32), nullable=False),
    # article identity (eventwire.identity), migration 0002_article_identity
    Column("story", String(64), index=True),  # key of the story this article is a version of (URL or source id)
    Column("version", Integer, nullable=False, server_default="1"),  # 1, 2 ... in the order versions arrived
    Column("current", Boolean, nullable=False, server_default=true()),  # the story's latest version
    Column("text_hash", String(32)),  # hash of the text as it came (the first variant of the article)
    Column("source_id", Text),  # the item's id at its source (feed guid, record id)
)

article_variants = Table(
    "article_variants",
    metadata,
    # no foreign key: the variants outlive the article row being rewritten when its document is re-processed
    Column("article_id", String(64), primary_key=True),
    Column("text_hash", String(32), primary_key=True),  # hash of one variant of the text as it came
    Column("origin", Text),
    Column("is_first", Boolean, nullable=False),  # the variant stored as the article's text
    Column("seen_at", String(32), nullable=False),
)


def _child(name: str, *columns: Column) -> Table:
    return Table(
        name,
        metadata,
        Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        Column("id", String(64), primary_key=True),
        *columns,
    )


actors = _child(
    "actors",
    Column("name", Text, nullable=False),
    Column("kind", String(64)),
    Column("country", String(8)),
    Column("inter", Integer),
    Column("wikidata", String(32)),
    Column("role", String(64)),
    Column("affiliation", String(64)),
    Column("aliases", Text, nullable=False),  # JSON list
    Column("n_mentions", Integer, nullable=False),
    Column("key", String(64)),  # stable id in the actor dictionary, or null
    Column("name_key", Text),  # the name as matched by filters: lower case, spaces collapsed
)

places = _child(
    "places",
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("name", Text),
    Column("geonameid", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("feature_code", String(16)),
    Column("country_code", String(8)),
    Column("admin1", Text),
    Column("precision", Integer),
    Column("confidence", Float, nullable=False),
)

times = _child(
    "times",
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("value", String(64), nullable=False),
    Column("type", String(16), nullable=False),
    Column("range_start", String(10)),
    Column("range_end", String(10)),
    Column("precision", String(16)),
)

quotes = _child(
    "quotes",
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("speaker", String(64)),
    Column("speaker_text", Text),
    Column("cue", Text),
)

events = _child(
    "events",
    Column("position", Integer, nullable=False),  # order in the document
    Column("type", String(32), nullable=False, index=True),
    Column("mode", String(64)),
    Column("context", Text, nullable=False),  # JSON list
    Column("acled_event_type", String(64)),
    Column("acled_sub_event_type", String(64)),
    Column("inter1", Integer),
    Column("inter2", Integer),
    Column("modality", String(16), nullable=False, index=True),
    Column("place_id", String(64)),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("country_code", String(8)),
    Column("date", String(32)),  # TIMEX3 value as coded
    Column("date_precision", String(16)),
    Column("date_start", String(10), index=True),  # first day the date can mean
    Column("date_end", String(10), index=True),  # last day the date can mean
    Column("date_inferred", Boolean, nullable=False),
    Column("fatalities", Integer),
    Column("attribution_speaker", String(64)),
    Column("attribution_quote", String(64)),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("about", String(64)),
    # the document's primary event (events/primary.py): one row per article with ``events --primary``
    Column("is_primary", Boolean, nullable=False, server_default=false()),
    Column("event", Text, nullable=False),  # the event record as JSON
    # sort keys that are never null, so that keyset pages and their indexes need no NULL handling
    Column("day", String(10), nullable=False, server_default=""),  # date_start, or "" when unknown
    Column("fat", Integer, nullable=False, server_default="-1"),  # fatalities, or -1 when unknown
    Column("cluster_id", String(64)),  # the real-world event (clusters.id); null until clustered
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("role", String(16), primary_key=True),  # "actor" or "recipient"
    Column("actor_id", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("key", String(64), primary_key=True),  # hash of (document, origin, stage, reason): re-failing adds nothing
    Column("document", String(64), index=True),
    Column("origin", Text),
    Column("stage", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
)

#: Events counted by (first month, last month, type, modality, country of the place), kept up to date by every
#: write: /api/stats, ``summary`` and the country suggestions read it instead of counting events.
event_counts = Table(
    "event_counts",
    metadata,
    Column("start_month", String(7), primary_key=True),  # "" when the event has no date
    Column("end_month", String(7), primary_key=True),
    Column("type", String(32), primary_key=True),
    Column("modality", String(16), primary_key=True),
    Column("country", String(8), primary_key=True),  # ISO 3166-1 alpha-2 of the event place, "" when none
    Column("n", Integer, nullable=False),
    Column("located", Integer, nullable=False),  # of those, with coordinates
)

#: Located events counted per fine map cell (the grid of zoom ``grid.GRID_ZOOM - 1``, :data:`GRID_CELL` degrees:
#: cell x = (lon + 180) / GRID_CELL, y = (lat + 90) / GRID_CELL, floored) by the dimensions of ``event_counts``,
#: with the sums of their coordinates (a cell's mean point): the map grid of a query those dimensions answer sums
#: these cells into its zoom's coarser ones instead of grouping events (``store.grid``). Kept up to date by every
#: write, like ``event_counts``.
def _cell_columns() -> list[Column]:
    """The columns both grid tables share after their months: the event dimensions, the cell, the sums."""
    return [
        Column("type", String(32), primary_key=True),
        Column("modality", String(16), primary_key=True),
        Column("country", String(8), primary_key=True),
        Column("gx", Integer, primary_key=True, autoincrement=False),
        Column("gy", Integer, primary_key=True, autoincrement=False),
        Column("n", Integer, nullable=False),
        Column("lat_sum", Float, nullable=False),
        Column("lon_sum", Float, nullable=False),
    ]


grid_counts = Table(
    "grid_counts",
    metadata,
    Column("start_month", String(7), primary_key=True),
    Column("end_month", String(7), primary_key=True),
    *_cell_columns(),
)

#: ``grid_counts`` summed over the months (about a seventh of its rows on a 1M-event archive): the grid of a query
#: with no date filter reads this one.
grid_totals = Table("grid_totals", metadata, *_cell_columns())

#: Lower bounds of the fatalities bands of the stored counts of events with known fatalities: a band holds the events
#: whose fatalities are at least its bound and less than the next one (the last: at least 10,000). A minimum-fatalities
#: filter on one of these bounds is answered by summing the bands from it up (``filters.fatalities_band``).
FAT_BANDS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 250, 300, 400, 500, 750,
             1000, 2000, 5000, 10000)


def _band() -> Column:
    return Column("band", Integer, primary_key=True, autoincrement=False)


#: ``event_counts``, ``grid_counts`` and ``grid_totals`` of the events with known fatalities (``fat >= 0``; migration
#: 0011), by one more dimension: the fatalities band (:data:`FAT_BANDS`). A minimum-fatalities filter on a band's bound,
#: alone or with the dimensions of the other count tables and a box, reads these instead of the events.
fat_counts = Table(
    "fat_counts",
    metadata,
    *(Column(c.name, c.type, primary_key=True) for c in event_counts.primary_key.columns),
    _band(),
    Column("n", Integer, nullable=False),
    Column("located", Integer, nullable=False),
)
grid_fat_counts = Table(
    "grid_fat_counts",
    metadata,
    Column("start_month", String(7), primary_key=True),
    Column("end_month", String(7), primary_key=True),
    *_cell_columns()[:5],
    _band(),
    *_cell_columns()[5:],
)
grid_fat_totals = Table("grid_fat_totals", metadata, *_cell_columns()[:5], _band(), *_cell_columns()[5:])

#: Width in degrees of a ``grid_counts`` cell: ``grid.cell_size(grid.GRID_ZOOM - 1)`` (90 / 2**6).
GRID_CELL = 90.0 / 64

#: Actor names over the whole store (for autocomplete and actor filters), with the number of events naming them.
actor_names = Table(
    "actor_names",
    metadata,
    Column("name_key", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("key", String(64)),
    Column("n_events", Integer, nullable=False),
)

#: Real-world events: stored events judged the same event (``eventwire.store.clusters``). Ids are stable:
#: a cluster keeps its id when events join it.
clusters = Table(
    "clusters",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("type", String(32), nullable=False),
    Column("modality", String(16), nullable=False),
    Column("reports", Integer, nullable=False),  # distinct reports (articles) of the event
    Column("n_events", Integer, nullable=False),
    Column("first_day", String(10)),
    Column("last_day", String(10)),
    Column("lat", Float),
    Column("lon", Float),
    Column("precision", Integer),
    Column("place_name", Text),
    Column("actors", Text, nullable=False),  # JSON list of names, most reported first
    Column("score", Float, nullable=False),
    Column("dirty", Boolean, nullable=False),  # a member was removed: the summary is recomputed on next update
)

Index("ix_event_actors_actor", event_actors.c.actor_id)
# covering (migration 0007): a box filter's keyset page and the map grid read the index alone
Index("ix_events_latlon", events.c.lat, events.c.lon, events.c.day, events.c.article_id, events.c.position, events.c.id)
# (migration 0009): the west and east edge strips of a box's map grid are narrow longitude ranges (store.grid)
Index("ix_events_lonlat", events.c.lon, events.c.lat, events.c.article_id)
# Keyset pages: every sort key ends with (article_id, position), unique per event.
Index("ix_events_day_key", events.c.day, events.c.article_id, events.c.position)
# ... then id, date_end, lat, lon (migration 0007, and type for the country index): a type or country filter's page
# keys and map grid read the index alone
Index("ix_events_type_day", events.c.type, events.c.day, events.c.article_id, events.c.position, events.c.id,
      events.c.date_end, events.c.lat, events.c.lon)
Index("ix_events_country_day", events.c.country_code, events.c.day, events.c.article_id, events.c.position, events.c.id,
      events.c.type, events.c.date_end, events.c.lat, events.c.lon)
Index("ix_events_fat_key", events.c.fat, events.c.article_id, events.c.position)
Index("ix_events_confidence_key", events.c.confidence, events.c.article_id, events.c.position)
Index("ix_events_cluster", events.c.cluster_id)
# covering (migration 0007): the actor filter reaches event_actors without reading actor rows
Index("ix_actors_name_key", actors.c.name_key, actors.c.article_id, actors.c.id)
Index("ix_actors_key", actors.c.key)
Index("ix_clusters_reports", clusters.c.reports, clusters.c.id)
# Superseded versions of a story (migration 0006): every event query leaves their events out. Partial: only the
# rows that are not current, with the predicate the queries use (filters.conditions).
Index("ix_articles_superseded", articles.c.id, sqlite_where=articles.c.current.is_(False),
      postgresql_where=articles.c.current.is_(False))

#: Child tables of an article, in the order rows are written (deleted in reverse).
CHILD_TABLES = (actors, places, times, quotes, events, event_actors)

from . import schema_review  # noqa: E402,F401 - review and watchlist tables, same metadata

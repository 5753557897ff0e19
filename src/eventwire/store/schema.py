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

Index("ix_event_actors_actor", event_actors.c.actor_id)
Index("ix_events_latlon", events.c.lat, events.c.lon)

#: Child tables of an article, in the order rows are written (deleted in reverse).
CHILD_TABLES = (actors, places, times, quotes, events, event_actors)

from . import schema_review  # noqa: E402,F401 - review and watchlist tables, same metadata

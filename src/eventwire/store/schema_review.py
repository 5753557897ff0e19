"""Tables of analyst review and watchlists (``eventwire.review``, ``eventwire.watch``).

Kept apart from the machine's rows: re-ingesting or reprocessing an article deletes and rewrites its
child rows, never these. Reviews are keyed by article id + event id (and the evidence span the
reviewer saw, to find the event again when a reprocessed article numbers its events differently).
Built by migration ``0004_review_watch``.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, String, Table, Text

from .schema import metadata

reviewers = Table(
    "reviewers",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 of the token; the token is never stored
    Column("created_at", String(32), nullable=False),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), nullable=False),
    Column("event_id", String(64), nullable=False),  # machine event id, or "r..." for an event a reviewer added
    Column("reviewer", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("action", String(16), nullable=False),  # verdict | correct | add | cluster
    Column("field", String(32)),  # the field corrected; "verdict" for verdicts; "cluster" for merge/split
    Column("old_value", Text),  # JSON: the machine's value the reviewer saw
    Column("new_value", Text),  # JSON: the reviewer's value
    Column("note", Text),
    Column("evidence_start", Integer),  # evidence span of the event the reviewer saw
    Column("evidence_end", Integer),
)

watchlists = Table(
    "watchlists",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("query", Text, nullable=False),  # JSON of eventwire.watch.WatchQuery
    Column("webhook", Text),
    Column("created_at", String(32), nullable=False),
    Column("last_seq", Integer, nullable=False),  # articles.seq already looked at
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("watchlist", String(128), nullable=False),
    Column("article_id", String(64), nullable=False),  # the first report
    Column("event_id", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
    Column("type", String(32)),
    Column("title", Text),
    Column("url", Text),
    Column("evidence", Text, nullable=False),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("date", String(32)),
    Column("sources", Integer, nullable=False),
)

alert_sources = Table(
    "alert_sources",
    metadata,
    Column("watchlist", String(128), primary_key=True),
    Column("article_id", String(64), primary_key=True),
    Column("event_id", String(64), primary_key=True),
    Column("alert_id", Integer, nullable=False),
    Column("ref", Text, nullable=False),  # JSON of the dedup EventRef: later reports are compared with it
    Column("added_at", String(32), nullable=False),
)

Index("ix_reviews_event", reviews.c.article_id, reviews.c.event_id)
Index("ix_alerts_watchlist", alerts.c.watchlist, alerts.c.id)

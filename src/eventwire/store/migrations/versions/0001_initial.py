"""Initial schema: articles (+ full-text index), actors, places, times, quotes, events, event_actors, failures.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SQLITE_FTS = [
    # content="articles" (double quotes) is the form Datasette recognises as the table's full-text index
    'CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content="articles", content_rowid="seq")',
    "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text); END",
    "CREATE TRIGGER articles_fts_au AFTER UPDATE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END",
]
_PG_FTS = (
    "CREATE INDEX ix_articles_fts ON articles "
    "USING gin (to_tsvector('english', coalesce(title, '') || ' ' || text))"
)


def _child(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("article_id", "id"),
    )


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("language", sa.String(16)),
        sa.Column("origin", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("schema", sa.String(64), nullable=False),
        sa.Column("stages", sa.Text, nullable=False),
        sa.Column("n_events", sa.Integer, nullable=False),
        sa.Column("doc", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    _child(
        "actors",
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(64)),
        sa.Column("country", sa.String(8)),
        sa.Column("inter", sa.Integer),
        sa.Column("wikidata", sa.String(32)),
        sa.Column("role", sa.String(64)),
        sa.Column("affiliation", sa.String(64)),
        sa.Column("aliases", sa.Text, nullable=False),
        sa.Column("n_mentions", sa.Integer, nullable=False),
    )
    _child(
        "places",
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("geonameid", sa.Integer),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("feature_code", sa.String(16)),
        sa.Column("country_code", sa.String(8)),
        sa.Column("admin1", sa.Text),
        sa.Column("precision", sa.Integer),
        sa.Column("confidence", sa.Float, nullable=False),
    )
    _child(
        "times",
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("range_start", sa.String(10)),
        sa.Column("range_end", sa.String(10)),
        sa.Column("precision", sa.String(16)),
    )
    _child(
        "quotes",
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("speaker", sa.String(64)),
        sa.Column("speaker_text", sa.Text),
        sa.Column("cue", sa.Text),
    )
    _child(
        "events",
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("mode", sa.String(64)),
        sa.Column("context", sa.Text, nullable=False),
        sa.Column("acled_event_type", sa.String(64)),
        sa.Column("acled_sub_event_type", sa.String(64)),
        sa.Column("inter1", sa.Integer),
        sa.Column("inter2", sa.Integer),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("place_id", sa.String(64)),
        sa.Column("place_name", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("country_code", sa.String(8)),
        sa.Column("date", sa.String(32)),
        sa.Column("date_precision", sa.String(16)),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("date_inferred", sa.Boolean, nullable=False),
        sa.Column("fatalities", sa.Integer),
        sa.Column("attribution_speaker", sa.String(64)),
        sa.Column("attribution_quote", sa.String(64)),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence_text", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("about", sa.String(64)),
        sa.Column("event", sa.Text, nullable=False),
    )
    for col in ("type", "modality", "date_start", "date_end"):
        op.create_index(f"ix_events_{col}", "events", [col])
    op.create_index("ix_events_latlon", "events", ["lat", "lon"])
    op.create_table(
        "event_actors",
        sa.Column("article_id", sa.String(64), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("article_id", "event_id", "role", "actor_id"),
    )
    op.create_index("ix_event_actors_actor", "event_actors", ["actor_id"])
    op.create_table(
        "failures",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("document", sa.String(64)),
        sa.Column("origin", sa.Text),
        sa.Column("stage", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_failures_document", "failures", ["document"])
    if op.get_bind().dialect.name == "sqlite":
        for stmt in _SQLITE_FTS:
            op.execute(stmt)
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FTS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for name in ("failures", "event_actors", "events", "quotes", "times", "places", "actors", "articles"):
        op.drop_table(name)

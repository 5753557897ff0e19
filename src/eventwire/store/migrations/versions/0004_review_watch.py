"""Review and watchlists: reviewers, reviews, watchlists, alerts, alert_sources.

Revision ID: 0004_review_watch
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_review_watch"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviewers",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("reviewer", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("field", sa.String(32)),
        sa.Column("old_value", sa.Text),
        sa.Column("new_value", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("evidence_start", sa.Integer),
        sa.Column("evidence_end", sa.Integer),
    )
    op.create_index("ix_reviews_event", "reviews", ["article_id", "event_id"])
    op.create_table(
        "watchlists",
        sa.Column("name", sa.String(128), primary_key=True),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("webhook", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("last_seq", sa.Integer, nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("watchlist", sa.String(128), nullable=False),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("type", sa.String(32)),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("place_name", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("date", sa.String(32)),
        sa.Column("sources", sa.Integer, nullable=False),
    )
    op.create_index("ix_alerts_watchlist", "alerts", ["watchlist", "id"])
    op.create_table(
        "alert_sources",
        sa.Column("watchlist", sa.String(128), nullable=False),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("alert_id", sa.Integer, nullable=False),
        sa.Column("ref", sa.Text, nullable=False),
        sa.Column("added_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("watchlist", "article_id", "event_id"),
    )


def downgrade() -> None:
    for name in ("alert_sources", "alerts", "watchlists", "reviews", "reviewers"):
        op.drop_table(name)

"""Article identity: stories and versions, the variants of each article seen, the source's item id.

- ``articles.story``: key of the story the article is a version of (same URL, or same source id from
  the same source); ``version`` counts the story's versions in the order they arrived; ``current`` marks
  the one shown, exported and clustered (the latest).
- ``articles.text_hash`` (the text as it came: the first variant), ``articles.source_id``.
- ``article_variants``: every variant of an article's text seen (same article key: re-encoded,
  re-spaced ...), the first one flagged.

Revision ID: 0002_article_identity
Revises: 0005_primary_event
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_article_identity"
down_revision = "0005_primary_event"  # main's head when this branch last merged it (the integrator re-chains)
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN (no batch copy on SQLite, which would drop the full-text triggers of the table)
    op.add_column("articles", sa.Column("story", sa.String(64)))
    op.add_column("articles", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    op.add_column("articles", sa.Column("current", sa.Boolean, nullable=False, server_default=sa.true()))
    op.add_column("articles", sa.Column("text_hash", sa.String(32)))
    op.add_column("articles", sa.Column("source_id", sa.Text))
    op.create_index("ix_articles_story", "articles", ["story"])
    op.create_table(
        "article_variants",
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("text_hash", sa.String(32), nullable=False),
        sa.Column("origin", sa.Text),
        sa.Column("is_first", sa.Boolean, nullable=False),
        sa.Column("seen_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "text_hash"),
    )


def downgrade() -> None:
    op.drop_table("article_variants")
    op.drop_index("ix_articles_story", "articles")
    for name in ("source_id", "text_hash", "current", "version", "story"):
        op.drop_column("articles", name)  # SQLite >= 3.35 drops a column in place

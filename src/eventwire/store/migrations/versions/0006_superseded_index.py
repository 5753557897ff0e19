"""An index of the superseded article versions (``articles.current`` false).

Every event query leaves out the events of an earlier version of a story (``eventwire.store.filters``:
``article_id NOT IN (SELECT id FROM articles WHERE current IS false)``). Without an index that subquery
read the whole ``articles`` table on every request: about 330 ms of each ``/api/events`` request on a
synthetic archive of 1M events (389,000 articles) on SQLite. The index is partial (only the rows that are
not current), so it stays as small as the number of superseded versions.

Revision ID: 0006_superseded_index
Revises: 0003_store_scale
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_superseded_index"
down_revision = "0003_store_scale"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the same predicate as the query's (current IS false), so that both planners can use the partial index
    cond = sa.column("current").is_(sa.false())
    op.create_index("ix_articles_superseded", "articles", ["id"], sqlite_where=cond, postgresql_where=cond)


def downgrade() -> None:
    op.drop_index("ix_articles_superseded", table_name="articles")

"""events.is_primary: the document's primary event (events/primary.py), for ``events --primary``.

Rows stored before this revision get false: re-ingest (or re-extract) the articles to mark theirs.

Revision ID: 0005_primary_event
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_primary_event"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("is_primary", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("is_primary")

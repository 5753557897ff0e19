"""An index on events' longitude, ``ix_events_lonlat (lon, lat, article_id)``: the map grid of a box sums the stored
fine cells inside it and groups the events of the strips along its edges (``store.grid``); the west and east strips
are narrow longitude ranges, which the latitude-first ``ix_events_latlon`` can only scan the whole height of the
box for. ``article_id`` makes it cover the strips' check that an article is current.

Revision ID: 0009_lon_index
Revises: 0008_grid_counts
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0009_lon_index"
down_revision = "0008_grid_counts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_lonlat", "events", ["lon", "lat", "article_id"])


def downgrade() -> None:
    op.drop_index("ix_events_lonlat", table_name="events")

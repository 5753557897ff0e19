"""Stored map grid counts: ``grid_counts`` (located events per fine map cell by month span, type, modality and
country, with the sums of their coordinates) and ``grid_totals`` (the same over all months), filled from the
events stored. The map grid of a query those dimensions answer sums these cells instead of grouping events.

The stored counts now leave out the events of superseded versions of a story (``articles.current`` false), as
every query does: ``event_counts`` and ``actor_names`` are counted again when a store holds such versions.

Revision ID: 0008_grid_counts
Revises: 0007_covering_indexes
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_grid_counts"
down_revision = "0007_covering_indexes"
branch_labels = None
depends_on = None

# the same as eventwire.store.schema.GRID_CELL (a migration does not import the code it migrates)
_CELL = "1.40625"
_DIMS = ("coalesce(substr(date_start, 1, 7), '')", "coalesce(substr(date_end, 1, 7), '')", "type", "modality",
         "coalesce(country_code, '')")
_CURRENT = "article_id NOT IN (SELECT id FROM articles WHERE NOT current)"


def _cells(dialect: str) -> tuple[str, str]:
    # as browse.grid computes a cell: PostgreSQL floors, SQLite's CAST truncates
    if dialect == "postgresql":
        return (f"CAST(floor((lon + 180.0) / {_CELL}) AS INTEGER)", f"CAST(floor((lat + 90.0) / {_CELL}) AS INTEGER)")
    return f"CAST((lon + 180.0) / {_CELL} AS INTEGER)", f"CAST((lat + 90.0) / {_CELL} AS INTEGER)"


def _columns() -> list[sa.Column]:
    return [sa.Column("type", sa.String(32), nullable=False), sa.Column("modality", sa.String(16), nullable=False),
            sa.Column("country", sa.String(8), nullable=False), sa.Column("gx", sa.Integer, nullable=False),
            sa.Column("gy", sa.Integer, nullable=False), sa.Column("n", sa.Integer, nullable=False),
            sa.Column("lat_sum", sa.Float, nullable=False), sa.Column("lon_sum", sa.Float, nullable=False)]


def upgrade() -> None:
    op.create_table(
        "grid_counts",
        sa.Column("start_month", sa.String(7), nullable=False),
        sa.Column("end_month", sa.String(7), nullable=False),
        *_columns(),
        sa.PrimaryKeyConstraint("start_month", "end_month", "type", "modality", "country", "gx", "gy"),
    )
    op.create_table("grid_totals", *_columns(), sa.PrimaryKeyConstraint("type", "modality", "country", "gx", "gy"))
    _backfill()


def _backfill() -> None:
    bind = op.get_bind()
    gx, gy = _cells(bind.dialect.name)
    dims = ", ".join(_DIMS)
    op.execute(
        "INSERT INTO grid_counts (start_month, end_month, type, modality, country, gx, gy, n, lat_sum, lon_sum) "
        f"SELECT {dims}, {gx}, {gy}, count(*), sum(lat), sum(lon) FROM events "
        f"WHERE lat IS NOT NULL AND lon IS NOT NULL AND {_CURRENT} GROUP BY {dims}, {gx}, {gy}"
    )
    op.execute(
        "INSERT INTO grid_totals (type, modality, country, gx, gy, n, lat_sum, lon_sum) "
        "SELECT type, modality, country, gx, gy, sum(n), sum(lat_sum), sum(lon_sum) FROM grid_counts "
        "GROUP BY type, modality, country, gx, gy"
    )
    if bind.execute(sa.text("SELECT 1 FROM articles WHERE NOT current LIMIT 1")).first() is None:
        return  # no superseded version: the stored counts are right as they are
    op.execute("DELETE FROM event_counts")
    op.execute(
        "INSERT INTO event_counts (start_month, end_month, type, modality, country, n, located) "
        f"SELECT {dims}, count(*), count(lat) FROM events WHERE {_CURRENT} GROUP BY {dims}"
    )
    op.execute("DELETE FROM actor_names")
    op.execute(
        "INSERT INTO actor_names (name_key, name, key, n_events) "
        "SELECT name_key, min(name), max(key), count(*) FROM ("
        " SELECT DISTINCT ea.article_id, ea.event_id, ac.name_key, ac.name, ac.key FROM event_actors ea"
        " JOIN actors ac ON ac.article_id = ea.article_id AND ac.id = ea.actor_id WHERE ac.name_key <> ''"
        " AND ea.article_id NOT IN (SELECT id FROM articles WHERE NOT current)"
        ") AS x GROUP BY name_key"
    )


def downgrade() -> None:
    op.drop_table("grid_totals")
    op.drop_table("grid_counts")

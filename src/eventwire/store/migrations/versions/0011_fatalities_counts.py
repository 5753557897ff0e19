"""Stored counts of the events with known fatalities by fatalities band: ``fat_counts``, ``grid_fat_counts`` and
``grid_fat_totals`` (``event_counts``, ``grid_counts`` and ``grid_totals`` with one more key column, ``band``: the
lower bound of the band of ``events.fat``), filled from the events stored. A minimum-fatalities filter on a band's
bound (alone, or with type, modality, country, months and a box) reads these instead of every matching event.

Revision ID: 0011_fatalities_counts
Revises: 0010_stored_tsvector
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_fatalities_counts"
down_revision = "0010_stored_tsvector"
branch_labels = None
depends_on = None

# the same as eventwire.store.schema.FAT_BANDS and GRID_CELL (a migration does not import the code it migrates)
_BANDS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 250, 300, 400, 500, 750,
          1000, 2000, 5000, 10000)
_CELL = "1.40625"
_DIMS = ("coalesce(substr(date_start, 1, 7), '')", "coalesce(substr(date_end, 1, 7), '')", "type", "modality",
         "coalesce(country_code, '')")
_BAND = "CASE " + " ".join(f"WHEN fat >= {b} THEN {b}" for b in reversed(_BANDS)) + " END"
_KNOWN = "fat >= 0 AND article_id NOT IN (SELECT id FROM articles WHERE NOT current)"


def _cells(dialect: str) -> tuple[str, str]:
    # as store.grid computes a cell: PostgreSQL floors, SQLite's CAST truncates
    if dialect == "postgresql":
        return (f"CAST(floor((lon + 180.0) / {_CELL}) AS INTEGER)", f"CAST(floor((lat + 90.0) / {_CELL}) AS INTEGER)")
    return f"CAST((lon + 180.0) / {_CELL} AS INTEGER)", f"CAST((lat + 90.0) / {_CELL} AS INTEGER)"


def _dims() -> list[sa.Column]:
    return [sa.Column("type", sa.String(32), nullable=False), sa.Column("modality", sa.String(16), nullable=False),
            sa.Column("country", sa.String(8), nullable=False)]


def _months() -> list[sa.Column]:
    return [sa.Column("start_month", sa.String(7), nullable=False),
            sa.Column("end_month", sa.String(7), nullable=False)]


def _cell() -> list[sa.Column]:
    return [sa.Column("gx", sa.Integer, nullable=False), sa.Column("gy", sa.Integer, nullable=False)]


def _band() -> sa.Column:
    return sa.Column("band", sa.Integer, nullable=False)


def _sums() -> list[sa.Column]:
    return [sa.Column("n", sa.Integer, nullable=False), sa.Column("lat_sum", sa.Float, nullable=False),
            sa.Column("lon_sum", sa.Float, nullable=False)]


def upgrade() -> None:
    op.create_table(
        "fat_counts", *_months(), *_dims(), _band(), sa.Column("n", sa.Integer, nullable=False),
        sa.Column("located", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("start_month", "end_month", "type", "modality", "country", "band"),
    )
    op.create_table(
        "grid_fat_counts", *_months(), *_dims(), *_cell(), _band(), *_sums(),
        sa.PrimaryKeyConstraint("start_month", "end_month", "type", "modality", "country", "gx", "gy", "band"),
    )
    op.create_table(
        "grid_fat_totals", *_dims(), *_cell(), _band(), *_sums(),
        sa.PrimaryKeyConstraint("type", "modality", "country", "gx", "gy", "band"),
    )
    gx, gy = _cells(op.get_bind().dialect.name)
    dims = ", ".join(_DIMS)
    op.execute(
        "INSERT INTO fat_counts (start_month, end_month, type, modality, country, band, n, located) "
        f"SELECT {dims}, {_BAND}, count(*), count(lat) FROM events WHERE {_KNOWN} GROUP BY {dims}, {_BAND}"
    )
    op.execute(
        "INSERT INTO grid_fat_counts (start_month, end_month, type, modality, country, gx, gy, band, n, lat_sum, "
        f"lon_sum) SELECT {dims}, {gx}, {gy}, {_BAND}, count(*), sum(lat), sum(lon) FROM events "
        f"WHERE lat IS NOT NULL AND lon IS NOT NULL AND {_KNOWN} GROUP BY {dims}, {gx}, {gy}, {_BAND}"
    )
    op.execute(
        "INSERT INTO grid_fat_totals (type, modality, country, gx, gy, band, n, lat_sum, lon_sum) "
        "SELECT type, modality, country, gx, gy, band, sum(n), sum(lat_sum), sum(lon_sum) FROM grid_fat_counts "
        "GROUP BY type, modality, country, gx, gy, band"
    )


def downgrade() -> None:
    op.drop_table("grid_fat_totals")
    op.drop_table("grid_fat_counts")
    op.drop_table("fat_counts")

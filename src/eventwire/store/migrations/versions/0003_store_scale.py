"""Store at scale: never-null sort keys and keyset indexes on events, stored counts, actor names, clusters.

Adds ``events.day`` / ``events.fat`` (sort keys), ``events.cluster_id``, ``actors.key`` / ``actors.name_key``,
the tables ``event_counts``, ``actor_names`` and ``clusters``, and the indexes that filtered, sorted and
paged event queries use; fills them from the rows already stored (clusters are filled by the next
``eventwire clusters``, which clusters the events not yet clustered).

Revision ID: 0003_store_scale
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003_store_scale"
down_revision = "0002_article_identity"
branch_labels = None
depends_on = None

_INDEXES = [
    ("ix_events_day_key", "events", ["day", "article_id", "position"]),
    ("ix_events_type_day", "events", ["type", "day", "article_id", "position"]),
    ("ix_events_country_day", "events", ["country_code", "day"]),
    ("ix_events_fat_key", "events", ["fat", "article_id", "position"]),
    ("ix_events_confidence_key", "events", ["confidence", "article_id", "position"]),
    ("ix_events_cluster", "events", ["cluster_id"]),
    ("ix_actors_name_key", "actors", ["name_key"]),
    ("ix_actors_key", "actors", ["key"]),
    ("ix_clusters_reports", "clusters", ["reports", "id"]),
]


def _name_key(name: str | None) -> str:
    # the same as eventwire.store.counts.name_key (a migration does not import the code it migrates)
    return " ".join((name or "").lower().split())


def upgrade() -> None:
    with op.batch_alter_table("events") as b:
        b.add_column(sa.Column("day", sa.String(10), nullable=False, server_default=""))
        b.add_column(sa.Column("fat", sa.Integer, nullable=False, server_default="-1"))
        b.add_column(sa.Column("cluster_id", sa.String(64)))
    with op.batch_alter_table("actors") as b:
        b.add_column(sa.Column("key", sa.String(64)))
        b.add_column(sa.Column("name_key", sa.Text))
    op.create_table(
        "event_counts",
        sa.Column("start_month", sa.String(7), nullable=False),
        sa.Column("end_month", sa.String(7), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("country", sa.String(8), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("located", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("start_month", "end_month", "type", "modality", "country"),
    )
    op.create_table(
        "actor_names",
        sa.Column("name_key", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("key", sa.String(64)),
        sa.Column("n_events", sa.Integer, nullable=False),
    )
    op.create_table(
        "clusters",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("reports", sa.Integer, nullable=False),
        sa.Column("n_events", sa.Integer, nullable=False),
        sa.Column("first_day", sa.String(10)),
        sa.Column("last_day", sa.String(10)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("precision", sa.Integer),
        sa.Column("place_name", sa.Text),
        sa.Column("actors", sa.Text, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("dirty", sa.Boolean, nullable=False),
    )
    for name, table, cols in _INDEXES:
        op.create_index(name, table, cols)
    _backfill()


def _backfill() -> None:
    bind = op.get_bind()
    op.execute("UPDATE events SET day = coalesce(date_start, ''), fat = coalesce(fatalities, -1)")
    # name keys, and dictionary keys read from each stored document (the old rows did not keep them)
    upd = sa.text("UPDATE actors SET name_key = :k, key = :key WHERE article_id = :a AND id = :i")
    last = -1
    while True:
        docs = bind.execute(sa.text("SELECT seq, id, doc FROM articles WHERE seq > :s ORDER BY seq LIMIT 500"),
                            {"s": last}).all()
        if not docs:
            break
        last = docs[-1].seq
        rows = [{"k": _name_key(a.get("name")), "key": a.get("key"), "a": d.id, "i": a["id"]}
                for d in docs for a in json.loads(d.doc).get("actors") or []]
        if rows:
            bind.execute(upd, rows)
    op.execute(
        "INSERT INTO event_counts (start_month, end_month, type, modality, country, n, located) "
        "SELECT coalesce(substr(date_start, 1, 7), ''), coalesce(substr(date_end, 1, 7), ''), type, modality, "
        "coalesce(country_code, ''), count(*), count(lat) FROM events "
        "GROUP BY coalesce(substr(date_start, 1, 7), ''), coalesce(substr(date_end, 1, 7), ''), type, modality, "
        "coalesce(country_code, '')"
    )
    op.execute(
        "INSERT INTO actor_names (name_key, name, key, n_events) "
        "SELECT name_key, min(name), max(key), count(*) FROM ("
        " SELECT DISTINCT ea.article_id, ea.event_id, ac.name_key, ac.name, ac.key FROM event_actors ea"
        " JOIN actors ac ON ac.article_id = ea.article_id AND ac.id = ea.actor_id WHERE ac.name_key <> ''"
        ") AS x GROUP BY name_key"
    )


def downgrade() -> None:
    for name, table, _ in reversed(_INDEXES):
        op.drop_index(name, table_name=table)
    for table in ("clusters", "actor_names", "event_counts"):
        op.drop_table(table)
    with op.batch_alter_table("actors") as b:
        b.drop_column("name_key")
        b.drop_column("key")
    with op.batch_alter_table("events") as b:
        b.drop_column("cluster_id")
        b.drop_column("fat")
        b.drop_column("day")

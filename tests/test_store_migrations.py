"""Migrations build exactly the tables of ``eventwire.store.schema``; upgrade and downgrade both work."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from eventwire.store import migrate, open_store
from eventwire.store.schema import metadata


def _diff(engine):
    def include(obj, name, type_, reflected, compare_to):  # noqa: ANN001
        # full-text objects are dialect-specific (FTS5 tables; PostgreSQL's stored document and its GIN index): not
        # in the metadata
        if type_ == "table" and (name.startswith("articles_fts") or name == "alembic_version"):
            return False
        if type_ == "column" and name == "tsv":
            return False
        return not (type_ == "index" and name in ("ix_articles_fts", "ix_articles_tsv"))

    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include, "compare_type": True})
        return compare_metadata(ctx, metadata)


def test_migrations_match_schema(tmp_path):
    with open_store(tmp_path / "m.db") as s:
        assert migrate.current(s.engine) == migrate.head()
        assert _diff(s.engine) == []


def test_downgrade_and_upgrade_again(tmp_path):
    with open_store(tmp_path / "m.db") as s:
        migrate.downgrade(s.engine, "base")
        assert migrate.current(s.engine) is None
        migrate.upgrade(s.engine)
        assert migrate.current(s.engine) == migrate.head()
        assert s.counts()["articles"] == 0


def test_reopen_does_not_migrate_again(tmp_path):
    path = tmp_path / "m.db"
    open_store(path).close()
    with open_store(path) as s:
        assert migrate.current(s.engine) == migrate.head()

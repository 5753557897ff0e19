"""The store on the real PostgreSQL that ``scripts/services.sh start`` runs (URL in EVENTWIRE_TEST_PG).

Skipped when no server is configured on a developer's machine; a failure in CI (``CI=true``).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import test_store as sqlite_tests
from sqlalchemy import text
from test_store import make_doc

from eventwire.model import Document, Failure
from eventwire.store import open_store
from eventwire.store.schema import metadata

pytestmark = pytest.mark.postgres


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def server_url() -> str:
    """The test server's URL, or skip (fail in CI) when there is none."""
    url = os.environ.get("EVENTWIRE_TEST_PG")
    if not url:
        state = Path(os.environ.get("EVENTWIRE_PG_DIR", "/tmp/eventwire-pg")) / "url"
        url = state.read_text().strip() if state.is_file() else ""
    if not url:
        if in_ci():
            pytest.fail("EVENTWIRE_TEST_PG is not set in CI: run `bash scripts/services.sh start` first")
        pytest.skip("no PostgreSQL test server (bash scripts/services.sh start)")
    return url


@pytest.fixture(scope="module")
def pg_database():
    """A fresh database on the test server for this module, dropped afterwards."""
    base = server_url()
    try:
        import psycopg
    except ImportError:
        if in_ci():
            raise
        pytest.skip("psycopg is not installed (pip install 'eventwire[postgres]')")
    name = "ew_" + uuid.uuid4().hex[:12]
    admin = base.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as e:
        if in_ci():
            raise
        pytest.skip(f"PostgreSQL test server not reachable: {e}")
    yield base.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_database):
    """The module's database, emptied before each test."""
    with open_store(pg_database) as s, s.engine.begin() as conn:
        tables = ", ".join(t.name for t in reversed(metadata.sorted_tables))
        conn.execute(text(f"TRUNCATE {tables}"))
    return pg_database


@pytest.fixture
def pg_store(pg_url):
    s = open_store(pg_url)
    yield s
    s.close()


def test_postgres_idempotent(pg_store):
    assert pg_store.dialect == "postgresql"
    sqlite_tests.test_add_is_idempotent(pg_store)


def test_postgres_changed_document(pg_store):
    sqlite_tests.test_changed_document_replaces_rows(pg_store)


def test_postgres_failures(pg_store):
    sqlite_tests.test_failures_recorded_once(pg_store)


def test_postgres_queries(pg_store):
    sqlite_tests.test_event_queries(pg_store)


def test_postgres_migrations_match_schema(pg_store):
    from test_store_migrations import _diff

    from eventwire.store import migrate

    assert migrate.current(pg_store.engine) == migrate.head()
    assert _diff(pg_store.engine) == []


def test_postgres_refused_document_becomes_a_failure(pg_store):
    # PostgreSQL text cannot hold NUL: that one document is recorded as a failure, the batch goes on
    bad = Document(id="nul", text="a\x00b", published="2024-01-01")
    res = pg_store.add_all([make_doc("ok1"), bad, Failure(document="x", stage="ingest", reason="empty")])
    assert res.added == 1
    assert pg_store.known(["ok1", "nul"]) == {"ok1"}
    stages = {(f.document, f.stage) for f in pg_store.failures()}
    assert ("nul", "store") in stages and ("x", "ingest") in stages


def test_sqlite_and_postgres_store_the_same(pg_store, tmp_path):
    docs = [make_doc("s1"), make_doc("s2", etype="PROTEST", date="2024-03")]
    with open_store(tmp_path / "same.db") as lite:
        for s in (lite, pg_store):
            s.add_all(docs)
        assert [e.to_event_json() for e in lite.events()] == [e.to_event_json() for e in pg_store.events()]
        assert lite.counts() == pg_store.counts()
        assert list(lite.documents()) == list(pg_store.documents())


def test_postgres_batch_writes_what_one_by_one_writes(pg_store, tmp_path):
    from test_store import _snapshot, mixed_batch

    first, batch = mixed_batch()
    with open_store(tmp_path / "single.db") as lite:
        pg_store.add_all(first)
        lite.add_all(first)
        res = pg_store.add_all(batch)
        for x in batch:
            lite.add_failure(x) if isinstance(x, Failure) else lite.add(x)
        assert (res.added, res.unchanged, res.failures, res.events) == (8, 2, 1, 8)
        assert _snapshot(pg_store) == _snapshot(lite)

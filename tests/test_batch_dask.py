"""A real local Dask cluster (2 worker processes): SQLite through the client, PostgreSQL from the workers.

In-process, Dask and PostgreSQL runs over the same input give identical events.
"""

from __future__ import annotations

import pytest
from test_batch import TEXTS, events_of
from test_batch import articles as all_articles
from test_store_postgres import in_ci, pg_database, pg_url  # noqa: F401 - fixtures

from eventwire.batch import ingest, local_cluster
from eventwire.store import open_store

pytestmark = pytest.mark.dask


def articles():
    return all_articles(TEXTS[:4])  # short: worker start-up dominates anyway


@pytest.fixture(scope="module")
def cluster():
    """The cluster ``--workers 2`` starts, shared by the tests (workers load the model once)."""
    if not in_ci():  # in CI a missing Dask is a failure
        pytest.importorskip("distributed")
    with local_cluster(2) as lc:
        yield lc.scheduler_address


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    with open_store(tmp_path_factory.mktemp("ref") / "ref.db") as store:
        ingest(articles(), store)
        return events_of(store), [d.to_json() for d in store.documents()]


def test_dask_sqlite_matches_in_process(cluster, reference, tmp_path):
    with open_store(tmp_path / "dask.db") as store:
        report = ingest(articles(), store, cluster=cluster, chunk_size=2)
        assert report.workers == 2 and report.added == 4
        assert len(report.worker_rss_mb) == 2 and all(0 < v < 700 for v in report.worker_rss_mb.values())
        assert list(report.worker_pipelines.values()) == [1, 1]  # the model loaded once per worker
        assert events_of(store) == reference[0]
        assert [d.to_json() for d in store.documents()] == reference[1]
        again = ingest(articles(), store, cluster=cluster)
        assert (again.skipped, again.added) == (4, 0)


@pytest.mark.postgres
def test_dask_workers_write_postgres(cluster, reference, pg_url):  # noqa: F811
    with open_store(pg_url) as store:
        report = ingest(articles(), store, cluster=cluster, chunk_size=2)
        assert report.added == 4 and report.events == len(reference[0])
        assert events_of(store) == reference[0]
        assert [d.to_json() for d in store.documents()] == reference[1]



def test_cli_ingest_on_a_running_cluster(cluster, reference, tmp_path):
    """``eventwire ingest --cluster ADDR`` uses the scheduler it is given."""
    from click.testing import CliRunner

    from eventwire.cli import cli

    folder = tmp_path / "in"
    folder.mkdir()
    for i, a in enumerate(articles()):
        (folder / f"{i}.txt").write_text(a.raw)
    db = tmp_path / "cli.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--cluster", cluster,
                                      "--published", "2024-01-10"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "4 stored" in result.output and "2 Dask workers" in result.output
    assert "peak RSS per worker" in result.output

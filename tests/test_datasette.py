"""Datasette opens the SQLite store: the schema is plain enough to browse (one request to its JSON API)."""

from __future__ import annotations

import asyncio

import pytest
from test_store import make_doc

from eventwire.store import open_store


def test_datasette_browses_the_store(tmp_path):
    datasette_app = pytest.importorskip("datasette.app")
    path = tmp_path / "browse.db"
    with open_store(path) as store:
        store.add(make_doc("d1"))
        store.add(make_doc("d2", text="Protesters marched in Nairobi against taxes.", etype="PROTEST"))

    async def fetch():
        ds = datasette_app.Datasette([str(path)], immutables=[])
        events = await ds.client.get("/browse/events.json?_shape=objects&type=PROTEST")
        fts = await ds.client.get("/browse/articles.json?_search=Nairobi&_shape=objects")
        return events, fts

    events, fts = asyncio.run(fetch())
    assert events.status_code == 200, events.text
    rows = events.json()["rows"]
    assert [(r["article_id"], r["type"]) for r in rows] == [("d2", "PROTEST")]
    assert fts.status_code == 200, fts.text
    assert [r["id"] for r in fts.json()["rows"]] == ["d2"]  # Datasette found the FTS5 index on its own

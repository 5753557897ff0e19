"""The web API over the PostgreSQL store (the server ``scripts/services.sh start`` runs; EVENTWIRE_TEST_PG)."""

from __future__ import annotations

import warnings

import pytest
from test_store import make_doc
from test_store_postgres import pg_database, pg_url  # noqa: F401 - fixtures

from eventwire.model import Failure
from eventwire.store import open_store

pytest.importorskip("fastapi")
pytestmark = pytest.mark.postgres


@pytest.fixture
def client(pg_url):  # noqa: F811 - the imported fixture
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's notice about httpx, not ours
        from fastapi.testclient import TestClient

    from eventwire.web import create_app

    with open_store(pg_url) as store:
        store.add(make_doc("goma", title="Attack on Goma"))
        store.add(make_doc("kyiv", text="Protesters marched in Kyiv on Sunday, police said.", etype="PROTEST",
                           lat=50.45, lon=30.52, date="2024-03-03", published="2024-03-04", title="March in Kyiv"))
        store.add_failure(Failure(document="bad", origin="bad.txt", stage="ingest", reason="empty text"))
    with TestClient(create_app(pg_url)) as c:
        yield c


def test_api_on_postgres(client):
    page = client.get("/api/events", params={"sort": "date"}).json()
    assert page["total"] == 2 and [e["article"]["id"] for e in page["items"]] == ["goma", "kyiv"]
    newest = client.get("/api/events", params={"limit": 1}).json()
    assert [e["article"]["id"] for e in newest["items"]] == ["kyiv"] and newest["next"]
    rest = client.get("/api/events", params={"limit": 1, "cursor": newest["next"]}).json()
    assert [e["article"]["id"] for e in rest["items"]] == ["goma"] and rest["next"] is None
    assert client.get("/api/events", params={"type": "protest"}).json()["total"] == 1
    assert client.get("/api/events", params={"q": "marched"}).json()["items"][0]["article"]["id"] == "kyiv"
    near = client.get("/api/events", params={"near": "-1.68,29.22,20"}).json()
    assert [e["article"]["id"] for e in near["items"]] == ["goma"]
    assert client.get("/api/events", params={"actor": "m23"}).json()["total"] == 2  # make_doc: same actors
    assert client.get("/api/events", params={"actor": "nobody"}).json()["total"] == 0
    assert client.get("/api/events/goma/e1").json()["actor_names"] == ["M23 rebels"]
    assert client.get("/api/events/goma/e9").status_code == 404
    assert client.get("/api/articles/kyiv").json()["title"] == "March in Kyiv"
    assert [a["id"] for a in client.get("/api/articles", params={"q": "goma"}).json()["articles"]] == ["goma"]
    assert client.get("/api/failures").json()[0]["origin"] == "bad.txt"
    stats = client.get("/api/stats").json()
    assert stats["by_type"] == {"ASSAULT": 1, "PROTEST": 1} and stats["located"] == 2
    assert [(m["month"], m["count"]) for m in stats["by_month"]] == [("2024-01", 1), ("2024-03", 1)]
    assert len(client.get("/api/events.geojson").json()["features"]) == 2
    agg = client.get("/api/events.geojson", params={"zoom": 2}).json()["features"]
    assert sum(f["properties"]["count"] for f in agg) == 2 and all(f["properties"]["aggregate"] for f in agg)
    pts = client.get("/api/events.geojson", params={"zoom": 10, "bbox": "29,-2,30,-1"}).json()["features"]
    assert [f["properties"]["article_id"] for f in pts] == ["goma"]
    assert client.get("/api/actors", params={"prefix": "m2"}).json()[0]["name"] == "M23 rebels"
    assert client.get("/api/events", params={"country": "COD"}).json()["total"] == 2  # make_doc: place in CD
    assert client.get("/api/events", params={"country": "UKR,SYR"}).json()["total"] == 0
    assert client.get("/api/events", params={"actor": "x" * 20_000}).status_code == 400
    assert client.get("/api/events", params={"since": "nope"}).status_code == 400

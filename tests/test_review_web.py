"""The review and watchlist routes over a real SQLite file: reads are open, writes need a reviewer token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from test_review import TEXT, two_event_doc
from test_store import make_doc

from eventwire.review import add_token, reviews
from eventwire.store import open_store
from eventwire.watch import alerts, check_watchlists, watchlists
from eventwire.web import create_app


@pytest.fixture
def env(tmp_path):
    db = tmp_path / "web.db"
    with open_store(db) as s:
        s.add(two_event_doc())
        token = add_token(s, "ana")
    app = create_app(str(db))
    with TestClient(app) as client:
        yield client, app.state.store, token


WRITES = [
    ("post", "/api/review/events/doc1/e1/verdict", {"verdict": "not_event"}),
    ("post", "/api/review/events/doc1/e1/correct", {"field": "type", "value": "PROTEST"}),
    ("post", "/api/review/articles/doc1/events", {"start": 0, "end": 6, "fields": {"type": "ASSAULT"}}),
    ("post", "/api/review/merge", {"events": ["doc1:e1", "doc1:e2"]}),
    ("post", "/api/review/split", {"events": ["doc1:e1"]}),
    ("post", "/api/watchlists", {"name": "w", "query": {"type": "ASSAULT"}}),
]


def test_requests_without_a_valid_token_change_nothing(env):
    client, store, token = env
    with store.engine.connect() as conn:
        before = conn.exec_driver_sql("SELECT count(*) FROM reviews").scalar()
    for headers in ({}, {"Authorization": "Bearer nope"}, {"X-Eventwire-Token": token + "x"},
                    {"Authorization": token}):
        for method, url, body in WRITES:
            res = getattr(client, method)(url, json=body, headers=headers)
            assert res.status_code == 401, (url, headers, res.text)
        assert client.delete("/api/watchlists/w", headers=headers).status_code == 401
    assert reviews(store) == [] and before == 0 and watchlists(store) == []
    assert client.get("/api/review/whoami").status_code == 401


def test_reviewing_through_the_api(env):
    client, store, token = env
    auth = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/review/whoami", headers=auth).json() == {"reviewer": "ana"}
    page = client.get("/api/review/queue").json()
    assert page["total"] == 2 and page["items"][0]["status"] == "unreviewed"
    res = client.post("/api/review/events/doc1/e1/correct", headers=auth,
                      json={"field": "actors", "value": ["Armed Forces of DR Congo"], "note": "army"})
    assert res.status_code == 200 and res.json()["event"]["status"] == "corrected"
    assert client.post("/api/review/events/doc1/e1/correct", headers=auth,
                       json={"field": "modality", "value": "maybe"}).status_code == 400
    assert client.post("/api/review/events/doc1/e9/verdict", headers=auth,
                       json={"verdict": "right"}).status_code == 400
    assert client.post("/api/review/events/doc1/e2/verdict", headers={"X-Eventwire-Token": token},
                       json={"verdict": "not_event"}).json()["event"]["status"] == "not_event"
    start = TEXT.index("killing")
    res = client.post("/api/review/articles/doc1/events", headers=auth,
                      json={"start": start, "end": start + 7, "fields": {"type": "ASSAULT", "fatalities": 5}})
    assert res.json()["event"]["status"] == "added"
    art = client.get("/api/review/articles/doc1").json()
    assert art["text"] == TEXT and [e["status"] for e in art["events"]] == ["corrected", "not_event", "added"]
    assert client.get("/api/review/queue").json()["total"] == 0
    assert client.get("/api/review/queue", params={"status": "reviewed"}).json()["total"] == 3
    gold = client.get("/api/review/export", params={"format": "gold"}).text
    assert '"Armed Forces of DR Congo"' in gold and '"fatalities": 5' in gold
    found = client.get("/api/review/places", params={"q": "Goma"}).json()
    assert found and found[0]["name"] == "Goma" and abs(found[0]["lat"] + 1.68) < 0.1
    assert [r.reviewer for r in reviews(store)] == ["ana"] * 3


def test_watchlist_routes_and_atom_feed(env):
    client, store, token = env
    auth = {"Authorization": f"Bearer {token}"}
    res = client.post("/api/watchlists", headers=auth, json={"name": "goma", "query": {"actor": "M23"}})
    assert res.status_code == 200 and res.json()["query"]["actor"] == "M23"
    assert client.post("/api/watchlists", headers=auth, json={"name": "bad", "query": {"type": "X"}}).status_code == 400
    store.add(make_doc("new"))
    check_watchlists(store)
    assert len(alerts(store)) == 1
    feed = client.get("/api/watchlists/goma/feed.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert "<entry>" in feed.text and "/#event=new/e1" in feed.text
    assert client.get("/api/watchlists/goma/alerts").json()[0]["article_id"] == "new"
    assert client.get("/api/watchlists/none/feed.atom").status_code == 404
    assert client.delete("/api/watchlists/goma", headers=auth).json() == {"deleted": True}


def test_a_watchlist_of_the_main_uis_filters(env):
    """What the main UI's "Save as watchlist" posts: lists of types, actors and alpha-3 countries,
    min_fatalities and the map box; it alerts on a matching event and reads back from /api/watchlists."""
    client, store, token = env
    auth = {"Authorization": f"Bearer {token}"}
    query = {"type": ["PROTEST", "ASSAULT"], "actor": ["Nobody", "M23"], "country": ["KEN", "COD"],
             "modality": "actual", "min_fatalities": 3, "bbox": "28,-3,30,0"}
    res = client.post("/api/watchlists", headers=auth, json={"name": "kivu-box", "query": query})
    assert res.status_code == 200, res.text
    want = {**query, "country": ["KE", "CD"]}
    assert {k: v for k, v in res.json()["query"].items() if v is not None} == want
    listed = {w["name"]: w for w in client.get("/api/watchlists").json()}
    assert {k: v for k, v in listed["kivu-box"]["query"].items() if v is not None} == want
    for bad in ({"bbox": "-3,28,0"}, {"min_fatalities": -1}, {"country": ["KEN", "Kenya"]}, {"type": ["ASSAULT", "X"]}):
        r = client.post("/api/watchlists", headers=auth, json={"name": "bad", "query": bad})
        assert r.status_code == 400, (bad, r.text)
    r = client.post("/api/watchlists", headers=auth, json={"name": "bad", "query": {"since": "2024-01-01"}})
    assert r.status_code == 400 and "since" in r.text  # dates are not watchlist filters
    store.add(make_doc("new"))  # an ASSAULT in Goma by M23 rebels, 5 killed
    check_watchlists(store)
    assert [a.watchlist for a in alerts(store)] == ["kivu-box"]


def test_the_events_api_marks_reviewed_events_and_prefers_their_values(env):
    client, _store, token = env
    auth = {"Authorization": f"Bearer {token}"}
    before = {e["id"]: e for e in client.get("/api/events", params={"limit": 10}).json()["items"]}
    assert before and not any("review" in e for e in before.values())
    client.post("/api/review/events/doc1/e1/correct", headers=auth, json={"field": "type", "value": "PROTEST"})
    client.post("/api/review/events/doc1/e1/correct", headers=auth,
                json={"field": "actors", "value": ["Armed Forces of DR Congo"]})
    after = {e["id"]: e for e in client.get("/api/events", params={"limit": 10}).json()["items"]}
    e1 = after["e1"]
    assert e1["type"] == "PROTEST" and e1["actor_names"] == ["Armed Forces of DR Congo"]
    assert e1["review"]["status"] == "corrected" and set(e1["review"]["corrected"]) == {"type", "actors"}
    assert e1["review"]["reviewers"] == ["ana"]
    others = [e for k, e in after.items() if k != "e1"]
    assert others and all("review" not in e for e in others)

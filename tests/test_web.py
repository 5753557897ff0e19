"""The web API (FastAPI TestClient) on a real SQLite store filled by the real pipeline from the sample dispatches."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from conftest import ROOT  # noqa: E402

from eventwire.errors import ConfigError, EventwireError, InputError, StageError, StoreError  # noqa: E402
from eventwire.store import open_store  # noqa: E402

SAMPLES = ROOT / "samples" / "dispatches"


def fill_store(db: Path, inputs: list[Path]) -> None:
    """Run the inputs through the real pipeline into the store at ``db`` (what ``eventwire ingest`` does)."""
    from eventwire.batch import ingest
    from eventwire.ingest import read_paths

    with open_store(db) as store:
        ingest(read_paths(inputs), store)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:  # noqa: ARG001 - loads the model once
    root = tmp_path_factory.mktemp("web")
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("   \n", encoding="utf-8")  # recorded as a failure, never dropped
    path = root / "events.db"
    fill_store(path, [SAMPLES, bad])
    return path


@pytest.fixture(scope="module")
def client(db: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's notice about httpx, not ours
        from fastapi.testclient import TestClient

    from eventwire.web import create_app

    with TestClient(create_app(str(db))) as c:
        yield c


@pytest.fixture(scope="module")
def all_events(client) -> list[dict]:
    body = client.get("/api/events", params={"limit": 1000, "sort": "date"}).json()
    assert body["total"] == len(body["items"]) > 0, "the sample dispatches give events"
    return body["items"]


# -- events -----------------------------------------------------------------------------------------


def test_events_carry_article_names_and_day(all_events):
    for ev in all_events:
        assert {"id", "type", "modality", "evidence", "article", "actor_names", "place_detail", "day"} <= set(ev)
        assert ev["article"]["id"]
        assert ev["evidence"]["end"] > ev["evidence"]["start"]
    days = [ev["day"] for ev in all_events if ev["day"]]
    assert days == sorted(days), "events come by date"


def test_events_pages_slice_the_whole_list(client, all_events):
    page = client.get("/api/events", params={"limit": 3, "offset": 2, "sort": "date"}).json()
    assert page["total"] == len(all_events)
    assert (page["offset"], page["limit"]) == (2, 3)
    assert [(e["article"]["id"], e["id"]) for e in page["items"]] == [
        (e["article"]["id"], e["id"]) for e in all_events[2:5]
    ]
    past = client.get("/api/events", params={"offset": len(all_events) + 10}).json()
    assert past["items"] == [] and past["total"] == len(all_events)


def test_event_filters(client, all_events):
    etype = all_events[0]["type"]
    got = client.get("/api/events", params={"type": etype.lower(), "limit": 1000}).json()
    assert got["total"] == sum(1 for e in all_events if e["type"] == etype)
    assert {e["type"] for e in got["items"]} == {etype}

    mod = all_events[0]["modality"]
    got = client.get("/api/events", params={"modality": mod.upper(), "limit": 1000}).json()
    assert got["total"] == sum(1 for e in all_events if e["modality"] == mod)

    day = all_events[-1]["day"]
    got = client.get("/api/events", params={"since": day, "limit": 1000}).json()
    assert 0 < got["total"] <= len(all_events)

    art = all_events[0]["article"]
    word = next(w for w in (art["title"] or "").split() if len(w) > 4 and w.isalpha())
    got = client.get("/api/events", params={"q": word, "limit": 1000}).json()
    assert art["id"] in {e["article"]["id"] for e in got["items"]}
    assert client.get("/api/events", params={"q": "zzqxjv"}).json()["total"] == 0
    assert client.get("/api/events", params={"type": "", "q": " "}).json()["total"] == len(all_events)


def test_event_filter_near(client, all_events):
    placed = [e for e in all_events if e["place_detail"] and e["place_detail"]["lat"] is not None]
    if not placed:
        pytest.skip("no located events in the samples yet")
    p = placed[0]["place_detail"]
    got = client.get("/api/events", params={"near": f"{p['lat']},{p['lon']},50", "limit": 1000}).json()
    assert (placed[0]["article"]["id"], placed[0]["id"]) in {(e["article"]["id"], e["id"]) for e in got["items"]}
    assert all(e["distance_km"] <= 50 for e in got["items"])


def test_one_event_and_unknown_ids(client, all_events):
    ev = all_events[0]
    got = client.get(f"/api/events/{ev['article']['id']}/{ev['id']}")
    assert got.status_code == 200 and got.json() == ev
    r = client.get(f"/api/events/{ev['article']['id']}/nosuchevent")
    assert r.status_code == 404 and "nosuchevent" in r.json()["detail"]
    assert client.get(f"/api/events/nosucharticle/{ev['id']}").status_code == 404
    r = client.get("/api/no/such/route")
    assert r.status_code == 404 and r.json()["error"] == "NotFound"


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"type": "BOMBING"}, ["type", "BOMBING", "ASSAULT"]),
        ({"modality": "maybe"}, ["modality", "maybe"]),
        ({"since": "2024-13-01"}, ["since", "2024-13-01"]),
        ({"until": "yesterday"}, ["until"]),
        ({"since": "2024-02-01", "until": "2024-01-01"}, ["since", "after", "until"]),
        ({"near": "1,2"}, ["near", "LAT,LON,KM"]),
        ({"near": "95,0,10"}, ["near"]),
        ({"near": "0,0,-5"}, ["near"]),
        ({"limit": "ten"}, ["limit", "integer"]),
        ({"limit": "5000"}, ["limit", "1000"]),
        ({"offset": "-1"}, ["offset"]),
    ],
)
def test_bad_parameters_are_400_with_a_clear_message(client, params, words):
    r = client.get("/api/events", params=params)
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["error"] == "InputError"
    for w in words:
        assert w in body["detail"]


def test_bad_parameters_on_other_routes(client):
    assert client.get("/api/stats", params={"modality": "maybe"}).status_code == 400
    assert client.get("/api/events.geojson", params={"near": "x"}).status_code == 400
    assert client.get("/api/articles", params={"limit": -1}).status_code == 400
    r = client.get("/api/articles", params={"q": "!!!"})
    assert r.status_code == 400 and "q" in r.json()["detail"]


# -- articles ---------------------------------------------------------------------------------------


def test_article_is_the_document_record(client, all_events):
    art = all_events[0]["article"]
    doc = client.get(f"/api/articles/{art['id']}").json()
    assert doc["schema"] == "eventwire.document/1"
    assert doc["id"] == art["id"] and doc["title"] == art["title"]
    for key in ("text", "removed", "actors", "places", "times", "quotes", "events"):
        assert key in doc
    for ev in doc["events"]:
        sp = ev["evidence"]
        assert doc["text"][sp["start"] : sp["end"]] == sp["text"]
    r = client.get("/api/articles/nosucharticle")
    assert r.status_code == 404 and r.json()["detail"] == "no article 'nosucharticle'"


def test_article_search(client, db):
    with open_store(db) as store:
        docs = list(store.documents())
    everything = client.get("/api/articles").json()
    assert everything["total"] == len(docs) > 0
    published = [a["published"] or "" for a in everything["articles"]]
    assert published == sorted(published, reverse=True), "newest first"

    doc = docs[0]
    words = [w for w in doc.text.split() if w.isalpha() and len(w) > 5][:2]
    found = client.get("/api/articles", params={"q": " ".join(words).upper()}).json()
    hit = next(a for a in found["articles"] if a["id"] == doc.id)
    assert hit["n_events"] == len(doc.events)
    assert words[0].casefold() in hit["snippet"].casefold()
    assert client.get("/api/articles", params={"q": f"{words[0]} zzqxjv"}).json()["total"] == 0
    page = client.get("/api/articles", params={"limit": 1, "offset": 1}).json()
    assert page["articles"] == everything["articles"][1:2]


# -- failures, stats, map ---------------------------------------------------------------------------


def test_failures_are_listed(client):
    rows = client.get("/api/failures").json()
    bad = [f for f in rows if (f["origin"] or "").endswith("empty.txt")]
    assert bad and bad[0]["stage"] and "empty" in bad[0]["reason"]
    assert {"document", "origin", "stage", "reason", "created_at"} <= set(bad[0])


def test_stats_count_the_matching_events(client, all_events):
    st = client.get("/api/stats").json()
    assert st["events"] == len(all_events) == st["counts"]["events"]
    assert st["counts"]["articles"] > 0 and st["counts"]["failures"] >= 1
    assert sum(st["by_type"].values()) == len(all_events)
    assert sum(st["by_modality"].values()) == len(all_events)
    assert st["by_month"] and st["first_month"] == st["by_month"][0]["month"]
    for bar in st["by_month"]:  # a month's count is what its filter returns
        got = client.get("/api/events", params={"since": bar["since"], "until": bar["until"], "limit": 1}).json()
        assert got["total"] == bar["count"], bar
    etype = all_events[0]["type"]
    one = client.get("/api/stats", params={"type": etype}).json()
    assert one["by_type"] == {etype: st["by_type"][etype]}
    # counts=false leaves out the rows per table (the UI asks for them once), nothing else
    bare = client.get("/api/stats", params={"counts": "false"}).json()
    assert bare["counts"] == {} and {k: v for k, v in bare.items() if k != "counts"} == {
        k: v for k, v in st.items() if k != "counts"}


def test_geojson_has_one_point_per_located_event(client, all_events):
    r = client.get("/api/events.geojson")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    located = [e for e in all_events if e["place_detail"] and e["place_detail"]["lat"] is not None]
    assert len(fc["features"]) == len(located) == client.get("/api/stats").json()["located"]
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["id"] == f"{f['properties']['article']}-{f['properties']['event']}"
        assert f["properties"]["day"] and f["properties"]["evidence"]


# -- UI files, docs ---------------------------------------------------------------------------------


def test_index_static_and_docs(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    for needle in ('id="filters"', 'id="map"', 'id="timeline"', 'id="events"', 'id="article-view"'):
        assert needle in page.text
    assert not re.search(r"https?://", page.text), "no external resources"
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "/api/events.geojson" in js.text
    assert set(re.findall(r"https?://[^\s\"']+", js.text)) <= {"http://www.w3.org/2000/svg"}, "only the SVG namespace"
    assert client.get("/static/app.css").status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert not re.findall(r"(?:src|href)=\"https?://", docs.text), "Swagger UI from the package, not a CDN"
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/events", "/api/events/{article_id}/{event_id}", "/api/articles", "/api/articles/{article_id}",
              "/api/failures", "/api/stats", "/api/events.geojson"):
        assert p in paths


# -- error mapping, app factory, CLI ----------------------------------------------------------------


def test_library_errors_map_to_statuses():
    from eventwire.web.app import status_for

    class Odd(InputError):
        pass

    assert status_for(InputError("x")) == 400
    assert status_for(Odd("x")) == 400
    assert status_for(StoreError("x")) == 503
    assert status_for(ConfigError("x")) == 500
    assert status_for(StageError("geo.v1", "x")) == 500
    assert status_for(EventwireError("x")) == 500


def test_store_error_during_a_request_is_503(db, monkeypatch):
    from fastapi.testclient import TestClient

    from eventwire.web import create_app

    app = create_app(str(db))

    def broken(*_a, **_k):
        raise StoreError("database is locked")

    monkeypatch.setattr(app.state.store, "failures", broken)
    r = TestClient(app).get("/api/failures")
    assert r.status_code == 503 and r.json() == {"error": "StoreError", "detail": "database is locked"}


def test_create_app_fails_early_on_a_bad_store(tmp_path):
    from eventwire.web import create_app

    with pytest.raises(StoreError):
        create_app(str(tmp_path / "no" / "such" / "folder" / "x.db"))


def test_serve_command(tmp_path, capsys):
    from eventwire.cli import main

    with pytest.raises(SystemExit) as e:
        main(["serve", "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "--db" in out and "--host" in out and "--port" in out
    with pytest.raises(SystemExit) as e:
        main(["serve", "--db", str(tmp_path / "no" / "such" / "x.db"), "--port", "0"])
    assert e.value.code == StoreError.exit_code
    assert "error" in capsys.readouterr().err


def test_serve_runs_uvicorn_on_the_store(db):
    import json
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=5) as r:
                    stats = json.load(r)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"serve exited: {proc.stderr.read().decode()}")
                if time.monotonic() > deadline:
                    pytest.fail("serve did not answer within 60 s")
                time.sleep(0.2)
        assert stats["counts"]["articles"] > 0
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert f"at http://127.0.0.1:{port}/" in proc.stderr.read().decode()


# -- real-world events (clusters) -------------------------------------------------------------------


def test_clusters_merge_the_two_reports_of_the_goma_shelling(client):
    body = client.get("/api/clusters").json()
    assert body["total"] == len(body["clusters"]) >= 1
    for c in body["clusters"]:
        assert c["reports"] >= 2 and len({m["article_id"] for m in c["members"]}) == c["reports"]
    goma = [c for c in body["clusters"] if {m["source"] for m in c["members"]} >= {
        "eventwire sample dispatches", "eventwire sample wire service"}]
    assert goma, "the two sample reports of the same shelling are one real-world event"
    first = goma[0]["members"][0]
    assert first["title"] and first["evidence"]
    again = client.get(f"/api/events/{first['article_id']}/{first['event_id']}/reports").json()
    assert again["id"] == goma[0]["id"] and again["reports"] == goma[0]["reports"]


def test_every_event_belongs_to_one_cluster(client, all_events):
    ev = all_events[0]
    body = client.get(f"/api/events/{ev['article']['id']}/{ev['id']}/reports").json()
    assert body["reports"] >= 1 and any(m["event_id"] == ev["id"] for m in body["members"])
    everything = client.get("/api/clusters", params={"min_reports": 1, "limit": 1000}).json()
    for c in everything["clusters"]:  # each reporting article listed once
        assert len({m["article_id"] for m in c["members"]}) == len(c["members"]) == c["reports"]
    listed = {(m["article_id"], m["event_id"]) for c in everything["clusters"] for m in c["members"]}
    assert {a for a, _ in listed} == {e["article"]["id"] for e in all_events}


def test_cluster_errors(client):
    assert client.get("/api/events/nope/e1/reports").status_code == 404
    assert client.get("/api/clusters", params={"min_reports": 0}).status_code == 400
    assert client.get("/api/clusters", params={"limit": -1}).status_code == 400

"""The web API over a synthetic archive (``bench/archive.py``): keyset pages, exports of the filtered set, map
aggregates, autocomplete, and the hardening of issue 16 (Host allow-list, security headers, HEAD, JSON errors,
strict dates, literal LIKE, safe links)."""

from __future__ import annotations

import csv
import io
import sys
import warnings

import pytest

pytest.importorskip("fastapi")

from conftest import ROOT  # noqa: E402
from test_store import make_doc  # noqa: E402

from eventwire.store import open_store  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import archive  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from eventwire.web import create_app

    db = tmp_path_factory.mktemp("webscale") / "a.db"
    with open_store(db) as s:
        s.add_all(list(archive.Generator(seed=11).documents(600)))
        bad = make_doc("jsurl", title="A link", published="2024-05-01")
        s.add(bad.model_copy(update={"url": "javascript:alert(1)"}))
    with TestClient(create_app(str(db)), raise_server_exceptions=False) as c:
        yield c


def test_pages_follow_the_cursor(client):
    first = client.get("/api/events", params={"limit": 100, "type": "ASSAULT,PROTEST"}).json()
    assert set(first) >= {"items", "next", "total"} and len(first["items"]) == 100
    seen = [(e["article"]["id"], e["id"]) for e in first["items"]]
    nxt = first["next"]
    while nxt:
        page = client.get("/api/events", params={"limit": 100, "type": "ASSAULT,PROTEST", "cursor": nxt}).json()
        seen += [(e["article"]["id"], e["id"]) for e in page["items"]]
        nxt = page["next"]
    assert len(seen) == len(set(seen)) == first["total"]
    days = [e["day"] for e in first["items"]]
    assert days == sorted(days, reverse=True), "newest first by default"
    assert {e["type"] for e in first["items"]} <= {"ASSAULT", "PROTEST"}
    by_fat = client.get("/api/events", params={"sort": "-fatalities", "limit": 20}).json()["items"]
    fats = [e["fatalities"] or 0 for e in by_fat]
    assert fats == sorted(fats, reverse=True)
    assert client.get("/api/events", params={"cursor": "zzz"}).status_code == 400
    assert client.get("/api/events", params={"sort": "title"}).status_code == 400


def test_filters_repeat_and_combine(client):
    both = client.get("/api/events", params=[("type", "ASSAULT"), ("type", "PROTEST"), ("limit", 1)]).json()
    one = client.get("/api/events", params={"type": "ASSAULT", "limit": 1}).json()
    other = client.get("/api/events", params={"type": "PROTEST", "limit": 1}).json()
    assert both["total"] == one["total"] + other["total"]
    fat = client.get("/api/events", params={"min_fatalities": 5, "limit": 1000}).json()
    assert fat["items"] and all(e["fatalities"] >= 5 for e in fat["items"])
    box = client.get("/api/events", params={"bbox": "20,40,45,55", "limit": 1000}).json()
    assert all(20 <= e["place_detail"]["lon"] <= 45 and 40 <= e["place_detail"]["lat"] <= 55 for e in box["items"])
    ua = client.get("/api/events", params={"country": "UKR", "limit": 1000}).json()
    assert ua["items"] and {e["place_detail"]["country_code"] for e in ua["items"]} == {"UA"}
    assert client.get("/api/events", params={"country": "XYZ"}).status_code == 400
    assert client.get("/api/events", params={"bbox": "1,2,3"}).status_code == 400
    assert client.get("/api/events", params={"min_fatalities": "many"}).status_code == 400


def test_stats_months_equal_their_filters(client):
    st = client.get("/api/stats", params={"type": "ASSAULT"}).json()
    assert st["events"] == sum(st["by_type"].values()) == client.get(
        "/api/events", params={"type": "ASSAULT", "limit": 1}).json()["total"]
    for bar in st["by_month"][::7]:
        got = client.get("/api/events", params={"type": "ASSAULT", "since": bar["since"], "until": bar["until"],
                                                "limit": 1}).json()
        assert got["total"] == bar["count"]


def test_exports_stream_the_filtered_set(client):
    total = client.get("/api/events", params={"type": "ASSAULT", "limit": 1}).json()["total"]
    r = client.get("/api/events.csv", params={"type": "ASSAULT"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == total and {row["type"] for row in rows} == {"ASSAULT"}
    acled = list(csv.DictReader(io.StringIO(client.get("/api/events.acled.csv", params={"type": "ASSAULT"}).text)))
    assert acled and "event_id_cnty" in acled[0] and len(acled) <= total
    fc = client.get("/api/events.geojson", params={"type": "ASSAULT"}).json()
    assert len(fc["features"]) == total  # the synthetic events all have a place


def test_map_aggregates_at_low_zoom_and_points_up_close(client):
    low = client.get("/api/events.geojson", params={"zoom": 2}).json()
    assert low["features"] and all(f["properties"]["aggregate"] for f in low["features"])
    located = client.get("/api/stats").json()["located"]
    assert sum(f["properties"]["count"] for f in low["features"]) == located
    for f in low["features"]:
        w, s, e, n = f["properties"]["cell"]
        lon, lat = f["geometry"]["coordinates"]
        assert w - 1e-6 <= lon <= e + 1e-6 and s - 1e-6 <= lat <= n + 1e-6
    close = client.get("/api/events.geojson", params={"zoom": 9, "bbox": "20,40,45,55"}).json()
    assert close["features"] and not any(f["properties"].get("aggregate") for f in close["features"])
    props = close["features"][0]["properties"]
    assert set(props) >= {"article_id", "event_id", "type", "date", "date_precision", "precision", "radius_km",
                          "place", "fatalities", "modality", "title"}
    assert client.get("/api/events.geojson", params={"zoom": 30}).status_code == 400


def test_autocomplete(client):
    got = client.get("/api/actors", params={"prefix": "isl", "limit": 3}).json()
    assert 0 < len(got) <= 3 and all(set(g) == {"id", "name", "count"} for g in got)
    ev = client.get("/api/events", params={"actor": got[0]["id"], "limit": 1}).json()
    assert ev["total"] >= got[0]["count"]
    countries = client.get("/api/countries", params={"prefix": "syr"}).json()
    assert countries[0]["id"] == "SYR" and countries[0]["count"] > 0


def test_articles_full_text_pages(client):
    first = client.get("/api/articles", params={"limit": 50}).json()
    seen = [a["id"] for a in first["items"]]
    nxt = first["next"]
    while nxt:
        page = client.get("/api/articles", params={"limit": 50, "cursor": nxt}).json()
        seen += [a["id"] for a in page["items"]]
        nxt = page["next"]
    assert len(seen) == len(set(seen)) == first["total"]


def test_other_reports_list_each_article_once(client):
    page = client.get("/api/clusters", params={"min_reports": 2, "limit": 5}).json()
    assert page["clusters"]
    c = page["clusters"][0]
    m = c["members"][0]
    again = client.get(f"/api/events/{m['article_id']}/{m['event_id']}/reports").json()
    ids = [x["article_id"] for x in again["members"]]
    assert len(ids) == len(set(ids)) == again["reports"] >= 2


# -- hardening -------------------------------------------------------------------------------------


def test_unknown_host_is_refused(client):
    r = client.get("/api/stats", headers={"host": "rebind.attacker.example"})
    assert r.status_code == 400 and r.json()["error"] == "InputError"
    assert client.get("/api/stats", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/api/stats", headers={"host": "127.0.0.1"}).status_code == 200


def test_allowed_hosts_are_configurable(tmp_path):
    from fastapi.testclient import TestClient

    from eventwire.web import create_app

    app = create_app(str(tmp_path / "h.db"), allowed_hosts=["events.example.org"])
    with TestClient(app, base_url="http://events.example.org") as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"host": "localhost"}).status_code == 400


def test_security_headers(client):
    for path in ("/", "/api/stats", "/static/app.js"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "img-src 'self' data:" in csp
        assert "script-src 'self'" in csp and "http" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_head_is_allowed(client):
    for path in ("/", "/api/stats", "/api/events"):
        r = client.head(path)
        assert r.status_code == 200 and r.content == b""


@pytest.mark.parametrize("params", [
    {"since": "2024-01-01garbage"}, {"until": "2024-1-1"}, {"since": "2024-01-01T00:00"}, {"actor": "x" * 20_000},
    {"q": "y" * 5_000}, {"near": "nan,0,10"},
])
def test_query_errors_are_400_json(client, params):
    r = client.get("/api/events", params=params)
    assert r.status_code == 400 and r.json()["error"] == "InputError", r.text


def test_library_rejects_a_huge_actor():
    from eventwire.errors import InputError
    from eventwire.web.service import event_query

    with pytest.raises(InputError):
        event_query(actor="x" * 100_000)


def test_like_wildcards_are_literal(client):
    for v in ("%", "_", "%%", "a%", "\\"):
        assert client.get("/api/events", params={"actor": v}).json()["total"] == 0


def test_only_http_urls_are_links(client):
    ev = client.get("/api/events", params={"article": "jsurl"}).json()["items"][0]
    assert ev["article"]["url"] is None and ev["article"]["url_safe"] is None
    assert client.get("/api/articles/jsurl").json()["url_safe"] is None
    good = client.get("/api/events", params={"limit": 1, "type": "PROTEST"}).json()["items"][0]
    assert good["article"]["url_safe"].startswith("https://")


def test_unexpected_errors_are_json_500(client, monkeypatch):
    store = client.app.state.store

    def boom(*_a, **_k):
        raise RuntimeError("surprise")

    monkeypatch.setattr(store, "failures", boom)
    r = client.get("/api/failures")
    assert r.status_code == 500 and r.json()["error"] == "InternalError"

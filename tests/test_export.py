"""Exports: ACLED's 31 columns, PLOVER JSONL, GeoJSON, our JSONL (round trip)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_store import make_doc

from eventwire.errors import ConfigError
from eventwire.export import FORMATS, export
from eventwire.export.acled import COLUMNS, disorder_type, interaction
from eventwire.model import Document


def _docs():
    planned = make_doc("d2", modality="planned", date="2024-02", etype="THREATEN")
    unlocated = make_doc("d3")
    unlocated.events[0].place = None
    return [make_doc("d1"), planned, unlocated]


def test_acled_columns_and_codes():
    out = io.StringIO()
    n = export(_docs(), "acled", out, timestamp=1700000000)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(COLUMNS) == 31 and list(rows[0]) == list(COLUMNS)
    assert n == len(rows) == 2  # the planned event is not an ACLED event
    r = rows[0]
    assert r["event_date"] == "2024-01-08" and r["year"] == "2024" and r["time_precision"] == "1"
    assert (r["event_type"], r["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert r["disorder_type"] == "Political violence"
    assert (r["actor1"], r["inter1"], r["actor2"], r["inter2"]) == ("M23 rebels", "2", "Civilians (DR Congo)", "7")
    assert r["interaction"] == "27" and r["civilian_targeting"] == "Civilian targeting"
    assert (r["iso"], r["country"], r["region"]) == ("180", "Democratic Republic of the Congo", "Middle Africa")
    assert (r["location"], r["admin1"], r["geo_precision"]) == ("Goma", "North Kivu", "1")
    assert float(r["latitude"]) == pytest.approx(-1.6792) and float(r["longitude"]) == pytest.approx(29.2228)
    assert r["fatalities"] == "5" and r["timestamp"] == "1700000000" and r["source"] == "Example"
    assert r["event_id_cnty"].startswith("COD-")
    # no place: country from the actors, no coordinates
    r3 = rows[1]
    assert r3["country"] == "Democratic Republic of the Congo" and r3["latitude"] == "" and r3["location"] == ""


@pytest.mark.parametrize(
    "i1, i2, expected", [(1, 2, 12), (2, 1, 12), (2, 7, 27), (6, None, 60), (6, 0, 60), (None, None, None), (1, 1, 11)]
)
def test_interaction(i1, i2, expected):
    assert interaction(i1, i2) == expected


def test_disorder_type():
    assert disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert disorder_type("Riots", "Violent demonstration") == "Political violence; Demonstrations"
    assert disorder_type("Strategic developments", "Arrests") == "Strategic developments"
    assert disorder_type("Battles", "Armed clash") == "Political violence"


def test_acled_dates_that_are_not_calendar_days():
    month = make_doc("m", date="2024-02")
    month.events[0].date.precision = "month"
    odd = make_doc("o", date="XXXX-WXX-1", published="2024-01-10")
    odd.events[0].date.precision = None
    out = io.StringIO()
    export([month, odd], "acled", out, timestamp=0)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["event_date"], r["time_precision"]) for r in rows] == [("2024-02-01", "3"), ("2024-01-10", "2")]


def test_plover_jsonl():
    out = io.StringIO()
    n = export(_docs(), "plover", out)
    recs = [json.loads(line) for line in out.getvalue().splitlines()]
    assert n == len(recs) == 3
    r = recs[0]
    assert {"id", "date", "event", "mode", "context", "actor", "recipient", "event_loc", "eventText", "text",
            "textInfo", "modality"} <= set(r)
    assert r["event"] == "ASSAULT" and r["mode"] == "firearms" and r["date"] == "2024-01-08"
    assert r["actor"][0]["actorText"] == "Rebels" and r["actor"][0]["code"] == "COD"
    assert r["recipient"][0]["name"] == "Civilians (DR Congo)"
    assert r["event_loc"]["country"] == "COD" and r["event_loc"]["geonameid"] == 216281
    s, e = r["textInfo"]["spans"]["event"]
    assert _docs()[0].text[s:e] == r["eventText"]
    assert recs[1]["modality"] == "planned" and recs[1]["date"] == "2024-02"
    assert "event_loc" not in recs[2]  # only non-null fields
    assert all(v is not None for rec in recs for v in rec.values())


def test_geojson_feature_collection():
    out = io.StringIO()
    n = export(_docs(), "geojson", out)
    fc = json.loads(out.getvalue())
    assert fc["type"] == "FeatureCollection" and n == len(fc["features"]) == 2  # d3's event has no place
    for f in fc["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert lon == pytest.approx(29.2228)
    assert fc["features"][0]["properties"]["actors"] == ["M23 rebels"]


def test_jsonl_round_trip():
    docs = _docs()
    out = io.StringIO()
    assert export(docs, "jsonl", out) == 3
    assert [Document.model_validate_json(line) for line in out.getvalue().splitlines()] == docs


def test_empty_input_and_unknown_format():
    for fmt in FORMATS:
        out = io.StringIO()
        assert export([], fmt, out) == 0
    out = io.StringIO()
    export([], "geojson", out)
    assert json.loads(out.getvalue()) == {"type": "FeatureCollection", "features": []}
    with pytest.raises(ConfigError):
        export([], "xml", io.StringIO())

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
    assert recs[2]["event_loc"] is None  # every field present, null when unknown


def test_plover_records_carry_every_field_even_when_unknown():
    """A reader of the JSONL never meets a missing key: lists are [] and the rest null when unknown."""
    from eventwire.export.plover import ACTOR_FIELDS, FIELDS, MERGED_FIELDS, PLACE_FIELDS

    bare = make_doc("bare")
    ev = bare.events[0]
    ev.place, ev.actors, ev.recipients, ev.mode, ev.context, ev.attribution = None, [], [], None, [], None
    out = io.StringIO()
    export([make_doc("full"), bare], "plover", out)
    full, empty = [json.loads(line) for line in out.getvalue().splitlines()]
    assert list(full) == list(empty) == list(FIELDS)
    assert empty["actor"] == [] and empty["recipient"] == [] and empty["context"] == []
    assert empty["event_loc"] is None and empty["mode"] is None and empty["attribution"] is None
    assert all(list(a) == list(ACTOR_FIELDS) for a in full["actor"] + full["recipient"])
    assert list(full["event_loc"]) == list(PLACE_FIELDS)
    out = io.StringIO()
    export(_two_reports(), "plover", out, merged=True)
    for rec in map(json.loads, out.getvalue().splitlines()):
        assert list(rec) == list(FIELDS) + [f for f in MERGED_FIELDS if f not in FIELDS]


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


def _two_reports():
    """The same attack reported by two outlets (different wording, fatalities 5 and 7), and an unrelated
    attack far away and weeks later."""
    a = make_doc("r1")
    b = make_doc("r2", text="Rebels attacked Goma on Monday, killing 7 civilians, officials said.",
                 published="2024-01-11")
    b.source, b.events[0].fatalities, b.events[0].confidence = "Other Wire", 7, 0.6
    far = make_doc("r3", date="2024-03-20", published="2024-03-21", lat=0.5, lon=25.2)
    far.places[0].name, far.places[0].geonameid, far.places[0].text = "Kisangani", 212730, "Goma"
    return [a, b, far]


def test_acled_merged_writes_one_row_per_real_world_event():
    plain, merged = io.StringIO(), io.StringIO()
    assert export(_two_reports(), "acled", plain, timestamp=0) == 3
    assert export(_two_reports(), "acled", merged, timestamp=0, merged=True) == 2
    rows = list(csv.DictReader(io.StringIO(merged.getvalue())))
    both = next(r for r in rows if "reports=2" in r["tags"])
    assert both["source"] == "Example; Other Wire"  # earliest report first
    assert both["fatalities"] == "5"  # the most conservative figure of the reports
    assert both["notes"].startswith("Rebels attacked Goma") and both["event_id_cnty"].startswith("COD-c")
    single = next(r for r in rows if r is not both)
    assert "reports=1" in single["tags"] and single["source"] == "Example"


def test_geojson_and_plover_merged_name_the_cluster_and_its_sources():
    out = io.StringIO()
    assert export(_two_reports(), "geojson", out, merged=True) == 2
    feats = json.loads(out.getvalue())["features"]
    both = next(f for f in feats if f["properties"]["reports"] == 2)
    assert both["id"] == both["properties"]["cluster"]
    assert sorted(both["properties"]["members"]) == ["r1:e1", "r2:e1"]
    assert both["properties"]["sources"] == ["Example", "Other Wire"]
    out = io.StringIO()
    assert export(_two_reports(), "plover", out, merged=True) == 2
    recs = [json.loads(line) for line in out.getvalue().splitlines()]
    assert sorted(r["reports"] for r in recs) == [1, 2]
    assert next(r for r in recs if r["reports"] == 2)["dead"] == 5


def test_merged_needs_an_event_format():
    with pytest.raises(ConfigError, match="merged"):
        export(_two_reports(), "jsonl", io.StringIO(), merged=True)

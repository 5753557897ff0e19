"""The ACLED and PLOVER scorers: layouts, dates, matching rules, and small gold runs."""

from __future__ import annotations

import json

import pytest
from conftest import shared_path

from eventwire.evaluate import acled as A
from eventwire.evaluate import plover as P
from eventwire.model import Actor, Document, Event, Place


@pytest.mark.parametrize("raw,iso", [
    ("21 March 2020", "2020-03-21"),
    ("9-May-20", "2020-05-09"),
    ("31-12-19", "2019-12-31"),
    ("2019-12-31", "2019-12-31"),
    ("05 January 1997", "1997-01-05"),
    ("", None),
    ("not a date", None),
])
def test_parse_date(raw, iso):
    assert A.parse_date(raw) == iso


def test_published_from_timestamp_else_a_week_after():
    assert A.published_for({"timestamp": "1584984341", "event_date": "21 March 2020"}) == "2020-03-23"
    assert A.published_for({"timestamp": "", "event_date": "21 March 2020"}) == "2020-03-28"
    assert A.published_for({"event_date": ""}) is None


def test_reads_current_and_pre_2019_layouts(tmp_path):
    new = tmp_path / "new.csv"
    row = "9-May-20,Protests,Peaceful protest,Protesters (Kenya),-1.28,36.82"
    new.write_text("event_date,event_type,sub_event_type,actor1,latitude,longitude,notes,fatalities,timestamp\n"
                   f'{row},"Teachers protested.",0,1589220519\n'
                   f'{row},"",0,1589220519\n')
    old = tmp_path / "old.csv"
    old.write_text("GWNO,EVENT_DATE,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,LATITUDE,LONGITUDE,NOTES,FATALITIES\n"
                   '501,05/01/1997,Riots/Protests,Rioters (Kenya),,-1.28,36.82,"Students rioted.",0\n')
    rows = A.read_rows(new)
    assert len(rows) == 1 and rows[0]["sub_event_type"] == "Peaceful protest"
    (old_row,) = A.read_rows(old)
    assert old_row["assoc_actor_1"] == "" and old_row["notes"] == "Students rioted."
    gold = A.Gold(old_row)
    assert gold.event_types == {"Protests", "Riots"} and gold.sub_event_type is None
    assert gold.date == "1997-01-05" and gold.fatalities == 0
    assert len(A.read_rows(tmp_path)) == 2


def test_not_an_acled_file(tmp_path):
    from eventwire.errors import EvalError

    f = tmp_path / "x.csv"
    f.write_text("a,b\n1,2\n")
    with pytest.raises(EvalError):
        A.read_rows(f)


def test_norm_name_and_actor_match():
    assert A.norm_name("Military Forces of Afghanistan (2014-)") == "military forces of afghanistan"
    assert A.norm_name("The Taliban") == "taliban"


def test_actor_forms_accept_the_actor_or_its_named_sub_unit():
    forms = A.actor_forms("Military Forces of Libya (2016-) Government of National Accord")
    assert {"military forces of libya", "government of national accord"} <= forms
    assert A.actor_forms("Protesters (Kenya)") == {"protesters"}
    assert "boko haram" in A.actor_forms("Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah")
    from eventwire.evaluate.actors import parse_acled_name

    assert "governmentofnationalaccord" in parse_acled_name("Military Forces of Libya (2016-) Government of "
                                                            "National Accord")[0]


def test_best_event_prefers_most_agreeing_fields():
    from eventwire.model import AcledCode, Document, EventDate, Span

    doc = Document(id="d", text="x", actors=[Actor(id="a1", name="Taliban", aliases=["Taleban"])],
                   places=[Place(id="p1", text="Kabul", start=0, end=1, lat=34.52, lon=69.18)])
    span = Span(start=0, end=1, text="x")
    wrong = Event(id="e1", type="ASSAULT", acled=AcledCode(event_type="Battles", sub_event_type="Armed clash"),
                  evidence=span, date=EventDate(value="2020-03-21"))
    right = Event(id="e2", type="ASSAULT", evidence=span, actors=["a1"], place="p1", fatalities=2,
                  acled=AcledCode(event_type="Violence against civilians", sub_event_type="Attack"),
                  date=EventDate(value="2020-03-21", precision="day"))
    doc.events = [wrong, right]
    gold = A.Gold({"event_type": "Violence against civilians", "sub_event_type": "Attack", "actor1": "Taliban",
                   "latitude": "34.5167", "longitude": "69.1833", "event_date": "21 March 2020", "fatalities": "2"})
    ev, hits = A.best_event(doc, gold)
    assert ev is right and all(v for v in hits.values() if v is not None)
    assert hits["actor2"] is None  # the row has no actor2: not scored


def test_primary_tally_scores_the_systems_own_event_and_counts_a_missing_one_wrong():
    from eventwire.model import AcledCode, Document, EventDate, Span

    span = Span(start=0, end=1, text="x")
    doc = Document(id="d", text="x", actors=[Actor(id="a1", name="Police"), Actor(id="a2", name="Protesters")])
    coded = Event(id="e1", type="PROTEST", acled=AcledCode(event_type="Protests", sub_event_type="Peaceful protest"),
                  evidence=span, actors=["a2"], recipients=["a1"], date=EventDate(value="2020-03-21", precision="day"))
    doc.events = [coded]
    row = {"event_type": "Protests", "sub_event_type": "Peaceful protest", "actor1": "Protesters (Kenya)",
           "actor2": "Police Forces of Kenya (2013-2022)", "event_date": "21 March 2020", "fatalities": "3"}
    gold = A.Gold(row)
    assert A.primary_of(doc) is coded
    t = A._Tally()
    t.add(gold, coded, A.field_hits(doc, coded, gold))
    t.add(gold, None, {})  # a row whose document has no event
    s = t.scores("primary_")
    assert s["primary_event_type_accuracy"] == 0.5 and s["primary_actor1_match"] == 0.5
    assert s["primary_actor2_match"] == 0.0  # "Police" is not "Police Forces of Kenya"
    assert s["primary_fatalities_exact"] == 0.0 and s["primary_fatalities_exact_nonzero"] == 0.0
    assert s["primary_sub_event_macro_f1"] == pytest.approx(2 / 3, abs=1e-4)


def test_acled_rows_split_by_event_id_within_each_country():
    rows = [{"event_id_cnty": f"{c}{i}", "country": c, "notes": "x"} for c in ("Kenya", "Yemen") for i in range(20)]
    val = A.choose_rows(rows, limit=None, split="validate", sample_size=None)
    tune = A.choose_rows(rows, limit=None, split="tune", sample_size=None)
    assert len(val) == 12 and sum(r["country"] == "Kenya" for r in val) == 6
    assert {r["event_id_cnty"] for r in val}.isdisjoint(r["event_id_cnty"] for r in tune)
    assert len(val) + len(tune) == len(rows)
    assert A.choose_rows(rows, limit=None, split="validate", sample_size=5) == \
        A.choose_rows(rows, limit=None, split="validate", sample_size=5)


def test_macro_f1():
    assert A.macro_f1([("a", "a"), ("b", "b")]) == 1.0
    assert A.macro_f1([("a", "a"), ("b", None)]) == pytest.approx(0.5)
    assert A.macro_f1([("a", "b"), ("b", "a")]) == 0.0


def test_plover_helpers(tmp_path):
    from eventwire.model import Span

    span = Span(start=0, end=1, text="x")
    assert P.gsr_type(Event(id="e", type="AID", modality="planned", evidence=span)) == "AGREE"
    assert P.gsr_type(Event(id="e", type="ASSAULT", modality="planned", evidence=span)) == "THREATEN"
    assert P.gsr_type(Event(id="e", type="ASSAULT", evidence=span)) == "ASSAULT"
    assert P.actor_texts([{"actorText": "Hungarian"}, {"code": "X"}]) == ["Hungarian"]
    assert P.actor_texts("") == []
    assert P.gold_actors([{"actorText": "The United States", "code": "USA"}]) == [("united states", "USA")]
    doc = Document(id="d", text="x", actors=[
        Actor(id="a1", name="United States", country="USA"),
        Actor(id="a2", name="Israeli army", country="ISR"),
        Actor(id="a3", name="Jordan", country="JOR"),
    ])
    assert P.actor_match(doc, ["a1"], P.gold_actors([{"actorText": "the United States"}]))
    assert P.actor_match(doc, ["a2"], P.gold_actors([{"actorText": "Israeli", "code": "ISR"}]))  # by code
    # exact, not substring: "army" is in "Israeli army", "Jordan" is not "Jordanian king"
    assert not P.actor_match(doc, ["a2"], P.gold_actors([{"actorText": "army"}]))
    assert not P.actor_match(doc, ["a3"], P.gold_actors([{"actorText": "Jordanian king"}]))
    f = tmp_path / "g.json"
    f.write_text(json.dumps([{"event": "DOCUMENT", "eventText": "x"},
                             {"event": "DEMAND", "text": "Rebels demanded talks."}]))
    assert len(P.read_records(f)) == 1


@pytest.mark.gold
@pytest.mark.slow
def test_acled_eval_runs_on_gold_sample():
    path = shared_path("data", "acled", "afghanistan_2020-03.csv")
    from eventwire import evaluate

    r = evaluate.run("acled", path, limit=20, split="validate")
    assert r["n"] == 20 and r["split"] == "validate"
    assert list(r)[2:2 + len(A.HEADLINE)] == list(A.HEADLINE)  # headline keys first
    for key in ("event_type_accuracy", "sub_event_macro_f1", "actor1_match", "actor2_match", "within_25km",
                "date_exact", "fatalities_exact", "fatalities_exact_nonzero"):
        for prefix in ("primary_", "best_match_"):
            assert prefix + key in r and (r[prefix + key] is None or 0.0 <= r[prefix + key] <= 1.0)
    assert 0.0 <= r["fatalities_zero_baseline"] <= 1.0
    assert r["primary_event_type_accuracy"] >= 0.7
    assert r["best_match_event_type_accuracy"] >= r["primary_event_type_accuracy"]


@pytest.mark.gold
@pytest.mark.slow
def test_plover_eval_runs_on_gold_sample():
    path = shared_path("data", "events", "plover_gsr_cameo")
    from eventwire import evaluate

    r = evaluate.run("plover", path, limit=30, split="tune")
    assert r["n"] == 30 and r["split"] == "tune" and r["primary_type_accuracy"] >= 0.5
    assert r["best_match_type_accuracy"] >= r["primary_type_accuracy"]
    assert set(P.HEADLINE) <= set(r)

"""Analyst review (eventwire.review) on real SQLite files and the real PostgreSQL test server."""

from __future__ import annotations

import io
import json

import pytest
from test_store import make_doc

from eventwire.errors import ConfigError, InputError
from eventwire.model import Actor, Event, EventDate, Span
from eventwire.review import (
    add_event,
    add_token,
    conflicts,
    correct,
    merge,
    reviewed_article,
    reviewer_for,
    reviews,
    split,
    verdict,
)
from eventwire.review.agreement import agreement, cohen_kappa
from eventwire.review.export import export
from eventwire.review.queue import QueueFilter, queue
from eventwire.review.suggest import accept, suggest
from eventwire.store import open_store

TEXT = "Rebels attacked Goma on Monday, killing 5 civilians. Police arrested two men in Sake on Tuesday."


def two_event_doc(doc_id: str = "doc1", text: str = TEXT):
    doc = make_doc(doc_id, text=text)
    cut = text.index(" Police") + 1
    second = Event(id="e2", type="COERCE", mode="arrest", modality="actual", actors=["a3"], recipients=[],
                   date=EventDate(value="2024-01-09", precision="day", inferred=False),
                   evidence=Span(start=cut, end=len(text), text=text[cut:]),
                   trigger=Span(start=cut + 7, end=cut + 15, text=text[cut + 7:cut + 15]), confidence=0.4)
    first = doc.events[0].model_copy(update={"evidence": Span(start=0, end=cut - 1, text=text[:cut - 1])})
    return doc.model_copy(update={"events": [first, second]})


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = open_store(tmp_path / "review.db")
        yield s
        s.close()
        return
    pg_url = request.getfixturevalue("pg_url")
    s = open_store(pg_url)
    yield s
    s.close()


@pytest.fixture
def pg_database():
    import test_store_postgres as tp

    yield from tp.pg_database.__wrapped__()


@pytest.fixture
def pg_url(pg_database):
    return pg_database


def test_token_is_printed_once_and_stored_hashed(store):
    token = add_token(store, "ana")
    assert reviewer_for(store, token) == "ana"
    assert reviewer_for(store, token + "x") is None and reviewer_for(store, None) is None
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT token_hash FROM reviewers").scalar()
    assert token not in stored and len(stored) == 64


def test_verdicts_and_corrections_keep_the_machine_record(store):
    store.add(two_event_doc())
    correct(store, "ana", "doc1", "e1", "actors", ["Armed Forces of DR Congo"], note="the army did it")
    correct(store, "ana", "doc1", "e1", "place", {"name": "Sake", "lat": -1.5736, "lon": 29.0453})
    verdict(store, "ana", "doc1", "e2", "not_event")
    byid = {r.event_id: r for r in reviewed_article(store, "doc1")}
    assert byid["e1"].status == "corrected" and byid["e1"].corrected == ["actors", "place"]
    assert byid["e1"].value.actors == ["Armed Forces of DR Congo"] and byid["e1"].machine.actors == ["M23 rebels"]
    assert byid["e2"].wrong
    # the machine's own record is untouched
    assert store.document("doc1").events[0].actors == ["a1"]
    log = reviews(store, article_id="doc1")
    assert [r.field for r in log] == ["actors", "place", "verdict"]
    assert log[0].old_value == ["M23 rebels"] and log[0].note == "the army did it" and log[0].reviewer == "ana"


def test_bad_corrections_are_refused(store):
    store.add(two_event_doc())
    for field, value in (("type", "PICNIC"), ("modality", "maybe"), ("date", "last week"), ("fatalities", -1),
                         ("colour", "red")):
        with pytest.raises(InputError):
            correct(store, "ana", "doc1", "e1", field, value)
    with pytest.raises(InputError):
        correct(store, "ana", "doc1", "e9", "type", "PROTEST")
    assert reviews(store) == []


def test_reingest_and_renumbered_reprocessing_keep_reviews_and_list_conflicts(store):
    doc = two_event_doc()
    store.add(doc)
    correct(store, "ana", "doc1", "e2", "fatalities", 0)
    correct(store, "ana", "doc1", "e1", "type", "COERCE")
    # reprocessing: the events come out in another order with other ids, and one field changes
    e1, e2 = doc.events
    redone = doc.model_copy(update={"events": [e2.model_copy(update={"id": "e1", "fatalities": 3}),
                                               e1.model_copy(update={"id": "e2"})],
                                    "stages": {"events": "events.test2"}})
    assert store.add(redone)
    byid = {r.event_id: r for r in reviewed_article(store, "doc1")}
    assert byid["e1"].value.type == "COERCE" and byid["e1"].value.fatalities == 0  # the arrest, still reviewed
    assert byid["e2"].value.type == "COERCE" and byid["e2"].machine.type == "ASSAULT"
    found = conflicts(store)
    assert [(c.event_id, c.field, c.machine_then, c.machine_now, c.reviewed) for c in found] == [
        ("e1", "fatalities", None, 3, 0)]
    # an event the machine no longer finds is a conflict too
    store.add(redone.model_copy(update={"events": [redone.events[1]], "stages": {"events": "events.test3"}}))
    assert ("e2", "event") in {(c.event_id, c.field) for c in conflicts(store)} or \
        ("e1", "event") in {(c.event_id, c.field) for c in conflicts(store)}


def test_added_event_and_exports_prefer_reviewed_values(store):
    store.add(two_event_doc())
    store.add(make_doc("doc2", title="Other"))
    start = TEXT.index("killing")
    eid = add_event(store, "ana", "doc1", start, start + len("killing 5 civilians"),
                    {"type": "ASSAULT", "acled_event_type": "Violence against civilians",
                     "acled_sub_event_type": "Attack", "actors": ["M23 rebels"], "recipients": ["Civilians (DR Congo)"],
                     "fatalities": 5, "place": {"name": "Goma", "lat": -1.6792, "lon": 29.2228}})
    assert eid.startswith("r")
    verdict(store, "ana", "doc1", "e2", "not_event")
    correct(store, "ana", "doc1", "e1", "actors", ["Armed Forces of DR Congo"])
    out = io.StringIO()
    assert export(store, "jsonl", out) == 2
    docs = {d["id"]: d for d in map(json.loads, out.getvalue().splitlines())}
    d1 = docs["doc1"]
    assert [e["id"] for e in d1["events"]] == ["e1", eid]
    names = {a["id"]: a["name"] for a in d1["actors"]}
    assert [names[i] for i in d1["events"][0]["actors"]] == ["Armed Forces of DR Congo"]
    assert d1["review"]["e1"]["status"] == "corrected" and d1["review"][eid]["status"] == "added"
    assert docs["doc2"]["review"] == {}
    out = io.StringIO()
    assert export(store, "acled", out, reviewed_only=True) == 2
    rows = out.getvalue().splitlines()
    assert rows[0].endswith(",review") and all("corrected" in r or "added" in r for r in rows[1:])
    out = io.StringIO()
    export(store, "gold", out)
    (gold,) = [json.loads(x) for x in out.getvalue().splitlines()]
    assert gold["article_id"] == "doc1" and gold["text"] == TEXT and gold["unreviewed"] == []
    assert [(e["id"], e["actors"]) for e in gold["events"]] == [("e1", ["Armed Forces of DR Congo"]),
                                                                (eid, ["M23 rebels"])]
    assert gold["events"][1]["evidence"] == {"start": start, "end": start + 19}


def test_merge_split_and_queue_filters(store):
    store.add(two_event_doc())
    store.add(make_doc("doc2", title="Other"))
    label = merge(store, "ana", [("doc1", "e1"), ("doc2", "e1")])
    assert {r.cluster for r in reviewed_article(store, "doc2")} == {label}
    assert split(store, "ana", "doc1", "e1") == "s:doc1:e1"
    assert queue(store, QueueFilter(status="unreviewed"))["total"] == 1  # doc1:e2
    assert queue(store, QueueFilter(status="all", type="coerce"))["total"] == 1
    assert queue(store, QueueFilter(status="all", max_confidence=0.5))["items"][0].event_id == "e2"
    assert queue(store, QueueFilter(status="all", source="nowhere"))["total"] == 0
    with pytest.raises(InputError):
        QueueFilter(status="maybe")


def test_kappa_per_field_between_two_reviewers(store):
    for i in range(4):
        store.add(two_event_doc(f"d{i}"))
    for i in range(4):
        verdict(store, "ana", f"d{i}", "e1", "right")
        verdict(store, "ben", f"d{i}", "e1", "right" if i < 3 else "not_event")
        correct(store, "ana", f"d{i}", "e2", "modality", "actual" if i % 2 else "planned")
        correct(store, "ben", f"d{i}", "e2", "modality", "actual" if i % 2 else "planned")
    out = agreement(store, "ana", "ben")
    assert out["n"] == 8
    assert out["fields"]["modality"]["kappa"] == 1.0
    assert out["fields"]["verdict"]["agreement"] == 0.875
    assert cohen_kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    assert cohen_kappa([], []) is None


def test_suggestions_write_to_the_users_data_folder_only(store, tmp_path):
    from eventwire.resources import data_path
    from eventwire.settings import Settings

    for i in range(2):
        doc = two_event_doc(f"d{i}")
        doc = doc.model_copy(update={"actors": [*doc.actors, Actor(id="a9", name="Kivu Rebels")]})
        doc.events[0].actors = ["a9"]
        store.add(doc)
        correct(store, "ana", f"d{i}", "e1", "actors", ["M23 rebels"])
        correct(store, "ana", f"d{i}", "e1", "place", {"name": "Sake", "lat": -1.57, "lon": 29.04,
                                                        "geonameid": 204953})
        verdict(store, "ana", f"d{i}", "e2", "not_event")
    bundled = {n: data_path(n).read_bytes() for n in ("actors.csv", "gazetteer_overrides.csv", "triggers.yaml")}
    settings = Settings(data_dir=tmp_path / "mydata")
    found = {s.kind: s for s in suggest(store, settings=settings)}
    assert set(found) == {"actor_alias", "gazetteer_name", "drop_trigger"}
    assert found["actor_alias"].row["aliases"] == "Kivu Rebels" and found["actor_alias"].count == 2
    assert found["drop_trigger"].row == {"lemma": "arrest", "type": "COERCE"}
    assert suggest(store, min_count=3, settings=settings) == []
    with pytest.raises(ConfigError):
        accept(store, found["actor_alias"].id, settings=Settings(data_dir=None))
    for s in found.values():
        path = accept(store, s.id, settings=settings)
        assert path.parent == tmp_path / "mydata"
    assert "M23 rebels,Kivu Rebels" in (tmp_path / "mydata" / "actors.csv").read_text()
    assert "204953,Goma,,," in (tmp_path / "mydata" / "gazetteer_overrides.csv").read_text()
    from eventwire.events.lexicon import load_lexicon

    lex = load_lexicon(tmp_path / "mydata")
    assert all(e.type != "COERCE" for e in lex.by_lemma.get("arrest", ()))
    assert {n: data_path(n).read_bytes() for n in bundled} == bundled


def test_main_export_is_unchanged_until_someone_reviews(store, tmp_path):
    from eventwire.export import export as plain
    from eventwire.review.export import export_store

    store.add(two_event_doc())
    for fmt in ("acled", "plover", "geojson", "jsonl"):
        a, b = io.StringIO(), io.StringIO()
        export_store(store, fmt, a)
        plain(store.documents(), fmt, b, **({"timestamp": None} if fmt == "acled" else {}))
        if fmt != "acled":  # the ACLED timestamp column is the time of writing
            assert a.getvalue() == b.getvalue()
    verdict(store, "ana", "doc1", "e2", "not_event")
    out = io.StringIO()
    assert export_store(store, "jsonl", out) == 1
    line = json.loads(out.getvalue())
    assert [e["id"] for e in line["events"]] == ["e1"] and line["review"]["e2"]["status"] == "not_event"
    out = io.StringIO()
    assert export_store(store, "plover", out, merged=True) == 1
    out = io.StringIO()
    assert export_store(store, "jsonl", out, reviewed_only=True) == 0

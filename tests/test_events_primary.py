"""The primary event of a document: ranking, the record, ``events --primary`` and ``export --primary``."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner
from test_store import make_doc

from eventwire.cli import cli
from eventwire.events.primary import primary_event, ranking
from eventwire.model import AcledCode, Document, Event, Span
from eventwire.store import EventQuery, open_store

TEXT = "Officials met in the capital. Gunmen attacked a market in the north. The minister condemned it."


def _ev(eid: str, etype: str, start: int, *, modality: str = "actual", acled: str | None = None,
        confidence: float = 0.5, about: str | None = None) -> Event:
    code = AcledCode(event_type=acled, sub_event_type="Attack") if acled else None
    return Event(id=eid, type=etype, modality=modality, acled=code, confidence=confidence, about=about,
                 evidence=Span(start=start, end=start + 5, text=TEXT[start:start + 5]))


def _doc(*events: Event) -> Document:
    return Document(id="d", text=TEXT, events=list(events))


def test_an_acled_coded_act_comes_before_a_meeting_and_a_speech_act() -> None:
    meet = _ev("e1", "CONSULT", 0, confidence=0.9)
    attack = _ev("e2", "ASSAULT", 30, acled="Violence against civilians")
    condemn = _ev("e3", "ACCUSE", 69)
    doc = _doc(meet, attack, condemn)
    assert [e.id for e in ranking(doc)] == ["e2", "e1", "e3"]
    assert primary_event(doc) == "e2"


def test_actual_before_claimed_planned_and_negated() -> None:
    planned = _ev("e1", "ASSAULT", 0, modality="planned", acled="Battles", confidence=0.9)
    denied = _ev("e2", "ASSAULT", 30, modality="negated", acled="Battles")
    claimed = _ev("e3", "COERCE", 30, acled="Strategic developments")
    accuse = _ev("e4", "ACCUSE", 69, about="e3")
    protest = _ev("e5", "PROTEST", 69, acled="Protests")
    assert [e.id for e in ranking(_doc(planned, denied, claimed, accuse, protest))] == ["e5", "e4", "e3", "e1", "e2"]


def test_earlier_sentence_then_confidence_then_order() -> None:
    late = _ev("e1", "ASSAULT", 30, acled="Battles", confidence=0.9)
    early = _ev("e2", "PROTEST", 0, acled="Protests", confidence=0.1)
    same_a = _ev("e3", "PROTEST", 0, acled="Protests", confidence=0.1)
    assert primary_event(_doc(late, early, same_a)) == "e2"
    assert primary_event(_doc(late, _ev("e4", "ASSAULT", 30, acled="Battles", confidence=0.95))) == "e4"
    assert primary_event(_doc()) is None


def test_the_pipeline_puts_the_primary_event_in_the_record() -> None:
    from eventwire import extract

    doc = extract("Villagers said on Tuesday that the governor would visit next week. "
                  "Gunmen killed three farmers near the village on Monday.", published="2021-03-10")
    assert doc.primary is not None and doc.primary in {e.id for e in doc.events}
    assert doc.to_json()["primary"] == doc.primary
    chosen = next(e for e in doc.events if e.id == doc.primary)
    assert chosen.modality == "actual" and chosen.acled is not None


def _two_event_doc(doc_id: str) -> Document:
    doc = make_doc(doc_id)
    second = doc.events[0].model_copy(update={"id": "e2", "type": "PROTEST", "modality": "planned", "acled": None})
    doc.events.append(second)
    doc.primary = primary_event(doc)
    return doc


def test_store_events_primary_gives_one_row_per_article(tmp_path) -> None:
    path = tmp_path / "p.db"
    with open_store(path) as s:
        s.add(_two_event_doc("d1"))
        s.add(_two_event_doc("d2"))
        assert len(s.events()) == 4
        found = s.events(EventQuery(primary=True))
        assert sorted((e.article_id, e.event.id) for e in found) == [("d1", "e1"), ("d2", "e1")]
    runner = CliRunner()
    out = runner.invoke(cli, ["events", "--db", str(path), "--primary", "--format", "json"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert [(r["article"]["id"], r["id"]) for r in rows] == [("d1", "e1"), ("d2", "e1")]

    out = runner.invoke(cli, ["export", "--db", str(path), "--format", "acled", "--primary"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert [r["event_id_cnty"] for r in csv.DictReader(io.StringIO(out.stdout))] == ["COD-d1-e1", "COD-d2-e1"]
    out = runner.invoke(cli, ["export", "--db", str(path), "--format", "plover", "--primary"], catch_exceptions=False)
    assert len(out.stdout.splitlines()) == 2
    out = runner.invoke(cli, ["export", "--db", str(path), "--format", "plover"], catch_exceptions=False)
    assert len(out.stdout.splitlines()) == 4

    bad = runner.invoke(cli, ["export", "--db", str(path), "--format", "jsonl", "--primary"])
    assert bad.exit_code != 0 and "--primary" in bad.output

"""Reviews exported as real-news gold, and ``eval realnews`` scoring the system against them (real pipeline)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

from eventwire import evaluate
from eventwire.batch import ingest
from eventwire.ingest import read_paths
from eventwire.review import add_event, correct, reviewed_article, verdict
from eventwire.review.export import export
from eventwire.store import open_store

SAMPLE = ROOT / "samples" / "dispatches" / "01-goma-shelling.txt"


@pytest.fixture
def reviewed(tmp_path, pipeline):  # noqa: ARG001 - the model loads once per session
    db = tmp_path / "rn.db"
    with open_store(db) as store:
        ingest(read_paths([SAMPLE]), store)
        (doc,) = list(store.documents())
        assert len(doc.events) >= 2
        yield db, store, doc


def _gold(store, path):
    with open(path, "w", encoding="utf-8") as out:
        export(store, "gold", out)
    return path


def test_eval_realnews_follows_the_reviews(reviewed, tmp_path):
    db, store, doc = reviewed
    for ev in doc.events:
        verdict(store, "ana", doc.id, ev.id, "right")
    base = evaluate.run("realnews", _gold(store, tmp_path / "g0.jsonl"))
    assert base["n"] == 1 and base["gold_events"] == len(doc.events)
    assert base["precision"] == base["recall"] == base["all_fields_right"] == 1.0

    first, second = doc.events[0], doc.events[1]
    correct(store, "ana", doc.id, first.id, "actors", ["Somebody Else Entirely"])
    verdict(store, "ana", doc.id, second.id, "not_event")
    title_end = doc.text.index("\n") if "\n" in doc.text else 10
    add_event(store, "ana", doc.id, 0, title_end, {"type": "PROTEST"})
    after = evaluate.run("realnews", _gold(store, tmp_path / "g1.jsonl"))
    n = len(doc.events)
    assert after["gold_events"] == n  # one dropped, one added
    assert after["precision"] < 1.0 and after["recall"] < 1.0
    assert after["actors"] < 1.0 and after["all_fields_right"] < base["all_fields_right"]


def test_unreviewed_events_neither_count_for_nor_against(reviewed, tmp_path):
    _, store, doc = reviewed
    verdict(store, "ana", doc.id, doc.events[0].id, "right")
    (rec,) = [json.loads(x) for x in open(_gold(store, tmp_path / "g.jsonl"), encoding="utf-8")]
    assert len(rec["unreviewed"]) == len(doc.events) - 1
    out = evaluate.run("realnews", tmp_path / "g.jsonl")
    assert out["precision"] == 1.0 and out["recall"] == 1.0 and out["gold_events"] == 1


def test_cli_review_round_trip(reviewed, tmp_path):
    db, store, doc = reviewed
    ev = doc.events[0]

    def run(*args):
        res = subprocess.run([sys.executable, "-m", "eventwire.cli", *args, "--db", str(db)], capture_output=True,
                             text=True, timeout=300)
        return res

    res = run("review", "correct", doc.id, ev.id, "place", "Sake,-1.5736,29.0453", "--reviewer", "ana")
    assert res.returncode == 0, res.stderr
    res = run("review", "correct", doc.id, ev.id, "modality", "sometimes", "--reviewer", "ana")
    assert res.returncode != 0 and res.stderr.count("\n") == 1 and "modality" in res.stderr
    assert run("review", "verdict", doc.id, doc.events[1].id, "not_event", "--reviewer", "ana").returncode == 0
    res = run("review", "list", "--format", "json")
    assert [r["field"] for r in json.loads(res.stdout)] == ["place", "verdict"]
    res = run("review", "export", "--format", "jsonl", "--reviewed-only")
    (line,) = res.stdout.splitlines()
    assert [e["id"] for e in json.loads(line)["events"]] == [ev.id]
    token = run("review", "token", "add", "ana").stdout.strip()
    assert token.startswith("ewr_") and run("review", "token", "list").stdout.split() == ["ana"]
    assert {r.event_id: r.status for r in reviewed_article(store, doc.id)}[ev.id] == "corrected"
    res = run("review", "queue", "--format", "json")
    assert json.loads(res.stdout)["total"] == len(doc.events) - 2
    assert run("review", "conflicts").returncode == 0


def test_gold_file_errors_are_eval_errors(tmp_path):
    from eventwire.errors import EvalError

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"events": []}\n')
    with pytest.raises(EvalError):
        evaluate.run("realnews", bad)


def test_a_gold_null_date_is_answered_by_an_inferred_date():
    from eventwire.evaluate.realnews import date_right

    assert date_right({"date": None}, {"date": "2024-03-01", "date_inferred": True})
    assert not date_right({"date": None}, {"date": "2024-03-01", "date_inferred": False})
    assert date_right({"date": "2024-03-01"}, {"date": "2024-03-01T10:00", "date_inferred": True})
    assert not date_right({"date": "2024-02-28"}, {"date": "2024-03-01", "date_inferred": True})


def test_a_folder_without_gold_is_one_clear_error(tmp_path):
    from eventwire.errors import EvalError

    with pytest.raises(EvalError, match="folder without gold.jsonl"):
        evaluate.run("realnews", tmp_path)

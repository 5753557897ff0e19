"""``eval wikievents``: the reader rebuilds the text at the token offsets; scoring on a made-up article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA

from eventwire.evaluate import wikievents


def _record(doc_id: str, sentences: list[str], events: list[dict]) -> dict:
    sents, tokens, pos = [], [], 0
    for s in sentences:
        toks = []
        for w in s.split():
            toks.append([w, pos, pos + len(w)])
            tokens.append(w)
            pos += len(w) + 1
        sents.append([toks, s])
    ents, evs = [], []
    for k, ev in enumerate(events):
        args = []
        for j, (role, idx) in enumerate(ev["args"]):
            eid = f"{doc_id}-T{k}{j}"
            ents.append({"id": eid, "start": idx, "end": idx + 1, "entity_type": "X", "text": tokens[idx],
                         "sent_idx": 0})
            args.append({"entity_id": eid, "role": role, "text": tokens[idx]})
        evs.append({"id": f"{doc_id}-E{k}", "event_type": ev["type"],
                    "trigger": {"start": ev["trigger"], "end": ev["trigger"] + 1, "text": tokens[ev["trigger"]],
                                "sent_idx": ev["sent"]}, "arguments": args})
    return {"doc_id": doc_id, "tokens": tokens, "text": "".join(sentences), "sentences": sents,
            "entity_mentions": ents, "event_mentions": evs}


SENTENCES = ["Rebels attacked the village of Tarmin on Monday .",
             "The mayor said the town council will meet next week ."]
# token indices: Rebels 0, attacked 1, ..., Tarmin 5; sentence 2 starts at 9
EVENTS = [{"type": "Conflict.Attack.Unspecified", "trigger": 1, "sent": 0, "args": [("Attacker", 0)]},
          {"type": "Contact.Contact.Meet", "trigger": 15, "sent": 1, "args": []}]


def test_reader_rebuilds_text_at_token_offsets(tmp_path: Path) -> None:
    f = tmp_path / "dev.jsonl"
    f.write_text(json.dumps(_record("d1", SENTENCES, EVENTS)) + "\n")
    [doc] = wikievents.read_docs(f)
    assert doc.text.splitlines() == SENTENCES
    [m] = doc.mentions  # the meeting is out of scope
    assert m.fine == "attack" and doc.text[m.trigger[0]:m.trigger[1]] == "attacked"
    assert doc.text[slice(*m.args["Attacker"][0])] == "Rebels"


@pytest.mark.slow
def test_scores_a_found_attack(tmp_path: Path) -> None:
    f = tmp_path / "dev.jsonl"
    f.write_text(json.dumps(_record("d1", SENTENCES, EVENTS)) + "\n")
    res = wikievents.evaluate(f)
    assert res["sentence_violence_recall"] == 1.0
    assert res["trigger_recall"] == 1.0


@pytest.mark.slow
@pytest.mark.gold
def test_runs_on_the_dev_split() -> None:
    path = DATA / "events" / "wikievents" / "dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    res = wikievents.evaluate(path, split="validate")
    assert res["n"] == 6 and res["failures"] == 0
    assert 0.0 < res["sentence_all_recall"] <= 1.0

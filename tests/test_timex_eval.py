"""The TimeML reader and the TempEval-3 style scorer of ``eventwire eval time``."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared_path

from eventwire.evaluate.time import canonical_value, evaluate, score_document
from eventwire.timex.timeml import read_timeml

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-08" functionInDocument="CREATION_TIME">1998-08-08</TIMEX3></DCT>
<TEXT>
Bombs <EVENT eid="e1">exploded</EVENT> outside the embassies \
<TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3>, and talks will go on for \
<TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture
def tml(tmp_path: Path) -> Path:
    p = tmp_path / "x.tml"
    p.write_text(TML)
    return p


def test_read_timeml(tml: Path) -> None:
    doc = read_timeml(tml)
    assert doc.id == "X1" and doc.dct == "1998-08-08"
    assert [(t.text, doc.text[t.start:t.end], t.type, t.value) for t in doc.timexes] == [
        ("Friday", "Friday", "DATE", "1998-08-07"), ("two weeks", "two weeks", "DURATION", "P2W")]


def test_score_document_strict_relaxed_value(tml: Path) -> None:
    doc = read_timeml(tml)
    fri, weeks = doc.timexes
    sys = [(fri.start, fri.end, "1998-08-07"), (weeks.start - 4, weeks.end, "P3W"), (0, 5, "PAST_REF")]
    assert score_document(doc, sys) == {"gold": 2, "sys": 3, "strict": 1, "relaxed": 2, "value": 1, "value_exact": 1}


def test_canonical_value() -> None:
    assert canonical_value("2000-W7") == canonical_value("2000-W07")
    assert canonical_value("1949-XX") == "1949" and canonical_value("199X") == "199"
    assert canonical_value("1998-10-XX") == "1998-10"
    assert canonical_value("P2W") == "P2W"
    assert canonical_value("1989-11-06T17") == canonical_value("1989-11-06T17:00") != canonical_value("1989-11-06")
    assert canonical_value("PT17H") == "PT17H"


def test_evaluate_on_one_file(tml: Path) -> None:
    scores = evaluate(tml)
    assert scores["n"] == 1 and scores["gold"] == 2
    assert scores["extent_f1_strict"] == 1.0 and scores["value_f1"] == 1.0


@pytest.mark.gold
def test_evaluate_on_a_few_tbaq_files() -> None:
    scores = evaluate(shared_path("data", "time", "tbaq", "TBAQ-cleaned"), limit=5, split="validate")
    assert scores["n"] == 5
    assert set(scores) >= {"n", "extent_f1_strict", "extent_f1_relaxed", "value_accuracy", "value_f1"}
    assert scores["extent_f1_relaxed"] > 0.8 and scores["value_f1"] > 0.6

"""The geo and event_place evaluators: gold readers on small files, metric keys on real data."""

from __future__ import annotations

import json
import zipfile

import pytest
from conftest import shared_path

from eventwire.evaluate.event_place import read_records
from eventwire.evaluate.geo import read_gold

GRITTA = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="1"><title>t</title><text><![CDATA[Shelling in Aleppo and Idlib.]]></text>
<toponyms>
 <toponym><phrase>Aleppo</phrase><start>12</start><end>18</end>
  <gaztag geonameid="170063"><name>Aleppo</name><lat>36.2</lat><lon>37.16</lon></gaztag></toponym>
 <toponym><phrase>Idlib</phrase><start>24</start><end>29</end>
  <gaztag><name>Idlib</name><lat>35.93</lat><lon>36.63</lon></gaztag></toponym>
</toponyms></article></articles>"""

GWN = """<?xml version="1.0" ?>
<articles><article file="0"><title>t</title><text>Protests in Paris, said the French.</text><toponyms>
 <toponym><extractedName>Paris</extractedName><type>Literal</type><start>12</start><end>17</end>
  <geonamesID>2988507</geonamesID><latitude>48.85</latitude><longitude>2.35</longitude></toponym>
 <toponym><extractedName>citizens</extractedName><type>Non_Lit_Expression</type><start>0</start><end>3</end>
  <geonamesID/><latitude/><longitude/></toponym>
</toponyms></article></articles>"""


def test_read_gritta_format_realigns_offsets(tmp_path) -> None:
    path = tmp_path / "tr.xml"
    path.write_text(GRITTA, encoding="utf-8")
    (art,) = read_gold(path)
    assert [(t.text, art.text[t.start : t.end]) for t in art.toponyms] == [("Aleppo", "Aleppo"), ("Idlib", "Idlib")]
    assert art.toponyms[0].geonameid == 170063 and art.toponyms[1].geonameid is None


def test_read_geowebnews_keeps_toponyms_with_points(tmp_path) -> None:
    path = tmp_path / "gwn.xml"
    path.write_text(GWN, encoding="utf-8")
    (art,) = read_gold(path)
    assert [t.text for t in art.toponyms] == ["Paris"]


def test_read_event_location_records(tmp_path) -> None:
    recs = [
        {"text": "Rebels attacked Aleppo.", "answer": "accept",
         "spans": [{"start": 7, "end": 15, "label": "VERB"}, {"start": 16, "end": 22, "label": "LOCATION"}]},
        {"text": "Nothing.", "answer": "reject", "spans": []},
    ]
    path = tmp_path / "labeled_text.jsonl.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("labeled_text.jsonl", json.dumps(recs))
    assert [r["text"] for r in read_records(path)] == ["Rebels attacked Aleppo."]


@pytest.mark.gold
@pytest.mark.slow
def test_geo_eval_keys_on_gold() -> None:
    from eventwire.evaluate import run

    scores = run("geo", shared_path("data", "geo", "TR-News.xml"), limit=3, split="validate")
    for key in ("n", "recognition_f1", "acc_161km", "exact_id", "median_km", "precision", "recall",
                "gold_span_acc_161km", "gold_span_exact_id"):
        assert key in scores
    assert scores["n"] > 0 and 0.5 < scores["acc_161km"] <= 1.0
    # end to end, a missed toponym counts wrong: at most what resolution of the gold spans gives plus noise
    assert scores["acc_161km"] <= scores["gold_span_acc_161km"] + 0.1


def test_recase_keeps_every_offset() -> None:
    from eventwire.evaluate import recase

    text = "Straße in İzmir and ﬁre near Paris"
    for case in ("lower", "upper"):
        out = recase(text, case)
        assert len(out) == len(text)
        assert out[text.index("Paris"):text.index("Paris") + 5] == ("paris" if case == "lower" else "PARIS")
    assert recase(text, "upper")[4] == "ß" and recase(text, "lower")[10] == "İ" and recase(text, "upper")[20] == "ﬁ"
    assert recase(text, None) is text


def test_case_option_reaches_the_geo_evaluator(tmp_path) -> None:
    import eventwire.evaluate as ev
    from eventwire.errors import ConfigError

    path = tmp_path / "tr.xml"
    path.write_text(GRITTA, encoding="utf-8")
    with pytest.raises(ConfigError):
        ev.run("geo", path, case="title")
    with pytest.raises(ConfigError):
        ev.run("dedup", path, case="lower")  # an evaluator without the option says so
    for case in ("lower", "upper"):
        scores = ev.run("geo", path, case=case)
        assert scores["case"] == case and scores["n"] == 2
        assert scores["recall"] > 0  # the truecased copy still finds the places

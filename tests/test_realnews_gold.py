"""The hand-checked real-news gold set (``gold/realnews/``): annotations only, texts read from the open corpora.

The gold tests need ``../shared/data/corpus`` and skip without it; the loader tests build a small corpus of
made-up articles in a temporary folder.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from eventwire.errors import ConfigError, EvalError
from eventwire.evaluate import realnews, splits

GOLD = ROOT / "gold" / "realnews" / "gold.jsonl"
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
MODALITIES = {"actual", "planned", "hypothetical", "negated"}


def _records() -> list[dict]:
    from eventwire.review.gold import read

    return read(GOLD)


def test_gold_file_holds_annotations_only():
    recs = _records()
    assert len(recs) >= 30
    ids = [r["article_id"] for r in recs]
    assert len(ids) == len(set(ids))
    for r in recs:
        assert "text" not in r and "title" not in r, r["article_id"]
        assert set(r["doc"]) == {"corpus", "path", "key"}
        for e in r["events"]:
            assert "text" not in e["evidence"]
            assert e["type"] in PLOVER and e["modality"] in MODALITIES, (r["article_id"], e["id"])
            assert (e["acled_event_type"] is None) == (e["acled_sub_event_type"] is None), (r["article_id"], e["id"])
            assert e["place"] is None or {"name", "lat", "lon"} <= set(e["place"])
    parts = splits.assign("realnews", ((r["article_id"], realnews._stratum(r)) for r in recs))
    assert set(parts.values()) == {"tune", "validate"}


@pytest.mark.gold
def test_every_offset_lies_inside_its_article_and_spans_are_not_empty():
    corpus = DATA / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} not present")
    n_spans = 0
    for r in _records():
        text = realnews.corpus_text(corpus, r["doc"])
        assert text.strip(), r["article_id"]
        for e in r["events"]:
            for span in [e["evidence"], *e.get("mentions", [])]:
                assert 0 <= span["start"] < span["end"] <= len(text), (r["article_id"], e["id"], span)
                assert text[span["start"]:span["end"]].strip(), (r["article_id"], e["id"], span)
                n_spans += 1
            others = [s for s in [e["evidence"], *e.get("mentions", [])]]
            assert len({(s["start"], s["end"]) for s in others}) == len(others), (r["article_id"], e["id"])
    assert n_spans > 100


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "news" / "data").mkdir(parents=True)
    with open(root / "news" / "data" / "a.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["url", "date", "title", "text"])
        w.writerow(["https://example.org/1", "2020-01-02", "One", "Rebels shelled the town of Alpha on Monday."])
        w.writerow(["https://example.org/2", "2020-01-03", "Two", "Police arrested two men in Beta."])
    with open(root / "news" / "data" / "lines.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["date", "line"])
        w.writerow(["1/2/2020", "- Near Gamma, one strike destroyed a bridge."])
    (root / "statements").mkdir()
    (root / "statements" / "s.md").write_text("---\ndate: '2021-01-01'\ntitle: x\n---\n \nWe condemn the attack.\n",
                                              encoding="utf-8")
    return root


def test_corpus_texts_are_found_by_url_row_and_file(tmp_path):
    root = _corpus(tmp_path)
    assert realnews.corpus_text(root, {"corpus": "news", "path": "data/a.csv", "key": "https://example.org/2"}) \
        == "Police arrested two men in Beta."
    assert realnews.corpus_text(root, {"corpus": "news", "path": "data/lines.csv", "key": "1"}).startswith("- Near")
    assert realnews.corpus_text(root, {"corpus": "statements", "path": "s.md", "key": None}) \
        == " \nWe condemn the attack.\n"
    for bad in ({"corpus": "news", "path": "data/a.csv", "key": "https://example.org/9"},
                {"corpus": "news", "path": "data/lines.csv", "key": "7"},
                {"corpus": "news", "path": "../../etc/passwd", "key": None},
                {"corpus": "news"}):
        with pytest.raises(EvalError):
            realnews.corpus_text(root, bad)


def test_recase_keeps_every_offset():
    text = "İstanbul and Straße: Police arrested 2 men."
    for case in ("lower", "upper"):
        out = realnews.recase(text, case)
        assert len(out) == len(text) and out != text
    assert realnews.recase(text, "lower").endswith("police arrested 2 men.")
    assert realnews.recase(text, None) == text
    with pytest.raises(ConfigError):
        realnews.recase(text, "title")


def test_a_corpus_gold_file_is_scored_and_split(tmp_path, monkeypatch):
    root = _corpus(tmp_path)
    monkeypatch.setenv("EVENTWIRE_CORPUS", str(root))
    text = "Rebels shelled the town of Alpha on Monday."
    at = text.index("shelled")
    rec = {"format": "eventwire.realnews/1", "article_id": "news/data/a.csv#https://example.org/1",
           "doc": {"corpus": "news", "path": "data/a.csv", "key": "https://example.org/1"}, "published": "2020-01-02",
           "events": [{"id": "g1", "type": "ASSAULT", "acled_event_type": None, "acled_sub_event_type": None,
                       "actors": ["Rebels"], "recipients": [], "place": None, "date": "2019-12-30",
                       "modality": "actual", "fatalities": None, "evidence": {"start": at, "end": at + 7},
                       "mentions": []}],
           "unreviewed": []}
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    from eventwire import evaluate

    out = evaluate.run("realnews", gold)
    assert out["n"] == 1 and out["gold_events"] == 1 and out["split"] == "all"
    assert 0.0 <= out["precision"] <= 1.0 and "duplicates" in out
    tune = evaluate.run("realnews", gold, split="tune")
    validate = evaluate.run("realnews", gold, split="validate")
    assert tune["n"] + validate["n"] == 1
    monkeypatch.setenv("EVENTWIRE_CORPUS", str(tmp_path / "nowhere"))
    with pytest.raises(EvalError):
        evaluate.run("realnews", gold)

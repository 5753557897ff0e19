"""eval quotes: BRAT attribution gold read and scored."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared_path

from eventwire.errors import EvalError
from eventwire.evaluate.quotes import find_items, read_ann, score_document
from eventwire.model import Actor, Document, Mention, Quote

ANN = """T1\tSource 0 5\tSmith
T2\tCue 6 10\tsaid
T3\tContent 11 30;35 40\tthe talks had faile dxxxx
T4\tAttribution 6 10\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tContent 50 60\tno source.
E2\tAttribution-no-source:T6 Content:T5
T7\tDiscard 70 75\tjunk.
"""


def test_read_ann_with_discontinuous_spans_and_no_source(tmp_path: Path) -> None:
    p = tmp_path / "a.ann"
    p.write_text(ANN, encoding="utf-8")
    gold = read_ann(p)
    assert len(gold) == 2
    assert gold[0].content == [(11, 30), (35, 40)] and gold[0].hull == (11, 40) and gold[0].source == [(0, 5)]
    assert gold[1].source == []


def test_find_items_layouts(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "x.txt").write_text("hi", encoding="utf-8")
    (tmp_path / "attributions" / "x_b.ann").write_text("", encoding="utf-8")
    (tmp_path / "attributions" / "x_a.ann").write_text("", encoding="utf-8")
    assert find_items(tmp_path) == [(tmp_path / "text" / "x.txt", tmp_path / "attributions" / "x_a.ann")]
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "y.txt").write_text("hi", encoding="utf-8")
    (flat / "y.ann").write_text("", encoding="utf-8")
    assert find_items(flat) == [(flat / "y.txt", flat / "y.ann")]
    with pytest.raises(EvalError):
        find_items(tmp_path / "text")


def test_score_document_exact_overlap_and_speaker(tmp_path: Path) -> None:
    text = 'Smith said the talks had failed. "We lost," he said. Jones said nothing new happened there.'
    p = tmp_path / "a.ann"
    s_talks = text.index("the talks")
    s_we = text.index("We lost")
    s_jones = text.index("nothing")
    p.write_text(
        f"T1\tSource 0 5\tSmith\nT2\tContent {s_talks} {s_talks + 21}\tx\nE1\tAttribution:T9 Content:T2 Source:T1\n"
        f"T3\tSource {text.index('he said')} {text.index('he said') + 2}\the\n"
        f"T4\tContent {s_we - 1} {s_we + 10}\tx\nE2\tAttribution:T8 Content:T4 Source:T3\n"
        f"T5\tContent {s_jones} {s_jones + 10}\tx\nE3\tAttribution-no-source:T7 Content:T5\n",
        encoding="utf-8",
    )
    gold = read_ann(p)
    smith = Actor(id="a1", name="Smith", mentions=[Mention(text="Smith", start=0, end=5)])
    preds = [
        # exact (after trimming the full stop), speaker by actor mention
        Quote(id="q1", text="", start=s_talks, end=s_talks + 22, kind="indirect", speaker="a1"),
        # exact after trimming the quote marks, speaker by span
        Quote(id="q2", text="", start=s_we, end=s_we + 8, kind="direct", speaker_start=text.index("he said"),
              speaker_end=text.index("he said") + 2),
        # overlapping only; gold has no source but one is predicted: wrong speaker
        Quote(id="q3", text="", start=s_jones, end=len(text), kind="indirect", speaker_start=53, speaker_end=58),
        # no gold: a false positive
        Quote(id="q4", text="", start=6, end=10, kind="indirect"),
    ]
    doc = Document(id="d", text=text, actors=[smith], quotes=preds)
    c = score_document(doc, gold)
    assert (c["tp_exact"], c["fp_exact"], c["fn_exact"]) == (2, 2, 1)
    assert (c["tp"], c["fp"], c["fn"]) == (3, 1, 0)
    assert (c["speaker_right"], c["speaker_total"]) == (2, 3)
    # token overlap: q1 and q2 share every word with their gold; q3 ("nothing new happened there.") has
    # 4 words against the gold's 2 ("nothing new"): 2 shared over 4 in either
    assert c["token_overlap"] == pytest.approx(1 + 1 + 2 / 4)
    assert (c["predicted"], c["gold"]) == (4, 3)


@pytest.mark.gold
@pytest.mark.slow
def test_evaluate_on_polnear_dev_subset() -> None:
    from eventwire import evaluate

    data = shared_path("data", "quotes", "polnear", "dev")
    scores = evaluate.run("quotes", data, limit=3, split="validate")
    assert scores["n"] == 3 and scores["split"] == "validate"
    assert {"content_f1_token", "content_f1_exact", "any_overlap_f1", "speaker_accuracy"} <= scores.keys()
    assert scores["any_overlap_f1"] >= scores["content_f1_token"] >= scores["content_f1_exact"]
    assert scores["content_f1_token"] > 0.4 and scores["speaker_accuracy"] > 0.5

"""eval dedup on ECB+: reading documents, aligning events with gold mentions, scoring."""

from __future__ import annotations

import pytest
from conftest import shared_path

from eventwire.evaluate.dedup import GoldDoc, GoldMention, _align, _detok, read_corpus, read_doc, score
from eventwire.model import Document, Event, EventDate, Span


def test_detok_spaces_and_offsets():
    text, offsets = _detok(["He", "said", ":", "``", "go", "''", "."], [1, 1, 1, 1, 1, 1, 1], set())
    assert text == "He said: ``go''."
    assert [text[s:e] for s, e in offsets] == ["He", "said", ":", "``", "go", "''", "."]
    text, offsets = _detok(["url", "A", "b", "C"], [0, 1, 1, 2], {0})
    assert text == "A b\nC" and offsets[0] == (-1, -1)


def gold_doc(name: str, topic: int, words: str, mentions: dict[int, str]) -> GoldDoc:
    tokens = words.split()
    text, offsets = _detok(tokens, [1] * len(tokens), set())
    g = GoldDoc(name, topic, f"{topic}ecb", tokens, [1] * len(tokens), None, text=text, offsets=offsets)
    g.mentions = [GoldMention(f"{name}:{i}", [i], chain) for i, chain in mentions.items()]
    return g


def document(g: GoldDoc, events: list[tuple[str, int, str]]) -> Document:
    out = []
    for k, (etype, tok, day) in enumerate(events):
        s, e = g.offsets[tok]
        out.append(
            Event(
                id=f"e{k}",
                type=etype,
                evidence=Span(start=s, end=e, text=g.text[s:e]),
                trigger=Span(start=s, end=e, text=g.text[s:e]),
                date=EventDate(value=day or "2009-01-05", inferred=False),
            )
        )
    return Document(id=g.name, text=g.text, events=out)


def test_align_is_one_to_one_by_overlap():
    g = gold_doc("1_1ecb", 1, "Police arrested the man after the shooting .", {1: "x:arrest", 6: "x:shoot"})
    doc = document(g, [("COERCE", 1, ""), ("ASSAULT", 6, ""), ("ASSAULT", 6, "")])
    assert _align(g, doc) == {"1_1ecb:1": "e0", "1_1ecb:6": "e1"}


def test_score_counts_aligned_mentions_and_compares_with_the_lemma_baseline():
    a = gold_doc("1_1ecb", 1, "Police arrested the man after the shooting .", {1: "x:arrest", 6: "x:shoot"})
    b = gold_doc("1_2ecb", 1, "The man was arrested on Monday .", {3: "x:arrest"})
    c = gold_doc("1_1ecbplus", 1, "Officers arrested a woman in 2012 .", {1: "x:other", 5: "x:unaligned"})
    docs = [
        document(a, [("COERCE", 1, ""), ("ASSAULT", 6, "")]),
        document(b, [("COERCE", 3, "")]),
        document(c, [("COERCE", 1, "2012-03-01")]),
    ]
    r = score([a, b, c], docs)
    assert (r["n"], r["gold_mentions"], r["aligned"]) == (3, 5, 4)
    assert r["coverage"] == pytest.approx(0.8)
    # Same type, stated day and trigger: the arrests of a and b merge; the other seminal event (c, 2012) stays
    # apart, where the lemma baseline puts every "arrest" of the topic together.
    assert (r["bcubed_p"], r["bcubed_r"], r["muc_f1"]) == (1.0, 1.0, 1.0)
    assert (r["aligned_bcubed_p"], r["aligned_bcubed_r"], r["aligned_muc_f1"]) == (1.0, 1.0, 1.0)
    assert r["base_bcubed_p"] == pytest.approx(2 / 3, abs=1e-4) and r["base_bcubed_r"] == 1.0


def test_a_gold_mention_the_system_missed_is_a_singleton_in_the_headline_scores():
    a = gold_doc("1_1ecb", 1, "Police arrested the man after the shooting .", {1: "x:arrest"})
    b = gold_doc("1_2ecb", 1, "The man was arrested on Monday .", {3: "x:arrest"})
    r = score([a, b], [document(a, [("COERCE", 1, "")]), document(b, [])])
    assert r["coverage"] == 0.5 and r["aligned"] == 1
    assert r["bcubed_r"] == 0.5 and r["muc_r"] == 0.0  # the missed arrest is not linked to the found one


@pytest.mark.gold
def test_read_an_ecbplus_document():
    root = shared_path("data", "dedup", "ecbplus")
    docs = read_corpus(root, limit=3)
    assert len(docs) == 3 and all(d.topic == 2 for d in docs)  # development topics come first
    g = read_doc(root / "ECB+" / "12" / "12_1ecbplus.xml", {2, 3})
    assert g.url and g.url.startswith("http://www.thehindu.com/")
    assert "http" not in g.text and g.text.startswith("Updated: November 11")
    assert g.mentions and all(g.sentences[m.tokens[0]] in (2, 3) for m in g.mentions)
    assert any(m.chain.startswith("x:") for m in g.mentions)
    for m in g.mentions:
        s, e = g.offsets[m.tokens[0]]
        assert g.text[s:e] == g.tokens[m.tokens[0]]

"""What the nlp stage does faster must give what spaCy gives: the attribute ruler's table finds the
Matcher's matches, and per-document values are built once and kept on the document."""

from __future__ import annotations

import pytest

from eventwire.fastruler import TableMatch, speed_up
from eventwire.nlp import doc_text, load_model, load_package, per_doc

TEXTS = [
    "Rebels attacked the town of Goma on Monday, killing at least five civilians, officials said.",
    "\"We're gonna hold the line,\" the commander told reporters. \"Ain't nobody leaving.\"",
    "Let's see what they do next, she said; I gotta admit it won't be easy.\n\nOn Tuesday the army didn't respond.",
    "The U.S.-led coalition struck 3 positions near the Euphrates -- two of them twice.",
    "   \n\t  ",
    "",
]


@pytest.fixture(scope="module")
def bare():
    return load_package()


def test_the_table_finds_the_matchers_matches(bare):
    ruler = bare.get_pipe("attribute_ruler")
    table = TableMatch(ruler)
    docs = list(bare.pipe(TEXTS, disable=["attribute_ruler", "lemmatizer", "ner"]))
    assert sum(len(d) for d in docs) > 60
    for doc in docs:
        assert table(doc) == sorted(set(ruler.match(doc)))
        assert table(doc) == table(doc)  # the second time from the table itself


def test_the_sped_up_model_tags_as_the_shipped_one(bare):
    ours = load_model("")
    for a, b in zip(bare.pipe(TEXTS), ours.pipe(TEXTS), strict=True):
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in a] == \
               [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in b]


def test_a_ruler_with_patterns_the_table_does_not_cover_keeps_its_matcher(bare):
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(bare.vocab)
    ruler.add([[{"LOWER": "x", "OP": "+"}]], {"LEMMA": "y"})
    assert not speed_up(ruler)
    assert "match" not in vars(ruler)


def test_per_document_values_are_built_once_and_kept_on_the_document(bare):
    doc = bare.make_doc("Shelling near Goma.")
    calls = []
    assert per_doc(doc, "n", lambda d: calls.append(1) or len(d)) == 4
    assert per_doc(doc, "n", lambda d: calls.append(1) or len(d)) == 4
    assert calls == [1]
    other = bare.make_doc("Goma.")
    assert per_doc(other, "n", len) == 2
    assert doc_text(doc) == "Shelling near Goma."


def test_the_pipeline_counts_cpu_time_per_stage():
    from eventwire.pipeline import Pipeline

    pipe = Pipeline(stages=["clean", "nlp"])
    list(pipe.pipe(["Rebels attacked Goma on Monday, officials said."]))
    assert set(pipe.stage_cpu) == {st.name for st in pipe.stages}
    assert all(v >= 0 for v in pipe.stage_cpu.values()) and sum(pipe.stage_cpu.values()) > 0


def test_the_lemma_table_gives_the_lemmatizers_lemmas(bare):
    from eventwire.fastlemma import CachedLemmas

    lem = bare.get_pipe("lemmatizer")
    fast = CachedLemmas(lem)
    texts = [*TEXTS, "The soldiers were killed; a soldier killed them. Better days, best ones: he is killing time."]
    for text in texts:
        a = bare(text)  # the lemmatizer's own loop
        b = bare.make_doc(text)
        for name, proc in bare.pipeline:
            b = fast(b) if name == "lemmatizer" else proc(b)
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
        c = bare.make_doc(text)
        for name, proc in bare.pipeline:
            c = fast(c) if name == "lemmatizer" else proc(c)
        assert [t.lemma_ for t in c] == [t.lemma_ for t in a]  # the second time from the table
    assert fast.table


def test_the_sped_up_lemmatizer_keeps_lemmas_already_set_and_leaves_other_modes():
    from spacy.lang.en import English

    from eventwire.fastlemma import speed_up

    nlp = English()
    lookup = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not speed_up(lookup)
    assert "pipe" not in vars(lookup)


def test_token_lists_are_built_once_per_document(bare):
    from eventwire.nlp import doc_lowers, doc_tokens

    doc = bare.make_doc("Shelling near GOMA.")
    assert doc_tokens(doc) is doc_tokens(doc)
    assert [t.i for t in doc_tokens(doc)] == [0, 1, 2, 3]
    assert doc_lowers(doc) == ["shelling", "near", "goma", "."]

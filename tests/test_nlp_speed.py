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


ENTITY_TEXTS = [
    *TEXTS,
    "Colonel Ana Ruiz of the Northern Brigade met John Smith in New Port City on March 3, 2021.\n\nThe "
    "Blue River Authority paid $4.5 million. Mayor Lee Kim said 12 people died",
    "two hundred soldiers of the republican guard reached lake tana near bahir dar last friday.",
    "Red Cross\n\nVolunteers in Santa Maria counted 40 percent fewer families than in 2019 , said WHO .",
]


def _ents(doc):
    return [(t.ent_iob_, t.ent_type_) for t in doc]


def test_the_batch_decoder_finds_the_recognizers_entities(bare):
    from eventwire.fastner import FastEntityRecognizer

    ner = bare.get_pipe("ner")
    fast = FastEntityRecognizer(ner)
    docs = list(bare.pipe(ENTITY_TEXTS, disable=["ner"]))
    shipped = [_ents(d) for d in ner.pipe([d.copy() for d in docs])]
    assert sum(1 for doc in shipped for iob, _ in doc if iob == "B") > 10
    assert [_ents(d) for d in fast.pipe([d.copy() for d in docs], batch_size=3)] == shipped
    assert [_ents(fast(d.copy())) for d in docs] == shipped  # one document at a time


def test_the_sped_up_model_finds_the_shipped_recognizers_entities(bare):
    ours = load_model("")
    fast = ours.get_pipe("ner")
    assert type(fast).__name__ == "FastEntityRecognizer"
    assert fast.labels == bare.get_pipe("ner").labels
    with ours.select_pipes(disable=["ner"]):
        docs = list(ours.pipe(ENTITY_TEXTS))  # the model's own parse, line-break sentences included
    shipped = [_ents(fast.ner(d.copy())) for d in docs]
    assert [_ents(d) for d in ours.pipe(ENTITY_TEXTS)] == shipped
    assert [_ents(ours(t)) for t in ENTITY_TEXTS] == shipped


def test_entities_already_set_are_left_to_the_recognizer_itself(bare):
    from spacy.tokens import Span

    from eventwire.fastner import FastEntityRecognizer

    ner = bare.get_pipe("ner")
    fast = FastEntityRecognizer(ner)
    text = "The Harbour Guild met Mary Jones in Lisbon on Friday."
    with bare.select_pipes(disable=["ner"]):
        a, b = bare(text), bare(text)
    for doc in (a, b):
        doc.set_ents([Span(doc, 1, 3, label="ORG")], default="unmodified")
    assert _ents(ner(a)) == _ents(fast(b))
    assert ("B", "ORG") in _ents(b)


def test_a_recognizer_of_another_shape_keeps_spacys_decoder():
    from spacy.lang.en import English

    from eventwire.fastner import speed_up

    nlp = English()
    nlp.add_pipe("ner", config={"model": {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner",
                                          "extra_state_tokens": False, "hidden_width": 8, "maxout_pieces": 2,
                                          "use_upper": False}})
    nlp.initialize()
    assert not speed_up(nlp)
    assert type(nlp.get_pipe("ner")).__name__ == "EntityRecognizer"


def _parse(doc):
    return [(t.head.i, t.dep_, t.is_sent_start) for t in doc]


def test_the_gil_held_loop_gives_the_parsers_parse(bare):
    from eventwire.fastparse import FastParser

    parser = bare.get_pipe("parser")
    fast = FastParser(parser)
    before = bare.pipe_names[: bare.pipe_names.index("parser")]
    with bare.select_pipes(enable=before):
        docs = list(bare.pipe(ENTITY_TEXTS))
    shipped = [_parse(d) for d in parser.pipe([d.copy() for d in docs])]
    assert sum(1 for doc in shipped for _, _, start in doc if start) > 8
    assert [_parse(d) for d in fast.pipe([d.copy() for d in docs], batch_size=3)] == shipped
    assert [_parse(fast(d.copy())) for d in docs] == shipped  # one document at a time


def test_the_sped_up_model_parses_as_the_shipped_parser():
    ours = load_model("")
    fast = ours.get_pipe("parser")
    assert type(fast).__name__ == "FastParser"
    shipped = []
    for text in ENTITY_TEXTS:  # every component in turn, the shipped parser in its place
        doc = ours.make_doc(text)
        for name, proc in ours.pipeline:
            doc = fast.parser(doc) if name == "parser" else proc(doc)
        shipped.append(_parse(doc))
    assert [_parse(d) for d in ours.pipe(ENTITY_TEXTS)] == shipped
    assert [_parse(ours(t)) for t in ENTITY_TEXTS] == shipped


def test_a_beam_parser_keeps_spacys_loop():
    from spacy.lang.en import English

    from eventwire.fastparse import speed_up

    nlp = English()
    nlp.add_pipe("beam_parser", name="parser")
    nlp.initialize()
    assert not speed_up(nlp)
    assert type(nlp.get_pipe("parser")).__name__ == "DependencyParser"

"""The spaCy stage: the model loads from an installed package, and line breaks that end a paragraph or a
heading are sentence boundaries (hard-wrapped prose keeps its sentences)."""

from __future__ import annotations

import pytest

from eventwire.errors import ConfigError
from eventwire.nlp import LINE_BREAKS, load_model


@pytest.fixture(scope="module")
def nlp():
    return load_model("")


def sents(nlp, text: str) -> list[str]:
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_the_component_runs_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index(LINE_BREAKS) == names.index("parser") - 1


def test_a_blank_line_ends_a_sentence(nlp):
    text = "Saturday, January 5, 2019\n\nA fire yesterday afternoon killed five girls in Koszalin."
    assert sents(nlp, text) == [
        "Saturday, January 5, 2019",
        "A fire yesterday afternoon killed five girls in Koszalin.",
    ]


def test_a_heading_line_ends_a_sentence(nlp):
    text = ("Shelling near Goma kills five\nShells fired by rebels struck a camp for displaced people on the "
            "outskirts of Goma on Wednesday, killing at least five civilians, officials said.")
    assert sents(nlp, text)[0] == "Shelling near Goma kills five"


def test_hard_wrapped_prose_keeps_its_sentences(nlp):
    text = ("The Congolese army said on Tuesday that its troops had pushed the\n"
            "rebels back from the town of Sake, about 25 km west of Goma, after\n"
            "heavy fighting.\n")
    assert len(sents(nlp, text)) == 1
    assert len(sents(nlp, "Rebels attacked\nGoma on Monday.")) == 1  # short lines, but all of them


def test_an_unknown_model_is_a_config_error():
    with pytest.raises(ConfigError, match="no spaCy model"):
        load_model("no_such_model_package")

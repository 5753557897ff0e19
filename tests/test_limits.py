"""Pipeline limits (eventwire.limits): each is a setting, and each failure names its setting."""

from __future__ import annotations

import time

import pytest

from eventwire import pipeline as pl
from eventwire.errors import LimitError
from eventwire.limits import check_chars, check_quote_marks, line_cuts, spacy_input
from eventwire.model import Article, Document, Failure
from eventwire.pipeline import Pipeline, Stage, Work
from eventwire.settings import Settings

SENTENCE = "Rebels attacked the town of Sake on Monday, killing three soldiers, the army said. "


class Slow(Stage):
    name = "slow.v1"
    requires = ("text",)

    def __call__(self, work: Work) -> None:
        if "slowly" in work.doc.text:
            deadline = time.perf_counter() + 5
            while time.perf_counter() < deadline:  # a loop that never returns on its own in time
                pass


def test_every_limit_is_a_documented_setting():
    fields = Settings.model_fields
    for name in ("max_chars", "max_line_chars", "max_quote_marks", "article_seconds"):
        assert name in fields and fields[name].description


def test_limit_errors_name_their_setting():
    with pytest.raises(LimitError, match=r"max_chars=100\b") as e:
        check_chars("x" * 101, 100)
    assert e.value.setting == "max_chars"
    check_chars("x" * 100, 100)
    text = 'He said "a" and "b".\n\n' + '"' * 11
    check_quote_marks(text, 11)
    with pytest.raises(LimitError, match="max_quote_marks=10") as e:
        check_quote_marks(text, 10)
    assert "paragraph at character 22" in str(e.value)


def test_line_cuts_prefer_sentence_ends_then_semicolons_then_spaces():
    text = "Aaaa bbbb cccc. Dddd; eeee ffff gggg hhhh iiii jjjj kkkk."
    assert line_cuts(text, 1000) == []
    cuts = line_cuts(text, 25)
    assert cuts and text[cuts[0] - 2 : cuts[0]] == ". "
    for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True):
        assert b - a <= 25
    assert line_cuts("y" * 15 + "; " + "y" * 40, 20) == [17]
    assert line_cuts("z" * 100, 20) == []  # nowhere to cut: left whole, never dropped
    two = "short line\n" + "word " * 20
    assert all(c > 11 for c in line_cuts(two, 30))  # only the long line is cut


@pytest.mark.slow
def test_long_lines_and_punctuation_runs_keep_every_offset(pipeline):
    nlp = pipeline.stages[1].nlp
    assert spacy_input(nlp, SENTENCE, 5000) == SENTENCE  # ordinary text: handed over as it is
    text = SENTENCE * 40 + 'He said "' + '"' * 500 + ' and "' + "x" * 300 + "\n\n" + SENTENCE
    doc = spacy_input(nlp, text, 1000)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
    starts = [t.idx for t in doc if t.is_sent_start]
    assert len(starts) >= 3 and starts[1] - starts[0] <= 1000


@pytest.mark.slow
def test_pipeline_failures_name_the_limit(pipeline):
    settings = Settings(max_chars=2000, max_quote_marks=50, max_line_chars=300)
    p = Pipeline(settings)
    good = Article.make(SENTENCE * 10, published="2024-02-08")
    big = Article.make(SENTENCE * 30)
    quotes = Article.make("Officials said " + '"' * 60 + " today.")
    out = list(p.pipe([good, big, quotes, good], on_error="record"))
    assert isinstance(out[0], Document) and isinstance(out[3], Document)
    assert isinstance(out[1], Failure) and "max_chars=2,000" in out[1].reason
    assert isinstance(out[2], Failure) and "max_quote_marks=50" in out[2].reason
    doc = out[0]
    assert len(doc.text) > 300 and all(doc.text[e.evidence.start : e.evidence.end] == e.evidence.text
                                       for e in doc.events)
    assert doc.events  # cut into sentences, not dropped


@pytest.mark.slow
def test_an_article_over_its_time_budget_fails_naming_the_stage(monkeypatch):
    monkeypatch.setitem(pl.STAGES, "slow", f"{__name__}:Slow")
    p = Pipeline(Settings(article_seconds=1.0), stages=["clean", "nlp", "slow"])
    arts = [Article.make(SENTENCE), Article.make("The army said it moved slowly. " + SENTENCE), Article.make(SENTENCE)]
    t0 = time.perf_counter()
    out = list(p.pipe(arts, on_error="record"))
    assert time.perf_counter() - t0 < 4.5  # interrupted, not left to run its 5 s
    assert [type(o).__name__ for o in out] == ["Document", "Failure", "Document"]
    assert out[1].stage == "slow.v1" and "article_seconds=1" in out[1].reason

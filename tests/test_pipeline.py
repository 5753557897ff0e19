from __future__ import annotations

import pytest

from eventwire import pipeline as pl
from eventwire.errors import ConfigError, StageError
from eventwire.model import Article, Document, Failure
from eventwire.pipeline import Pipeline, Stage, Work

TEXT = "Rebels attacked the town of Sake in eastern Congo on Monday, killing three soldiers, the army said."


class Boom(Stage):
    name = "boom.v1"
    requires = ("text",)
    assigns = ()

    def __call__(self, work: Work) -> None:
        if "boom" in work.doc.text:
            raise ValueError("exploded")


class NeedsPlaces(Boom):
    name = "needs.v1"
    requires = ("places",)


def test_order_is_checked_before_anything_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pl.STAGES, "needs", f"{__name__}:NeedsPlaces")
    with pytest.raises(ConfigError, match="needs.v1 requires places"):
        Pipeline(stages=["clean", "needs"])
    with pytest.raises(ConfigError, match="unknown stage"):
        Pipeline(stages=["clean", "nope"])


def test_records_say_which_behaviours_made_them(pipeline: Pipeline) -> None:
    doc = pipeline.run(Article.make(TEXT, published="2024-02-08"))
    assert set(doc.stages) == set(pl.STAGES)
    assert all("." in v for v in doc.stages.values())


def test_bad_articles_become_failures_and_the_stream_goes_on(pipeline: Pipeline) -> None:
    french = "Les rebelles ont attaqué la ville de Sake lundi, tuant trois soldats, a déclaré l'armée congolaise."
    out = list(pipeline.pipe([TEXT, "   ", french, TEXT + " Again."], on_error="record"))
    assert [type(o).__name__ for o in out] == ["Document", "Failure", "Failure", "Document"]
    assert "empty" in out[1].reason and "'fr'" in out[2].reason


def test_a_stage_error_loses_only_its_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pl.STAGES, "boom", f"{__name__}:Boom")
    p = Pipeline(stages=["clean", "boom"])
    out = list(p.pipe([TEXT, "boom " + TEXT, TEXT + " More."], on_error="record"))
    assert [type(o).__name__ for o in out] == ["Document", "Failure", "Document"]
    assert out[1].stage == "boom.v1" and "exploded" in out[1].reason
    with pytest.raises(StageError, match="boom.v1: ValueError: exploded"):
        list(p.pipe(["boom " + TEXT]))


def test_extract_is_deterministic() -> None:
    a = pl.extract(TEXT, published="2024-02-08")
    b = pl.extract(TEXT, published="8 February 2024")
    assert isinstance(a, Document) and a == b and a.published == "2024-02-08"


def test_every_span_points_into_the_cleaned_text(pipeline: Pipeline) -> None:
    from pathlib import Path

    from eventwire.ingest import read_paths

    samples = Path(__file__).resolve().parents[1] / "samples" / "dispatches"
    docs = [d for d in pipeline.pipe(read_paths([samples]), on_error="record")]
    assert docs and not [d for d in docs if isinstance(d, Failure)]
    for doc in docs:
        check_spans(doc)


def check_spans(doc: Document) -> None:
    t = doc.text
    for a in doc.actors:
        for m in a.mentions:
            assert t[m.start : m.end] == m.text
    for rec in [*doc.places, *doc.times, *doc.quotes]:
        assert 0 <= rec.start <= rec.end <= len(t)
        assert t[rec.start : rec.end] == rec.text
    for e in doc.events:
        assert t[e.evidence.start : e.evidence.end] == e.evidence.text
        ids = {a.id for a in doc.actors}
        assert set(e.actors) <= ids and set(e.recipients) <= ids
        assert e.place is None or e.place in {p.id for p in doc.places}

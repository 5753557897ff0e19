"""Actors against gold data: the seed article's actor facts and ACLED's coded actor1 (floors)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import shared_path


@pytest.fixture(scope="module")
def seed_doc():
    from eventwire.model import Article
    from eventwire.pipeline import Pipeline

    text = shared_path("seed", "article.txt").read_text(encoding="utf-8")
    return Pipeline(stages=["clean", "nlp", "actors"]).run(Article.make(text, published="2019-11-24"))


@pytest.fixture(scope="module")
def gold():
    return json.loads(shared_path("seed", "gold.json").read_text(encoding="utf-8"))


def _strings(actor) -> list[str]:
    return [actor.name, *actor.aliases, *(m.text for m in actor.mentions)]


@pytest.mark.gold
def test_seed_actors_found(seed_doc, gold):
    for g in gold["actors"]:
        rx = re.compile(g["pattern"], re.I)
        assert any(rx.search(s) for a in seed_doc.actors for s in _strings(a)), g["id"]


@pytest.mark.gold
def test_seed_same_actor(seed_doc, gold):
    text = seed_doc.text
    for g in gold["same_actor"]:
        owners = set()
        for m in g["mentions"]:
            at = text.find(m)
            assert at >= 0, m
            owner = {a.id for a in seed_doc.actors for x in a.mentions if x.start <= at + len(m) and x.end >= at}
            assert owner, f"{m!r} has no actor"
            owners |= owner
        assert len(owners) == 1, g["why"]


@pytest.mark.gold
def test_seed_credits_are_not_actors(seed_doc, gold):
    for pat in gold["not_actors"]:
        rx = re.compile(pat, re.I)
        assert not any(rx.search(a.name) for a in seed_doc.actors), pat


@pytest.mark.gold
def test_seed_roles_and_affiliations(seed_doc):
    by_name = {a.name: a for a in seed_doc.actors}
    ids = {a.id: a for a in seed_doc.actors}
    mck = next(a for a in seed_doc.actors if "McKenzie" in a.name)
    assert mck.role == "commander" and ids[mck.affiliation].name == "US Central Command"
    hoff = next(a for a in seed_doc.actors if "Hoffman" in a.name)
    assert hoff.role == "spokesman" and ids[hoff.affiliation].name == "US Department of Defense"
    assert by_name["Islamic State"].inter == 2

"""Actors: entity mentions linked to actors (dictionary, patterns, people). Owned by issue 5."""

from __future__ import annotations

from .pipeline import Stage, Work


class ActorStage(Stage):
    name = "actors.v0"
    requires = ("entities",)
    assigns = ("actors",)

    def __call__(self, work: Work) -> None:
        work.doc.actors = []

"""Quotes: direct and reported speech with the speaker resolved to an actor. Owned by issue 5."""

from __future__ import annotations

from .pipeline import Stage, Work


class QuoteStage(Stage):
    name = "quotes.v0"
    requires = ("parse", "actors")
    assigns = ("quotes",)

    def __call__(self, work: Work) -> None:
        work.doc.quotes = []

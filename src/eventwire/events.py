"""Events: PLOVER/ACLED coding, roles, modality, attribution. Owned by issue 6."""

from __future__ import annotations

from .pipeline import Stage, Work


class EventStage(Stage):
    name = "events.v0"
    requires = ("parse", "actors", "places", "times", "quotes")
    assigns = ("events",)

    def __call__(self, work: Work) -> None:
        work.doc.events = []

"""Time: TIMEX3 expressions normalized against the publication date. Owned by issue 4."""

from __future__ import annotations

from .pipeline import Stage, Work


class TimeStage(Stage):
    name = "time.v0"
    requires = ("tokens",)
    assigns = ("times",)

    def __call__(self, work: Work) -> None:
        work.doc.times = []

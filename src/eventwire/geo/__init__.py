"""Geoparsing: toponyms resolved in the embedded gazetteer, region phrases. Owned by issue 3."""

from __future__ import annotations

from ..pipeline import Stage, Work


class GeoStage(Stage):
    name = "geo.v0"
    requires = ("entities",)
    assigns = ("places",)

    def __call__(self, work: Work) -> None:
        work.doc.places = []

"""Geoparsing: toponyms resolved in the embedded gazetteer, region phrases, the place of an event.

- :class:`GeoStage` (``geo.v7``) fills ``doc.places``: one :class:`~eventwire.model.Place` per
  mention (unresolved ones keep ``lat``/``lon`` None and say why in ``resolution``), then one per
  region phrase ("eastern Syria", "the outskirts of X").
- :func:`event_place` picks the place where an event happens (not where a speaker stands);
  :func:`event_location` codes an event placed at a first-level region at the region's seat.
- :mod:`eventwire.geo.gazetteer` builds and reads the SQLite gazetteer.
"""

from __future__ import annotations

from typing import Any

from ..pipeline import Stage, Work


class GeoStage(Stage):
    """Toponym recognition and resolution against the embedded gazetteer."""

    name = "geo.v7"  # bump on any change of behaviour (see pipeline.Stage.version)
    data_files = ("gazetteer_overrides.csv", "admin_abbreviations.csv", "regions.yaml", "features.csv")
    requires = ("entities",)
    assigns = ("places",)

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self._gaz: Any = None

    def version_extras(self) -> list[str]:
        from .gazetteer import BUILD_VERSION

        return [f"gazetteer:{BUILD_VERSION}"]

    @property
    def gazetteer(self) -> Any:
        if self._gaz is None:
            from .gazetteer import ensure

            self._gaz = ensure(self.settings)
        return self._gaz

    def __call__(self, work: Work) -> None:
        from ..errors import StageError

        if work.spacy is None:
            raise StageError(self.name, "no parse: the nlp stage must run first")
        work.doc.places = geoparse(work.spacy, self.gazetteer, data_dir=self.settings.data_dir,
                                   context_places=self.settings.geo_context_places)


def geoparse(sdoc: Any, gaz: Any, *, data_dir: Any = None, context_places: bool = True) -> list[Any]:
    """Places of a parsed text (spaCy Doc) resolved against a :class:`~eventwire.geo.gazetteer.Gazetteer`."""
    from ..nlp import doc_text
    from .coherence import cohere
    from .recognize import find_mentions
    from .resolve import resolve

    mentions = find_mentions(sdoc, gaz)
    text = doc_text(sdoc)
    places = resolve(mentions, text, gaz, data_dir=data_dir, context_places=context_places)
    return cohere(places, text, gaz, context_places=context_places)


def event_place(doc: Any, sdoc: Any, start: int, end: int, *, fallback: bool = True,
                stated: bool = False) -> str | None:
    """The id of the place where the event whose trigger/evidence lies at [start, end) happens, or None.

    The trigger's own locative dependents first, then its clause, then its sentence, then (with
    ``fallback``) the article's focus; never a speaker's whereabouts or an agency seat. With ``stated``, only
    the trigger's own place or its clause's.
    """
    from .locate_event import event_place as _event_place

    return _event_place(doc, sdoc, start, end, fallback=fallback, stated=stated)


def event_location(doc: Any, place_id: str | None, gaz: Any) -> str | None:
    """The place an event at ``place_id`` is coded at: a first-level region's seat (a ``"seat"`` place added
    to ``doc.places``), else the place itself (:func:`eventwire.geo.coherence.event_location`)."""
    from .coherence import event_location as _event_location

    return _event_location(doc, place_id, gaz)


__all__ = ["GeoStage", "event_location", "event_place", "geoparse"]

"""Actors: entity mentions linked to actors by dictionary, patterns and people. Owned by issue 5.

``ActorStage`` (``actors.v3``) fills ``doc.actors``; the editable tables are described in
:mod:`eventwire.actors.dictionary`.
"""

from __future__ import annotations

from .dictionary import ActorDictionary, Country, Entry, load_dictionary
from .stage import ActorStage

__all__ = ["ActorStage", "ActorDictionary", "Country", "Entry", "load_dictionary"]

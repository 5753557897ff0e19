"""Events: PLOVER/ACLED coding, roles, modality and attribution (issue 6).

One module per concern: ``lexicon`` (data files), ``triggers``, ``roles``, ``modality``, ``quantities``,
``attribution``, ``acled``, ``nesting`` and ``stage`` (the pipeline stage ``events.v7``).
"""

from __future__ import annotations

from .stage import EventExtractor, EventStage

__all__ = ["EventExtractor", "EventStage"]

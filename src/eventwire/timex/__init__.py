"""Time: TIMEX3 expressions normalized against the publication date, and event dates.

``TimeStage`` (``time.v4``) fills ``doc.times``; :func:`event_date` dates an event trigger;
:func:`acled_time_precision` maps a precision and range to ACLED's 1/2/3. :func:`tag` is the tagger
on plain text, usable without spaCy.
"""

from __future__ import annotations

from .calendar import value_range
from .tagger import tag

__all__ = ["TimeStage", "acled_time_precision", "event_date", "tag", "value_range"]


def __getattr__(name: str):
    if name == "TimeStage":
        from .stage import TimeStage

        return TimeStage
    if name in ("event_date", "acled_time_precision"):
        from . import eventdate

        return getattr(eventdate, name)
    raise AttributeError(name)

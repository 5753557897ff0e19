"""Typed records of review: a reviewer's decision, an event's fields as a reviewer sees them, and a
reviewed event (the machine's values and the reviewer's side by side)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..errors import InputError
from ..model import PLOVER_TYPES, Record

#: Fields a reviewer can correct.
FIELDS = ("type", "acled_event_type", "acled_sub_event_type", "actors", "recipients", "place", "date", "modality",
          "fatalities")
#: Verdicts on an event: right, or wrong because it is no event or the duplicate of another.
VERDICTS = ("right", "not_event", "duplicate")
MODALITIES = ("actual", "planned", "hypothetical", "negated")
Action = Literal["verdict", "correct", "add", "cluster"]
Status = Literal["unreviewed", "right", "corrected", "not_event", "duplicate", "added"]


class PlaceValue(Record):
    """A place as a reviewer gives it: a name and a point (from the gazetteer search or the map)."""

    name: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    country_code: str | None = None


class Evidence(Record):
    start: int
    end: int
    text: str = ""


class EventFields(Record):
    """The reviewable fields of one event, flat, with actors as names."""

    type: str
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    actors: list[str] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)
    place: PlaceValue | None = None
    date: str | None = None
    modality: str = "actual"
    fatalities: int | None = None
    evidence: Evidence
    confidence: float = 0.0
    trigger: str | None = None

    def get(self, field: str) -> Any:
        value = getattr(self, field)
        return value.to_json() if isinstance(value, Record) else value


class Review(Record):
    """One stored decision. ``old_value`` is what the reviewer saw, ``new_value`` what they decided."""

    id: int
    article_id: str
    event_id: str
    reviewer: str
    created_at: str
    action: Action
    field: str | None = None
    old_value: Any = None
    new_value: Any = None
    note: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None


class ReviewedEvent(Record):
    """An event with its reviews applied: ``value`` prefers the reviewers' values over the machine's."""

    article_id: str
    event_id: str
    status: Status = "unreviewed"
    value: EventFields
    machine: EventFields | None = None  # None for an event a reviewer added
    corrected: list[str] = Field(default_factory=list)  # fields a reviewer changed
    duplicate_of: str | None = None
    cluster: str | None = None  # a reviewer's cluster label (merge/split)
    reviewers: list[str] = Field(default_factory=list)
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None

    @property
    def reviewed(self) -> bool:
        return self.status != "unreviewed"

    @property
    def wrong(self) -> bool:
        return self.status in ("not_event", "duplicate")

    @property
    def key(self) -> str:
        return f"{self.article_id}:{self.event_id}"


class Conflict(Record):
    """A reviewed event the machine now codes differently from both the reviewer and its earlier self."""

    article_id: str
    event_id: str
    field: str  # a field name, or "event" when the machine no longer finds the event
    machine_then: Any = None
    machine_now: Any = None
    reviewed: Any = None
    reviewer: str | None = None


def check_value(field: str, value: Any) -> Any:
    """The value of a correction, checked and normalized; raises :class:`InputError`."""
    if field not in FIELDS:
        raise InputError(f"unknown field {field!r}; fields: {', '.join(FIELDS)}")
    if field == "type":
        v = str(value or "").strip().upper()
        if v not in PLOVER_TYPES:
            raise InputError(f"type: {value!r} is not a PLOVER type ({', '.join(PLOVER_TYPES)})")
        return v
    if field in ("acled_event_type", "acled_sub_event_type"):
        v = str(value or "").strip()
        return v or None
    if field in ("actors", "recipients"):
        if isinstance(value, str):
            value = [x for x in value.split(";")]
        if not isinstance(value, list):
            raise InputError(f"{field}: expected a list of names")
        return [str(x).strip() for x in value if str(x).strip()]
    if field == "place":
        if value in (None, "", {}):
            return None
        if isinstance(value, str):
            return PlaceValue(name=value.strip()).to_json()
        try:
            return PlaceValue.model_validate(value).to_json()
        except ValueError as e:
            raise InputError(f"place: {e}") from e
    if field == "date":
        v = str(value or "").strip()
        if v and not _DATE_OK(v):
            raise InputError(f"date: {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        return v or None
    if field == "modality":
        v = str(value or "").strip().lower()
        if v not in MODALITIES:
            raise InputError(f"modality: {value!r} is not one of {', '.join(MODALITIES)}")
        return v
    # fatalities
    if value in (None, ""):
        return None
    try:
        n = int(value)
    except (TypeError, ValueError) as e:
        raise InputError(f"fatalities: {value!r} is not a number") from e
    if n < 0:
        raise InputError("fatalities: must be >= 0")
    return n


def _DATE_OK(v: str) -> bool:  # noqa: N802
    import re

    return re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", v) is not None

"""The data model: typed records that cross every module boundary.

The JSON form of :class:`Document` is the contract of DESIGN.md ("The document record"): field
names never change without a new ``schema`` version. Spans are ``start``/``end`` character offsets
into the cleaned ``text``. "Not found" is an explicit value (``None`` or an empty list), never a
missing key.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA = "eventwire.document/1"

Modality = Literal["actual", "planned", "hypothetical", "negated"]
TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
QuoteKind = Literal["direct", "indirect"]

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


class Record(BaseModel):
    """Base of every record: strict field names, JSON by alias."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_assignment=False)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


def content_id(*parts: str | None, length: int = 16) -> str:
    """A stable id from content: the same input always gives the same id."""
    h = hashlib.sha256()
    for p in parts:
        h.update((p or "").encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


class Span(Record):
    """A stretch of the cleaned text."""

    start: int
    end: int
    text: str


class Mention(Record):
    text: str
    start: int
    end: int


class Reading(Record):
    """How an input item was read: the encoding chosen and why, and what its metadata said of its language."""

    encoding: str | None = None  # Python codec name ("utf-8", "cp1252", "utf-16-le"); None: given as text
    encoding_confidence: float | None = None  # 0..1
    encoding_evidence: str | None = None  # "bom", "declaration", "utf-8", "detector", "text"
    encoding_replaced: bool = False  # some bytes or characters were not text in it and were replaced
    language_metadata: str | None = None  # the language the input's metadata gave, when the text says otherwise
    language_probability: float | None = None  # of the language detected on the text
    text_hash: str | None = None  # hash of the text exactly as it came (tells an article's variants apart)


_BAD_CHARS = re.compile("[\ud800-\udfff\x00]")


def _clean(value: Any) -> tuple[Any, bool]:
    """A string without lone surrogates or NUL characters (U+FFFD instead), and whether any was replaced."""
    if isinstance(value, str) and _BAD_CHARS.search(value):
        return _BAD_CHARS.sub("\ufffd", value), True
    return value, False


class Article(Record):
    """One input item as read, before cleaning."""

    id: str
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: str | None = None  # "YYYY-MM-DD"
    language: str | None = None
    raw: str
    origin: str | None = None  # file path / record locator the article came from (file names shown readably)
    source_id: str | None = None  # the item's id at its source (a feed's guid, a record's id)
    reading: Reading | None = None

    @classmethod
    def make(cls, raw: str, **fields: Any) -> Article:
        """An article whose id is :func:`eventwire.identity.article_key` of its text, URL, source and date.

        Lone surrogates and NUL characters (which no database stores) become U+FFFD and the article is
        flagged ``reading.encoding_replaced``.
        """
        from .identity import article_key, text_hash

        raw, replaced = _clean(raw)
        for k, v in list(fields.items()):
            fields[k], r = _clean(v)
            replaced |= r
        reading = fields.get("reading") or Reading(encoding_evidence="text")
        update: dict[str, Any] = {"text_hash": text_hash(raw)}
        if replaced:
            update["encoding_replaced"] = True
        fields["reading"] = reading.model_copy(update=update)
        key = article_key(raw, url=fields.get("url"), source=fields.get("source"), published=fields.get("published"))
        return cls(id=key, raw=raw, **fields)


class Removed(Record):
    """A piece of the raw text that cleaning dropped, and why."""

    text: str
    reason: str


class Actor(Record):
    id: str
    name: str
    kind: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    aliases: list[str] = Field(default_factory=list)
    wikidata: str | None = None
    mentions: list[Mention] = Field(default_factory=list)
    inter: int | None = None  # ACLED actor-type code 1..8
    role: str | None = None  # "commander", "spokesman" ...
    affiliation: str | None = None  # actor id of the organisation a person speaks for
    source: str | None = None  # "dictionary", "pattern", "ner"
    key: str | None = None  # stable id in the actor dictionary ("usa_forces", "sdf"); None for NER-only actors


class Place(Record):
    id: str
    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    feature_code: str | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    precision: int | None = None  # ACLED geo_precision: 1 town, 2 near/part of region, 3 region
    confidence: float = 0.0
    kind: str | None = None  # "toponym", "region", "feature"
    bbox: list[float] | None = None  # [south, west, north, east]
    resolution: str | None = None  # why it is (not) resolved, e.g. "no-match"


class TimeExpr(Record):
    id: str
    text: str
    start: int
    end: int
    value: str
    type: TimeType = "DATE"
    range: list[str] | None = None  # [first_day, last_day]
    precision: str | None = None  # "day", "week", "month", "quarter", "year", "decade", ...


class Quote(Record):
    id: str
    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None = None  # actor id
    speaker_text: str | None = None
    cue: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


class AcledCode(Record):
    event_type: str
    sub_event_type: str
    inter1: int | None = None
    inter2: int | None = None


class EventDate(Record):
    value: str | None = None
    precision: str | None = None
    time: str | None = None  # time id
    inferred: bool = True


class Quantity(Record):
    value: float
    unit: str
    text: str


class Attribution(Record):
    speaker: str | None = None  # actor id
    quote: str | None = None  # quote id


class Event(Record):
    id: str
    type: str
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    acled: AcledCode | None = None
    modality: Modality = "actual"
    actors: list[str] = Field(default_factory=list)
    recipients: list[str] = Field(default_factory=list)
    place: str | None = None
    date: EventDate = Field(default_factory=EventDate)
    quantities: list[Quantity] = Field(default_factory=list)
    fatalities: int | None = None
    attribution: Attribution | None = None
    evidence: Span
    confidence: float = 0.0
    trigger: Span | None = None
    about: str | None = None  # event id an ACCUSE/REJECT refers to
    mentions: list[Span] = Field(default_factory=list)  # later mentions of the same event ("the blast")
    background: bool = False  # a past event the article refers to ("the 2014 bombing"), not news of the day


class Document(Record):
    """What the pipeline makes of one article."""

    schema_: str = Field(default=SCHEMA, alias="schema")
    id: str
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None
    text: str = ""
    removed: list[Removed] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    times: list[TimeExpr] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    primary: str | None = None  # id of the one event a coder would code for this report (events/primary.py)
    stages: dict[str, str] = Field(default_factory=dict)  # stage name -> versioned behaviour
    source_id: str | None = None  # the item's id at its source (a feed's guid, a record's id)
    reading: Reading | None = None  # encoding and language evidence of the input

    @classmethod
    def from_article(cls, article: Article) -> Document:
        return cls(
            id=article.id, url=article.url, title=article.title, source=article.source,
            published=article.published, language=article.language, text=article.raw,
            source_id=article.source_id, reading=article.reading,
        )

    def span(self, start: int, end: int) -> Span:
        return Span(start=start, end=end, text=self.text[start:end])


class Failure(Record):
    """An item that could not be processed, kept instead of dropped."""

    document: str | None  # article id or origin
    origin: str | None = None
    stage: str
    reason: str


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the document record, as checked in at ``schema/document.schema.json``."""
    schema = Document.model_json_schema(by_alias=True, mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA
    return schema

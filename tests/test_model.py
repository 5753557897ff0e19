from __future__ import annotations

import jsonschema

from eventwire.model import SCHEMA, Actor, Article, Document, Event, Mention, Span, json_schema
from eventwire.schema import checked_in

RECORD_FIELDS = {
    "schema", "id", "url", "title", "source", "published", "language", "text", "removed", "actors", "places",
    "times", "quotes", "events",
}


def test_document_serializes_to_the_contract_field_names() -> None:
    doc = Document(id="x", text="Rebels attacked Goma.")
    out = doc.to_json()
    assert out["schema"] == SCHEMA
    assert RECORD_FIELDS <= set(out)
    assert out["actors"] == [] and out["events"] == [] and out["published"] is None


def test_checked_in_schema_is_the_generated_one() -> None:
    assert checked_in() == json_schema(), "run `make schema` and commit src/eventwire/schema/document.schema.json"


def test_a_full_document_validates_against_the_schema() -> None:
    text = "Rebels attacked Goma."
    doc = Document(
        id="x", text=text,
        actors=[Actor(id="a1", name="Rebels", mentions=[Mention(text="Rebels", start=0, end=6)])],
        events=[Event(id="e1", type="ASSAULT", actors=["a1"], evidence=Span(start=0, end=len(text), text=text))],
    )
    jsonschema.validate(doc.to_json(), json_schema())
    event = doc.to_json()["events"][0]
    assert set(event) >= {"id", "type", "mode", "context", "acled", "modality", "actors", "recipients", "place",
                          "date", "quantities", "fatalities", "attribution", "evidence", "confidence"}
    assert set(event["date"]) >= {"value", "precision", "time", "inferred"}


def test_article_ids_are_content_hashes() -> None:
    assert Article.make("same text").id == Article.make("same text").id
    assert Article.make("same text").id != Article.make("other text").id
    assert Article.make("same text", url="http://a").id != Article.make("same text", url="http://b").id


def test_document_roundtrips_through_json() -> None:
    doc = Document(id="x", text="t", published="2019-11-24")
    assert Document.model_validate(doc.to_json()) == doc

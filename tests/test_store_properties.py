"""Property tests: re-adding is idempotent, stored documents and exports round-trip, any date value is safe."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_store import make_doc

from eventwire.export import export
from eventwire.model import Document, EventDate
from eventwire.store import EventQuery, open_store
from eventwire.store.rows import date_range

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1,
                max_size=200)
dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()), st.text(max_size=12))
modalities = st.sampled_from(["actual", "planned", "hypothetical", "negated"])


@st.composite
def documents(draw):
    doc = make_doc(
        draw(st.text(alphabet="abcdef0123456789", min_size=4, max_size=16)),
        text=draw(texts), modality=draw(modalities), etype=draw(st.sampled_from(["ASSAULT", "PROTEST", "AID"])),
        lat=draw(st.floats(-90, 90)), lon=draw(st.floats(-180, 180)), title=draw(texts),
    )
    doc.events[0].date = EventDate(value=draw(dates), precision=draw(st.sampled_from([None, "day", "month"])))
    return doc


@pytest.fixture(scope="module")
def store():
    with open_store("sqlite:///:memory:") as s:
        yield s


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(documents(), min_size=1, max_size=4, unique_by=lambda d: d.id))
def test_readding_changes_nothing_and_round_trips(store, docs):
    for doc_id in [d.id for d in store.documents()]:  # one store for every example: start empty
        store.delete(doc_id)
    store.add_all(docs)
    before = store.counts()
    assert store.add_all(docs).added == 0
    assert store.counts() == before
    by_id = {d.id: d for d in docs}
    assert {d.id: d for d in store.documents()} == by_id
    assert len(store.events(EventQuery())) == sum(len(d.events) for d in docs)
    out = io.StringIO()
    export(store.documents(), "jsonl", out)
    assert {d.id: d for d in map(Document.model_validate_json, out.getvalue().splitlines())} == by_id
    for fmt in ("acled", "plover", "geojson"):
        export(store.documents(), fmt, io.StringIO(), **({"timestamp": 0} if fmt == "acled" else {}))
    fc = io.StringIO()
    export(docs, "geojson", fc)
    assert json.loads(fc.getvalue())["type"] == "FeatureCollection"


@given(st.text(max_size=20))
def test_date_range_never_raises(value):
    """Any string: a valid day range or None."""
    r = date_range(value)
    assert r is None or (len(r) == 2 and r[0] <= r[1])


def test_json_lines_survive_unicode_line_separators():
    doc = make_doc("sep", title="a\x85b\u2028c\u2029d")
    out = io.StringIO()
    export([doc], "jsonl", out)
    export([doc], "plover", out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and Document.model_validate_json(lines[0]) == doc

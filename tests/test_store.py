"""The store on SQLite: idempotent upserts, failures, typed event queries, full text, resumability."""

from __future__ import annotations

import sqlite3

import pytest

from eventwire.errors import InputError, StoreError
from eventwire.model import (
    AcledCode,
    Actor,
    Attribution,
    Document,
    Event,
    EventDate,
    Failure,
    Mention,
    Place,
    Quote,
    Span,
    TimeExpr,
)
from eventwire.store import EventQuery, Near, normalize_url, open_store
from eventwire.store.rows import date_range


def make_doc(
    doc_id: str = "doc1",
    *,
    text: str = "Rebels attacked Goma on Monday, killing 5 civilians, the army said.",
    published: str = "2024-01-10",
    date: str | None = "2024-01-08",
    etype: str = "ASSAULT",
    modality: str = "actual",
    lat: float = -1.6792,
    lon: float = 29.2228,
    title: str = "Attack on Goma",
) -> Document:
    """A small but complete document record (every child table gets rows)."""
    i = max(text.find(" "), 0)
    return Document(
        id=doc_id, title=title, url=f"https://example.org/{doc_id}", source="Example", published=published,
        language="en", text=text, stages={"events": "events.test"},
        actors=[
            Actor(id="a1", name="M23 rebels", kind="rebels", country="COD", inter=2, aliases=["M23"],
                  mentions=[Mention(text="Rebels", start=0, end=6)]),
            Actor(id="a2", name="Civilians (DR Congo)", kind="civilians", inter=7),
            Actor(id="a3", name="Armed Forces of DR Congo", kind="military", country="COD", inter=1),
        ],
        places=[Place(id="p1", text="Goma", start=16, end=20, name="Goma", geonameid=216281, lat=lat, lon=lon,
                      feature_code="PPLA", country_code="CD", admin1="North Kivu", precision=1, confidence=0.9)],
        times=[TimeExpr(id="t1", text="Monday", start=24, end=30, value=date or "2024-01-08", precision="day",
                        range=[date or "2024-01-08", date or "2024-01-08"])],
        quotes=[Quote(id="q1", text=text, start=0, end=len(text), kind="indirect", speaker="a3",
                      speaker_text="the army", cue="said")],
        events=[
            Event(id="e1", type=etype, mode="firearms", context=["military"], modality=modality,
                  acled=AcledCode(event_type="Violence against civilians", sub_event_type="Attack", inter1=2,
                                  inter2=7),
                  actors=["a1"], recipients=["a2"], place="p1",
                  date=EventDate(value=date, precision="day", time="t1", inferred=False),
                  fatalities=5, attribution=Attribution(speaker="a3", quote="q1"),
                  evidence=Span(start=0, end=len(text), text=text), trigger=Span(start=0, end=i, text=text[:i]),
                  confidence=0.8),
        ],
    )


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "t.db")
    yield s
    s.close()


def test_open_creates_schema_in_wal_mode(tmp_path):
    path = tmp_path / "x.db"
    with open_store(f"sqlite:///{path}") as s:
        assert s.counts()["articles"] == 0
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert {"articles", "actors", "places", "times", "quotes", "events", "event_actors", "failures",
            "articles_fts", "alembic_version"} <= names


def test_normalize_url(tmp_path):
    assert normalize_url(tmp_path / "a.db") == f"sqlite:///{tmp_path}/a.db"
    assert normalize_url("postgresql://u@h/db") == "postgresql://u@h/db"
    with pytest.raises(StoreError):
        normalize_url("mysql://x/y")
    with pytest.raises(StoreError):
        open_store(tmp_path / "missing-folder" / "a.db")
    (tmp_path / "not-a-db.db").write_text("hello, this is text")
    with pytest.raises(StoreError):
        open_store(tmp_path / "not-a-db.db")
    with pytest.raises(StoreError):
        open_store("postgresql://nobody@127.0.0.1:1/none")


def test_add_is_idempotent(store):
    doc = make_doc()
    assert store.add(doc) is True
    before = store.counts()
    assert before == {"articles": 1, "actors": 3, "places": 1, "times": 1, "quotes": 1, "events": 1,
                      "event_actors": 2, "failures": 0}
    assert store.add(doc) is False
    assert store.add(Document.model_validate(doc.to_json())) is False
    assert store.counts() == before
    assert store.has("doc1") and not store.has("nope")
    assert store.known(["doc1", "nope"]) == {"doc1"}
    assert store.document("doc1") == doc


def test_changed_document_replaces_rows(store):
    store.add(make_doc())
    changed = make_doc()
    changed.events[0].modality = "planned"
    changed.actors = changed.actors[:2]
    assert store.add(changed) is True
    assert store.counts()["actors"] == 2
    assert [e.event.modality for e in store.events()] == ["planned"]


def test_failures_recorded_once(store):
    f = Failure(document="bad1", origin="in.jsonl:3", stage="ingest", reason="empty text")
    assert store.add_failure(f) is True
    assert store.add_failure(f) is False
    res = store.add_all([make_doc(), f, Failure(document=None, origin="x.bin", stage="ingest", reason="binary")])
    assert (res.added, res.events, res.failures) == (1, 1, 2)
    rows = store.failures()
    assert len(rows) == 2
    assert {r.origin for r in rows} == {"in.jsonl:3", "x.bin"}
    assert all(r.created_at for r in rows)


def test_event_queries(store):
    store.add(make_doc("d1"))
    store.add(make_doc("d2", text="Protesters marched in Nairobi against taxes, police said.", etype="PROTEST",
                       date="2024-02", published="2024-02-20", lat=-1.2864, lon=36.8172, modality="planned",
                       title="Nairobi march"))
    store.add(make_doc("d3", date=None, published="2023-05-01", etype="THREATEN", modality="hypothetical"))
    assert len(store.events()) == 3
    assert [e.article_id for e in store.events(EventQuery(type="protest"))] == ["d2"]
    assert [e.article_id for e in store.events(EventQuery(modality="HYPOTHETICAL"))] == ["d3"]
    # d2's date is a month: it overlaps a since/until inside that month
    assert [e.article_id for e in store.events(EventQuery(since="2024-02-10", until="2024-02-11"))] == ["d2"]
    # d3 has no event date: its publication date stands in
    assert [e.article_id for e in store.events(EventQuery(until="2023-12-31"))] == ["d3"]
    assert {e.article_id for e in store.events(EventQuery(since="2024-01-01"))} == {"d1", "d2"}
    near = store.events(EventQuery(near=Near(-1.70, 29.25, 10)))
    assert {e.article_id for e in near} == {"d1", "d3"}
    assert all(e.distance_km is not None and e.distance_km < 10 for e in near)
    assert store.events(EventQuery(near=Near.parse("-1.70,29.25,1"))) == []
    assert len(store.events(EventQuery(actor="m23"))) == 3
    # document-local ids ("a1") name no actor across the store; the dictionary key does (test_store_scale.py)
    assert store.events(EventQuery(actor="a1")) == []
    assert store.events(EventQuery(actor="Civilians")) != []  # recipients count too
    assert store.events(EventQuery(actor="Hamas")) == []
    assert [e.article_id for e in store.events(EventQuery(q="Nairobi taxes"))] == ["d2"]
    assert [e.article_id for e in store.events(EventQuery(q='"Goma" OR ('))] != []  # syntax never breaks
    assert store.events(EventQuery(q="...")) == []
    assert len(store.events(EventQuery(limit=2))) == 2
    first = store.events(EventQuery(type="ASSAULT", article="d1"))[0]
    js = first.to_event_json()
    assert js["type"] == "ASSAULT" and js["article"]["id"] == "d1"
    assert js["actor_names"] == ["M23 rebels"] and js["recipient_names"] == ["Civilians (DR Congo)"]
    assert js["place_detail"]["name"] == "Goma"


def test_query_validation():
    with pytest.raises(InputError):
        EventQuery(since="last week")
    with pytest.raises(InputError):
        Near.parse("1,2")
    with pytest.raises(InputError):
        Near(95, 0, 1)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2019-11-23", ("2019-11-23", "2019-11-23")),
        ("2019-11-23T10:00", ("2019-11-23", "2019-11-23")),
        ("2020-02", ("2020-02-01", "2020-02-29")),
        ("2019-W47", ("2019-11-18", "2019-11-24")),
        ("2019-Q4", ("2019-10-01", "2019-12-31")),
        ("2019", ("2019-01-01", "2019-12-31")),
        ("201", ("2010-01-01", "2019-12-31")),
        ("FUTURE_REF", None),
        ("P2W", None),
        (None, None),
        ("2019-13-40", None),
    ],
)
def test_date_range(value, expected):
    assert date_range(value) == expected


def test_datasette_style_fts_table(store, tmp_path):
    store.add(make_doc())
    con = sqlite3.connect(tmp_path / "t.db")
    rows = con.execute(
        "SELECT a.id FROM articles a JOIN articles_fts f ON f.rowid = a.seq WHERE articles_fts MATCH 'Goma'"
    ).fetchall()
    assert rows == [("doc1",)]
    store.delete("doc1")
    assert con.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'Goma'").fetchone() == (0,)


def test_committed_batches_survive_a_crash(tmp_path):
    """A batch is one transaction: what was committed before a crash is there afterwards."""
    path = tmp_path / "crash.db"
    s = open_store(path)
    s.add_all([make_doc("c1"), make_doc("c2")])
    # a second writer that dies mid-transaction (no commit) leaves the store as it was
    con = sqlite3.connect(path)
    con.execute("BEGIN")
    con.execute("DELETE FROM events")
    con.close()  # closed without commit, as a killed process would
    s2 = open_store(path)
    assert s2.known(["c1", "c2"]) == {"c1", "c2"} and s2.counts()["events"] == 2
    s.close()
    s2.close()


def test_locked_database_is_a_store_error(tmp_path):
    """A writer that cannot get the database raises StoreError; nothing of its batch is written."""
    path = tmp_path / "locked.db"
    with open_store(path) as s:
        s.engine.dispose()
        from sqlalchemy import create_engine

        s.engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.1})
        con = sqlite3.connect(path)
        con.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            with pytest.raises(StoreError):
                s.add_all([make_doc("x1")])
        finally:
            con.rollback()
            con.close()
        assert not s.has("x1")


def _snapshot(store) -> dict:
    """Every row the store holds, timestamps left out; articles in ``seq`` order (the full-text index's rowid)."""
    from sqlalchemy import select

    from eventwire.store import schema as S

    out: dict = {}
    with store.engine.connect() as conn:
        for t in (S.articles, S.article_variants, *S.CHILD_TABLES, S.event_counts, S.actor_names, S.failures):
            cols = [c for c in t.c if c.name not in ("ingested_at", "seen_at", "created_at", "seq")]
            order = [t.c.seq] if t is S.articles else list(t.primary_key.columns)
            out[t.name] = [tuple(r) for r in conn.execute(select(*cols).order_by(*order))]
    out["fts"] = [e.article_id for e in store.events(EventQuery(q="Goma"))]
    return out


def mixed_batch() -> tuple[list, list]:
    """(documents stored first, one batch): the batch holds new articles, two versions of one new story, a new
    version of a stored story, a stored article unchanged and one changed, a repeat within the batch and failures."""
    def at(doc, url, published=None):
        return doc.model_copy(update={"url": url, **({"published": published} if published else {})})

    first = [make_doc("old1"), at(make_doc("old2"), "https://example.org/story-s"), make_doc("old3")]
    changed = make_doc("old3", etype="PROTEST")
    batch = [
        make_doc("n1"),
        at(make_doc("v1", text="Rebels attacked Goma again, the army said."), "https://example.org/story-t"),
        Failure(document="bad", origin="in.jsonl:2", stage="ingest", reason="empty text"),
        make_doc("old1"),  # unchanged
        at(make_doc("v2", text="Rebels attacked Goma on Monday night."), "https://example.org/story-t",
           "2024-01-11"),
        make_doc("n2", etype="PROTEST", date="2024-03"),
        at(make_doc("s2", text="A later edition about Goma."), "https://example.org/story-s", "2024-01-12"),
        changed,
        make_doc("n2", etype="PROTEST", date="2024-03"),  # the same again: unchanged
        at(make_doc("v0", text="An older edition about Goma."), "https://example.org/story-t", "2024-01-01"),
        make_doc("n3", lat=10.0, lon=20.0),
    ]
    return first, batch


def test_batch_writes_what_one_by_one_writes(tmp_path):
    """add_all inserts a batch's new articles together; the rows (their order, story versions, counts, full text)
    are those of adding the same items one at a time."""
    first, batch = mixed_batch()
    with open_store(tmp_path / "batch.db") as a, open_store(tmp_path / "single.db") as b:
        a.add_all(first)
        b.add_all(first)
        res = a.add_all(batch)
        singles = [b.add_failure(x) if isinstance(x, Failure) else b.add(x) for x in batch]
        assert (res.added, res.unchanged, res.failures, res.events) == (8, 2, 1, 8)
        assert sum(singles) == 9  # the same 8 documents written, and the failure
        assert _snapshot(a) == _snapshot(b)
        versions = {v.id: (v.version, v.current) for v in a.versions("v1")}
        assert versions == {"v1": (1, False), "v2": (2, True), "v0": (3, False)}
        assert {v.id: (v.version, v.current) for v in a.versions("s2")} == {"old2": (1, False), "s2": (2, True)}
        assert [e.event.type for e in a.events(EventQuery(article="old3"))] == ["PROTEST"]
        assert a.add_all(batch).added == 0  # a re-run writes nothing

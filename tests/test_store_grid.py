"""The stored map grid (``grid_counts``, ``grid_totals``) on SQLite and PostgreSQL: the grid summed from the stored
fine cells equals the grid grouped from the events (same cells, counts, and means within float rounding) after
inserts, a changed document replacing its rows, deletes, a newer version of a story superseding an older one, a
reviewer's corrections written back, clustering, and the migration that fills the tables.
"""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT
from test_store import make_doc
from test_store_postgres import pg_database, pg_url  # noqa: F401 - fixtures

from eventwire.model import Document
from eventwire.store import EventQuery, browse, open_store
from eventwire.store import schema as S
from eventwire.store.query import BBox, Near

sys.path.insert(0, str(ROOT / "bench"))
import archive  # noqa: E402

#: queries the stored cells answer: no filter, type, modality, country, dates on month boundaries
ANSWERED = [
    EventQuery(),
    EventQuery(type="ASSAULT"),
    EventQuery(types=("PROTEST", "COERCE"), modality="actual"),
    EventQuery(countries=("UKR", "SY", "CD")),
    EventQuery(since="2024-03-01", until="2024-06-30"),
    EventQuery(since="2023-01-01"),
    EventQuery(until="2021-12-31"),
    EventQuery(type="ASSAULT", since="2020-01-01", until="2025-12-31", countries=("UKR", "CD")),
    EventQuery(since="2017-01-01"),
    EventQuery(since="2025-06-01", modality="actual"),
    EventQuery(since="2016-01-01", until="2030-12-31"),
    EventQuery(since="2024-05-01", until="2024-04-30"),
    # a box: the stored cells inside it and the events of its edges (boxes on cell borders, across the equator
    # and the meridian, thinner than a cell in one direction, the whole world)
    EventQuery(bbox=BBox(20, 40, 45, 55)),
    EventQuery(bbox=BBox(-153.952, -24.287, 29.622, 61.397), type="ASSAULT"),
    EventQuery(bbox=BBox(-2.8125, -1.40625, 5.625, 11.25), since="2024-01-01"),
    EventQuery(bbox=BBox(-180, -90, 180, 90)),
    EventQuery(bbox=BBox(-20, 29, 40, 32.5), countries=("UKR", "SY", "CD", "FR")),
    EventQuery(bbox=BBox(10, -35, 50, 20), since="2017-01-01", until="2025-06-30", modality="actual"),
    # a minimum of fatalities on a band's bound: the cells of the events with known fatalities (grid_fat_*)
    EventQuery(min_fatalities=0),
    EventQuery(min_fatalities=5, type="ASSAULT"),
    EventQuery(min_fatalities=3, countries=("UKR", "SY", "CD"), since="2020-01-01"),
    EventQuery(min_fatalities=10, since="2024-03-01", until="2024-06-30"),
    EventQuery(min_fatalities=1, until="2021-12-31"),
    EventQuery(min_fatalities=2, since="2017-01-01"),
    EventQuery(min_fatalities=5, bbox=BBox(-153.952, -24.287, 29.622, 61.397)),
    EventQuery(min_fatalities=8, bbox=BBox(10, -35, 50, 20), since="2017-01-01", until="2025-06-30"),
]
NOT_ANSWERED = [
    EventQuery(since="2024-03-02"),
    EventQuery(until="2024-03-30"),
    EventQuery(bbox=BBox(170, -50, -170, 50)),  # across the antimeridian
    EventQuery(bbox=BBox(20, 40, 21, 41)),  # no fine cell inside
    EventQuery(bbox=BBox(20, 40, 45, 55), min_fatalities=11),
    EventQuery(actor="islamic state"),
    EventQuery(min_fatalities=11),  # not a band's bound
    EventQuery(min_fatalities=1, q="Kyiv"),
    EventQuery(q="Kyiv"),
    EventQuery(primary=True),
    EventQuery(near=Near.parse("50.45,30.52,300")),
]
ZOOMS = range(browse.GRID_ZOOM)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    url = str(tmp_path / "grid.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = open_store(url)
    yield s
    s.close()


def _cells(store, sel, zoom: int) -> list[dict]:
    return browse.grid_cells(store, sel, zoom=zoom)


def _same_cells(got: list[dict], want: list[dict]) -> None:
    """The same cells and counts; each cell's mean point to 1e-6 degrees (0.1 m): PostgreSQL may sum a cell's
    points in another order from one query to the next, which moves the last digit."""
    assert [(c["cell"], c["count"]) for c in got] == [(c["cell"], c["count"]) for c in want]
    for g, w in zip(got, want, strict=True):
        assert g["lat"] == pytest.approx(w["lat"], abs=1e-6)
        assert g["lon"] == pytest.approx(w["lon"], abs=1e-6)


def assert_rollup_is_the_grid(store, queries=ANSWERED) -> int:
    """For every query and zoom below GRID_ZOOM: the stored cells' grid equals the events' grid. Returns how many
    located events the unfiltered grid holds."""
    located = 0
    for q in queries:
        for zoom in ZOOMS:
            rollup = browse.grid_rollup_select(store, q, zoom=zoom)
            assert rollup is not None, (q, zoom)
            got = _cells(store, rollup, zoom)
            want = _cells(store, browse.grid_events_select(store, q, zoom=zoom), zoom)
            assert [(c["cell"], c["count"]) for c in got] == [(c["cell"], c["count"]) for c in want], (q, zoom)
            _same_cells(got, want)
            _same_cells(browse.grid(store, q, zoom=zoom), got)
            filtered = q.types or q.modality or q.countries or q.since or q.until or q.min_fatalities is not None
            if not filtered and zoom == 0:
                located = sum(c["count"] for c in got)
    with store.engine.connect() as conn:  # no empty rows left behind
        for table in (S.grid_counts, S.grid_totals, S.event_counts, S.fat_counts, S.grid_fat_counts,
                      S.grid_fat_totals):
            assert not conn.execute(table.select().where(table.c.n <= 0)).first(), table.name
    return located


def _located(store) -> int:
    return sum(1 for e in store.events() if e.place and e.place.lat is not None and e.place.lon is not None)


def _docs(n: int, seed: int = 3, first: int = 1) -> list[Document]:
    """Documents of the synthetic archive holding ``n`` events."""
    return list(archive.Generator(seed=seed, first_article=first).documents(n))


def _moved(doc: Document, *, etype: str | None = None, to: tuple[float, float, str] | None = None) -> Document:
    """``doc`` with its first event's type changed and its place moved (another cell and country)."""
    ev = doc.events[0]
    places = list(doc.places)
    if to is not None:
        lat, lon, cc = to
        places = [p.model_copy(update={"lat": lat, "lon": lon, "country_code": cc}) if p.id == ev.place else p
                  for p in places]
    events = [ev.model_copy(update={"type": etype or ev.type}), *doc.events[1:]]
    return doc.model_copy(update={"events": events, "places": places})


def _nearby(doc: Document) -> tuple[float, float, str] | None:
    """A point three cells north of the first event's place, in the same country (the same count key)."""
    p = next((p for p in doc.places if p.id == doc.events[0].place), None)
    return None if p is None or p.lat is None or p.lon is None else (
        min(p.lat + 3 * S.GRID_CELL, 89.0), p.lon, p.country_code or "")


def test_rollup_equals_the_grouped_grid_after_inserts_changes_and_deletes(store):
    docs = _docs(400)
    store.add_all(docs[:150])
    store.add_all(docs[150:])
    assert assert_rollup_is_the_grid(store) == _located(store) > 300
    store.add_all(docs[:20])  # re-ingesting the same content changes nothing
    assert assert_rollup_is_the_grid(store) == _located(store)
    # changed documents replace their rows: a place moved to another cell and country, a type changed, a
    # place dropped, in one batch with new articles
    changed = [_moved(docs[0], etype="PROTEST", to=(48.85, 2.35, "FR")), _moved(docs[1], to=(-33.9, 18.4, "ZA")),
               _moved(docs[2], etype="AID"), _moved(docs[4], to=_nearby(docs[4])),
               docs[3].model_copy(update={"places": [], "events": [e.model_copy(update={"place": None})
                                                                   for e in docs[3].events]})]
    new = _docs(30, seed=4, first=10_000)
    r = store.add_all([*changed, *new])
    assert r.added == len(changed) + len(new)
    assert assert_rollup_is_the_grid(store) == _located(store)
    # alone in its batch: an event moved to another cell under the same count key (no other count falls)
    mover = next(d for d in docs[40:] if _nearby(d))
    assert store.add(_moved(mover, to=_nearby(mover)))
    assert assert_rollup_is_the_grid(store) == _located(store)
    for d in docs[5:40]:
        assert store.delete(d.id)
    assert assert_rollup_is_the_grid(store) == _located(store)


def test_superseded_versions_are_out_of_every_stored_count(store):
    """A newer version of a story takes the older one's events out of the stored counts (no query lists them), in
    another batch or in the same one; a late older edition is never counted."""
    url = "https://example.org/story"
    v1 = make_doc("v1", published="2024-01-10").model_copy(update={"url": url})
    v2 = make_doc("v2", published="2024-01-11", etype="PROTEST", lat=50.45, lon=30.52).model_copy(update={"url": url})
    store.add(v1)
    assert assert_rollup_is_the_grid(store) == 1
    store.add(v2)
    assert [e.article_id for e in store.events()] == ["v2"]
    assert assert_rollup_is_the_grid(store) == 1
    late = make_doc("v0", published="2024-01-01", lat=10.0, lon=10.0).model_copy(update={"url": url})
    store.add(late)
    assert assert_rollup_is_the_grid(store) == 1
    assert browse.stats(store, EventQuery()).by_type == {"PROTEST": 1}
    assert browse.count(store, EventQuery()) == 1
    assert browse.actor_suggestions(store, "m2") == [{"id": "m23 rebels", "name": "M23 rebels", "count": 1}]
    # an actor-only count reads the stored events per name (one name), or counts the pairs (several names)
    assert browse.count(store, EventQuery(actor="m23 rebels")) == 1
    assert browse.count(store, EventQuery(actor="m23 rebels"), cap=0) is None
    assert browse.count(store, EventQuery(actors=("rebels", "civilians"))) == 1
    assert browse.count(store, EventQuery(actor="nobody at all")) == 0
    # both versions of another story in one batch: only the second counts
    other = "https://example.org/other"
    w1 = make_doc("w1", published="2024-02-01", lat=35.0, lon=-100.0).model_copy(update={"url": other})
    w2 = make_doc("w2", published="2024-02-02", etype="COERCE", lat=36.0, lon=-101.0).model_copy(update={"url": other})
    store.add_all([w1, w2])
    assert assert_rollup_is_the_grid(store) == 2
    assert browse.stats(store, EventQuery()).by_type == {"PROTEST": 1, "COERCE": 1}
    # replacing a superseded version's rows counts nothing; deleting the current one leaves no event
    store.add(make_doc("w1", published="2024-02-01", etype="AID").model_copy(update={"url": other}))
    assert assert_rollup_is_the_grid(store) == 2
    store.delete("w2")
    assert assert_rollup_is_the_grid(store) == 1 == browse.count(store, EventQuery())


def test_review_corrections_written_back_and_clustering(store):
    """A reviewer moves an event and changes its type; the corrected document written back replaces the stored
    rows (the path any edit of stored events takes): the rollup follows. Clustering sets cluster ids only."""
    from eventwire.review import correct, corrected_document, reviewed_article
    from eventwire.store import clusters as stored_clusters

    docs = _docs(120, seed=5)
    store.add_all(docs)
    target = next(d for d in docs if d.events and d.events[0].place)
    correct(store, "ana", target.id, target.events[0].id, "place", {"name": "Sake", "lat": -1.5736, "lon": 29.0453})
    correct(store, "ana", target.id, target.events[0].id, "type", "PROTEST")
    doc = store.document(target.id)
    assert doc is not None
    fixed = corrected_document(doc, reviewed_article(store, target.id))
    assert store.add(fixed)
    [ev] = [e for e in store.events(EventQuery(article=target.id)) if e.event.id == target.events[0].id]
    assert ev.event.type == "PROTEST" and ev.place is not None and ev.place.lat == pytest.approx(-1.5736)
    assert assert_rollup_is_the_grid(store) == _located(store)
    stored_clusters.update(store)
    assert assert_rollup_is_the_grid(store) == _located(store)


def test_only_answerable_queries_read_the_rollup(store):
    store.add_all(_docs(40))
    for q in NOT_ANSWERED:
        assert browse.grid_rollup_select(store, q, zoom=1) is None, q
    assert browse.grid_rollup_select(store, EventQuery(), zoom=browse.GRID_ZOOM) is None
    # the fallbacks still give grids (the box: the events' grid inside it)
    cells = browse.grid(store, EventQuery(bbox=BBox(-180, -90, 180, 90)), zoom=2)
    assert cells == browse.grid(store, EventQuery(), zoom=2) or [(c["cell"], c["count"]) for c in cells] == [
        (c["cell"], c["count"]) for c in browse.grid(store, EventQuery(), zoom=2)]
    # the web map at low zoom gets the stored cells' grid
    from eventwire.web import service

    fc = service.events_geojson(store, EventQuery(type="ASSAULT"), zoom=3)
    assert fc["aggregate"]
    assert [f["properties"]["count"] for f in fc["features"]] == [
        c["count"] for c in browse.grid(store, EventQuery(type="ASSAULT"), zoom=3)]


def test_date_filters_read_the_months_or_the_totals_less_the_months_left_out(store):
    """A date filter reads the rows of its months, or the totals less the rows of the months it leaves out when
    those are fewer: both ways give the events' grid (checked above); here, that both ways are taken."""
    undated = [make_doc(f"undated{i}", date=None, published=None, lat=10.0 * i, lon=-20.0 * i) for i in range(5)]
    store.add_all([*_docs(300), *undated])
    assert browse.count(store, EventQuery(until="2030-12-31")) == browse.count(store, EventQuery()) - 5
    assert assert_rollup_is_the_grid(store) == _located(store)
    sql = {str(q): str(browse.grid_rollup_select(store, q, zoom=2)) for q in
           (EventQuery(since="2017-01-01"), EventQuery(since="2025-06-01"), EventQuery(until="2025-06-30"),
            EventQuery(until="2016-06-30"))}
    assert ["UNION ALL" in v for v in sql.values()] == [True, False, True, False], sql


def test_cells_at_the_edges(store):
    """Events on cell borders, the antimeridian and the poles fall in the same cells either way."""
    edges = [(0.0, 0.0), (-90.0, -180.0), (90.0, 180.0), (1.40625, 2.8125), (-1.40625, -2.8125), (45.0, 179.999),
             (-0.000001, 0.000001), (89.99, -179.99), (5.625, 11.25)]
    store.add_all([make_doc(f"edge{i}", lat=lat, lon=lon) for i, (lat, lon) in enumerate(edges)])
    assert assert_rollup_is_the_grid(store) == len(edges)


def test_migration_fills_the_grid_tables(store):
    from sqlalchemy import select

    from eventwire.store import migrate

    url = "https://example.org/story"
    store.add_all([*_docs(80, seed=6), make_doc("v1", published="2024-01-10").model_copy(update={"url": url}),
                   make_doc("v2", published="2024-01-11", etype="PROTEST").model_copy(update={"url": url})])

    def rows(table):
        with store.engine.connect() as conn:
            return sorted(tuple(r) for r in conn.execute(select(table)))

    tables = (S.grid_counts, S.grid_totals, S.event_counts, S.actor_names, S.fat_counts, S.grid_fat_counts,
              S.grid_fat_totals)
    before = {t.name: rows(t) for t in tables}
    assert all(before[t.name] for t in tables)
    migrate.downgrade(store.engine, "0007_covering_indexes")
    migrate.upgrade(store.engine)
    for t in tables:
        after = rows(t)
        assert len(after) == len(before[t.name]), t.name
        for a, b in zip(after, before[t.name], strict=True):
            if t.name.startswith("grid"):  # sums in another order: equal within float rounding
                assert a[:-2] == b[:-2] and a[-2:] == pytest.approx(b[-2:], rel=1e-9, abs=1e-9), t.name
            else:
                assert a == b, t.name
    assert assert_rollup_is_the_grid(store) == _located(store)


def test_the_map_counts_at_most_a_sample_of_what_the_cells_cannot_answer(store):
    """A filter the stored cells cannot answer is grouped over at most ``cap + 1`` matching events, and says how many
    it counted; one they answer (with a box or not) is counted whole, and a filter matching no more than the cap
    too."""
    store.add_all(_docs(300))
    q = EventQuery(since="2000-01-02")
    assert browse.grid_rollup_select(store, q, zoom=2) is None
    whole = browse.grid(store, q, zoom=2)
    n = sum(c["count"] for c in whole)
    assert n > 50
    part = browse.sampled_grid(store, q, zoom=2, cap=50)
    assert part.sample == 51 == sum(c["count"] for c in part.cells)
    assert browse.sampled_grid(store, q, zoom=2, cap=n) == browse.Grid(whole, None)
    box = EventQuery(bbox=BBox(-153.952, -24.287, 29.622, 61.397))
    assert browse.sampled_grid(store, box, zoom=2, cap=1) == browse.Grid(browse.grid(store, box, zoom=2), None)
    from eventwire.web import service

    fc = service.events_geojson(store, q, zoom=2, max_points=10)
    assert fc["aggregate"] and fc["sample"] is None  # fewer than GRID_SAMPLE


def test_statistics_of_a_box_from_the_stored_cells_equal_the_events(store, monkeypatch):
    """The statistics of a box whose other filters the stored cells answer (the cells inside it, the events of its
    edges) are those counted from the events."""
    store.add_all(_docs(300))
    boxes = [q for q in ANSWERED if q.bbox] + [EventQuery(bbox=BBox(-10, -20, 60, 40), type="PROTEST",
                                                          since="2023-01-01", until="2024-12-31")]
    got = {}
    for q in boxes:
        assert browse.box_stats_select(store, q) is not None, q
        got[str(q)] = browse.stats(store, q)
    assert any(s.events for s in got.values())
    for q in NOT_ANSWERED:
        assert browse.box_stats_select(store, q) is None, q
    monkeypatch.setattr(browse, "box_stats_select", lambda *args: None)
    for q in boxes:
        assert got[str(q)] == browse.stats(store, q), q


def test_fatalities_counts_equal_the_events(store, monkeypatch):
    """A minimum of fatalities on a band's bound (alone, with the other count dimensions, with a box) is counted from
    the stored bands (``fat_counts``, ``grid_fat_*``): the same totals, statistics and grids as counted from the
    events, after inserts, fatalities changed and deletes; a bound between bands reads the events."""
    from eventwire.store import counts

    docs = _docs(300, seed=5)
    edge = [make_doc(f"fat{n}", lat=10.0 + n % 7, lon=20.0 - n % 5) for n in (9, 10, 14, 15, 9999, 10000, 123456)]
    edge = [d.model_copy(update={"events": [d.events[0].model_copy(update={"fatalities": n})]})
            for d, n in zip(edge, (9, 10, 14, 15, 9999, 10000, 123456), strict=True)]
    store.add_all([*docs, *edge])
    assert {counts.fat_band(n) for n in (9, 10, 14, 15, 9999, 10000, 123456)} == {9, 10, 15, 5000, 10000}
    # one document's fatalities changed (its old band subtracted, the new one added), another deleted
    changed = docs[0].model_copy(update={"events": [e.model_copy(update={"fatalities": 40}) for e in docs[0].events]})
    assert store.add(changed) and store.delete(docs[1].id)
    fat = [q for q in ANSWERED if q.min_fatalities is not None]
    fat += [EventQuery(min_fatalities=b) for b in (9, 10, 15, 5000, 10000)]
    assert_rollup_is_the_grid(store, fat)
    got = {str(q): (browse.count(store, q, cap=10**6), browse.stats(store, q)) for q in fat}
    assert got[str(EventQuery(min_fatalities=10000))][0] == 2 and got[str(EventQuery(min_fatalities=0))][0] > 50
    for q in (EventQuery(min_fatalities=11), EventQuery(min_fatalities=10001)):
        assert not browse.counts_only(q) and browse.grid_rollup_select(store, q, zoom=1) is None
    # a box's total: the stored cells inside it and the events of its edges
    fat += [q for q in ANSWERED if q.bbox]
    got.update({str(q): (browse.count(store, q, cap=10**6), browse.stats(store, q)) for q in fat})
    from eventwire.store import grid

    monkeypatch.setattr(browse, "counts_only", lambda q: False)
    monkeypatch.setattr(browse, "box_stats_select", lambda *args: None)
    monkeypatch.setattr(grid, "grid_rollup_select", lambda *args, **kwargs: None)
    for q in fat:
        assert got[str(q)] == (browse.count(store, q, cap=10**6), browse.stats(store, q)), q

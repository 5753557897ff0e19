"""The store at archive scale, on SQLite and PostgreSQL: keyset pages, filters served by indexes (query plans),
stored counts, statistics whose month counts equal their filters, and incremental clustering with stable ids.

The archive is a small synthetic one made by ``bench/archive.py`` (the benchmarks' generator) through the
store's own API; expectations are recomputed here from the documents themselves.
"""

from __future__ import annotations

import sys
from collections import Counter

import pytest
from conftest import ROOT
from test_store import make_doc
from test_store_postgres import pg_database, server_url  # noqa: F401 - fixtures

from eventwire.errors import InputError
from eventwire.model import Document
from eventwire.store import EventQuery, browse, open_store
from eventwire.store import clusters as stored_clusters
from eventwire.store.filters import Order
from eventwire.store.query import BBox
from eventwire.store.rows import event_range, name_key

sys.path.insert(0, str(ROOT / "bench"))
import archive  # noqa: E402

N_EVENTS = 900


def _docs() -> list[Document]:
    return list(archive.Generator(seed=7).documents(N_EVENTS))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path_factory):
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("scale") / "archive.db")
    else:
        url = request.getfixturevalue("pg_database")
    s = open_store(url)
    s.add_all(_docs())
    s.analyze()
    yield s
    s.close()


@pytest.fixture(scope="module")
def facts() -> list[dict]:
    """One row per event of the synthetic archive, computed from the documents."""
    out = []
    for doc in _docs():
        places = {p.id: p for p in doc.places}
        actors = {a.id: a for a in doc.actors}
        for pos, ev in enumerate(doc.events):
            start, end = event_range(ev, doc)
            p = places.get(ev.place)
            who = [actors[i] for i in (*ev.actors, *ev.recipients)]
            out.append({"key": (doc.id, ev.id), "pos": pos, "type": ev.type, "modality": ev.modality,
                        "start": start, "end": end, "country": p.country_code if p else None,
                        "lat": p.lat if p else None, "lon": p.lon if p else None, "fat": ev.fatalities,
                        "conf": ev.confidence, "names": {name_key(a.name) for a in who},
                        "keys": {a.key for a in who if a.key}})
    return out


def _walk(store, q: EventQuery, sort: str, limit: int = 37) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    cursor = None
    for _ in range(1000):
        page = browse.event_page(store, q, sort=sort, limit=limit, cursor=cursor, with_total=False)
        keys += [(e.article_id, e.event.id) for e in page.items]
        if page.next is None:
            return keys
        cursor = page.next
    raise AssertionError("pages never end")


@pytest.mark.parametrize("sort", ["-date", "date", "fatalities", "-fatalities", "confidence", "-confidence"])
def test_keyset_pages_walk_every_event_once_in_order(store, facts, sort):
    keys = _walk(store, EventQuery(), sort)
    assert len(keys) == len(set(keys)) == len(facts)
    by_key = {f["key"]: f for f in facts}
    name = sort.lstrip("-")
    col = {"date": lambda f: f["start"] or "", "fatalities": lambda f: -1 if f["fat"] is None else f["fat"],
           "confidence": lambda f: f["conf"]}[name]
    values = [col(by_key[k]) for k in keys]
    assert values == sorted(values, reverse=sort.startswith("-"))


@pytest.mark.parametrize(
    "query",
    [
        EventQuery(type="ASSAULT"),
        EventQuery(types=("PROTEST", "COERCE"), modality="actual"),
        EventQuery(countries=("UKR", "SY")),
        EventQuery(bbox=BBox(20, 40, 45, 55)),
        EventQuery(min_fatalities=5),
        EventQuery(since="2024-03-01", until="2024-06-30"),
        EventQuery(actor="islamic state"),
        EventQuery(type="ASSAULT", since="2023-01-01", countries=("UKR",), min_fatalities=1),
    ],
    ids=lambda q: ",".join(f"{k}={v}" for k, v in vars(q).items() if v not in (None, ())),
)
def test_filters_match_the_documents(store, facts, query):
    from eventwire.store.filters import country_codes

    codes = set(country_codes(query.countries)) if query.countries else None

    def keep(f: dict) -> bool:
        b = query.bbox
        return ((not query.types or f["type"] in query.types)
                and (not query.modality or f["modality"] == query.modality)
                and (codes is None or f["country"] in codes)
                and (b is None or (f["lat"] is not None and b.south <= f["lat"] <= b.north
                                   and b.west <= f["lon"] <= b.east))
                and (query.min_fatalities is None or (f["fat"] or -1) >= query.min_fatalities)
                and (not query.since or (f["end"] or "") >= query.since)
                and (not query.until or (f["start"] is not None and f["start"] <= query.until))
                and (not query.actors or any(name_key(a) in n for a in query.actors for n in f["names"])))

    expected = {f["key"] for f in facts if keep(f)}
    assert expected, "the synthetic archive has events for every filter"
    got = _walk(store, query, "-date", limit=50)
    assert set(got) == expected and len(got) == len(expected)
    page = browse.event_page(store, query, limit=5)
    assert page.total == len(expected)


def test_actor_filter_matches_names_and_keys_literally(store, facts):
    key = next(k for f in facts for k in sorted(f["keys"]))
    by_key = {f["key"] for f in facts if key in f["keys"]}
    assert {(e.article_id, e.event.id) for e in store.iter_events(EventQuery(actor=key))} >= by_key
    assert store.events(EventQuery(actor="%")) == [] and store.events(EventQuery(actor="_")) == []
    assert store.events(EventQuery(actor="i%s")) == []  # % is a character, not a wildcard
    with pytest.raises(InputError):
        EventQuery(actor="x" * 100_000)


def test_stats_are_stored_counts_and_a_month_is_its_filter(store, facts):
    st = browse.stats(store, EventQuery())
    assert st.events == len(facts)
    assert st.by_type == dict(Counter(f["type"] for f in facts).most_common()) or \
        Counter(st.by_type) == Counter(f["type"] for f in facts)
    assert st.located == sum(1 for f in facts if f["lat"] is not None)
    for month, n in st.by_month[:: max(1, len(st.by_month) // 12)]:
        first, last = browse.month_bounds(month)
        assert n == len(_walk(store, EventQuery(since=first, until=last), "-date", limit=200)) == browse.count(
            store, EventQuery(since=first, until=last))
    assault = browse.stats(store, EventQuery(type="ASSAULT", countries=("UKR",)))
    assert assault.events == sum(1 for f in facts if f["type"] == "ASSAULT" and f["country"] == "UA")
    # the same numbers through the fallback (a filter the stored counts cannot answer)
    odd = browse.stats(store, EventQuery(type="ASSAULT", min_fatalities=0))
    assert odd.events == sum(1 for f in facts if f["type"] == "ASSAULT" and f["fat"] is not None)


def test_counts_follow_replaced_and_deleted_documents(tmp_path):
    with open_store(tmp_path / "c.db") as s:
        s.add_all([make_doc("d1"), make_doc("d2", etype="PROTEST")])
        assert browse.stats(s, EventQuery()).by_type == {"ASSAULT": 1, "PROTEST": 1}
        s.add(make_doc("d2", etype="COERCE"))  # changed content: rows replaced
        assert browse.stats(s, EventQuery()).by_type == {"ASSAULT": 1, "COERCE": 1}
        s.delete("d1")
        assert browse.stats(s, EventQuery()).by_type == {"COERCE": 1}
        assert browse.actor_suggestions(s, "m2") == [{"id": "m23 rebels", "name": "M23 rebels", "count": 1}]
        s.delete("d2")
        assert browse.stats(s, EventQuery()).events == 0 and browse.actor_suggestions(s, "m2") == []


def _plan(store, sel) -> str:
    compiled = sel.compile(dialect=store.engine.dialect, compile_kwargs={"render_postcompile": True})
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            params = tuple(compiled.params[k] for k in compiled.positiontup)
            return "\n".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + compiled.string, params))
        conn.exec_driver_sql("SET enable_seqscan = off")  # tiny tables: ask whether an index can serve at all
        return "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + compiled.string, compiled.params))


@pytest.mark.parametrize(
    ("query", "sort"),
    [
        (EventQuery(type="ASSAULT"), "-date"),
        (EventQuery(countries=("UKR",)), "-date"),
        (EventQuery(since="2024-01-01", until="2024-01-31"), "-date"),
        (EventQuery(bbox=BBox(20, 40, 45, 55)), "-date"),
        (EventQuery(min_fatalities=5), "-fatalities"),
        (EventQuery(actor="islamic state"), "-date"),
        (EventQuery(article="syn00000001"), "date"),
        (EventQuery(q="Kyiv"), "-date"),
        (EventQuery(min_fatalities=5, countries=("UKR",)), "-date"),
        (EventQuery(min_fatalities=5, bbox=BBox(20, 40, 45, 55)), "-date"),
        (EventQuery(min_fatalities=5, actor="islamic state"), "-date"),
    ],
)
def test_filtered_queries_use_indexes(store, query, sort):
    plan = _plan(store, browse.keys_select(store, query, Order.parse(sort)).limit(51))
    if store.dialect == "sqlite" and browse.frequent_actors(store, query):
        # a frequent actor: walk the sort order's index, check each row, stop after the page
        assert "SCAN events USING INDEX ix_events_day_key" in plan and "TEMP B-TREE" not in plan, plan
    elif store.dialect == "sqlite":
        assert not any(line.startswith("SCAN events") and "INDEX" not in line for line in plan.splitlines()), plan
        assert "SEARCH events" in plan, plan
    else:
        assert "Seq Scan on events" not in plan, plan


def test_unfiltered_page_reads_an_index_in_order(store):
    plan = _plan(store, browse.keys_select(store, EventQuery(), Order.parse("-date")).limit(51))
    if store.dialect == "sqlite":
        assert "USING" in plan and "INDEX ix_events_day_key" in plan and "TEMP B-TREE" not in plan, plan
    else:
        assert "Seq Scan on events" not in plan and "Sort" not in plan.split("Limit")[0], plan


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_superseded_versions_are_left_out_through_an_index(request, tmp_path, backend):
    """Every event query leaves out the events of superseded versions (articles.current false): that subquery reads
    the partial index of those rows, not the whole articles table (330 ms a request at 1M events, SQLite)."""
    url = str(tmp_path / "versions.db") if backend == "sqlite" else request.getfixturevalue("pg_database")
    docs = _docs()
    with open_store(url) as s:
        s.add_all(docs)
        s.add_all([d.model_copy(update={"id": d.id + "-v2"}) for d in docs[:3]])  # new versions of three stories
        s.analyze()
        assert len(_walk(s, EventQuery(), "-date", limit=500)) == N_EVENTS  # each story once
        plan = _plan(s, browse.keys_select(s, EventQuery(), Order.parse("-date")).limit(51))
    if backend == "sqlite":
        lines = [line for line in plan.splitlines() if "articles" in line]
        assert lines and all("ix_articles_superseded" in line for line in lines), plan
    else:
        assert "Seq Scan on articles" not in plan and "ix_articles_superseded" in plan, plan


def _rare_actor(store) -> str:
    from sqlalchemy import select

    from eventwire.store import schema as S

    an = S.actor_names
    with store.engine.connect() as conn:
        return conn.execute(select(an.c.name_key).order_by(an.c.n_events, an.c.name_key).limit(1)).scalar_one()


@pytest.mark.parametrize("index", ["ix_actors_name_key", "ix_events_latlon"])
def test_actor_and_box_filters_read_covering_indexes(store, index):
    """Migration 0007: the actor filter lists events through (name_key, article_id, id) and a box page reads
    (lat, lon, day, article_id, position, id), without reading table rows (SQLite says COVERING INDEX)."""
    if store.dialect != "sqlite":
        pytest.skip("SQLite names covering indexes in its plans; PostgreSQL's index-only scans depend on vacuum")
    box = BBox(20, 40, 45, 55)
    query = EventQuery(actor=_rare_actor(store)) if index == "ix_actors_name_key" else EventQuery(bbox=box)
    assert not browse.frequent_actors(store, query)
    plan = _plan(store, browse.keys_select(store, query, Order.parse("-date")).limit(51))
    assert f"COVERING INDEX {index}" in plan, plan


@pytest.mark.parametrize("other", [{"type": "ASSAULT"}, {"min_fatalities": 1}, {}])
def test_postgres_lists_a_rare_actors_events_first(store, facts, other):
    """PostgreSQL: a rare actor's page lists the actor's events (names, then ``event_actors``, then the primary key of
    ``events``) and sorts them; neither the sort order's index nor another filter's is walked (the planner's guess
    that the actor's events are spread evenly over them, wrong for an actor of one period, cost seconds at 1M)."""
    if store.dialect != "postgresql":
        pytest.skip("SQLite's page of an actor is planned by tests above")
    from sqlalchemy import select

    from eventwire.store import schema as S

    an = S.actor_names
    with store.engine.connect() as conn:  # the rarest names first
        names = conn.execute(select(an.c.name_key).order_by(an.c.n_events, an.c.name_key)).scalars().all()

    def matching(rare: str) -> list:
        return [f["key"] for f in facts if (any(rare in n for n in f["names"]) or rare in f["keys"])
                and f["type"] == other.get("type", f["type"])
                and (f["fat"] if f["fat"] is not None else -1) >= other.get("min_fatalities", -1)]

    rare = next(n for n in names if matching(n))
    query = EventQuery(actor=rare, **other)
    assert not browse.frequent_actors(store, query)
    plan = _plan(store, browse.keys_select(store, query, Order.parse("-date")).limit(51))
    assert "events_pkey" in plan and "ix_events_day_key" not in plan and "ix_events_type_day" not in plan, plan
    assert "ix_events_fat_key" not in plan, plan
    # the names matched are read first and given as values (weighed by the statistics of actors.name_key), not
    # as a pattern on actor_names inside the query (guessed at 5 names whatever it matches)
    assert "actor_names" not in plan, plan
    assert sorted(_walk(store, query, "-date")) == sorted(matching(rare))


def test_frequent_and_rare_actors_find_the_same_events(store, facts):
    """A frequent actor (>= 0.5% of the events) is checked on the rows of the sort order's index, a rare one listed
    first: both find the documents' events, in order, and the actor-only total counts the actors' rows."""
    rare, frequent = EventQuery(actor=_rare_actor(store)), EventQuery(actor="islamic state")
    assert browse.frequent_actors(store, frequent) and not browse.frequent_actors(store, rare)
    for q in (rare, frequent):
        want = {f["key"] for f in facts if any(q.actors[0] in n for n in f["names"]) or q.actors[0] in f["keys"]}
        for sort in ("-date", "fatalities"):
            got = _walk(store, q, sort, limit=7)
            assert len(got) == len(set(got)) and set(got) == want, (q, sort)
        assert browse.count(store, q) == len(want)
        assert browse.count(store, EventQuery(actor=q.actors[0], type="ASSAULT")) == len(
            [f for f in facts if f["key"] in want and f["type"] == "ASSAULT"])


def test_map_counts_before_reading_points(store, facts):
    """At point zoom the map counts the located matches first (through the index, up to the limit): a view with
    more than ``max_points`` gets the grid without its points being read, one with at most that many gets points."""
    from eventwire.web import service

    box = BBox(20, 40, 45, 55)
    n = sum(1 for f in facts if f["lat"] is not None and box.south <= f["lat"] <= box.north
            and box.west <= f["lon"] <= box.east)
    assert n > 10
    q = EventQuery(bbox=box)
    assert browse.located_at_most(store, q, n) and not browse.located_at_most(store, q, n - 1)
    points = service.events_geojson(store, q, zoom=9, max_points=n)
    assert not points["aggregate"] and len(points["features"]) == n
    cells = service.events_geojson(store, q, zoom=9, max_points=n - 1)
    assert cells["aggregate"] and sum(f["properties"]["count"] for f in cells["features"]) == n


def test_grid_and_points(store, facts):
    cells = browse.grid(store, EventQuery(), zoom=1)
    assert sum(c["count"] for c in cells) == sum(1 for f in facts if f["lat"] is not None)
    for c in cells:
        w, s, e, n = c["cell"]
        assert w - 1e-6 <= c["lon"] <= e + 1e-6 and s - 1e-6 <= c["lat"] <= n + 1e-6
    box = BBox(20, 40, 45, 55)
    pts = browse.points(store, EventQuery(bbox=box), limit=10_000)
    assert len(pts) == sum(1 for f in facts if f["lat"] is not None and 40 <= f["lat"] <= 55 and 20 <= f["lon"] <= 45)
    assert all(p["radius_km"] > 0 and p["title"] for p in pts)


def test_suggestions(store, facts):
    got = browse.actor_suggestions(store, "islam", limit=5)
    assert got and all("islam" in g["name"].lower() for g in got)
    assert [g["count"] for g in got] == sorted((g["count"] for g in got), reverse=True)
    countries = browse.country_suggestions(store, "ukr")
    assert countries[0]["id"] == "UKR" and countries[0]["count"] == sum(1 for f in facts if f["country"] == "UA")


def test_article_search_pages(store):
    rows, nxt, total = browse.articles_page(store, None, limit=40)
    seen = [r.id for r in rows]
    while nxt:
        rows, nxt, _ = browse.articles_page(store, None, limit=40, cursor=nxt)
        seen += [r.id for r in rows]
    assert len(seen) == len(set(seen)) == total
    word = next(w for d in _docs() for w in d.places[0].name.split() if w.isalpha() and len(w) > 4)
    hits, _, n = browse.articles_page(store, word, limit=500)
    assert hits and n == len(hits) and all(word.lower() in ((h.title or "") + h.text).lower() for h in hits)
    with pytest.raises(InputError):
        browse.articles_page(store, None, cursor="garbage!")


def test_incremental_clusters_are_stable_and_match_one_pass(tmp_path):
    from eventwire.dedup import cluster_events, refs_from_documents

    docs = _docs()
    one_pass = {frozenset(c.members) for c in cluster_events(refs_from_documents(docs))}
    with open_store(tmp_path / "inc.db") as s:
        s.add_all(docs[: len(docs) // 2])
        first = stored_clusters.update(s)
        assert first.events > 0 and stored_clusters.pending(s) == 0
        before = {c.id: set(c.members) for c in stored_clusters.stored_clusters(s)}
        assert stored_clusters.update(s).events == 0, "nothing new: nothing clustered again"
        s.add_all(docs[len(docs) // 2 :])
        second = stored_clusters.update(s)
        assert second.events > 0
        after = {c.id: set(c.members) for c in stored_clusters.stored_clusters(s)}
        for cid, members in before.items():  # ids are stable: a cluster only gains members
            assert cid in after and members <= after[cid]
        assert sum(len(m) for m in after.values()) == N_EVENTS
        several = [c for c in stored_clusters.stored_clusters(s, min_reports=2)]
        assert several, "the generator's repeated reports are merged"
        inc = {frozenset(m) for m in after.values()}
        same = len(inc & one_pass) / len(one_pass)
        assert same >= 0.95, f"incremental clusters agree with one pass on {same:.1%}"
        n, multi = stored_clusters.totals(s)
        assert n == len(after) and multi == len(several)
        # a deleted article leaves its clusters, recomputed
        victim = several[0].articles[0]
        s.delete(victim)
        stored_clusters.update(s)
        for c in stored_clusters.stored_clusters(s):
            assert victim not in c.articles and c.reports == len(c.articles)


def test_one_pass_update_equals_cluster_events(tmp_path):
    from eventwire.dedup import cluster_events, refs_from_documents

    docs = _docs()[:150]
    with open_store(tmp_path / "one.db") as s:
        s.add_all(docs)
        stored_clusters.update(s, chunk=100_000)
        got = {frozenset(c.members) for c in stored_clusters.stored_clusters(s)}
    assert got == {frozenset(c.members) for c in cluster_events(refs_from_documents(docs))}


def test_migration_fills_the_new_tables(tmp_path):
    from sqlalchemy import select

    from eventwire.store import migrate
    from eventwire.store import schema as S

    with open_store(tmp_path / "m.db") as s:
        s.add_all(_docs()[:60])
        with s.engine.connect() as c:
            counts = sorted(c.execute(select(S.event_counts)).all())
            names = sorted(c.execute(select(S.actor_names)).all())
        migrate.downgrade(s.engine, "0001")
        migrate.upgrade(s.engine)
        with s.engine.connect() as c:
            assert sorted(c.execute(select(S.event_counts)).all()) == counts
            assert sorted(c.execute(select(S.actor_names)).all()) == names
        assert len(_walk(s, EventQuery(), "-date")) == len(s.events())


def test_bad_cursor_and_sort(store):
    with pytest.raises(InputError):
        browse.event_page(store, EventQuery(), cursor="nonsense")
    page = browse.event_page(store, EventQuery(), sort="-date", limit=2)
    with pytest.raises(InputError):
        browse.event_page(store, EventQuery(), sort="fatalities", cursor=page.next)
    with pytest.raises(InputError):
        browse.event_page(store, EventQuery(), sort="title")


@pytest.mark.parametrize("query", [EventQuery(q="protest"), EventQuery(bbox=BBox(-60, -40, 60, 60)),
                                   EventQuery(min_fatalities=3, bbox=BBox(-60, -40, 60, 60), q="police"),
                                   EventQuery(min_fatalities=1), EventQuery(q="zzzunknownword")],
                         ids=["text", "box", "text-fat-box", "fat", "no-match"])
@pytest.mark.parametrize("sort", ["-date", "confidence"])
def test_pages_read_in_sort_order_first_equal_the_filters_index(store, query, sort, monkeypatch):
    """A page that looks among the next events of the sort order first (a few at a time here, so that some pages
    are found there and others are not) lists the same events, in the same order, as the filter's index does."""
    with monkeypatch.context() as m:
        m.setattr(browse, "_walks", lambda *args: False)
        want = _walk(store, query, sort, limit=7)
    monkeypatch.setattr(browse, "WALK_ROWS", 40)
    monkeypatch.setattr(browse, "WALK_TEXT_ARTICLES", 1)
    calls: list[bool] = []
    walk = browse._walk

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003
        out = walk(*args, **kwargs)
        calls.append(out is not None)
        return out

    monkeypatch.setattr(browse, "_walk", counted)
    assert _walk(store, query, sort, limit=7) == want
    if store.dialect == "sqlite" and want:
        assert True in calls  # some pages were found in the sort order


def test_full_text_aggregates_read_the_first_matching_articles(store, monkeypatch):
    """A full-text filter's total and map sample read the events of the first TEXT_ARTICLES matching articles: the
    total is exact when no more articles match, None (too costly) when more do; the map says it is a sample."""
    q = EventQuery(q="police")
    n = browse.count(store, q)
    assert n and n == len(list(store.events(q)))
    located = sum(c["count"] for c in browse.grid(store, q, zoom=2))
    assert browse.sampled_grid(store, q, zoom=2).sample is None
    monkeypatch.setattr(browse, "TEXT_ARTICLES", 3)
    assert browse.count(store, q) is None
    part = browse.sampled_grid(store, q, zoom=2)
    assert part.sample is not None and part.sample == sum(c["count"] for c in part.cells) < located

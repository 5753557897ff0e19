"""Watchlists: matching, alerts once per real-world event, the Atom feed, webhooks and the feed poller.

Real SQLite files and the real PostgreSQL server; a local HTTP server on 127.0.0.1 (tests/watch_server.py)
serves a changing feed, a failing one and a hanging one, and receives the webhook.
"""

from __future__ import annotations

import threading
import time
from xml.etree import ElementTree as ET

import pytest
from test_store import make_doc
from watch_server import LocalServer

from eventwire.errors import InputError
from eventwire.store import open_store
from eventwire.watch import (
    WatchQuery,
    add_watchlist,
    alert_sources,
    alerts,
    check_watchlists,
    get_watchlist,
    remove_watchlist,
    watchlists,
)
from eventwire.watch.atom import feed
from eventwire.watch.follow import Follower, parse_duration
from eventwire.watch.webhook import WebhookSender, set_default_sender

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = open_store(tmp_path / "watch.db")
    else:
        import test_store_postgres as tp

        gen = tp.pg_database.__wrapped__()
        s = open_store(next(gen))
        request.addfinalizer(lambda: next(gen, None))
    yield s
    s.close()


@pytest.fixture
def sender():
    s = WebhookSender(retries=3, backoff=0.05, timeout=2.0)
    set_default_sender(s)
    yield s
    set_default_sender(None)


def test_query_matching():
    doc = make_doc()
    ev = doc.events[0]
    assert WatchQuery(actor="m23", type="assault").checked().matches(doc, ev)
    assert WatchQuery(near="-1.68,29.22,10").checked().matches(doc, ev)
    assert not WatchQuery(near="0,0,100").checked().matches(doc, ev)
    assert WatchQuery(country="cd", admin="north kivu", text="goma monday", min_confidence=0.5).checked().matches(
        doc, ev)
    assert not WatchQuery(country="KE").checked().matches(doc, ev)
    assert not WatchQuery(text="kabul").checked().matches(doc, ev)
    assert not WatchQuery(min_confidence=0.9).checked().matches(doc, ev)
    assert not WatchQuery(modality="planned").checked().matches(doc, ev)
    for bad in (WatchQuery(type="PICNIC"), WatchQuery(near="north"), WatchQuery(country="Kenya"),
                WatchQuery(min_confidence=3)):
        with pytest.raises(InputError):
            bad.checked()


def test_query_lists_fatalities_and_box():
    """The main UI's filters: several types, actors and countries (any of them), a least death toll, a map box."""
    doc = make_doc()  # an ASSAULT in Goma (CD, -1.68,29.22) by M23 rebels, 5 killed
    ev = doc.events[0]
    assert WatchQuery(type=["protest", "ASSAULT"], actor=["nobody", "m23"], country=["ke", "COD"]).checked().matches(
        doc, ev)
    assert not WatchQuery(type=["PROTEST", "AGREE"]).checked().matches(doc, ev)
    assert not WatchQuery(actor=["nobody", "somebody"]).checked().matches(doc, ev)
    assert not WatchQuery(country=["KE", "SYR"]).checked().matches(doc, ev)
    assert WatchQuery(min_fatalities=5).checked().matches(doc, ev)
    assert not WatchQuery(min_fatalities=6).checked().matches(doc, ev)
    no_count = ev.model_copy(update={"fatalities": None})
    assert WatchQuery().checked().matches(doc, no_count)
    assert not WatchQuery(min_fatalities=0).checked().matches(doc, no_count)
    # bbox is W,S,E,N, as in the events API (the same parser)
    assert WatchQuery(bbox="29,-2,30,-1").checked().matches(doc, ev)
    assert not WatchQuery(bbox="-2,29,-1,30").checked().matches(doc, ev)  # S,W,N,E is not the syntax
    assert not WatchQuery(bbox="30,-2,31,-1").checked().matches(doc, ev)
    assert WatchQuery(bbox="170,-2,30,-1").checked().matches(doc, ev)  # across the antimeridian
    # normalized in the form given: a list stays a list, a string a string; alpha-3 countries become alpha-2
    q = WatchQuery(type=["assault", "assault", " protest "], country=["cod"], actor="  M23 ").checked()
    assert (q.type, q.country, q.actor) == (["ASSAULT", "PROTEST"], ["CD"], "M23")
    assert WatchQuery(type=[], country=[" "]).checked().type is None
    for bad in (WatchQuery(type=["ASSAULT", "PICNIC"]), WatchQuery(country=["KE", "Kenya"]), WatchQuery(country="ZZZ"),
                WatchQuery(min_fatalities=-1), WatchQuery(bbox="north"), WatchQuery(bbox="29,-1,30,-2"),
                WatchQuery(type=[f"t{i}" for i in range(60)])):
        with pytest.raises(InputError):
            bad.checked()


def test_old_single_value_watchlists_still_load_and_round_trip(store):
    """A watchlist stored before lists existed (single strings) loads and matches as before; a new one with
    lists, min_fatalities and bbox comes back from the store as it was saved."""
    from sqlalchemy import insert

    from eventwire.store import schema_review as T

    with store.engine.begin() as conn:
        conn.execute(insert(T.watchlists).values(
            name="old", query='{"actor": "M23", "type": "ASSAULT", "country": "CD"}', webhook=None,
            created_at="2024-01-01T00:00:00+00:00", last_seq=0))
    old = get_watchlist(store, "old")
    assert old is not None and (old.query.actor, old.query.type, old.query.country) == ("M23", "ASSAULT", "CD")
    doc = make_doc()
    assert old.query.matches(doc, doc.events[0])
    q = WatchQuery(type=["ASSAULT", "PROTEST"], actor=["M23"], country=["COD", "RW"], min_fatalities=2,
                   bbox="28,-3,30,0")
    saved = add_watchlist(store, "new", q)
    back = get_watchlist(store, "new")
    assert back is not None and back.query == saved.query
    assert (back.query.type, back.query.country, back.query.min_fatalities, back.query.bbox) == (
        ["ASSAULT", "PROTEST"], ["CD", "RW"], 2, "28,-3,30,0")
    assert WatchQuery.model_validate_json(back.query.model_dump_json()) == back.query
    assert back.query.matches(doc, doc.events[0])


def test_an_event_reported_twice_is_one_alert_with_two_sources(store, sender):
    store.add(make_doc("old"))  # stored before the watchlist: no alert
    add_watchlist(store, "goma", WatchQuery(actor="M23", type="ASSAULT"))
    assert [w.name for w in watchlists(store)] == ["goma"]
    with pytest.raises(InputError):
        add_watchlist(store, "goma", WatchQuery())
    assert check_watchlists(store) == {"goma": check_watchlists(store)["goma"]}
    assert alerts(store) == []
    store.add(make_doc("first"))
    r = check_watchlists(store)["goma"]
    assert len(r.alerts) == 1 and r.sources == 0
    store.add(make_doc("second", title="Goma attack, second report"))
    r = check_watchlists(store)["goma"]
    assert r.alerts == [] and r.sources == 1
    store.add(make_doc("elsewhere", date="2024-02-20", published="2024-02-21", lat=34.5, lon=69.2))
    assert len(check_watchlists(store)["goma"].alerts) == 1
    assert check_watchlists(store)["goma"].alerts == []  # nothing new: nothing happens
    found = alerts(store, watchlist="goma")
    assert [a.sources for a in found] == [1, 2]
    first = found[1]
    assert first.article_id == "first" and first.view == f"/#event=first/{first.event_id}"
    assert "Rebels attacked Goma" in first.evidence
    assert [a for a, _ in alert_sources(store, first.id)] == ["first", "second"]
    # re-ingesting a changed article with the same events alerts nothing again
    store.add(make_doc("second", title="Goma attack, updated"))
    assert check_watchlists(store)["goma"].alerts == []
    assert len(alerts(store, since="2000-01-01")) == 2
    with pytest.raises(InputError):
        alerts(store, since="yesterday")
    xml = feed(get_watchlist(store, "goma"), found, base_url="http://127.0.0.1:8000")
    root = ET.fromstring(xml)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2 and root.find(f"{ATOM}id").text == "urn:eventwire:watchlist:goma"
    assert entries[1].find(f"{ATOM}link").get("href") == f"http://127.0.0.1:8000/#event=first/{first.event_id}"
    assert "(2 reports)" in entries[1].find(f"{ATOM}summary").text
    assert remove_watchlist(store, "goma") and alerts(store) == [] and not remove_watchlist(store, "goma")


def test_webhook_posts_each_new_alert_once_with_retries(store, sender):
    with LocalServer() as srv:
        add_watchlist(store, "hooked", WatchQuery(type="ASSAULT"), webhook=srv.base + "/hook")
        store.add(make_doc("a1"))
        t0 = time.perf_counter()
        check_watchlists(store)
        assert time.perf_counter() - t0 < 2.0  # the first POST fails and is retried later, not here
        store.add(make_doc("a2"))  # the same event again: no POST
        check_watchlists(store)
        assert sender.flush(10)
        assert len(srv.state.hooks) == 1 and srv.state.requests["/hook"] == 2
        assert srv.state.hooks[0]["watchlist"] == "hooked" and srv.state.hooks[0]["alert"]["article_id"] == "a1"
        assert sender.delivered[0].attempts == 2


def test_webhook_to_a_dead_url_gives_up_without_blocking(sender):
    sender.send("http://127.0.0.1:9/none", {"x": 1})
    assert sender.flush(10)
    assert sender.failed and sender.failed[0].attempts == 4


def test_parse_duration():
    assert parse_duration("15m") == 900 and parse_duration("30s") == 30 and parse_duration("2") == 2
    with pytest.raises(InputError):
        parse_duration("soon")


STORY = [
    ("rutshuru-1", "Rebels attack Rutshuru",
     "M23 rebels attacked the town of Rutshuru on Monday, killing five civilians, local officials said."),
    ("kandahar-1", "Police post attacked",
     "Gunmen attacked a police post in Kandahar on Sunday, killing two officers."),
    ("rutshuru-2", "Five killed in Rutshuru",
     "Five civilians were killed when M23 rebels attacked Rutshuru on Monday, a local official told reporters."),
    ("sake-1", "Sake shelled",
     "M23 rebels shelled the town of Sake on Thursday, wounding three people, the army said."),
]


def _wait(cond, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.05)
    return False


def test_poller_alerts_once_per_real_world_event(store, sender, pipeline):  # noqa: ARG001 - model once
    with LocalServer() as srv:
        st = srv.state
        st.set_items(STORY[:2])
        add_watchlist(store, "m23", WatchQuery(actor="M23", type="ASSAULT"), webhook=srv.base + "/hook")
        feeds = [srv.base + "/wire.xml", srv.base + "/broken.xml", srv.base + "/hang.xml"]
        follower = Follower(feeds, store, every=0.2, timeout=0.5, max_backoff=1.0)
        stop = threading.Event()
        polls: list = []
        runner = threading.Thread(target=follower.run, kwargs={"stop": stop, "on_poll": lambda n, r: polls.append(r)})
        runner.start()
        try:
            assert _wait(lambda: len(alerts(store)) == 1)
            assert _wait(lambda: st.not_modified >= 1)  # polled again: nothing new, 304
            st.set_items(STORY[:3])  # a second report of the Rutshuru attack
            assert _wait(lambda: sum(a.sources for a in alerts(store)) == 2)
            st.set_items(STORY)  # a new attack
            assert _wait(lambda: len(alerts(store)) == 2)
            assert _wait(lambda: follower.states[feeds[1]].failures >= 2)
        finally:
            stop.set()
            runner.join(30)
        assert not runner.is_alive()
        found = alerts(store, watchlist="m23")
        assert [a.sources for a in found] == [1, 2]
        assert "Sake" in found[0].evidence and "Rutshuru" in found[1].evidence
        assert sender.flush(10)
        assert sorted(h["alert"]["id"] for h in st.hooks) == sorted(a.id for a in found)  # one POST per event
        # one bad feed never stops the others; both were retried with backoff, and recorded as failures
        assert st.requests["/wire.xml"] >= 4 and st.conditional >= 1
        assert follower.states[feeds[2]].failures >= 1 and "timed out" in (follower.states[feeds[2]].error or "")
        assert st.requests["/broken.xml"] < len(polls)  # backing off: not fetched on every poll
        assert {f.stage for f in store.failures()} == {"follow"}


def test_cli_watch_and_ingest_follow(tmp_path, sender, pipeline):  # noqa: ARG001 - model once
    from click.testing import CliRunner

    from eventwire.cli import cli

    db = str(tmp_path / "cli.db")
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, [*args, "--db", db], catch_exceptions=False)

    res = run("watch", "add", "m23", "--actor", "M23", "--type", "assault", "--near", "-1.2,29.4,80")
    assert res.exit_code == 0 and '"type": "ASSAULT"' in res.output
    assert "m23" in run("watch", "list").output
    with LocalServer() as srv:
        srv.state.set_items(STORY[:1])
        res = run("ingest", "--follow", srv.base + "/wire.xml", srv.base + "/broken.xml", "--every", "1s",
                  "--max-polls", "2")
        assert res.exit_code == 0, res.output
        assert srv.state.requests["/wire.xml"] == 2 and srv.state.not_modified == 1
    res = run("watch", "alerts", "--format", "json")
    import json

    (alert,) = json.loads(res.output)
    assert alert["watchlist"] == "m23" and alert["view"].startswith("/#event=")
    assert run("watch", "rm", "m23").exit_code == 0
    for args in (["watch", "rm", "m23"], ["ingest", "--follow", "feeds.txt"], ["watch", "add", "x", "--type", "no"]):
        res = runner.invoke(cli, [*args, "--db", db])
        assert res.exit_code != 0 and isinstance(res.exception, InputError)


def test_a_large_ingest_is_checked_in_steps(tmp_path, sender, monkeypatch):
    import importlib

    monkeypatch.setattr(importlib.import_module("eventwire.watch.alerts"), "CHUNK", 2)
    with open_store(tmp_path / "steps.db") as store:
        add_watchlist(store, "all", WatchQuery(type="ASSAULT"))
        for i in range(5):  # five different real-world events: a week apart, far from each other
            store.add(make_doc(f"d{i}", date=f"2024-0{i + 1}-10", published=f"2024-0{i + 1}-11", lat=-10.0 + 4 * i,
                               lon=20.0 + 4 * i))
        store.add(make_doc("again", date="2024-05-10", published="2024-05-12", lat=6.0, lon=36.0))
        report = check_watchlists(store)["all"]
        assert len(report.alerts) == 5 and report.sources == 1
        assert sorted(a.sources for a in alerts(store)) == [1, 1, 1, 1, 2]

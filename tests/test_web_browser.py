"""The UI in a real headless Chromium (Debian's, driven by Selenium through Debian's ChromeDriver).

``bash scripts/browser.sh`` installs both. Outside CI a missing browser skips these tests; with
``CI=true`` it fails them. The server is uvicorn on a free loopback port, in a thread, over a store
filled by the real pipeline from the sample dispatches.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

SAMPLES = ROOT / "samples" / "dispatches"
CHROMIUM = os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("EVENTWIRE_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1500,1100",
)
WAIT = 20.0


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: run scripts/browser.sh first)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Iterator[str]:  # noqa: ARG001 - model once
    uvicorn = pytest.importorskip("uvicorn")
    from eventwire.batch import ingest
    from eventwire.ingest import read_paths
    from eventwire.store import open_store
    from eventwire.web import create_app

    db = tmp_path_factory.mktemp("webui") / "events.db"
    with open_store(db) as store:
        ingest(read_paths([SAMPLES]), store)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).is_file() and os.access(path, os.X_OK)) and not shutil.which(path):
            _unavailable(f"{path} not found")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed (pip install -e '.[dev]')")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


def wait_for(driver, what, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT, poll_frequency=0.1).until(lambda d: what(d), message)


def rows(driver):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, "#events tbody tr[data-key]")


def api(driver, path: str):
    """Fetch JSON from the page itself, so the test compares against exactly what the UI was served."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.json()).then(done, e => done({error: String(e)}));",
        path,
    )


def test_table_map_timeline_and_the_evidence_of_an_event(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    wait_for(browser, lambda d: rows(d), "the event table never filled")
    total = api(browser, "/api/events?limit=1")["total"]
    assert len(rows(browser)) == min(25, total)

    # timeline: one bar per non-empty bucket, counts adding up to the dated events
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")
    stats = api(browser, "/api/stats")
    assert bars and sum(int(b.get_attribute("data-count")) for b in bars) == sum(d["count"] for d in stats["by_day"])

    # map: graticule always; a point per located place, sized by its count
    assert len(browser.find_elements(By.CSS_SELECTOR, "#map line.grat")) >= 4
    points = browser.find_elements(By.CSS_SELECTOR, "#map circle.pt")
    assert sum(int(p.get_attribute("data-count")) for p in points) == stats["located"]

    # click an event: the article view shows its text with the evidence highlighted
    row = rows(browser)[0]
    article_id, event_id = row.get_attribute("data-article"), row.get_attribute("data-event")
    row.click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#article-text .ev-sel"), "no evidence highlighted")
    ev = api(browser, f"/api/events/{article_id}/{event_id}")
    doc = api(browser, f"/api/articles/{article_id}")
    view = browser.find_element(By.ID, "article-view")
    assert view.get_attribute("data-event") == event_id
    assert view.find_element(By.TAG_NAME, "h3").text == (doc["title"] or doc["id"])
    highlighted = browser.execute_script(
        "return [...document.querySelectorAll('#article-text .ev-sel')].map(e => e.textContent).join('')"
    )
    assert highlighted == ev["evidence"]["text"]
    shown = browser.execute_script("return document.getElementById('article-text').textContent")
    assert shown == doc["text"], "the whole cleaned text, unchanged"
    assert not browser.execute_script(
        "return [...document.getElementById('article-view').childNodes].some(n => n.nodeType === Node.TEXT_NODE)"
    ), "stray text in the article view"
    assert "selected" in row.get_attribute("class")

    # every field is listed; those with a span are linked to it in the text
    fields = {r.get_attribute("data-field") for r in view.find_elements(By.CSS_SELECTOR, "table.fields tr")}
    assert {"type", "modality", "actors", "recipients", "place", "date", "evidence", "confidence"} <= fields
    for link in view.find_elements(By.CSS_SELECTOR, "table.fields .span-link"):
        key = link.get_attribute("data-key")
        assert browser.execute_script(
            "return [...document.querySelectorAll('#article-text .seg')].some(e => e.dataset.keys.split(' ')"
            ".includes(arguments[0]))", key
        ), f"field span {key} is not highlighted in the text"
    for kind, items in (("k-actor", doc["actors"]), ("k-place", doc["places"]), ("k-time", doc["times"])):
        if items:
            assert browser.find_elements(By.CSS_SELECTOR, f"#article-text .{kind}"), f"no {kind} highlighted"

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, f"errors in the page: {errors}"

    browser.save_screenshot(str(tmp_path / "web.png"))
    assert (tmp_path / "web.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # another event of the same article, from its chip
    chips = view.find_elements(By.CSS_SELECTOR, ".ev-chips .chip")
    assert len(chips) == len(doc["events"])
    if len(chips) > 1:
        other = next(c for c in chips if c.get_attribute("data-event") != event_id)
        other_id = other.get_attribute("data-event")
        other.click()
        wait_for(browser, lambda d: d.find_element(By.ID, "article-view").get_attribute("data-event") == other_id,
                 "chip did not select its event")
    assert "event=" in browser.current_url, "the selection is in the URL"


def test_map_point_opens_an_event(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    wait_for(browser, lambda d: rows(d), "the event table never filled")
    points = browser.find_elements(By.CSS_SELECTOR, "#map circle.pt")
    if not points:
        pytest.skip("no located events in the samples")
    point = min(points, key=lambda p: int(p.get_attribute("data-count")))
    count, place_name = point.get_attribute("data-count"), point.get_attribute("data-place")
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", point)
    if count != "1":
        link = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#map-pop a"), "no list of events")[0]
        link.click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#article-text .ev-sel"), "map click opened nothing")
    place = browser.find_element(By.CSS_SELECTOR, "#article-view tr[data-field=place] td").text
    assert place_name in place


def test_filters_and_bad_input(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/")
    wait_for(browser, lambda d: rows(d), "the event table never filled")
    etype = rows(browser)[0].find_elements(By.TAG_NAME, "td")[1].get_attribute("title").split(" ")[0]
    Select(browser.find_element(By.NAME, "type")).select_by_visible_text(etype)
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    wait_for(browser, lambda d: f"type={etype}" in d.current_url, "filters not applied")
    expected = api(browser, f"/api/events?type={etype}&limit=1")["total"]
    wait_for(browser, lambda d: len(rows(d)) == min(25, expected), "table not filtered")
    shown = {r.find_elements(By.TAG_NAME, "td")[1].get_attribute("title").split(" ")[0] for r in rows(browser)}
    assert shown == {etype}

    # a timeline bar filters to its days
    bar = browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")[0]
    start, count = bar.get_attribute("data-start"), int(bar.get_attribute("data-count"))
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", bar)
    wait_for(browser, lambda d: f"since={start}" in d.current_url and "until=" in d.current_url, "bar click no filter")
    query = browser.current_url.split("#", 1)[1].split("&event=")[0]
    expected = api(browser, f"/api/events?{query}&limit=1")["total"]
    assert expected >= count, "the bar's events are among those its filter finds"
    wait_for(browser, lambda d: len(rows(d)) == min(25, expected), "table not filtered to the bar")

    near = browser.find_element(By.NAME, "near")
    near.clear()
    near.send_keys("somewhere")
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    msg = wait_for(browser, lambda d: d.find_element(By.ID, "message").is_displayed()
                   and d.find_element(By.ID, "message"), "bad input shows no message")
    assert "near" in msg.text and "LAT,LON,KM" in msg.text


def test_api_docs_render_offline(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "/docs")
    paths = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"), "no Swagger UI")
    assert "/api/events" in {p.get_attribute("data-path") or p.text for p in paths}


def test_an_event_reported_twice_links_to_the_other_report(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    wait_for(browser, lambda d: rows(d), "the event table never filled")
    clusters = api(browser, "/api/clusters")["clusters"]
    if not clusters:
        pytest.skip("no event of the samples is reported by two articles")
    first, second = clusters[0]["members"][0], clusters[0]["members"][1]
    browser.get("about:blank")  # a fresh load: the event to open is read from the URL at start
    browser.get(f"{server}/#event={first['article_id']}/{first['event_id']}")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table.fields tr[data-field=reports] a.report-link"),
             "no link to the other reports")
    row = browser.find_element(By.CSS_SELECTOR, "table.fields tr[data-field=reports]")
    assert row.text.startswith(f"reports {clusters[0]['reports']} articles")
    link = next(a for a in row.find_elements(By.CSS_SELECTOR, "a.report-link")
                if a.get_attribute("data-article") == second["article_id"])
    link.click()
    wait_for(browser, lambda d: d.find_element(By.ID, "article-view").get_attribute("data-article")
             == second["article_id"], "the link did not open the other report")
    assert browser.find_element(By.ID, "article-view").get_attribute("data-event") == second["event_id"]

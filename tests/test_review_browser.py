"""The review queue in a real headless Chromium: fix a wrong actor and place, mark a false event, add a missed
one, and see the gold export and the real-news evaluation change accordingly."""

from __future__ import annotations

import json
import threading
import time

import pytest
from conftest import ROOT
from test_web_browser import WAIT, _free_port, browser  # noqa: F401 - the browser fixture

from eventwire import evaluate

pytestmark = pytest.mark.browser

SAMPLE = ROOT / "samples" / "dispatches" / "02-khartoum-protest.txt"


@pytest.fixture(scope="module")
def reviewed_server(tmp_path_factory, pipeline):  # noqa: ARG001 - model once
    uvicorn = pytest.importorskip("uvicorn")
    from eventwire.batch import ingest
    from eventwire.ingest import read_paths
    from eventwire.review import add_token, verdict
    from eventwire.store import open_store
    from eventwire.web import create_app

    db = tmp_path_factory.mktemp("review-ui") / "events.db"
    with open_store(db) as store:
        ingest(read_paths([SAMPLE]), store)
        (doc,) = list(store.documents())
        for ev in doc.events:  # an earlier pass confirmed every event
            verdict(store, "ben", doc.id, ev.id, "right")
        token = add_token(store, "ana")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", doc, token
    srv.should_exit = True
    thread.join(timeout=10)


def wait_for(driver, what, message: str):
    """Wait until ``what(driver)``; the queue is re-rendered after each write, so stale elements are retried."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT, poll_frequency=0.1, ignored_exceptions=(
        StaleElementReferenceException, IndexError)).until(lambda d: what(d), message)


def fetch_text(driver, path: str) -> str:
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text()).then(done, e => done('ERROR ' + e));", path)


def score(driver, tmp_path, name: str) -> dict:
    href = driver.find_element("id", "export-gold").get_attribute("href")
    path = tmp_path / name
    path.write_text(fetch_text(driver, href), encoding="utf-8")
    return evaluate.run("realnews", path)


SELECT_RANGE = """
const [start, end] = [arguments[0], arguments[1]];
const box = document.querySelector('#article-text');
const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
let pos = 0, node, range = document.createRange(), began = false;
while ((node = walker.nextNode())) {
  const len = node.textContent.length;
  if (!began && start <= pos + len) { range.setStart(node, start - pos); began = true; }
  if (began && end <= pos + len) { range.setEnd(node, end - pos); break; }
  pos += len;
}
const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
document.dispatchEvent(new Event('selectionchange'));
"""


def _free_span(doc, length: int = 30) -> tuple[int, int]:
    """A stretch of the text that no machine event's evidence touches."""
    covered = [(e.evidence.start, e.evidence.end) for e in doc.events]
    for start in range(0, len(doc.text) - length):
        end = start + length
        if doc.text[start].isalpha() and all(end <= s or start >= e for s, e in covered):
            return start, end
    pytest.skip("every stretch of the sample is some event's evidence")


def test_review_queue_in_chromium(browser, reviewed_server, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, doc, token = reviewed_server
    browser.get(f"{base}/review#article={doc.id}&status=all")
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#queue li")) == len(doc.events),
             "the queue never filled")
    before = score(browser, tmp_path, "before.jsonl")
    assert before["precision"] == before["recall"] == before["all_fields_right"] == 1.0

    # read-only until a token is given: a write is refused and changes nothing
    browser.find_element(By.ID, "btn-wrong").click()
    wait_for(browser, lambda d: "token" in d.find_element(By.ID, "msg").text, "a write without a token went through")
    browser.find_element(By.ID, "token").send_keys(token, Keys.ENTER)
    wait_for(browser, lambda d: d.find_element(By.ID, "who").text == "reviewer: ana", "token not accepted")

    # 1. fix a wrong actor and place (gazetteer search), save
    first = browser.find_elements(By.CSS_SELECTOR, "#queue li")[0].get_attribute("data-key")
    fix = browser.find_element(By.ID, "fix")
    actors = fix.find_element(By.NAME, "actors")
    actors.clear()
    actors.send_keys("Kinshasa Brigade")
    place = fix.find_element(By.NAME, "place")
    place.clear()
    place.send_keys("Kinshasa", Keys.ENTER)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#place-results li[data-i]"), "no gazetteer result")
    browser.find_element(By.CSS_SELECTOR, "#place-results li[data-i='0']").send_keys(Keys.ENTER)
    browser.find_element(By.ID, "btn-save").click()
    wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, f"#queue li[data-key='{first}'] .st").text
             == "corrected", "the correction was not saved")

    # 2. mark the next event false, with the keyboard
    body = browser.find_element(By.TAG_NAME, "body")
    browser.execute_script("document.activeElement.blur()")
    body.send_keys("j")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#queue li.sel")[0].get_attribute("data-key") != first,
             "j did not move on")
    second = browser.find_element(By.CSS_SELECTOR, "#queue li.sel").get_attribute("data-key")
    body.send_keys("w")
    wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, f"#queue li[data-key='{second}'] .st").text
             == "not_event", "w did not mark the event false")

    # 3. add a missed event from selected evidence text
    start, end = _free_span(doc)
    browser.execute_script(SELECT_RANGE, start, end)
    wait_for(browser, lambda d: f"({start}–{end})" in d.find_element(By.ID, "selection").text, "selection not seen")
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, "add-type")).select_by_value("PROTEST")
    browser.find_element(By.ID, "btn-add").click()
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#queue li .st.added")) == 1, "no added event")

    # the export and the evaluation change accordingly
    lines = fetch_text(browser, "/api/review/export?format=gold").splitlines()
    (gold,) = [json.loads(x) for x in lines]
    events = {e["id"]: e for e in gold["events"]}
    a_first, e_first = first.split(":")
    assert events[e_first]["actors"] == ["Kinshasa Brigade"] and events[e_first]["place"]["name"] == "Kinshasa"
    assert second.split(":")[1] not in events
    (added,) = [e for e in events.values() if e["id"].startswith("r")]
    assert added["type"] == "PROTEST" and added["evidence"] == {"start": start, "end": end}
    after = score(browser, tmp_path, "after.jsonl")
    n = len(doc.events)
    assert after["gold_events"] == n  # one dropped, one added
    assert after["precision"] == pytest.approx((n - 1) / n, abs=1e-4)
    assert after["recall"] == pytest.approx((n - 1) / n, abs=1e-4)
    assert after["actors"] < 1.0 and after["place"] < 1.0 and after["all_fields_right"] < 1.0
    marks = json.loads(fetch_text(browser, "/api/review/export?format=jsonl"))["review"]
    assert marks[e_first]["status"] == "corrected" and marks[e_first]["reviewers"] == ["ana", "ben"]


def test_save_a_watchlist_from_the_review_page(browser, reviewed_server):  # noqa: F811
    from selenium.webdriver.common.by import By

    base, _doc, token = reviewed_server
    browser.get(f"{base}/review")
    browser.execute_script("localStorage.setItem('eventwire-token', arguments[0])", token)
    browser.get(f"{base}/review")
    wait_for(browser, lambda d: d.find_element(By.ID, "who").text == "reviewer: ana", "token not used")
    form = browser.find_element(By.ID, "watch-form")
    form.find_element(By.NAME, "name").send_keys("khartoum")
    form.find_element(By.NAME, "text").send_keys("Khartoum")
    form.find_element(By.NAME, "near").send_keys("15.5,32.5,100")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#watchlists li[data-name='khartoum']"),
             "the watchlist was not saved")
    feed = fetch_text(browser, "/api/watchlists/khartoum/feed.atom")
    assert feed.startswith("<?xml") and "urn:eventwire:watchlist:khartoum" in feed

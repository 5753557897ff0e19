"""The UI in a real headless Chromium (Debian's, driven by Selenium through Debian's ChromeDriver).

``bash scripts/browser.sh`` installs both; ``make setup`` installs the map libraries from npm
(``scripts/vendor.sh``) and axe-core, which the audit injects from ``node_modules``. Outside CI a
missing browser or library skips these tests; with ``CI=true`` it fails them. The server is uvicorn on
a free loopback port, in a thread, over a store filled by the real pipeline from the sample
dispatches and one made-up article whose URL header is a ``javascript:`` address.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import ROOT

pytestmark = pytest.mark.browser

SAMPLES = ROOT / "samples" / "dispatches"
VENDOR = ROOT / "src" / "eventwire" / "web" / "static" / "vendor"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("EVENTWIRE_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1500,1100",
)
WAIT = 20.0
MADE_UP = """Title: Crowd marches on the governor's office
Published: 2024-03-04
Source: made-up test wire
URL: javascript:alert(document.domain)

Hundreds of traders marched to the governor's office in Kisumu on Monday to protest against new market fees,
police said.
"""


#: The store file the module's server serves (for tests that write to it, as the CLI would).
STORE_FILE: dict[str, Path] = {}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: run scripts/browser.sh and make setup first)")
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

    if not (VENDOR / "leaflet" / "leaflet.js").is_file():
        _unavailable(f"the map libraries are not in {VENDOR} (make setup runs scripts/vendor.sh)")
    root = tmp_path_factory.mktemp("webui")
    extra = root / "extra"
    extra.mkdir()
    (extra / "made-up.txt").write_text(MADE_UP, encoding="utf-8")
    db = root / "events.db"
    with open_store(db) as store:
        ingest(read_paths([SAMPLES, extra]), store)
    STORE_FILE["db"] = db
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
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


# -- helpers ------------------------------------------------------------------------------------------


def wait_for(driver, what, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT, poll_frequency=0.1).until(lambda d: what(d), message)


def rows(driver):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, "#events tbody tr[data-key]")


def keys(driver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('#events tbody tr[data-key]')].map(r => r.dataset.key)")


def api(driver, path: str, *, text: bool = False):
    """Fetch from the page itself, so the test compares against exactly what the UI was served."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => arguments[1] ? r.text() : r.json()).then(done, e => done({error: String(e)}));",
        path, text,
    )


def hash_params(driver) -> dict[str, list[str]]:
    return parse_qs(urlsplit(driver.current_url).fragment)


def open_page(driver, url: str) -> None:
    driver.get("about:blank")
    driver.get(url)
    wait_for(driver, lambda d: d.execute_script("return document.body.dataset.ready === '1'"), "the page never loaded")
    wait_for(driver, lambda d: rows(d), "the event table never filled")


def map_ready(driver) -> None:
    wait_for(driver, lambda d: d.execute_script("return document.getElementById('map').dataset.basemap === 'ready'"),
             "the basemap never drew")
    wait_for(driver, lambda d: d.find_elements("css selector", "#map .leaflet-marker-icon"), "no markers on the map")


def map_state(driver) -> dict[str, str]:
    return driver.execute_script("return {...document.getElementById('map').dataset}")


def map_settled(driver) -> dict[str, str]:
    """The map's state once the events of its view have arrived and been drawn."""
    def settled(d):
        st = map_state(d)
        return st if st.get("loading") == "0" else None

    wait_for(driver, settled, "the map never finished loading")
    time.sleep(0.3)  # a move's reload is debounced: let one start if it is coming
    return wait_for(driver, settled, "the map never finished loading")


def count_of(marker) -> int:
    return int(marker.find_element("css selector", "span").get_attribute("textContent"))


def requests_made(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def add_chip(driver, param: str, typed: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.CSS_SELECTOR, f".ms[data-param={param}] input[role=combobox]")
    box.click()
    box.send_keys(typed)
    wait_for(driver, lambda d: box.get_attribute("aria-expanded") == "true", f"no suggestions for {typed!r}")
    box.send_keys(Keys.ARROW_DOWN)
    assert box.get_attribute("aria-activedescendant")
    box.send_keys(Keys.ENTER)


# -- the map ------------------------------------------------------------------------------------------


def test_basemap_draws_offline_with_borders_and_aggregates_then_clusters(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get_log("performance")  # drop what earlier tests left
    open_page(browser, server + "/")
    map_ready(browser)
    # Natural Earth land, borders between countries and coastlines, each drawn on a canvas of its own, in its
    # own colour (the mean colour of its drawn pixels)
    for cls, colour, least in (("ne-land", (0xe7, 0xe3, 0xd8), 20000), ("ne-border", (0x8c, 0x85, 0x77), 1500),
                               ("ne-coast", (0x7f, 0xa3, 0xbf), 3000)):
        def drawn_enough(d, c=cls, n=least):
            px = canvas_pixels(d, c)
            return px if px["n"] > n else None

        drawn = wait_for(browser, drawn_enough, f"no {cls} drawn")
        assert all(abs(a - b) < 24 for a, b in zip(drawn["rgb"], colour, strict=True)), (cls, drawn)
    # everything came from this server: no request left localhost
    urls = requests_made(browser)
    assert any("/static/vendor/world-atlas/" in u for u in urls)
    outside = [u for u in urls if not (u.startswith(server + "/") or u.startswith("data:"))]
    assert not outside, outside

    # at the fitted (low) zoom the API sends grid aggregates whose counts add up to the located events
    assert map_settled(browser)["mode"] == "aggregate"
    aggs = browser.find_elements(By.CSS_SELECTOR, "#map .ew-agg")
    counts = [count_of(a) for a in aggs]
    stats = api(browser, "/api/stats")
    assert sum(counts) == stats["located"]

    # an aggregate is a keyboard button: Enter zooms into its cell, where single events are clustered
    zoom0 = float(map_state(browser)["zoom"])
    for _ in range(6):
        mode = map_settled(browser)["mode"]
        aggs = browser.find_elements(By.CSS_SELECTOR, "#map .ew-agg")
        if mode == "events" or not aggs:
            break
        biggest = max(aggs, key=count_of)
        assert biggest.get_attribute("tabindex") == "0" and "events" in biggest.accessible_name
        zoom = float(map_state(browser)["zoom"])
        biggest.send_keys(Keys.ENTER)
        wait_for(browser, lambda d, z=zoom: float(map_state(d)["zoom"]) > z, "Enter on an aggregate did not zoom in")
        wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#map .leaflet-marker-icon"), "nothing shown")
    assert map_settled(browser)["mode"] == "events", "no single events after zooming in"
    assert float(map_state(browser)["zoom"]) > zoom0
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#map .ew-cluster"), "no cluster of markers")
    cluster = browser.find_elements(By.CSS_SELECTOR, "#map .ew-cluster")[0]
    assert count_of(cluster) >= 2
    # clicking a cluster opens it (zoom or spiderfy) into its single markers
    before = len(browser.find_elements(By.CSS_SELECTOR, "#map .ew-dot"))
    cluster.click()
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#map .ew-dot")) > before, "cluster not opened")

    # a single marker opens its event; its place precision is drawn as a circle of its radius
    dot = browser.find_elements(By.CSS_SELECTOR, "#map .ew-dot")[0]
    dot.send_keys(Keys.ENTER)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#article-text .ev-sel"), "the marker opened nothing")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#map path.ew-precision"), "no precision circle")
    assert float(map_state(browser)["precisionKm"]) > 0
    assert browser.find_elements(By.CSS_SELECTOR, "#map .ew-dot.selected")


CANVAS_PIXELS = """
const c = document.querySelector('#map canvas.' + arguments[0]);
if (!c || !c.width || !c.height) return {n: 0, rgb: [0, 0, 0]};
const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
let n = 0, w = 0, r = 0, g = 0, b = 0;
for (let i = 0; i < px.length; i += 4) {
  const a = px[i + 3];
  if (!a) continue;
  n++; w += a; r += a * px[i]; g += a * px[i + 1]; b += a * px[i + 2];
}
return {n, rgb: w ? [r / w, g / w, b / w] : [0, 0, 0]};
"""


def canvas_pixels(driver, cls: str) -> dict:
    """The basemap canvas of a layer (class ``cls``): how many of its pixels are drawn (alpha > 0), their mean colour
    (weighted by alpha)."""
    return driver.execute_script(CANVAS_PIXELS, cls)


def admin1_paths(driver) -> int:
    """The pixels the admin-1 lines cover on their canvas."""
    return canvas_pixels(driver, "ne-admin1")["n"]


def attribution(driver) -> str:
    return driver.execute_script("return document.querySelector('#map .leaflet-control-attribution').textContent")


def key_zoom(driver, key: str, until) -> None:
    """Zoom by keyboard (+ or -, the map focused) until ``until(zoom)`` holds."""
    from selenium.webdriver.common.by import By

    the_map = driver.find_element(By.ID, "map")
    driver.execute_script("arguments[0].focus()", the_map)
    for _ in range(10):
        zoom = float(map_state(driver)["zoom"])
        if until(zoom):
            return
        the_map.send_keys(key)
        wait_for(driver, lambda d, z=zoom: float(map_state(d)["zoom"]) != z, f"{key} did not zoom")
    assert until(float(map_state(driver)["zoom"])), "the keyboard did not reach the zoom"


def test_admin1_lines_are_fetched_once_zoomed_in_and_hidden_zoomed_out(browser, server):
    browser.get_log("performance")  # drop what earlier tests left
    open_page(browser, server + "/")
    map_ready(browser)
    map_settled(browser)
    key_zoom(browser, "-", lambda z: z < 4)
    # a map zoomed out has not asked for the states and provinces
    urls = requests_made(browser)
    assert not [u for u in urls if "/admin1/" in u], "the admin-1 lines were fetched at a low zoom"
    assert map_state(browser).get("admin1") in (None, "hidden")
    assert not admin1_paths(browser)
    # the 1:110m basemap came first, the 1:50m one once the first table and map were drawn (zoomed out too)
    assert [u for u in urls if "countries-110m" in u]
    wait_for(browser, lambda d: map_state(d).get("basemapScale") == "50m", "the 1:50m basemap never came")

    # zoomed in, on the events (most are in Africa), they are fetched from this server and drawn
    key_zoom(browser, "+", lambda z: z >= 5)
    wait_for(browser, lambda d: map_state(d).get("admin1") == "shown", "the admin-1 lines were never shown")
    wait_for(browser, lambda d: admin1_paths(d) > 1000, "no admin-1 lines drawn")
    wait_for(browser, lambda d: map_state(d).get("basemapScale") == "50m", "the 1:50m basemap never came")
    # drawn over the land, under the borders between countries, thinner than those; the whole basemap under
    # the markers and overlays
    order = browser.execute_script(
        "const c = document.querySelector('#map canvas.ne-admin1'), pane = c.parentElement;"
        "const all = [...pane.querySelectorAll('canvas')].map(x => x.getAttribute('class') || '');"
        "const at = k => all.findIndex(x => x.includes(k));"
        "const z = e => +getComputedStyle(e).zIndex;"
        "return [at('ne-land'), at('ne-admin1'), at('ne-border'), at('ne-coast'),"
        "  +c.dataset.weight, +pane.querySelector('canvas.ne-border').dataset.weight,"
        "  z(pane), z(document.querySelector('#map .leaflet-overlay-pane')),"
        "  z(document.querySelector('#map .leaflet-marker-pane'))]")
    land, admin1, border, coast, width, border_width, z_base, z_overlay, z_markers = order
    assert 0 <= land < admin1 < border < coast, order
    assert 0 < width < border_width
    assert z_base < z_overlay < z_markers, order
    assert "Natural Earth admin-1" in attribution(browser)
    urls += requests_made(browser)
    assert [u for u in urls if u.endswith("/static/vendor/admin1/admin1-lines.json")] == \
        [server + "/static/vendor/admin1/admin1-lines.json"]
    fine = server + "/static/vendor/world-atlas/countries-50m.json"
    assert [u for u in urls if u.endswith("countries-50m.json")] == [fine]
    outside = [u for u in urls if not (u.startswith(server + "/") or u.startswith("data:"))]
    assert not outside, outside

    # zoomed out again they are taken off; back in, they come back without a second request
    key_zoom(browser, "-", lambda z: z < 4)
    wait_for(browser, lambda d: map_state(d).get("admin1") == "hidden", "the admin-1 lines stayed at a low zoom")
    wait_for(browser, lambda d: admin1_paths(d) == 0, "the admin-1 lines were not taken off the map")
    assert "admin-1" not in attribution(browser)
    key_zoom(browser, "+", lambda z: z >= 4)
    wait_for(browser, lambda d: map_state(d).get("admin1") == "shown", "the admin-1 lines did not come back")
    wait_for(browser, lambda d: admin1_paths(d) > 1000, "the admin-1 lines were not drawn again")
    assert not [u for u in requests_made(browser) if "/admin1/" in u], "the admin-1 lines were fetched twice"


def test_wheel_zooms_and_drag_pans_the_map(browser, server):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
    from selenium.webdriver.common.by import By

    open_page(browser, server + "/")
    map_ready(browser)
    el = browser.find_element(By.ID, "map")
    zoom0 = float(map_state(browser)["zoom"])
    ActionChains(browser).scroll_from_origin(ScrollOrigin.from_element(el, 30, 30), 0, -400).perform()
    wait_for(browser, lambda d: float(map_state(d)["zoom"]) > zoom0, "the wheel did not zoom in")
    zoom1 = float(map_state(browser)["zoom"])
    ActionChains(browser).scroll_from_origin(ScrollOrigin.from_element(el, 30, 30), 0, 250).perform()
    wait_for(browser, lambda d: float(map_state(d)["zoom"]) < zoom1, "the wheel did not zoom out")

    center0 = map_state(browser)["center"]
    (ActionChains(browser).move_to_element_with_offset(el, -150, 80).click_and_hold()
     .move_by_offset(60, -20).move_by_offset(120, -40).release().perform())
    wait_for(browser, lambda d: map_state(d)["center"] != center0, "dragging did not pan")
    lat0, lon0 = map(float, center0.split(","))
    lat1, lon1 = map(float, map_state(browser)["center"].split(","))
    assert lon1 < lon0 and lat1 < lat0, "dragging right and up moves the view west and south"
    # the view's events are asked for again after each move (bbox of the view)
    assert int(map_state(browser)["features"]) >= 0


def test_drawing_a_box_filters_by_area(browser, server):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    open_page(browser, server + "/")
    map_ready(browser)
    total = api(browser, "/api/events?limit=1")["total"]
    el = browser.find_element(By.ID, "map")
    w, h = el.size["width"], el.size["height"]
    browser.find_element(By.ID, "map-draw").click()
    assert browser.find_element(By.ID, "map-draw").get_attribute("aria-pressed") == "true"
    (ActionChains(browser).move_to_element_with_offset(el, -w // 3, -h // 3).click_and_hold()
     .move_by_offset(w // 4, h // 4).move_by_offset(w // 4, h // 4).release().perform())
    wait_for(browser, lambda d: "bbox" in hash_params(d), "the box set no filter")
    west, south, east, north = map(float, hash_params(browser)["bbox"][0].split(","))
    assert west < east and south < north
    found = api(browser, f"/api/events?bbox={west},{south},{east},{north}&limit=1000")
    assert 0 <= found["total"] < total
    for ev in found["items"]:
        p = ev["place_detail"]
        assert south <= p["lat"] <= north and west <= p["lon"] <= east
    wait_for(browser, lambda d: keys(d) == [f"{e['article']['id']}/{e['id']}" for e in found["items"][:25]],
             "the table is not the box's events")
    assert browser.find_elements(By.CSS_SELECTOR, "#map path.ew-filter-box")
    chip = browser.find_element(By.CSS_SELECTOR, "#area .area-chip")
    assert "Area" in chip.text
    chip.find_element(By.TAG_NAME, "button").click()
    wait_for(browser, lambda d: "bbox" not in hash_params(d), "the area chip did not clear the box")


def test_the_list_view_is_an_alternative_to_the_map(browser, server):
    from selenium.webdriver.common.by import By

    open_page(browser, server + "/")
    map_ready(browser)
    browser.find_element(By.ID, "show-list").click()
    assert not browser.find_element(By.ID, "map").is_displayed()
    listing = browser.find_element(By.ID, "map-list")
    assert listing.is_displayed()
    button = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#map-list button.linkish"), "empty list")[0]
    button.click()  # an aggregate cell of the list filters to its area
    wait_for(browser, lambda d: "bbox" in hash_params(d), "the list item set no area")
    browser.find_element(By.ID, "show-map").click()
    assert browser.find_element(By.ID, "map").is_displayed()


# -- table, filters, history, export -------------------------------------------------------------------


def test_table_timeline_dates_and_the_evidence_of_an_event(browser, server, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    open_page(browser, server + "/")
    page = api(browser, "/api/events?limit=25")
    assert keys(browser) == [f"{e['article']['id']}/{e['id']}" for e in page["items"]]

    # dates as precise as they are: a year stays a year, a month a month
    for row in rows(browser):
        cell = row.find_element(By.CSS_SELECTOR, "td.c-date")
        value, shown = cell.get_attribute("data-value"), cell.text
        if len(value) == 4:
            assert shown == value
        elif len(value) == 7:
            assert value[:4] in shown and "-01" not in shown
        elif len(value) >= 10:
            assert shown == value[:10]

    # timeline: each bar's count is what its since/until filter finds
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")
    assert bars
    for bar in bars:
        start, end = bar.get_attribute("data-start"), bar.get_attribute("data-end")
        count = int(bar.get_attribute("data-count"))
        assert api(browser, f"/api/events?since={start}&until={end}&limit=1")["total"] == count, (start, end)
    bar = max(bars, key=lambda b: int(b.get_attribute("data-count")))
    start, count = bar.get_attribute("data-start"), int(bar.get_attribute("data-count"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", bar)
    bar.click()
    wait_for(browser, lambda d: hash_params(d).get("since") == [start], "the bar set no filter")
    wait_for(browser, lambda d: browser.find_element(By.ID, "total").text.endswith(f"of {count}"), "table not filtered")
    browser.back()
    wait_for(browser, lambda d: "since" not in hash_params(d), "back did not drop the bar's filter")

    # dragging across the timeline filters to the span from the first bar to the last
    open_page(browser, server + "/")
    bars = browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")
    first, last = bars[0], bars[-1]
    since, until = first.get_attribute("data-start"), last.get_attribute("data-end")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
    ActionChains(browser).click_and_hold(first).move_to_element(last).release().perform()
    wait_for(browser, lambda d: "since" in hash_params(d), "dragging set no span")
    span = hash_params(browser)
    assert (span["since"], span["until"]) == ([since], [until])

    # open an event: the article view shows its text with the evidence highlighted
    open_page(browser, server + "/")
    row = rows(browser)[0]
    article_id, event_id = row.get_attribute("data-article"), row.get_attribute("data-event")
    row.find_element(By.CSS_SELECTOR, "td.c-ev a").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#article-text .ev-sel"), "no evidence highlighted")
    ev = api(browser, f"/api/events/{article_id}/{event_id}")
    doc = api(browser, f"/api/articles/{article_id}")
    view = browser.find_element(By.ID, "article-view")
    assert view.get_attribute("data-event") == event_id
    assert view.find_element(By.CSS_SELECTOR, "h2.article-title").text == (doc["title"] or doc["id"])
    highlighted = browser.execute_script(
        "return [...document.querySelectorAll('#article-text .ev-sel')].map(e => e.textContent).join('')")
    assert highlighted == ev["evidence"]["text"]
    assert browser.execute_script("return document.getElementById('article-text').textContent") == doc["text"]
    assert "selected" in rows(browser)[0].get_attribute("class")
    fields = {r.get_attribute("data-field") for r in view.find_elements(By.CSS_SELECTOR, "table.fields tr")}
    assert {"type", "modality", "actors", "recipients", "place", "date", "evidence", "confidence"} <= fields
    for link in view.find_elements(By.CSS_SELECTOR, "table.fields .span-link"):
        assert link.tag_name == "button", "span links are keyboard buttons"
        key = link.get_attribute("data-key")
        assert browser.execute_script(
            "return [...document.querySelectorAll('#article-text .seg')].some(e => e.dataset.keys.split(' ')"
            ".includes(arguments[0]))", key), f"field span {key} is not highlighted in the text"
    chips = view.find_elements(By.CSS_SELECTOR, ".ev-chips .chip")
    assert len(chips) == len(doc["events"]) and all(c.tag_name == "button" for c in chips)
    if len(chips) > 1:
        other = next(c for c in chips if c.get_attribute("data-event") != event_id)
        other_id = other.get_attribute("data-event")
        other.click()
        wait_for(browser, lambda d: d.find_element(By.ID, "article-view").get_attribute("data-event") == other_id,
                 "chip did not select its event")
    assert "event" in hash_params(browser), "the selection is in the URL"
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, f"errors in the page: {errors}"
    browser.save_screenshot(str(tmp_path / "web.png"))
    assert (tmp_path / "web.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_sortable_columns_and_page_size(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(browser, server + "/")
    head = browser.find_element(By.CSS_SELECTOR, "#events th[data-sort=fatalities]")
    head.find_element(By.TAG_NAME, "button").click()
    wait_for(browser, lambda d: head.get_attribute("aria-sort") == "ascending", "no ascending sort")
    head.find_element(By.TAG_NAME, "button").click()
    wait_for(browser, lambda d: head.get_attribute("aria-sort") == "descending", "no descending sort")
    assert hash_params(browser)["sort"] == ["-fatalities"]
    expected = api(browser, "/api/events?sort=-fatalities&limit=25")["items"]
    wait_for(browser, lambda d: keys(d) == [f"{e['article']['id']}/{e['id']}" for e in expected], "not sorted")
    killed = [e["fatalities"] or 0 for e in expected]
    assert killed == sorted(killed, reverse=True) and killed[0] > 0

    Select(browser.find_element(By.ID, "page-size")).select_by_visible_text("10")
    wait_for(browser, lambda d: len(rows(d)) == 10, "page size not applied")
    assert hash_params(browser)["size"] == ["10"]


def test_back_and_forward_restore_filters_and_page(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(browser, server + "/")
    Select(browser.find_element(By.ID, "page-size")).select_by_visible_text("10")
    wait_for(browser, lambda d: len(rows(d)) == 10, "page size not applied")
    page1 = keys(browser)
    browser.find_element(By.ID, "next").click()
    wait_for(browser, lambda d: hash_params(d).get("page") == ["2"], "page not in the URL")
    wait_for(browser, lambda d: keys(d) and keys(d) != page1, "page 2 not shown")
    page2 = keys(browser)
    cursor = api(browser, "/api/events?limit=10")["next"]
    expected = api(browser, f"/api/events?limit=10&cursor={quote(cursor)}")["items"]
    assert page2 == [f"{e['article']['id']}/{e['id']}" for e in expected]

    add_chip(browser, "type", "ASS")
    wait_for(browser, lambda d: hash_params(d).get("type") == ["ASSAULT"], "type filter not applied")
    assert "page" not in hash_params(browser)
    expected = api(browser, "/api/events?type=ASSAULT&limit=10")["items"]
    filtered = [f"{e['article']['id']}/{e['id']}" for e in expected]
    assert {e["type"] for e in expected} == {"ASSAULT"}
    wait_for(browser, lambda d: keys(d) == filtered, "table not filtered")

    browser.back()
    wait_for(browser, lambda d: hash_params(d).get("page") == ["2"] and "type" not in hash_params(d), "back: URL")
    wait_for(browser, lambda d: keys(d) == page2, "back did not restore page 2")
    assert not browser.find_elements(By.CSS_SELECTOR, ".ms[data-param=type] .ms-chip")
    browser.back()
    wait_for(browser, lambda d: keys(d) == page1, "back did not restore page 1")
    browser.forward()
    browser.forward()
    wait_for(browser, lambda d: hash_params(d).get("type") == ["ASSAULT"], "forward: URL")
    wait_for(browser, lambda d: keys(d) == filtered, "forward did not restore the filtered table")
    chip = browser.find_element(By.CSS_SELECTOR, ".ms[data-param=type] .ms-chip")
    assert chip.get_attribute("data-id") == "ASSAULT"

    # a reload of the same URL shows the same state
    url = browser.current_url
    open_page(browser, url)
    assert keys(browser) == filtered


def test_csv_export_of_the_filtered_set(browser, server):
    from selenium.webdriver.common.by import By

    open_page(browser, server + "/")
    add_chip(browser, "type", "ASS")
    wait_for(browser, lambda d: hash_params(d).get("type") == ["ASSAULT"], "type filter not applied")
    expected = api(browser, "/api/events?type=ASSAULT&limit=1000")
    link = browser.find_element(By.ID, "export-csv")
    href = link.get_attribute("href")
    assert "type=ASSAULT" in href and link.get_attribute("download")
    table = list(csv.DictReader(io.StringIO(api(browser, href, text=True))))
    assert len(table) == expected["total"] > 0
    assert {r["type"] for r in table} == {"ASSAULT"}
    assert {(r["article"], r["event"]) for r in table} == {
        (e["article"]["id"], e["id"]) for e in expected["items"]}
    geo = api(browser, browser.find_element(By.ID, "export-geojson").get_attribute("href"))
    assert {f["properties"]["type"] for f in geo["features"]} == {"ASSAULT"}
    acled_href = browser.find_element(By.ID, "export-acled").get_attribute("href")
    acled = list(csv.DictReader(io.StringIO(api(browser, acled_href, text=True))))
    assert 0 < len(acled) <= len(table)


def test_filters_with_autocomplete_and_bad_input(browser, server):
    from selenium.webdriver.common.by import By

    open_page(browser, server + "/")
    countries = api(browser, "/api/countries")
    top = countries[0]
    add_chip(browser, "country", top["name"][:3])
    wait_for(browser, lambda d: hash_params(d).get("country"), "country filter not applied")
    code = hash_params(browser)["country"][0]
    expected = api(browser, f"/api/events?country={code}&limit=1")["total"]
    wait_for(browser, lambda d: browser.find_element(By.ID, "total").text.endswith(f"of {expected}"), "not filtered")

    fat = browser.find_element(By.NAME, "min_fatalities")
    fat.send_keys("5")
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    wait_for(browser, lambda d: hash_params(d).get("min_fatalities") == ["5"], "fatalities filter not applied")
    for ev in api(browser, f"/api/events?country={code}&min_fatalities=5&limit=100")["items"]:
        assert ev["fatalities"] >= 5

    near = browser.find_element(By.NAME, "near")
    near.send_keys("somewhere")
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    msg = wait_for(browser, lambda d: d.find_element(By.ID, "message").is_displayed()
                   and d.find_element(By.ID, "message"), "bad input shows no message")
    assert "near" in msg.text and "LAT,LON,KM" in msg.text


def test_save_the_filters_as_a_watchlist(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    from eventwire.export.places import country
    from eventwire.review import add_token
    from eventwire.store import open_store

    with open_store(STORE_FILE["db"]) as store:
        token = add_token(store, "ana")
    # a map box and dates from the URL (as the map and the timeline set them), the rest set in the form
    open_page(browser, server + "/#bbox=20,-10,50,40&since=2000-01-01&until=2030-12-31")
    browser.execute_script("localStorage.removeItem('eventwire-token')")
    add_chip(browser, "type", "ASSA")
    wait_for(browser, lambda d: hash_params(d).get("type") == ["ASSAULT"], "type filter not applied")
    add_chip(browser, "type", "PROT")
    wait_for(browser, lambda d: hash_params(d).get("type") == ["ASSAULT", "PROTEST"], "second type not applied")
    top = api(browser, "/api/countries")[0]
    add_chip(browser, "country", top["name"][:3])
    wait_for(browser, lambda d: hash_params(d).get("country") == [top["id"]], "country filter not applied")
    Select(browser.find_element(By.NAME, "modality")).select_by_visible_text("actual")
    browser.find_element(By.NAME, "min_fatalities").send_keys("1")
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    wait_for(browser, lambda d: hash_params(d).get("min_fatalities") == ["1"], "fatalities filter not applied")

    # the control opens an inline form by keyboard, with the name field focused; the dates are said not to be saved
    button = browser.find_element(By.ID, "save-watch")
    button.send_keys(Keys.ENTER)
    box = wait_for(browser, lambda d: d.find_element(By.ID, "watch-box").is_displayed()
                   and d.find_element(By.ID, "watch-box"), "the watchlist form did not open")
    assert button.get_attribute("aria-expanded") == "true"
    assert browser.switch_to.active_element.get_attribute("id") == "watch-name"
    dates = browser.find_element(By.ID, "watch-dates")
    assert dates.is_displayed() and "not saved" in dates.text
    summary = browser.find_element(By.ID, "watch-summary").text
    assert all(k in summary for k in ("type", "country", "min_fatalities", "bbox")) and "since" not in summary

    # without a reviewer token: a clear message, nothing saved
    name = browser.find_element(By.ID, "watch-name")
    name.send_keys("east-africa", Keys.ENTER)
    err = wait_for(browser, lambda d: d.find_element(By.ID, "watch-error").is_displayed()
                   and d.find_element(By.ID, "watch-error"), "no message without a token")
    assert "Not saved" in err.text and "token" in err.text
    assert api(browser, "/api/watchlists") == []

    browser.find_element(By.ID, "watch-token").send_keys(token, Keys.ENTER)
    link = wait_for(browser, lambda d: d.find_elements(By.ID, "watch-feed"), "no feed link after saving")[0]
    assert link.get_attribute("href") == server + "/api/watchlists/east-africa/feed.atom"
    assert "Saved watchlist east-africa" in browser.find_element(By.ID, "watch-done").text
    assert not browser.find_element(By.ID, "watch-error").is_displayed()
    saved = {w["name"]: w for w in api(browser, "/api/watchlists")}
    query = {k: v for k, v in saved["east-africa"]["query"].items() if v is not None}
    assert query == {"type": ["ASSAULT", "PROTEST"], "country": [country(top["id"]).iso2], "modality": "actual",
                     "min_fatalities": 1, "bbox": "20,-10,50,40"}
    assert api(browser, "/api/watchlists/east-africa/feed.atom", text=True).startswith("<?xml")
    assert browser.execute_script("return localStorage.getItem('eventwire-token')") == token
    if AXE.is_file():  # the open form passes the audit too
        browser.execute_script(AXE.read_text(encoding="utf-8"))
        browser.set_script_timeout(60)
        try:
            bad = [v for v in browser.execute_async_script(AUDIT) if v["impact"] in ("serious", "critical")]
        finally:
            browser.set_script_timeout(30)
        assert not bad, f"axe-core with the watchlist form open: {bad}"
    try:  # and fits a phone's width
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 390, "height": 900, "deviceScaleFactor": 1, "mobile": True})
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page with the watchlist form open scrolls sideways by {overflow}px at 390px"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    # a bad name: a clear message; Escape closes the form and gives the focus back to the button
    browser.find_element(By.ID, "watch-name").send_keys("bad name!", Keys.ENTER)
    err = wait_for(browser, lambda d: d.find_element(By.ID, "watch-error").is_displayed()
                   and d.find_element(By.ID, "watch-error"), "no message for a bad name")
    assert "watchlist name" in err.text
    browser.find_element(By.ID, "watch-name").send_keys(Keys.ESCAPE)
    wait_for(browser, lambda d: not box.is_displayed(), "Escape did not close the form")
    assert browser.switch_to.active_element.get_attribute("id") == "save-watch"
    assert button.get_attribute("aria-expanded") == "false"


def test_an_event_reported_twice_lists_each_other_article_once(browser, server):
    from selenium.webdriver.common.by import By

    open_page(browser, server + "/")
    clusters = api(browser, "/api/clusters")["clusters"]
    if not clusters:
        pytest.skip("no event of the samples is reported by two articles")
    first = clusters[0]["members"][0]
    others = {m["article_id"] for m in clusters[0]["members"]} - {first["article_id"]}
    open_page(browser, f"{server}/#event={first['article_id']}/{first['event_id']}")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "table.fields tr[data-field=reports] a.report-link"),
             "no link to the other reports")
    row = browser.find_element(By.CSS_SELECTOR, "table.fields tr[data-field=reports]")
    links = row.find_elements(By.CSS_SELECTOR, "a.report-link")
    assert sorted(a.get_attribute("data-article") for a in links) == sorted(others), "each other article once"
    assert all(a.get_attribute("href").startswith(server + "/#event=") for a in links)
    target = links[0].get_attribute("data-article")
    links[0].click()
    wait_for(browser, lambda d: d.find_element(By.ID, "article-view").get_attribute("data-article") == target,
             "the link did not open the other report")


def test_only_http_urls_become_links(browser, server):
    from selenium.webdriver.common.by import By

    open_page(browser, server + "/")
    page = api(browser, "/api/articles?limit=100")
    bad = next(a for a in page.get("items") or page["articles"] if (a["url"] or "").startswith("javascript:"))
    item = browser.find_element(By.CSS_SELECTOR, f"#articles li[data-article='{bad['id']}'] a")
    assert item.get_attribute("href").startswith(server)
    item.click()
    wait_for(browser, lambda d: d.find_element(By.ID, "article-view").get_attribute("data-article") == bad["id"],
             "the article did not open")
    view = browser.find_element(By.ID, "article-view")
    hrefs = [a.get_attribute("href") or "" for a in view.find_elements(By.TAG_NAME, "a")]
    assert not any(h.lower().startswith("javascript") for h in hrefs)
    assert "javascript:" in view.find_element(By.CSS_SELECTOR, ".meta .source-text").text


def test_api_docs_render_offline(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server + "/docs")
    paths = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock-summary-path"), "no Swagger UI")
    assert "/api/events" in {p.get_attribute("data-path") or p.text for p in paths}


# -- accessibility and mobile ----------------------------------------------------------------------------


def test_every_kind_of_control_is_reachable_by_keyboard(browser, server):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page(browser, server + "/")
    map_ready(browser)
    first = rows(browser)[0]
    open_page(browser, f"{server}/#event={first.get_attribute('data-article')}/{first.get_attribute('data-event')}")
    wait_for(browser, lambda d: d.find_elements("css selector", "#article-view .span-link"), "no event open")
    kinds = {
        "map marker": "#map .leaflet-marker-icon", "timeline bar": "#timeline rect.bar",
        "event chip": ".ev-chips .chip", "span link": "#article-view .span-link", "event link": "#events td.c-ev a",
        "sort button": "#events th button.sort",
        "combobox": ".ms input[role=combobox]", "export link": "#export-csv", "article link": "#articles a",
    }
    reached: set[str] = set()
    browser.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    for _ in range(600):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        for name in browser.execute_script(
            "const el = document.activeElement; return Object.entries(arguments[0])"
            ".filter(([k, sel]) => el && el.matches(sel)).map(([k]) => k)", kinds):
            reached.add(name)
        if reached == set(kinds):
            break
    assert reached == set(kinds), f"not reached by Tab: {set(kinds) - reached}"


AUDIT = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(
  r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))),
  e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
"""


@pytest.mark.parametrize("width", [1500, 390])
def test_accessibility_audit_and_no_sideways_scrolling(browser, server, width):
    if not AXE.is_file():
        _unavailable(f"{AXE} missing (make setup runs npm ci)")
    first_url = server + "/"
    try:
        # a phone's viewport (a headless window has a minimum width, the emulated viewport does not)
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
        open_page(browser, first_url)
        assert browser.execute_script("return window.innerWidth") == width
        map_ready(browser)
        first = rows(browser)[0]
        open_page(browser, f"{server}/#event={first.get_attribute('data-article')}/{first.get_attribute('data-event')}")
        wait_for(browser, lambda d: d.find_elements("css selector", "#article-view .span-link"), "no event open")
        browser.execute_script(AXE.read_text(encoding="utf-8"))
        browser.set_script_timeout(60)
        violations = browser.execute_async_script(AUDIT)
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not bad, f"axe-core at {width}px: {bad}"
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.set_script_timeout(30)


# -- the UI's own functions, run as the page's modules ----------------------------------------------------

MODULE = """
const done = arguments[arguments.length - 1];
import(arguments[0]).then(m => done(m[arguments[1]](...arguments[2])), e => done({error: String(e)}));
"""


def run_module(driver, path: str, name: str, *args):
    return driver.execute_async_script(MODULE, path, name, list(args))


def test_dates_keep_their_precision_and_the_timeline_clamps_outliers(browser, server):
    open_page(browser, server + "/")
    for value, shown in (("2021", "2021"), ("2021-10", "Oct 2021"), ("2021-10-05", "2021-10-05"),
                         ("2019-W47", "2019 week 47"), ("2021-Q3", "Q3 2021"), ("2023-WI", "winter 2023"),
                         ("202", "2020s")):
        assert run_module(browser, "/static/util.js", "fmtDate", value) == shown
    for url, link in (("https://example.org/a", "https://example.org/a"), ("javascript:alert(1)", None),
                      ("data:text/html,x", None), ("/relative", None), (" HTTP://x.org ", "HTTP://x.org")):
        assert run_module(browser, "/static/util.js", "safeUrl", url) == link

    day = 86400000
    bulk = [{"start": f"2023-{m:02d}-10", "end": f"2023-{m:02d}-10", "count": 10} for m in range(1, 13)]
    outliers = [{"start": "1549-01-01", "end": "1549-12-31", "count": 1},
                {"start": "2033-01-01", "end": "2033-12-31", "count": 1}]
    lo, hi = run_module(browser, "/static/timeline.js", "shownSpan", bulk + outliers)
    assert (lo, hi) == (1673308800000, 1702166400000), "2023-01-10 to 2023-12-10: the two outliers are off the axis"
    lo, hi = run_module(browser, "/static/timeline.js", "shownSpan", outliers)
    assert hi - lo > 400 * 365 * day, "with nothing but the two, both stay"
    # a server that sends months only: each month is a range of the whole month
    months = run_module(browser, "/static/timeline.js", "rangesOf", {"by_month": [{"month": "2024-02", "count": 3}]})
    assert months == [{"start": "2024-02-01", "end": "2024-02-29", "count": 3}]

"""The README's screenshots of the web UI, taken in headless Chromium over the sample dispatches.

    .venv/bin/python scripts/screenshots.py [--db events.db] [--out docs]

Without ``--db`` the sample dispatches are ingested into a temporary store first (the real pipeline).
Writes ``web-main.png`` (the whole page with an event open), ``web-map-zoomed.png`` (the map zoomed
in by keyboard to single clustered markers, one selected with its precision circle) and
``web-article.png`` (the article view). Needs what the browser tests need (scripts/browser.sh,
make setup).
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def serve(db: Path) -> tuple[str, object]:
    import socket

    import uvicorn

    from eventwire.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", srv


def wait(driver, what, timeout: float = 20.0):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: what(d))


def settled(driver) -> None:
    state = "return document.getElementById('map').dataset.loading === '0'"
    wait(driver, lambda d: d.execute_script(state))
    time.sleep(0.5)
    wait(driver, lambda d: d.execute_script(state))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "docs")
    ap.add_argument("--focus", default="-1.68,29.22", help="LAT,LON to zoom in on (default: Goma)")
    args = ap.parse_args()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    tmp = tempfile.TemporaryDirectory()
    db = args.db
    if db is None:
        from eventwire.batch import ingest
        from eventwire.ingest import read_paths
        from eventwire.store import open_store

        db = Path(tmp.name) / "events.db"
        with open_store(db) as store:
            ingest(read_paths([ROOT / "samples" / "dispatches"]), store)
    url, srv = serve(db)
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--window-size=1360,1000", f"--user-data-dir={tmp.name}/profile"):
        opts.add_argument(flag)
    d = webdriver.Chrome(options=opts, service=Service("/usr/bin/chromedriver"))
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        d.get(url + "/")
        wait(d, lambda d: d.execute_script("return document.body.dataset.ready === '1'"))
        settled(d)
        d.find_elements(By.CSS_SELECTOR, "#events td.c-ev a")[0].click()
        wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#article-text .ev-sel"))
        d.execute_script("window.scrollTo(0, 0)")
        time.sleep(0.5)
        d.save_screenshot(str(args.out / "web-main.png"))
        d.find_element(By.ID, "article-view").screenshot(str(args.out / "web-article.png"))

        lat, lon = (float(x) for x in args.focus.split(","))

        def near(el) -> float:
            if el.get_attribute("data-lat") is None:  # a cluster: its place is on its count
                el = el.find_element(By.CSS_SELECTOR, "[data-lat]")
            return (float(el.get_attribute("data-lat")) - lat) ** 2 + (float(el.get_attribute("data-lon")) - lon) ** 2

        for _ in range(6):  # zoom by keyboard into the cell nearest the focus until single events show
            settled(d)
            aggs = d.find_elements(By.CSS_SELECTOR, "#map .ew-agg")
            if not aggs:
                break
            min(aggs, key=near).send_keys(Keys.ENTER)
        settled(d)
        for _ in range(3):  # a cluster zooms in, then (one place) opens its markers
            clusters = d.find_elements(By.CSS_SELECTOR, "#map .ew-cluster")
            if not clusters or d.find_elements(By.CSS_SELECTOR, "#map .ew-dot"):
                break
            min(clusters, key=near).send_keys(Keys.ENTER)
            time.sleep(0.8)
            settled(d)
        dots = d.find_elements(By.CSS_SELECTOR, "#map .ew-dot")
        if dots:
            min(dots, key=near).send_keys(Keys.ENTER)
            wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#map path.ew-precision"))
        settled(d)
        the_map = d.find_element(By.ID, "map")
        d.execute_script("arguments[0].focus()", the_map)
        for _ in range(2):  # back out to where borders show around the selected place
            the_map.send_keys("-")
            time.sleep(0.4)
        settled(d)
        d.execute_script("document.activeElement.blur()")
        panel = d.find_element(By.CSS_SELECTOR, "section[aria-labelledby=map-h]")
        panel.screenshot(str(args.out / "web-map-zoomed.png"))
    finally:
        d.quit()
        srv.should_exit = True
        tmp.cleanup()
    for name in ("web-main.png", "web-article.png", "web-map-zoomed.png"):
        print(f"{args.out / name}: {(args.out / name).stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()

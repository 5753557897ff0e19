"""The web UI at scale, in a real headless Chromium: first page and filter-change latency, server memory.

    .venv/bin/python bench/ui.py --db /tmp/archive-1m.db [--loads 5] [--rounds 3] [--json]
    .venv/bin/python bench/ui.py --db postgresql+psycopg://eventwire@127.0.0.1:54329/archive_1m

The archive is one made by ``bench/archive.py`` (the store speed issue's generator); it is only read.
The server (``eventwire.web.create_app`` under uvicorn) runs in a subprocess of its own, so its peak RSS
(VmHWM) is its own; a small ASGI wrapper there logs each request's path and server time. Chromium
(Debian's, through Selenium and ChromeDriver, as ``tests/test_web_browser.py`` drives it) then

- loads the page ``--loads`` times with an empty browser cache: navigation start to the first table
  page (``data-first-page``), to the table and the map drawn (``data-first-view``, the target's figure)
  and to the counts and timeline drawn too (``data-first-ready``);
- applies ``--rounds`` times a sequence of filter changes through the UI's own controls (type, country,
  a month range, a country removed, an actor, minimum fatalities, clearing, a box drawn on the map,
  full-text search, clearing), each round with other values read from the API, and takes each change's
  ``data-view-ms`` (the change to its table and map drawn, the target's figure), ``data-refresh-ms``
  (to the timeline and counts drawn too) and the requests it made.

Prints p50/p95/max per kind of change and overall, the requests per change, the server time per API
route, the server's peak RSS and the load average before and after. Asserts nothing: the targets of
issue 16 (first page <= 1 s, a filter change <= 300 ms p95, server RSS <= 500 MB) are printed beside.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("EVENTWIRE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("EVENTWIRE_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1500,1100",
)
WAIT = 120.0
QUIET_MS = 400  # a change is over when no request has started or been pending for this long
TARGETS = {"first_ms": 1000, "change_p95_ms": 300, "rss_mb": 500}

# The server: the app over the archive, each request's path, query and time (ms) appended to a log.
SERVER = r"""
import sys, time
import uvicorn
from eventwire.web import create_app

db, port, log = sys.argv[1], int(sys.argv[2]), open(sys.argv[3], "a", buffering=1)
app = create_app(db, allowed_hosts=["127.0.0.1", "localhost"])

async def timed(scope, receive, send):
    if scope["type"] != "http":
        return await app(scope, receive, send)
    t0 = time.perf_counter()
    status = [0]
    async def send2(msg):
        if msg["type"] == "http.response.start":
            status[0] = msg["status"]
        await send(msg)
    try:
        await app(scope, receive, send2)
    finally:
        q = scope.get("query_string", b"").decode()
        log.write(f"{scope['path']}\t{q}\t{status[0]}\t{(time.perf_counter() - t0) * 1000:.1f}\n")

uvicorn.run(timed, host="127.0.0.1", port=port, log_level="warning", access_log=False)
"""


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))  # nearest rank
    return s[k]


def summary(xs: list[float]) -> dict[str, float]:
    return {"n": len(xs), "p50": statistics.median(xs) if xs else float("nan"), "p95": pct(xs, 95),
            "max": max(xs) if xs else float("nan")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid: int) -> dict[str, int]:
    out = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmHWM", "VmRSS"):
                out[k] = int(v.split()[0]) // 1024  # MB
    return out


class Server:
    def __init__(self, db: str, log: Path) -> None:
        self.port = free_port()
        self.log = log
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        self.proc = subprocess.Popen([sys.executable, "-c", SERVER, db, str(self.port), str(log)], env=env)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + WAIT
        while True:
            try:
                urllib.request.urlopen(self.url + "/api/failures", timeout=30).read()  # noqa: S310 - loopback
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        log.write_text("")  # the start-up probe is not timed

    def get(self, path: str, **params: Any) -> Any:
        q = urlencode(params, doseq=True)
        with urllib.request.urlopen(f"{self.url}{path}{'?' + q if q else ''}", timeout=300) as r:  # noqa: S310
            return json.load(r)

    def memory(self) -> dict[str, int]:
        return proc_status(self.proc.pid)

    def requests(self) -> list[tuple[str, str, int, float]]:
        rows = []
        for line in self.log.read_text().splitlines():
            path, q, status, ms = line.split("\t")
            rows.append((path, q, int(status), float(ms)))
        return rows

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def browser(profile: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=opts, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    # the fetch counter is in every page before its own scripts run, so no request of a page is missed
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FETCH_PROBE})
    return driver


def wait_for(driver, what, message: str, timeout: float = WAIT):  # noqa: ANN001
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.02).until(lambda d: what(d), message)


def body(driver, key: str) -> str | None:  # noqa: ANN001
    return driver.execute_script(f"return document.body.dataset.{key} || null")


# The page's requests since a mark (ms since navigation start) and whether any is still pending: a
# resource entry appears when its response ends, so a pending fetch is one the page counts itself.
RESOURCES = """
const since = arguments[0];
return performance.getEntriesByType("resource").filter((e) => e.startTime >= since)
  .map((e) => ({name: e.name, start: e.startTime, ms: e.duration, end: e.responseEnd}));
"""
# Counts fetches started and finished (installed in every page, before its scripts).
FETCH_PROBE = """
if (!window.__ew_probe) {
  window.__ew_probe = {pending: 0, last: performance.now()};
  const orig = window.fetch;
  window.fetch = function (...args) {
    const p = window.__ew_probe; p.pending++; p.last = performance.now();
    return orig.apply(this, args).finally(() => { p.pending--; p.last = performance.now(); });
  };
}
"""


def quiet(driver, quiet_ms: int = QUIET_MS) -> None:  # noqa: ANN001
    """Waits until no fetch is pending and none started or ended for ``quiet_ms`` (debounced reloads)."""
    def done(d) -> bool:  # noqa: ANN001
        p = d.execute_script(
            "const p = window.__ew_probe; return p ? [p.pending, performance.now() - p.last] : [0, 1e9];")
        return p[0] == 0 and p[1] >= quiet_ms
    wait_for(driver, done, "the page did not settle")


def api_requests(entries: list[dict[str, Any]]) -> list[str]:
    out = []
    for e in entries:
        u = urlsplit(e["name"])
        if u.path.startswith("/api/"):
            out.append(u.path + ("?" + u.query if u.query else ""))
    return out


def cold_load(driver, url: str) -> dict[str, Any]:  # noqa: ANN001
    driver.get("about:blank")
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.get(url)
    wait_for(driver, lambda d: body(d, "firstReady"), "the first page did not draw")
    quiet(driver)
    entries = driver.execute_script(RESOURCES, 0)
    return {
        "first_page_ms": float(body(driver, "firstPage") or "nan"),
        "first_view_ms": float(body(driver, "firstView") or "nan"),
        "first_ready_ms": float(body(driver, "firstReady") or "nan"),
        "requests": api_requests(entries),
    }


# -- the filter changes, through the page's controls ---------------------------------------------------


def add_chip(driver, param: str, typed: str, pick: str | None = None) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.CSS_SELECTOR, f".ms[data-param={param}] input[role=combobox]")
    box.click()
    box.send_keys(typed)
    wait_for(driver, lambda d: box.get_attribute("aria-expanded") == "true", f"no suggestions for {typed!r}")
    if pick is None:
        box.send_keys(Keys.ARROW_DOWN)
        box.send_keys(Keys.ENTER)
        return
    opts = driver.find_elements(By.CSS_SELECTOR, f".ms[data-param={param}] li[role=option]")
    for _i, o in enumerate(opts):
        if o.text.split("\n")[0].strip().lower().startswith(pick.lower()):
            from selenium.webdriver.common.action_chains import ActionChains

            ActionChains(driver).move_to_element(o).click_and_hold().release().perform()
            return
    box.send_keys(Keys.ARROW_DOWN)
    box.send_keys(Keys.ENTER)


def remove_chip(driver, param: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, f".ms[data-param={param}] .ms-chip button").click()


def set_fields(driver, **values: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    for name, v in values.items():
        # Date inputs take their value from script reliably in every locale; the change is the Apply click.
        driver.execute_script(
            "document.querySelector('#filters').elements[arguments[0]].value = arguments[1];", name, v)
    driver.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()


def reset(driver) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, "reset").click()


def draw_box(driver, frac: tuple[float, float, float, float]) -> None:  # noqa: ANN001
    """Drags a box over the map from (x0, y0) to (x1, y1), as fractions of the map's size from its middle."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    el = driver.find_element(By.ID, "map")
    w, h = el.size["width"], el.size["height"]
    driver.find_element(By.ID, "map-draw").click()
    x0, y0, x1, y1 = (round(frac[0] * w), round(frac[1] * h), round(frac[2] * w), round(frac[3] * h))
    dx, dy = (x1 - x0) // 2, (y1 - y0) // 2
    (ActionChains(driver).move_to_element_with_offset(el, x0, y0).click_and_hold()
     .move_by_offset(dx, dy).move_by_offset(x1 - x0 - dx, y1 - y0 - dy).release().perform())


def values(server: Server, rounds: int) -> list[dict[str, Any]]:
    """Per round: a type, two countries, a month, an actor and a word, read from the archive through the API."""
    countries = [c for c in server.get("/api/countries", limit=300) if c.get("count")]
    stats = server.get("/api/stats")
    # busy months, newest first (a month of at least a tenth of the busiest month's events)
    by_month = stats.get("by_month") or []
    top = max((m["count"] for m in by_month), default=0)
    months = sorted((m["month"] for m in by_month if m["count"] >= top / 10 and len(m["month"]) == 7), reverse=True)
    types = ["ASSAULT", "PROTEST", "COERCE", "THREATEN", "MOBILIZE"]
    out = []
    for i in range(rounds):
        c1 = countries[(2 * i) % len(countries)]
        c2 = countries[(2 * i + 1) % len(countries)]
        actors = server.get("/api/actors", prefix="", limit=12) or []
        actor = actors[(i * 2) % len(actors)]["name"] if actors else "police"
        month = months[min(len(months) - 1, 1 + 3 * i)] if months else "2024-03"
        out.append({"type": types[i % len(types)], "c1": c1, "c2": c2, "month": month, "actor": actor,
                    "word": ["clashes", "protest", "killed", "police", "attack"][i % 5],
                    "fatalities": str([5, 10, 3][i % 3])})
    return out


def month_end(month: str) -> str:
    y, m = int(month[:4]), int(month[5:7])
    nxt = (y + (m == 12), m % 12 + 1)
    return time.strftime("%Y-%m-%d", time.gmtime(time.mktime((*nxt, 1, 12, 0, 0, 0, 0, 0)) - 86400))


def sequence(v: dict[str, Any]) -> list[tuple[str, Any]]:
    c1, c2 = v["c1"], v["c2"]
    return [
        ("type", lambda d: add_chip(d, "type", v["type"][:3], v["type"])),
        ("country", lambda d: add_chip(d, "country", c1["name"][:4], c1["name"])),
        ("country", lambda d: add_chip(d, "country", c2["name"][:4], c2["name"])),
        ("month", lambda d: set_fields(d, since=f"{v['month']}-01", until=month_end(v["month"]))),
        ("country", lambda d: remove_chip(d, "country")),
        ("clear", reset),
        ("actor", lambda d: add_chip(d, "actor", v["actor"][:4], v["actor"])),
        ("fatalities", lambda d: set_fields(d, min_fatalities=v["fatalities"])),
        ("clear", reset),
        ("box", lambda d: draw_box(d, (-0.3, -0.25, 0.05, 0.1))),
        ("text", lambda d: set_fields(d, q=v["word"])),
        ("fatalities", lambda d: set_fields(d, min_fatalities=v["fatalities"])),
        ("clear", reset),
    ]


def change(driver, kind: str, act) -> dict[str, Any]:  # noqa: ANN001
    before = int(body(driver, "refreshes") or 0)
    mark = driver.execute_script("return performance.now()")
    act(driver)
    wait_for(driver, lambda d: int(body(d, "refreshes") or 0) > before, f"the {kind} change did not refresh")
    view = float(body(driver, "viewMs") or "nan")
    ms = float(body(driver, "refreshMs") or "nan")
    quiet(driver)
    reqs = api_requests(driver.execute_script(RESOURCES, mark))
    where = driver.execute_script("return location.hash")
    return {"kind": kind, "ms": view, "all_ms": ms, "requests": reqs, "hash": where}


def route(path_q: str) -> str:
    path, _, q = path_q.partition("?")
    if path == "/api/events.geojson":
        zoom = [p for p in q.split("&") if p.startswith("zoom=")]
        return f"{path}?{zoom[0] if zoom else 'export'}"
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="the archive: a SQLite path or a database URL")
    ap.add_argument("--loads", type=int, default=5, help="cold page loads (5)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the filter sequence (3)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    ap.add_argument("--verbose", action="store_true", help="print every change and its requests")
    args = ap.parse_args()
    for path in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(path):
            raise SystemExit(f"{path} not found (scripts/browser.sh installs Chromium and ChromeDriver)")
    tmp = Path(tempfile.mkdtemp(prefix="ew-ui-bench-"))
    load_before = loadavg()
    t_start = time.monotonic()
    server = Server(args.db, tmp / "requests.log")
    driver = None
    try:
        rss_open = server.memory()
        driver = browser(tmp / "profile")
        loads = [cold_load(driver, server.url + "/") for _ in range(args.loads)]
        plan = values(server, args.rounds)
        server.log.write_text("")  # the server times below are the filter changes' own
        changes = []
        for v in plan:
            driver.get("about:blank")
            driver.get(server.url + "/")
            wait_for(driver, lambda d: body(d, "firstReady"), "the page did not draw")
            quiet(driver)
            for kind, act in sequence(v):
                c = change(driver, kind, act)
                changes.append(c)
                if args.verbose:
                    print(f"  {c['kind']:<10} {c['ms']:>7.0f} ms (all {c['all_ms']:.0f})  "
                          f"{len(c['requests'])} requests  {c['hash'][:90]}",
                          flush=True)
                    for r in c["requests"]:
                        print(f"      {r[:150]}")
        served = server.requests()
        mem = server.memory()
    finally:
        if driver is not None:
            driver.quit()
        server.stop()
    load_after = loadavg()

    first_page = [x["first_page_ms"] for x in loads]
    first_view = [x["first_view_ms"] for x in loads]
    first_ready = [x["first_ready_ms"] for x in loads]
    by_kind: dict[str, list[float]] = defaultdict(list)
    all_kind: dict[str, list[float]] = defaultdict(list)
    reqs_kind: dict[str, list[int]] = defaultdict(list)
    for c in changes:
        by_kind[c["kind"]].append(c["ms"])
        all_kind[c["kind"]].append(c["all_ms"])
        own = [r for r in c["requests"]  # without the autocomplete's own (the names of every country count)
               if not r.startswith("/api/actors") and not (r.startswith("/api/countries") and "limit=300" not in r)]
        reqs_kind[c["kind"]].append(len(own))
    overall = [c["ms"] for c in changes]
    overall_all = [c["all_ms"] for c in changes]
    server_ms: dict[str, list[float]] = defaultdict(list)
    for path, q, _status, ms in served:
        if path.startswith("/api/"):
            server_ms[route(f"{path}?{q}")].append(ms)
    result = {
        "db": args.db if "://" not in args.db else args.db.split("@")[-1],
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_before": load_before, "load_after": load_after,
        "wall_s": round(time.monotonic() - t_start, 1),
        "first_page_ms": summary(first_page), "first_view_ms": summary(first_view),
        "first_ready_ms": summary(first_ready),
        "first_load_requests": loads[0]["requests"] if loads else [],
        "changes": {k: {**summary(v), "all": summary(all_kind[k]), "requests_mean": statistics.mean(reqs_kind[k])}
                    for k, v in by_kind.items()},
        "changes_overall": {**summary(overall), "all": summary(overall_all)},
        "server_ms": {k: summary(v) for k, v in sorted(server_ms.items())},
        "server_rss_mb": {"after_open": rss_open.get("VmRSS"), "peak": mem.get("VmHWM"), "end": mem.get("VmRSS")},
    }
    f = lambda x: f"{x:,.0f}"  # noqa: E731
    print(f"# bench/ui.py on {result['db']}, {result['when']}, load average before {load_before}, after {load_after}, "
          f"{result['wall_s']} s")
    print(f"first page (table), {args.loads} cold loads: p50 {f(result['first_page_ms']['p50'])} "
          f"p95 {f(result['first_page_ms']['p95'])} max {f(result['first_page_ms']['max'])} ms")
    print(f"first page (table and map drawn): p50 {f(result['first_view_ms']['p50'])} "
          f"p95 **{f(result['first_view_ms']['p95'])}** max {f(result['first_view_ms']['max'])} ms "
          f"(target <= {TARGETS['first_ms']})")
    print(f"first page (table, map, counts and timeline drawn): p50 {f(result['first_ready_ms']['p50'])} "
          f"p95 {f(result['first_ready_ms']['p95'])} max {f(result['first_ready_ms']['max'])} ms")
    print(f"  requests of the first load: {len(result['first_load_requests'])}: "
          + ", ".join(sorted({route(r) for r in result["first_load_requests"]})))
    print("filter change to table and map drawn (with the timeline and counts too: 'all drawn'):")
    print("| change | n | p50 ms | p95 ms | max ms | all drawn p50 / p95 ms | API requests per change |")
    print("|---|---|---|---|---|---|---|")
    for k, s in result["changes"].items():
        print(f"| {k} | {s['n']} | {f(s['p50'])} | {f(s['p95'])} | {f(s['max'])} | "
              f"{f(s['all']['p50'])} / {f(s['all']['p95'])} | {s['requests_mean']:.1f} |")
    o = result["changes_overall"]
    print(f"| **every change** | {o['n']} | {f(o['p50'])} | **{f(o['p95'])}** | {f(o['max'])} | "
          f"{f(o['all']['p50'])} / {f(o['all']['p95'])} | (target p95 <= {TARGETS['change_p95_ms']}) |")
    print("server time per route during the changes (ms):")
    for k, s in result["server_ms"].items():
        print(f"  {k:<34} n {s['n']:>4}  p50 {f(s['p50']):>6}  p95 {f(s['p95']):>6}  max {f(s['max']):>6}")
    m = result["server_rss_mb"]
    print(f"server RSS: {m['after_open']} MB after opening, peak (VmHWM) **{m['peak']} MB**, {m['end']} MB at the end "
          f"(target <= {TARGETS['rss_mb']})")
    if args.json:
        print(json.dumps({**result, "changes_detail": changes}, indent=1))
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

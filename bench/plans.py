"""Where the API's time goes: each request of ``bench/store.py``'s set once (after a warm-up round), with every SQL
statement it ran, its time, and the plan of the slow ones (SQLite ``EXPLAIN QUERY PLAN``, PostgreSQL ``EXPLAIN``).

    .venv/bin/python bench/plans.py /tmp/archive-1m.db [--match actor] [--slow-ms 10]

Prints figures, asserts nothing; timings are of one run on a possibly shared machine (the load average is printed).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("url", help="SQLite path or PostgreSQL URL of an archive")
    ap.add_argument("--match", default="", help="only the requests whose path or parameters contain this")
    ap.add_argument("--slow-ms", type=float, default=10.0, help="show the plan of statements slower than this")
    args = ap.parse_args()

    import store as bench_store
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    log: list[tuple[float, str, Any, Any]] = []

    @event.listens_for(Engine, "before_cursor_execute")
    def _before(conn, _cur, _stmt, _params, _ctx, _many) -> None:  # noqa: ANN001
        conn.info["t0"] = time.perf_counter()

    @event.listens_for(Engine, "after_cursor_execute")
    def _after(conn, _cur, stmt, params, _ctx, _many) -> None:  # noqa: ANN001
        log.append((time.perf_counter() - conn.info["t0"], stmt, params, conn))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from eventwire.web import create_app

    one, five, fifteen = os.getloadavg()
    print(f"bench/plans.py {args.url}  [load {one:.2f} {five:.2f} {fifteen:.2f}]")
    requests = ([("/api/events", {**q, "limit": "50"}) for q in bench_store.EVENT_QUERIES]
                + [("/api/events.geojson", q) for q in bench_store.GEOJSON_QUERIES])
    with TestClient(create_app(args.url)) as c:
        for path, q in requests:  # warm-up: caches, imports, the first connection
            c.get(path, params=q)
        for path, q in requests:
            if args.match and args.match not in path + str(q):
                continue
            for page in (1, 2):
                log.clear()
                t = time.perf_counter()
                r = c.get(path, params=q)
                total = time.perf_counter() - t
                print(f"=== {1000 * total:7.1f} ms  {path} {q} page {page}")
                for dt, stmt, _params, _conn in log:
                    print(f"      {1000 * dt:7.1f} ms  {' '.join(stmt.split())[:150]}")
                for dt, stmt, params, conn in log:
                    if 1000 * dt < args.slow_ms:
                        continue
                    sql = " ".join(stmt.split())[:1500]
                    print(f"   plan of the {1000 * dt:.1f} ms statement: {sql}  {params!r:.300}")
                    raw = conn.engine.raw_connection()
                    try:
                        cur = raw.cursor()
                        if conn.dialect.name == "sqlite":
                            cur.execute("EXPLAIN QUERY PLAN " + stmt, params)
                            for row in cur.fetchall():
                                print("       ", row[1], row[3])
                        else:
                            cur.execute("EXPLAIN " + stmt, params)
                            for row in cur.fetchall():
                                print("       ", row[0])
                    finally:
                        raw.close()
                if path != "/api/events" or not r.json().get("next"):
                    break
                q = {**q, "cursor": r.json()["next"]}
    one, five, fifteen = os.getloadavg()
    print(f"[load {one:.2f} {five:.2f} {fifteen:.2f}]")


if __name__ == "__main__":
    main()

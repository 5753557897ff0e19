"""Store and API figures on a synthetic archive (``bench/archive.py``), SQLite and PostgreSQL.

    .venv/bin/python bench/store.py [--events 100000] [--pg URL] [--keep DIR]
    .venv/bin/python bench/store.py --events 1000000 --archive /tmp/archive-1m.db [--no-cluster]

For each backend: write half the archive through the store's API, cluster the new events
(incrementally), time ``summary``, ``clusters`` and ``/api/stats`` (nothing new to cluster: what a user
waits for), then the API's p95 over filtered ``/api/events`` and ``/api/events.geojson`` requests and the
server's peak RSS (in a fresh process); then grow the archive to the full size and measure again, so that
the two rows show how the cost grows with the archive. The load average is printed beside the figures
(the machine is shared). PostgreSQL runs when ``--pg`` or ``EVENTWIRE_TEST_PG`` gives a server.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

EVENT_QUERIES = [
    {"type": "ASSAULT"},
    {"country": "UKR"},
    {"since": "2024-03-01", "until": "2024-03-31"},
    {"bbox": "30,45,36,51"},
    {"actor": "islamic state"},
    {"min_fatalities": "10", "sort": "-fatalities"},
    {"type": "PROTEST", "modality": "actual", "since": "2024-01-01"},
    {"type": "ASSAULT,COERCE", "country": "SYR,IRQ", "sort": "-date"},
    {"q": "clashes Kharkiv"},
    {},
]
GEOJSON_QUERIES = [
    {"zoom": "2"},
    {"zoom": "3", "type": "ASSAULT"},
    {"zoom": "4", "since": "2024-01-01", "until": "2024-12-31"},
    {"zoom": "9", "bbox": "30,48,32,51"},
    {"zoom": "8", "bbox": "35,32,38,37", "type": "ASSAULT"},
]


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def timed(fn, repeat: int = 3) -> float:  # noqa: ANN001
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def api_figures(url: str, rounds: int) -> dict:
    """Run in a fresh process: p95 of the filtered requests, and the process's peak RSS."""
    import resource

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from eventwire.web import create_app

    out: dict = {"requests": {}}
    with TestClient(create_app(url)) as c:
        for name, path, queries in (("events", "/api/events", EVENT_QUERIES),
                                    ("geojson", "/api/events.geojson", GEOJSON_QUERIES)):
            times = []
            for _ in range(rounds):
                for q in queries:
                    label = f"{path}?{'&'.join(f'{k}={v}' for k, v in q.items())}"
                    t = time.perf_counter()
                    r = c.get(path, params={**q, "limit": "50"} if name == "events" else q)
                    times.append(time.perf_counter() - t)
                    out["requests"].setdefault(label, []).append(round(1000 * times[-1], 1))
                    assert r.status_code == 200, (path, q, r.text[:200])
                    if name == "events" and r.json()["next"]:  # the next page too, through the cursor
                        t = time.perf_counter()
                        r2 = c.get(path, params={**q, "limit": "50", "cursor": r.json()["next"]})
                        times.append(time.perf_counter() - t)
                        out["requests"].setdefault(label + " (next page)", []).append(round(1000 * times[-1], 1))
                        assert r2.status_code == 200
            times.sort()
            out[name] = {"p50_ms": 1000 * statistics.median(times),
                         "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))], "n": len(times)}
        t = time.perf_counter()
        c.get("/api/stats")
        out["stats_s"] = time.perf_counter() - t
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def measure(url: str, label: str, events: int, rounds: int, *, cluster: bool = True) -> dict:
    """Time clustering the new events, ``summary``, ``clusters`` and the statistics (``cluster=False``: the
    statistics alone, nothing clustered), then the API in a fresh process."""
    from eventwire.store import EventQuery, browse, open_store
    from eventwire.store import clusters as stored
    from eventwire.summary import summarize

    row: dict = {"backend": label, "events": events}
    with open_store(url) as s:
        if cluster:
            t = time.perf_counter()
            up = stored.update(s)
            row["cluster_new_s"] = time.perf_counter() - t
            row["cluster_new_events"] = up.events
            s.analyze()
            row["summary_s"] = timed(lambda: summarize(s, examples=8))
            row["clusters_s"] = timed(lambda: (stored.update(s), stored.totals(s),
                                               stored.stored_clusters(s, min_reports=2, limit=50)))
            row["real_world"] = stored.totals(s)
        row["stats_s"] = timed(lambda: browse.stats(s, EventQuery()))
        row["stats_filtered_s"] = timed(lambda: browse.stats(s, EventQuery(type="ASSAULT", actor="islamic state")))
    row["load_before_api"] = load()
    proc = subprocess.run([sys.executable, __file__, "api", url, "--rounds", str(rounds)], capture_output=True,
                          text=True, check=True)
    row["api"] = json.loads(proc.stdout.strip().splitlines()[-1])
    row["load"] = load()
    return row


def show(row: dict, *, per_request: bool = False) -> None:
    a = row["api"]
    if "summary_s" in row:
        print(f"{row['backend']:<10} {row['events']:>8,} events: summary {row['summary_s']:.3f} s, clusters "
              f"{row['clusters_s']:.3f} s, stats {row['stats_s']:.3f} s (filtered by type+actor "
              f"{row['stats_filtered_s']:.3f} s; /api/stats {a['stats_s']:.3f} s); clustering the "
              f"{row['cluster_new_events']:,} new events {row['cluster_new_s']:.1f} s; real-world events "
              f"{row['real_world'][0]:,} ({row['real_world'][1]:,} reported several times)")
    else:
        print(f"{row['backend']:<10} {row['events']:>8,} events (not clustered): stats {row['stats_s']:.3f} s "
              f"(filtered by type+actor {row['stats_filtered_s']:.3f} s; /api/stats {a['stats_s']:.3f} s)")
    print(f"{'':<10} API /api/events p50 {a['events']['p50_ms']:.0f} ms p95 {a['events']['p95_ms']:.0f} ms "
          f"({a['events']['n']} requests); /api/events.geojson p50 {a['geojson']['p50_ms']:.0f} ms p95 "
          f"{a['geojson']['p95_ms']:.0f} ms ({a['geojson']['n']}); server peak RSS {a['rss_mb']:.0f} MB  "
          f"[before: {row['load_before_api']}; after: {row['load']}]", flush=True)
    if per_request:
        for label, ms in a["requests"].items():
            ms = sorted(ms)
            print(f"{'':<10}   {statistics.median(ms):7.1f} ms median, {ms[-1]:7.1f} ms max  {label}")


def run_backend(url: str, label: str, n: int, rounds: int) -> list[dict]:
    import archive

    rows = []
    half = n // 2
    t = time.perf_counter()
    first = archive.build(url, half, seed=1, quiet=True)
    print(f"{label:<10} wrote {first['events']:,} events ({first['articles']:,} articles) through the store API in "
          f"{time.perf_counter() - t:.0f} s ({first['events'] / first['seconds']:.0f} events/s)  [{load()}]",
          flush=True)
    rows.append(measure(url, label, first["events"], rounds))
    show(rows[-1])
    more = archive.build(url, n - half, seed=2, quiet=True, first_article=first["articles"] + 1)
    print(f"{label:<10} grew the archive by {more['events']:,} events in {more['seconds']:.0f} s  [{load()}]",
          flush=True)
    rows.append(measure(url, label, first["events"] + more["events"], rounds))
    show(rows[-1])
    a, b = rows
    growth = b["events"] / a["events"]
    print(f"{label:<10} x{growth:.2f} events -> summary x{b['summary_s'] / a['summary_s']:.2f}, clusters "
          f"x{b['clusters_s'] / a['clusters_s']:.2f}, stats x{b['stats_s'] / a['stats_s']:.2f}, API p95 events "
          f"x{b['api']['events']['p95_ms'] / a['api']['events']['p95_ms']:.2f}, geojson "
          f"x{b['api']['geojson']['p95_ms'] / a['api']['geojson']['p95_ms']:.2f}", flush=True)
    return rows


def pg_database(base: str) -> tuple[str, str, str]:
    import psycopg

    name = "ew_bench_" + uuid.uuid4().hex[:8]
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name, admin, name


def run_archive(url: str, label: str, n: int, rounds: int, *, cluster: bool) -> dict:
    """One archive of ``n`` events at ``url``, built once through the store's API (reused when it holds events
    already), measured as it is: the path for archives too large to build twice (1M events)."""
    import archive

    from eventwire.store import open_store

    with open_store(url) as s:
        stored_events = s.counts()["events"]
    if stored_events:
        print(f"{label:<10} reusing {url}: {stored_events:,} events  [{load()}]", flush=True)
    else:
        built = archive.build(url, n, seed=1, quiet=True)
        stored_events = built["events"]
        print(f"{label:<10} wrote {built['events']:,} events ({built['articles']:,} articles) through the store API "
              f"in {built['seconds']:.0f} s ({built['events'] / built['seconds']:.0f} events/s)  [{load()}]",
              flush=True)
    row = measure(url, label, stored_events, rounds, cluster=cluster)
    show(row, per_request=True)
    return row


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "api":
        ap = argparse.ArgumentParser()
        ap.add_argument("cmd")
        ap.add_argument("url")
        ap.add_argument("--rounds", type=int, default=5)
        args = ap.parse_args()
        print(json.dumps(api_figures(args.url, args.rounds)))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5, help="repetitions of the API request set")
    ap.add_argument("--pg", default=os.environ.get("EVENTWIRE_TEST_PG"), help="PostgreSQL server URL")
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument("--keep", default=None, help="folder for the SQLite archive (kept); default: a temporary one")
    ap.add_argument("--archive", default=None,
                    help="one archive at this path or URL (SQLite path, or a PostgreSQL URL), built once with --events "
                         "events (kept, and reused when it holds events) and measured as it is, not in halves")
    ap.add_argument("--no-cluster", action="store_true",
                    help="with --archive: leave the events unclustered, time only the statistics and the API")
    args = ap.parse_args()
    if args.archive:
        print(f"bench/store.py: one synthetic archive of {args.events:,} events  [{load()}]")
        url = args.archive
        label = "postgresql" if url.startswith("postgresql") else "sqlite"
        run_archive(url, label, args.events, args.rounds, cluster=not args.no_cluster)
        return
    print(f"bench/store.py: synthetic archive of {args.events:,} events (half, then all)  [{load()}]")
    if not args.no_sqlite:
        folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ew-bench-store-"))
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / f"archive-{args.events}.db"
        for p in folder.glob(db.name + "*"):
            p.unlink()
        run_backend(str(db), "sqlite", args.events, args.rounds)
    if args.pg:
        url, admin, name = pg_database(args.pg)
        try:
            run_backend(url, "postgresql", args.events, args.rounds)
        finally:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()

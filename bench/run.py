"""Benchmarks, one command: ``python bench/run.py [--n 40]``. Prints figures; asserts nothing.

(a) extraction speed (bench/extract.py): the whole pipeline against bare spaCy ``nlp.pipe`` on the same
    texts, in the same run, on three corpora (100 Wikinews articles, 100 White House statements, 300 short
    wire items; bench/corpora.py), wall clock and CPU (target: ratio >= 1.0); each stage's share of the
    time per article; articles per day for 600-word articles;
(b) ingest rate into SQLite and PostgreSQL (whole ingest, and store writes alone);
(c) Dask with 1 vs 2 workers (target: 2 workers >= 1.8 x one);
(d) peak RSS per Dask worker (target: <= 700 MB).

PostgreSQL: ``--pg URL`` or $EVENTWIRE_TEST_PG (``bash scripts/services.sh start`` prints one); each run
uses a fresh database that it drops afterwards. Timings exclude model loading (everything is warmed up
first). Other work on the machine skews them: note the load average printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/extract.py, bench/corpora.py
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))
DEFAULT_CORPUS = SHARED / "data" / "corpus" / "wikinews_2019_2020" / "data"


def load_articles(paths: list[str], n: int, published_field: str):
    from eventwire.ingest import read_paths
    from eventwire.model import Article
    from eventwire.settings import Settings

    settings = Settings(published_field=published_field)
    out = []
    for item in read_paths(paths, settings):
        if isinstance(item, Article) and item.raw.strip():
            out.append(item)
            if len(out) >= n:
                break
    return out


def timed(fn):
    """(wall seconds, result)."""
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def cpu_timed(fn):
    """(wall seconds, CPU seconds of this process, result): CPU time is what a busy machine does not skew."""
    c0 = time.process_time()
    wall, result = timed(fn)
    return wall, time.process_time() - c0, result


@contextmanager
def pg_database(base_url: str):
    """A fresh database on the server of ``base_url``, dropped afterwards."""
    import psycopg

    name = "ew_bench_" + uuid.uuid4().hex[:8]
    admin = base_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_store(articles, docs, url, label, figures):
    from eventwire.batch import ingest
    from eventwire.store import open_store

    with open_store(url) as store:
        t, cpu, report = cpu_timed(lambda: ingest(articles, store))
    with open_store(url) as store:  # the same again: every article is skipped
        t_again, again = timed(lambda: ingest(articles, store))
    with open_store(url) as store:
        for d in docs:
            store.delete(d.id)
        t_write, _ = timed(lambda: [store.add_all(docs[i:i + 32]) for i in range(0, len(docs), 32)])
        assert store.counts()["articles"] == len(docs)
    figures[f"ingest_{label}"] = {
        "articles": report.articles, "events": report.events,
        "ingest_articles_per_s": round(report.processed / t, 2),
        "ingest_articles_per_cpu_s": round(report.processed / cpu, 2),
        "store_write_docs_per_s": round(len(docs) / t_write, 1),
        "rerun_seconds": round(t_again, 3), "rerun_skipped": again.skipped,
    }


def bench_dask(articles, worker_counts, chunk, figures):
    from eventwire.batch import ingest, local_cluster, warm
    from eventwire.store import open_store

    results = {}
    for n in worker_counts:
        with local_cluster(n) as lc, tempfile.TemporaryDirectory() as tmp:
            warm(lc.scheduler_address, texts=[a.raw for a in articles[:2]])
            with open_store(Path(tmp) / "dask.db") as store:
                t, client_cpu, report = cpu_timed(
                    lambda: ingest(articles, store, cluster=lc.scheduler_address, chunk_size=chunk))
            worker_cpu = sum(report.worker_cpu_s.values())
            results[n] = {"seconds": round(t, 2), "articles_per_s": round(report.processed / t, 2),
                          "worker_cpu_s": round(worker_cpu, 2), "client_cpu_s": round(client_cpu, 2),
                          "articles_per_worker_cpu_s": round(report.processed / worker_cpu, 2) if worker_cpu else None,
                          "peak_rss_mb_per_worker": sorted(report.worker_rss_mb.values()),
                          "model_loads_per_worker": sorted(report.worker_pipelines.values())}
    figures["dask"] = {str(k): v for k, v in results.items()}
    if 1 in results and 2 in results:
        figures["dask"]["speedup_2_over_1"] = round(results[1]["seconds"] / results[2]["seconds"], 2)
        figures["dask"]["target_speedup"] = 1.8
    figures["dask"]["target_rss_mb"] = 700


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=40, help="articles in the store/Dask subset (default 40)")
    ap.add_argument("--corpora", default="wikinews,whitehouse,wire", help="extraction corpora (bench/corpora.py)")
    ap.add_argument("--extract-n", type=int, default=None, help="articles per extraction corpus (100, 100, 300)")
    ap.add_argument("--corpus", nargs="*", default=[str(DEFAULT_CORPUS)], help="files or folders to read")
    ap.add_argument("--published-field", default="date", help="CSV/JSON field with the date (wikinews: date)")
    ap.add_argument("--pg", default=os.environ.get("EVENTWIRE_TEST_PG"), help="PostgreSQL server URL")
    ap.add_argument("--workers", default="1,2", help="Dask worker counts to compare (default 1,2)")
    ap.add_argument("--chunk", type=int, default=4, help="articles per Dask task")
    ap.add_argument("--skip", nargs="*", default=[], choices=["extract", "sqlite", "postgres", "dask"])
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args(argv)

    articles = load_articles(args.corpus, args.n, args.published_field)
    if not articles:
        print(f"no articles under {args.corpus}", file=sys.stderr)
        return 1
    figures: dict = {"load_average_before": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count()}
    from eventwire.pipeline import default_pipeline

    list(default_pipeline().pipe(articles[:1], on_error="record"))  # load the model once
    docs = []
    if "extract" not in args.skip:
        import extract

        figures["extract"] = extract.run(args.corpora.split(","), args.extract_n)
    if not {"sqlite", "postgres"} <= set(args.skip):
        docs = [d for d in default_pipeline().pipe(articles, on_error="record") if hasattr(d, "events")]
    if "sqlite" not in args.skip:
        with tempfile.TemporaryDirectory() as tmp:
            bench_store(articles, docs, str(Path(tmp) / "bench.db"), "sqlite", figures)
    if "postgres" not in args.skip:
        if args.pg:
            with pg_database(args.pg) as url:
                bench_store(articles, docs, url, "postgres", figures)
        else:
            figures["ingest_postgres"] = "skipped: no --pg / EVENTWIRE_TEST_PG"
    if "dask" not in args.skip:
        bench_dask(articles, [int(x) for x in args.workers.split(",")], args.chunk, figures)
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for section, value in figures.items():
            if section == "extract":
                import extract

                print("extract:\n" + extract.report(value))
            elif isinstance(value, dict):
                print(f"{section}:")
                for k, v in value.items():
                    print(f"  {k}: {v}")
            else:
                print(f"{section}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

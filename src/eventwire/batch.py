"""Ingest at scale: articles through the pipeline into the store, in-process or on a Dask cluster.

The only module that imports Dask (lazily: ``pip install 'eventwire[dask]'``).

- Resumable: articles already stored (by id) are skipped before the pipeline runs, and every
  batch is committed on its own, so a killed run loses at most the batches in flight.
- Bad items never stop a run: they become rows of the ``failures`` table.
- ``workers=N`` starts a local cluster of N worker processes, ``cluster="tcp://host:8786"`` uses a
  running scheduler. The model loads once per worker (the pipeline is cached per process).
  SQLite has a single writer, this process; with PostgreSQL the workers write themselves.
"""

from __future__ import annotations

import itertools
import logging
import resource
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .errors import ConfigError, InputError, missing_extra
from .model import Article, Document, Failure
from .settings import Settings
from .store import AddResult, Store, open_store

log = logging.getLogger(__name__)

#: Articles per Dask task: small enough to spread a short run over every worker.
DASK_CHUNK = 8


@dataclass
class IngestReport:
    """What one ingest run did."""

    articles: int = 0  # articles read
    skipped: int = 0  # already stored, not processed again
    outside: int = 0  # published before --since
    added: int = 0  # documents written
    unchanged: int = 0  # processed, and the store already had the same content
    events: int = 0  # events in the documents written
    failures: int = 0  # failures recorded (reading, pipeline, store)
    seconds: float = 0.0
    workers: int = 0  # Dask workers used (0: in-process)
    worker_rss_mb: dict[str, float] = field(default_factory=dict)  # peak RSS per Dask worker
    worker_pipelines: dict[str, int] = field(default_factory=dict)  # pipelines (model loads) per Dask worker
    worker_cpu_s: dict[str, float] = field(default_factory=dict)  # CPU seconds each Dask worker spent on this run

    @property
    def processed(self) -> int:
        return self.articles - self.skipped - self.outside

    @property
    def rate(self) -> float:
        """Articles through the pipeline per second."""
        return self.processed / self.seconds if self.seconds else 0.0

    def absorb(self, r: AddResult) -> None:
        self.added += r.added
        self.unchanged += r.unchanged
        self.events += r.events
        self.failures += r.failures


Progress = Callable[[int], None]


def _chunks(items: Iterable[Any], size: int, max_chars: int | None = None) -> Iterator[list[Any]]:
    """Lists of at most ``size`` items and (for articles) ``max_chars`` characters of text; an article
    longer than ``max_chars`` is a chunk of its own."""
    if max_chars is None:
        it = iter(items)
        while chunk := list(itertools.islice(it, size)):
            yield chunk
        return
    chunk = []
    chars = 0
    for item in items:
        n = len(item.raw) if isinstance(item, Article) else 0
        if chunk and chars + n > max_chars:
            yield chunk
            chunk, chars = [], 0
        chunk.append(item)
        chars += n
        if len(chunk) >= size:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def _check_since(since: str | None) -> str | None:
    if since is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(since[:10]).isoformat()
    except ValueError as e:
        raise InputError(f"since: {since!r} is not a date (YYYY-MM-DD)") from e


def ingest(
    items: Iterable[Article | Failure],
    store: Store,
    *,
    settings: Settings | None = None,
    workers: int | None = None,
    cluster: str | None = None,
    since: str | None = None,
    chunk_size: int | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Run ``items`` (from :func:`eventwire.ingest.read_paths`) through the pipeline into ``store``.

    ``progress(n)`` is called with the number of items just handled (stored, skipped or failed).
    """
    settings = settings or Settings()
    since = _check_since(since)
    if workers is not None and cluster is not None:
        raise ConfigError("give --workers or --cluster, not both")
    if workers is not None and workers < 1:
        raise ConfigError("--workers must be at least 1")
    report = IngestReport()
    t0 = time.perf_counter()
    todo = _select(items, store, since, report, progress)
    if workers is None and cluster is None:
        _run_local(todo, store, settings, chunk_size or settings.batch_size, report, progress)
    else:
        _run_dask(todo, store, settings, workers, cluster, chunk_size or DASK_CHUNK, report, progress)
    report.seconds = time.perf_counter() - t0
    from .watch.alerts import after_ingest  # watchlists: new matching events become alerts

    after_ingest(store)
    return report


def _select(
    items: Iterable[Article | Failure], store: Store, since: str | None, report: IngestReport,
    progress: Progress | None,
) -> Iterator[Article]:
    """The articles still to process; read failures are stored on the way, stored articles skipped."""
    seen: set[str] = set()  # ids handed on in this run: a duplicate later in the input is skipped too
    for chunk in _chunks(items, 256):
        fails = [x for x in chunk if isinstance(x, Failure)]
        arts = [x for x in chunk if isinstance(x, Article)]
        report.articles += len(arts)
        if fails:
            report.absorb(store.add_all(fails))
        keep = []
        for a in arts:
            if since and a.published and a.published < since:
                report.outside += 1
            else:
                keep.append(a)
        known = store.known(a.id for a in keep)
        fresh = []
        again: list[Article] = []
        for a in keep:
            if a.id in known or a.id in seen:  # stored already, or a duplicate within this run
                report.skipped += 1
                again.append(a)
            else:
                seen.add(a.id)
                fresh.append(a)
        # the same article in other bytes (re-encoded, re-spaced): noted as a variant, not stored again
        store.note_variants(a for a in again if a.id in known)
        if progress and (done := len(fails) + len(arts) - len(fresh)):
            progress(done)
        yield from fresh


def _run_local(
    todo: Iterable[Article], store: Store, settings: Settings, size: int, report: IngestReport,
    progress: Progress | None,
) -> None:
    from .pipeline import default_pipeline

    pipe = default_pipeline(settings)
    for chunk in _chunks(todo, size, settings.batch_chars):
        results = list(pipe.pipe(chunk, on_error="record", batch_size=size))
        report.absorb(store.add_all(results, origins={a.id: a.origin for a in chunk}))
        if progress:
            progress(len(chunk))


# -- Dask --------------------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _worker_store(url: str) -> Store:
    return open_store(url)


def process_chunk(articles: list[dict[str, Any]], settings_json: str, db_url: str | None) -> dict[str, Any]:
    """Worker side: run one chunk through this process's cached pipeline.

    With ``db_url`` (PostgreSQL) the worker writes and returns counts; else it returns the records
    (JSON) for the client to write.
    """
    from .pipeline import default_pipeline

    settings = Settings.model_validate_json(settings_json)
    arts = [Article.model_validate(a) for a in articles]
    results = list(default_pipeline(settings).pipe(arts, on_error="record", batch_size=len(arts)))
    if db_url:
        r = _worker_store(db_url).add_all(results, origins={a.id: a.origin for a in arts})
        return {"result": [r.added, r.unchanged, r.events, r.failures]}
    return {"records": [(isinstance(x, Document), x.to_json()) for x in results]}


def warm_worker(settings_json: str, texts: list[str] | None = None) -> float:
    """Worker side: build this process's pipeline (the model loads here) and run a few texts; returns peak RSS MB."""
    from .pipeline import default_pipeline

    pipe = default_pipeline(Settings.model_validate_json(settings_json))
    list(pipe.pipe([Article.make(t) for t in texts or ["Rebels attacked the town on Monday."]], on_error="record"))
    return peak_rss_mb()


def worker_stats() -> tuple[float, int, float]:
    """Worker side: (peak RSS in MB, pipelines this process has built (model loads), CPU seconds used so far)."""
    from .pipeline import _default_pipeline

    return peak_rss_mb(), _default_pipeline.cache_info().currsize, time.process_time()


def warm(cluster: str, settings: Settings | None = None, texts: list[str] | None = None) -> dict[str, float]:
    """Load the pipeline on every worker of a running cluster (before timing it); peak RSS MB per worker."""
    client, _ = _client(None, cluster)
    try:
        return client.run(warm_worker, (settings or Settings()).model_dump_json(), texts)
    finally:
        client.close()


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB.

    On Linux from ``/proc/self/status`` (VmHWM): ``getrusage``'s figure also counts what the parent
    held when it forked this process, which would charge the client's memory to every worker.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024


def local_cluster(workers: int) -> Any:
    """A local Dask cluster of ``workers`` single-threaded worker processes (what ``--workers N`` starts)."""
    try:
        from distributed import LocalCluster
    except ImportError as e:
        raise missing_extra("dask[distributed]", "dask") from e
    return LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
        memory_limit=0, silence_logs=logging.WARNING,
    )


def _client(workers: int | None, cluster: str | None) -> tuple[Any, Any]:
    try:
        from distributed import Client
    except ImportError as e:
        raise missing_extra("dask[distributed]", "dask") from e
    if logging.getLogger().getEffectiveLevel() > logging.INFO:  # Dask's INFO chatter only when asked (-v)
        logging.getLogger("distributed").setLevel(logging.WARNING)
    if cluster:
        try:
            return Client(cluster, timeout="20s"), None
        except OSError as e:
            raise ConfigError(f"cannot reach the Dask scheduler at {cluster}: {e}") from e
    local = local_cluster(workers or 1)
    return Client(local), local


def _run_dask(
    todo: Iterable[Article], store: Store, settings: Settings, workers: int | None, cluster: str | None,
    size: int, report: IngestReport, progress: Progress | None,
) -> None:
    client, local = _client(workers, cluster)  # first: without Dask, this raises the install hint
    from distributed import as_completed

    try:
        n_workers = len(client.scheduler_info().get("workers", {})) or (workers or 1)
        report.workers = n_workers
        db_url = store.url if store.dialect == "postgresql" else None
        if db_url and store.engine.url.password:
            db_url = store.engine.url.render_as_string(hide_password=False)
        settings_json = settings.model_dump_json()
        cpu_before = {k: v[2] for k, v in client.run(worker_stats).items()}
        chunks = _chunks(todo, size, settings.batch_chars)
        pending: dict[Any, list[Article]] = {}
        ac = as_completed()

        def submit(n: int) -> None:
            for chunk in itertools.islice(chunks, n):
                fut = client.submit(process_chunk, [a.to_json() for a in chunk], settings_json, db_url, pure=False)
                pending[fut] = chunk
                ac.add(fut)

        submit(2 * n_workers + 1)  # keep every worker busy, with a little queued
        for fut in ac:
            chunk = pending.pop(fut)
            origins = {a.id: a.origin for a in chunk}
            try:
                out = fut.result()
            except Exception as e:  # noqa: BLE001 - a worker died or the task failed: record, go on
                fails = [Failure(document=a.id, origin=a.origin, stage="batch", reason=f"{type(e).__name__}: {e}")
                         for a in chunk]
                report.absorb(store.add_all(fails))
            else:
                if "result" in out:
                    report.absorb(AddResult(*out["result"]))
                else:
                    recs = [Document.model_validate(j) if is_doc else Failure.model_validate(j)
                            for is_doc, j in out["records"]]
                    report.absorb(store.add_all(recs, origins=origins))
            if progress:
                progress(len(chunk))
            submit(1)
        stats = client.run(worker_stats)
        report.worker_rss_mb = {str(k): round(v[0], 1) for k, v in stats.items()}
        report.worker_pipelines = {str(k): v[1] for k, v in stats.items()}
        report.worker_cpu_s = {str(k): round(v[2] - cpu_before.get(k, 0.0), 2) for k, v in stats.items()}
    finally:
        client.close()
        if local is not None:
            # workers busy tearing down a model can be slow to exit on a loaded machine: that is no error
            if logging.getLogger().getEffectiveLevel() > logging.INFO:
                logging.getLogger("distributed.nanny").setLevel(logging.ERROR)
            local.close(timeout=30)

"""Re-extract stored articles that older behaviours made: ``eventwire ingest --reprocess``.

A record's ``stages`` says what made it: each stage's versioned name (bumped on every change of
behaviour) and a hash of the data files it read (see :attr:`eventwire.pipeline.Stage.version`).
:func:`reprocess` finds the stored records whose ``stages`` differ from the running pipeline's,
extracts them again from their stored cleaned text (:meth:`eventwire.pipeline.Pipeline.redo`) and
replaces their machine output in place (:meth:`eventwire.store.Store.add_all`). Records made by the
running stages are left alone, so a second run changes nothing. An article that fails now keeps its
stored output and gets a ``failures`` row.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from .model import Document, Failure
from .pipeline import Pipeline, default_pipeline
from .settings import Settings
from .store import Store

#: Called with (stored record, new record) before the new one is written; returns the record to write.
Carry = Callable[[Document, Document], Document]


@dataclass
class ReprocessReport:
    """What one :func:`reprocess` run did."""

    stored: int = 0  # records in the store
    current: int = 0  # made by the running stages already: left alone
    redone: int = 0  # extracted again and written
    unchanged: int = 0  # extracted again, same record as stored (cannot happen while stages differ)
    failures: int = 0  # failed now: stored output kept, failure recorded
    events: int = 0  # events in the records written
    seconds: float = 0.0


def reprocess(
    store: Store,
    *,
    settings: Settings | None = None,
    pipeline: Pipeline | None = None,
    chunk_size: int | None = None,
    carry: Carry | None = None,
    progress: Callable[[int], object] | None = None,
) -> ReprocessReport:
    """Extract again every stored record whose stages differ from the running ones, replacing its
    machine output (actors, places, times, quotes, events and the record itself) in place.

    ``carry(old, new)`` runs on each new record before it is written: the hook where what an
    analyst changed is kept. Reviews live in their own tables keyed by article id and event id,
    which replacing the machine output does not touch (the ``articles`` row is updated, never
    deleted); a reviews module passes a ``carry`` that re-attaches each review to the new event
    with the same evidence, or flags it when that event is gone.
    """
    settings = settings or Settings()
    pipe = pipeline or default_pipeline(settings)
    size = chunk_size or settings.batch_size
    report = ReprocessReport()
    t0 = time.perf_counter()
    ids: list[str] = []
    for article_id, stages in store.stages():
        report.stored += 1
        if pipe.outdated(stages):
            ids.append(article_id)
        else:
            report.current += 1
    for i in range(0, len(ids), size):
        chunk = ids[i : i + size]
        old = {d.id: d for d in store.documents(ids=chunk)}
        out: list[Document | Failure] = []
        for r in pipe.redo([old[a] for a in chunk if a in old], on_error="record"):
            if isinstance(r, Document) and carry is not None:
                r = carry(old[r.id], r)
            out.append(r)
        result = store.add_all(out)
        report.redone += result.added
        report.unchanged += result.unchanged
        report.failures += result.failures
        report.events += result.events
        if progress:
            progress(len(chunk))
    report.seconds = time.perf_counter() - t0
    return report

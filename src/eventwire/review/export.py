"""Exports that prefer reviewed values and mark reviewed records.

``export(store, fmt, out)`` writes the formats of :mod:`eventwire.export` over the reviewed
documents (:func:`~eventwire.review.apply.corrected_document`: wrong events dropped, corrections
in, added events appended) with a ``review`` mark on each record: a ``review`` column (ACLED CSV),
a ``review`` key (PLOVER JSONL, GeoJSON properties), a ``review`` object per document (JSONL):
``{"status": "right|corrected|added", "corrected": [...], "reviewers": [...]}``, empty for records
no one reviewed. ``reviewed_only`` keeps only records a reviewer checked. ``gold`` writes
:mod:`eventwire.review.gold`.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator
from typing import Any, TextIO

from ..errors import ConfigError
from ..model import Document
from ..store import Store
from .apply import corrected_document, reviewed_events
from .model import ReviewedEvent

FORMATS = ("acled", "plover", "geojson", "jsonl", "gold")


def mark(r: ReviewedEvent | None) -> dict[str, Any]:
    if r is None or not r.reviewed:
        return {}
    return {"status": r.status, "corrected": r.corrected, "reviewers": r.reviewers}


def documents(store: Store, *, reviewed_only: bool = False) -> Iterator[tuple[Document, dict[str, dict]]]:
    """Reviewed documents, each with the review mark of its events by event id."""
    for doc, revs in reviewed_events(store):
        if reviewed_only and not any(r.reviewed and not r.wrong for r in revs):
            continue
        yield corrected_document(doc, revs, reviewed_only=reviewed_only), {r.event_id: mark(r) for r in revs}


def has_reviews(store: Store) -> bool:
    from sqlalchemy import select

    from ..store import schema_review as T

    with store.engine.connect() as conn:
        return conn.scalar(select(T.reviews.c.id).limit(1)) is not None


def export_store(store: Store, fmt: str, out: TextIO, *, merged: bool = False, reviewed_only: bool = False,
                 primary: bool = False) -> int:
    """What ``eventwire export`` writes: the machine's records as they are while no one has reviewed any,
    else the reviewed ones (:func:`export`; with ``merged`` or ``primary``, reviewed values without the marks)."""
    from ..export import export as plain

    if not reviewed_only and not has_reviews(store):
        return plain(store.documents(), fmt, out, merged=merged, primary=primary)
    if merged or primary:
        docs = (d for d, _ in documents(store, reviewed_only=reviewed_only))
        return plain(docs, fmt, out, merged=merged, primary=primary)
    return export(store, fmt, out, reviewed_only=reviewed_only)


def export(store: Store, fmt: str, out: TextIO, *, reviewed_only: bool = False, timestamp: int | None = None) -> int:
    """Write the store's reviewed records in ``fmt``; returns the number of records."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if fmt == "gold":
        from .gold import write

        return write(store, out)
    docs = documents(store, reviewed_only=reviewed_only)
    n = 0
    if fmt == "acled":
        from ..export import acled

        w = csv.DictWriter(out, fieldnames=[*acled.COLUMNS, "review"], lineterminator="\n")
        w.writeheader()
        ts = int(time.time()) if timestamp is None else timestamp
        for doc, marks in docs:
            for ev in doc.events:
                row = acled.row(doc, ev, timestamp=ts)
                if row is not None:
                    row["review"] = json.dumps(marks.get(ev.id) or {}) if marks.get(ev.id) else ""
                    w.writerow(row)
                    n += 1
    elif fmt == "plover":
        from ..export import plover
        from ..export.jsonl import json_line

        for doc, marks in docs:
            for ev in doc.events:
                rec = plover.record(doc, ev)
                rec["review"] = marks.get(ev.id) or None
                out.write(json_line(rec))
                n += 1
    elif fmt == "geojson":
        from ..export import geojson

        features = []
        for doc, marks in docs:
            for ev in doc.events:
                f = geojson.feature(doc, ev)
                if f is not None:
                    f["properties"]["review"] = marks.get(ev.id) or None
                    features.append(f)
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
        out.write("\n")
        n = len(features)
    else:
        from ..export.jsonl import json_line

        for doc, marks in docs:
            obj = doc.to_json()
            obj["review"] = {k: v for k, v in marks.items() if v}
            out.write(json_line(obj))
            n += 1
    return n

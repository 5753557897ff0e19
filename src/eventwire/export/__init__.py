"""Exports of document records: ACLED-columns CSV, PLOVER JSONL, GeoJSON, and our own JSONL.

Each format is a module with ``write(docs, out) -> int`` (records written), registered by import
path in :data:`FORMATS` and imported only when used. They work on :class:`~eventwire.model.Document`
records, so they serve the store (``eventwire export``) and ``extract`` output alike.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Any, TextIO

from ..errors import ConfigError
from ..model import Document

#: format name -> "module:function"
FORMATS: dict[str, str] = {
    "acled": "eventwire.export.acled:write",
    "plover": "eventwire.export.plover:write",
    "geojson": "eventwire.export.geojson:write",
    "jsonl": "eventwire.export.jsonl:write",
}


#: formats that can write one record per real-world event (``merged=True``)
MERGEABLE = ("acled", "plover", "geojson")


def export(docs: Iterable[Document], fmt: str, out: TextIO, **options: Any) -> int:
    """Write ``docs`` to ``out`` in format ``fmt``; returns the number of records written.

    ``merged=True`` writes one record per real-world event (the same event reported by several
    articles once, see :mod:`eventwire.export.merged`) for the formats in :data:`MERGEABLE`.
    ``primary=True`` keeps only each document's primary event (:mod:`eventwire.events.primary`): one
    record per article, for the same formats.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if options.get("merged") and fmt not in MERGEABLE:
        raise ConfigError(f"--merged applies to {', '.join(MERGEABLE)}, not {fmt} (which writes whole documents)")
    if options.get("primary") and fmt not in MERGEABLE:
        raise ConfigError(f"--primary applies to {', '.join(MERGEABLE)}, not {fmt} (which writes whole documents)")
    if options.pop("primary", False):
        docs = (primary_only(d) for d in docs)
    if not options.get("merged"):
        options.pop("merged", None)
    module, _, func = FORMATS[fmt].partition(":")
    return getattr(importlib.import_module(module), func)(docs, out, **options)


def primary_only(doc: Document) -> Document:
    """A copy of ``doc`` holding only its primary event (none when it has none)."""
    from ..events.primary import primary_event

    pid = doc.primary if doc.primary is not None else primary_event(doc)
    return doc.model_copy(update={"events": [e for e in doc.events if e.id == pid], "primary": pid})

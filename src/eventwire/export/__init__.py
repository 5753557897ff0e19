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


def export(docs: Iterable[Document], fmt: str, out: TextIO, **options: Any) -> int:
    """Write ``docs`` to ``out`` in format ``fmt``; returns the number of records written."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    module, _, func = FORMATS[fmt].partition(":")
    return getattr(importlib.import_module(module), func)(docs, out, **options)

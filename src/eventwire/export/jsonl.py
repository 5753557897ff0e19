"""Our own records, one document JSON object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..model import Document


def write(docs: Iterable[Document], out: TextIO) -> int:
    """One line per document."""
    n = 0
    for doc in docs:
        out.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
        n += 1
    return n

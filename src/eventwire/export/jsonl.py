"""Our own records, one document JSON object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..model import Document

#: Characters that some line readers (Python's str.splitlines, JavaScript) take as line breaks.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(obj: object) -> str:
    """One JSON object as one line, safe for every line splitter (raw U+0085/U+2028/U+2029 escaped)."""
    return json.dumps(obj, ensure_ascii=False).translate(_LINE_BREAKS) + "\n"


def write(docs: Iterable[Document], out: TextIO) -> int:
    """One line per document."""
    n = 0
    for doc in docs:
        out.write(json_line(doc.to_json()))
        n += 1
    return n

"""The JSON Schema of the document record, generated from :mod:`eventwire.model`.

``python -m eventwire.schema`` prints it; the checked-in copy is ``document.schema.json`` beside this
file, and a test keeps the two equal.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..model import json_schema

__all__ = ["json_schema", "checked_in"]


def checked_in() -> dict[str, Any]:
    return json.loads((resources.files("eventwire.schema") / "document.schema.json").read_text(encoding="utf-8"))

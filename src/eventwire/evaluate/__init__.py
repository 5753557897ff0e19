"""Scorers against gold data: ``eventwire eval NAME --data PATH``.

Each evaluator is a function ``evaluate(path, *, limit=None, settings=None) -> dict`` in its own
module, registered here by import path. The dict holds the metrics (always ``n``); the CLI prints
them, the last line as one JSON object with ``--json``. Floors for the gate live in ``floors/``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from ..errors import ConfigError, EvalError
from ..settings import Settings

EVALUATORS: dict[str, str] = {
    "geo": "eventwire.evaluate.geo:evaluate",
    "event_place": "eventwire.evaluate.event_place:evaluate",
    "time": "eventwire.evaluate.time:evaluate",
    "quotes": "eventwire.evaluate.quotes:evaluate",
    "actors": "eventwire.evaluate.actors:evaluate",
    "acled": "eventwire.evaluate.acled:evaluate",
    "plover": "eventwire.evaluate.plover:evaluate",
    "dedup": "eventwire.evaluate.dedup:evaluate",
    "wikievents": "eventwire.evaluate.wikievents:evaluate",
}


def run(name: str, path: str | Path, *, limit: int | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """Run one evaluator on gold data at ``path``."""
    if name not in EVALUATORS:
        raise ConfigError(f"unknown evaluation {name!r}; known: {', '.join(EVALUATORS)}")
    path = Path(path)
    if not path.exists():
        raise EvalError(f"gold data not found: {path}")
    module, _, func = EVALUATORS[name].partition(":")
    try:
        fn = getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError) as e:
        raise ConfigError(f"evaluation {name!r} is not available: {e}") from e
    return dict(fn(path, limit=limit, settings=settings or Settings()))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f

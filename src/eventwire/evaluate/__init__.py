"""Scorers against gold data: ``eventwire eval NAME --data PATH``.

Each evaluator is a function ``evaluate(path, *, limit=None, split=None, sample=None, settings=None)
-> dict`` in its own module, registered here by import path, with a ``HEADLINE`` tuple: the keys that
say how good the system's own answer is (the figures the README and the floors show). The dict holds
the metrics (always ``n`` and ``split``), headline keys first; the CLI prints them, the last line as
one JSON object with ``--json``. Floors for the gate live in ``floors/``.

``split`` is ``tune``, ``validate`` or ``all`` (:mod:`eventwire.evaluate.splits`): rules are chosen by
looking at ``tune``, and ``validate`` is what floors pin. ``sample`` keeps a fixed random sample of that
many items of the split (for sets too slow to score whole); ``limit`` keeps the first items (an evenly
spread sample for ACLED).
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


def run(
    name: str,
    path: str | Path,
    *,
    limit: int | None = None,
    split: str | None = None,
    sample: int | None = None,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Run one evaluator on gold data at ``path``: its scores, the headline keys first."""
    from .splits import check_split

    split = check_split(split)
    if name not in EVALUATORS:
        raise ConfigError(f"unknown evaluation {name!r}; known: {', '.join(EVALUATORS)}")
    path = Path(path)
    if not path.exists():
        raise EvalError(f"gold data not found: {path}")
    module, _, func = EVALUATORS[name].partition(":")
    try:
        mod = importlib.import_module(module)
        fn = getattr(mod, func)
    except (ImportError, AttributeError) as e:
        raise ConfigError(f"evaluation {name!r} is not available: {e}") from e
    scores = dict(fn(path, limit=limit, split=split, sample=sample, settings=settings or Settings()))
    scores["split"] = split
    first = ["n", "split", *headline(name)]
    return {**{k: scores.get(k) for k in first}, **{k: v for k, v in scores.items() if k not in first}}


def headline(name: str) -> tuple[str, ...]:
    """The headline keys of an evaluator (its module's ``HEADLINE``)."""
    if name not in EVALUATORS:
        raise ConfigError(f"unknown evaluation {name!r}; known: {', '.join(EVALUATORS)}")
    module = EVALUATORS[name].partition(":")[0]
    return tuple(getattr(importlib.import_module(module), "HEADLINE", ()))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0.0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f

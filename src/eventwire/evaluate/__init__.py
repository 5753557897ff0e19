"""Scorers against gold data: ``eventwire eval NAME --data PATH``.

Each evaluator is a function ``evaluate(path, *, limit=None, split=None, sample=None, settings=None)
-> dict`` in its own module, registered here by import path, with a ``HEADLINE`` tuple: the keys that
say how good the system's own answer is (the figures the README and the floors show). The dict holds
the metrics (always ``n`` and ``split``), headline keys first; the CLI prints them, the last line as
one JSON object with ``--json``. Floors for the gate live in ``floors/``.

``case`` (``lower`` or ``upper``; None keeps the gold text) recases the gold texts where each
evaluator builds its inputs, one character for one (:func:`recase`), so gold offsets stay valid: the
same gold set measured as a lower-case archive or a wire in capitals would give it.

``split`` is ``tune``, ``validate`` or ``all`` (:mod:`eventwire.evaluate.splits`): rules are chosen by
looking at ``tune``, and ``validate`` is what floors pin. ``sample`` keeps a fixed random sample of that
many items of the split (for sets too slow to score whole); ``limit`` keeps the first items (an evenly
spread sample for ACLED).
"""

from __future__ import annotations

import importlib
import inspect
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
    "realnews": "eventwire.evaluate.realnews:evaluate",
}

#: The recasings an evaluator can measure on (``eventwire eval ... --case``).
CASES = ("lower", "upper")


def run(
    name: str,
    path: str | Path,
    *,
    limit: int | None = None,
    split: str | None = None,
    sample: int | None = None,
    settings: Settings | None = None,
    case: str | None = None,
) -> dict[str, Any]:
    """Run one evaluator on gold data at ``path``: its scores, the headline keys first; with ``case``,
    on a lower- or upper-cased copy of its gold texts."""
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
    kwargs: dict[str, Any] = {}
    if case is not None:
        if case not in CASES:
            raise ConfigError(f"unknown case {case!r}; known: {', '.join(CASES)}")
        if "case" not in inspect.signature(fn).parameters:
            raise ConfigError(f"evaluation {name!r} cannot recase its texts (no --case)")
        kwargs["case"] = case
    scores = dict(fn(path, limit=limit, split=split, sample=sample, settings=settings or Settings(), **kwargs))
    scores["split"] = split
    if case is not None:
        scores["case"] = case
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


def recase(text: str, case: str | None) -> str:
    """``text`` in lower or upper case (``case`` None: as it is), one character for one: a character
    whose case mapping has another length (German sharp s, ligatures) stays, so offsets hold."""
    if case is None:
        return text
    if case not in CASES:
        raise ConfigError(f"unknown case {case!r}; known: {', '.join(CASES)}")
    f = str.lower if case == "lower" else str.upper
    return "".join(c2 if len(c2 := f(c)) == 1 else c for c in text)


def spacy_texts(texts: list[str], settings: Settings) -> list[str]:
    """What the pipeline's nlp stage hands spaCy for each text: the text, or its truecased copy (same
    length) where it has no case, for evaluators that parse with spaCy themselves."""
    if not settings.truecase:
        return texts
    from .. import truecase

    table = truecase.load(settings)
    return [truecase.restore(t, table) for t in texts]

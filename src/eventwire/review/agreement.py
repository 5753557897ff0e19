"""Agreement between two reviewers: Cohen's kappa per field over the events both reviewed."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..store import Store
from .apply import reviewed_events
from .model import FIELDS


def cohen_kappa(a: list[Any], b: list[Any]) -> float | None:
    """Cohen's kappa of two raters' labels for the same items (None with no items; 1.0 when both
    always give one and the same label)."""
    if not a or len(a) != len(b):
        return None
    n = len(a)
    ka = [json.dumps(x, sort_keys=True) for x in a]
    kb = [json.dumps(x, sort_keys=True) for x in b]
    po = sum(x == y for x, y in zip(ka, kb, strict=True)) / n
    ca, cb = Counter(ka), Counter(kb)
    pe = sum(ca[k] * cb.get(k, 0) for k in ca) / (n * n)
    if pe >= 1.0:
        return 1.0 if po == 1.0 else 0.0
    return (po - pe) / (1 - pe)


def _labels(r: Any, field: str) -> Any:
    if field == "verdict":
        return "wrong" if r.wrong else "right"
    return r.value.get(field)


def agreement(store: Store, first: str, second: str) -> dict[str, Any]:
    """Kappa and raw agreement per field (``verdict`` and every reviewable field) between reviewers
    ``first`` and ``second``, over the machine events both reviewed."""
    a = {r.key: r for _, revs in reviewed_events(store, reviewer=first) for r in revs if r.reviewed}
    b = {r.key: r for _, revs in reviewed_events(store, reviewer=second) for r in revs if r.reviewed}
    common = sorted(k for k in a.keys() & b.keys() if a[k].machine is not None)
    out: dict[str, Any] = {"reviewers": [first, second], "n": len(common), "fields": {}}
    for field in ("verdict", *FIELDS):
        la = [_labels(a[k], field) for k in common]
        lb = [_labels(b[k], field) for k in common]
        same = sum(json.dumps(x, sort_keys=True) == json.dumps(y, sort_keys=True) for x, y in zip(la, lb, strict=True))
        out["fields"][field] = {"kappa": None if (k := cohen_kappa(la, lb)) is None else round(k, 4),
                                "agreement": round(same / len(common), 4) if common else None}
    return out

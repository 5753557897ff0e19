"""Coreference metrics for scoring a clustering against gold clusters: B-cubed, MUC, CEAF-e, CoNLL F1.

Both sides are mappings from mention to cluster label over the same mentions (mentions missing on
one side count as singletons there). Each function returns ``(precision, recall, f1)``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

Labels = Mapping[Hashable, Hashable]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _clusters(labels: Labels, mentions: list[Hashable]) -> dict[Hashable, set[Hashable]]:
    out: dict[Hashable, set[Hashable]] = defaultdict(set)
    for m in mentions:
        out[labels[m] if m in labels else ("__singleton__", m)].add(m)
    return dict(out)


def _mentions(key: Labels, response: Labels) -> list[Hashable]:
    return sorted(set(key) | set(response), key=repr)


def bcubed(key: Labels, response: Labels) -> tuple[float, float, float]:
    """B-cubed (Bagga and Baldwin 1998): per-mention precision and recall, averaged over mentions."""
    mentions = _mentions(key, response)
    if not mentions:
        return 0.0, 0.0, 0.0
    kc, rc = _clusters(key, mentions), _clusters(response, mentions)
    k_of = {m: kc[label] for label, ms in kc.items() for m in ms}
    r_of = {m: rc[label] for label, ms in rc.items() for m in ms}
    p = sum(len(k_of[m] & r_of[m]) / len(r_of[m]) for m in mentions) / len(mentions)
    r = sum(len(k_of[m] & r_of[m]) / len(k_of[m]) for m in mentions) / len(mentions)
    return p, r, _f1(p, r)


def _muc_recall(kc: dict[Hashable, set[Hashable]], r_label: dict[Hashable, Hashable]) -> float:
    num = den = 0
    for members in kc.values():
        parts = {r_label[m] for m in members}
        num += len(members) - len(parts)
        den += len(members) - 1
    return num / den if den else 0.0


def muc(key: Labels, response: Labels) -> tuple[float, float, float]:
    """MUC (Vilain et al. 1995): links kept, counted over the partitions of each cluster."""
    mentions = _mentions(key, response)
    kc, rc = _clusters(key, mentions), _clusters(response, mentions)
    k_label = {m: label for label, ms in kc.items() for m in ms}
    r_label = {m: label for label, ms in rc.items() for m in ms}
    r = _muc_recall(kc, r_label)
    p = _muc_recall(rc, k_label)
    return p, r, _f1(p, r)


def ceafe(key: Labels, response: Labels) -> tuple[float, float, float]:
    """Entity-based CEAF (Luo 2005) with phi4 similarity and the optimal one-to-one cluster alignment."""
    mentions = _mentions(key, response)
    kc, rc = list(_clusters(key, mentions).values()), list(_clusters(response, mentions).values())
    if not kc or not rc:
        return 0.0, 0.0, 0.0
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    r_index = {m: j for j, ms in enumerate(rc) for m in ms}
    sim = np.zeros((len(kc), len(rc)))
    for i, ms in enumerate(kc):
        for m in ms:
            j = r_index[m]
            if sim[i, j] == 0.0:
                sim[i, j] = 2 * len(ms & rc[j]) / (len(ms) + len(rc[j]))
    rows, cols = linear_sum_assignment(sim, maximize=True)
    total = float(sim[rows, cols].sum())
    p, r = total / len(rc), total / len(kc)
    return p, r, _f1(p, r)


def conll(key: Labels, response: Labels) -> dict[str, float]:
    """MUC, B-cubed and CEAF-e P/R/F1 and their CoNLL F1 (mean of the three F1)."""
    out: dict[str, float] = {}
    for name, fn in (("muc", muc), ("bcubed", bcubed), ("ceafe", ceafe)):
        p, r, f = fn(key, response)
        out[f"{name}_p"], out[f"{name}_r"], out[f"{name}_f1"] = p, r, f
    out["conll_f1"] = (out["muc_f1"] + out["bcubed_f1"] + out["ceafe_f1"]) / 3
    return out

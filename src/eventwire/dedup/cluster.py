"""Clustering events into real-world events: blocking, pair scoring, greedy merging.

Blocking: an event is compared only with events of the same type group and modality whose date
buckets (``bucket_days`` wide, widened by the date tolerance) it shares, split further by the
country of the place (events without a country meet every country of their bucket). Each pair is
scored once, in the first bucket both share. Events with no date, or a range longer than
``max_span_days``, form one block per type group and modality.

Merging: pairs with enough evidence are merged best first (union-find over clusters), and two
clusters join only when no pair across them is incompatible, so that a vague event cannot chain
two different events together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from ..errors import InputError
from .compare import EARTH_KM, DedupConfig, Prepared, evidence, load_config, rarity
from .records import Cluster, EventRef, cluster_id, summary
from .story import assign_stories

#: Most members of each side checked when two clusters merge (bounds the cost of very large clusters).
MAX_CROSS_CHECK = 64

Block = tuple[str, str, int | None]


def _blocks(items: list[Prepared], cfg: DedupConfig) -> dict[Block, dict[str | None, list[int]]]:
    tol, width = cfg.date_tolerance_days, cfg.bucket_days
    blocks: dict[Block, dict[str | None, list[int]]] = defaultdict(lambda: defaultdict(list))
    for p in items:
        # A place too unsure to forbid a merge does not block either: such events meet every country.
        sure = p.ref.place_confidence >= cfg.place_veto_confidence
        country = ((p.ref.country or "").upper() or None) if sure else None
        if p.dated and p.span() <= cfg.max_span_days:
            assert p.lo is not None and p.hi is not None
            for b in range((p.lo - tol) // width, (p.hi + tol) // width + 1):
                blocks[(p.group, p.modality, b)][country].append(p.index)
        else:
            blocks[(p.group, p.modality, None)][country].append(p.index)
    return blocks


class _Arrays:
    """Numeric columns of the prepared events, for the vectorized prefilter of candidate pairs."""

    def __init__(self, items: list[Prepared], cfg: DedupConfig) -> None:
        import numpy as np

        nan = float("nan")
        self.np = np
        self.lo = np.array([p.lo if p.lo is not None else nan for p in items], dtype=float)
        self.hi = np.array([p.hi if p.hi is not None else nan for p in items], dtype=float)
        located = [p.ref.lat is not None and p.ref.lon is not None for p in items]
        self.lat = np.radians([p.ref.lat if ok else nan for p, ok in zip(items, located, strict=True)])
        self.lon = np.radians([p.ref.lon if ok else nan for p, ok in zip(items, located, strict=True)])
        self.radius = np.array([cfg.radius(p.ref.precision) for p in items], dtype=float)
        self.loose = np.array([bool(p.ref.bbox) or p.ref.place_confidence < cfg.place_veto_confidence for p in items])
        self.tol = cfg.date_tolerance_days

    def keep(self, a, b):  # noqa: ANN001, ANN201 - numpy index arrays
        """Mask of pairs that may be compatible: dates within tolerance and places within reach (or unknown)."""
        np = self.np
        gap = np.maximum(self.lo[a], self.lo[b]) - np.minimum(self.hi[a], self.hi[b])
        ok_date = ~(gap > self.tol)  # NaN (undated) passes
        la, lb = self.lat[a], self.lat[b]
        h = np.sin((lb - la) / 2) ** 2 + np.cos(la) * np.cos(lb) * np.sin((self.lon[b] - self.lon[a]) / 2) ** 2
        dist = 2 * EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        reach = (self.radius[a] + self.radius[b]) * 1.001 + 0.01
        ok_place = ~(dist > reach) | self.loose[a] | self.loose[b]  # NaN (no coordinates) passes
        return ok_date & ok_place


def candidate_pairs(items: list[Prepared], cfg: DedupConfig) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) worth scoring, each once.

    Within a block, pairs whose dates or places are already too far apart are dropped by a vectorized
    prefilter (a necessary condition of :func:`evidence`), so that dense blocks stay cheap.
    """
    if len(items) < 2:
        return
    import numpy as np

    tol, width = cfg.date_tolerance_days, cfg.bucket_days
    first = np.array(
        [(p.lo - tol) // width if p.lo is not None and p.span() <= cfg.max_span_days else -(2**62) for p in items],
        dtype=np.int64,
    )
    cols = _Arrays(items, cfg)
    for (_, _, bucket), by_country in _blocks(items, cfg).items():
        loose = np.array(by_country.get(None, []), dtype=np.int64)
        groups: list[tuple[np.ndarray, np.ndarray | None]] = [(loose, None)]
        for country, members in by_country.items():
            if country is not None:
                arr = np.array(members, dtype=np.int64)
                groups.append((arr, None))
                if len(loose):
                    groups.append((arr, loose))
        for left, right in groups:
            if right is None:
                if len(left) < 2:
                    continue
                x, y = np.triu_indices(len(left), 1)
                a, b = left[x], left[y]
            else:
                a, b = np.repeat(left, len(right)), np.tile(right, len(left))
            mask = cols.keep(a, b)
            if bucket is not None:
                mask &= np.maximum(first[a], first[b]) == bucket
            a, b = a[mask], b[mask]
            lo, hi = np.minimum(a, b), np.maximum(a, b)
            yield from zip(lo.tolist(), hi.tolist(), strict=True)


class _Clusters:
    """Union-find whose roots keep their member lists."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}
        self.score: dict[int, float] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, score: float) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members.pop(b))
        self.score[a] = min(score, self.score.get(a, score), self.score.pop(b, score))


def _summarize(members: list[Prepared], score: float) -> Cluster:
    refs = [p.ref for p in members]
    keys = sorted(p.key for p in members)
    explicit = [p for p in members if p.lo is not None and not p.ref.date_inferred]
    dated = explicit or [p for p in members if p.lo is not None]
    first = date.fromordinal(min(p.lo for p in dated if p.lo is not None)).isoformat() if dated else None
    last = date.fromordinal(max(p.hi for p in dated if p.hi is not None)).isoformat() if dated else None
    located = sorted(
        (r for r in refs if r.lat is not None and r.lon is not None), key=lambda r: (r.precision or 9, r.key)
    )
    where = located[0] if located else None
    names = [a.name for r in refs for a in (*r.actors, *r.recipients) if a.name]
    return Cluster(
        id=cluster_id(keys),
        type=summary([r.type for r in refs])[0],
        modality="actual" if any(r.modality == "actual" for r in refs) else refs[0].modality,
        members=keys,
        articles=sorted({r.article for r in refs}),
        reports=len({r.report_key for r in refs}),
        first_day=first,
        last_day=last,
        lat=where.lat if where else None,
        lon=where.lon if where else None,
        precision=where.precision if where else None,
        place_name=where.place_name if where else None,
        actors=summary(names),
        score=score,
    )


def cluster_events(items: Iterable[EventRef], *, config: DedupConfig | None = None) -> list[Cluster]:
    """Group events that are the same real-world event; every event lands in exactly one cluster.

    Two events can merge when their PLOVER types are the same (or listed as compatible), their
    modalities are the same, their actors are compatible per role (a shared name, alias or Wikidata
    id, or one side unknown), their places are near for their precision, and their dates overlap or
    lie within a few days; they do merge when enough of that is positively shared (``min_evidence``
    in ``dedup.yaml``). Clusters come sorted by their first member key; ids are deterministic.
    """
    cfg = config or load_config()
    refs = list(items)
    seen: set[str] = set()
    for r in refs:
        if r.key in seen:
            raise InputError(f"event {r.key} given twice to cluster_events")
        seen.add(r.key)
    # Sorting by key makes the result independent of the input order.
    refs.sort(key=lambda r: r.key)
    weights = rarity(refs)
    prepared = [Prepared(r, cfg, i, weights) for i, r in enumerate(refs)]

    pairs = list(candidate_pairs(prepared, cfg))
    assign_stories(prepared, pairs, cfg)
    scored: list[tuple[float, int, int]] = []
    for i, j in pairs:
        s = evidence(prepared[i], prepared[j], cfg)
        if s is not None and s >= cfg.min_evidence:
            scored.append((s, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))

    uf = _Clusters(len(prepared))
    for s, i, j in scored:
        a, b = uf.find(i), uf.find(j)
        if a == b:
            continue
        left, right = uf.members[a][:MAX_CROSS_CHECK], uf.members[b][:MAX_CROSS_CHECK]
        ok = sum(evidence(prepared[x], prepared[y], cfg) is not None for x in left for y in right)
        if ok >= cfg.min_compatible * len(left) * len(right) - 1e-9:
            uf.union(a, b, s)

    clusters = [
        _summarize([prepared[i] for i in sorted(members)], uf.score.get(root, 0.0))
        for root, members in uf.members.items()
    ]
    clusters.sort(key=lambda c: c.members[0])
    return clusters

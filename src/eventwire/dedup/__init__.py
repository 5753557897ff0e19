"""Cross-article event deduplication: the same real-world event reported by several sources.

Example::

    from eventwire.dedup import cluster_events, refs_from_documents

    clusters = cluster_events(refs_from_documents(docs))
    merged = [(c.id, c.type, c.reports) for c in clusters if c.reports > 1]

:func:`cluster_events` takes :class:`EventRef` records (built from documents by
:func:`event_refs` / :func:`refs_from_documents`) and returns :class:`Cluster` records, one per
real-world event, each event in exactly one cluster (singletons included), with deterministic ids.
Thresholds and weights are data (``data/dedup.yaml``), loaded by :func:`load_config`; the
coreference metrics used by ``eventwire eval dedup`` are in :mod:`eventwire.dedup.metrics`.
"""

from __future__ import annotations

from .build import day_range, event_refs, refs_from_documents
from .cluster import candidate_pairs, cluster_events
from .compare import DedupConfig, Prepared, evidence, haversine_km, load_config
from .records import ActorRef, Cluster, EventRef, cluster_id, normalize_name, stem

__all__ = [
    "ActorRef",
    "Cluster",
    "DedupConfig",
    "EventRef",
    "Prepared",
    "candidate_pairs",
    "cluster_events",
    "cluster_id",
    "day_range",
    "event_refs",
    "evidence",
    "haversine_km",
    "load_config",
    "normalize_name",
    "refs_from_documents",
    "stem",
]

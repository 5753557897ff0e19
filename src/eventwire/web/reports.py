"""The same real-world event reported by several articles, for the web API (``/api/clusters``,
``/api/events/{article}/{event}/reports``).

Clusters are read from the store (:mod:`eventwire.store.clusters`, kept up to date incrementally);
nothing here clusters the whole archive.
"""

from __future__ import annotations

from pydantic import Field

from ..dedup import Cluster
from ..model import Record
from ..store import Store
from ..store import clusters as stored
from .service import safe_url


class Report(Record):
    """One article's report of a real-world event."""

    article_id: str
    event_id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    evidence: str = ""


class ClusterView(Record):
    """A real-world event with the reports that make it up (earliest article first)."""

    id: str
    type: str
    modality: str
    reports: int
    first_day: str | None = None
    last_day: str | None = None
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    actors: list[str] = Field(default_factory=list)
    members: list[Report] = Field(default_factory=list)


class ClusterPage(Record):
    total: int
    offset: int
    limit: int
    clusters: list[ClusterView] = Field(default_factory=list)


def of(store: Store, article_id: str, event_id: str) -> Cluster | None:
    """The stored cluster of one event, or None when there is no such event."""
    return stored.cluster_of(store, article_id, event_id)


def view(store: Store, cluster: Cluster) -> ClusterView:
    """The cluster with each reporting article once (its first event of the cluster: title, source, date,
    evidence), earliest article first."""
    pairs: dict[str, list[str]] = {}
    for article_id, event_id in cluster.member_pairs():
        pairs.setdefault(article_id, []).append(event_id)
    docs = {d.id: d for d in store.documents(ids=set(pairs))}
    members: list[Report] = []
    for article_id, event_ids in pairs.items():
        doc = docs.get(article_id)
        evs = [e for e in doc.events if e.id in set(event_ids)] if doc else []
        ev = evs[0] if evs else None
        members.append(Report(
            article_id=article_id, event_id=ev.id if ev else sorted(event_ids)[0],
            title=doc.title if doc else None, source=doc.source if doc else None,
            url=safe_url(doc.url) if doc else None, published=doc.published if doc else None,
            evidence=ev.evidence.text if ev else "",
        ))
    members.sort(key=lambda r: (r.published or "9999", r.article_id, r.event_id))
    return ClusterView(
        id=cluster.id, type=cluster.type, modality=cluster.modality, reports=cluster.reports,
        first_day=cluster.first_day, last_day=cluster.last_day, place_name=cluster.place_name,
        lat=cluster.lat, lon=cluster.lon, actors=list(cluster.actors), members=members,
    )


def page(store: Store, *, min_reports: int = 2, limit: int = 50, offset: int = 0) -> ClusterPage:
    """Stored clusters reported by at least ``min_reports`` articles, most reported first, a page at a time
    (events not clustered yet are clustered first, incrementally)."""
    stored.update(store)
    total = stored.count(store, min_reports=min_reports)
    shown = stored.stored_clusters(store, min_reports=min_reports, limit=limit, offset=offset)
    return ClusterPage(total=int(total), offset=offset, limit=limit, clusters=[view(store, c) for c in shown])

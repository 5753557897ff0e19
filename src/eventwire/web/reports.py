"""The same real-world event reported by several articles, for the web API (``/api/clusters``,
``/api/events/{article}/{event}/reports``).

Clusters come from :func:`eventwire.dedup.cluster_events` over every stored document; they are
computed once and reused while the store's row counts stay the same.
"""

from __future__ import annotations

import threading

from pydantic import Field

from ..dedup import Cluster, cluster_events, refs_from_documents
from ..model import Record
from ..store import Store


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


class ClusterIndex:
    """Clusters of the stored events, recomputed when the store's row counts change. Thread-safe."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._version: tuple | None = None
        self._clusters: list[Cluster] = []
        self._of: dict[str, Cluster] = {}

    def clusters(self) -> list[Cluster]:
        """Every cluster, most reported first, then by first day and id."""
        with self._lock:
            version = tuple(sorted(self.store.counts().items()))
            if version != self._version:
                found = cluster_events(refs_from_documents(self.store.documents()))
                found.sort(key=lambda c: (-c.reports, c.first_day or "9999", c.id))
                self._clusters = found
                self._of = {k: c for c in found for k in c.members}
                self._version = version
            return self._clusters

    def of(self, article_id: str, event_id: str) -> Cluster | None:
        """The cluster of one stored event, or None when there is no such event."""
        self.clusters()
        return self._of.get(f"{article_id}:{event_id}")

    def view(self, cluster: Cluster) -> ClusterView:
        """The cluster with each member's article title, source, date and evidence."""
        pairs = cluster.member_pairs()
        docs = {d.id: d for d in self.store.documents(ids={a for a, _ in pairs})}
        members: list[Report] = []
        for article_id, event_id in pairs:
            doc = docs.get(article_id)
            ev = next((e for e in doc.events if e.id == event_id), None) if doc else None
            members.append(Report(
                article_id=article_id, event_id=event_id,
                title=doc.title if doc else None, source=doc.source if doc else None,
                url=doc.url if doc else None, published=doc.published if doc else None,
                evidence=ev.evidence.text if ev else "",
            ))
        members.sort(key=lambda r: (r.published or "9999", r.article_id, r.event_id))
        return ClusterView(
            id=cluster.id, type=cluster.type, modality=cluster.modality, reports=cluster.reports,
            first_day=cluster.first_day, last_day=cluster.last_day, place_name=cluster.place_name,
            lat=cluster.lat, lon=cluster.lon, actors=list(cluster.actors), members=members,
        )

    def page(self, *, min_reports: int = 2, limit: int = 50, offset: int = 0) -> ClusterPage:
        """Clusters reported by at least ``min_reports`` articles, a page at a time."""
        shown = [c for c in self.clusters() if c.reports >= min_reports]
        return ClusterPage(total=len(shown), offset=offset, limit=limit,
                           clusters=[self.view(c) for c in shown[offset: offset + limit]])

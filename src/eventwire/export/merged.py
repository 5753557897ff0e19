"""One record per real-world event: the events of all articles grouped by :mod:`eventwire.dedup`.

ACLED counts events, not reports: when three outlets report the same attack, a merged export writes
it once, from its best-documented report, with every source named. The representative of a cluster
is the member an export can write (``accept``) with the highest confidence, then the most precise
place, then the earliest article. Fatalities follow ACLED's rule for conflicting reports: the most
conservative (lowest) figure any member gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..dedup import Cluster, cluster_events, refs_from_documents
from ..model import Document, Event


@dataclass(frozen=True)
class Group:
    """A cluster as an export sees it: its id, how many articles report it, and what they say."""

    id: str
    reports: int
    members: list[str]  # "article:event" keys
    sources: list[str]  # distinct source names (or URLs) of the reporting articles, earliest first
    fatalities: int | None  # the lowest figure a member reports, None when none gives one


@dataclass(frozen=True)
class Merged:
    doc: Document
    event: Event
    group: Group


def _source(doc: Document) -> str | None:
    return doc.source or doc.url or doc.title


def _rank(doc: Document, event: Event) -> tuple:
    places = {p.id: p for p in doc.places}
    place = places.get(event.place) if event.place else None
    precision = place.precision if place is not None and place.precision is not None else 9
    return (-event.confidence, precision, doc.published or "9999", doc.id, event.id)


def merge(
    docs: Iterable[Document],
    *,
    accept: Callable[[Document, Event], bool] | None = None,
    clusters: list[Cluster] | None = None,
) -> Iterator[Merged]:
    """The representative event of each cluster of ``docs``, in the order of the clusters' first day.

    ``accept`` keeps the members an export can write (an ACLED export: coded, actual events); a cluster
    none of whose members passes is left out. ``clusters`` may be given when computed already.
    """
    docs = list(docs)
    if clusters is None:
        clusters = cluster_events(refs_from_documents(docs))
    by_key = {f"{d.id}:{e.id}": (d, e) for d in docs for e in d.events}
    order = sorted(clusters, key=lambda c: (c.first_day or "9999", c.id))
    for c in order:
        members = [by_key[k] for k in c.members if k in by_key]
        usable = [(d, e) for d, e in members if accept is None or accept(d, e)]
        if not usable:
            continue
        doc, event = min(usable, key=lambda m: _rank(*m))
        reporting = sorted({d.id: d for d, _ in members}.values(), key=lambda d: (d.published or "9999", d.id))
        sources = list(dict.fromkeys(s for d in reporting if (s := _source(d))))
        figures = [e.fatalities for _, e in usable if e.fatalities is not None]
        group = Group(
            id=c.id,
            reports=c.reports,
            members=list(c.members),
            sources=sources,
            fatalities=min(figures) if figures else None,
        )
        yield Merged(doc, event, group)

"""What a store holds, in brief: counts, events by type and modality, and a few events in full."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from .store import EventQuery, Store, StoredEvent


class Summary(BaseModel):
    counts: dict[str, int]
    by_type: dict[str, int] = Field(default_factory=dict)
    by_modality: dict[str, int] = Field(default_factory=dict)
    examples: list[StoredEvent] = Field(default_factory=list)
    real_world_events: int = 0  # events once the same event reported by several articles is merged
    reported_by_several: int = 0  # of those, how many more than one article reports


def summarize(store: Store, *, examples: int = 8) -> Summary:
    """Counts of every table, events by type and modality, the most confident events, and how many
    real-world events the stored events are once deduplicated across articles."""
    from .dedup import cluster_events, refs_from_documents

    events = store.events(EventQuery())
    clusters = cluster_events(refs_from_documents(store.documents()))
    by_type = Counter(e.event.type for e in events)
    by_mod = Counter(e.event.modality for e in events)
    best = sorted(events, key=lambda e: (-e.event.confidence, e.published or "", e.article_id, e.event.id))
    return Summary(
        counts=store.counts(),
        by_type=dict(by_type.most_common()),
        by_modality=dict(by_mod.most_common()),
        examples=best[:examples],
        real_world_events=len(clusters),
        reported_by_several=sum(1 for c in clusters if c.reports > 1),
    )


def describe(e: StoredEvent) -> str:
    """One line for an event: date, type/modality, who → whom, where, evidence."""
    who = ", ".join(a.name for a in e.actors) or "?"
    whom = ", ".join(a.name for a in e.recipients)
    where = e.place.name or e.place.text if e.place else "?"
    date = e.event.date.value or "?"
    flag = "~" if e.event.date.inferred else ""
    arrow = f"{who} → {whom}" if whom else who
    evidence = e.event.evidence.text[:90]
    return f"{flag}{date:<10} {e.event.type:<9} {e.event.modality:<12} {arrow} @ {where}: {evidence!r}"

"""What a store holds, in brief: counts, events by type and modality, and a few events in full."""

from __future__ import annotations

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
    real-world events the stored events are once deduplicated across articles.

    Reads stored counts (``event_counts``, ``clusters``) and an index: the cost does not grow with the
    archive, only with the events not clustered yet (clustered here first, incrementally).
    """
    from .store import browse, clusters

    clusters.update(store)
    st = browse.stats(store, EventQuery())
    best = store.page(EventQuery(), sort="-confidence", limit=examples).items if examples else []
    n, several = clusters.totals(store)
    return Summary(
        counts=store.counts(),
        by_type=st.by_type,
        by_modality=st.by_modality,
        examples=best,
        real_world_events=n,
        reported_by_several=several,
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

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


def summarize(store: Store, *, examples: int = 8) -> Summary:
    """Counts of every table, events by type and modality, and the most confident events."""
    events = store.events(EventQuery())
    by_type = Counter(e.event.type for e in events)
    by_mod = Counter(e.event.modality for e in events)
    best = sorted(events, key=lambda e: (-e.event.confidence, e.published or "", e.article_id, e.event.id))
    return Summary(
        counts=store.counts(),
        by_type=dict(by_type.most_common()),
        by_modality=dict(by_mod.most_common()),
        examples=best[:examples],
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

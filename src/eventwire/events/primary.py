"""The primary event of a document: the one event a coder would code for the report.

Chosen by the system's own ranking, never by comparing with anything outside the record:

1. how certain it is: an actual event first; then an actual event that is only the object of an
   accusation or a denial (another event is ``about`` it); then planned, hypothetical and negated ones;
2. what kind it is: an ACLED-coded event (political violence, demonstrations, strategic
   developments) first, then other material acts, then speech acts (:data:`VERBAL` types:
   agreeing, consulting, demanding, accusing ...);
3. where it is: the earlier evidence (its sentence) first: the lead of a report says what it is about;
4. how sure the extractor is: the higher confidence first; last, the earlier event.

The order of the criteria was chosen on the ``tune`` part of the ACLED and PLOVER gold sets (ranking
violence above other ACLED-coded events, or demoting an event for having a reported speaker, did worse).

``primary_event(doc)`` returns the event's id, or None for a document without events.
"""

from __future__ import annotations

from ..model import Document, Event

#: PLOVER types that are things said rather than done.
VERBAL = frozenset({"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
_MODALITY = {"actual": 0, "planned": 2, "hypothetical": 3, "negated": 4}


def certainty(ev: Event, claimed: set[str]) -> int:
    """0 actual, 1 actual but what an accusation or denial is about, 2 planned, 3 hypothetical, 4 negated."""
    rank = _MODALITY.get(ev.modality, 4)
    return 1 if rank == 0 and ev.id in claimed else rank


def kind(ev: Event) -> int:
    """0 ACLED-coded event, 1 other material act, 2 speech act."""
    if ev.acled is not None:
        return 0
    return 2 if ev.type in VERBAL else 1


def ranking(doc: Document) -> list[Event]:
    """The document's events, the most codable first (see the module doc)."""
    claimed = {e.about for e in doc.events if e.about}
    order = {e.id: i for i, e in enumerate(doc.events)}
    return sorted(
        doc.events,
        key=lambda e: (certainty(e, claimed), kind(e), e.evidence.start, -e.confidence, order[e.id]),
    )


def primary_event(doc: Document) -> str | None:
    """The id of the document's primary event, or None when it has no events."""
    ranked = ranking(doc)
    return ranked[0].id if ranked else None

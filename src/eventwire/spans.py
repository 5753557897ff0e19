"""Span helpers shared by the stages: overlap tests and lookups by character offsets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from .model import Actor, Document, Place, Quote, TimeExpr


class HasSpan(Protocol):
    start: int
    end: int


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether two half-open spans share at least one character."""
    return a_start < b_end and b_start < a_end


def inside(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether span a lies within span b."""
    return b_start <= a_start and a_end <= b_end


def actor_for_span(doc: Document, start: int, end: int) -> Actor | None:
    """The actor with a mention overlapping [start, end), preferring the longest overlap."""
    best: tuple[int, Actor] | None = None
    for actor in doc.actors:
        for m in actor.mentions:
            if overlaps(m.start, m.end, start, end):
                ov = min(m.end, end) - max(m.start, start)
                if best is None or ov > best[0]:
                    best = (ov, actor)
    return best[1] if best else None


def _first_overlapping(items: Iterable[HasSpan], start: int, end: int) -> HasSpan | None:
    for it in items:
        if overlaps(it.start, it.end, start, end):
            return it
    return None


def place_for_span(doc: Document, start: int, end: int) -> Place | None:
    return _first_overlapping(doc.places, start, end)  # type: ignore[return-value]


def time_for_span(doc: Document, start: int, end: int) -> TimeExpr | None:
    return _first_overlapping(doc.times, start, end)  # type: ignore[return-value]


def quote_containing(doc: Document, start: int, end: int) -> Quote | None:
    """The quote whose content holds the span, if any."""
    for q in doc.quotes:
        if inside(start, end, q.start, q.end):
            return q
    return None

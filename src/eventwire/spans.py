"""Span helpers shared by the stages: overlap tests and lookups by character offsets."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any, Protocol

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


_MENTIONS: list[Any] = [None]  # the last document's mention index: (doc, signature, index), swapped whole


def _mention_index(doc: Document) -> tuple[list[int], list[tuple[int, int, int, Actor]], int]:
    """Mentions sorted by start as (start, end, order, actor), their starts, and the longest mention:
    built once per document (and again when its actors change), so a lookup is a binary search
    instead of a walk over every mention (quadratic over a long article's events)."""
    sig = (id(doc.actors), len(doc.actors), sum(len(a.mentions) for a in doc.actors))
    last = _MENTIONS[0]
    if last is not None and last[0] is doc and last[1] == sig:
        return last[2]
    rows = sorted(
        ((m.start, m.end, n, a) for n, a in enumerate(doc.actors) for m in a.mentions), key=lambda r: (r[0], r[2])
    )
    index = ([r[0] for r in rows], rows, max((r[1] - r[0] for r in rows), default=0))
    _MENTIONS[0] = (doc, sig, index)
    return index


def actor_for_span(doc: Document, start: int, end: int) -> Actor | None:
    """The actor with a mention overlapping [start, end), preferring the longest overlap (then the
    actor listed first)."""
    starts, rows, longest = _mention_index(doc)
    best: tuple[int, int, Actor] | None = None
    for i in range(bisect_left(starts, start - longest), bisect_left(starts, end)):
        m_start, m_end, order, actor = rows[i]
        if overlaps(m_start, m_end, start, end):
            ov = min(m_end, end) - max(m_start, start)
            if best is None or ov > best[0] or (ov == best[0] and order < best[1]):
                best = (ov, order, actor)
    return best[2] if best else None


def _first_overlapping(items: Iterable[HasSpan], start: int, end: int) -> HasSpan | None:
    for it in items:
        if overlaps(it.start, it.end, start, end):
            return it
    return None


def place_for_span(doc: Document, start: int, end: int) -> Place | None:
    return _first_overlapping(doc.places, start, end)  # type: ignore[return-value]


def time_for_span(doc: Document, start: int, end: int) -> TimeExpr | None:
    return _first_overlapping(doc.times, start, end)  # type: ignore[return-value]


_QUOTES: list[Any] = [None]  # the last document's quote index: (doc, signature, index), swapped whole


def quote_containing(doc: Document, start: int, end: int) -> Quote | None:
    """The quote whose content holds the span, if any (the first listed when several do)."""
    sig = (id(doc.quotes), len(doc.quotes))
    last = _QUOTES[0]
    if last is None or last[0] is not doc or last[1] != sig:
        rows = sorted(((q.start, n, q) for n, q in enumerate(doc.quotes)), key=lambda r: (r[0], r[1]))
        longest = max((q.end - q.start for q in doc.quotes), default=0)
        last = (doc, sig, ([r[0] for r in rows], rows, longest))
        _QUOTES[0] = last
    starts, rows, longest = last[2]
    best: tuple[int, Quote] | None = None
    for i in range(bisect_left(starts, end - longest), bisect_left(starts, start + 1)):
        _, n, q = rows[i]
        if inside(start, end, q.start, q.end) and (best is None or n < best[0]):
            best = (n, q)
    return best[1] if best else None

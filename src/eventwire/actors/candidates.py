"""A mention found by one of the linkers, before mentions are grouped into actors.

Internal to :mod:`eventwire.actors`; what leaves the package is :class:`eventwire.model.Actor`.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .dictionary import Entry

#: Ranks when two mentions overlap (after length): dictionary beats pattern beats NER.
RANK = {"dictionary": 3, "pattern": 2, "person": 1, "ner": 0}


@dataclass
class Candidate:
    """One mention and the actor it stands for (``key``: an entry id or a generated key)."""

    start: int  # character offsets into doc.text
    end: int
    text: str
    tok_start: int
    tok_end: int
    source: str  # "dictionary" | "pattern" | "ner"
    entry: Entry | None = None  # the actor's record, None until resolved (bare nouns)
    category: str | None = None  # force-noun category ("forces", "police", "protesters" ...)
    descriptor: str | None = None  # "kurdish", "turkish-backed": may name a dictionary actor
    alternatives: tuple[Entry, ...] = ()  # other entries an ambiguous alias may mean
    person: bool = False
    role: str | None = None
    title: str | None = None
    affiliation: Candidate | None = None
    forms: list[str] = field(default_factory=list)  # extra surface forms ("General McKenzie")

    @property
    def key(self) -> str | None:
        return self.entry.id if self.entry else None

    @property
    def rank(self) -> int:
        return RANK["person"] if self.person else RANK.get(self.source, 0)

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


def select(cands: list[Candidate], taken: list[Candidate] | None = None) -> list[Candidate]:
    """Non-overlapping mentions: longest first, then by rank; ``taken`` ones always stay."""
    kept = list(taken or [])
    # the kept spans by start, to look only at those that can overlap (not at all of them, quadratic)
    spans = sorted((k.start, k.end) for k in kept)
    starts = [a for a, _ in spans]
    longest = max((b - a for a, b in spans), default=0)
    for c in sorted(cands, key=lambda c: (-(c.tok_end - c.tok_start), -c.rank, c.start)):
        lo, hi = bisect_left(starts, c.start - longest), bisect_left(starts, c.end)
        if not any(c.start < spans[i][1] and spans[i][0] < c.end for i in range(lo, hi)):
            kept.append(c)
            i = bisect_left(starts, c.start)
            starts.insert(i, c.start)
            spans.insert(i, (c.start, c.end))
            longest = max(longest, c.end - c.start)
    return sorted(kept, key=lambda c: c.start)

"""A mention found by one of the linkers, before mentions are grouped into actors.

Internal to :mod:`eventwire.actors`; what leaves the package is :class:`eventwire.model.Actor`.
"""

from __future__ import annotations

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
    for c in sorted(cands, key=lambda c: (-(c.tok_end - c.tok_start), -c.rank, c.start)):
        if not any(c.overlaps(k) for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)

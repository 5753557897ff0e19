"""Independent reports: which articles are one report, however many outlets carried it.

Clusters count *reports*, not articles: the same wire story printed by two outlets (near-duplicate
texts, MinHash over word shingles, via ``datasketch``), or two versions of one story (the same URL or
source id), is one report. Articles stay separate records; only the count of independent sources
('reported by N sources') is affected.
"""

from __future__ import annotations

import re
from typing import Any

from ..identity import normalize_text, normalize_url, story_key
from ..model import Document

#: Estimated Jaccard similarity of word 3-shingles above which two texts are one report.
NEAR_DUPLICATE = 0.75
SHINGLE = 3
NUM_PERM = 128
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """Word ``size``-grams of the normalized, case-folded text (the whole text when shorter)."""
    words = _WORD.findall(normalize_text(text).casefold())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8", "surrogatepass")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8", "surrogatepass") for i in range(len(words) - size + 1)}


def _minhash(text: str) -> Any:
    try:
        from datasketch import MinHash
    except ImportError as e:  # pragma: no cover - a declared dependency
        from ..errors import missing_extra

        raise missing_extra("datasketch", "all") from e
    m = MinHash(num_perm=NUM_PERM, seed=1)
    grams = shingles(text)
    if grams:
        m.update_batch(list(grams))
    return m


class ReportGroups:
    """Assigns each document, in the order given, the report it belongs to (the id of the group's first
    article): a stored story key or URL seen before, else a near-duplicate text seen before, else its own."""

    def __init__(self, threshold: float = NEAR_DUPLICATE) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._hashes: dict[str, Any] = {}
        self._group: dict[str, str] = {}  # article id -> report id
        self._story: dict[str, str] = {}  # story key -> report id

    def add(self, doc: Document) -> str:
        if doc.id in self._group:
            return self._group[doc.id]
        story = story_key(url=normalize_url(doc.url), source=doc.source, source_id=doc.source_id)
        report = self._story.get(story) if story else None
        m = _minhash(doc.text)
        if report is None and doc.text.strip():
            best = None
            for other in sorted(self._lsh.query(m)):
                sim = m.jaccard(self._hashes[other])
                if sim >= self.threshold and (best is None or sim > best[0]):
                    best = (sim, other)
            if best:
                report = self._group[best[1]]
        report = report or doc.id
        self._group[doc.id] = report
        if story:
            self._story.setdefault(story, report)
        if doc.text.strip():
            self._hashes[doc.id] = m
            self._lsh.insert(doc.id, m)
        return report

    def report_of(self, article_id: str) -> str:
        return self._group.get(article_id, article_id)

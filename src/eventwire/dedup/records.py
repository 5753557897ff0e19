"""Typed records of deduplication: what the clustering needs of an event, and the clusters it makes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from pydantic import Field

from ..model import Modality, Record, content_id

_NON_WORD = re.compile(r"[^\w]+")
_LEADING = ("the ", "a ", "an ")
#: Last words too generic to stand for an actor on their own ("Forces" of "Syrian Democratic Forces").
GENERIC_WORDS = frozenset(
    "forces force army police government military troops party ministry militants rebels militia militias "
    "president minister state states council committee group groups union front movement authorities "
    "department office agency court people officials".split()
)


@lru_cache(maxsize=65536)
def normalize_name(name: str | None) -> str:
    """A name as compared across articles: accents, case, punctuation and a leading article dropped."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = _NON_WORD.sub(" ", s).strip()
    for art in _LEADING:
        if s.startswith(art):
            s = s[len(art) :]
    return s


class ActorRef(Record):
    """An actor as seen by deduplication: the names it goes by and its global ids.

    Document-local actor ids (``a1``, ``a2`` ...) are not comparable across articles; ``id`` counts only
    when the caller marks it global (``global_id=True``, e.g. an id shared by a whole store).
    """

    id: str | None = None
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    wikidata: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    global_id: bool = False
    generic: bool = False  # a generic actor ("Police Forces", "Protesters" of no country): links events weakly

    def keys(self) -> frozenset[str]:
        """Identity keys: two actors sharing one are the same actor."""
        out: set[str] = set()
        if self.wikidata:
            out.add("wd:" + self.wikidata)
        if self.id and self.global_id:
            out.add("id:" + self.id)
        for n in (self.name, *self.aliases):
            k = normalize_name(n)
            if k:
                out.add("n:" + k)
        return frozenset(out)

    def parts(self) -> frozenset[str]:
        """Shorter names inside this actor's names: runs of two or more words ("Ellen DeGeneres" in
        "comedian Ellen DeGeneres"), and a capitalized last word that is not generic (the surname
        "Cheeks" of "Maurice Cheeks"). An actor whose key is a part of another's is the same actor."""
        return _name_parts((self.name, *self.aliases))


@lru_cache(maxsize=65536)
def _name_parts(names: tuple[str | None, ...]) -> frozenset[str]:
    out: set[str] = set()
    for n in names:
        words = normalize_name(n).split()
        for i in range(len(words)):
            for j in range(i + 2, len(words) + 1):
                out.add("n:" + " ".join(words[i:j]))
        raw = (n or "").split()
        if len(words) > 1 and raw and raw[-1][:1].isupper() and len(words[-1]) >= 3:
            if words[-1] not in GENERIC_WORDS:
                out.add("n:" + words[-1])
    return frozenset(out)


class EventRef(Record):
    """One event of one article, with what deduplication compares.

    ``key`` (``article:event``) identifies the member; cluster ids are a hash of the sorted keys.
    Dates are ``YYYY-MM-DD`` day ranges; ``date_inferred`` is true when the range comes from the
    publication date rather than from the text.
    """

    article: str
    event: str
    type: str
    report: str | None = None  # the independent report the article belongs to (None: the article itself)
    mode: str | None = None
    modality: Modality = "actual"
    actors: list[ActorRef] = Field(default_factory=list)
    recipients: list[ActorRef] = Field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None  # ACLED geo-precision of the place: 1 town, 2 near/part of region, 3 region
    country: str | None = None  # ISO 3166-1 alpha-2 of the place
    geonameid: int | None = None
    place_name: str | None = None
    bbox: list[float] | None = None  # [south, west, north, east]
    place_confidence: float = 1.0  # the geoparser's confidence in the place
    first_day: str | None = None
    last_day: str | None = None
    date_inferred: bool = True
    trigger: str | None = None  # trigger text as found
    about: str | None = None  # key of the event an ACCUSE/REJECT refers to (carried, not compared yet)
    published: str | None = None
    # The story's cast: identity keys of the specific actors and places the whole article names ("n:..." for
    # names, "g:..." for gazetteer ids). Reports of one happening share much of it; see compare.context_share.
    context: list[str] = Field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.article}:{self.event}"

    @property
    def report_key(self) -> str:
        return self.report or self.article


class Cluster(Record):
    """Events of one or more articles judged to be the same real-world event.

    ``id`` is a hash of the sorted member keys: the same members always give the same id.
    ``reports`` counts independent reports: distinct articles, near-duplicate texts and versions of one story
    counted once (:mod:`eventwire.dedup.reports`). Place and dates summarise the members: the most precise
    located member's place, and the span of the members' date ranges.
    """

    id: str
    type: str
    modality: Modality
    members: list[str]  # EventRef keys, sorted
    articles: list[str]  # distinct article ids, sorted
    reports: int  # independent reports among the articles
    first_day: str | None = None
    last_day: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None
    place_name: str | None = None
    actors: list[str] = Field(default_factory=list)  # names, most reported first
    score: float = 0.0  # smallest evidence of the merges that built the cluster (0.0 for a singleton)

    def member_pairs(self) -> list[tuple[str, str]]:
        """``(article id, event id)`` of each member (event ids hold no colon; article ids may)."""
        return [tuple(k.rsplit(":", 1)) for k in self.members]  # type: ignore[misc]


def cluster_id(keys: list[str]) -> str:
    """Deterministic id of a cluster from its member keys (order does not matter)."""
    return "c" + content_id(*sorted(keys))


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A crude stem of a trigger word, so that "attacked", "attacks" and "attack" compare equal."""
    w = normalize_name(word)
    for suf in ("ings", "ing", "ed", "es", "s"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            w = w[: -len(suf)]
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouls":  # "bombed" -> "bomb", "shelled" stays
        w = w[:-1]
    return w


def summary(values: list[Any]) -> list[Any]:
    """Distinct values, most frequent first, ties in first-seen order."""
    counts: dict[Any, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return sorted(counts, key=lambda v: -counts[v])

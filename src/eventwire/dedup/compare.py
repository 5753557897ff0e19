"""Pairwise comparison of events: whether two can be the same event, and how much evidence says so."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError
from ..resources import load_yaml
from .records import ActorRef, EventRef, normalize_name, stem

EARTH_KM = 6371.0088


@dataclass(frozen=True)
class DedupConfig:
    """Thresholds and weights of deduplication (``data/dedup.yaml``; see the comments there)."""

    type_groups: dict[str, str] = field(default_factory=dict)  # type -> group name
    modality_groups: dict[str, str] = field(default_factory=lambda: {"planned": "actual"})  # modality -> group
    radius_km: dict[int | None, float] = field(default_factory=lambda: {1: 15.0, 2: 50.0, 3: 150.0, None: 50.0})
    date_tolerance_days: int = 3
    max_span_days: int = 45
    bucket_days: int = 7
    min_evidence: float = 2.0
    place_veto_confidence: float = 0.0  # places less sure than this support a merge but never forbid one
    min_compatible: float = 1.0  # share of member pairs across two clusters that must be compatible to merge
    weights: dict[str, float] = field(default_factory=dict)
    trigger_forms: dict[str, str] = field(default_factory=dict)  # irregular word form -> base form
    trigger_prefix: int = 5  # triggers sharing this many first letters are the same word (0: off)
    context_min_shared: int = 2  # names two articles must share for their casts to count as shared at all
    story_link: float = 1.1  # cast share that links two articles into one story (>1: no stories)
    story_mean: float = 1.1  # mean cast share over the article pairs of two stories needed to join them
    story_softens: frozenset[str] = frozenset()  # vetoes ("actors", "place", "date") waived within a story

    def group(self, event_type: str) -> str:
        """The blocking group of a type: itself, or the group of compatible types it belongs to."""
        return self.type_groups.get(event_type, event_type)

    def modality_group(self, modality: str) -> str:
        """The group of a modality: modalities of one group may merge (actual and planned by default)."""
        return self.modality_groups.get(modality, modality)

    def weight(self, name: str) -> float:
        return self.weights.get(name, 0.0)

    def radius(self, precision: int | None) -> float:
        return self.radius_km.get(precision, self.radius_km.get(None, 50.0))


def _config_from(data: dict) -> DedupConfig:
    try:
        groups: dict[str, str] = {}
        for g in data.get("compatible_types") or []:
            name = "+".join(sorted(str(t).upper() for t in g))
            for t in g:
                groups[str(t).upper()] = name
        modalities: dict[str, str] = {}
        for g in data.get("compatible_modalities") or []:
            names = sorted(str(m) for m in g)
            for m in names:
                modalities[m] = names[0]
        radius = {(None if k in (None, "null") else int(k)): float(v) for k, v in (data.get("radius_km") or {}).items()}
        return DedupConfig(
            type_groups=groups,
            modality_groups=modalities,
            radius_km=radius or DedupConfig().radius_km,
            date_tolerance_days=int(data.get("date_tolerance_days", 3)),
            max_span_days=int(data.get("max_span_days", 45)),
            bucket_days=max(1, int(data.get("bucket_days", 7))),
            min_evidence=float(data.get("min_evidence", 2.0)),
            min_compatible=float(data.get("min_compatible", 1.0)),
            place_veto_confidence=float(data.get("place_veto_confidence", 0.0)),
            weights={str(k): float(v) for k, v in (data.get("weights") or {}).items()},
            trigger_forms={str(k).lower(): str(v).lower() for k, v in (data.get("trigger_forms") or {}).items()},
            trigger_prefix=int(data.get("trigger_prefix", 5)),
            context_min_shared=int(data.get("context_min_shared", 2)),
            story_link=float(data.get("story_link", 1.1)),
            story_mean=float(data.get("story_mean", 1.1)),
            story_softens=frozenset(str(v) for v in data.get("story_softens") or ()),
        )
    except (TypeError, ValueError, AttributeError) as e:
        raise ConfigError(f"bad dedup.yaml: {e}") from e


@lru_cache(maxsize=8)
def load_config(data_dir: Path | None = None) -> DedupConfig:
    """The deduplication settings from ``dedup.yaml`` (the user's copy in ``data_dir`` first)."""
    return _config_from(load_yaml("dedup.yaml", data_dir) or {})


def trigger_key(text: str | None, cfg: DedupConfig) -> str:
    """The trigger as compared: words normalized, irregular forms mapped to their base ("shot" -> "shoot"),
    suffixes stripped ("attacked" -> "attack"), and a stem listed as a synonym mapped to its head word
    ("murder" -> "kill")."""
    if not text:
        return ""
    forms = cfg.trigger_forms
    return " ".join(forms.get(s, s) for s in (stem(forms.get(w, w)) for w in normalize_name(text).split()))


def same_trigger(a: str, b: str, cfg: DedupConfig) -> bool:
    """The same trigger word: equal keys, or first words sharing ``trigger_prefix`` letters
    ("explosion" and "exploded")."""
    if not a or not b:
        return False
    if a == b:
        return True
    n = cfg.trigger_prefix
    wa, wb = a.split(" ", 1)[0], b.split(" ", 1)[0]
    return n > 0 and len(wa) >= n and len(wb) >= n and wa[:n] == wb[:n]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def _day(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


class _Role:
    """The actors of one role of an event: identity keys and name parts (all actors, and specific ones
    only: a generic actor such as "Police Forces" of no country links events weakly) and countries."""

    __slots__ = ("keys", "parts", "specific", "specific_parts", "countries")

    def __init__(self, actors: list[ActorRef]) -> None:
        self.keys = frozenset().union(*(a.keys() for a in actors))
        self.parts = frozenset().union(*(a.parts() for a in actors))
        self.specific = frozenset().union(*(a.keys() for a in actors if not a.generic))
        self.specific_parts = frozenset().union(*(a.parts() for a in actors if not a.generic))
        self.countries = frozenset(a.country for a in actors if a.country)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def matches(self, other: _Role) -> int:
        """2: a shared specific actor (a shared key, or one side's name inside the other's); 1: a shared
        generic actor only; 0: none."""
        if (
            self.specific & other.specific
            or self.specific & other.specific_parts
            or other.specific & self.specific_parts
        ):
            return 2
        return 1 if self.keys & other.keys or self.keys & other.parts or other.keys & self.parts else 0


class Prepared:
    """An :class:`EventRef` with what comparison needs precomputed (day ordinals, key sets, stem)."""

    __slots__ = (
        "ref",
        "key",
        "group",
        "modality",
        "agents",
        "recipients",
        "lo",
        "hi",
        "trigger",
        "index",
        "context",
        "context_mass",
        "story",
    )

    def __init__(self, ref: EventRef, cfg: DedupConfig, index: int, rarity: dict[str, float] | None = None) -> None:
        self.ref = ref
        self.key = ref.key
        self.index = index
        self.group = cfg.group(ref.type.upper())
        self.modality = cfg.modality_group(ref.modality)
        self.agents = _Role(ref.actors)
        self.recipients = _Role(ref.recipients)
        lo, hi = _day(ref.first_day), _day(ref.last_day or ref.first_day)
        if lo is not None and hi is None:
            hi = lo
        if lo is not None and hi is not None and hi < lo:
            lo, hi = hi, lo
        self.lo, self.hi = lo, hi
        self.trigger = trigger_key(ref.trigger, cfg)
        self.context = {k: (rarity or {}).get(k, 1.0) for k in ref.context}
        self.context_mass = sum(self.context.values())
        self.story: int | None = None  # set by story.assign_stories: articles reporting one happening

    @property
    def dated(self) -> bool:
        return self.lo is not None

    def span(self) -> int:
        return (self.hi - self.lo + 1) if self.lo is not None and self.hi is not None else 0


def _role(a: _Role, b: _Role) -> str:
    """How one role of two events compares: "unknown", "match", "weak" (a generic actor or the same
    country only) or "conflict"."""
    if not a or not b:
        return "unknown"
    level = a.matches(b)
    if level == 2:
        return "match"
    if level == 1 or a.countries & b.countries:
        return "weak"
    return "conflict"


def _known_to_each_other(x: _Role, y: _Role, a: Prepared, b: Prepared) -> bool:
    """Each report also names the other's actor of a role elsewhere (two articles on one story that pick
    different actors for a role, "the Mafia" and its boss): a disagreement on roles, not on the event."""
    if a.ref.article == b.ref.article or not a.context or not b.context:
        return False
    return bool(x.specific & b.context.keys()) and bool(y.specific & a.context.keys())


def _actors(a: Prepared, b: Prepared, cfg: DedupConfig) -> float | None:
    """Evidence from the actors; None when a role is known on both sides and shares nothing.

    Reports often swap roles (active and passive voice, "clashes between"), so an actor found in the
    other role of the other event makes a role conflict compatible and counts once.
    """
    roles = (_role(a.agents, b.agents), _role(a.recipients, b.recipients))
    cross = max(
        a.agents.matches(b.recipients) if a.agents and b.recipients else 0,
        a.recipients.matches(b.agents) if a.recipients and b.agents else 0,
    )
    if "conflict" in roles and not cross:
        if not all(
            _known_to_each_other(x, y, a, b)
            for r, x, y in zip(roles, (a.agents, a.recipients), (b.agents, b.recipients), strict=True)
            if r == "conflict"
        ):
            return None
    total = sum(
        cfg.weight("actor") if r == "match" else cfg.weight("actor_country") if r == "weak" else 0.0 for r in roles
    )
    if cross and not total:
        total = cfg.weight("actor") if cross == 2 else cfg.weight("actor_country")
    return total


def _in_bbox(bbox: list[float] | None, lat: float, lon: float) -> bool:
    if not bbox or len(bbox) != 4:
        return False
    s, w, n, e = bbox
    return s <= lat <= n and (w <= lon <= e if w <= e else (lon >= w or lon <= e))


def _place(a: EventRef, b: EventRef, cfg: DedupConfig) -> float | None:
    """Evidence from the places; None when both are known and too far apart (or in different countries)."""
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        if a.geonameid is not None and a.geonameid == b.geonameid:
            return cfg.weight("place") + cfg.weight("same_place")
        near = haversine_km(a.lat, a.lon, b.lat, b.lon) <= cfg.radius(a.precision) + cfg.radius(b.precision)
        if near or _in_bbox(a.bbox, b.lat, b.lon) or _in_bbox(b.bbox, a.lat, a.lon):
            return cfg.weight("place")
        if min(a.place_confidence, b.place_confidence) < cfg.place_veto_confidence:
            return 0.0
        return None
    if a.country and b.country and a.country.upper() != b.country.upper():
        return None
    return 0.0


def _date(a: Prepared, b: Prepared, cfg: DedupConfig) -> float | None:
    """Evidence from the dates; None when both are known and further apart than the tolerance."""
    if a.lo is None or b.lo is None or a.hi is None or b.hi is None:
        return 0.0
    gap = max(a.lo, b.lo) - min(a.hi, b.hi)  # > 0: days between the ranges
    if gap > cfg.date_tolerance_days:
        return None
    if a.ref.date_inferred or b.ref.date_inferred:
        return cfg.weight("inferred_date")
    if gap <= 0 and max(a.span(), b.span()) <= cfg.date_tolerance_days * 2 + 1:
        return cfg.weight("date")
    return cfg.weight("inferred_date")


def rarity(refs: list[EventRef]) -> dict[str, float]:
    """Weight of each context key: a smoothed inverse document frequency over the articles given, so that
    names every report carries ("United States") count for less than the names of one story."""
    df: dict[str, int] = {}
    seen: set[str] = set()
    for r in refs:
        if r.article in seen:
            continue
        seen.add(r.article)
        for k in r.context:
            df[k] = df.get(k, 0) + 1
    n = len(seen)
    return {k: math.log((n + 1) / v) for k, v in df.items()}


def context_share(a: Prepared, b: Prepared, cfg: DedupConfig) -> float:
    """How much of the smaller of two articles' casts the other shares (weighted by rarity), 0.0 when they
    share fewer than ``context_min_shared`` names or are the same article."""
    if a.ref.article == b.ref.article or not a.context_mass or not b.context_mass:
        return 0.0
    small, big = (a.context, b.context) if len(a.context) <= len(b.context) else (b.context, a.context)
    shared = [w for k, w in small.items() if k in big]
    if len(shared) < cfg.context_min_shared:
        return 0.0
    return sum(shared) / min(a.context_mass, b.context_mass)


def _unsure_dates(a: Prepared, b: Prepared, cfg: DedupConfig) -> bool:
    """One of the dates is inferred or vague (a month, a year): two precise stated dates always count."""
    wide = cfg.date_tolerance_days * 2 + 1
    return a.ref.date_inferred or b.ref.date_inferred or max(a.span(), b.span()) > wide


def compatible_basics(a: Prepared, b: Prepared) -> bool:
    """Type group and modality agree (the cheap checks)."""
    return a.group == b.group and a.modality == b.modality


def evidence(a: Prepared, b: Prepared, cfg: DedupConfig) -> float | None:
    """How much says ``a`` and ``b`` are the same event; None when something says they are not.

    Not the same: two events of one article named by different words, different (incompatible) types,
    modalities of different groups, known actors of a role that share nothing (in either role), known
    places too far apart (unless one is unsure), known dates too far apart.
    """
    if not compatible_basics(a, b):
        return None
    total = 0.0
    if a.ref.article == b.ref.article:
        # The events stage already keeps one record per event of a sentence: two records of one article
        # are the same event only when it is named again with the same word ("attacked" ... "the attack").
        if not same_trigger(a.trigger, b.trigger, cfg):
            return None
        total += cfg.weight("same_article")
    story = a.story is not None and a.story == b.story and a.ref.article != b.ref.article
    for name, part in (
        ("date", _date(a, b, cfg)),
        ("actors", _actors(a, b, cfg)),
        ("place", _place(a.ref, b.ref, cfg)),
    ):
        if part is None:
            if story and name in cfg.story_softens and (name != "date" or _unsure_dates(a, b, cfg)):
                continue
            return None
        total += part
    if same_trigger(a.trigger, b.trigger, cfg):
        total += cfg.weight("trigger")
    if a.ref.mode and a.ref.mode == b.ref.mode:
        total += cfg.weight("mode")
    if story:
        total += cfg.weight("story")
    return total

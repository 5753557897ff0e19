"""Evidence that links a mention's reading to the article's other mentions.

- explicit relations between neighbouring names: "X, Y" / "X in Y" / "X (Y)" (Y contains X) and
  "X, south of Y" (X is near Y), with the bonus a reading gets for fitting one;
- lists ("A, B and C"): the kind of place the other items are read as;
- one sense per article: the reading a name's stated mentions agree on carries to its bare mentions;
- initials: "SA" in an article that names South Africa;
- regions named after their city: the eponymous big city ("New York", "Lagos") and the small region whose
  city stands for it ("Hama").
"""

from __future__ import annotations

import math
import re
from typing import Any

from .gazetteer import Candidate
from .normalize import name_key, names_city
from .recognize import Mention


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def one_sense(keys: list[str], scores: list[dict[int, tuple[float, Candidate]]], stated: list[bool],
               chosen: list[Candidate | None], reasons: list[str], others_cc: dict[str, set[str]]) -> None:
    """One sense per article: a name said several times takes, wherever its own words say nothing, the
    reading that its mentions with a type word or a link to a neighbour agree on, so that one "Paris,
    Texas" or "X state" carries to the bare mentions of the name; not a reading in a country that no other
    name of the article is read in ("the Gulf region" is no reason to read "the Gulf" as a province)."""
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if scores[i]:
            groups.setdefault(key, []).append(i)
    for idx in groups.values():
        said = {c.geonameid for i in idx if stated[i] and (c := chosen[i]) is not None}
        if len(idx) < 2 or len(said) != 1:
            continue
        gid = next(iter(said))
        cc = next(c.cc for i in idx if (c := chosen[i]) is not None and c.geonameid == gid)
        if cc is not None and cc not in others_cc.get(keys[idx[0]], set()):
            continue
        for i in idx:
            if not stated[i] and gid in scores[i] and (c := chosen[i]) is not None and c.geonameid != gid:
                chosen[i] = scores[i][gid][1]
                reasons[i] = "gazetteer; the reading the name's other mentions state"


_LIST_GAP = re.compile(r"\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+")


def list_kinds(mentions: list[Mention], first: list[Candidate | None], text: str) -> dict[int, set[tuple[str, Any]]]:
    """For each mention listed with others ("A, B and C", "A or B"), the kind of place the other items are all
    read as by prior alone, when first-level regions of one country or countries."""
    out: dict[int, set[tuple[str, Any]]] = {}
    i = 0
    while i < len(mentions):
        j = i
        while j + 1 < len(mentions) and _LIST_GAP.fullmatch(text[mentions[j].end : mentions[j + 1].start]):
            j += 1
        gaps = [text[mentions[k].end : mentions[k + 1].start] for k in range(i, j)]
        if j > i and any(re.search(r"\b(?:and|or)\b", g) for g in gaps):
            for k in range(i, j + 1):
                kinds = {(c.fcode, c.cc if c.fcode == "ADM1" else None) for n in range(i, j + 1)
                         if n != k and (c := first[n]) is not None}
                if len(kinds) == 1 and next(iter(kinds))[0] in ("ADM1", "PCLI"):  # all of one kind
                    out[k] = kinds
        i = j + 1
    return out


#: A first-level region at most this wide (its box's longer side) is one place with its namesake city.
_SMALL_REGION_KM = 400.0


def small_namesake_region(cands: list[Candidate], key: str) -> set[str | None]:
    """The countries in which the name is a first-level region small enough that its namesake city stands
    for it in the news ("fighting in Hama"); a larger one ("Quebec") is a place of its own, which the bare
    name means unless the text says otherwise."""
    out: set[str | None] = set()
    for r in cands:
        if r.fcode == "ADM1" and r.kind == "name" and name_key(r.name) == key and r.bbox:
            s, w, n, e = r.bbox
            if max(km(s, w, n, w), km(s, w, s, e), km(n, w, n, e)) <= _SMALL_REGION_KM:
                out.add(r.cc)
    return out


def eponymous_regions(cands: list[Candidate], key: str) -> set[int]:
    """First-level regions named after their big city, which the name means in the news unless the text
    says otherwise: the region is called ``key`` and holds a city of a million people of that name (or
    "``key`` City"): "New York", "Lagos", "Rio de Janeiro"; not "Oklahoma", "Quebec" nor "Washington"."""
    cities = [c for c in cands if c.fclass == "P" and c.kind == "name" and names_city(c.name, key)]
    return {r.geonameid for r in cands
            if r.fcode == "ADM1" and r.kind == "name" and name_key(r.name) == key
            and any(t.cc == r.cc and t.admin1_name and name_key(t.admin1_name) == key
                    and t.population >= 1_000_000 for t in cities)}


_CONTAINED = re.compile(r"\s*,\s*|\s+in\s+(?:the\s+)?|\s*\(\s*")
_NEAR = re.compile(r",?\s+(?:(?:about|some|around)\s+)?(?:[\d.,]+\s*(?:km|kilometres|kilometers|miles|mi)\s+)?"
                   r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+(?:of|from)\s+(?:the\s+)?", re.I)


def find_links(mentions: list[Mention], text: str) -> dict[int, list[tuple[int, str]]]:
    """Explicit relations between neighbouring mentions: "X, Y" / "X in Y" / "X (Y)" (Y contains X) and
    "X, south of Y" (X is near Y). Maps a mention's index to [(other index, "in" | "has" | "near")]."""
    out: dict[int, list[tuple[int, str]]] = {}
    for i in range(len(mentions) - 1):
        a, b = mentions[i], mentions[i + 1]
        if a.kind != "toponym" or b.kind != "toponym":
            continue
        gap = text[a.end : b.start]
        if gap.strip() == "," and _listed_city(mentions, i + 1, text):
            continue  # "stops in Washington, New York and Boston": a list, not Washington in New York state
        if _CONTAINED.fullmatch(gap):
            out.setdefault(i, []).append((i + 1, "in"))
            out.setdefault(i + 1, []).append((i, "has"))
        elif _NEAR.fullmatch(gap):
            out.setdefault(i, []).append((i + 1, "near"))
            out.setdefault(i + 1, []).append((i, "near"))
    return out


_LIST_NEXT = re.compile(r"\s*(?:,\s*)?(?:and|or)\s+|\s*,\s*")


def _listed_city(mentions: list[Mention], i: int, text: str) -> bool:
    """Whether mention ``i`` is a big city (100,000 people under its own name) followed by another place in
    a list ("..., New York and Boston"), so that the comma before it joins list items."""
    b = mentions[i]
    if i + 1 >= len(mentions) or mentions[i + 1].kind != "toponym":
        return False
    if not _LIST_NEXT.fullmatch(text[b.end:mentions[i + 1].start]):
        return False
    key = name_key(b.text)
    return any(c.fclass == "P" and c.kind == "name" and c.population >= 100_000 and names_city(c.name, key)
               for c in b.candidates)


def _contains(outer: Candidate, inner: Candidate) -> bool:
    """Whether ``outer`` (a country, a region, a city) contains ``inner``."""
    if outer.geonameid == inner.geonameid or not outer.cc or outer.cc != inner.cc:
        return False
    if outer.fcode == "PCLI":
        return inner.fcode != "PCLI"
    if outer.fcode == "ADM1":
        return inner.fcode != "ADM1" and bool(inner.admin1_name) and (
            name_key(inner.admin1_name) == name_key(outer.admin1_name or outer.name)
            or (outer.admin1 is not None and inner.admin1 == outer.admin1))
    if outer.fcode == "ADM2":
        return inner.fclass == "P" and bool(inner.admin2_name) and name_key(inner.admin2_name or "") == name_key(
            outer.name)
    if outer.fclass == "P":
        return inner.fclass in ("P", "S", "L") and km(outer.lat, outer.lon, inner.lat, inner.lon) < 40
    return False


def link_bonus(c: Candidate, i: int, mentions: list[Mention], links: dict[int, list[tuple[int, str]]]) -> float:
    """A strong bonus for a reading that fits an explicit relation with a neighbouring mention."""
    for j, rel in links.get(i, ()):
        other = mentions[j].candidates
        if rel == "in" and any(_contains(d, c) for d in other):
            return 5.0
        if rel == "has" and any(_contains(c, d) for d in other):
            return 3.0
        if rel == "near" and any(km(c.lat, c.lon, d.lat, d.lon) < 150 for d in other if d.geonameid != c.geonameid):
            return 2.0
    return 0.0


def by_initials(mentions: list[Mention], first: list[Candidate | None], chosen: list[Candidate | None],
                reasons: list[str]) -> None:
    """An upper-case name of two to four letters that spells the initials of a country or first-level region
    the article names in full ("SA" beside "South Africa", "WA" beside "Western Australia") is that place."""
    full: dict[str, Candidate] = {}
    for m, c in zip(mentions, first, strict=True):
        words = re.findall(r"[A-Za-z]+", m.text)
        if c is not None and c.fcode in ("PCLI", "ADM1") and m.kind == "toponym" and len(words) >= 2:
            full.setdefault("".join(w[0].upper() for w in words), c)
    for i, m in enumerate(mentions):
        code = m.text.replace(".", "")
        c = full.get(code) if m.kind == "toponym" and code.isupper() and 2 <= len(code) <= 4 else None
        if c is not None and ((d := chosen[i]) is None or d.geonameid != c.geonameid):
            chosen[i] = c
            reasons[i] = f"gazetteer; the initials of {c.name}, named in the article"

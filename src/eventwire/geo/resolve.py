"""Toponym resolution in context, and region phrases.

Each mention's candidates are scored by population and feature-class priors, the article's country
focus (a name's own repeated mentions do not vote for it), the admin hierarchy (a town whose region
or country is named nearby), explicit links between neighbouring names ("Paris, Missouri", "X in Y",
"Edmonton, south of Cairns"), type words around the name ("X province", "the city of X") and
closeness to the other places of the article. A name with no candidate is kept as a place with
``resolution="no-match: <reason>"``; it never affects the others (with context placement, an
unknown "University of X" is placed at X, else at the article's local context). Region phrases
("eastern Syria", "the outskirts of X", "between X and Y") become places of their own with ACLED
precision 2 or 3.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Place
from ..resources import load_yaml
from .evidence import (
    by_initials,
    eponymous_regions,
    find_links,
    km,
    link_bonus,
    list_kinds,
    one_sense,
    small_namesake_region,
)
from .gazetteer import Candidate, Gazetteer
from .normalize import loose_key, name_key
from .recognize import Mention, base_name

_FCODE_PRIOR = {
    "PCLI": 5.0, "CONT": 4.0, "ADM1": 1.0, "PPLC": 2.0, "RGN": 2.5, "STM": 2.5, "SEA": 2.5, "GULF": 2.0, "OCN": 3.0,
    "VAL": 2.0, "DSRT": 2.0, "MTS": 2.0, "PEN": 2.0, "PLAT": 2.0, "STRT": 2.0, "CNL": 2.0, "ISL": 1.5, "PLN": 1.5,
    "ADM2": 0.3,
}


@dataclass(frozen=True)
class RegionRules:
    directions: dict[str, tuple[float, float]]
    type_after: dict[str, tuple[str, tuple[str, ...]]]
    type_before: dict[str, tuple[str, tuple[str, ...]]]
    near_re: re.Pattern[str]
    bank_re: re.Pattern[str]
    dir_re: re.Pattern[str]


@lru_cache(maxsize=4)
def region_rules(data_dir: Path | None = None) -> RegionRules:
    """The region-phrase rules of ``data/regions.yaml``."""
    d = load_yaml("regions.yaml", data_dir)
    dirs = {k: (float(v[0]), float(v[1])) for k, v in d["directions"].items()}
    words = sorted(dirs, key=len, reverse=True)
    dir_alt = "|".join(
        re.escape(w).replace("east", "-?east").replace("west", "-?west")
        if w.startswith(("north", "south")) and len(w) > 5 else re.escape(w)
        for w in words
    )
    near = "|".join(re.escape(p) for p in sorted(d["near_before"], key=len, reverse=True))
    bank = "|".join(re.escape(p) for p in sorted(d["bank_before"], key=len, reverse=True))
    return RegionRules(
        directions=dirs,
        type_after={k: (v[0], tuple(v[1])) for k, v in d["type_words"].items()},
        type_before={k: (v[0], tuple(v[1])) for k, v in d["type_before"].items()},
        near_re=re.compile(rf"\b(?:{near})\s+(?:the\s+)?$", re.I),
        bank_re=re.compile(rf"\b(?:(?P<dir>{dir_alt})(?:ern)?\s+)?(?:{bank})\s+(?:the\s+)?$", re.I),
        dir_re=re.compile(
            rf"\b(?:the\s+)?(?P<dir>{dir_alt})(?:ern|ward)?(?:\s+parts?\s+of)?\s+(?:the\s+)?$", re.I
        ),
    )


def _prior(c: Candidate, key: str) -> float:
    s = math.log10(c.population + 10)
    s += _FCODE_PRIOR.get(c.fcode, 0.0)
    if c.kind == "name" and name_key(c.name) == key:
        s += 1.2
    if c.match == "loose":
        s -= 0.5
    elif c.match == "skeleton":
        s -= 1.5
    return s


def _key(m: Mention) -> str:
    """The name a mention's candidates are measured against: the whole span when some place is called so
    ("Garden City"), else the span without its type word ("Enugu State" -> "Enugu")."""
    key = name_key(m.text)
    if any(name_key(c.name) == key for c in m.candidates):
        return key
    return name_key(base_name(m.text))


def _similar(a: str, b: str) -> bool:
    """Whether two spellings are close enough for a skeleton match to be trusted."""
    from difflib import SequenceMatcher

    ka, kb = loose_key(a), loose_key(b)
    return bool(ka) and bool(kb) and ka[0] == kb[0] and SequenceMatcher(None, ka, kb).ratio() >= 0.7


_LISTED_TYPE = re.compile(r"(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:[A-Z][\w'\u2019-]*\s*){1,3})*"
                          r"\s+([a-z]+(?:ies|s))\b")


def _type_hint(text: str, m: Mention, rules: RegionRules) -> tuple[str, tuple[str, ...]] | None:
    last = m.text.split()[-1].lower() if " " in m.text.strip() else ""
    if last in rules.type_after and base_name(m.text) != m.text:  # "Karak district", "Orange County"
        return rules.type_after[last]
    after = text[m.end : m.end + 20].lower()
    w = re.match(r"\s+([a-z]+)", after)
    if w and w.group(1) in rules.type_after:
        return rules.type_after[w.group(1)]
    # A plural type word after the name, or after the names listed with it: "Helmand and Kandahar provinces".
    w = _LISTED_TYPE.match(text, m.end)
    if w:
        word = w.group(1).lower()
        word = word[:-3] + "y" if word.endswith("ies") else word[:-1]
        if word in rules.type_after:
            return rules.type_after[word]
    before = text[max(0, m.start - 25) : m.start].lower()
    for phrase, hint in rules.type_before.items():
        if phrase in before and re.search(rf"\b{re.escape(phrase)}\s+(?:the\s+)?$", before):
            return hint
    return None


def resolve(mentions: list[Mention], text: str, gaz: Gazetteer, *, data_dir: Path | None = None,
            context_places: bool = False) -> list[Place]:
    """Places for the mentions (one per mention, same order) plus region-phrase places.

    With ``context_places`` a name the gazetteer lacks takes the point of the article's local
    context (see :func:`_place_by_context`); otherwise it stays unresolved (lat/lon None).
    """
    rules = region_rules(data_dir)
    keys = [_key(m) for m in mentions]
    # Pass 1: the article's focus, from each mention's best candidate by prior alone.
    focus: Counter[str] = Counter()
    named_admin1: dict[tuple[str | None, str], set[str]] = {}  # -> the keys of the names that name it
    towns_in: dict[tuple[str | None, str], set[str]] = {}  # a first-level region -> the keys of its towns named
    first: list[Candidate | None] = []
    own: list[tuple[str | None, float]] = []  # each mention's own vote, left out when it is resolved
    for m, key in zip(mentions, keys, strict=True):
        best = max(m.candidates, key=lambda c: _prior(c, key)) if m.candidates else None
        first.append(best)
        if best is None:
            own.append((None, 0.0))
            continue
        weight = 2.0 if best.fcode in ("PCLI", "ADM1") or m.kind == "demonym" else 1.0
        if len(m.candidates) == 1:
            weight *= 1.5
        own.append((best.cc, weight))
        if best.cc:
            focus[best.cc] += weight
        if best.fcode == "ADM1":
            named_admin1.setdefault((best.cc, name_key(best.name)), set()).add(key)
        elif best.fclass == "P" and best.admin1_name:
            towns_in.setdefault((best.cc, name_key(best.admin1_name)), set()).add(key)
    total = sum(focus.values()) or 1.0
    top_cc = focus.most_common(1)[0][0] if focus else None
    # (each reading once: a name said a thousand times is one anchor, not a thousand to measure from)
    anchors = list({(c.geonameid, c.lat, c.lon): c for c in first
                    if c is not None and c.fcode not in ("PCLI", "CONT") and c.fclass != "H"}.values())
    # A name's repeated mentions do not vote for themselves: "London" said five times in an article
    # about Ontario must not outvote "Canada" for its own reading.
    same_name: dict[str, Counter[str]] = {}
    for key, (cc, w) in zip(keys, own, strict=True):
        if cc:
            same_name.setdefault(key, Counter())[cc] += w
    links = find_links(mentions, text)
    kinds = list_kinds(mentions, first, text)
    # Each other name's two most prominent readings: two towns a few kilometres apart are read together
    # ("Edmonton" and "Enfield" in north London) even when neither is its name's most prominent reading.
    tops_by: dict[tuple[Any, ...], tuple[str, list[Candidate]]] = {}
    for m, key in zip(mentions, keys, strict=True):
        two = [c for c in sorted(m.candidates, key=lambda c: -_prior(c, key)) if c.fclass in ("P", "S")][:2]
        tops_by.setdefault((key, *((c.geonameid, c.lat, c.lon) for c in two)), (key, two))
    tops = list(tops_by.values())  # each name's readings once, however often it is said

    chosen: list[Candidate | None] = []
    reasons: list[str] = []
    scores: list[dict[int, tuple[float, Candidate]]] = []  # each mention's score per reading
    stated: list[bool] = []  # whether a mention's reading rests on its own words (a type word, a link)
    for i, (m, key) in enumerate(zip(mentions, keys, strict=True)):
        cands = list(m.candidates)
        reason = "gazetteer"
        own_votes = same_name.get(key, Counter())
        others = total - sum(own_votes.values()) or 1.0
        if not cands and m.kind == "toponym" and focus:
            cands = [c for c in gaz.by_skeleton(m.text) if c.cc in focus and _similar(m.text, c.name)]
            reason = "skeleton match within the article's countries"
        scores.append({})
        stated.append(False)
        if not cands:
            chosen.append(None)
            reasons.append("no-match: name not in gazetteer")
            continue
        hint = _type_hint(text, m, rules)
        # A place called by its own name beats one for which the name is only an alternate
        # (Salisbury, England over Harare's colonial name).
        has_primary = any(c.kind == "name" and name_key(c.name) == key for c in cands)
        big_town = any(c.fclass == "P" and c.population >= 100_000 and c.kind == "name" for c in cands)
        eponymous = eponymous_regions(cands, key)
        small_region = small_namesake_region(cands, key)
        best, best_s, second_s = None, -1e9, -1e9
        for c in cands:
            s = _prior(c, key)
            if has_primary and c.kind == "name" and name_key(c.name) != key and c.fcode not in ("PCLI", "CONT"):
                s -= 1.5
            if c.cc:
                share = (focus.get(c.cc, 0.0) - own_votes.get(c.cc, 0.0)) / others
                s += 2.0 * share
                if c.cc == top_cc:
                    s += 0.5
                    if c.fcode == "ADM1" and share >= 0.5 and not big_town:
                        s += 2.0  # a region of the country the article is about ("Georgia" in a US story)
            link = link_bonus(c, i, mentions, links)
            s += link
            if (c.fcode, c.cc if c.fcode == "ADM1" else None) in kinds.get(i, ()):
                s += 1.5  # listed with regions of its country, or with countries: "Ohio or Washington"
            if c.fclass == "P" and c.cc in small_region and name_key(c.admin1_name or "") == key:
                s += 2.0  # the city of a small region named after it: "Hama", "Idlib"
            # (another name's region: "Quebec" read as the province does not vote for Quebec City)
            if c.admin1_name and named_admin1.get((c.cc, name_key(c.admin1_name)), set()) - {key} \
                    and c.fcode != "ADM1":
                # (less for a small town that shares its name with a city of 100,000 elsewhere in the
                # country: a story that names one state still names the big city of another)
                s += 1.0 if big_town and c.population < 100_000 else 2.0
            if c.fcode == "ADM1" and c.geonameid not in eponymous \
                    and towns_in.get((c.cc, name_key(c.admin1_name or c.name)), set()) - {key}:
                s += 1.0  # a region whose towns the article names ("Montreal ... Quebec")
            if c.geonameid in eponymous and not hint:
                s -= 2.0  # "New York", "Lagos": the big city, unless the text says "state" or "province"
            if hint:
                fclass, fcodes = hint
                if c.fclass == fclass and (not fcodes or c.fcode in fcodes):
                    s += 3.0
                elif fcodes and c.fcode in fcodes:
                    s += 3.0
            if anchors and c.fclass == "P":
                near = min(km(c.lat, c.lon, a.lat, a.lon) for a in anchors if a.geonameid != c.geonameid) \
                    if any(a.geonameid != c.geonameid for a in anchors) else 1e9
                if near < 300:
                    s += 0.7 if near >= 50 else 1.2
                if any(k != key and any(d.geonameid != c.geonameid and km(c.lat, c.lon, d.lat, d.lon) < 30 for d in ds)
                       for k, ds in tops):
                    s += 1.0
            scores[-1][c.geonameid] = (s, c)
            if s > best_s:
                best, best_s, second_s = c, s, best_s
                stated[-1] = link > 0 or hint is not None
            elif s > second_s:
                second_s = s
        chosen.append(best)
        reasons.append(reason)
        if best is not None and second_s > -1e9:
            reasons[-1] = f"{reason}; margin {best_s - second_s:.1f}"

    others_cc = {key: {cc for k, (cc, _) in zip(keys, own, strict=True) if cc and k != key} for key in set(keys)}
    one_sense(keys, scores, stated, chosen, reasons, others_cc)
    by_initials(mentions, first, chosen, reasons)
    places: list[Place] = []
    for i, (m, c, why) in enumerate(zip(mentions, chosen, reasons, strict=True)):
        places.append(_place(f"p{i + 1}", m, c, why, len(m.candidates)))
    if context_places:
        _place_by_context(mentions, places, chosen, gaz, top_cc, text)
    places += _regions(mentions, places, chosen, text, rules, start_id=len(places) + 1)
    return places


_ROAD_NUMBER = re.compile(r"[A-Z]{1,2}-?\d{1,4}")

#: Towns this close to each other are one local context.
_CLUSTER_KM = 50.0

_IN_LINK = re.compile(r"\s*(?:,|in|of|near|outside|at)\s*(?:the\s+)?(?:city\s+of\s+|town\s+of\s+)?", re.I)


def _place_by_context(mentions: list[Mention], places: list[Place], chosen: list[Candidate | None], gaz: Gazetteer,
                      top_cc: str | None, text: str) -> None:
    """Names with no gazetteer entry (a street, a church, a village the packages lack) are placed at the
    article's local context, as ACLED codes an unknown locality: the town of the focus country that the
    article's other towns cluster around (a town said once beside two neighbours beats an isolated misread
    one), else its first-level or second-level region, else the focus country; among equals the nearest
    earlier one. Precision 2 (3 for a country)."""
    towns = [(m.start, c) for m, c in zip(mentions, chosen, strict=True)
             if c is not None and m.kind == "toponym" and c.fclass == "P" and (top_cc is None or c.cc == top_cc)]
    if not towns:
        towns = [(m.start, c) for m, c in zip(mentions, chosen, strict=True)
                 if c is not None and m.kind == "toponym" and c.fcode in ("ADM1", "ADM2")
                 and (top_cc is None or c.cc == top_cc)]
    counts = Counter(c.geonameid for _, c in towns)
    # Each town's support: the mentions of towns within 50 km of it, itself included.
    counts = Counter({gid: sum(counts[d.geonameid] for d in {d.geonameid: d for _, d in towns}.values()
                               if km(c.lat, c.lon, d.lat, d.lon) < _CLUSTER_KM)
                      for gid, c in {c.geonameid: c for _, c in towns}.items()})
    country = gaz.country(top_cc) if top_cc else None
    known = {name_key(m.text): c for m, c in zip(mentions, chosen, strict=True)
             if c is not None and m.kind == "toponym"}
    named = {c.cc for c in chosen if c is not None and c.fcode == "PCLI"}  # the countries the article names
    for k, (m, p) in enumerate(zip(mentions, places, strict=True)):
        # (an unknown acronym is no place; a road's number, "A120" or "M4", is one of the local context)
        if p.lat is not None or m.kind != "toponym" or (m.text.isupper() and len(m.text) <= 5
                                                        and not _ROAD_NUMBER.fullmatch(m.text)):
            continue
        # The place it is said to be in ("X Hospital in Aleppo", "X, Deir ez-Zor"), else the most
        # mentioned town of the focus country (among equals, the nearest earlier one).
        ctx = country
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if nxt is not None and chosen[k + 1] is not None and _IN_LINK.fullmatch(text[m.end : nxt.start]):
            ctx = chosen[k + 1]
        else:
            # The place the name says it is of or in ("Bank of Japan", "Arizona State University"), unless
            # the article's own town lies inside the place it leads with ("Stade de France" in a Paris story).
            inner, of_phrase = _inner_place(m.text, gaz, top_cc, known, named)
            town = max(towns, key=lambda t: (counts[t[1].geonameid], t[0] < m.start, -abs(m.start - t[0])))[1] \
                if towns else None
            if inner is not None and (of_phrase or town is None or not _within(town, inner)):
                ctx = inner
            elif town is not None:
                ctx = town
        if ctx is None:
            continue
        p.lat, p.lon, p.country_code, p.admin1 = ctx.lat, ctx.lon, ctx.cc, ctx.admin1_name
        p.precision = 3 if ctx.fcode in ("PCLI", "ADM1") else 2
        p.confidence = 0.2
        p.name = None
        p.resolution = f"context: {p.resolution}; placed at {ctx.name} (the article's local context)"


# Words that name no place on their own inside a longer name ("Western" is a Sri Lankan province, "Central"
# a region in several countries, "Mount" and "State" are type words).
_NOT_A_PLACE = frozenset("""
north south east west northern southern eastern western central northeast northwest southeast southwest
northeastern northwestern southeastern southwestern upper lower middle inner outer greater great new old
the national federal royal united state states city town county province district region university
college school hospital court house street road avenue park mount lake river valley island bay port fort
saint st san santa general grand high first international
""".split())

# Last words of names that are named after a place without being in it: streets ("Hampton Avenue"), and
# features that lie apart from their namesake ("Niger Delta"), and units named like another place
# ("Washington Township", "Plymouth Co.").
_NAMED_AFTER = frozenset("""
avenue ave street st road rd drive dr lane ln boulevard blvd way terrace crescent close highway hwy bend
delta basin gulf coast township county co parish borough
""".split())


def _within(town: Candidate, area: Candidate) -> bool:
    """Whether a town lies in a country, continent or first-level region (by codes, else by box)."""
    if area.fcode == "PCLI":
        return town.cc == area.cc
    if area.fcode == "ADM1":
        return town.cc == area.cc and bool(town.admin1_name) and name_key(town.admin1_name) == name_key(area.name)
    if area.bbox:
        s, w, n, e = area.bbox
        return s <= town.lat <= n and w <= town.lon <= e
    return False


_OF_PLACE = re.compile(r"\bof\s+(?:the\s+)?([A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2})$")


def _inner_place(name: str, gaz: Gazetteer, top_cc: str | None, known: dict[str, Candidate] | None = None,
                 named: set[str | None] | None = None) -> tuple[Candidate | None, bool]:
    """The place an unknown name says it is of or in: "University of California", "Bank of Japan" (the
    "of" phrase, returned with True), then the longest run of its capitalised words that names a place:
    one the article already resolved ("Robinson College Cambridge" beside "Cambridge"), else a country,
    continent, region or big town ("Arizona State University", "Sokoto State", "Nazi Germany", "US
    Federal Reserve"), of the focus country, or a first-level region of a country the article names
    (``named``). Direction and type words alone never count ("Western", "State")."""
    known = known or {}
    m = _OF_PLACE.search(name)
    if m is not None:
        found = _big_places(m.group(1).rstrip("."), name, gaz)
        if found:
            key = name_key(m.group(1))
            return max(found, key=lambda c: (c.cc == top_cc, _prior(c, key))), True
    words = [w for w in re.split(r"[\s\-\u2013]+", name) if w]  # "Mogadishu-Hodan": hyphens join names too
    if len(words) < 2 or words[-1].lower().strip(".") in _NAMED_AFTER:
        return None, False
    for n in range(len(words) - 1, 0, -1):
        for i in range(len(words) - n + 1):
            run = words[i : i + n]
            if not all(w[:1].isupper() for w in run):
                continue
            span = " ".join(run).strip(".,'\u2019")
            key = name_key(span)
            if not key or all(w.lower().strip(".") in _NOT_A_PLACE for w in run):
                continue
            if key in known:
                return known[key], False
            # A place name leads the name, or follows only direction words ("Western US"); further in, it is
            # a person's or a thing's name ("Rogers Centre", "Marjory Stoneman Douglas High School") unless it
            # is a country ("Nazi Germany").
            leads = all(w.lower().strip(".") in _NOT_A_PLACE for w in words[:i])
            found = [c for c in _big_places(span, name, gaz)
                     if c.fcode in ("PCLI", "CONT") or (leads and (top_cc is None or c.cc == top_cc
                                                                 or (c.fcode == "ADM1" and c.cc in (named or ()))))]
            if found:
                return max(found, key=lambda c: (c.cc == top_cc, _prior(c, key))), False
    return None, False


def _big_places(span: str, whole: str, gaz: Gazetteer) -> list[Candidate]:
    key = name_key(span)
    found = [c for c in gaz.lookup(span, False) if c.kind == "name" and name_key(c.name) in (key, name_key(whole))
             or (c.kind == "name" and c.fcode in ("PCLI", "CONT"))]
    return [c for c in found if c.fcode in ("PCLI", "CONT", "RGN", "ADM1") or c.population >= 100_000]


def _precision(c: Candidate) -> int:
    if c.fclass == "P" or c.fclass == "S":
        return 1
    if c.fcode in ("ADM2", "ADM3", "ISL", "CNL", "STRT"):
        return 2
    return 3


def _place(pid: str, m: Mention, c: Candidate | None, why: str, n_cands: int) -> Place:
    kind = "demonym" if m.kind == "demonym" else ("feature" if c is not None and c.fclass in ("H", "T") else "toponym")
    if c is None:
        return Place(id=pid, text=m.text, start=m.start, end=m.end, kind=kind, resolution=why, confidence=0.0)
    conf = 0.9 if n_cands == 1 else 0.7
    if "skeleton" in why:
        conf = 0.4
    return Place(
        id=pid, text=m.text, start=m.start, end=m.end, name=c.name, geonameid=c.public_id, lat=c.lat, lon=c.lon,
        feature_code=c.fcode, country_code=c.cc, admin1=c.admin1_name, precision=_precision(c), confidence=conf,
        kind=kind, bbox=list(c.bbox) if c.bbox else None, resolution=why,
    )


def _regions(mentions: list[Mention], places: list[Place], chosen: list[Candidate | None], text: str,
             rules: RegionRules, *, start_id: int) -> list[Place]:
    """Places for region phrases around resolved toponyms."""
    out: list[Place] = []
    for m, p, c in zip(mentions, places, chosen, strict=True):
        if c is None or m.kind != "toponym":
            continue
        before = text[max(0, m.start - 40) : m.start]
        region: Place | None = None
        bank = rules.bank_re.search(before) if c.fclass in ("H", "T") else None
        near = rules.near_re.search(before)
        direc = rules.dir_re.search(before)
        if bank:
            start = m.start - (len(before) - bank.start())
            lat, lon, box = _bank(c, bank.group("dir"), rules)
            region = _region_place(p, start, m.end, text, lat, lon, box, 3, "side of a feature")
        elif near:
            start = m.start - (len(before) - near.start())
            region = _region_place(p, start, m.end, text, c.lat, c.lon, None, 2, "near a place")
        elif direc and c.bbox and c.fclass != "P":
            start = m.start - (len(before) - direc.start())
            lat, lon, box = _directional(c, direc.group("dir"), rules)
            region = _region_place(p, start, m.end, text, lat, lon, box, 3, "part of a region")
        if region is not None:
            region.id = f"p{start_id + len(out)}"
            out.append(region)
    # "between X and Y": the midpoint, precision 2.
    for i in range(len(mentions) - 1):
        a, b = chosen[i], chosen[i + 1]
        if a is None or b is None or a.fclass != "P" or b.fclass != "P":
            continue
        mid = text[mentions[i].end : mentions[i + 1].start]
        before = text[max(0, mentions[i].start - 9) : mentions[i].start].lower()
        if re.fullmatch(r"\s+and\s+(?:the\s+)?", mid) and before.rstrip().endswith("between"):
            start = mentions[i].start - (len(before) - before.rfind("between"))
            lat, lon = (a.lat + b.lat) / 2, (a.lon + b.lon) / 2
            box = [min(a.lat, b.lat), min(a.lon, b.lon), max(a.lat, b.lat), max(a.lon, b.lon)]
            reg = _region_place(places[i], start, mentions[i + 1].end, text, lat, lon, tuple(box), 2,
                                "between two places")
            reg.id = f"p{start_id + len(out)}"
            reg.name = f"between {a.name} and {b.name}"
            out.append(reg)
    return out


def _bank(c: Candidate, word: str | None, rules: RegionRules) -> tuple[float, float, tuple[float, ...] | None]:
    """A side of a river or valley: its point moved a little (about 15 km) to that side."""
    if not word:
        return c.lat, c.lon, c.bbox
    fy, fx = rules.directions.get(word.lower().replace("-", ""), (0.5, 0.5))
    return c.lat + (fy - 0.5) * 0.3, c.lon + (fx - 0.5) * 0.3, None


def _directional(c: Candidate, word: str, rules: RegionRules) -> tuple[float, float, tuple[float, ...] | None]:
    word = word.lower().replace("-", "")
    fy, fx = rules.directions.get(word, (0.5, 0.5))
    if not c.bbox:
        return c.lat, c.lon, None
    s, w, n, e = c.bbox
    lat = s + fy * (n - s)
    lon = w + fx * (e - w)
    hy, hx = (n - s) / 4, (e - w) / 4
    return lat, lon, (lat - hy, lon - hx, lat + hy, lon + hx)


def _region_place(p: Place, start: int, end: int, text: str, lat: float, lon: float, box: Any, precision: int,
                  why: str) -> Place:
    return Place(
        id="", text=text[start:end], start=start, end=end, name=f"{text[start:p.start].strip()} {p.name}".strip(),
        geonameid=None, lat=round(lat, 5), lon=round(lon, 5), feature_code=p.feature_code,
        country_code=p.country_code, admin1=p.admin1, precision=precision, confidence=p.confidence * 0.9,
        kind="region", bbox=[round(x, 4) for x in box] if box else None, resolution=f"region phrase: {why} ({p.id})",
    )

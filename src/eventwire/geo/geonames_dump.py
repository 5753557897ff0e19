"""Import GeoNames dump files into a gazetteer: ``eventwire gazetteer import FILE...``.

Formats (recognized by file name, plain or zipped):

- places: ``allCountries.txt``, ``cities500.txt``, ``cities5000.zip``, ``SY.txt`` ... (19 tab-separated
  columns: the id, the names (plain, ASCII, alternates), coordinates, feature class and code, the
  country codes, admin1..4, population, ...); a place already in the gazetteer is replaced by the dump's row;
- ``admin1CodesASCII.txt`` / ``admin2Codes.txt``: admin region names for towns' codes;
- ``countryInfo.txt``: country names and GeoNames ids;
- ``alternateNames.txt`` / ``alternateNamesV2.txt``: extra names of places already present.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError
from . import gazetteer
from .normalize import is_latin, loose_key, name_key, skeleton
from .sources import GazRow

#: Alternate-name "languages" that are codes or links, not names.
_SKIP_LANGS = frozenset({"link", "post", "iata", "icao", "faac", "fr_1793", "wkdt", "unlc", "tcid", "phon", "piny"})


@contextmanager
def _lines(path: Path) -> Iterator[Iterator[str]]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
            if not names:
                raise InputError(f"{path}: no .txt file inside")
            with z.open(names[0]) as f:
                yield (line.rstrip("\n") for line in io.TextIOWrapper(f, encoding="utf-8"))
    else:
        with path.open(encoding="utf-8") as f:
            yield (line.rstrip("\n") for line in f)


def kind_of(path: Path) -> str:
    """Which GeoNames format a file holds, from its name."""
    n = path.name.lower()
    if n.startswith("admin1codes"):
        return "admin1"
    if n.startswith("admin2codes"):
        return "admin2"
    if n.startswith("countryinfo"):
        return "countries"
    if n.startswith("alternatenames"):
        return "altnames"
    if n.endswith((".txt", ".zip")):
        return "places"
    raise InputError(
        f"{path}: not a GeoNames dump file (allCountries/cities500/admin codes/countryInfo/alternateNames)"
    )


def read_places(path: Path) -> Iterator[GazRow]:
    """Rows of a GeoNames places dump."""
    with _lines(path) as lines:
        for i, line in enumerate(lines):
            if not line or line.startswith("#"):
                continue
            c = line.split("\t")
            if len(c) < 15:
                raise InputError(f"{path}:{i + 1}: expected 19 tab-separated columns, got {len(c)}")
            try:
                gid, lat, lon, pop = int(c[0]), float(c[4]), float(c[5]), int(c[14] or 0)
            except ValueError as e:
                raise InputError(f"{path}:{i + 1}: {e}") from e
            names = [c[1], c[2], *(a for a in c[3].split(",") if a)]
            yield GazRow(geonameid=gid, name=c[1], lat=lat, lon=lon, fclass=c[6], fcode=c[7], cc=c[8] or None,
                         admin1=c[10] or None, population=pop, names=names, source=path.name)


def import_files(files: list[str | Path], path: str | Path | None = None) -> dict[str, int]:
    """Add GeoNames dump files to the gazetteer at ``path`` (default: the configured one, built if missing)."""
    target = Path(path) if path else gazetteer.ensure().path
    if not target.exists():
        gazetteer.build(target)
    counts: dict[str, int] = {}
    for f in files:
        p = Path(f)
        if not p.exists():
            raise InputError(f"{p}: no such file")
        kind = kind_of(p)
        if kind == "places":
            n = gazetteer.add_rows(target, read_places(p), replace=True)
            _drop_synthetic_duplicates(target)
        else:
            con = sqlite3.connect(target)
            try:
                n = {"admin1": _admin_codes, "admin2": _admin_codes, "countries": _countries,
                     "altnames": _altnames}[kind](con, p, kind)
                con.commit()
            finally:
                con.close()
        counts[p.name] = n
    gazetteer._open.cache_clear()
    return counts


def _admin_codes(con: sqlite3.Connection, path: Path, kind: str) -> int:
    n = 0
    with _lines(path) as lines:
        for line in lines:
            c = line.split("\t")
            if len(c) < 4 or "." not in c[0]:
                continue
            parts = c[0].split(".")
            name = c[1]
            gid = int(c[3]) if c[3].strip().isdigit() else None
            if kind == "admin1":
                con.execute("UPDATE places SET admin1_name=? WHERE cc=? AND admin1=?", (name, parts[0], parts[1]))
                if gid is not None:
                    con.execute("UPDATE places SET admin1=?, admin1_name=? WHERE geonameid=?", (parts[1], name, gid))
            elif gid is not None:
                con.execute("UPDATE places SET admin2_name=? WHERE geonameid=?", (name, gid))
            n += 1
    return n


def _countries(con: sqlite3.Connection, path: Path, kind: str) -> int:
    n = 0
    with _lines(path) as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            c = line.split("\t")
            if len(c) < 17 or not c[16].strip().isdigit():
                continue
            gid = int(c[16])
            if con.execute("SELECT 1 FROM places WHERE geonameid=?", (gid,)).fetchone() is None:
                continue
            _add_name(con, gid, c[4])
            n += 1
    return n


def _altnames(con: sqlite3.Connection, path: Path, kind: str) -> int:
    n = 0
    known: set[int] = {r[0] for r in con.execute("SELECT geonameid FROM places")}
    with _lines(path) as lines:
        for line in lines:
            c = line.split("\t")
            if len(c) < 4 or not c[1].isdigit():
                continue
            gid = int(c[1])
            if gid not in known or c[2] in _SKIP_LANGS or not is_latin(c[3]):
                continue
            n += _add_name(con, gid, c[3])
    return n


def _add_name(con: sqlite3.Connection, gid: int, name: str) -> int:
    key = name_key(name)
    if not key or con.execute("SELECT 1 FROM names WHERE key=? AND geonameid=?", (key, gid)).fetchone():
        return 0
    con.execute("INSERT INTO names VALUES (?,?,?,?,?,0)", (key, loose_key(name), skeleton(name), gid, "name"))
    return 1


def _drop_synthetic_duplicates(path: Path) -> None:
    """Derived admin regions that a real GeoNames ADM1/ADM2 row now covers are removed."""
    con = sqlite3.connect(path)
    try:
        con.execute(
            "DELETE FROM places WHERE geonameid < 0 AND fcode IN ('ADM1','ADM2') AND EXISTS ("
            " SELECT 1 FROM places r WHERE r.geonameid > 0 AND r.fcode = places.fcode AND r.cc = places.cc"
            " AND lower(r.name) = lower(places.name))"
        )
        con.execute("DELETE FROM names WHERE geonameid < 0 AND geonameid NOT IN (SELECT geonameid FROM places)")
        con.commit()
    finally:
        con.close()

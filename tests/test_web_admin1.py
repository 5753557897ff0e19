"""The map's admin-1 lines: scripts/admin1.js on a made-up map, and the file ``make setup`` built from
Natural Earth (static/vendor/admin1/admin1-lines.json). Outside CI a missing Node.js, node_modules or
vendor folder skips these tests; with ``CI=true`` it fails them."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import ROOT

SCRIPT = ROOT / "scripts" / "admin1.js"
BUILT = ROOT / "src" / "eventwire" / "web" / "static" / "vendor" / "admin1" / "admin1-lines.json"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: run make setup first)")
    pytest.skip(reason)


def lines_of(topo: dict) -> list[list[tuple[float, float]]]:
    """The admin1 object's lines as [lon, lat] points (TopoJSON arcs: quantized, delta-encoded)."""
    (kx, ky), (dx, dy) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for qx, qy in arc:
            x, y = x + qx, y + qy
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    obj = topo["objects"]["admin1"]
    assert obj["type"] == "MultiLineString"
    out = []
    for line in obj["arcs"]:
        points: list[tuple[float, float]] = []
        for i in line:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(arc if not points else arc[1:])
        out.append(points)
    return out


def distance(lines, lon: float, lat: float) -> float:
    """Degrees from (lon, lat) to the nearest segment of the lines (flat, fine for a test)."""
    best = math.inf
    for line in lines:
        for (x1, y1), (x2, y2) in pairwise(line):
            vx, vy = x2 - x1, y2 - y1
            t = 0.0 if vx == vy == 0 else max(0.0, min(1.0, ((lon - x1) * vx + (lat - y1) * vy) / (vx * vx + vy * vy)))
            best = min(best, math.hypot(x1 + t * vx - lon, y1 + t * vy - lat))
    return best


def run_script(*args: str) -> subprocess.CompletedProcess:
    if not shutil.which("node"):
        _unavailable("node not found (Debian: apt-get install nodejs npm)")
    if not (ROOT / "node_modules" / "topojson-server").is_dir():
        _unavailable("node_modules/topojson-server missing (make setup runs npm ci)")
    return subprocess.run(["node", str(SCRIPT), *args], capture_output=True, text=True, timeout=120, check=False)


def square(x: float, y: float, country: str) -> dict:
    ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]
    return {"type": "Feature", "properties": {"adm0_a3": country, "name": f"{country} {x}"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_the_script_keeps_only_lines_between_provinces_of_one_country(tmp_path: Path):
    # three squares in a row: two provinces of AAA, then one of BBB
    src = tmp_path / "provinces.json"
    src.write_text(json.dumps({"type": "FeatureCollection",
                               "features": [square(0, 0, "AAA"), square(1, 0, "AAA"), square(2, 0, "BBB")]}))
    out = tmp_path / "out" / "admin1-lines.json"
    done = run_script(str(src), str(out), "0")
    assert done.returncode == 0, done.stderr
    assert "1 lines" in done.stderr
    lines = lines_of(json.loads(out.read_text()))
    assert len(lines) == 1
    ends = [c for point in sorted(lines[0]) for c in point]
    assert ends == pytest.approx([1, 0, 1, 1], abs=1e-4)  # AAA | AAA, not AAA | BBB nor the coast


def test_the_script_says_what_is_missing(tmp_path: Path):
    done = run_script(str(tmp_path / "build.json"), str(tmp_path / "out.json"))
    assert done.returncode == 1
    assert "build.json not found: run npm ci" in done.stderr
    assert not (tmp_path / "out.json").exists()


def test_the_built_file_holds_the_lines_between_states_and_provinces():
    if not BUILT.is_file():
        _unavailable(f"{BUILT} missing (make setup runs scripts/vendor.sh)")
    size = BUILT.stat().st_size
    assert 200_000 < size <= 3_000_000, f"{size} bytes"
    topo = json.loads(BUILT.read_text(encoding="utf-8"))
    assert topo["type"] == "Topology"
    lines = lines_of(topo)
    assert len(lines) > 1000
    assert all(len(line) >= 2 for line in lines)
    assert all(-180.01 <= x <= 180.01 and -90.01 <= y <= 90.01 for line in lines for x, y in line)
    # the Four Corners, where Utah, Colorado, Arizona and New Mexico meet
    assert distance(lines, -109.045, 36.999) < 0.05
    # not the border between two countries: the 49th parallel where North Dakota meets Manitoba
    assert distance(lines, -100.0, 49.0) > 0.5

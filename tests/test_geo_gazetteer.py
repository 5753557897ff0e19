"""The gazetteer: the GeoNames dump importer on real files, the default build, the CLI."""

from __future__ import annotations

import pytest
from conftest import shared_path

from eventwire.errors import ConfigError, InputError
from eventwire.geo.gazetteer import Gazetteer, add_rows
from eventwire.geo.geonames_dump import import_files, kind_of, read_places
from eventwire.geo.sources import GazRow


def _small(tmp_path):
    path = tmp_path / "gaz.sqlite"
    add_rows(path, [GazRow(-1_000_001, "Dimashq", 33.5, 36.3, "A", "ADM1", "SY", admin1_name="Dimashq",
                           names=["Dimashq"])])
    return path


def test_kind_of_file_names(tmp_path) -> None:
    from pathlib import Path

    assert kind_of(Path("admin1CodesASCII.txt")) == "admin1"
    assert kind_of(Path("alternateNamesV2.txt")) == "altnames"
    assert kind_of(Path("cities500.zip")) == "places"
    with pytest.raises(InputError):
        kind_of(Path("notes.md"))


def test_missing_gazetteer_is_a_config_error(tmp_path) -> None:
    with pytest.raises(ConfigError):
        Gazetteer(tmp_path / "none.sqlite")


@pytest.mark.gold
def test_import_geonames_files(tmp_path) -> None:
    folder = shared_path("data", "geonames")
    rows = list(read_places(folder / "cities5000.zip"))
    assert len(rows) > 50_000 and all(r.fclass for r in rows[:100])
    path = _small(tmp_path)
    counts = import_files([folder / "cities5000.zip", folder / "admin1CodesASCII.txt", folder / "countryInfo.txt",
                           folder / "admin2Codes.txt"], path)
    assert counts["cities5000.zip"] == len(rows)
    gaz = Gazetteer(path)
    deir = [c for c in gaz.lookup("Dayr az Zawr") if c.fclass == "P" and c.cc == "SY"]
    assert deir and deir[0].geonameid == 170794 and deir[0].fcode.startswith("PPLA")
    assert deir[0].admin1_name  # from admin1CodesASCII
    damascus = [c for c in gaz.lookup("Damascus") if c.cc == "SY"]
    assert damascus and damascus[0].fcode == "PPLC"


@pytest.mark.slow
def test_default_gazetteer_resolves_spellings() -> None:
    from eventwire.geo.gazetteer import ensure

    gaz = ensure()
    for spelling in ("Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour"):
        assert 170794 in {c.geonameid for c in gaz.lookup(spelling)}, spelling
    assert any(c.fcode == "PCLI" and c.cc == "SY" for c in gaz.lookup("Syria"))
    assert any(c.fcode == "STM" for c in gaz.lookup("Euphrates"))
    assert not any(c.cc == "MM" for c in gaz.lookup("Syria"))  # no Syriam


def test_cli_has_gazetteer_commands() -> None:
    from click.testing import CliRunner

    from eventwire.cli import cli

    out = CliRunner().invoke(cli, ["gazetteer", "--help"])
    assert out.exit_code == 0 and "import" in out.output and "build" in out.output


def _square(w: float, s: float, size: float) -> list[list[list[float]]]:
    return [[[w, s], [w + size, s], [w + size, s + size], [w, s + size], [w, s]]]


def _admin1_file(tmp_path, features):
    import json

    path = tmp_path / "admin1.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geom} for props, geom in features]}))
    return path


def test_admin1_shapes_are_read_with_centroid_box_and_ids(tmp_path) -> None:
    from eventwire.geo.sources import natural_earth_admin1

    # A made-up province: a 4-degree square with a 2-degree square hole in its south-west quarter.
    outer = _square(10.0, 20.0, 4.0)[0]
    hole = list(reversed(_square(10.0, 20.0, 2.0)[0]))
    path = _admin1_file(tmp_path, [
        ({"iso_a2": "ZZ", "gn_a1_code": "ZZ.07", "gn_id": 9_000_007, "gn_level": 1, "name": "Upland",
          "name_en": "Upland Province", "name_alt": "Uplands|Hochland"},
         {"type": "Polygon", "coordinates": [outer, hole]}),
        ({"iso_a2": "ZZ", "gn_a1_code": "ZZ.08", "gn_id": 9_000_108, "gn_level": 2, "name": "Lowland"},
         {"type": "MultiPolygon", "coordinates": [_square(0.0, 0.0, 1.0), _square(2.0, 0.0, 1.0)]}),
        ({"iso_a2": "-99", "name": "Nowhere"}, {"type": "Polygon", "coordinates": _square(0.0, 0.0, 1.0)}),
    ])
    up, low = list(natural_earth_admin1(path))
    assert (up.cc, up.code, up.geonameid) == ("ZZ", "07", 9_000_007)
    assert up.names == ["Upland", "Upland Province", "Uplands", "Hochland"]
    assert up.area == pytest.approx(12.0)
    # the hole pulls the centroid north-east of the square's middle (12, 22)
    assert up.centroid[0] == pytest.approx(22 + 1 / 3) and up.centroid[1] == pytest.approx(12 + 1 / 3)
    assert up.bbox == (20.0, 10.0, 24.0, 14.0)
    assert low.geonameid is None  # a second-level GeoNames id is not the region's own
    assert low.centroid == pytest.approx((0.5, 1.5)) and low.area == pytest.approx(2.0)


def test_admin1_shapes_move_regions_derived_from_towns(tmp_path) -> None:
    import sqlite3

    from eventwire.geo.gazetteer import _apply_admin1_shapes
    from eventwire.geo.sources import natural_earth_admin1

    gaz = tmp_path / "gaz.sqlite"
    add_rows(gaz, [
        GazRow(-1_000_001, "Upland", 21.0, 11.0, "A", "ADM1", "ZZ", admin1="07", names=["Upland"],
               bbox=(20.5, 10.5, 21.5, 11.5)),
        GazRow(-1_000_002, "Marsh", 5.0, 5.0, "A", "ADM1", "ZZ", names=["Marsh"]),  # no code: matched by name
        GazRow(-1_000_003, "Dune", 7.0, 7.0, "A", "ADM1", "ZZ", names=["Dune"]),  # no shape: left as it was
    ])
    shapes = _admin1_file(tmp_path, [
        ({"iso_a2": "ZZ", "gn_a1_code": "ZZ.07", "gn_id": 9_000_007, "gn_level": 1, "name": "Upland",
          "name_alt": "Uplands"}, {"type": "Polygon", "coordinates": _square(10.0, 20.0, 4.0)}),
        ({"iso_a2": "ZZ", "gn_id": 9_000_009, "gn_level": 1, "name": "Marsh"},
         {"type": "Polygon", "coordinates": _square(4.0, 4.0, 2.0)}),
    ])
    con = sqlite3.connect(gaz)
    assert _apply_admin1_shapes(con, natural_earth_admin1(shapes)) == 2
    con.commit()
    con.close()
    g = Gazetteer(gaz)
    up = [c for c in g.lookup("Uplands") if c.fcode == "ADM1"]
    assert up and up[0].geonameid == 9_000_007 and up[0].public_id == 9_000_007
    assert (up[0].lat, up[0].lon) == (22.0, 12.0) and up[0].bbox == (20.0, 10.0, 24.0, 14.0)
    assert [c.geonameid for c in g.lookup("Upland")] == [9_000_007]  # the old names follow the new id
    assert [(c.geonameid, c.lat) for c in g.lookup("Marsh")] == [(9_000_009, 5.0)]
    assert [(c.geonameid, c.lat) for c in g.lookup("Dune")] == [(-1_000_003, 7.0)]


def test_broken_admin1_file_is_a_config_error(tmp_path) -> None:
    from eventwire.geo.sources import natural_earth_admin1

    bad = tmp_path / "admin1.json"
    bad.write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(ConfigError, match="admin-1 shapes"):
        list(natural_earth_admin1(bad))


def test_compass_parts_make_up_the_region_they_name() -> None:
    from eventwire.geo.sources import _compass_base, _named_already

    assert _compass_base("West Moorshire") == "Moorshire"
    assert _compass_base("North East Moorshire") == "Moorshire"
    assert _compass_base("Moorshire East") == "Moorshire"
    assert _compass_base("Moorshire West and Oakford") == "Moorshire"
    assert _compass_base("Moorshire") is None and _compass_base("Northampton") is None
    # Not when a run of its first words already names a place of the country ("Baton Rouge" of its parish).
    assert _named_already("Oak Vale Parish", {"oak vale"}) and not _named_already("Moorshire", {"oak vale"})


def test_default_gazetteer_has_the_regions_that_compass_parts_make_up() -> None:
    from eventwire.geo.gazetteer import ensure

    regions = [c for c in ensure().lookup("Sussex") if c.fcode == "ADM2" and c.cc == "GB"]
    assert regions and 50.5 < regions[0].lat < 51.5 and regions[0].admin1_name == "England"

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

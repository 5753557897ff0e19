"""``eventwire gazetteer build|import|info``: the embedded SQLite gazetteer."""

from __future__ import annotations

import click


@click.group("gazetteer")
def gazetteer() -> None:
    """Build the gazetteer from installed packages, or add GeoNames dump files to it."""


@gazetteer.command("build")
@click.option("--path", "path", type=click.Path(dir_okay=False), default=None,
              help="Gazetteer file to write (default: Settings.gazetteer or the package data folder).")
def build_cmd(path: str | None) -> None:
    """Build the gazetteer SQLite file and the case table beside it (about a minute; no network)."""
    from ..geo.gazetteer import build
    from ..settings import Settings
    from ..truecase import build as build_case_table

    out = build(path)
    click.echo(f"gazetteer written to {out}")
    click.echo(f"case table written to {build_case_table(settings=Settings(gazetteer=out))}")


@gazetteer.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--path", "path", type=click.Path(dir_okay=False), default=None, help="Gazetteer file to add to.")
def import_cmd(files: tuple[str, ...], path: str | None) -> None:
    """Add GeoNames dumps (allCountries, cities500, cities5000.zip, admin1CodesASCII, admin2Codes,
    countryInfo, alternateNames) to the gazetteer."""
    from ..geo.geonames_dump import import_files

    for name, n in import_files(list(files), path).items():
        click.echo(f"{name}: {n} rows")


@gazetteer.command("info")
@click.option("--path", "path", type=click.Path(dir_okay=False), default=None, help="Gazetteer file to describe.")
def info_cmd(path: str | None) -> None:
    """What the gazetteer holds."""
    from ..geo.gazetteer import Gazetteer, ensure

    gaz = Gazetteer(path) if path else ensure()
    click.echo(f"path: {gaz.path}")
    for k, v in gaz.meta().items():
        click.echo(f"{k}: {v}")


def register(main: click.Group) -> None:
    main.add_command(gazetteer)

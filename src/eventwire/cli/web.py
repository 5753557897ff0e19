"""``eventwire serve``: the web interface (JSON API, map, timeline, article view) over a store."""

from __future__ import annotations

import click

from ..errors import missing_extra
from .common import settings_from


@click.command()
@click.option("--db", default=None, metavar="URL", help="Database: a SQLite path, sqlite:///PATH or postgresql://URL "
              "(default: EVENTWIRE_DB or ./eventwire.db).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
def serve(db: str | None, host: str, port: int) -> None:
    """Serve the JSON API (docs at /docs) and the map/timeline/article UI at http://HOST:PORT/."""
    try:
        import uvicorn
    except ModuleNotFoundError as e:
        raise missing_extra("uvicorn", "web") from e
    from ..web import create_app

    settings = settings_from(db=db)
    hosts = [*settings.allowed_hosts, host] if host not in ("0.0.0.0", "::") else settings.allowed_hosts
    app = create_app(settings.db, allowed_hosts=hosts)
    click.echo(f"eventwire: serving {app.state.store.url} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


def register(main: click.Group) -> None:
    main.add_command(serve)

"""The store: documents, normalized rows and failures in SQLite (default) or PostgreSQL.

>>> from eventwire.store import open_store, EventQuery
>>> with open_store("events.db") as store:
...     store.add(doc)
...     store.events(EventQuery(type="ASSAULT", since="2024-01-01"))

``open_store`` takes a path, ``sqlite:///path``, ``postgresql://user@host/db``, or nothing (then
``Settings().db``, i.e. ``EVENTWIRE_DB`` or ``./eventwire.db``), and migrates the database to the
newest schema. One module per concern: ``schema`` (tables), ``migrate`` (Alembic), ``rows``
(document → rows), ``query`` (typed queries), ``filters`` (queries as indexed SQL, sort orders,
cursors), ``browse`` (keyset pages, statistics, map grid, suggestions, article search), ``counts``
(stored counts kept by every write), ``clusters`` (incremental real-world events), ``base`` (the
Store), ``sqlite`` / ``postgres`` (backends).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import EventwireError, StoreError
from .base import AddResult, Store
from .query import EventQuery, Near, StoredEvent, StoredFailure

__all__ = ["open_store", "normalize_url", "Store", "AddResult", "EventQuery", "Near", "StoredEvent", "StoredFailure"]


def normalize_url(url_or_path: str | Path) -> str:
    """A SQLAlchemy-style URL for a path or URL: paths become ``sqlite:///ABSOLUTE``."""
    s = str(url_or_path).strip()
    if not s:
        raise StoreError("no database given")
    if s.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return s
    if s.startswith("sqlite://"):
        path = s.removeprefix("sqlite:///") if s.startswith("sqlite:///") else ""
        if path in ("", ":memory:"):
            return "sqlite:///:memory:" if path == ":memory:" else s
        return "sqlite:///" + str(Path(path).expanduser().resolve())
    if "://" in s:
        raise StoreError(f"unsupported database URL {s!r}: use a path, sqlite:///PATH or postgresql://...")
    return "sqlite:///" + str(Path(s).expanduser().resolve())


def open_store(url_or_path: str | Path | None = None, *, migrate: bool = True) -> Store:
    """Open (and create or migrate) the store at a path or URL."""
    from . import migrate as migrations

    if url_or_path is None:
        from ..settings import Settings

        url_or_path = Settings().db
    url = normalize_url(url_or_path)
    if url.startswith("sqlite"):
        from . import sqlite as backend
    else:
        from . import postgres as backend  # type: ignore[no-redef]
    try:
        engine = backend.make_engine(url)
    except EventwireError:
        raise
    except Exception as e:  # noqa: BLE001 - a bad URL
        raise StoreError(f"cannot open {url}: {e}") from e
    if migrate:
        migrations.upgrade(engine)
    return Store(engine, backend)

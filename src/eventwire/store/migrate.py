"""Migrations: Alembic revisions in ``migrations/versions``, applied on open when the database is behind."""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, text

from ..errors import StoreError

SCRIPT_LOCATION = "eventwire.store:migrations"
_PG_LOCK = 0x657677  # advisory lock id: workers opening one database migrate it once


@lru_cache(maxsize=1)
def _script() -> Any:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    return cfg, ScriptDirectory.from_config(cfg)


def reason(e: BaseException) -> str:
    """A driver error in one line, without SQLAlchemy's "background" link."""
    orig = getattr(e, "orig", None)
    text = str(orig if orig is not None else e).strip().splitlines()
    return text[0] if text else type(e).__name__


def head() -> str:
    """The newest revision."""
    return _script()[1].get_current_head()


def current(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision``; does nothing when it is there already."""
    from alembic import command

    try:
        if revision == "head" and current(engine) == head():
            return
    except Exception as e:  # noqa: BLE001 - server down, bad credentials, not a database file
        raise StoreError(f"cannot open {engine.url.render_as_string(hide_password=True)}: {reason(e)}") from e
    for attempt in range(6):
        try:
            _run(engine, command.upgrade, revision)
            return
        except StoreError:
            # Two processes opening one new SQLite file migrate it at once (SQLite runs DDL outside the
            # transaction, so the loser meets "table ... already exists"): wait for the winner, then
            # find the database at head. PostgreSQL serializes migrations with an advisory lock instead.
            if attempt == 5 or revision != "head":
                raise
            time.sleep(0.5 * (attempt + 1))
            try:
                if current(engine) == head():
                    return
            except Exception:  # noqa: BLE001, S110 - still being created: try again
                pass


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back to ``revision`` (``"base"``: empty)."""
    from alembic import command

    _run(engine, command.downgrade, revision)


def _run(engine: Engine, step: Any, revision: str) -> None:
    cfg = _script()[0]
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
            cfg.attributes["connection"] = conn
            step(cfg, revision)
    except Exception as e:  # noqa: BLE001 - any driver or Alembic error becomes a StoreError
        raise StoreError(f"cannot migrate {engine.url.render_as_string(hide_password=True)}: {reason(e)}") from e
    finally:
        cfg.attributes.pop("connection", None)

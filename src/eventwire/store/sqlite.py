"""SQLite backend: one file, WAL journal, FTS5 index over article title and text."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path

from sqlalchemy import ColumnElement, Engine, Insert, Table, create_engine, event, select, text

from ..errors import StoreError
from .schema import articles

_WORD = re.compile(r"\w+", re.UNICODE)


def make_engine(url: str) -> Engine:
    """An engine for ``sqlite:///path`` with WAL, foreign keys and a generous busy timeout."""
    path = url.removeprefix("sqlite:///")
    if path and path != ":memory:":
        parent = Path(path).expanduser().parent
        if not parent.is_dir():
            raise StoreError(f"cannot open {path}: folder {parent} does not exist")
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI connection
        cur = dbapi_conn.cursor()
        wal(cur)
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    return engine


def wal(cur: sqlite3.Cursor, wait: float = 30.0) -> None:
    """Put the database in WAL mode, waiting out other processes doing the same.

    Two connections switching one new file to WAL at once can deadlock on its locks; SQLite then answers
    "database is locked" at once, without the busy timeout, to one of them. That one tries again: by
    then the file is in WAL mode and the pragma only reads it.
    """
    deadline = time.monotonic() + wait
    pause = 0.01
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


def fts_query(q: str) -> str:
    """User text as an FTS5 query: every word must occur, ``OR`` between words offers a choice.

    Words are quoted, so punctuation in the user's text never breaks the FTS5 syntax.
    """
    out: list[str] = []
    for w in _WORD.findall(q):
        if w == "OR":
            if out and out[-1] != "OR":
                out.append("OR")
        else:
            out.append(f'"{w}"')
    while out and out[-1] == "OR":
        out.pop()
    return " ".join(out)


def fulltext(q: str) -> ColumnElement[bool]:
    """A filter on ``articles`` keeping those whose title or text matches ``q``."""
    query = fts_query(q)
    if not query:
        return articles.c.seq.is_(None)  # no words: nothing matches
    sub = select(text("rowid")).select_from(text("articles_fts")).where(text("articles_fts MATCH :fts"))
    return articles.c.seq.in_(sub.params(fts=query))


def fulltext_row(q: str) -> ColumnElement[bool]:
    """The same filter checked on one article row (its ``seq`` looked up in the FTS index): for a query that reads
    articles in another order and checks a few (:func:`fulltext` lists every match first)."""
    query = fts_query(q)
    if not query:
        return articles.c.seq.is_(None)
    sub = (select(text("1")).select_from(text("articles_fts"))
           .where(text("articles_fts.rowid = articles.seq AND articles_fts MATCH :fts_row")))
    return sub.params(fts_row=query).exists()


def insert_ignore(table: Table) -> Insert:
    """INSERT that leaves an existing row with the same key alone."""
    from sqlalchemy.dialects.sqlite import insert

    return insert(table).on_conflict_do_nothing()

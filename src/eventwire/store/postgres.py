"""PostgreSQL backend: psycopg 3, a GIN full-text index over article title and text (stored: ``articles.tsv``)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Engine, Insert, Table, create_engine, text

from ..errors import missing_extra

#: The stored full-text document of an article (migration 0010: a generated column, GIN-indexed), read instead of
#: computing it again for each article the planner checks.
_DOCUMENT = "articles.tsv"


def make_engine(url: str) -> Engine:
    """An engine for ``postgresql://...`` through psycopg 3 (``eventwire[postgres]``)."""
    try:
        import psycopg  # noqa: F401
    except ImportError as e:
        raise missing_extra("psycopg", "postgres") from e
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    # no JIT: the store's queries are index lookups that stop after a page or a cap, whose cost the planner
    # over-estimates (LIMIT, correlated lists); compiling them cost 100-170 ms a query at 1M events
    return create_engine(url, pool_pre_ping=True, connect_args={"options": "-c jit=off"})


def fulltext(q: str) -> ColumnElement[bool]:
    """A filter on ``articles`` keeping those whose title or text matches ``q`` (web-search syntax)."""
    return text(f"{_DOCUMENT} @@ websearch_to_tsquery('english', :fts_q)").bindparams(fts_q=q)


def fulltext_row(q: str) -> ColumnElement[bool]:
    """The same filter checked on one article row (the stored document, :func:`fulltext`)."""
    return fulltext(q)


def insert_ignore(table: Table) -> Insert:
    """INSERT that leaves an existing row with the same key alone."""
    from sqlalchemy.dialects.postgresql import insert

    return insert(table).on_conflict_do_nothing()

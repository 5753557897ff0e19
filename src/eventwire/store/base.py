"""The store: one interface over SQLite and PostgreSQL (SQLAlchemy Core), idempotent by content hash."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError, SQLAlchemyError

from ..errors import StoreError
from ..model import Article, Document, Failure, content_id
from . import clusters, counts
from . import schema as S
from .counts import Delta
from .migrate import reason
from .query import EventQuery, StoredEvent, StoredFailure, Variant, Version
from .rows import article_row, child_rows, content_hash


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class AddResult:
    """What one :meth:`Store.add_all` call did."""

    added: int = 0  # documents written (new or changed)
    unchanged: int = 0  # documents already stored with the same content hash
    events: int = 0  # events in the documents written
    failures: int = 0  # failures recorded (new or not)

    def __iadd__(self, other: AddResult) -> AddResult:
        self.added += other.added
        self.unchanged += other.unchanged
        self.events += other.events
        self.failures += other.failures
        return self


def failure_key(f: Failure) -> str:
    return content_id(f.document, f.origin, f.stage, f.reason, length=32)


class Store:
    """Documents, their normalized rows and failures in one database.

    Open one with :func:`eventwire.store.open_store`. Every write is one transaction: a killed
    process loses at most the batch it was writing.
    """

    def __init__(self, engine: Engine, backend: ModuleType) -> None:
        self.engine = engine
        self.backend = backend
        self._total: tuple[float, int] | None = None  # (when read, events): browse.frequent_actors

    def total_events(self, *, max_age: float = 60.0) -> int:
        """Events stored (of current articles), from the stored counts, read again after a write through this store
        or when older than ``max_age`` seconds: a figure for choosing how to run a query (not an answer to one)."""
        import time

        now = time.monotonic()
        if self._total is None or now - self._total[0] > max_age:
            with self._read() as conn:
                self._total = (now, int(conn.scalar(select(func.coalesce(func.sum(S.event_counts.c.n), 0))) or 0))
        return self._total[1]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    # -- reading ------------------------------------------------------------------------------------

    def has(self, article_id: str) -> bool:
        """Whether the article is stored."""
        return article_id in self.known([article_id])

    def known(self, article_ids: Iterable[str]) -> set[str]:
        """Those of ``article_ids`` that are stored."""
        ids = list(dict.fromkeys(article_ids))
        found: set[str] = set()
        with self._read() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                found.update(conn.scalars(select(S.articles.c.id).where(S.articles.c.id.in_(chunk))))
        return found

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self._read() as conn:
            return {
                t.name: conn.scalar(select(func.count()).select_from(t)) or 0
                for t in (S.articles, S.actors, S.places, S.times, S.quotes, S.events, S.event_actors, S.failures)
            }

    def documents(self, *, ids: Iterable[str] | None = None, all_versions: bool = False) -> Iterator[Document]:
        """Stored documents, by publication date then id: the current version of each story, unless
        ``all_versions`` (or ``ids``, which are returned whatever their version)."""
        sel = select(S.articles.c.doc).order_by(S.articles.c.published, S.articles.c.id)
        if ids is not None:
            sel = sel.where(S.articles.c.id.in_(list(ids)))
        elif not all_versions:
            sel = sel.where(S.articles.c.current.is_(True))
        with self._read() as conn:
            for raw in conn.execute(sel.execution_options(yield_per=200)).scalars():
                yield Document.model_validate_json(raw)

    def stages(self) -> Iterator[tuple[str, dict[str, str]]]:
        """``(article id, stages)`` of every stored record, by id: which behaviours made each one."""
        sel = select(S.articles.c.id, S.articles.c.stages).order_by(S.articles.c.id)
        with self._read() as conn:
            for aid, raw in conn.execute(sel.execution_options(yield_per=1000)):
                yield aid, json.loads(raw) if raw else {}

    def document(self, article_id: str) -> Document | None:
        """One stored document, or None."""
        return next(self.documents(ids=[article_id]), None)

    def variants(self, article_id: str) -> list[Variant]:
        """The variants of an article's text seen (re-encoded, re-spaced ...), the stored (first) one first."""
        v = S.article_variants
        sel = (select(v.c.text_hash, v.c.origin, v.c.is_first, v.c.seen_at)
               .where(v.c.article_id == article_id).order_by(v.c.is_first.desc(), v.c.seen_at, v.c.text_hash))
        with self._read() as conn:
            return [Variant(**row._mapping) for row in conn.execute(sel)]

    def versions(self, article_id: str) -> list[Version]:
        """Every stored version of the article's story, oldest first (the article alone when it has no story)."""
        a = S.articles
        with self._read() as conn:
            story = conn.scalar(select(a.c.story).where(a.c.id == article_id))
            cond = a.c.story == story if story else a.c.id == article_id
            sel = select(a.c.id, a.c.version, a.c.current, a.c.published, a.c.ingested_at).where(cond)
            return [Version(**row._mapping) for row in conn.execute(sel.order_by(a.c.version, a.c.id))]

    def note_variants(self, articles: Iterable[Article]) -> int:
        """Record the text variants of articles already stored (same key, other bytes); returns how many were new."""
        rows = [{"article_id": x.id, "text_hash": x.reading.text_hash, "origin": x.origin, "is_first": False,
                 "seen_at": _now()} for x in articles if x.reading and x.reading.text_hash]
        if not rows:
            return 0
        n = 0
        with self._write() as conn:
            for row in rows:
                res = conn.execute(self.backend.insert_ignore(S.article_variants).values(**row)
                                   .returning(S.article_variants.c.text_hash))
                n += res.first() is not None
        return n

    def failures(self) -> list[StoredFailure]:
        """Recorded failures, oldest first."""
        f = S.failures
        sel = select(f.c.document, f.c.origin, f.c.stage, f.c.reason, f.c.created_at).order_by(
            f.c.created_at, f.c.origin, f.c.document
        )
        with self._read() as conn:
            return [StoredFailure(**row._mapping) for row in conn.execute(sel)]

    def events(self, query: EventQuery | None = None, *, sort: str | None = "date") -> list[StoredEvent]:
        """Stored events matching ``query`` (at most ``query.limit``), by date, article and order in the article.

        Reads every match: for pages use :meth:`page`, for long results :meth:`iter_events`.
        """
        return list(self.iter_events(query, sort=sort))

    def iter_events(self, query: EventQuery | None = None, *, sort: str | None = "date") -> Iterator[StoredEvent]:
        """Stored events matching ``query`` in ``sort`` order, read a batch at a time."""
        from .browse import iter_events

        return iter_events(self, query or EventQuery(), sort=sort)

    def page(self, query: EventQuery | None = None, *, sort: str | None = None, limit: int = 50,
             cursor: str | None = None, offset: int = 0) -> Any:
        """A keyset page of events (:func:`eventwire.store.browse.event_page`)."""
        from .browse import event_page

        return event_page(self, query or EventQuery(), sort=sort, limit=limit, cursor=cursor, offset=offset)

    def analyze(self) -> None:
        """Refresh the planner's statistics (after a large load)."""
        with self._write() as conn:
            conn.exec_driver_sql("ANALYZE")

    # -- writing ------------------------------------------------------------------------------------

    def add(self, doc: Document, *, origin: str | None = None) -> bool:
        """Store a document; False when the same content is stored already (then nothing changes)."""
        return self.add_all([doc], origins={doc.id: origin}).added == 1

    def add_failure(self, failure: Failure) -> bool:
        """Record a failure; False when the same failure is recorded already."""
        with self._write() as conn:
            return self._write_failure(conn, failure)

    def add_all(
        self, items: Iterable[Document | Failure], *, origins: dict[str, str | None] | None = None
    ) -> AddResult:
        """Write documents and failures in one transaction (one batch).

        A document the database refuses is recorded as a failure of stage ``store`` instead, and
        the rest of the batch is written. A database that cannot be reached (or stays locked)
        raises :class:`StoreError`: nothing of the batch is written then.
        """
        return self._add_all(list(items), origins or {})

    def _add_all(self, batch: list[Document | Failure], origins: dict[str, str | None]) -> AddResult:
        for attempt in range(3):
            try:
                with self._write() as conn:
                    return self._write_batch(conn, batch, origins)
            except IntegrityError:
                if attempt == 2:  # pragma: no cover - persistent conflict
                    break
                continue  # another writer stored the same article meanwhile: re-read and skip it
            except DBAPIError:
                break
        # One by one, so that only the item the database refuses is lost (as a failure).
        result = AddResult()
        for item in batch:
            try:
                with self._write() as conn:
                    result += self._write_batch(conn, [item], origins)
            except SQLAlchemyError as e:
                doc_id = item.id if isinstance(item, Document) else item.document
                orig = e.orig if isinstance(e, DBAPIError) else e
                fail = Failure(document=doc_id, origin=origins.get(doc_id or ""), stage="store",
                               reason=f"{type(orig).__name__}: {reason(e)}"[:500])
                with self._write() as conn:
                    self._write_failure(conn, fail)
                result.failures += 1
        return result

    def _write_batch(self, conn: Connection, batch: list[Document | Failure], origins: dict) -> AddResult:
        """Write one batch. New articles whose story has no other version (stored or earlier in the batch) are
        inserted together, one multi-row statement per table, in batch order; the others (a new version of a
        story, a changed document replacing its stored rows) one at a time, after those before them."""
        result = AddResult()
        docs = [d for d in batch if isinstance(d, Document)]
        a = S.articles
        stored: dict[str, str] = {}
        known_stories: set[str] = set()  # stories with a stored version, or with a version earlier in the batch
        if docs:
            ids = [d.id for d in docs]
            for i in range(0, len(ids), 500):
                for found in conn.execute(select(a.c.id, a.c.content_hash).where(a.c.id.in_(ids[i : i + 500]))):
                    stored[found.id] = found.content_hash
        now = _now()
        delta = Delta(conn.dialect.name)  # written once, at the end
        pending: list[tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]] = []
        rows_of: dict[int, tuple[dict[str, Any], str]] = {}  # id() of a document -> its articles row and hash
        for doc in docs:
            data = doc.to_json()
            dh = content_hash(doc, data)
            if stored.get(doc.id) != dh:
                rows_of[id(doc)] = (article_row(doc, origin=origins.get(doc.id), now=now, data=data, hash_=dh), dh)
        stories = sorted({r["story"] for r, _ in rows_of.values() if r["story"]})
        for i in range(0, len(stories), 500):
            known_stories.update(conn.scalars(select(a.c.story).distinct()
                                              .where(a.c.story.in_(stories[i : i + 500]))))
        for item in batch:
            if isinstance(item, Failure):
                self._write_failure(conn, item, now=now)
                result.failures += 1
                continue
            hit = rows_of.pop(id(item), None)
            if hit is None or stored.get(item.id) == hit[1]:  # unchanged (stored, or earlier in this batch)
                result.unchanged += 1
                continue
            row, h = hit
            children = child_rows(item)
            if item.id not in stored and (not row["story"] or row["story"] not in known_stories):
                row["version"], row["current"] = 1, True  # the first version of its story
                pending.append((row, children))
            else:
                self._flush(conn, pending, delta)
                if item.id in stored:
                    current = self._replace(conn, item.id, row, delta)  # its version and current flag stay as stored
                else:
                    row["version"], row["current"] = self._version(conn, row, delta)
                    conn.execute(S.articles.insert(), row)
                    current = row["current"]
                self._flush(conn, [(row, children)], delta if current else None, article=False)
            if row["story"]:
                known_stories.add(row["story"])
            stored[item.id] = h
            result.added += 1
            result.events += len(item.events)
        self._flush(conn, pending, delta)
        delta.write(conn)
        return result

    def _flush(self, conn: Connection, pending: list[tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]],
               delta: Delta | None, *, article: bool = True) -> None:
        """Insert the rows of new articles (``article``: their ``articles`` rows too), one statement per table, and
        add their counts to ``delta`` (None: not counted, the articles are not current; the stored counts leave the
        events of superseded versions out, as every query does)."""
        if not pending:
            return
        if article:
            conn.execute(S.articles.insert(), [row for row, _ in pending])
        variants = [{"article_id": row["id"], "text_hash": row["text_hash"], "origin": row["origin"],
                     "is_first": True, "seen_at": row["ingested_at"]} for row, _ in pending if row["text_hash"]]
        if variants:
            conn.execute(self.backend.insert_ignore(S.article_variants), variants)
        written: dict[str, list[dict[str, Any]]] = {}
        for table in S.CHILD_TABLES:
            rows = [r for _, children in pending for r in children[table.name]]
            written[table.name] = rows
            if rows:
                conn.execute(table.insert(), rows)
        if delta is not None:
            delta.add(written["events"], written["actors"], written["event_actors"])
        pending.clear()

    def _write_failure(self, conn: Connection, f: Failure, *, now: str | None = None) -> bool:
        row = {"key": failure_key(f), "document": f.document, "origin": f.origin, "stage": f.stage,
               "reason": f.reason, "created_at": now or _now()}
        res = conn.execute(self.backend.insert_ignore(S.failures).values(**row).returning(S.failures.c.key))
        return res.first() is not None

    def _version(self, conn: Connection, row: dict[str, Any], delta: Delta) -> tuple[int, bool]:
        """(version, current) of a new article: the next version of its story, current unless an earlier
        stored version says it was published later; the story's other versions stop being current."""
        a = S.articles
        if not row["story"]:
            return 1, True
        others = conn.execute(select(a.c.id, a.c.version, a.c.current, a.c.published)
                              .where(a.c.story == row["story"])).all()
        if not others:
            return 1, True
        version = max(o.version for o in others) + 1
        latest = [o for o in others if o.current]
        if any(o.published and row["published"] and o.published > row["published"] for o in latest):
            return version, False  # an older edition arriving late does not replace the newer one
        for o in latest:  # no longer listed: out of the stored counts
            counts.subtract_article(conn, o.id, delta)
        conn.execute(a.update().where(a.c.story == row["story"], a.c.current.is_(True)).values(current=False))
        return version, True

    def _replace(self, conn: Connection, article_id: str, row: dict[str, Any], delta: Delta) -> bool:
        """Replace a stored article's machine output in place: its child rows go (new ones follow) and
        its ``articles`` row is updated, keeping its ``seq`` (the full-text index points at it).

        The ``articles`` row is never deleted here: tables outside the machine output that are keyed
        by the article (an analyst's reviews, keyed by article id and event id) would lose their rows
        through ``ON DELETE CASCADE``. Such rows are left alone; carrying a review over to the new
        output is the job of the caller's ``carry`` hook (:func:`eventwire.reprocess.reprocess`).
        Returns whether the article is current (its new rows are counted then).
        """
        current = bool(conn.scalar(select(S.articles.c.current).where(S.articles.c.id == article_id)))
        counts.subtract_article(conn, article_id, delta, current=current)
        clusters.release_article(conn, article_id)
        for table in reversed(S.CHILD_TABLES):
            conn.execute(delete(table).where(table.c.article_id == article_id))
        if row.get("origin") is None:  # a re-extraction knows no origin: the stored one stays
            row = {k: v for k, v in row.items() if k != "origin"}
        conn.execute(update(S.articles).where(S.articles.c.id == article_id).values(**row))
        return current

    def _delete(self, conn: Connection, article_id: str) -> None:
        counts.subtract_article(conn, article_id)
        clusters.release_article(conn, article_id)
        for table in reversed(S.CHILD_TABLES):
            conn.execute(delete(table).where(table.c.article_id == article_id))
        conn.execute(delete(S.articles).where(S.articles.c.id == article_id))
        conn.execute(delete(S.article_variants).where(S.article_variants.c.article_id == article_id))

    def delete(self, article_id: str) -> bool:
        """Remove one article and its rows; False when it is not stored."""
        with self._write() as conn:
            if not conn.scalar(select(func.count()).where(S.articles.c.id == article_id)):
                return False
            self._delete(conn, article_id)
            return True

    # -- connections --------------------------------------------------------------------------------

    def _read(self) -> Any:
        try:
            return self.engine.connect()
        except SQLAlchemyError as e:
            raise StoreError(f"cannot read {self.url}: {reason(e)}") from e

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction; an unreachable or locked database becomes a :class:`StoreError`."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except (OperationalError, InterfaceError) as e:
            raise StoreError(f"cannot write {self.url}: {reason(e)}") from e
        finally:
            self._total = None  # this store's writes are counted at once (another process's within a minute)


def _stored_event(doc: Document, event_id: str, distance: float | None,
                  _cache: dict[str, tuple[dict, dict]] | None = None) -> StoredEvent:
    """A stored event of ``doc``; ``_cache`` (one dict per batch) keeps each document's places and slim actors
    for its other events."""
    hit = _cache.get(doc.id) if _cache is not None else None
    if hit is None:
        places = {p.id: p for p in doc.places}
        slim = {a.id: a.model_copy(update={"mentions": []}) for a in doc.actors}
        hit = (places, slim)
        if _cache is not None:
            _cache[doc.id] = hit
    places, slim_by_id = hit
    ev = next(x for x in doc.events if x.id == event_id)
    return StoredEvent(
        article_id=doc.id, title=doc.title, url=doc.url, source=doc.source, published=doc.published, event=ev,
        place=places.get(ev.place) if ev.place else None,
        actors=[slim_by_id[i] for i in ev.actors if i in slim_by_id],
        recipients=[slim_by_id[i] for i in ev.recipients if i in slim_by_id],
        distance_km=distance,
    )

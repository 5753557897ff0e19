"""Reviews and reviewer tokens in the store's own tables (``reviews``, ``reviewers``).

Nothing here touches the machine's rows: a review is a new row holding who, when, the field, the
value the reviewer saw and the value they decided, and a note. Reading applies them
(:mod:`eventwire.review.apply`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from typing import Any

from sqlalchemy import delete, insert, select

from ..errors import InputError
from ..model import content_id
from ..store import Store
from ..store import schema_review as T
from .model import VERDICTS, Review, check_value


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# -- tokens --------------------------------------------------------------------------------------------


def add_token(store: Store, name: str) -> str:
    """A new token for reviewer ``name`` (replacing any earlier one); only its hash is stored."""
    name = (name or "").strip()
    if not name or len(name) > 64:
        raise InputError("reviewer name: 1 to 64 characters")
    token = "ewr_" + secrets.token_urlsafe(24)
    with store.engine.begin() as conn:
        conn.execute(delete(T.reviewers).where(T.reviewers.c.name == name))
        conn.execute(insert(T.reviewers).values(name=name, token_hash=_hash(token), created_at=now()))
    return token


def reviewer_for(store: Store, token: str | None) -> str | None:
    """The reviewer a token belongs to, or None for a missing or unknown token."""
    if not token:
        return None
    with store.engine.connect() as conn:
        return conn.scalar(select(T.reviewers.c.name).where(T.reviewers.c.token_hash == _hash(token)))


def reviewers(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.scalars(select(T.reviewers.c.name).order_by(T.reviewers.c.name)))


def remove_token(store: Store, name: str) -> bool:
    with store.engine.begin() as conn:
        return conn.execute(delete(T.reviewers).where(T.reviewers.c.name == name)).rowcount > 0


# -- writing reviews -------------------------------------------------------------------------------------


def _write(store: Store, **row: Any) -> int:
    for k in ("old_value", "new_value"):
        row[k] = None if row.get(k) is None else json.dumps(row[k], ensure_ascii=False)
    row.setdefault("created_at", now())
    with store.engine.begin() as conn:
        res = conn.execute(insert(T.reviews).values(**row).returning(T.reviews.c.id))
        return int(res.scalar_one())


def _current(store: Store, article_id: str, event_id: str) -> Any:
    from .apply import reviewed_article

    found = reviewed_article(store, article_id)
    for r in found:
        if r.event_id == event_id:
            return r
    raise InputError(f"no event {event_id!r} in article {article_id!r}")


def verdict(store: Store, reviewer: str, article_id: str, event_id: str, value: str, *,
            duplicate_of: str | None = None, note: str | None = None) -> int:
    """Mark an event right, or wrong: ``not_event``, or ``duplicate`` (of event ``duplicate_of``)."""
    if value not in VERDICTS:
        raise InputError(f"verdict: {value!r} is not one of {', '.join(VERDICTS)}")
    if value == "duplicate" and not duplicate_of:
        raise InputError("a duplicate names the event it duplicates")
    ev = _current(store, article_id, event_id)
    new = {"verdict": value, "duplicate_of": duplicate_of} if duplicate_of else {"verdict": value}
    old = {"verdict": ev.status if ev.status in VERDICTS else None}
    return _write(store, article_id=article_id, event_id=event_id, reviewer=reviewer, action="verdict",
                  field="verdict", old_value=old, new_value=new, note=note,
                  evidence_start=ev.value.evidence.start, evidence_end=ev.value.evidence.end)


def correct(store: Store, reviewer: str, article_id: str, event_id: str, field: str, value: Any, *,
            note: str | None = None) -> int:
    """Correct one field of an event (the value is checked: :func:`~eventwire.review.model.check_value`)."""
    new = check_value(field, value)
    ev = _current(store, article_id, event_id)
    return _write(store, article_id=article_id, event_id=event_id, reviewer=reviewer, action="correct",
                  field=field, old_value=ev.value.get(field), new_value=new, note=note,
                  evidence_start=ev.value.evidence.start, evidence_end=ev.value.evidence.end)


def add_event(store: Store, reviewer: str, article_id: str, start: int, end: int, fields: dict[str, Any], *,
              note: str | None = None) -> str:
    """Add an event the machine missed, with the evidence ``text[start:end]``; returns its id (``r...``)."""
    doc = store.document(article_id)
    if doc is None:
        raise InputError(f"no article {article_id!r}")
    if not (0 <= start < end <= len(doc.text)):
        raise InputError(f"evidence {start}..{end} is not inside the article text (0..{len(doc.text)})")
    if "type" not in fields:
        raise InputError("an added event needs a type")
    values = {k: check_value(k, v) for k, v in fields.items()}
    values.setdefault("modality", "actual")
    event_id = "r" + content_id(article_id, str(start), str(end), reviewer, now(), length=10)
    _write(store, article_id=article_id, event_id=event_id, reviewer=reviewer, action="add", field=None,
           old_value=None, new_value={"evidence": {"start": start, "end": end}, **values}, note=note,
           evidence_start=start, evidence_end=end)
    return event_id


def merge(store: Store, reviewer: str, keys: list[tuple[str, str]], *, note: str | None = None) -> str:
    """Put events (``(article_id, event_id)`` pairs) in one report cluster; returns the cluster label."""
    if len(keys) < 2:
        raise InputError("merge needs at least two events")
    label = "m:" + content_id(*sorted(f"{a}:{e}" for a, e in keys), length=12)
    for a, e in keys:
        ev = _current(store, a, e)
        _write(store, article_id=a, event_id=e, reviewer=reviewer, action="cluster", field="cluster",
               old_value=ev.cluster, new_value=label, note=note,
               evidence_start=ev.value.evidence.start, evidence_end=ev.value.evidence.end)
    return label


def split(store: Store, reviewer: str, article_id: str, event_id: str, *, note: str | None = None) -> str:
    """Take an event out of its report cluster: it is a real-world event of its own."""
    ev = _current(store, article_id, event_id)
    label = f"s:{article_id}:{event_id}"
    _write(store, article_id=article_id, event_id=event_id, reviewer=reviewer, action="cluster", field="cluster",
           old_value=ev.cluster, new_value=label, note=note,
           evidence_start=ev.value.evidence.start, evidence_end=ev.value.evidence.end)
    return label


# -- reading -----------------------------------------------------------------------------------------------


def reviews(store: Store, *, article_id: str | None = None, reviewer: str | None = None,
            article_ids: list[str] | None = None) -> list[Review]:
    """Stored reviews, oldest first."""
    r = T.reviews
    sel = select(r).order_by(r.c.id)
    if article_id is not None:
        sel = sel.where(r.c.article_id == article_id)
    if article_ids is not None:
        sel = sel.where(r.c.article_id.in_(article_ids))
    if reviewer is not None:
        sel = sel.where(r.c.reviewer == reviewer)
    out = []
    with store.engine.connect() as conn:
        for row in conn.execute(sel):
            d = dict(row._mapping)
            for k in ("old_value", "new_value"):
                d[k] = None if d[k] is None else json.loads(d[k])
            out.append(Review.model_validate(d))
    return out


def reviewed_article_ids(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.scalars(select(T.reviews.c.article_id).distinct().order_by(T.reviews.c.article_id)))

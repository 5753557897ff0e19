"""Analyst review: people correct the machine, and the corrections stick, count and teach.

Reviews live in their own tables (:mod:`eventwire.store.schema_review`); the machine's records are
never changed. Example::

    from eventwire.review import add_token, correct, verdict, reviewed_article

    token = add_token(store, "ana")
    verdict(store, "ana", article_id, "e2", "not_event", note="a metaphor")
    correct(store, "ana", article_id, "e1", "actors", ["Police Forces of Kenya"])
    [r.status for r in reviewed_article(store, article_id)]

Modules: ``model`` (records, fields, checks), ``store`` (writing and reading reviews, tokens),
``apply`` (reviews applied, conflicts), ``export`` (exports preferring reviewed values), ``gold``
(the real-news gold format), ``agreement`` (Cohen's kappa), ``suggest`` (data-file rows), ``queue``
(the review queue).
"""

from __future__ import annotations

from .apply import conflicts, corrected_document, machine_fields, reviewed_article, reviewed_events
from .model import FIELDS, VERDICTS, Conflict, EventFields, PlaceValue, Review, ReviewedEvent
from .store import (
    add_event,
    add_token,
    correct,
    merge,
    remove_token,
    reviewer_for,
    reviewers,
    reviews,
    split,
    verdict,
)

__all__ = [
    "FIELDS", "VERDICTS", "Conflict", "EventFields", "PlaceValue", "Review", "ReviewedEvent", "add_event",
    "add_token", "conflicts", "correct", "corrected_document", "machine_fields", "merge", "remove_token",
    "reviewed_article", "reviewed_events", "reviewer_for", "reviewers", "reviews", "split", "verdict",
]

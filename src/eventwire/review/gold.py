"""The real-news gold format: reviewed events as gold data for ``eventwire eval realnews``.

JSON Lines, one object per article that has at least one review (see ``README.md`` here)::

    {"format": "eventwire.realnews/1", "article_id": "...", "url": ..., "title": ..., "published": "YYYY-MM-DD",
     "text": "cleaned text (optional: else the evaluator reads it from the store)",
     "events": [{"id", "type", "acled_event_type", "acled_sub_event_type", "actors": [names],
                 "recipients": [names], "place": {"name", "lat", "lon"} | null, "date", "modality",
                 "fatalities", "evidence": {"start", "end"}, "cluster": label | null}],
     "unreviewed": [{"start", "end"}], "reviewers": [names]}

``events`` are the events reviewers confirmed, corrected or added (never those marked wrong);
``unreviewed`` are the evidence spans of machine events no one looked at: the evaluator neither
rewards nor penalises system events there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..errors import EvalError
from ..store import Store
from .apply import reviewed_events
from .model import ReviewedEvent
from .store import reviewed_article_ids

FORMAT = "eventwire.realnews/1"


def gold_event(r: ReviewedEvent) -> dict[str, Any]:
    v = r.value
    return {
        "id": r.event_id, "type": v.type, "acled_event_type": v.acled_event_type,
        "acled_sub_event_type": v.acled_sub_event_type, "actors": v.actors, "recipients": v.recipients,
        "place": {"name": v.place.name, "lat": v.place.lat, "lon": v.place.lon} if v.place else None,
        "date": v.date, "modality": v.modality, "fatalities": v.fatalities,
        "evidence": {"start": v.evidence.start, "end": v.evidence.end}, "cluster": r.cluster,
    }


def records(store: Store, *, with_text: bool = True) -> Iterator[dict[str, Any]]:
    """One gold record per reviewed article."""
    ids = reviewed_article_ids(store)
    if not ids:
        return
    for doc, revs in reviewed_events(store, store.documents(ids=ids)):
        if not any(r.reviewed for r in revs):
            continue
        rec: dict[str, Any] = {"format": FORMAT, "article_id": doc.id, "url": doc.url, "title": doc.title,
                               "published": doc.published}
        if with_text:
            rec["text"] = doc.text
        rec["events"] = [gold_event(r) for r in revs if r.reviewed and not r.wrong]
        rec["unreviewed"] = [{"start": r.value.evidence.start, "end": r.value.evidence.end}
                             for r in revs if not r.reviewed]
        rec["reviewers"] = sorted({n for r in revs for n in r.reviewers})
        yield rec


def write(store: Store, out: TextIO, *, with_text: bool = True) -> int:
    n = 0
    for rec in records(store, with_text=with_text):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def read(path: str | Path) -> list[dict[str, Any]]:
    """Gold records from a file; raises :class:`EvalError` on a malformed line."""
    path = Path(path)
    if path.is_dir():  # a folder holding the set, as the repo's gold/realnews does
        if not (path / "gold.jsonl").is_file():
            raise EvalError(f"{path} is a folder without gold.jsonl: give the real-news gold file")
        path = path / "gold.jsonl"
    out = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    raise EvalError(f"{path}:{n}: not JSON: {e}") from e
                if not isinstance(rec, dict) or "article_id" not in rec or not isinstance(rec.get("events"), list):
                    raise EvalError(f"{path}:{n}: not a real-news gold record (needs article_id and events)")
                out.append(rec)
    except (OSError, UnicodeDecodeError) as e:
        raise EvalError(f"cannot read gold file {path}: {e}") from e
    return out

"""``eventwire eval plover``: PLOVER typing and roles scored on the PLOVER gold-standard records.

The data is the JSON array of the CAMEO-manual sentences coded in PLOVER (``PLOVER_GSR_CAMEO.txt``, or a
folder holding it). Older PLOVER names in the file are mapped to current ones (data/plover.yaml:
DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT).

**Headline** (``primary_*``): the document's own ``primary`` event (:mod:`eventwire.events.primary`,
no look at the gold) is scored: ``primary_type_accuracy``, ``primary_source_match``,
``primary_target_match``. **Best match** (``best_match_*``, a diagnostic): per record the predicted event
agreeing with the gold on most of (type, source, target), ties to the more confident, then the earlier.
Planned and hypothetical events count as AGREE (cooperative types) or THREATEN (the others), as the
records code announced or conditional intentions (see :func:`gsr_type`).

Actors match exactly (:func:`actor_match`): a gold actor's text, normalised (lower case, no punctuation,
no leading article), equals the normalised name, an alias or a mention of one of the event's actors
(recipients for targets), or the gold actor's country code equals the actor's country. Scored on
records with gold sources/targets. A record without any predicted event is wrong.

Splits: a record's id is its ``id``, stratified by its gold event type.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..model import Article, Document, Event
from ..settings import Settings

DATA_FILE = "PLOVER_GSR_CAMEO.txt"


def read_records(path: Path) -> list[dict[str, Any]]:
    """The coded records (DOCUMENT entries left out)."""
    f = path / DATA_FILE if path.is_dir() else path
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise EvalError(f"cannot read PLOVER records from {f}: {e}") from e
    if not isinstance(data, list):
        raise EvalError(f"{f}: expected a JSON array of records")
    return [r for r in data if isinstance(r, dict) and r.get("text") and r.get("event") not in (None, "DOCUMENT")]


def actor_texts(value: Any) -> list[str]:
    """The actorText values of a source/target field (a list of objects, a string or empty)."""
    if isinstance(value, list):
        return [str(a.get("actorText")) for a in value if isinstance(a, dict) and a.get("actorText")]
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    return []


HEADLINE = ("primary_type_accuracy", "primary_source_match", "primary_target_match")


def norm_actor(text: str) -> str:
    """An actor text for exact comparison: lower case, words only, no leading article."""
    words = re.findall(r"\w+", text.lower())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def gold_actors(value: Any) -> list[tuple[str, str | None]]:
    """(normalised text, code or None) of each gold actor of a source/target field."""
    out: list[tuple[str, str | None]] = []
    items = value if isinstance(value, list) else [value] if isinstance(value, str) and value.strip() else []
    for a in items:
        if isinstance(a, dict) and a.get("actorText"):
            out.append((norm_actor(str(a["actorText"])), str(a.get("code") or "") or None))
        elif isinstance(a, str):
            out.append((norm_actor(a), None))
    return out


def actor_match(doc: Document, ids: list[str], gold: list[tuple[str, str | None]]) -> bool:
    """One gold actor is one of the event's actors ``ids``: same normalised name, alias or mention, or the
    gold code is the actor's country code."""
    index = {a.id: a for a in doc.actors}
    for i in ids:
        a = index.get(i)
        if a is None:
            continue
        forms = {norm_actor(s) for s in [a.name, *a.aliases, *(m.text for m in a.mentions)] if s}
        for text, code in gold:
            if text in forms or (code is not None and a.country is not None and code == a.country):
                return True
    return False


#: PLOVER (like CAMEO) codes an announced intention as AGREE (to cooperate) or THREATEN (to act against);
#: eventwire codes the intended event with modality "planned". The scorer converts for comparison.
COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}


def gsr_type(ev: Event) -> str:
    """The type the PLOVER gold records would give an event: planned or conditional acts become AGREE /
    THREATEN ("would meet if ...", "may halt mediation if ...")."""
    if ev.modality in ("planned", "hypothetical") and ev.type not in ("AGREE", "THREATEN", "REQUEST", "ACCUSE"):
        return "AGREE" if ev.type in COOPERATIVE else "THREATEN"
    return ev.type


def _hits(doc: Document, ev: Event, gold_type: str, src: list[tuple[str, str | None]],
          tgt: list[tuple[str, str | None]]) -> dict[str, bool | None]:
    return {
        "type": gsr_type(ev) == gold_type,
        "source": actor_match(doc, ev.actors, src) if src else None,
        "target": actor_match(doc, ev.recipients, tgt) if tgt else None,
    }


def record_id(rec: dict[str, Any]) -> str:
    return str(rec.get("id") or rec.get("text"))


def evaluate(path: Path, *, limit: int | None = None, split: str | None = None, sample: int | None = None,
             settings: Settings | None = None, case: str | None = None) -> dict[str, Any]:
    """Score PLOVER type, source and target on the gold records (see the module doc)."""
    from ..events.lexicon import load_lexicon, plover_name
    from ..events.primary import primary_event
    from ..pipeline import default_pipeline
    from . import recase
    from .splits import pick

    settings = settings or Settings()
    records = pick("plover", read_records(Path(path)), split, key=record_id,
                   stratum=lambda r: str(r.get("event")), sample_size=sample)
    if limit is not None and limit < len(records):
        step = len(records) / limit
        records = [records[int(i * step)] for i in range(limit)]
    if not records:
        raise EvalError(f"no PLOVER records in {path} (split {split or 'all'})")
    lex = load_lexicon(settings.data_dir)
    if case is not None:
        records = [{**r, "text": recase(r["text"], case)} for r in records]
    articles = [Article.make(r["text"], published=None, origin=r.get("id")) for r in records]
    tallies: dict[str, tuple[Counter[str], Counter[str]]] = {p: (Counter(), Counter()) for p in ("primary", "best")}
    no_event = 0
    confusion: Counter[tuple[str, str]] = Counter()
    outs = default_pipeline(settings).pipe(articles, on_error="record")
    for rec, out in zip(records, outs, strict=True):
        gold_type = plover_name(rec["event"], lex)
        src, tgt = gold_actors(rec.get("source")), gold_actors(rec.get("target"))
        doc = out if isinstance(out, Document) else None
        events = doc.events if doc is not None else []
        missing: dict[str, bool | None] = {"type": False, "source": False if src else None,
                                           "target": False if tgt else None}
        best: tuple[tuple[int, float, int], dict[str, bool | None]] | None = None
        for i, ev in enumerate(events):
            h = _hits(doc, ev, gold_type, src, tgt)  # type: ignore[arg-type]
            key = (sum(1 for v in h.values() if v), ev.confidence, -i)
            if best is None or key > best[0]:
                best = (key, h)
        pid = (doc.primary if doc.primary is not None else primary_event(doc)) if doc is not None else None
        primary = next((e for e in events if e.id == pid), None)
        if best is None:
            no_event += 1
        chosen = {
            "best": best[1] if best is not None else missing,
            "primary": _hits(doc, primary, gold_type, src, tgt) if doc is not None and primary else missing,
        }
        for name, hits in chosen.items():
            right, total = tallies[name]
            for k, v in hits.items():
                if v is not None:
                    total[k] += 1
                    right[k] += bool(v)
        if not chosen["primary"]["type"]:
            confusion[(gold_type, gsr_type(primary) if primary else "-")] += 1

    def rate(name: str, k: str) -> float | None:
        right, total = tallies[name]
        return round(right[k] / total[k], 4) if total[k] else None

    return {
        "n": len(records),
        "primary_type_accuracy": rate("primary", "type"),
        "primary_source_match": rate("primary", "source"),
        "primary_target_match": rate("primary", "target"),
        "best_match_type_accuracy": rate("best", "type"),
        "best_match_source_match": rate("best", "source"),
        "best_match_target_match": rate("best", "target"),
        "records_without_event": no_event,
        "confusion": {f"{g} -> {p}": c for (g, p), c in confusion.most_common(20)},
    }

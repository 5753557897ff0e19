"""``eventwire eval plover``: PLOVER typing and roles scored on the PLOVER gold-standard records.

The data is the JSON array of the CAMEO-manual sentences coded in PLOVER (``PLOVER_GSR_CAMEO.txt``, or a
folder holding it). Older PLOVER names in the file are mapped to current ones (data/plover.yaml:
DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT).

Per record the **best-matching predicted event** is the one agreeing with the gold on most of
(type, source, target), ties to the more confident, then the earlier. ``type_accuracy`` counts records
whose best event has the gold type; ``primary_type_accuracy`` uses the most confident event instead
(no look at the gold). Planned and hypothetical events count as AGREE (cooperative types) or THREATEN
(the others), as the records code announced or conditional intentions (see :func:`gsr_type`).
``source_match``/``target_match``: one of the gold actor texts and one of the
event's actors (or recipients) name each other (name, alias or mention, case-insensitive containment),
scored on records with gold sources/targets. A record without any predicted event is wrong.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..model import Article, Document, Event, Failure
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


def _strings(doc: Document, ids: list[str]) -> list[str]:
    index = {a.id: a for a in doc.actors}
    out: list[str] = []
    for i in ids:
        a = index.get(i)
        if a is not None:
            out += [a.name, *a.aliases, *(m.text for m in a.mentions)]
    return [s.lower() for s in out if s]


def names_match(gold: list[str], predicted: list[str]) -> bool:
    for g in gold:
        gl = g.lower()
        for p in predicted:
            if gl in p or (len(p) > 2 and p in gl):
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


def _hits(doc: Document, ev: Event, gold_type: str, src: list[str], tgt: list[str]) -> dict[str, bool | None]:
    return {
        "type": gsr_type(ev) == gold_type,
        "source": names_match(src, _strings(doc, ev.actors)) if src else None,
        "target": names_match(tgt, _strings(doc, ev.recipients)) if tgt else None,
    }


def evaluate(path: Path, *, limit: int | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """Score PLOVER type, source and target on the gold records (see the module doc)."""
    from ..events.lexicon import load_lexicon, plover_name
    from ..pipeline import default_pipeline

    settings = settings or Settings()
    records = read_records(Path(path))
    if limit is not None and limit < len(records):
        step = len(records) / limit
        records = [records[int(i * step)] for i in range(limit)]
    lex = load_lexicon(settings.data_dir)
    articles = [Article.make(r["text"], published=None, origin=r.get("id")) for r in records]
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    primary_right = no_event = 0
    confusion: Counter[tuple[str, str]] = Counter()
    outs = default_pipeline(settings).pipe(articles, on_error="record")
    for rec, out in zip(records, outs, strict=True):
        gold_type = plover_name(rec["event"], lex)
        src, tgt = actor_texts(rec.get("source")), actor_texts(rec.get("target"))
        events = out.events if isinstance(out, Document) else []
        best: tuple[tuple[int, float, int], dict[str, bool | None]] | None = None
        for i, ev in enumerate(events):
            h = _hits(out, ev, gold_type, src, tgt)  # type: ignore[arg-type]
            key = (sum(1 for v in h.values() if v), ev.confidence, -i)
            if best is None or key > best[0]:
                best = (key, h)
        if best is None:
            no_event += 1
            hits: dict[str, bool | None] = {"type": False, "source": False if src else None,
                                            "target": False if tgt else None}
        else:
            hits = best[1]
        for k, v in hits.items():
            if v is not None:
                total[k] += 1
                right[k] += bool(v)
        primary = max(events, key=lambda e: e.confidence, default=None)
        primary_right += bool(primary and gsr_type(primary) == gold_type)
        if not hits["type"]:
            confusion[(gold_type, gsr_type(primary) if primary else "-")] += 1
        if isinstance(out, Failure):
            continue

    def rate(k: str) -> float | None:
        return round(right[k] / total[k], 4) if total[k] else None

    n = len(records)
    return {
        "n": n,
        "type_accuracy": rate("type"),
        "primary_type_accuracy": round(primary_right / n, 4) if n else None,
        "source_match": rate("source"),
        "target_match": rate("target"),
        "records_without_event": no_event,
        "confusion": {f"{g} -> {p}": c for (g, p), c in confusion.most_common(20)},
    }

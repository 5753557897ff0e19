"""``eventwire eval realnews``: the system against reviewed real news (the format of
:mod:`eventwire.review.gold`, written by ``eventwire review export --format gold``).

Each gold article's text (in the record, else read from the store of ``Settings.db`` by article id)
is run through the pipeline. A system event matches a gold event when their evidence spans overlap
(one to one, same type first, then the larger overlap). System events overlapping an evidence
span no reviewer looked at (``unreviewed``) and matching nothing are left out of precision.

Metrics: ``n`` (articles), ``gold_events``, ``system_events``, ``precision``, ``recall``, ``f1``;
per field (type, acled_event_type, acled_sub_event_type, actors, recipients, place, date, modality,
fatalities) the accuracy on matched events (actors as sets of normalized names, places within
25 km or the same name); ``all_fields_right``: gold events matched with every field right, over all
gold events.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..settings import Settings

FIELDS = ("type", "acled_event_type", "acled_sub_event_type", "actors", "recipients", "place", "date", "modality",
          "fatalities")
PLACE_KM = 25.0


#: What ``eventwire eval realnews`` leads with.
HEADLINE = ("precision", "recall", "f1", "all_fields_right")

def _names(xs: list[str] | None) -> set[str]:
    from ..dedup import normalize_name

    return {normalize_name(x) for x in xs or [] if normalize_name(x)}


def field_right(field: str, gold: Any, system: Any) -> bool:
    """Whether the system's value of ``field`` is right."""
    if field in ("actors", "recipients"):
        return _names(gold) == _names(system)
    if field == "place":
        if not gold or not system:
            return not gold and not system
        if None not in (gold.get("lat"), gold.get("lon"), system.get("lat"), system.get("lon")):
            from ..dedup import haversine_km

            return haversine_km(gold["lat"], gold["lon"], system["lat"], system["lon"]) <= PLACE_KM
        return _names([gold.get("name") or ""]) == _names([system.get("name") or ""])
    if field == "type":
        return str(gold or "").upper() == str(system or "").upper()
    return gold == system


def _text(rec: dict[str, Any], settings: Settings) -> str:
    if isinstance(rec.get("text"), str):
        return rec["text"]
    from ..store import open_store

    with open_store(settings.db) as store:
        doc = store.document(rec["article_id"])
    if doc is None:
        raise EvalError(f"article {rec['article_id']} has no text in the gold file and is not in {settings.db}")
    return doc.text


def _overlap(a: dict[str, int], b: dict[str, int]) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def system_events(text: str, published: str | None, settings: Settings) -> list[dict[str, Any]]:
    """The pipeline's events of one text as gold-format dicts (evidence offsets into ``text``)."""
    from ..model import Article, Document
    from ..pipeline import default_pipeline
    from ..review.apply import machine_fields

    out = []
    for doc in default_pipeline(settings).pipe([Article.make(text, published=published)], on_error="record"):
        if not isinstance(doc, Document):
            continue
        for ev in doc.events:
            m = machine_fields(doc, ev)
            start, end = m.evidence.start, m.evidence.end
            if doc.text != text:  # cleaning changed the text: find the evidence in the gold text
                at = text.find(m.evidence.text)
                if at < 0:
                    continue
                start, end = at, at + len(m.evidence.text)
            d = {f: m.get(f) for f in FIELDS}
            d["evidence"] = {"start": start, "end": end}
            out.append(d)
    return out


def evaluate(path: Path, *, limit: int | None = None, split: str | None = None, sample: int | None = None,
             settings: Settings | None = None) -> dict[str, Any]:
    """Score the system against a real-news gold file (see the module docstring)."""
    from ..review.gold import read
    from .splits import pick

    settings = settings or Settings()
    records = pick("realnews", read(path), split, key=lambda r: str(r.get("article_id")), sample_size=sample)
    records = records[:limit] if limit else records
    tp = fp = n_gold = n_sys = all_right = 0
    right = dict.fromkeys(FIELDS, 0)
    for rec in records:
        gold = rec["events"]
        system = system_events(_text(rec, settings), rec.get("published"), settings)
        n_gold += len(gold)
        pairs = sorted(((g["type"] == s["type"], _overlap(g["evidence"], s["evidence"]), gi, si)
                        for gi, g in enumerate(gold) for si, s in enumerate(system)
                        if _overlap(g["evidence"], s["evidence"]) > 0), reverse=True)
        used_g: set[int] = set()
        used_s: set[int] = set()
        for _same, _ov, gi, si in pairs:
            if gi in used_g or si in used_s:
                continue
            used_g.add(gi)
            used_s.add(si)
            ok = [field_right(f, gold[gi].get(f), system[si].get(f)) for f in FIELDS]
            for f, good in zip(FIELDS, ok, strict=True):
                right[f] += good
            all_right += all(ok)
        unreviewed = rec.get("unreviewed") or []
        for si, s in enumerate(system):
            if si in used_s:
                continue
            if any(_overlap(s["evidence"], u) > 0 for u in unreviewed):
                continue
            fp += 1
        n_sys += len(system)
        tp += len(used_g)
    from . import prf

    p, r, f1 = prf(tp, fp, n_gold - tp)
    out: dict[str, Any] = {"n": len(records), "gold_events": n_gold, "system_events": n_sys, "matched": tp,
                           "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}
    for f in FIELDS:
        out[f] = round(right[f] / tp, 4) if tp else 0.0
    out["all_fields_right"] = round(all_right / n_gold, 4) if n_gold else 0.0
    return out

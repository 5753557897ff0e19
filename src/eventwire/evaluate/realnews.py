"""``eventwire eval realnews``: the system against reviewed real news (the format of
:mod:`eventwire.review.gold`, written by ``eventwire review export --format gold``).

Each gold article's text (in the record, else read from the store of ``Settings.db`` by article id)
is run through the pipeline. A system event matches a gold event when their evidence spans overlap
or one of its other ``mentions`` (``[{start, end}]``, optional: the other places the article reports the same
event) overlap (one to one: the same type first, then the gold evidence itself, then the larger overlap). A system
event left over that overlaps a matched gold event's spans is a ``duplicate`` (a false positive: the system made two
events of one). System events overlapping an evidence
span no reviewer looked at (``unreviewed``) and matching nothing are left out of precision.

Metrics: ``n`` (articles), ``gold_events``, ``system_events``, ``precision``, ``recall``, ``f1``;
per field (type, acled_event_type, acled_sub_event_type, actors, recipients, place, date, modality,
fatalities) the accuracy on matched events (actors as sets of normalized names, places within
25 km or the same name; a date with a time of day is right on the gold day; a gold null date, "the text gives
none", is answered by the system's ``inferred`` date, see :func:`date_right`; ``date_value`` compares the
values alone, as this evaluator did before); ``all_fields_right``: gold events
matched with every field right, over all gold events.

A record may instead name its article in a public corpus (``gold/realnews/`` in the repository: annotations
only, never texts): ``"doc": {"corpus": "wikinews_2019_2020", "path": "data/wikinews_2019.csv", "key": URL}``.
The text is then read from the corpus folder (``$EVENTWIRE_CORPUS``, else ``$EVENTWIRE_SHARED/data/corpus``,
else a ``shared/data/corpus`` beside a folder above the gold file): a CSV row's ``text`` column found by its
``url`` (Wikinews) or, for a CSV without one, the ``line`` column of the 1-based data row ``key`` (CENTCOM);
for a Markdown file (White House), the body after its YAML front matter. See :func:`corpus_text`.

``split`` (tune/validate, :mod:`eventwire.evaluate.splits`) is fixed by the article id and stratified by
corpus; ``case="lower"`` or ``"upper"`` scores the same articles with their text lower- or upper-cased
letter by letter (length kept, so every gold offset still holds).
"""

from __future__ import annotations

import csv
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError, EvalError
from ..settings import Settings
from . import splits

FIELDS = ("type", "acled_event_type", "acled_sub_event_type", "actors", "recipients", "place", "date", "modality",
          "fatalities")
PLACE_KM = 25.0
#: What ``eventwire eval realnews`` leads with.
HEADLINE = ("precision", "recall", "f1", "all_fields_right")
CASES = ("as_is", "lower", "upper")


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
    if field == "date" and isinstance(gold, str) and isinstance(system, str) and len(gold) == 10:
        return system == gold or system.startswith(gold + "T")  # a time of day on the right day
    return gold == system


def date_right(gold: dict[str, Any], system: dict[str, Any]) -> bool:
    """The date field: the gold value, or no date where the text gives none. The system marks a date the text
    does not give as ``inferred`` (the publication date, or the narrative's last date): that answers a gold
    null; where the gold has a date, the system's value must be it, inferred or not."""
    if gold.get("date") is None and system.get("date_inferred"):
        return True
    return field_right("date", gold.get("date"), system.get("date"))


def corpus_root(gold_path: Path | None = None) -> Path | None:
    """The folder holding the public corpora, or None when there is none."""
    env = os.environ.get("EVENTWIRE_CORPUS")
    if env:
        return Path(env) if Path(env).is_dir() else None
    shared = os.environ.get("EVENTWIRE_SHARED")
    if shared:
        p = Path(shared) / "data" / "corpus"
        return p if p.is_dir() else None
    for up in (Path(gold_path).resolve().parents if gold_path else ()):
        p = up.parent / "shared" / "data" / "corpus"
        if p.is_dir():
            return p
    return None


@lru_cache(maxsize=16)
def _csv_rows(path: Path) -> tuple[dict[str, str], ...]:
    csv.field_size_limit(1 << 26)
    with open(path, encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def _markdown_body(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if raw.startswith("---\n"):
        end = raw.find("\n---\n", 4)
        if end >= 0:
            return raw[end + 5:]
    return raw


def corpus_text(root: Path, ref: dict[str, Any]) -> str:
    """The text of one corpus article named by ``{"corpus", "path", "key"}`` (see the module docstring)."""
    try:
        path = (root / ref["corpus"] / ref["path"]).resolve()
    except (KeyError, TypeError) as e:
        raise EvalError(f"bad corpus reference {ref!r}: needs corpus and path") from e
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        raise EvalError(f"corpus file not found: {path}")
    if path.suffix == ".md":
        return _markdown_body(path)
    if path.suffix != ".csv":
        raise EvalError(f"unsupported corpus file {path.name}")
    rows = _csv_rows(path)
    key = str(ref.get("key"))
    if rows and "url" in rows[0]:
        for row in rows:
            if row.get("url") == key:
                return row["text"]
        raise EvalError(f"no row with url {key} in {path}")
    try:
        return rows[int(key) - 1]["line"]
    except (ValueError, IndexError, KeyError) as e:
        raise EvalError(f"no row {key} with a line column in {path}") from e


def recase(text: str, case: str | None) -> str:
    """:func:`eventwire.evaluate.recase`, which also takes ``"as_is"`` here (the ``case`` this evaluator reports)."""
    from . import recase as same_length_recase

    if case not in (None, *CASES):
        raise ConfigError(f"unknown case {case!r}; known: {', '.join(CASES)}")
    return same_length_recase(text, None if case == "as_is" else case)


def article_text(rec: dict[str, Any], gold_path: Path | None = None, settings: Settings | None = None) -> str:
    """The text a gold record's offsets point into: its own, a corpus article's, or the store's."""
    if isinstance(rec.get("text"), str):
        return rec["text"]
    if isinstance(rec.get("doc"), dict):
        root = corpus_root(gold_path)
        if root is None:
            raise EvalError("the gold file names corpus articles but no corpus folder was found "
                            "(set EVENTWIRE_CORPUS or EVENTWIRE_SHARED)")
        return corpus_text(root, rec["doc"])
    return _text(rec, settings or Settings())


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


def _reach(g: dict[str, Any], s: dict[str, Any]) -> int:
    """The largest overlap of a system event's evidence with a gold event's evidence or other mentions."""
    return max(_overlap(m, s["evidence"]) for m in [g["evidence"], *(g.get("mentions") or [])])


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
            d["date_inferred"] = ev.date.inferred
            d["evidence"] = {"start": start, "end": end}
            out.append(d)
    return out


def _stratum(rec: dict[str, Any]) -> str | None:
    doc = rec.get("doc")
    return doc.get("corpus") if isinstance(doc, dict) else None


def evaluate(path: Path, *, limit: int | None = None, settings: Settings | None = None, split: str | None = None,
             sample: int | None = None, case: str | None = None) -> dict[str, Any]:
    """Score the system against a real-news gold file (see the module docstring)."""
    from ..review.gold import read

    settings = settings or Settings()
    recase("", case)
    records = splits.pick("realnews", read(path), split, key=lambda r: str(r["article_id"]), stratum=_stratum,
                          sample_size=sample)
    if limit:
        records = records[:limit]
    tp = fp = dup = n_gold = n_sys = all_right = date_value = 0
    right = dict.fromkeys(FIELDS, 0)
    for rec in records:
        gold = rec["events"]
        system = system_events(recase(article_text(rec, Path(path), settings), case), rec.get("published"),
                               settings)
        n_gold += len(gold)
        pairs = sorted(((g["type"] == s["type"], _overlap(g["evidence"], s["evidence"]) > 0, _reach(g, s), gi, si)
                        for gi, g in enumerate(gold) for si, s in enumerate(system) if _reach(g, s) > 0),
                       reverse=True)
        used_g: set[int] = set()
        used_s: set[int] = set()
        for _same, _on_evidence, _ov, gi, si in pairs:
            if gi in used_g or si in used_s:
                continue
            used_g.add(gi)
            used_s.add(si)
            g, sy = gold[gi], system[si]
            ok = [date_right(g, sy) if f == "date" else field_right(f, g.get(f), sy.get(f)) for f in FIELDS]
            date_value += field_right("date", gold[gi].get("date"), system[si].get("date"))
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
            dup += any(_reach(gold[gi], s) > 0 for gi in used_g)
        n_sys += len(system)
        tp += len(used_g)
    from . import prf

    p, r, f1 = prf(tp, fp, n_gold - tp)
    out: dict[str, Any] = {"n": len(records), "case": case or "as_is", "gold_events": n_gold,
                           "system_events": n_sys, "matched": tp, "duplicates": dup,
                           "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}
    for f in FIELDS:
        out[f] = round(right[f] / tp, 4) if tp else 0.0
    out["date_value"] = round(date_value / tp, 4) if tp else 0.0
    out["all_fields_right"] = round(all_right / n_gold, 4) if n_gold else 0.0
    return out

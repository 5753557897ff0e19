"""``eventwire eval time``: TIMEX3 tagging and normalization on TimeML files, scored the TempEval-3 way.

Extent F1 strict (same span) and relaxed (overlapping spans, matched one to one); value accuracy on
the relaxed matches; value F1 with a true positive being a relaxed match with the gold value. Values
are compared after :func:`canonical_value` (zero-padded weeks, trailing unspecified fields);
``value_f1_exact`` compares the strings as they are. The
document creation time (DCT) is the anchor; the DCT itself is not scored. ``limit`` is a number of files.

Splits: an item is a document (its file name), stratified by the folder it lies in (TimeBank, AQUAINT).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..settings import Settings
from ..timex.stage import time_expressions
from ..timex.timeml import TimeMLDoc, read_timeml
from . import prf

HEADLINE = ("value_f1", "extent_f1_relaxed", "extent_f1_strict", "value_accuracy")


def timeml_files(path: Path) -> list[Path]:
    """The ``.tml`` files at ``path`` (a file or a folder searched recursively), in name order."""
    if path.is_file():
        return [path]
    files = sorted(p for p in path.rglob("*.tml") if not p.name.startswith("._"))
    if not files:
        raise EvalError(f"no .tml files under {path}")
    return files


def _match(gold: list[tuple[int, int, str]], sys: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """One-to-one relaxed matches (gold index, system index), exact spans first, then largest overlap."""
    pairs = []
    for gi, (gs, ge, _) in enumerate(gold):
        for si, (ss, se, _) in enumerate(sys):
            ov = min(ge, se) - max(gs, ss)
            if ov > 0:
                pairs.append((-(gs == ss and ge == se), -ov, gi, si))
    pairs.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _, _, gi, si in pairs:
        if gi not in used_g and si not in used_s:
            used_g.add(gi)
            used_s.add(si)
            out.append((gi, si))
    return out


_WEEK = re.compile(r"-W(\d)(?!\d)")
_UNSPECIFIED = re.compile(r"(?:-XX)+$|(?<=^\d{3})X$|(?<=^\d{2})XX$")
_HOUR = re.compile(r"(T\d\d)$")


def canonical_value(value: str) -> str:
    """A TIMEX3 value with trivial spelling differences removed: zero-padded week numbers ("W7" = "W07"),
    trailing unspecified fields ("1949-XX" = "1949", "199X" = "199", "19XX" = "19") and a whole hour without
    its minutes ("T17" = "T17:00")."""
    return _HOUR.sub(r"\1:00", _UNSPECIFIED.sub("", _WEEK.sub(r"-W0\1", value.strip())))


def score_document(doc: TimeMLDoc, sys: list[tuple[int, int, str]], types: list[str] | None = None) -> dict[str, int]:
    """Counts for one document: gold, system, strict, relaxed and value matches (and type matches when the
    system's ``types`` are given)."""
    gold = [(t.start, t.end, t.value) for t in doc.timexes]
    matches = _match(gold, sys)
    strict = sum(1 for gi, si in matches if gold[gi][:2] == sys[si][:2])
    value = sum(1 for gi, si in matches if canonical_value(gold[gi][2]) == canonical_value(sys[si][2]))
    exact = sum(1 for gi, si in matches if gold[gi][2] == sys[si][2])
    out = {"gold": len(gold), "sys": len(sys), "strict": strict, "relaxed": len(matches), "value": value,
           "value_exact": exact}
    if types is not None:
        out["type"] = sum(1 for gi, si in matches if doc.timexes[gi].type == types[si])
    return out


def evaluate(path: Path, *, limit: int | None = None, split: str | None = None, sample: int | None = None,
             settings: Settings | None = None, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Score the time tagger on TimeML files under ``path``; ``errors`` (a list) collects the misses."""
    from ..nlp import load_model
    from .splits import pick

    settings = settings or Settings()
    files = pick("time", timeml_files(Path(path)), split, key=lambda f: f.name, stratum=lambda f: f.parent.name,
                 sample_size=sample)[: limit or None]
    if not files:
        raise EvalError(f"no documents in {path} (split {split or 'all'})")
    docs = [read_timeml(f) for f in files]
    nlp = load_model(settings.spacy_model)
    data_dir = str(settings.data_dir) if settings.data_dir else None
    totals = {"gold": 0, "sys": 0, "strict": 0, "relaxed": 0, "value": 0, "value_exact": 0, "type": 0}
    t0 = time.perf_counter()
    t_time = 0.0
    # the tagger needs the parse, not the entities
    disable = [p for p in ("ner",) if p in nlp.pipe_names]
    texts = [d.text for d in docs]
    for doc, sdoc in zip(docs, nlp.pipe(texts, batch_size=settings.batch_size, disable=disable), strict=True):
        t1 = time.perf_counter()
        times = time_expressions(doc.text, doc.dct, sdoc, data_dir=data_dir, ranges=False)
        t_time += time.perf_counter() - t1
        sys = [(t.start, t.end, t.value) for t in times]
        counts = score_document(doc, sys, [t.type for t in times])
        for k, v in counts.items():
            totals[k] += v
        if errors is not None:
            _collect_errors(doc, times, errors)
    elapsed = time.perf_counter() - t0
    _, _, f_strict = prf(totals["strict"], totals["sys"] - totals["strict"], totals["gold"] - totals["strict"])
    p_rel, r_rel, f_rel = prf(totals["relaxed"], totals["sys"] - totals["relaxed"], totals["gold"] - totals["relaxed"])
    _, _, f_val = prf(totals["value"], totals["sys"] - totals["value"], totals["gold"] - totals["value"])
    _, _, f_exact = prf(totals["value_exact"], totals["sys"] - totals["value_exact"],
                        totals["gold"] - totals["value_exact"])
    return {
        "n": len(docs),
        "gold": totals["gold"],
        "system": totals["sys"],
        "extent_f1_strict": round(f_strict, 4),
        "extent_f1_relaxed": round(f_rel, 4),
        "extent_precision_relaxed": round(p_rel, 4),
        "extent_recall_relaxed": round(r_rel, 4),
        "value_accuracy": round(totals["value"] / totals["relaxed"], 4) if totals["relaxed"] else 0.0,
        "value_f1": round(f_val, 4),
        "value_f1_exact": round(f_exact, 4),  # without canonical_value: "W7" != "W07", "1949-XX" != "1949"
        "type_accuracy": round(totals["type"] / totals["relaxed"], 4) if totals["relaxed"] else 0.0,
        "seconds": round(elapsed, 2),
        "time_stage_seconds": round(t_time, 3),
    }


def _collect_errors(doc: TimeMLDoc, times: list, errors: list[dict[str, Any]]) -> None:
    gold = [(t.start, t.end, t.value) for t in doc.timexes]
    sys = [(t.start, t.end, t.value) for t in times]
    matches = _match(gold, sys)
    mg = {gi: si for gi, si in matches}
    ms = {si for _, si in matches}
    for gi, g in enumerate(doc.timexes):
        if gi not in mg:
            errors.append({"kind": "missed", "doc": doc.id, "dct": doc.dct, "gold": g.text, "value": g.value,
                           "context": doc.text[max(0, g.start - 60):g.end + 40]})
        else:
            s = times[mg[gi]]
            if canonical_value(s.value) != canonical_value(g.value) or (s.start, s.end) != (g.start, g.end):
                kind = "value" if canonical_value(s.value) != canonical_value(g.value) else "extent"
                errors.append({"kind": kind, "doc": doc.id, "dct": doc.dct,
                               "gold": g.text, "value": g.value, "sys": s.text, "sys_value": s.value,
                               "context": doc.text[max(0, g.start - 60):g.end + 40]})
    for si, s in enumerate(times):
        if si not in ms:
            errors.append({"kind": "spurious", "doc": doc.id, "dct": doc.dct, "sys": s.text, "sys_value": s.value,
                           "context": doc.text[max(0, s.start - 60):s.end + 40]})

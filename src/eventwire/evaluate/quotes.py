"""``eventwire eval quotes``: attribution (quote) extraction scored on BRAT standoff gold (PolNeAR).

Gold: for each article ``NAME.txt``, one ``.ann`` file (``NAME.ann`` or ``NAME_<annotator>.ann``;
with several annotators the first in sorted order is used) whose ``E`` lines tie ``Content``,
``Cue`` and ``Source`` spans (``T`` lines, possibly discontinuous: ``Content 10 20;25 40``). Layouts
accepted for ``--data``: a split folder with ``text/`` and ``attributions/``, the corpus root (its
``dev/`` split is used), or a folder of ``.txt`` files with their ``.ann`` files beside them.

Metrics (the articles run through nlp, actors and quotes on their raw text, so offsets agree):

- ``content_f1_exact``: a predicted content equals a gold content after trimming spaces, quote
  marks and edge punctuation from both (the gold's fragments taken as one stretch);
- ``content_f1_token`` (the headline): predicted and gold contents are paired one to one (largest
  character overlap first); a pair scores the share of word tokens they share over the tokens of
  either (shared / union, the partial-match score of attribution work); precision is the sum of the
  pair scores over the predicted contents, recall over the gold ones;
- ``any_overlap_f1``: a pair counts whole when the contents share a single character (lenient);
- ``speaker_accuracy``: over overlap-matched contents, the share whose speaker is right: the
  predicted speaker span, or a mention of the predicted speaker actor, overlaps the gold Source;
  where the gold has no Source, right when none is predicted.

Splits: an item is a document (its file name), without strata.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..model import Article, Document, Quote
from ..settings import Settings
from . import prf

_TRIM = " \t\r\n\"'“”‘’«»„,.;:!?—–-…()"
_WORD = re.compile(r"\w+")
HEADLINE = ("content_f1_token", "content_f1_exact", "speaker_accuracy")


@dataclass
class GoldAttribution:
    """One gold attribution: content fragments and source fragments (character spans)."""

    content: list[tuple[int, int]]
    source: list[tuple[int, int]]

    @property
    def hull(self) -> tuple[int, int]:
        return min(s for s, _ in self.content), max(e for _, e in self.content)


def _spans(field: str) -> list[tuple[int, int]]:
    out = []
    for part in field.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path) -> list[GoldAttribution]:
    """The attributions of one BRAT ``.ann`` file (those with a Content span)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    rels: list[dict[str, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise EvalError(f"cannot read {path}: {e}") from e
    for line in lines:
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, loc = parts[1].partition(" ")
            try:
                spans[parts[0]] = (label, _spans(loc))
            except ValueError as e:
                raise EvalError(f"{path}: bad span line {line!r}") from e
        elif line.startswith("E") and len(parts) >= 2:
            args = {}
            for arg in parts[1].split():
                role, _, ref = arg.partition(":")
                args[role.rstrip("0123456789")] = ref
            rels.append(args)
    out = []
    for r in rels:
        content = spans.get(r.get("Content", ""))
        if content is None:
            continue
        source = spans.get(r.get("Source", ""))
        out.append(GoldAttribution(content=content[1], source=source[1] if source else []))
    return out


def find_items(path: Path) -> list[tuple[Path, Path]]:
    """(text file, annotation file) pairs under a split folder, corpus root or flat folder."""
    if (path / "dev").is_dir() and not (path / "text").is_dir():
        path = path / "dev"
    if (path / "text").is_dir() and (path / "attributions").is_dir():
        texts, anns = path / "text", path / "attributions"
    else:
        texts = anns = path
    items = []
    for txt in sorted(texts.glob("*.txt")):
        cands = sorted(anns.glob(f"{txt.stem}.ann")) + sorted(anns.glob(f"{txt.stem}_*.ann"))
        if cands:
            items.append((txt, cands[0]))
    if not items:
        raise EvalError(f"no .txt files with .ann annotations under {path}")
    return items


def _norm(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _chars(spans: list[tuple[int, int]]) -> set[int]:
    return {i for s, e in spans for i in range(s, e)}


def _speaker_ok(q: Quote, g: GoldAttribution, doc: Document) -> bool:
    if not g.source:
        return q.speaker_start is None and q.speaker is None
    src = _chars(g.source)
    if q.speaker_start is not None and q.speaker_end is not None:
        if any(i in src for i in range(q.speaker_start, q.speaker_end)):
            return True
    if q.speaker:
        actor = next((a for a in doc.actors if a.id == q.speaker), None)
        if actor is not None and any(any(i in src for i in range(m.start, m.end)) for m in actor.mentions):
            return True
    return False


def _tokens(words: list[tuple[int, int]], chars: set[int]) -> set[int]:
    """Indices of the word tokens that lie (partly) on ``chars``."""
    return {i for i, (s, e) in enumerate(words) if any(c in chars for c in range(s, e))}


def score_document(doc: Document, gold: list[GoldAttribution]) -> dict[str, float]:
    """Counts for one article: exact and any-overlap tp/fp/fn, the token-overlap sum, speaker right/total."""
    text = doc.text
    preds = doc.quotes
    gold_norm = {_norm(text, *g.hull) for g in gold}
    pred_norm = [_norm(text, q.start, q.end) for q in preds]
    tp_exact = len(gold_norm & set(pred_norm))
    pairs = []
    gold_chars = [_chars(g.content) for g in gold]
    for pi, q in enumerate(preds):
        for gi, gc in enumerate(gold_chars):
            ov = sum(1 for i in range(q.start, q.end) if i in gc)
            if ov:
                pairs.append((ov, pi, gi))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    right = 0
    token_sum = 0.0
    words = [m.span() for m in _WORD.finditer(text)]
    for _, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        right += _speaker_ok(preds[pi], gold[gi], doc)
        pt = _tokens(words, set(range(preds[pi].start, preds[pi].end)))
        gt = _tokens(words, gold_chars[gi])
        token_sum += len(pt & gt) / len(pt | gt) if pt | gt else 0.0
    return {
        "tp_exact": tp_exact, "fp_exact": len(set(pred_norm)) - tp_exact, "fn_exact": len(gold_norm) - tp_exact,
        "tp": len(used_p), "fp": len(preds) - len(used_p), "fn": len(gold) - len(used_g),
        "speaker_right": right, "speaker_total": len(used_p),
        "token_overlap": token_sum, "predicted": len(preds), "gold": len(gold),
    }


def evaluate(path: Path, *, limit: int | None = None, split: str | None = None, sample: int | None = None,
             settings: Settings | None = None) -> dict[str, Any]:
    """Score the quote stage on BRAT attribution gold under ``path``."""
    from ..pipeline import Pipeline
    from .splits import pick

    items = pick("quotes", find_items(Path(path)), split, key=lambda it: it[0].stem, sample_size=sample)
    if not items:
        raise EvalError(f"no documents in {path} (split {split or 'all'})")
    if limit is not None:
        items = items[:limit]
    pipe = Pipeline(settings or Settings(), stages=["nlp", "actors", "quotes"])
    articles, golds = [], []
    for txt, ann in items:
        try:
            raw = txt.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise EvalError(f"cannot read {txt}: {e}") from e
        articles.append(Article.make(raw, origin=str(txt)))
        golds.append(read_ann(ann))
    totals: dict[str, float] = {}
    t0 = time.perf_counter()
    for doc, gold in zip(pipe.pipe(articles), golds, strict=True):
        assert isinstance(doc, Document)
        for k, v in score_document(doc, gold).items():
            totals[k] = totals.get(k, 0) + v
    seconds = time.perf_counter() - t0
    _, _, f_exact = prf(int(totals["tp_exact"]), int(totals["fp_exact"]), int(totals["fn_exact"]))
    p, r, f = prf(int(totals["tp"]), int(totals["fp"]), int(totals["fn"]))
    tp_ = totals["token_overlap"] / totals["predicted"] if totals["predicted"] else 0.0
    tr_ = totals["token_overlap"] / totals["gold"] if totals["gold"] else 0.0
    return {
        "n": len(items),
        "gold": int(totals["gold"]),
        "predicted": int(totals["predicted"]),
        "content_f1_token": round(2 * tp_ * tr_ / (tp_ + tr_), 4) if tp_ + tr_ else 0.0,
        "content_precision_token": round(tp_, 4),
        "content_recall_token": round(tr_, 4),
        "content_f1_exact": round(f_exact, 4),
        "any_overlap_precision": round(p, 4),
        "any_overlap_recall": round(r, 4),
        "any_overlap_f1": round(f, 4),
        "speaker_accuracy": round(totals["speaker_right"] / max(1, totals["speaker_total"]), 4),
        "seconds": round(seconds, 2),
    }


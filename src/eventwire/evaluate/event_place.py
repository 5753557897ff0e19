"""``eventwire eval event_place``: which place in a sentence is where its event happens.

Data: Halterman's event-location sentences (``labeled_text.jsonl.zip``, one JSON array of Prodigy
records, or the unzipped file): each accepted record has one event ``VERB`` span and zero or more
``LOCATION`` spans (the places where that event happens). Each sentence is geoparsed on its own
and :func:`eventwire.geo.event_place` is asked for the verb's place.

Metrics:
- ``n``: accepted records with a verb;
- ``accuracy``: records with a gold location whose chosen place overlaps one of them;
- ``none_accuracy``: records without a gold location for which no place in the sentence was
  chosen (no article focus to fall back on in a one-sentence text);
- ``overall``: both kinds together; ``recall_located`` over located records counts a missing
  place as wrong, like ``accuracy``; ``place_found`` is how often a gold location was recognized as
  a place at all (the ceiling of ``accuracy``).

``case`` recases the sentences (offsets kept); spaCy reads them truecased where they have no case,
as in the pipeline.

Splits: an item is a sentence (Prodigy's ``_input_hash``: the records of one sentence stay together),
stratified by the record's ``source`` where it has one.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..settings import Settings
from . import recase, spacy_texts

HEADLINE = ("accuracy", "overall")


def sentence_id(rec: dict[str, Any]) -> str:
    return str(rec.get("_input_hash") or rec.get("_id") or rec.get("text"))


def read_records(path: Path) -> list[dict[str, Any]]:
    """The accepted records with exactly one verb, in file order."""
    try:
        if path.is_dir():
            path = path / "labeled_text.jsonl.zip"
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                name = next(n for n in z.namelist() if n.endswith(".jsonl") and not n.startswith("__MACOSX"))
                raw = z.read(name).decode("utf-8")
        else:
            raw = path.read_text(encoding="utf-8")
    except (OSError, zipfile.BadZipFile, StopIteration) as e:
        raise EvalError(f"cannot read {path}: {e}") from e
    raw = raw.strip()
    data = json.loads(raw) if raw.startswith("[") else [json.loads(line) for line in raw.splitlines() if line.strip()]
    out = []
    for r in data:
        if r.get("answer") != "accept":
            continue
        verbs = [s for s in r.get("spans", []) if s.get("label") == "VERB"]
        if len(verbs) != 1:
            continue
        out.append(r)
    return out


def evaluate(path: Path, *, limit: int | None = None, split: str | None = None, sample: int | None = None,
             settings: Settings | None = None, case: str | None = None) -> dict[str, Any]:
    """Score event-place choice on the event-location sentences (see the module docstring)."""
    from ..geo import event_place, geoparse
    from ..geo.gazetteer import ensure
    from ..model import Document
    from ..nlp import load_model
    from .splits import assign, check_split
    from .splits import sample as fixed_sample

    settings = settings or Settings()
    recs = read_records(Path(path))
    split = check_split(split)
    if split != "all":
        parts = assign("event_place", ((sentence_id(r), str(r.get("source") or "")) for r in recs))
        recs = [r for r in recs if parts[sentence_id(r)] == split]
    if sample is not None:
        keep = {sentence_id(r) for r in fixed_sample("event_place", _firsts(recs), sample, key=sentence_id)}
        recs = [r for r in recs if sentence_id(r) in keep]
    if not recs:
        raise EvalError(f"no records in {path} (split {split})")
    if limit:
        recs = recs[:limit]
    if case is not None:
        recs = [{**r, "text": recase(r["text"], case)} for r in recs]
    nlp = load_model(settings.spacy_model)
    gaz = ensure(settings)
    located = located_ok = found = 0
    unlocated = none_ok = 0
    for r, sdoc in zip(recs, nlp.pipe(spacy_texts([r["text"] for r in recs], settings), batch_size=64), strict=True):
        doc = Document(id=str(r.get("_id", "")), text=r["text"])
        doc.places = geoparse(sdoc, gaz, data_dir=settings.data_dir, context_places=settings.geo_context_places)
        verb = next(s for s in r["spans"] if s["label"] == "VERB")
        golds = [(s["start"], s["end"]) for s in r["spans"] if s["label"] == "LOCATION" and s["end"] > s["start"]]
        pid = event_place(doc, sdoc, verb["start"], verb["end"], fallback=False)
        place = next((p for p in doc.places if p.id == pid), None)
        if golds:
            located += 1
            if any(any(p.start < e and s < p.end for s, e in golds) for p in doc.places if p.kind != "demonym"):
                found += 1
            if place is not None and any(place.start < e and s < place.end for s, e in golds):
                located_ok += 1
        else:
            unlocated += 1
            none_ok += int(place is None)
    n = located + unlocated
    return {
        "n": n,
        "located": located,
        "accuracy": round(located_ok / located, 4) if located else 0.0,
        "place_found": round(found / located, 4) if located else 0.0,
        "none_accuracy": round(none_ok / unlocated, 4) if unlocated else 0.0,
        "overall": round((located_ok + none_ok) / n, 4) if n else 0.0,
    }


def _firsts(recs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per sentence (the first), for sampling sentences."""
    seen: set[str] = set()
    out = []
    for r in recs:
        if sentence_id(r) not in seen:
            seen.add(sentence_id(r))
            out.append(r)
    return out

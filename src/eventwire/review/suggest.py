"""Repeated corrections turned into data-file rows for a person to accept.

- an actor named X by the machine and corrected to Y at least ``min_count`` times: an alias row
  for ``actors.csv`` (Y with alias X);
- a place named X by the machine and corrected to the gazetteer place G that often: a row for
  ``gazetteer_overrides.csv`` (X as another name of G; applied when the gazetteer is rebuilt);
- a trigger word whose events were marked "not an event" that often: the lemma dropped from the
  ``triggers.yaml`` entries of that type.

Accepting a suggestion writes to the user's data folder (``Settings.data_dir``,
``EVENTWIRE_DATA_DIR``), never to the package's own files.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError, InputError
from ..model import Record, content_id
from ..resources import data_path
from ..settings import Settings
from ..store import Store
from .apply import anchor, machine_fields
from .store import reviews as load_reviews


class Suggestion(Record):
    id: str
    kind: str  # actor_alias | gazetteer_name | drop_trigger
    file: str
    row: dict[str, Any]
    count: int
    examples: list[str]
    text: str


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_") or "actor"


def _lemma_of(word: str, lemmas: set[str]) -> str | None:
    w = word.casefold().strip()
    if w in lemmas:
        return w
    for suffix, repl in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""),
                         ("ied", "y"), ("ies", "y")):
        if w.endswith(suffix) and (cand := w[: len(w) - len(suffix)] + repl) in lemmas:
            return cand
    return None


def _trigger_entries(settings: Settings) -> list[dict[str, Any]]:
    return yaml.safe_load(data_path("triggers.yaml", settings.data_dir).read_text(encoding="utf-8")) or []


def suggest(store: Store, *, min_count: int = 2, settings: Settings | None = None) -> list[Suggestion]:
    """Suggestions from the corrections stored so far, most frequent first."""
    settings = settings or Settings()
    actor_pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    place_pairs: dict[tuple[str, int], list[str]] = defaultdict(list)
    place_names: dict[int, str] = {}
    drops: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_article: dict[str, list] = defaultdict(list)
    for rv in load_reviews(store):
        by_article[rv.article_id].append(rv)
    for doc in store.documents(ids=list(by_article)):
        events = {e.id: e for e in doc.events}
        for rv in by_article[doc.id]:
            key = f"{doc.id}:{rv.event_id}"
            if rv.action == "correct" and rv.field in ("actors", "recipients"):
                old, new = list(rv.old_value or []), list(rv.new_value or [])
                gone = [x for x in old if x not in new]
                came = [x for x in new if x not in old]
                if len(gone) == 1 and len(came) == 1 and gone[0].casefold() != came[0].casefold():
                    actor_pairs[(gone[0], came[0])].append(key)
            elif rv.action == "correct" and rv.field == "place" and rv.old_value and rv.new_value:
                gid = rv.new_value.get("geonameid")
                old_name = rv.old_value.get("name")
                if gid and old_name and old_name.casefold() != str(rv.new_value.get("name", "")).casefold():
                    place_pairs[(old_name, int(gid))].append(key)
                    place_names[int(gid)] = rv.new_value.get("name", "")
            elif rv.action == "verdict" and (rv.new_value or {}).get("verdict") == "not_event":
                eid = anchor(doc, rv)
                if eid in events and (m := machine_fields(doc, events[eid])).trigger:
                    drops[(m.trigger.casefold(), m.type)].append(key)
    out: list[Suggestion] = []
    for (old, new), ex in actor_pairs.items():
        if len(ex) >= min_count:
            row = {"id": _slug(new), "name": new, "aliases": old, "kind": "", "country": "", "inter": "",
                   "wikidata": "", "descriptors": ""}
            out.append(Suggestion(id=content_id("actor_alias", old, new, length=8), kind="actor_alias",
                                  file="actors.csv", row=row, count=len(ex), examples=sorted(set(ex)),
                                  text=f"actor {old!r} is {new!r}: add the alias"))
    for (old, gid), ex in place_pairs.items():
        if len(ex) >= min_count:
            row = {"geonameid": gid, "names": old, "demonyms": "", "lat": "", "lon": ""}
            out.append(Suggestion(id=content_id("gazetteer_name", old, str(gid), length=8), kind="gazetteer_name",
                                  file="gazetteer_overrides.csv", row=row, count=len(ex), examples=sorted(set(ex)),
                                  text=f"place {old!r} is {place_names[gid]!r} (geonameid {gid}): add the name"))
    if drops:
        entries = _trigger_entries(settings)
        for (word, etype), ex in drops.items():
            if len(ex) < min_count:
                continue
            lemmas = {str(x).casefold() for e in entries if e.get("type") == etype for x in e.get("lemmas") or ()}
            lemma = _lemma_of(word, lemmas)
            if lemma is None:
                continue
            out.append(Suggestion(id=content_id("drop_trigger", lemma, etype, length=8), kind="drop_trigger",
                                  file="triggers.yaml", row={"lemma": lemma, "type": etype}, count=len(ex),
                                  examples=sorted(set(ex)),
                                  text=f"trigger {lemma!r} ({etype}) was no event {len(ex)} times: drop it"))
    return sorted(out, key=lambda s: (-s.count, s.kind, s.id))


def _append_csv(path: Path, bundled: Path, row: dict[str, Any]) -> None:
    header = next(csv.reader(line for line in bundled.read_text(encoding="utf-8").splitlines()
                             if not line.startswith("#")))
    new = not path.exists()
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    if new:
        w.writeheader()
    w.writerow({k: row.get(k, "") for k in header})
    with path.open("a", encoding="utf-8") as f:
        f.write(buf.getvalue())


def accept(store: Store, suggestion_id: str, *, settings: Settings | None = None, min_count: int = 2) -> Path:
    """Write one suggestion into the user's data folder; returns the file written."""
    settings = settings or Settings()
    if settings.data_dir is None:
        raise ConfigError("no data folder: set EVENTWIRE_DATA_DIR to the folder for your own data files")
    found = {s.id: s for s in suggest(store, min_count=min_count, settings=settings)}
    if suggestion_id not in found:
        raise InputError(f"no suggestion {suggestion_id!r} (eventwire review suggest lists them)")
    s = found[suggestion_id]
    folder = Path(settings.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / s.file
    if s.kind in ("actor_alias", "gazetteer_name"):
        bundled = data_path(s.file, None)
        _append_csv(target, bundled, s.row)
        return target
    entries = _trigger_entries(settings)
    kept = []
    for e in entries:
        if e.get("type") == s.row["type"] and s.row["lemma"] in [str(x).casefold() for x in e.get("lemmas") or ()]:
            e = {**e, "lemmas": [x for x in e["lemmas"] if str(x).casefold() != s.row["lemma"]]}
            if not e["lemmas"]:
                continue
        kept.append(e)
    head = (f"# The trigger lexicon with review suggestions applied (eventwire review suggest --accept).\n"
            f"# Dropped: {s.row['lemma']} ({s.row['type']}). This file replaces the bundled triggers.yaml.\n")
    target.write_text(head + yaml.safe_dump(kept, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    return target

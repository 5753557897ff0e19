"""Actor linking against ACLED's coded ``actor1``: does the text of ``notes`` yield that actor?

For each row, the pipeline (nlp + actors) runs on ``notes``. ``actor1_match`` is the share of rows
with an actor whose name or alias equals ACLED's actor1 name (years dropped; a faction or sub-unit
named after the years matches on its own or as the whole; "NAF: United Armed Forces of Novorossiya"
matches either part; a country in brackets must
agree with the actor's country when the actor has one). ``actor1_inter_match`` is the share with an
actor of the same ACLED inter code (and a compatible country). This asks whether linking finds the
actor anywhere in the notes; the ACLED evaluator's ``primary_actor1_match`` asks whether the system's own
primary event names it.

Splits: as ``eval acled`` (a row's ``event_id_cnty``, stratified by country).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..model import Actor, Article
from ..settings import Settings

_PAREN = re.compile(r"\(([^)]*)\)")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
HEADLINE = ("actor1_match", "actor1_inter_match")


def _norm(s: str) -> str:
    s = s.lower().strip()
    s = s[4:] if s.startswith("the ") else s
    return _NON_ALNUM.sub("", s)


def parse_acled_name(name: str) -> tuple[set[str], str | None]:
    """Normalized name forms of an ACLED actor and the country in brackets, if any.

    >>> sorted(parse_acled_name("Military Forces of Yemen (2016-) Supreme Political Council")[0])
    ['militaryforcesofyemen', 'supremepoliticalcouncil']
    >>> parse_acled_name("Protesters (Pakistan)")
    ({'protesters'}, 'Pakistan')
    """
    country = None
    m = _PAREN.search(name)
    base = name
    unit = ""
    if m:
        inner = m.group(1).strip()
        if not any(ch.isdigit() for ch in inner) and not inner.lower().startswith("pro-"):
            country = inner
        elif any(ch.isdigit() for ch in inner):
            unit = name[m.end():].strip()  # the named sub-unit after the dates: "... (2016-) Government of ..."
        base = name[: m.start()]
    forms = {base, unit}
    for sep in (":", " - "):  # "NAF: United Armed Forces of ...", "Boko Haram - Jamatu Ahli ..."
        if sep in base:
            abbr, _, full = base.partition(sep)
            forms |= {abbr, full}
    return {_norm(f) for f in forms if _norm(f)}, country


def _actor_forms(actor: Actor) -> set[str]:
    out = set()
    for s in (actor.name, *actor.aliases):
        s = _PAREN.sub("", s)
        out.add(_norm(s))
        if ":" in s:
            out |= {_norm(p) for p in s.split(":", 1)}
    return {f for f in out if f}


def _country_ok(actor: Actor, country: str | None, names: dict[str, str]) -> bool:
    return country is None or actor.country is None or names.get(actor.country, "").lower() == country.lower()


def _rows(path: Path) -> list[dict[str, str]]:
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    rows: list[dict[str, str]] = []
    for f in files:
        try:
            with f.open(encoding="utf-8", newline="") as fh:
                rows += [r for r in csv.DictReader(fh) if r.get("notes") and r.get("actor1")]
        except (OSError, csv.Error) as e:
            raise EvalError(f"cannot read ACLED rows from {f}: {e}") from e
    if not rows:
        raise EvalError(f"no ACLED rows with notes and actor1 in {path}")
    return rows


def evaluate(path: Path, *, limit: int | None = None, split: str | None = None, sample: int | None = None,
             settings: Settings | None = None) -> dict[str, Any]:
    """Share of ACLED rows whose actor1 is among the actors linked in ``notes`` (rows evenly sampled)."""
    from ..actors import load_dictionary
    from ..pipeline import Pipeline
    from .acled import row_id
    from .splits import pick

    settings = settings or Settings()
    rows = pick("acled", _rows(Path(path)), split, key=row_id, stratum=lambda r: (r.get("country") or "").lower(),
                sample_size=sample)
    if not rows:
        raise EvalError(f"no ACLED rows in {path} (split {split or 'all'})")
    if limit is not None and limit < len(rows):
        step = len(rows) / limit
        rows = [rows[int(i * step)] for i in range(limit)]
    names = {iso3: c.name for iso3, c in load_dictionary(settings.data_dir).countries.items()}
    pipe = Pipeline(settings, stages=["nlp", "actors"])
    arts = [Article.make(r["notes"]) for r in rows]
    name_hits = inter_hits = with_actor = 0
    for row, doc in zip(rows, pipe.pipe(arts, on_error="record"), strict=True):
        actors = getattr(doc, "actors", None) or []
        with_actor += bool(actors)
        forms, country = parse_acled_name(row["actor1"])
        if any(forms & _actor_forms(a) and _country_ok(a, country, names) for a in actors):
            name_hits += 1
        try:
            inter1 = int(row.get("inter1") or 0)
        except ValueError:
            inter1 = 0
        row_country = (row.get("country") or "").lower()
        if any(a.inter == inter1 and (a.country is None or names.get(a.country, "").lower() == row_country)
               for a in actors):
            inter_hits += 1
    n = len(rows)
    return {
        "n": n,
        "actor1_match": round(name_hits / n, 4),
        "actor1_inter_match": round(inter_hits / n, 4),
        "rows_with_actors": round(with_actor / n, 4),
    }

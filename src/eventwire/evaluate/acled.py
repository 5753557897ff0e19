"""``eventwire eval acled``: event coding scored against ACLED exports.

Each row's ``notes`` is run through the pipeline, published on the row's ``timestamp`` (a Unix time;
when absent, ``event_date`` + 7 days).

**Headline** (``primary_*``): every field is scored on the document's own ``primary`` event
(:mod:`eventwire.events.primary`: the system's ranking, no look at the gold row). A row whose document
has no event (or failed) is wrong on every field it has.

**Best match** (``best_match_*``, a diagnostic): per row the predicted event, among those with an ACLED
code (all events when none has one), that agrees with the row on the most scored fields (event type,
sub-type, actor1, place within 25 km, date, fatalities); ties go to the earlier event. It shows what
the extractor found somewhere in the text, not what it answers.

Each field is scored only on rows that have it: ``event_type_accuracy``, ``sub_event_macro_f1`` (macro
over the gold sub-types), ``actor1_match``/``actor2_match`` (the ACLED actor, without its parenthesised
qualifier, equals the name or an alias of one of the event's actors, or recipients for actor2;
:func:`actor_forms` lists the forms of ACLED names accepted), ``within_25km`` (the event's place),
``date_exact`` (the event date, day precision) and ``fatalities_exact`` (an event without a count counts
as 0, ACLED's value for "no report"; so ``fatalities_zero_baseline``, the share of rows whose gold is 0,
is printed beside it, and ``*_fatalities_exact_nonzero`` scores the rows whose gold is above 0 alone).

Splits: a row's id is its ``event_id_cnty`` (else ``data_id``), stratified by country. Both the current
layout and the pre-2019 one (upper-case columns, ``ally_actor_*``, combined event types) are read;
dates as "21 March 2020", "9-May-20", "31-12-19", ISO and others.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..model import Article, Document, Event
from ..settings import Settings

#: Old column names -> current ones.
COLUMN_ALIASES = {
    "ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2", "geo_precis": "geo_precision",
    "event_type_": "event_type", "sub_event": "sub_event_type",
}
DATE_FORMATS = ("%d %B %Y", "%d-%b-%y", "%d-%b-%Y", "%d-%B-%Y", "%d-%m-%y", "%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y",
                "%d/%m/%y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d")
FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "within_25km", "date", "fatalities")
#: The fields the best match is chosen on (actor2 is scored, but does not choose).
BEST_FIELDS = ("event_type", "sub_event_type", "actor1", "within_25km", "date", "fatalities")
HEADLINE = (
    "primary_event_type_accuracy", "primary_sub_event_macro_f1", "primary_actor1_match", "primary_actor2_match",
    "primary_within_25km", "primary_date_exact", "primary_fatalities_exact", "primary_fatalities_exact_nonzero",
    "fatalities_zero_baseline",
)
#: Pre-2019 types that the current taxonomy splits: any of these current types is right.
SPLIT_TYPES = {"Riots/Protests": {"Protests", "Riots"}}


def parse_date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` for an ACLED event_date in any of the layouts' formats, else None."""
    raw = (value or "").strip()
    if not raw:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    from ..dates import normalize_published
    from ..errors import InputError

    try:
        return normalize_published(raw)
    except InputError:
        return None


def published_for(row: dict[str, str]) -> str | None:
    """The publication date for a row: its Unix ``timestamp``, else event_date + 7 days."""
    ts = (row.get("timestamp") or "").strip()
    if re.fullmatch(r"\d{9,11}(\.\d+)?", ts):
        return datetime.fromtimestamp(int(float(ts)), tz=UTC).date().isoformat()
    if ts:
        d = parse_date(ts)
        if d:
            return d
    ev = parse_date(row.get("event_date"))
    return (date.fromisoformat(ev) + timedelta(days=7)).isoformat() if ev else None


def _norm_row(row: dict[str, Any]) -> dict[str, str]:
    out = {}
    for k, v in row.items():
        if k is None:
            continue
        key = k.strip().lower().lstrip("\ufeff")
        out[COLUMN_ALIASES.get(key, key)] = (v or "").strip() if isinstance(v, str) else ""
    return out


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows (with notes) of an ACLED CSV file, or of every CSV file in a folder."""
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    if not files:
        raise EvalError(f"no ACLED CSV file in {path}")
    rows: list[dict[str, str]] = []
    for f in files:
        try:
            with f.open(encoding="utf-8-sig", newline="") as fh:
                sample = fh.read(4096)
                fh.seek(0)
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.count("\t") > 5 else csv.excel
                reader = csv.DictReader(fh, dialect=dialect)
                columns = {COLUMN_ALIASES.get(k.strip().lower(), k.strip().lower()) for k in reader.fieldnames or []}
                if "notes" not in columns:
                    raise EvalError(f"{f}: not an ACLED export (no notes column)")
                rows += [r for r in (_norm_row(x) for x in reader) if r.get("notes")]
        except (OSError, UnicodeDecodeError, csv.Error) as e:
            raise EvalError(f"cannot read {f}: {e}") from e
    return rows


def sample(rows: list[dict[str, str]], limit: int | None) -> list[dict[str, str]]:
    """``limit`` rows spread evenly over the file (the files are sorted by date and country)."""
    if limit is None or limit >= len(rows):
        return rows
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(min(1.0, a)))


def norm_name(name: str) -> str:
    """An actor name for comparison: lower case, no parenthesised qualifier, no punctuation or articles."""
    s = re.sub(r"\([^)]*\)", " ", name.lower())
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"\b(the)\b", " ", s)
    return " ".join(s.split())


def actor_forms(name: str) -> set[str]:
    """The forms of an ACLED actor name that count as a match: the whole name, each side of an
    "ABBR: Full name", a "Name - Full name" or an "A and/or B", and, for a sub-unit written after the
    dates, both the actor and the named sub-unit ("Military Forces of Ruritania (2014-) Government of
    National Unity" -> "military forces of ruritania", "government of national unity")."""
    forms = {norm_name(name)}
    for part in re.split(r":| and/or | - ", name):
        forms.add(norm_name(part))
    head = re.match(r"^(.*?)\(\d{4}-\d{0,4}\)\s*(\S.*)$", name)
    if head:
        forms.add(norm_name(head.group(1)))
        forms.add(norm_name(head.group(2)))
    return {f for f in forms if f}


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v not in (None, "") else None
    except ValueError:
        return None


def _int(v: str | None) -> int | None:
    f = _float(v)
    return int(f) if f is not None else None


class Gold:
    """The scored fields of one row (None where the row lacks one)."""

    def __init__(self, row: dict[str, str]) -> None:
        et = row.get("event_type") or None
        self.event_types: set[str] | None = SPLIT_TYPES.get(et, {et}) if et else None
        if et and et.startswith("Battle-"):
            self.event_types = {"Battles"}
        elif et == "Remote violence":
            self.event_types = {"Explosions/Remote violence"}
        elif et in ("Strategic development", "Headquarters or base established", "Non-violent transfer of territory"):
            self.event_types = {"Strategic developments"}
        self.sub_event_type = row.get("sub_event_type") or None
        self.actor1 = norm_name(row["actor1"]) if row.get("actor1") else None
        self.actor1_forms = actor_forms(row["actor1"]) if row.get("actor1") else set()
        self.actor2 = norm_name(row["actor2"]) if row.get("actor2") else None
        self.actor2_forms = actor_forms(row["actor2"]) if row.get("actor2") else set()
        lat, lon = _float(row.get("latitude")), _float(row.get("longitude"))
        self.latlon = (lat, lon) if lat is not None and lon is not None else None
        self.date = parse_date(row.get("event_date"))
        self.fatalities = _int(row.get("fatalities"))


def _actor_names(doc: Document, ids: list[str]) -> set[str]:
    out: set[str] = set()
    index = {a.id: a for a in doc.actors}
    for i in ids:
        a = index.get(i)
        if a is not None:
            out.update(norm_name(n) for n in [a.name, *a.aliases] if n)
    return out


def field_hits(doc: Document, ev: Event, gold: Gold) -> dict[str, bool | None]:
    """Which scored fields the event gets right (None: the row does not have the field)."""
    code = ev.acled
    hits: dict[str, bool | None] = {k: None for k in FIELDS}
    if gold.event_types:
        hits["event_type"] = bool(code and code.event_type in gold.event_types)
    if gold.sub_event_type:
        hits["sub_event_type"] = bool(code and code.sub_event_type == gold.sub_event_type)
    if gold.actor1:
        hits["actor1"] = bool(gold.actor1_forms & _actor_names(doc, ev.actors))
    if gold.actor2:
        hits["actor2"] = bool(gold.actor2_forms & _actor_names(doc, ev.recipients))
    if gold.latlon:
        place = next((p for p in doc.places if p.id == ev.place), None)
        hits["within_25km"] = bool(place and place.lat is not None and place.lon is not None
                                   and km(place.lat, place.lon, *gold.latlon) <= 25)
    if gold.date:
        hits["date"] = (ev.date.value or "")[:10] == gold.date and len(ev.date.value or "") >= 10
    if gold.fatalities is not None:
        hits["fatalities"] = (ev.fatalities or 0) == gold.fatalities
    return hits


def best_event(doc: Document, gold: Gold) -> tuple[Event | None, dict[str, bool | None]]:
    """The predicted event agreeing with the row on most fields (see the module doc)."""
    coded = [e for e in doc.events if e.acled is not None] or list(doc.events)
    best: tuple[int, Event | None, dict[str, bool | None]] = (-1, None, {k: None for k in FIELDS})
    for ev in coded:
        hits = field_hits(doc, ev, gold)
        score = sum(1 for k in BEST_FIELDS if hits[k])
        if score > best[0]:
            best = (score, ev, hits)
    return best[1], best[2]


def macro_f1(pairs: list[tuple[str, str | None]]) -> float:
    """Macro-averaged F1 over the gold labels of (gold, predicted) pairs."""
    labels = sorted({g for g, _ in pairs})
    if not labels:
        return 0.0
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in pairs:
        if g == p:
            tp[g] += 1
        else:
            fn[g] += 1
            if p is not None:
                fp[p] += 1
    f1s = []
    for lab in labels:
        denom = 2 * tp[lab] + fp[lab] + fn[lab]
        f1s.append(2 * tp[lab] / denom if denom else 0.0)
    return sum(f1s) / len(f1s)


def _docs(rows: list[dict[str, str]], settings: Settings) -> Iterator[Document | None]:
    from ..model import Failure
    from ..pipeline import default_pipeline

    articles = [Article.make(r["notes"], published=published_for(r), origin=f"row {i}") for i, r in enumerate(rows)]
    for out in default_pipeline(settings).pipe(articles, on_error="record"):
        yield None if isinstance(out, Failure) else out


def row_id(row: dict[str, str]) -> str:
    """A row's id for the splits: ACLED's event id (else data id, else the notes)."""
    return row.get("event_id_cnty") or row.get("data_id") or row.get("notes", "")


def choose_rows(rows: list[dict[str, str]], *, limit: int | None, split: str | None,
                sample_size: int | None) -> list[dict[str, str]]:
    """The rows of ``split`` (stratified by country), then the sample, then ``limit`` spread evenly."""
    from .splits import pick

    rows = pick("acled", rows, split, key=row_id, stratum=lambda r: (r.get("country") or "").lower(),
                sample_size=sample_size)
    return sample(rows, limit)


class _Tally:
    """Right/total per field and the sub-type pairs, for one way of choosing the scored event."""

    def __init__(self) -> None:
        self.right: Counter[str] = Counter()
        self.total: Counter[str] = Counter()
        self.subs: list[tuple[str, str | None]] = []
        self.nonzero_right = self.nonzero_total = 0

    def add(self, gold: Gold, ev: Event | None, hits: dict[str, bool | None]) -> None:
        if ev is None:  # a failed row or one without events is wrong on every field it has
            hits = {k: (False if gold_has(gold, k) else None) for k in FIELDS}
        for k, v in hits.items():
            if v is not None:
                self.total[k] += 1
                self.right[k] += bool(v)
        if gold.sub_event_type:
            self.subs.append((gold.sub_event_type, ev.acled.sub_event_type if ev is not None and ev.acled else None))
        if gold.fatalities:
            self.nonzero_total += 1
            self.nonzero_right += bool(hits.get("fatalities"))

    def rate(self, k: str) -> float | None:
        return round(self.right[k] / self.total[k], 4) if self.total[k] else None

    def scores(self, prefix: str) -> dict[str, float | None]:
        return {
            f"{prefix}event_type_accuracy": self.rate("event_type"),
            f"{prefix}sub_event_macro_f1": round(macro_f1(self.subs), 4) if self.subs else None,
            f"{prefix}actor1_match": self.rate("actor1"),
            f"{prefix}actor2_match": self.rate("actor2"),
            f"{prefix}within_25km": self.rate("within_25km"),
            f"{prefix}date_exact": self.rate("date"),
            f"{prefix}fatalities_exact": self.rate("fatalities"),
            f"{prefix}fatalities_exact_nonzero": (round(self.nonzero_right / self.nonzero_total, 4)
                                                  if self.nonzero_total else None),
        }


def primary_of(doc: Document) -> Event | None:
    """The document's primary event (the record's own, else ranked now)."""
    from ..events.primary import primary_event

    pid = doc.primary if doc.primary is not None else primary_event(doc)
    return next((e for e in doc.events if e.id == pid), None)


def evaluate(path: Path, *, limit: int | None = None, split: str | None = None, sample: int | None = None,
             settings: Settings | None = None, case: str | None = None) -> dict[str, Any]:
    """Score the pipeline's events on an ACLED export (see the module doc for the definitions)."""
    from . import recase

    rows = choose_rows(read_rows(Path(path)), limit=limit, split=split, sample_size=sample)
    if not rows:
        raise EvalError(f"no rows with notes in {path} (split {split or 'all'})")
    if case is not None:
        rows = [{**r, "notes": recase(r["notes"], case)} for r in rows]
    settings = settings or Settings()
    primary, best = _Tally(), _Tally()
    failures = no_event = zero = with_fatalities = 0
    confusion: Counter[tuple[str, str]] = Counter()
    sub_confusion: Counter[tuple[str, str]] = Counter()
    for row, doc in zip(rows, _docs(rows, settings), strict=True):
        gold = Gold(row)
        if doc is None:
            failures += 1
        elif not doc.events:
            no_event += 1
        ev, hits = best_event(doc, gold) if doc is not None else (None, {})
        best.add(gold, ev, hits)
        pev = primary_of(doc) if doc is not None else None
        primary.add(gold, pev, field_hits(doc, pev, gold) if doc is not None and pev is not None else {})
        if gold.fatalities is not None:
            with_fatalities += 1
            zero += gold.fatalities == 0
        pred = pev.acled if pev is not None else None
        if gold.event_types and not (pred and pred.event_type in gold.event_types):
            confusion[(sorted(gold.event_types)[0], pred.event_type if pred else "-")] += 1
        if gold.sub_event_type and gold.sub_event_type != (pred.sub_event_type if pred else None):
            sub_confusion[(gold.sub_event_type, pred.sub_event_type if pred else "-")] += 1
    return {
        "n": len(rows),
        **primary.scores("primary_"),
        "fatalities_zero_baseline": round(zero / with_fatalities, 4) if with_fatalities else None,
        **best.scores("best_match_"),
        "rows_without_event": no_event,
        "failures": failures,
        "confusion": {f"{g} -> {p}": c for (g, p), c in confusion.most_common(30)},
        "sub_confusion": {f"{g} -> {p}": c for (g, p), c in sub_confusion.most_common(15)},
    }


def gold_has(gold: Gold, field: str) -> bool:
    return {
        "event_type": bool(gold.event_types), "sub_event_type": bool(gold.sub_event_type),
        "actor1": bool(gold.actor1), "actor2": bool(gold.actor2), "within_25km": gold.latlon is not None,
        "date": bool(gold.date),
        "fatalities": gold.fatalities is not None,
    }[field]

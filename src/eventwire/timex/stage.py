"""The time stage: ``doc.times`` from the tagger, anchored to the publication date."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..model import TimeExpr
from ..pipeline import Stage, Work
from .calendar import parse_day, value_range
from .ranges import merge_ranges
from .tagger import Found, tag
from .tense import direction_function
from .vocab import load_vocab


def _narrowed(first: str, last: str, mod: str | None, precision: str | None) -> tuple[str, str]:
    """The part of a month or year that "early", "mid" and "late" name: days 1-10, 11-20, 21-end of a
    month; January-April, May-August, September-December of a year."""
    a, b = parse_day(first), parse_day(last)
    if mod not in ("START", "MID", "END") or a is None or b is None:
        return first, last
    k = ("START", "MID", "END").index(mod)
    if precision == "month":
        lo = a.replace(day=1 + 10 * k)
        hi = b if k == 2 else a.replace(day=10 * (k + 1))
        return lo.isoformat(), hi.isoformat()
    if precision == "year":
        lo = a.replace(month=1 + 4 * k)
        hi = (a.replace(month=4 * (k + 1) % 12 + 1 if k < 2 else 12, day=1) - timedelta(days=1)) if k < 2 else b
        return lo.isoformat(), hi.isoformat()
    return first, last


def to_time_expr(i: int, f: Found, text: str) -> TimeExpr:
    """The record of one found expression; range and precision follow from its value (narrowed by
    "early"/"mid"/"late")."""
    first, last, precision = value_range(f.value)
    if first and last:
        first, last = _narrowed(first, last, f.mod, precision)
    if f.range is not None:
        first, last = f.range
        precision = f.precision or precision
    return TimeExpr(
        id=f"t{i}", text=text[f.start:f.end], start=f.start, end=f.end, value=f.value, type=f.type,  # type: ignore[arg-type]
        range=[first, last] if first and last else None, precision=precision,
    )


def time_expressions(text: str, published: str | None, sdoc: Any = None, *, data_dir: str | None = None,
                     ranges: bool = True) -> list[TimeExpr]:
    """The time expressions of a text published on ``published`` ("YYYY-MM-DD" or None).

    ``sdoc`` (the spaCy parse of ``text``) gives the tense of each clause; ``ranges=False`` keeps the
    ends of a range ("between May 3 and May 5") as two expressions, as TimeML annotates them.
    """
    anchor = parse_day(published)
    direction = direction_function(sdoc) if sdoc is not None else None
    found = tag(text, anchor, direction=direction, vocab=load_vocab(data_dir))
    if ranges:
        found = merge_ranges(text, found, anchor)
    return [to_time_expr(i, f, text) for i, f in enumerate(found, 1)]


class TimeStage(Stage):
    """TIMEX3 expressions (value, type, day range, precision) anchored to the publication date."""

    name = "time.v4"  # bump on any change of behaviour (see pipeline.Stage.version)
    data_files = ("timex.yaml",)
    requires = ("tokens",)
    assigns = ("times",)

    def __call__(self, work: Work) -> None:
        data_dir = str(self.settings.data_dir) if self.settings.data_dir else None
        work.doc.times = time_expressions(work.doc.text, work.doc.published, work.spacy, data_dir=data_dir)

"""Joining the two ends of a range ("between May 3 and 5", "from Monday to Wednesday", "the next few days to
several weeks") into one expression.

TimeML annotates the ends separately; the document record wants one expression with a day range. A
range of dates gets the ISO 8601 interval ``first/last`` as its value; a range of future periods
("the next few days to several weeks") is ``FUTURE_REF`` starting after the anchor.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from .calendar import interval_precision, parse_day, value_range
from .tagger import Found

_JOIN = re.compile(r"^\s*(?:-|–|—|to|through|thru|until|till|and|or)\s*$", re.I)
_OPEN = re.compile(r"(?:between|from)\s+$", re.I)
_BARE_DAY = re.compile(r"^\s*(?:-|–|—|to|through|and)\s*([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:\w])"
                       r"(?:\s*,\s*((?:1[5-9]|20)\d\d)(?!\d))?", re.I)
_FUTURE_WORDS = re.compile(r"\b(?:next|coming|following|ensuing|upcoming)\b", re.I)


def range_precision(first: date, last: date) -> str:
    """The precision a range of days stands for (see :func:`eventwire.timex.calendar.interval_precision`)."""
    return interval_precision(first, last)


def _interval(a: Found, b_first: str, b_last: str, start: int, end: int) -> Found | None:
    a_first, _, _ = value_range(a.value)
    if a_first is None:
        return None
    d1, d2 = parse_day(a_first), parse_day(b_last)
    if d1 is None or d2 is None or d2 < d1 or (d2 - d1).days > 3660:
        return None
    return Found(start, end, "DATE", f"{a_first}/{b_last}", "range", None, (a_first, b_last), range_precision(d1, d2))


def _is_future(f: Found) -> bool:
    return f.value == "FUTURE_REF" or (f.type == "DURATION" and f.rule in ("duration", "relunit", "vague_plural"))


def merge_ranges(text: str, found: list[Found], anchor: date | None) -> list[Found]:
    """``found`` with each range of two expressions (or a date and a bare day number) joined into one."""
    out: list[Found] = []
    i = 0
    while i < len(found):
        a = found[i]
        merged: Found | None = None
        opened = bool(_OPEN.search(text[max(0, a.start - 10):a.start]))
        if i + 1 < len(found):
            b = found[i + 1]
            gap = text[a.end:b.start]
            if _JOIN.match(gap) and (opened or not re.search(r"\b(?:and|or)\b", gap, re.I)):
                b_first, b_last, _ = value_range(b.value)
                if a.type == "DATE" and b.type == "DATE" and b_last:
                    merged = _interval(a, b_first or b_last, b_last, a.start, b.end)
                elif (_is_future(a) and _FUTURE_WORDS.search(text[a.start:a.end]) and b.type in ("DURATION", "DATE")
                      and (b.type == "DURATION" or b.value == "FUTURE_REF")):
                    merged = Found(a.start, b.end, "DATE", "FUTURE_REF", "range", None, None, "future")
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        if a.type == "DATE" and a.rule in ("month_day", "day_month", "weekday_date") and (
                m := _BARE_DAY.match(text[a.end:a.end + 12])):
            d = parse_day(a.value)
            if d is not None and m[2]:
                d = d.replace(year=int(m[2])) if not (d.month == 2 and d.day == 29) else d
            if d is not None and int(m[1]) > d.day and (opened or not m[0].strip().lower().startswith("and")):
                try:
                    last = d.replace(day=int(m[1])).isoformat()
                except ValueError:
                    last = None
                if last and (merged := _interval(replace(a, value=d.isoformat()), last, last, a.start,
                                                 a.end + m.end())):
                    out.append(merged)
                    i += 1
                    while i < len(found) and found[i].start < merged.end:
                        i += 1
                    continue
        out.append(a)
        i += 1
    return out

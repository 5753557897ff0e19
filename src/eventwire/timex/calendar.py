"""Calendar arithmetic on TIMEX3 values: shifting by units, and the day range and precision of a value.

A TIMEX3 date value names a calendar unit: ``2019-11-23`` (day), ``2019-W47`` (ISO week), ``2019-11``
(month), ``2019-Q4`` (quarter), ``2019-H2`` (half), ``2019-SU`` (season), ``2019`` (year), ``201``
(decade), ``20`` (century). :func:`value_range` turns any of them into ``(first_day, last_day,
precision)``; times (``2019-11-23T10:30``, ``2019-11-23TMO``) have the range of their day.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta

#: Seasons as TIMEX3 codes and their months (meteorological, northern hemisphere).
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})(-WE)?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")


def parse_day(value: str | None) -> date | None:
    """The date of a ``YYYY-MM-DD`` string (time part ignored), else None."""
    if not value:
        return None
    m = _DAY.match(value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` months, the day clipped to the month's length."""
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(y, m + 1, min(d.day, monthrange(y, m + 1)[1]))


def easter(year: int) -> date:
    """Easter Sunday of a year in the Gregorian calendar (the computus of Meeus/Jones/Butcher)."""
    golden = year % 19
    century, rest = divmod(year, 100)
    leap_c, leap_r = divmod(century, 4)
    moon_corr = (century + 8) // 25
    sun_corr = (century - moon_corr + 1) // 3
    epact = (19 * golden + century - leap_c - sun_corr + 15) % 30
    q, r = divmod(rest, 4)
    weekday = (32 + 2 * leap_r + 2 * q - epact - r) % 7
    shift_m = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift_m + 114, 31)
    return date(year, month, day + 1)


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def unit_value(d: date, unit: str) -> str:
    """The TIMEX3 value of the calendar unit (day, week, month, quarter, year, decade...) holding ``d``."""
    if unit == "day":
        return d.isoformat()
    if unit == "week":
        return iso_week(d)
    if unit == "weekend":
        return iso_week(d) + "-WE"
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year:04d}-Q{quarter_of(d)}"
    if unit == "half":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if unit == "year":
        return f"{d.year:04d}"
    if unit == "decade":
        return f"{d.year // 10:03d}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    raise ValueError(f"unknown unit {unit!r}")


def shift(d: date, unit: str, n: int) -> date:
    """``d`` moved by ``n`` units (n may be negative)."""
    if unit in ("day", "night"):
        return d + timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=n)
    if unit == "month":
        return add_months(d, n)
    if unit == "quarter":
        return add_months(d, 3 * n)
    if unit == "half":
        return add_months(d, 6 * n)
    if unit == "year":
        return add_months(d, 12 * n)
    if unit == "decade":
        return add_months(d, 120 * n)
    if unit == "century":
        return add_months(d, 1200 * n)
    return d


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def interval_precision(first: date, last: date) -> str:
    """The precision a range of days stands for: one day, a week or a few days, a month, a quarter, a year."""
    days = (last - first).days + 1
    if days <= 1:
        return "day"
    if days <= 7:
        return "week"
    if days <= 31:
        return "month"
    if days <= 92:
        return "quarter"
    return "year"


def value_range(value: str | None) -> tuple[str | None, str | None, str | None]:
    """``(first_day, last_day, precision)`` of a TIMEX3 date value; ``(None, None, precision)`` when
    the value has no calendar range (durations, ``PAST_REF``, values with ``X``)."""
    if not value:
        return None, None, None
    first: date | None = None
    last: date | None = None
    precision: str | None = None
    if m := _DAY.match(value):
        first = last = _safe(int(m[1]), int(m[2]), int(m[3]))
        precision = "day"
    elif m := _MONTH.match(value):
        y, mo = int(m[1]), int(m[2])
        if 1 <= mo <= 12:
            first, last = date(y, mo, 1), date(y, mo, monthrange(y, mo)[1])
        precision = "month"
    elif m := _WEEK.match(value):
        y, w = int(m[1]), int(m[2])
        try:
            first = date.fromisocalendar(y, w, 6 if m[3] else 1)
            last = date.fromisocalendar(y, w, 7)
        except ValueError:
            first = last = None
        precision = "week"
    elif m := _QUARTER.match(value):
        y, q = int(m[1]), int(m[2])
        first = date(y, 3 * q - 2, 1)
        last = date(y, 3 * q, monthrange(y, 3 * q)[1])
        precision = "quarter"
    elif m := _HALF.match(value):
        y, h = int(m[1]), int(m[2])
        first, last = (date(y, 1, 1), date(y, 6, 30)) if h == 1 else (date(y, 7, 1), date(y, 12, 31))
        precision = "half"
    elif m := _SEASON.match(value):
        y, (a, b) = int(m[1]), SEASON_MONTHS[m[2]]
        first = date(y, a, 1)
        last = date(y + 1 if b < a else y, b, monthrange(y + 1 if b < a else y, b)[1])
        precision = "season"
    elif m := _YEAR.match(value):
        y = int(m[1])
        first, last, precision = date(y, 1, 1), date(y, 12, 31), "year"
    elif m := _DECADE.match(value):
        y = int(m[1]) * 10
        first, last, precision = date(y, 1, 1), date(y + 9, 12, 31), "decade"
    elif m := _CENTURY.match(value):
        y = int(m[1]) * 100
        first, last, precision = date(max(y, 1), 1, 1), date(y + 99, 12, 31), "century"
    elif value.endswith("_REF"):
        precision = value[:-4].lower()  # "past", "present", "future"
    elif value.startswith("P"):
        precision = "duration"
    elif "/" in value:  # an ISO 8601 interval of two values: "2011/2014", "2019-05-03/2019-05-05"
        a, _, b = value.partition("/")
        first_a, _, _ = value_range(a)
        _, last_b, _ = value_range(b)
        if first_a and last_b and first_a <= last_b:
            return first_a, last_b, interval_precision(date.fromisoformat(first_a), date.fromisoformat(last_b))
        return None, None, None
    if first is None or last is None:
        return None, None, precision
    return first.isoformat(), last.isoformat(), precision

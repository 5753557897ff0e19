"""Handlers for less common expressions: unit adjectives ("day-long", "decades-long"), spelled decades ("the
nineties"), a part of a day named with "mid" ("mid-afternoon yesterday"), reporting periods ("the latest
period", resolved against the quarter the text talks about in :mod:`eventwire.timex.tagger`) and units
counted from the anchor or a time mentioned before ("earlier in the day", "the week before").

Each handler takes the regex match and the :class:`~eventwire.timex.resolve.Context`, and returns
``(type, value, mod)`` or None, like those of :mod:`eventwire.timex.normalize`.
"""

from __future__ import annotations

import re
from datetime import timedelta

from .resolve import Context, _duration, _mod, _relative, _weekday

#: Spelled decades and their place in a century.
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}
DECADE_WORD_RX = "|".join(DECADE_WORDS)


def h_unit_long(m: re.Match[str], ctx: Context):
    """"A day-long meeting" (one unit), "a decades-long feud" (an unknown number of them)."""
    word = m["u"].lower()
    v = _duration(ctx.vocab, 1 if word in ctx.vocab.units else None, word)
    return ("DURATION", v, None) if v else None


def h_decade_word(m: re.Match[str], ctx: Context):
    """"The nineties": the latest such decade that began by the anchor year (the 20th century without one)."""
    k = DECADE_WORDS[m["w"].lower()]
    century = 19
    if ctx.anchor is not None:
        century = ctx.anchor.year // 100 if (ctx.anchor.year // 100) * 100 + 10 * k <= ctx.anchor.year \
            else ctx.anchor.year // 100 - 1
    return "DATE", f"{century}{k}", _mod(m["mod"])


def h_mid_part(m: re.Match[str], ctx: Context):
    """"Mid-afternoon", "mid-morning yesterday", "mid-afternoon Friday": a part of a day, the middle of it."""
    pod = ctx.vocab.parts_of_day.get(m["p"].lower())
    if pod is None:
        return None
    day: str | None = None
    if m["rd"]:
        if ctx.anchor is not None:
            off = {"today": 0, "yesterday": -1, "tomorrow": 1}[m["rd"].lower()]
            day = (ctx.anchor + timedelta(days=off)).isoformat()
    elif m["wd"]:
        wd = ctx.vocab.weekday(m["wd"])
        if wd is None or not m["wd"][:1].isupper():
            return None
        day = _weekday(ctx, wd, None, ctx.dir(m))
    elif ctx.anchor is not None:
        day = ctx.anchor.isoformat()
    return "TIME", f"{day or 'XXXX-XX-XX'}T{pod}", "MID"


def h_period(m: re.Match[str], ctx: Context):
    """"The latest period": in a report of results, the quarter last named (see the tagger); else just past."""
    return "DATE", "PRESENT_REF" if m["o"].lower() == "current" else "PAST_REF", None


def h_in_the_unit(m: re.Match[str], ctx: Context):
    """"Earlier in the day", "later in the year": the anchor's unit (news tells the day it is written)."""
    return "DATE", _relative(ctx, m["u"].lower(), 0), _mod(m["mod"])


def h_unit_before(m: re.Match[str], ctx: Context):
    """"The week before", "the year after" (ending a phrase): the unit before or after the last date mentioned
    (else the anchor's). "The day before the vote" names the day of something else: the rule leaves it."""
    unit = m["u"].lower()
    n = -1 if m["d"].lower() in ("before", "earlier") else 1
    return "DATE", _relative(ctx, unit, n), None, (unit, n, None)


def h_some_day(m: re.Match[str], ctx: Context):
    """"Will one day be", "hopes to one day fly": an unspecified day ahead, not a one-day duration."""
    return "DATE", "FUTURE_REF", None


def h_in_the_part(m: re.Match[str], ctx: Context):
    """"In the morning": that part of the day last mentioned (else of the anchor's day); "4 in the morning" is
    a clock time (04:00), on the day last mentioned."""
    part = m["p"].lower()
    pod = ctx.vocab.parts_of_day.get(part)
    if pod is None:
        return None
    day = ctx.anchor.isoformat() if ctx.anchor is not None else "XXXX-XX-XX"
    if m["h"]:
        h, mi = int(m["h"]), int(m["mi"] or 0)
        if part != "morning" and not (part == "night" and h < 5):
            h = h % 12 + 12
        elif h == 12:
            h = 0
        clock = f"{h:02d}:{mi:02d}"
        return "TIME", f"{day}T{clock}", None, ("clock", 0, clock)
    return "TIME", f"{day}T{pod}", None, ("day", 0, pod)

"""Normalizing matched temporal expressions to TIMEX3 values against an anchor date.

Each rule of :mod:`eventwire.timex.tagger` has a handler here that turns its match into
``(type, value, mod)`` or rejects it (returns None). Where a value depends on the direction of
time (a bare weekday, a month-day without a year), the handler asks ``Context.direction`` for the tense
of the clause around the match (-1 past, 0 present, +1 future, None unknown). Extents follow TimeML:
determiners and some modifiers ("the past two years", "early October", "more than a year ago") are
inside; "about", "only" and prepositions ("on", "in") are not. Calendar helpers and the shared records
are in :mod:`eventwire.timex.resolve`. Without an anchor, relative expressions keep an unanchored value
(``XXXX-10``, ``XXXX-WXX-2``) or a reference (``PAST_REF``/``FUTURE_REF``/``PRESENT_REF``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from .calendar import SEASON_MONTHS, easter, quarter_of, shift, unit_value
from .resolve import (
    REL_BACK,
    REL_FWD,
    REL_NOW,
    Context,
    _capitalized_ok,
    _duration,
    _mod,
    _month,
    _month_day,
    _nth_weekday,
    _pick,
    _relative,
    _safe_date,
    _weekday,
    spelled_year,
)

# ---- handlers -----------------------------------------------------------------------------------

def h_month_day(m: re.Match[str], ctx: Context):
    mw = m["m"]
    if not mw[:1].isupper():
        return None
    month = ctx.vocab.month(mw)
    day = int(re.match(r"\d+", m["d"])[0])  # type: ignore[index]
    if month is None or day > 31:
        return None
    if m["y"]:
        try:
            return "DATE", date(int(m["y"]), month, day).isoformat(), None
        except ValueError:
            return None
    rel = (m.groupdict().get("rel") or "").lower()
    if rel and ctx.anchor is not None:
        cands = [c for y in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1)
                 if (c := _safe_date(y, month, day))]
        if not cands:
            return None
        return "DATE", _pick(cands, ctx.anchor, -1 if rel in REL_BACK else 1, strict=True).isoformat(), None
    v = _month_day(ctx, month, day, ctx.dir(m))
    return ("DATE", v, None) if v else None


def h_month_year(m: re.Match[str], ctx: Context):
    if not m["m"][:1].isupper() or (month := ctx.vocab.month(m["m"])) is None:
        return None
    if m["ry"]:
        if ctx.anchor is None:
            return "DATE", f"XXXX-{month:02d}", _mod(m["mod"])
        year = ctx.anchor.year + {"this": 0, "last": -1, "next": 1}[m["ry"].lower()]
    else:
        year = int(m["y"]) if m["y"] else spelled_year(m["sy"])
        if year is None:
            return None
    return "DATE", f"{year:04d}-{month:02d}", _mod(m["mod"])


def h_month(m: re.Match[str], ctx: Context):
    word = m["m"]
    month = ctx.vocab.month(word)
    if month is None or (len(word.rstrip(".")) <= 3 and not word.endswith(".") and word.lower() != "may"):
        return None
    if not _capitalized_ok(ctx.text, m.start("m"), word) and not m["rel"] and not m["mod"]:
        return None
    if not word[:1].isupper():
        return None
    if word.lower() == "may" and not (m["rel"] or m["mod"]):
        before = ctx.text[max(0, m.start() - 12):m.start()].lower()
        if not re.search(r"\b(?:in|since|until|by|of|early|late|mid|last|next|this|through|during)\s+$", before):
            return None
    if not (m["rel"] or m["mod"]) and re.match(r"\s+(?:for|of)\s+(?:the\s+)?[A-Z]", ctx.text[m.end():m.end() + 16]):
        return None  # a name: "the March for Life"
    rel = m["rel"].lower().split()[-1] if m["rel"] else None
    return "DATE", _month(ctx, month, rel, ctx.dir(m)), _mod(m["mod"])


def h_iso(m: re.Match[str], ctx: Context):
    try:
        return "DATE", date(int(m["y"]), int(m["mo"]), int(m["d"])).isoformat(), None
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _dateparser(text: str) -> str | None:
    import dateparser

    dt = dateparser.parse(text, languages=["en"], settings={"DATE_ORDER": "MDY", "STRICT_PARSING": True})
    return dt.date().isoformat() if dt else None


def h_numeric(m: re.Match[str], ctx: Context):
    v = _dateparser(m[0])
    return ("DATE", v, None) if v else None


def h_year_range(m: re.Match[str], ctx: Context):
    a = int(m["a"])
    b = m["b"]
    b_year = int(b) if len(b) == 4 else (a // 100) * 100 + int(b)
    if not a < b_year <= a + 100:
        return None
    return "DATE", f"{a:04d}/{b_year:04d}", None


def h_ordinal_day(m: re.Match[str], ctx: Context):
    """"On the 23rd": a day of the anchor's month, or of the month before or after as the tense says."""
    day = int(m["d"])
    if ctx.anchor is None:
        return "DATE", f"XXXX-XX-{day:02d}", None
    a = ctx.anchor
    cands = [c for k in (-1, 0, 1) if (c := _safe_date(shift(a, "month", k).year, shift(a, "month", k).month, day))]
    return ("DATE", _pick(cands, a, ctx.dir(m), near=10).isoformat(), None) if cands else None


def h_quarter_code(m: re.Match[str], ctx: Context):
    return "DATE", f"{int(m['y'] or m['y2']):04d}-Q{m['q'] or m['q2']}", None


def h_decade(m: re.Match[str], ctx: Context):
    if m["dy"]:
        return "DATE", m["dy"][:3], _mod(m["mod"])
    dd = int(m["dd"])
    century = 19 if ctx.anchor is None or 1900 + dd <= ctx.anchor.year else 18
    return "DATE", f"{century}{dd // 10}", _mod(m["mod"])


def h_century(m: re.Match[str], ctx: Context):
    n = int(m["n"])
    return ("DATE", f"{n - 1:02d}", _mod(m["mod"])) if 1 <= n <= 21 else None


def h_year(m: re.Match[str], ctx: Context):
    if m["sy"]:
        sy = spelled_year(m["sy"])
        return ("DATE", f"{sy:04d}", None) if sy else None
    y = int(m["y"])
    if ctx.anchor is not None and y > ctx.anchor.year + 30:
        return None
    after = ctx.text[m.end():m.end() + 20]
    if re.match(r"\s*(?:people|persons|troops|soldiers|tons|men|women|votes|units|barrels|acres|feet|meters|"
                r"miles|kilometers|km|cars|jobs|workers|shares|members|pounds|euros|dollars)\b", after, re.I):
        return None
    if _CLOCK_UNIT.match(after):  # "1800 GMT", "0600 hours": a clock time (h_clock4), no year
        return None
    pre = (m["pre"] or "").lower()
    if pre in ("post-", "pre-"):  # "post-1959 politics"
        return "DATE", f"{y:04d}", "AFTER" if pre == "post-" else "BEFORE"
    mod = _mod(m["mod"]) or ("MID" if pre.startswith("mid") else _mod(pre.split()[0]) if pre.strip() else None)
    return "DATE", f"{y:04d}", mod


def h_season(m: re.Match[str], ctx: Context):
    word = m["s"].lower()
    code = ctx.vocab.seasons.get(word)
    if code is None:
        return None
    rel = (m["rel"] or "").lower().replace("the ", "").split()[-1:] or [None]
    rel = rel[0]
    if word == "fall" and not (m["rel"] or m["the"] or m["y"] or m["sy"] or m["mod"]):
        return None
    if m["s"][:1].isupper() and not (m["rel"] or m["the"] or m["y"] or m["sy"] or m["mod"]) and (
            re.match(r"\s+of\s+[A-Z]", ctx.text[m.end():m.end() + 8])
            or not _capitalized_ok(ctx.text, m.start("s"), m["s"])):
        return None  # "Spring of Life" demonstrations, "Prague Spring": names
    mod = _mod(m["mod"])
    if m["y"] or m["sy"]:
        year = int(m["y"]) if m["y"] else spelled_year(m["sy"])
        return ("DATE", f"{year:04d}-{code}", mod) if year else None
    if ctx.anchor is None:
        return "DATE", f"XXXX-{code}", mod
    a = ctx.anchor
    first_month = SEASON_MONTHS[code][0]
    cands = [date(y, first_month, 1) for y in (a.year - 2, a.year - 1, a.year, a.year + 1)]
    current = max(c for c in cands if c <= a) if any(c <= a for c in cands) else cands[0]
    in_season = (a - current).days < 92
    if rel in REL_BACK:
        c = current if not in_season else cands[cands.index(current) - 1]
    elif rel in REL_FWD:
        c = cands[cands.index(current) + 1]
    elif rel in REL_NOW:
        c = current if in_season or ctx.dir(m) == -1 else cands[cands.index(current) + 1]
    else:
        d = ctx.dir(m)
        if in_season:
            c = current
        elif d is not None and d > 0:
            c = cands[cands.index(current) + 1]
        elif d is not None and d < 0:
            c = current
        else:
            nxt = cands[cands.index(current) + 1]
            c = current if (a - current).days - 92 <= (nxt - a).days else nxt
    return "DATE", f"{c.year:04d}-{code}", mod


ORD_Q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


_OF_OTHER = re.compile(r"\s+of\s+(?:the|its|their|this|that)\s+(?!(?:(?:current|same|prior|previous)\s+)?"
                       r"(?:fiscal\s+|calendar\s+)?year\b)", re.I)


def h_quarter(m: re.Match[str], ctx: Context):
    unit = m["u"].lower()
    o = (m["o"] or "").lower()
    if unit == "half" and o == "last":
        o = "second"
    if not (m["the"] or o or m["y1"] or m["ry1"]):
        return None
    if not (m["y2"] or m["ry"]) and _OF_OTHER.match(ctx.text, m.end()):
        return None  # "the last half of the '80s", "the first half of the match": a part of something else
    per = 4 if unit == "quarter" else 2
    a = ctx.anchor
    year: int | None = int(m["y1"] or m["y2"]) if (m["y1"] or m["y2"]) else None
    ry = m["ry"] or m["ry1"]
    if ry and a is not None:
        year = a.year + {"last": -1, "next": 1}.get(ry.lower(), 0)  # this, the (current) year: 0
    if m["ya"] and a is not None:
        year = (year or a.year) - 1
    if o in ORD_Q:
        n = ORD_Q[o]
        if n > per:
            return None
        if year is None:
            if a is None:
                return "DATE", f"XXXX-{'Q' if per == 4 else 'H'}{n}", None
            cur = quarter_of(a) if per == 4 else (1 if a.month <= 6 else 2)
            year = a.year - 1 if n > cur and ctx.dir(m) == -1 else a.year
        return "DATE", f"{year:04d}-{'Q' if per == 4 else 'H'}{n}", None
    if unit == "half" or (o and o not in REL_BACK | REL_FWD | REL_NOW | {"year-ago", "year-earlier", "same",
                                                                         "comparable", "year-before"}):
        return None
    if a is None:
        return "DATE", "PAST_REF" if o != "next" else "FUTURE_REF", None
    base = a if year is None else date(year, min(a.month, 12), 1)
    if o in REL_NOW:
        k = 0
    elif o in REL_FWD:
        k = 1
    elif o in ("year-ago", "year-earlier", "same", "comparable", "year-before"):
        k = -5
    elif o in REL_BACK:
        k = -1
    else:
        k = 0 if (ctx.dir(m) or 0) > 0 else -1
    return "DATE", unit_value(shift(base, "quarter", k), "quarter"), None


def h_relday(m: re.Match[str], ctx: Context):
    w = re.sub(r"\s+", " ", m["w"].lower())
    off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
           "the day after tomorrow": 2}[w]
    part = m["p"].lower() if m["p"] else ("night" if w == "tonight" else None)
    if m["w"][:1].isupper() and not m["mod"] and not _capitalized_ok(ctx.text, m.start("w"), m["w"]):
        return None  # "VOA Today", "Radio Tomorrow": part of a name
    if ctx.anchor is None:
        return "DATE", "PRESENT_REF" if off == 0 else ("PAST_REF" if off < 0 else "FUTURE_REF"), None
    d = (ctx.anchor + timedelta(days=off)).isoformat()
    if part:
        return "TIME", d + "T" + ctx.vocab.parts_of_day[part], None
    return "DATE", d, _mod(m["mod"])


def h_thispart(m: re.Match[str], ctx: Context):
    rel = m["rel"].lower()
    part = m["p"].lower()
    if ctx.anchor is None:
        return "TIME", "PRESENT_REF" if rel == "this" else "PAST_REF", None
    day = ctx.anchor - timedelta(days=1 if rel == "last" else 0)
    return "TIME", f"{day.isoformat()}T{ctx.vocab.parts_of_day[part]}", _mod(m["mod"])


def h_nextday(m: re.Match[str], ctx: Context):
    rel = m["rel"].lower()
    off = -1 if rel in ("previous", "preceding", "day before") else 1
    part = m["p"].lower() if m["p"] and m["p"].lower() != "day" else None
    pod = ctx.vocab.parts_of_day[part] if part else None
    spec = ("day", off, pod)
    if ctx.anchor is None:
        return "DATE", "PAST_REF" if off < 0 else "FUTURE_REF", None, spec
    d = (ctx.anchor + timedelta(days=off)).isoformat()
    if pod:
        return "TIME", d + "T" + pod, None, spec
    return "DATE", d, None, spec


def h_that_unit(m: re.Match[str], ctx: Context):
    """"That day", "later that year", "the same day": the unit of a reference time mentioned before; without
    one, only that it is past."""
    u = m["u"].lower()
    pod = ctx.vocab.parts_of_day.get(u)
    unit = "day" if pod else u
    return ("TIME" if pod else "DATE"), "PAST_REF", _mod(m["mod"]), (unit, 0, pod)


def h_weekday(m: re.Match[str], ctx: Context):
    word = m["w"]
    wd = ctx.vocab.weekday(word)
    if wd is None:
        return None
    if len(word.rstrip(".")) <= 4 and not (word.endswith(".") and word[:1].isupper()):
        return None  # an abbreviation counts only as "Tue.", never "sat", "sun", "wed"
    # a full name counts in any case ("on tuesday" in caseless text)
    rel = m["rel"].lower().split()[-1] if m["rel"] else None
    part = m["p"].lower() if m["p"] else None
    pod = ctx.vocab.parts_of_day.get(part or "", "")
    if m["pl"] or m["ppl"] or (rel in ("every", "each")):  # "Tuesdays", "Tuesday nights": every Tuesday
        return "SET", f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""), None
    v = _weekday(ctx, wd, rel, ctx.dir(m))
    if pod and ctx.anchor is not None:
        return "TIME", f"{v}T{pod}", _mod(m["mod"])
    return "DATE", v, _mod(m["mod"])


def h_relunit(m: re.Match[str], ctx: Context):
    if m["u"][:1].isupper():
        return None  # a title: ABC's "This Week"
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    unit = re.sub(r"\s+", " ", m["u"].lower()).replace("fiscal ", "")
    word = rel.replace("the ", "")
    if word in REL_NOW:
        n = 0
    elif word in REL_BACK:
        n = -1
    elif word in REL_FWD:
        n = 1
    else:
        return None
    if rel.startswith("the ") and word in {"next", "coming"} and not m["mod"]:
        return "DURATION", _duration(ctx.vocab, 1, unit) or "P1Y", None
    if rel == "the past" and unit in ("decade", "century") and not m["mod"]:
        return "DURATION", _duration(ctx.vocab, 1, unit), None  # "over the past decade": the last ten years
    if word in ("following", "preceding"):  # counts from a time mentioned before, not from the anchor
        return "DATE", _relative(ctx, unit, n), _mod(m["mod"]), (unit, n, None)
    return "DATE", _relative(ctx, unit, n), _mod(m["mod"])


def h_theunit(m: re.Match[str], ctx: Context):
    """"The end of the month": the anchor's month (or week), with the modifier."""
    return "DATE", _relative(ctx, m["u"].lower(), 0), _mod(m["mod"])


def h_yearend(m: re.Match[str], ctx: Context):
    return "DATE", _relative(ctx, "year", 0), "END"


def h_theyear(m: re.Match[str], ctx: Context):
    if m["ended"]:
        return "DURATION", "P1Y", None
    return "DATE", _relative(ctx, "year", 0), _mod(m["mod"])


def h_theweekend(m: re.Match[str], ctx: Context):
    if ctx.anchor is None:
        return "DATE", "XXXX-WXX-WE", None
    a = ctx.anchor
    d = ctx.dir(m)
    if a.isoweekday() >= 6 or (d is not None and d > 0):
        return "DATE", unit_value(a, "weekend"), None
    return "DATE", unit_value(a - timedelta(days=7), "weekend"), None


def h_ago(m: re.Match[str], ctx: Context):
    u = ctx.vocab.unit(m["u"])
    if u is None:
        return None
    unit = u[0]
    n = ctx.vocab.number(m["n"]) if m["n"] else None
    back = m["dir"].lower().split()[0] in ("ago", "earlier", "before", "back")
    if m["dir"].lower() == "later":
        return None  # "three days later" counts from an event, not from the anchor: the duration rule takes it
    mod = "APPROX" if m["pre"] and m["pre"].strip().lower() in ("about", "around", "nearly", "almost", "roughly",
                                                                   "approximately", "some") else None
    if n is None or ctx.anchor is None or n != int(n):
        return "DATE", "PAST_REF" if back else "FUTURE_REF", mod
    k = -int(n) if back else int(n)
    if unit in ("hour", "minute", "second"):
        return "DATE", ctx.anchor.isoformat(), mod
    gran = {"fortnight": "week", "decade": "year", "century": "year", "weekend": "week"}.get(unit, unit)
    step = {"fortnight": ("week", 2), "decade": ("year", 10), "century": ("year", 100)}.get(unit, (unit, 1))
    try:
        return "DATE", unit_value(shift(ctx.anchor, step[0], k * step[1]), gran), mod
    except (ValueError, OverflowError):  # "2019 years ago": off the calendar
        return None


def h_week_of(m: re.Match[str], ctx: Context):
    month = ctx.vocab.month(m["m"])
    if month is None or not m["m"][:1].isupper():
        return None
    day = int(re.match(r"\d+", m["d"])[0])  # type: ignore[index]
    v = (_safe_date(int(m["y"]), month, day).isoformat() if m["y"] and _safe_date(int(m["y"]), month, day)
         else _month_day(ctx, month, day, ctx.dir(m)))
    d = _safe_date(*map(int, v.split("-"))) if v and v[:4].isdigit() else None
    return ("DATE", unit_value(d, "week"), None) if d else None


def h_unit_adj(m: re.Match[str], ctx: Context):
    if ctx.anchor is None:
        return "DATE", "PAST_REF", None
    return "DATE", _relative(ctx, m["u"].lower(), -1), None


_RATE = re.compile(r"\b(?:\d[\d,.]*|once|twice|times|percent|cents?|dollars?|million|billion|thousand|hundreds?|"
                   r"thousands|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|dozens?)"
                   r"(?:\s+[a-z-]+){0,2}\s*$|%\s*$")


def h_duration(m: re.Match[str], ctx: Context):
    nt = m["n"]
    n = ctx.vocab.number(nt)
    if n is None and nt.lower().strip() not in ctx.vocab.vague and not re.fullmatch(r"(?i)(?:the\s+)?(?:last\s+)?few",
                                                                                   nt.strip()):
        return None
    before = ctx.text[max(0, m.start() - 40):m.start()].lower()
    if nt.lower() in ("a", "an") and not m["pre"] and not m["det"] and _RATE.search(before):
        return None  # a rate ("$2 million a year", "four flights a week"), not a time expression
    if n is not None and n == 0:
        return None
    unit = m["u"].lower()
    if unit.startswith("quarter") and n is not None and n <= 3 and re.match(r"\s+of\b", ctx.text[m.end():m.end() + 4]):
        return None  # a fraction: "three-quarters of its food"
    if nt.lower() in ("a", "an") and unit == "second" and not m["pre"]:
        return None  # the ordinal: "a second group"
    if m["u"][:1].isupper() and not m["n"][:1].isupper():
        return None  # a name: "60 Minutes"
    if nt.lower() in ("a", "an") and m[0].lower().endswith("-long"):
        return None  # the article of the noun: "a year-long probe" (the unit_long rule takes "year-long")
    if m[0].lower().endswith("-old") or re.match(r"[\s-]+old\b", ctx.text[m.end():m.end() + 6]):
        return None  # an age, not a period
    if m["half"] and n is not None:
        n += 0.5  # "a minute and a half"
    v = _duration(ctx.vocab, n, m["u"])
    if v is None:
        return None
    return "DURATION", v, None


def h_vague_plural(m: re.Match[str], ctx: Context):
    """"In recent years" (past), "in coming weeks", "future quarters", "the days ahead" (future)."""
    rel = (m["rel"] or "ahead").lower()
    if rel in REL_FWD or rel in ("future", "ahead"):
        return "DATE", "FUTURE_REF", None
    return "DATE", "PAST_REF", None


def h_for_units(m: re.Match[str], ctx: Context):
    v = _duration(ctx.vocab, None, m["u"])
    return ("DURATION", v, None) if v else None


def h_reference(m: re.Match[str], ctx: Context):
    key = re.sub(r"\s+", " ", m[0].lower())
    v = ctx.vocab.references.get(key)
    if key.endswith("future") and re.match(r"\s+of\b", ctx.text[m.end():m.end() + 4]):
        return None  # "the future of our peoples": the prospects of something, not a time
    return ("DATE", v, None) if v else None


def h_set_word(m: re.Match[str], ctx: Context):
    v = ctx.vocab.sets.get(m[0].lower())
    return ("SET", v, None) if v else None


def h_every(m: re.Match[str], ctx: Context):
    n = ctx.vocab.number(m["n"]) if m["n"] else 1.0
    if m["other"]:
        n = 2.0
    if m["u"]:
        v = _duration(ctx.vocab, n, m["u"])
        return ("SET", v, None) if v else None
    if m["w"] and (wd := ctx.vocab.weekday(m["w"])) and m["w"][:1].isupper():
        return "SET", f"XXXX-WXX-{wd}", None
    if m["m"] and (mo := ctx.vocab.month(m["m"])) and m["m"][:1].isupper():
        return "SET", f"XXXX-{mo:02d}", None
    return None


def h_time(m: re.Match[str], ctx: Context):
    if m["nm"]:
        if re.search(r"\bhigh\s+$", ctx.text[max(0, m.start() - 6):m.start()], re.I):
            return None  # "High Noon", "high noon comes today": a decisive moment, not 12:00
        h, mi = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[m["nm"].lower()]
    elif m["ap"]:
        h, mi = int(m["h"]), int(m["mi"] or 0)
        if h > 12 or h == 0:
            return None
        ap = m["ap"].lower()[0]
        h = (h % 12) + (12 if ap == "p" else 0)
    else:
        h, mi = int(m["hh"]), int(m["mm"])
        if ctx.text[m.end("mm"):m.end("mm") + 1] == ":" or ctx.text[max(0, m.start("hh") - 1):m.start("hh")] in ":.":
            return None
    day: str | None = None
    wd_word = m["wd"] or m["wd2"]
    if wd_word and (wd := ctx.vocab.weekday(wd_word)) and wd_word[:1].isupper():
        day = _weekday(ctx, wd, None, ctx.dir(m))
    elif m["rd"] and ctx.anchor is not None:
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m["rd"].lower()]
        day = (ctx.anchor + timedelta(days=off)).isoformat()
    elif m["tm"] and (mo := ctx.vocab.month(m["tm"])) and m["tm"][:1].isupper():
        day = _month_day(ctx, mo, int(re.match(r"\d+", m["td"])[0]), ctx.dir(m))  # type: ignore[index]
    if day is None:
        day = ctx.anchor.isoformat() if ctx.anchor is not None else "XXXX-XX-XX"
        # a clock time right after a date belongs to that date ("on Nov. 25 at 3 p.m.")
        return "TIME", f"{day}T{h:02d}:{mi:02d}", None, ("clock", 0, f"{h:02d}:{mi:02d}")
    return "TIME", f"{day}T{h:02d}:{mi:02d}", None


_CLOCK_UNIT = re.compile(r"\s*(?:GMT|UTC|Z|hours|hrs|local\s+time)(?!\w)", re.I)


def h_clock4(m: re.Match[str], ctx: Context):
    """"1800 GMT", "0620 hours": a clock time of the anchor's day, like a bare "18:00". In parentheses it
    restates the clock time before it ("7:35 a.m. (0435 GMT)"), which TimeML leaves untagged."""
    if ctx.text[max(0, m.start() - 1):m.start()] == "(":
        return None
    h, mi = int(m["hh"]), int(m["mm"])
    day = ctx.anchor.isoformat() if ctx.anchor is not None else "XXXX-XX-XX"
    return "TIME", f"{day}T{h:02d}:{mi:02d}", None, ("clock", 0, f"{h:02d}:{mi:02d}")


def h_holiday(m: re.Match[str], ctx: Context):
    name = re.sub(r"\s+", " ", m["hd"].lower())
    if not m["hd"][:1].isupper():
        return None
    years = [int(m["y"])] if m["y"] else ([ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1]
                                          if ctx.anchor else [])
    cands = []
    for y in years:
        if name in ctx.vocab.holidays:
            mo, d = ctx.vocab.holidays[name]
            cands.append(date(y, mo, d))
        elif name in ctx.vocab.holidays_nth:
            mo, wd, n = ctx.vocab.holidays_nth[name]
            cands.append(_nth_weekday(y, mo, wd, n))
        elif name in ctx.vocab.holidays_easter:
            cands.append(easter(y) + timedelta(days=ctx.vocab.holidays_easter[name]))
    if not cands:
        return None
    if m["wk"]:  # "Easter week" began on the Monday of the holiday's week
        cands = [c - timedelta(days=c.isoweekday() - 1) for c in cands]
    if len(cands) == 1 or ctx.anchor is None:
        day = cands[0]
    else:
        rel = (m["rel"] or "").lower().split()
        d = -1 if rel and rel[-1] in REL_BACK else 1 if rel and rel[-1] in REL_FWD else ctx.dir(m)
        day = _pick(cands, ctx.anchor, d, strict=bool(rel))
    return "DATE", unit_value(day, "week") if m["wk"] else day.isoformat(), None  # "Easter week": its week

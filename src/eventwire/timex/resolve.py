"""What the handlers share: the records of a match, regex pieces, and resolving a date against the anchor.

A month-day without a year, a bare month or weekday, or "last week" names different days depending on
the anchor and on the tense of the clause; the helpers here pick the reading, and keep an unanchored
value (``XXXX-10``, ``XXXX-WXX-2``) or a reference (``PAST_REF``...) when there is no anchor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .calendar import shift, unit_value
from .vocab import Vocab

Direction = int | None  # -1 past, 0 present, +1 future, None unknown

@dataclass(frozen=True)
class Found:
    """One temporal expression found in the text."""

    start: int
    end: int
    type: str
    value: str
    rule: str
    mod: str | None = None
    range: tuple[str, str] | None = None  # set for ranges; else it follows from the value
    precision: str | None = None
    relative: tuple[str, int, str | None] | None = None  # (unit, offset, part of day) from a reference time


@dataclass
class Context:
    """What normalization needs besides the match: the text, the anchor date, the tense of a span."""

    text: str
    anchor: date | None
    vocab: Vocab
    direction: Callable[[int, int], Direction] = field(default=lambda s, e: None)

    def dir(self, m: re.Match[str]) -> Direction:
        return self.direction(m.start(), m.end())


# ---- regex pieces -------------------------------------------------------------------------------

YEAR = r"(?<![\w$,.#/])(?<!(?<!mid)(?<!post)(?<!pre)-)(?:1[5-9]\d\d|20\d\d)(?![\w%]|,\d|\.\d|-\d|/\d)"
DAYN = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\w|:\d)"
# Modifiers inside a TimeML extent ("more than two years"); others ("about", "only") stay outside it.
PREMOD = (
    r"(?:(?:nearly|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|well\s+over|"
    r"little\s+more\s+than|no\s+more\s+than|the\s+better\s+part\s+of)\s+(?!the\s))"
)
MODP = (
    r"(?:(?:early|earlier|late|later|mid|middle|the\s+(?:end|beginning|start|middle|rest|remainder|"
    r"latter\s+part|early\s+part|first\s+part|close)\s+of)(?:\s+|-))"
)
MOD_CODE = {"early": "START", "earlier": "START", "late": "END", "later": "END", "mid": "MID", "middle": "MID"}
PARTS = r"(?:morning|afternoon|evening|night)"
NEAR_DAYS = 62  # a month-day this close to the anchor is read as the nearest one, whatever the tense
REL_BACK = {"last", "past", "previous", "prior", "preceding", "latest", "recent"}
REL_FWD = {"next", "coming", "following", "ensuing", "upcoming"}
REL_NOW = {"this", "current", "present"}
# Function words that may stand capitalized before a month or weekday at a sentence start.
_LEADERS = {"in", "on", "since", "by", "until", "till", "last", "next", "this", "early", "late", "mid", "during",
            "through", "from", "before", "after", "and", "or", "of", "but", "that", "as", "to", "for", "each",
            "every", "at", "around", "about", "between", "then", "the"}


def _mod(text: str | None) -> str | None:
    if not text:
        return None
    t = text.lower().strip(" -")
    if t.startswith("the"):
        w = t.split()[1]
        return {"end": "END", "close": "END", "beginning": "START", "start": "START", "middle": "MID",
                "first": "START", "early": "START", "latter": "END"}.get(w)
    return MOD_CODE.get(t)


def _capitalized_ok(text: str, start: int, word: str) -> bool:
    """A month or weekday word: capitalized, and not the second part of a name ("Theresa May")."""
    if not word[:1].isupper():
        return False
    before = text[max(0, start - 40):start].rstrip()
    if not before or before[-1] in ".!?:;\"'`(\n" or before.endswith(("--", "_")):
        return True
    prev = re.search(r"([\w.'-]+)$", before)
    if prev and prev[1][:1].isupper() and prev[1].lower().strip(".") not in _LEADERS:
        return False
    return True


# ---- resolution helpers -------------------------------------------------------------------------

def _pick(cands: list[date], anchor: date, d: Direction, *, strict: bool = False, near: int = 0) -> date:
    """The candidate that fits the direction: the latest not after the anchor for the past, the earliest
    not before it for the future, else the nearest. With ``near`` (days), a candidate that close to the
    anchor wins over a tense that would put the date about a year away: tense is a weaker cue than that."""
    past = [c for c in cands if (c < anchor if strict else c <= anchor)]
    fut = [c for c in cands if (c > anchor if strict else c >= anchor)]
    nearest = min(cands, key=lambda c: (abs((c - anchor).days), c > anchor))
    if near and abs((nearest - anchor).days) <= near:
        return nearest
    if d is not None and d < 0 and past:
        return max(past)
    if d is not None and d > 0 and fut:
        return min(fut)
    return nearest


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_day(ctx: Context, month: int, day: int, d: Direction) -> str | None:
    if ctx.anchor is None:
        return f"XXXX-{month:02d}-{day:02d}" if day <= 31 else None
    cands = []
    for y in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1):
        try:
            cands.append(date(y, month, day))
        except ValueError:
            pass
    return _pick(cands, ctx.anchor, d, near=NEAR_DAYS).isoformat() if cands else None


def _month(ctx: Context, month: int, rel: str | None, d: Direction) -> str:
    if ctx.anchor is None:
        return f"XXXX-{month:02d}"
    a = ctx.anchor.replace(day=1)
    cands = [date(y, month, 1) for y in (a.year - 1, a.year, a.year + 1)]
    if rel in REL_BACK:
        c = _pick(cands, a, -1, strict=True)
    elif rel in REL_FWD:
        c = _pick(cands, a, 1, strict=True)
    elif rel in REL_NOW:
        c = date(a.year, month, 1)
    else:
        c = _pick(cands, a, d, near=NEAR_DAYS)
    return f"{c.year:04d}-{c.month:02d}"


def _relative(ctx: Context, unit: str, n: int) -> str:
    """The unit n units away from the anchor ("last week" = week, -1)."""
    if ctx.anchor is None:
        return "PRESENT_REF" if n == 0 else ("PAST_REF" if n < 0 else "FUTURE_REF")
    return unit_value(shift(ctx.anchor, unit, n), unit)


def _weekday(ctx: Context, wd: int, rel: str | None, d: Direction) -> str:
    if ctx.anchor is None:
        return f"XXXX-WXX-{wd}"
    a = ctx.anchor
    back = (a.isoweekday() - wd) % 7
    fwd = (wd - a.isoweekday()) % 7
    if rel in REL_BACK:
        return (a - timedelta(days=back or 7)).isoformat()
    if rel in REL_FWD:
        return (a + timedelta(days=fwd or 7)).isoformat()
    if back == 0:
        return a.isoformat()
    if d is not None and d > 0 or rel in REL_NOW and d != -1:
        return (a + timedelta(days=fwd)).isoformat()
    return (a - timedelta(days=back)).isoformat()


def _duration(vocab: Vocab, n: float | None, unit_word: str) -> str | None:
    u = vocab.unit(unit_word)
    if u is None:
        return None
    unit, code = u
    if unit == "fortnight":
        n, code = (None if n is None else n * 2), "W"
    if unit == "decade" and n is not None:
        n, code = n * 10, "Y"
    if unit == "century" and n is not None:
        n, code = n * 100, "Y"
    if unit == "weekend":
        n, code = (None if n is None else n * 2), "D"
    t = "T" if unit in ("hour", "minute", "second") else ""
    if n is None:
        return f"P{t}X{code}"
    if n != int(n):
        whole, frac = int(n), n - int(n)
        lower = (60, "S") if unit == "minute" else {"Y": (12, "M"), "D": (24, "H"), "H": (60, "M"),
                                                     "W": (7, "D")}.get(code)
        if lower:
            sub = round(frac * lower[0])
            sub_t = "T" if lower[1] in ("H",) or (lower[1] == "M" and code == "H") else ""
            head = f"{whole}{code}" if whole else ""
            if t:
                return f"PT{head}{sub}{lower[1]}"
            return f"P{head}{sub_t}{sub}{lower[1]}"
        return f"P{t}{n:g}{code}"
    return f"P{t}{int(n)}{code}"


_TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
         "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def spelled_year(text: str | None) -> int | None:
    """A year written in words: "nineteen ninety-seven", "two thousand", "the year two thousand and one"."""
    if not text:
        return None
    words = re.findall(r"[a-z]+", text.lower())
    words = [w for w in words if w not in ("the", "year", "and")]
    if words[:2] == ["two", "thousand"]:
        rest = words[2:]
        return 2000 + (sum(_ONES.get(w, _TENS.get(w, 0)) for w in rest) if rest else 0)
    if len(words) >= 2 and words[0] in _TENS and _TENS[words[0]] >= 11:
        rest = sum(_ONES.get(w, _TENS.get(w, 0)) for w in words[1:])
        return _TENS[words[0]] * 100 + rest if 0 < rest < 100 else None
    return None


def _nth_weekday(year: int, month: int, wd: int, n: int) -> date:
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - wd) % 7)

"""Finding temporal expressions: a table of regular-expression rules, longest match wins.

:func:`tag` runs every rule over the text, normalizes each match with the rule's handler (in
:mod:`eventwire.timex.normalize`) and keeps the longest non-overlapping expressions. Regexes are
compiled once per vocabulary, each behind the lookahead of the characters its matches can start with
(:mod:`eventwire.rxfirst`: the same matches, found faster).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import lru_cache

from ..rxfirst import compile_first
from . import extras as x
from . import normalize as n
from .calendar import shift, unit_value, value_range
from .resolve import DAYN, MODP, PARTS, PREMOD, YEAR, Context, Direction, Found
from .vocab import Vocab, alternation, load_vocab

Rule = tuple[str, "re.Pattern[str]", Callable, tuple[str, ...]]


@lru_cache(maxsize=4)
def rules(vocab: Vocab) -> tuple[Rule, ...]:
    """The compiled rule table for a vocabulary, in priority order (earlier wins a tie)."""
    mon = alternation(vocab.months, optional_period=True)
    wd = alternation(vocab.weekdays, optional_period=True, end=r"(?=s?(?!\w))")
    wd1 = alternation(vocab.weekdays, optional_period=True)
    compound = (r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
                r"(?:one|two|three|four|five|six|seven|eight|nine)(?!\w)")
    numw = alternation([k for k in vocab.numbers if k not in ("half a", "a half")])
    num = (rf"(?:\d+(?:\.\d+)?(?:\s+(?:1/2|1/4|3/4))?(?!\d)|{compound}|{numw})(?:\s+and\s+a\s+half)?")
    vague = alternation(list(vocab.vague) + ["the last few", "the next few", "the past few", "few"])
    plurals = {w + "s" for w in vocab.units} | {"centuries"}
    units = alternation(set(vocab.units) | plurals)
    units_pl = alternation({u + "s" for u in ("day", "week", "month", "quarter", "year", "decade", "hour",
                                              "minute")}
                           | {"centuries"})
    units_sing = alternation(["day", "night", "week", "month", "year", "quarter", "hour", "minute", "decade",
                              "weekend", "morning", "evening", "afternoon"])
    season = alternation(vocab.seasons)
    refs = alternation(vocab.references)
    sets = alternation(vocab.sets)
    holidays = alternation(list(vocab.holidays) + list(vocab.holidays_nth) + list(vocab.holidays_easter),
                           end=r"(?!\w|\s+Islands?\b)")
    rel = r"(?:this\s+(?:coming|past)|this|last|next|past|coming|previous|current|upcoming)"
    early = r"(?:(?P<mod>earlier|later|early|late)\s+)?"  # "Earlier Sunday", "late yesterday": inside the extent
    ords = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
    ones = r"(?:one|two|three|four|five|six|seven|eight|nine)"
    spelled = (rf"(?:(?:the\s+year\s+)?two\s+thousand(?:\s+(?:and\s+)?{ones})?|(?:nineteen|eighteen|twenty)\s+"
               rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]{ones})?|oh[- ]{ones}|ten|"
               rf"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))(?!\w)")

    table: list[tuple[str, str, Callable]] = [
        ("time", rf"\b(?P<pre>{PREMOD})?(?:(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d))?\s*"
                 rf"(?P<ap>a\.m\.?|p\.m\.?|am|pm)(?!\w)|(?<![\d:.,])(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)(?!\d)"
                 rf"|(?P<nm>noon|midnight|midday)(?!\w))"
                 rf"(?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|local\s+time)(?!\w))?"
                 rf"(?:\s*,?\s*(?:(?:on\s+)?(?P<wd>{wd1})|(?P<rd>today|tonight|yesterday|tomorrow)(?!\w)|"
                 rf"(?P<tm>{mon})\s*(?P<td>{DAYN})))?"
                 # "9:20 a.m. (0620 GMT) Monday": the day after a parenthesis is the day of the clock time
                 rf"(?:(?=\s*\([^()\n]{{1,25}}\)\s*,?\s*(?:on\s+)?(?P<wd2>{wd1})(?!\w))|)", n.h_time),
        # a 24-hour clock written in four digits with its zone or unit ("0620 GMT", "1800 hours"): no year
        ("clock4", r"(?<![\w$,.#/:])(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d)\s*(?:GMT|UTC|Z|hours|hrs|local\s+time)"
                   r"(?!\w)", n.h_clock4),
        ("iso", r"\b(?P<y>1[5-9]\d\d|20\d\d)-(?P<mo>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b", n.h_iso),
        ("numeric", r"(?<![\d/.])\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\d/])", n.h_numeric),
        ("weekday_date", rf"\b(?P<w>{wd1})\s*,?\s*(?P<m>{mon})\s*(?P<d>{DAYN})(?:\s*,?\s*(?P<y>{YEAR}))?",
         n.h_month_day),
        ("month_day", rf"\b(?:(?P<rel>last|next|this)\s+)?(?P<m>{mon})\s*(?P<d>{DAYN})(?:\s*,?\s*(?P<y>{YEAR}))?",
         n.h_month_day),
        ("day_month", rf"\b(?P<d>{DAYN})\s+(?:of\s+)?(?P<m>{mon})(?:\s*,?\s*(?P<y>{YEAR}))?", n.h_month_day),
        ("month_year", rf"\b(?P<mod>{MODP})?(?P<m>{mon})\s*,?\s*(?:of\s+)?(?:(?P<y>{YEAR})|(?P<sy>{spelled})|"
                       rf"(?P<ry>this|last|next)\s+year(?![\w-]))", n.h_month_year),
        ("month", rf"\b(?P<mod>{MODP})?(?:(?P<rel>{rel})\s+)?(?P<m>{mon})", n.h_month),
        ("year_range", r"(?<![\w$,.#/])(?P<a>1[5-9]\d\d|20\d\d)\s*[-–]\s*(?P<b>1[5-9]\d\d|20\d\d|\d\d)"
                       r"(?![\w%]|,\d|\.\d)",
         n.h_year_range),
        ("ordinal_day", r"(?<=\bon\s)the\s+(?P<d>[12]\d|3[01]|[1-9])(?:st|nd|rd|th)(?![\w-])(?!\s+(?:of|century))",
         n.h_ordinal_day),
        ("quarter_code", r"\b(?:Q(?P<q>[1-4])\s*(?P<y>1[5-9]\d\d|20\d\d)|(?P<y2>1[5-9]\d\d|20\d\d)\s*Q(?P<q2>[1-4]))\b",
         n.h_quarter_code),
        ("decade", r"(?:\bthe\s+)?(?P<mod>(?:early|mid|late)(?:\s+|-))?(?:\b(?P<dy>1[5-9]\d0|20\d0)|"
                   r"'(?P<dd>\d0))'?s\b", n.h_decade),
        ("century", rf"\b(?P<mod>{MODP})?(?:the\s+)?(?P<n>\d{{1,2}})(?:st|nd|rd|th)[\s-]+century\b", n.h_century),
        ("year", rf"(?:\b(?P<mod>{MODP}))?(?P<pre>\b(?:fiscal|calendar|the\s+year|model\s+year)\s+|"
                 rf"\b(?:early|late)\s+|\bmid-?|\b(?:post|pre)-)?(?:(?P<y>{YEAR})|\b(?P<sy>{spelled}))", n.h_year),
        ("season", rf"\b(?P<mod>{MODP})?(?P<the>the\s+)?(?:(?P<rel>{rel}|the\s+past|the\s+coming)\s+)?"
                   rf"(?P<s>{season})(?:\s+(?:of\s+)?(?:(?P<y>{YEAR})|(?P<sy>{spelled})))?", n.h_season),
        ("quarter", rf"\b(?:(?P<ry1>this|last|next)\s+year's\s+)?(?P<the>the\s+)?(?:(?P<y1>{YEAR})\s+)?"
                    rf"(?:(?:comparable|corresponding|same)\s+(?=\S+-year|year-))?"
                    rf"(?:(?P<ya>year-ago|year-earlier|year-before|prior-year|previous-year)\s+)?"
                    rf"(?:(?:fiscal|calendar)\s+)?"
                    rf"(?:(?P<o>{ords}|latest|last|current|recent|previous|past|prior|year-ago|year-earlier|"
                    rf"year-before|same|comparable|next|coming|this)(?:\s+|-))?(?:(?:fiscal|calendar)\s+)?"
                    rf"(?P<u>quarter|half)(?![\w-])(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?(?:(?P<y2>{YEAR})|"
                    rf"(?P<ry>this|last|next|the(?:\s+current)?)\s+year(?![\w-])))?", n.h_quarter),
        ("relday", rf"\b{early}(?P<w>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+"
                   rf"yesterday|the\s+day\s+after\s+tomorrow)(?!\w)(?:\s+(?P<p>{PARTS})(?!\w))?", n.h_relday),
        ("thispart", rf"\b{early}(?P<rel>this|last)\s+(?P<p>{PARTS})(?!\w)", n.h_thispart),
        ("nextday", rf"\bthe\s+(?P<rel>next|following|previous|preceding)\s+(?P<p>day|{PARTS})(?!\w)", n.h_nextday),
        ("that_unit", rf"\b(?:(?P<mod>earlier|later|early|late)\s+(?:in\s+)?)?(?:that|the\s+same)\s+"
                      rf"(?P<u>day|week|month|year|{PARTS})(?![\w-])", n.h_that_unit),
        ("weekday", rf"\b{early}(?:(?P<rel>this\s+(?:coming|past)|last|this|next|past|coming|every|each)\s+)?"
                    rf"(?P<w>{wd})(?P<pl>s)?(?:\s+(?P<p>{PARTS})(?P<ppl>s)?(?!\w))?", n.h_weekday),
        ("relunit", rf"\b(?P<mod>{MODP})?(?P<rel>(?:the\s+)?(?:this|last|next|past|coming|previous|current|"
                    rf"following|preceding|latest|upcoming))\s+(?P<u>week|weekend|month|year|decade|century|"
                    rf"fiscal\s+year)(?![\w-])", n.h_relunit),
        ("theyear", rf"\b(?P<mod>{MODP})?the\s+(?:(?:fiscal|full|entire|whole|calendar|current)\s+)?year(?![\w-])"
                    rf"(?=(?P<ended>\s+(?:ended|ending))?)", n.h_theyear),
        ("theunit", rf"\b(?P<mod>{MODP})the\s+(?P<u>month|week)(?![\w-])", n.h_theunit),
        ("yearend", r"\b(?:(?:the\s+)?year[-\s]end|year's\s+end)(?![\w-])", n.h_yearend),
        ("theweekend", r"\bthe\s+weekend(?!\w)", n.h_theweekend),
        ("ago", rf"\b(?P<pre>{PREMOD})?(?:(?P<n>{num}|{vague})\s+)?(?P<u>{units})(?:\s+or\s+so)?\s+"
                rf"(?P<dir>ago|earlier|later|before\s+now|from\s+now|hence|back)(?!\w)", n.h_ago),
        ("unit_adj", r"\b(?:the\s+)?(?P<u>year|month|week)-(?:earlier|ago|before)(?!\w)(?:\s+period(?!\w))?",
         n.h_unit_adj),
        ("week_of", rf"\bthe\s+week\s+of\s+(?P<m>{mon})\s*(?P<d>{DAYN})(?:\s*,?\s*(?P<y>{YEAR}))?", n.h_week_of),
        # "will one day be": some day ahead, not a duration
        ("one_day", r"(?:(?<=\bwill\s)|(?<=\bwould\s)|(?<=\bcould\s)|(?<=\bmight\s)|(?<=\bmay\s)|"
                    r"(?<=\bcan\s)|(?<=\bshall\s)|(?<=\bshould\s)|(?<=\bto\s))(?:one|some)\s+day(?!\w)",
         x.h_some_day),
        ("duration", rf"\b(?P<pre>{PREMOD})?(?:(?P<det>the|each\s+of\s+the|all\s+of\s+the)\s+)?"
                     rf"(?:(?P<rel>past|last|next|first|final|previous|coming|following|recent|preceding|"
                     rf"initial|ensuing|remaining|latest|another|other)\s+)?"
                     rf"(?P<n>{num}|{vague})(?:\s+|-)(?:(?:more|additional|straight|consecutive|full|whole|trading|business|"
                     rf"working)\s+)?"
                     rf"(?P<u>{units})(?P<half>\s+and\s+a\s+half(?!\w))?(?:-long|-old)?(?:\s+or\s+so)?",
         n.h_duration),
        ("vague_plural", rf"\b(?:the\s+)?(?:(?P<rel>coming|recent|past|next|last|previous|ensuing|following|"
                         rf"upcoming|future)\s+(?P<u>{units_pl})|(?P<ua>{units_pl})\s+ahead(?!\w))", n.h_vague_plural),
        ("for_units", rf"(?:(?<=\bfor\s)|(?<=\bwithin\s)|(?<=\bin\s)|(?<=\bover\s)the\s+)(?P<u>{units_pl})"
                      rf"(?![\w-]|\s+(?:of|before|after|ago|earlier|later)\b)", n.h_for_units),
        ("reference", rf"\b{refs}", n.h_reference),
        ("set_word", rf"\b{sets}", n.h_set_word),
        ("every", rf"\b(?:every|each|per)\s+(?:(?P<other>other)\s+|(?P<n>{num})\s+)?(?:(?P<u>{units_sing}|"
                  rf"{units_pl})|(?P<w>{wd1})|(?P<m>{mon}))", n.h_every),
        ("unit_long", rf"\b(?P<u>{units})-long(?!\w)", x.h_unit_long),
        ("decade_word", rf"\bthe\s+(?P<mod>(?:early|mid|late)(?:\s+|-))?(?P<w>{x.DECADE_WORD_RX})(?!\w)",
         x.h_decade_word),
        ("mid_part", rf"\bmid[-\s]?(?P<p>morning|afternoon|evening)(?!\w)(?:\s+(?:(?P<rd>today|yesterday|tomorrow)"
                     rf"(?!\w)|(?P<wd>{wd1})))?", x.h_mid_part),
        ("in_the_part", rf"(?:\b(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s+(?:o'clock\s+)?in\s+|(?<=\bin\s))"
                        rf"the\s+(?P<p>{PARTS})(?!\w)", x.h_in_the_part),
        ("period", r"\b(?:the\s+)?(?P<o>latest|most\s+recent|current)\s+period(?!\w)", x.h_period),
        ("in_the_unit", r"\b(?P<mod>earlier|later)\s+in\s+the\s+(?P<u>day|week|month|year)(?![\w-])", x.h_in_the_unit),
        ("unit_before", r"\bthe\s+(?P<u>day|week|month|year)\s+(?P<d>before|after|earlier|later)(?=\s*[.,;:)]|\s*$)",
         x.h_unit_before),
        ("holiday", rf"\b(?:(?P<rel>{rel})\s+)?(?P<hd>{holidays})(?P<wk>\s+week(?!\w))?(?:\s*,?\s*(?P<y>{YEAR}))?",
         n.h_holiday),
    ]
    # words one of which a rule's match must hold (lower case): a text without them skips the rule's scan
    hints: dict[str, tuple[str, ...]] = {
        "ago": ("ago", "earlier", "later", "now", "hence", "back"), "quarter": ("quarter", "half"),
        "century": ("century",), "decade": ("0s", "0's"), "season": tuple(vocab.seasons),
        "holiday": tuple({w.split()[0] for w in [*vocab.holidays, *vocab.holidays_nth, *vocab.holidays_easter]}),
        "week_of": ("week",),
        "theweekend": ("weekend",), "yearend": ("year",), "unit_long": ("-long",), "decade_word": ("ties",),
        "mid_part": ("mid",), "in_the_part": ("in the",), "period": ("period",), "in_the_unit": ("earlier", "later"),
        "unit_before": ("before", "after", "earlier", "later"), "unit_adj": ("-earlier", "-ago", "-before"),
    }
    return tuple((name, compile_first(rx, re.I), h, hints.get(name, ())) for name, rx, h in table)


def tag(
    text: str,
    anchor: date | None = None,
    *,
    direction: Callable[[int, int], Direction] | None = None,
    vocab: Vocab | None = None,
) -> list[Found]:
    """Temporal expressions in ``text``, normalized against ``anchor``, in text order.

    ``direction(start, end)`` gives the tense of the clause around a span (-1, 0, +1 or None); without
    it, values that depend on tense take the reading nearest the anchor.
    """
    vocab = vocab or load_vocab()
    ctx = Context(text=text, anchor=anchor, vocab=vocab)
    if direction is not None:
        ctx.direction = direction
    found: list[tuple[int, int, Found]] = []
    lower = text.lower()
    for prio, (name, rx, handler, hints) in enumerate(rules(vocab)):
        if hints and not any(h in lower for h in hints):
            continue
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            try:
                out = handler(m, ctx)
            except (ValueError, OverflowError):  # a date off the calendar ("Feb. 30", "3000 years ago")
                out = None
            if out is None:
                continue
            typ, value, mod = out[:3]
            relative = out[3] if len(out) > 3 else None
            start, end = m.start(), m.end()
            while end > start and text[end - 1] in " ,\t\n":
                end -= 1
            if name in ("duration", "quarter") and (t := _ADJECTIVE_THE.match(text, start, end)):
                start = t.end()  # "the two-week truce": TimeML leaves the article of an adjective out
            found.append((prio, end - start, Found(start, end, typ, value, name, mod, relative=relative)))
    found.sort(key=lambda t: (-t[1], t[0], t[2].start))
    taken: list[Found] = []
    for _, _, f in found:
        if all(f.end <= g.start or g.end <= f.start for g in taken):
            taken.append(f)
    taken = _with_second_days(text, sorted(taken, key=lambda f: f.start))
    taken = _with_reference_granularity(text, taken, anchor)
    return _from_reference_times(taken)


_ADJECTIVE_THE = re.compile(r"(?i)the\s+(?=(?:fiscal\s+)?[\w.]+-[a-z]+$)")
_GRAIN = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "half": 4, "year": 5}


def _from_reference_times(found: list[Found]) -> list[Found]:
    """Anaphoric expressions ("the next day", "the following year", "later that month") counted from the
    last date mentioned before them that is at least as fine as their unit; left as they are without one."""
    out: list[Found] = []
    ref: tuple[date, str] | None = None
    ref_end = -1
    for f in found:
        if f.relative is not None and f.relative[0] == "clock":
            if ref is not None and ref[1] == "day" and 0 <= f.start - ref_end <= 80:
                f = replace(f, value=f"{ref[0].isoformat()}T{f.relative[2]}")
        elif f.relative is not None and ref is not None:
            unit, off, pod = f.relative
            d, prec = ref
            if unit in _GRAIN and _GRAIN.get(prec, 9) <= _GRAIN[unit]:
                value = unit_value(shift(d, unit, off), unit)
                if pod and unit == "day":
                    value += "T" + pod
                f = replace(f, value=value, type="TIME" if pod and unit == "day" else "DATE")
        if f.type in ("DATE", "TIME"):
            first, _, prec = value_range(f.value)
            if first and prec:
                ref = (date.fromisoformat(first), prec)
                ref_end = f.end
        out.append(f)
    return out


_AND_DAY = re.compile(r"\s+(?:and|or|&)\s+(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w%:/-]|[.,]\d)"
                      r"(?!\s*(?:percent|per\s+cent|points?|million|billion|thousand|hundred|of|more|times|others|"
                      r"(?:year|month|week|day|hour)s?|people)\b)", re.I)
_DAY_VALUE = re.compile(r"^(\d{4}-\d\d)-(\d\d)$")


def _with_second_days(text: str, found: list[Found]) -> list[Found]:
    """"April 24 and 25": the bare day number after a month-day and "and" is a date of the same month."""
    out: list[Found] = []
    for i, f in enumerate(found):
        out.append(f)
        if f.rule not in ("month_day", "weekday_date") or not (v := _DAY_VALUE.match(f.value)):
            continue
        m = _AND_DAY.match(text, f.end)
        if m is None or int(m["d"]) <= int(v[2]) or (i + 1 < len(found) and found[i + 1].start < m.end()):
            continue
        out.append(Found(m.start("d"), m.end(), "DATE", f"{v[1]}-{int(m['d']):02d}", f.rule))
    return out


_YEAR_VALUE = re.compile(r"^\d{4}$")
_QUARTER_VALUE = re.compile(r"^(\d{4})-([QH])(\d)$")


def _with_reference_granularity(text: str, found: list[Found], anchor: date | None) -> list[Found]:
    """"A year ago" or "a year earlier" after a quarter names that quarter a year before (financial news
    compares a quarter with the same quarter of the previous year); "the latest period" is that quarter."""
    if anchor is None:
        return found
    out: list[Found] = []
    last_q: Found | None = None
    for f in found:
        if f.rule == "period" and last_q is not None and f.value == "PAST_REF":
            f = replace(f, value=last_q.value)  # "the latest period": the quarter being reported
        if (f.rule in ("ago", "unit_adj") and _YEAR_VALUE.match(f.value) and "year" in text[f.start:f.end].lower()
                and last_q is not None
                and (m := _QUARTER_VALUE.match(last_q.value))):
            f = replace(f, value=f"{int(m[1]) + int(f.value) - anchor.year}-{m[2]}{m[3]}")
        if f.type == "DATE" and f.rule not in ("ago", "unit_adj") and (q := _QUARTER_VALUE.match(f.value)) and (
                int(q[1]) == anchor.year or (q[2] == "Q" and int(q[1]) == anchor.year - 1 and int(q[3]) == 4)):
            last_q = f
        out.append(f)
    return out

"""Quote-mark scanning: the stretches of text between quotation marks.

Handles straight and curly double quotes, doubled apostrophes (''...''), guillemets, low-9 marks,
single curly quotes used as quotation marks (not apostrophes), nesting of one family inside another,
quotes that run over several sentences, the news convention for quotes over several paragraphs (no closing mark at the
end of a paragraph, an opening mark at the start of the next), and unbalanced marks (a quote left
open runs to the end of its paragraph; a closing mark with no opener starts at its paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Opening mark -> the family it belongs to; closing marks of each family.
OPENERS = {'"': "straight", "“": "curly", "„": "curly", "«": "guillemet", "‘": "single", "‚": "single"}
CLOSERS = {'"': "straight", "”": "curly", "»": "guillemet", "’": "single"}
_MARKS = re.compile("[\"“”„«»‘’‚]")
_PARA = re.compile(r"\n\s*")
_WORDCH = re.compile(r"\w")
_TWO_APOSTROPHES = re.compile(r"(?<!['\d])''(?!')")


def double_apostrophes(text: str) -> str:
    """``text`` with each pair of apostrophes used as a quotation mark (''...'', the convention of
    some newswire archives) turned into a straight double quote plus a space, offsets unchanged:
    an opening pair becomes `` "``, a closing pair ``" ``."""
    if "''" not in text:
        return text
    chars = list(text)
    for m in _TWO_APOSTROPHES.finditer(text):
        i = m.start()
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 2] if i + 2 < len(text) else " "
        if (prev.isspace() or prev in "([{—–-/:;") and not nxt.isspace():
            chars[i], chars[i + 1] = " ", '"'
        else:
            chars[i], chars[i + 1] = '"', " "
    return "".join(chars)


@dataclass
class QuotedSpan:
    """Text between quotation marks: ``start``/``end`` are the content (marks excluded)."""

    start: int
    end: int
    open_mark: int | None  # offset of the opening mark; None when the quote had none
    close_mark: int | None  # offset of the closing mark; None when unbalanced
    family: str

    @property
    def outer_start(self) -> int:
        return self.open_mark if self.open_mark is not None else self.start

    @property
    def outer_end(self) -> int:
        return self.close_mark + 1 if self.close_mark is not None else self.end


def _family_of(ch: str) -> str:
    return OPENERS.get(ch) or CLOSERS.get(ch) or "straight"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _PARA.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _is_apostrophe(text: str, i: int) -> bool:
    """A single mark between letters (don't, Clinton’s) or after a plural s (voters’) is an apostrophe."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if _WORDCH.match(prev) and _WORDCH.match(nxt):
        return True
    if text[i] in "’'" and prev in "sS" and not _WORDCH.match(nxt):
        return False  # ambiguous; decided by whether a single quote is open
    return text[i] in "‘’" and prev.isdigit()  # ’90s


def _can_open(text: str, i: int) -> bool:
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in "“„«‚":
        return not nxt.isspace() or ch == "«"
    if ch in '"‘':
        return (prev.isspace() or prev in "([{—–-/:;,'\"“‘") and not nxt.isspace()
    return False


def _can_close(text: str, i: int) -> bool:
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in "”»":
        return True
    if ch in '"’':
        return not prev.isspace() and not _WORDCH.match(nxt)
    if ch == "“":  # closes a low-9 quote („...“)
        return not prev.isspace()
    return False


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def scan_quotes(text: str) -> list[QuotedSpan]:
    """Top-level quoted stretches of ``text`` in order (nested quotes stay inside their outer quote).

    Pairs of apostrophes used as quotation marks count as double quotes (:func:`double_apostrophes`).
    """
    text = double_apostrophes(text)
    spans: list[QuotedSpan] = []
    paras = _paragraphs(text)
    open_: QuotedSpan | None = None  # a quote carried over from the previous paragraph
    for pi, (ps, pe) in enumerate(paras):
        marks = [m.start() for m in _MARKS.finditer(text, ps, pe)]
        cur: QuotedSpan | None = None
        nested = 0  # marks of the other double family opened inside the current quote
        if open_ is not None:
            first = marks[0] if marks else None
            if first is not None and first == ps and text[first] in OPENERS and OPENERS[text[first]] == open_.family:
                cur = open_  # continuation: the quote goes on in this paragraph
                marks = marks[1:]
            else:
                spans.append(open_)
            open_ = None
        first_here = len(spans)  # spans from here on were found in this paragraph
        for i in marks:
            ch = text[i]
            if cur is None:
                if ch in "‘’'" and _is_apostrophe(text, i):
                    continue
                if ch in OPENERS and _can_open(text, i) and ch != "’":
                    cur = QuotedSpan(i + 1, i + 1, i, None, OPENERS[ch])
                    nested = 0
                elif ch in CLOSERS and CLOSERS[ch] != "single" and _can_close(text, i):
                    # a closing mark with no opener: the quote started at the paragraph start
                    if len(spans) == first_here:  # (not a walk over every earlier span: quadratic)
                        s, e = _strip(text, ps, i)
                        if e > s:
                            spans.append(QuotedSpan(s, e, None, i, CLOSERS[ch]))
                continue
            fam = cur.family
            if _family_of(ch) != fam:
                # another family: a nested quote, or the other double mark closing this one when
                # nothing of its own family is open inside ("more hours” -- mixed marks)
                if {fam, _family_of(ch)} == {"straight", "curly"}:
                    if ch in "“„" or ch == '"' and _can_open(text, i) and not _can_close(text, i):
                        nested += 1
                        continue
                    if nested:
                        nested -= 1
                        continue
                    if ch == "”" or ch == '"' and _can_close(text, i):
                        cur.end = cur.close_mark = i
                        spans.append(cur)
                        cur = None
                continue
            if fam == "single" and _is_apostrophe(text, i):
                continue
            low9 = text[cur.open_mark] in "„‚" if cur.open_mark is not None else False
            closes = ch in "”»’" or (ch == '"' or ch in "“‘" and low9) and _can_close(text, i)
            if closes:
                cur.end = i
                cur.close_mark = i
                spans.append(cur)
                cur = None
            elif ch in "“«„‚‘" or (ch == '"' and _can_open(text, i)):
                # the same family opens again while open: the previous quote lost its closing mark
                cur.start, cur.end = _strip(text, cur.start, i)
                spans.append(cur)
                cur = QuotedSpan(i + 1, i + 1, i, None, fam)
                nested = 0
            elif ch == '"':
                cur.end = i  # a straight mark that neither clearly opens nor closes: take it as the close
                cur.close_mark = i
                spans.append(cur)
                cur = None
        if cur is not None:
            cur.start, cur.end = _strip(text, cur.start, pe)
            nxt = paras[pi + 1][0] if pi + 1 < len(paras) else None
            if nxt is not None and text[nxt] in OPENERS and OPENERS[text[nxt]] == cur.family:
                open_ = cur  # maybe continued in the next paragraph
            else:
                spans.append(cur)
    if open_ is not None:
        spans.append(open_)
    out = []
    for q in spans:
        q.start, q.end = _strip(text, q.start, q.end)
        if q.end > q.start:
            out.append(q)
    return out

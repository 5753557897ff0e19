"""Reported speech: frames whose content is a clause rather than a quotation.

PolNeAR-style attributions are univocal: a stretch of text belongs to at most one attribution, so
a frame nested in another frame's content ("X said Y believes Z") or in a direct quote is not
kept, and the outermost frame (nearest the root of the parse) wins.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from typing import Any

from ..nlp import doc_text
from ..spans import overlaps
from .direct import Candidate
from .frames import Frame
from .marks import QuotedSpan

SpacyDoc = Any
Token = Any
_DIRECT_SHARE = 0.7  # content mostly inside one quoted stretch: a direct quote


def _depth(sdoc: SpacyDoc, i: int) -> int:
    tok, d = sdoc[i], 0
    while tok.head.i != tok.i and d < 50:
        tok, d = tok.head, d + 1
    return d


_TRAILING = frozenset({"and", "but", "or", "while", "that", "as", "by", ",", ";", ":", "—", "–", "-"})


def _trim_end(sdoc: SpacyDoc, starts: list[int], start: int, cut: int) -> int:
    """End of the content starting at ``start`` when it must stop before ``cut``: trailing commas,
    conjunctions and the tokens of the interrupting cue's own phrase are dropped."""
    i = bisect_left(starts, cut) - 1
    while i >= 0 and starts[i] >= start:
        t = sdoc[i]
        if t.idx + len(t) <= cut and not t.is_space and not (
                t.lower_ in _TRAILING or t.is_punct and t.text not in "”\"’)"):
            return t.idx + len(t)
        i -= 1
    return start


def _parenthetical(tok: Token, f: Frame) -> bool:
    """A cue inserted in the clause it attributes ("A, Mr. Clarke said, B"; "as X noted, A";
    "A, according to X"): it stands above that clause's own verbs."""
    return f.lemma == "according to" or tok.dep_ == "parataxis" or tok.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)


def _adjunct_cue(tok: Token, outer: Frame) -> bool:
    """A cue verb inside ``outer``'s content that opens an attribution of its own: a participle
    after a comma ("X said A, adding that B"), a verb coordinated with the outer cue itself ("X said
    A and warned B") or, without a subject of its own and in the cue's tense, with the verb of its
    clause ("X said A was wrong and urged B": the parser's reading), a contrastive clause with a subject
    ("X said A, though she noted B")."""
    if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj", "xcomp"):
        k = tok.i - 1
        while k >= 0 and tok.doc[k].pos_ in ("ADV", "PART") and tok.doc[k].head.i == tok.i:
            k -= 1  # "..., also adding"
        return k >= 0 and tok.doc[k].lower_ in (",", "—", "–", ";")
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _CONTRAST for c in tok.children) \
            and any(c.dep_ == "nsubj" for c in tok.children):
        return True  # "X said A, though she noted B": an attribution of its own
    if tok.dep_ != "conj":
        return False
    if tok.head.i == outer.cue_i:
        return True
    # "X said A was wrong and urged B": the parser hangs the second cue on the clause's verb
    return tok.head.dep_ == "ccomp" and tok.head.head.i == outer.cue_i and tok.tag_ == tok.doc[outer.cue_i].tag_ \
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


_CONTRAST = frozenset({"though", "although", "whereas"})  # not "while": often temporal


def select(sdoc: SpacyDoc, frames: list[Frame], direct: list[Candidate], quoted: list[QuotedSpan]) -> list[Candidate]:
    """Reported-speech candidates from the frames the direct quotes did not use."""
    text_len = len(doc_text(sdoc))
    taken = bytearray(text_len + 1)  # 1 where a quote or its cue already lies
    gaps = bytearray(text_len + 1)  # 1 between the parts of a quote ('"A," X said, referring to Y. "B."')
    for c in direct:
        taken[c.outer_start:c.outer_end] = b"\x01" * (c.outer_end - c.outer_start)
        parts = [q for q in quoted if c.outer_start <= q.outer_start and q.outer_end <= c.outer_end]
        for q, r in zip(parts, parts[1:], strict=False):
            gaps[q.outer_end:r.outer_start] = b"\x01" * (r.outer_start - q.outer_end)
    used = {id(c.frame) for c in direct if c.frame is not None}
    out: list[Candidate] = []
    pool = [f for f in frames if id(f) not in used and f.content is not None]
    pool.sort(key=lambda f: (_depth(sdoc, f.cue_i) - 2 * _parenthetical(sdoc[f.cue_i], f), f.cue_start))
    blockers = sorted(c.frame.cue_start for c in direct if c.frame is not None)
    by_cue = sorted((g.cue_start, k) for k, g in enumerate(pool))
    cue_starts = [c for c, _ in by_cue]
    tok_starts = [t.idx for t in sdoc]
    q_starts = [q.start for q in quoted]
    for f in pool:
        cs, ce = f.content  # type: ignore[misc]
        k = bisect_right(blockers, cs)
        inner = [b for b in blockers[k:bisect_left(blockers, ce)] if b != f.cue_start]
        carved = [pool[k] for _, k in by_cue[bisect_right(cue_starts, cs):bisect_left(cue_starts, ce)]
                  if pool[k].cue_start > f.cue_start and pool[k].classes & {"say", "think"}
                  and not any(q.start <= pool[k].cue_start < q.end for q in quoted)
                  and _adjunct_cue(sdoc[pool[k].cue_i], f)]
        inner += [g.cue_start for g in carved]
        if inner:  # "X said A, telling Y that "..."": A is X's content, the rest belongs to the inner cue
            ce = _trim_end(sdoc, tok_starts, cs, min(inner))
            words = len(doc_text(sdoc)[cs:ce].split())
            if ce <= cs or cs < min(inner) and words <= 2 < len(doc_text(sdoc)[cs:f.content[1]].split()):
                continue  # "Police have [said ...], according to X": nothing of its own is left
        if f.speaker is None and not (f.passive and (f.clausal or "say" in f.classes)
                                      and f.classes & {"say", "think", "intend"}) \
                and f.classes != {"seem"} and not (f.classes == {"noun"} and f.clausal):
            continue  # no source: only "it was reported that ...", "X is expected to ...", "X seems to" count
        if (taken[f.cue_start] or taken.find(1, cs, ce) != -1) and not (
                sdoc[f.cue_i].tag_ == "VBG" and sdoc[f.cue_i].dep_ != "relcl" and gaps[f.cue_start] and gaps[cs]):
            continue  # a participle between the parts of a quote ("referring to Y") is an attribution of its own
        kind = "indirect"
        j = max(0, bisect_left(q_starts, cs) - 1)
        while j < len(quoted) and quoted[j].start < ce:
            q = quoted[j]
            j += 1
            if overlaps(q.start, q.end, cs, ce):
                inside = min(q.end, ce) - max(q.start, cs)
                if inside >= _DIRECT_SHARE * (ce - cs):
                    kind = "direct"
                    cs, ce = min(cs, q.start), max(ce, q.end)
        out.append(Candidate(cs, ce, kind, f, cs, ce))  # "X said A, but B": one content (PolNeAR)
        insort(blockers, f.cue_start)
        for g in carved:
            if f.speaker is not None and not any(c.dep_ == "nsubj" for c in sdoc[g.cue_i].children):
                g.speaker, g.speaker_head = f.speaker, f.speaker_head  # ", adding ...": the same speaker
        a, b = min(cs, f.cue_start), max(ce, f.cue_end)
        taken[a:b] = b"\x01" * (b - a)
    return out

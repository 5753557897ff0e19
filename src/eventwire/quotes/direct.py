"""Direct quotes: quoted stretches tied to the attribution frame beside them.

A quoted stretch is attributed to the frame whose cue follows it in the same sentence
(``"...," he said``; ``" , General X, commander of ..., said on ...``) or precedes it across
nothing but a colon, a comma or "that" (``X said: "..."``; ``X continued:`` closing the paragraph
before). A stretch with no frame of its own that follows an attributed quote in the same
paragraph, or opens the next one, continues that quote: the quote's span then runs from the first
stretch to the last (``"A," X said. "B."`` is one utterance, its span holds the attribution in the
middle). Short stretches with no frame (scare quotes, titles) are not quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from .frames import Frame
from .marks import QuotedSpan

_MAX_AFTER_GAP = 160  # characters between a closing mark and the cue after it
_MAX_BEFORE_GAP = 100  # characters between a cue and the opening mark after it
_MAX_CUE = 40  # longest cue, in characters
_SENT_END = re.compile(r"[.!?]\s|\n")
_BEFORE_OK = re.compile(r"^\s*[,:]?\s*(?:that\s*)?[,:]?\s*$", re.I)
_MIN_WORDS_UNATTRIBUTED = 6
_OBJECT_THAT = re.compile(r"^(?:[\w’'.-]+\s+){1,4}that$", re.I)
_CLAUSE_WORDS = re.compile(r"\b(?:that|and|but|which|because|while|if|when)\b", re.I)
_RELATIVES = frozenset({"who", "which", "that", "whose", "whom"})
_QUOTING = frozenset({"say", "think", "quote"})  # frame classes that introduce a quotation


@dataclass
class Candidate:
    """A quote before ids and speaker resolution: content span, kind and the frame that attributes it."""

    start: int
    end: int
    kind: str
    frame: Frame | None
    outer_start: int = 0
    outer_end: int = 0
    inherited: bool = False  # speaker carried over from the quote before


def _paragraph_of(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, len(text) if e < 0 else e


def _after_frame(text: str, q: QuotedSpan, frames: list[Frame]) -> Frame | None:
    end = q.outer_end
    for f in frames:
        if f.cue_start < end or not f.classes & _QUOTING:
            continue
        if f.cue_start - end > _MAX_AFTER_GAP:
            return None
        gap = text[end:f.cue_start]
        if "\n" in gap or any(ch in gap for ch in "\"“”«»„"):
            return None
        if _CLAUSE_WORDS.search(gap) and not (f.content is not None and f.content[0] <= q.start < f.content[1]):
            return None  # "... that "A" and that he saw ..." -- the cue belongs to another clause
        if _SENT_END.search(gap) and not _abbrev_only(gap):
            return None
        if f.lemma == "according to" or f.speaker is not None or f.passive is False:
            return f
    return None


def _abbrev_only(gap: str) -> bool:
    """Whether every full stop in the gap belongs to an abbreviation (Gen., U.S., Sen.)."""
    for m in re.finditer(r"\.\s", gap):
        word = re.findall(r"[\w.]+$", gap[: m.start() + 1])
        if not word or not re.fullmatch(r"(?:[A-Z][a-z]{0,3}\.|(?:[A-Z]\.)+)", word[0]):
            return False
    return not re.search(r"[!?]\s", gap)


def _before_frame(text: str, q: QuotedSpan, frames: list[Frame]) -> Frame | None:
    start = q.outer_start
    best = None
    for f in frames:
        if f.cue_end > start:
            break
        if f.classes & _QUOTING:
            best = f
    if best is None or start - best.cue_end > _MAX_BEFORE_GAP:
        return None
    gap = text[best.cue_end:start]
    stripped = gap.strip()
    if _BEFORE_OK.match(gap) and "\n" not in gap and (best.speaker is not None or stripped.endswith(":")):
        return best
    if stripped.endswith(":") and not _SENT_END.search(stripped[:-1] + " "):
        return best  # "X told reporters:" / "X continued:" closing the paragraph before
    if ((stripped.endswith(",") or _OBJECT_THAT.match(stripped)) and "\n" not in gap and len(stripped.split()) <= 6
            and "say" in best.classes and best.speaker is not None and not _SENT_END.search(stripped + " ")):
        return best  # "..., telling reporters, "..."" / "told CNN that "...""
    return None


def attach(
    text: str, quoted: list[QuotedSpan], frames: list[Frame], colon_frame: Callable[[int], Frame | None] | None = None
) -> list[Candidate]:
    """Direct-quote candidates, each with the frame that attributes it (or None).

    ``colon_frame(offset)`` gives a frame for a quote that a colon introduces after a verb that is
    no cue ("Kaine has adopted the stance ...: "..."").
    """
    out: list[Candidate] = []
    used: set[int] = set()
    frames = sorted(frames, key=lambda f: f.cue_start)
    starts = [f.cue_start for f in frames]
    for q in quoted:
        lo = bisect_left(starts, q.outer_start - _MAX_BEFORE_GAP - _MAX_CUE)
        hi = bisect_left(starts, q.outer_end + _MAX_AFTER_GAP + 1)
        outside = [f for f in frames[lo:hi] if not q.outer_start <= f.cue_start < q.outer_end]
        f = _after_frame(text, q, outside) if _starts_clause(text, q) else None
        before = _before_frame(text, q, outside)
        if f is None or before is not None and before.speaker is not None \
                and text[before.cue_end:q.outer_start].strip() == ":":
            f = before  # 'X said: "...," adding that ...': the colon ties the quote to the cue before it
        prev = out[-1] if out else None
        if f is not None and prev is not None and prev.frame is f:
            f = None  # "...," X said, "..." -- the second part goes on with the same speaker below
        if f is not None and f.cue_i not in used:
            used.add(f.cue_i)
            out.append(Candidate(q.start, q.end, "direct", f, q.outer_start, q.outer_end))
            continue
        if prev is not None and prev.frame is not None:
            same = _same_paragraph(text, prev.outer_end, q.outer_start)
            between = frames[bisect_left(starts, prev.outer_end):bisect_left(starts, q.outer_start)]
            if same and _starts_clause(text, q) and not _interrupted(prev.outer_end, q.outer_start, between,
                                                                       prev.frame, text):
                _extend(prev, q)
                continue
            if not same and _next_paragraph(text, prev.outer_end, q.outer_start) and _words(text, q) >= 3:
                _extend(prev, q)
                continue
        if _words(text, q) >= _MIN_WORDS_UNATTRIBUTED and _starts_sentence(text, q):
            f = colon_frame(q.outer_start) if colon_frame is not None else None
            inherited = f is None
            f = f or _last_speaker(text, q, frames[:bisect_left(starts, q.outer_start)], quoted)
            out.append(Candidate(q.start, q.end, "direct", f, q.outer_start, q.outer_end, inherited and f is not None))
    return out


_INHERIT_WINDOW = 2  # paragraphs back where the speaker of an unattributed quotation is looked for


def _last_speaker(text: str, q: QuotedSpan, frames: list[Frame], quoted: list[QuotedSpan]) -> Frame | None:
    """The nearest earlier frame with a speaker, outside quotations, at most two paragraphs back.

    News quotes a speaker in paragraphs that follow the one naming them; a quotation with no
    attribution of its own is most likely theirs.
    """
    floor = q.outer_start
    for _ in range(_INHERIT_WINDOW + 1):
        floor = text.rfind("\n", 0, max(0, floor - 1))
        if floor < 0:
            floor = 0
            break
    for f in reversed(frames):
        if f.cue_start < floor:
            break
        if f.cue_start >= q.outer_start or f.speaker is None or f.speaker_head is None:
            continue
        if any(o.start <= f.cue_start < o.end for o in quoted if o.start < q.outer_start and o.end > floor):
            continue
        return f
    return None


def _extend(c: Candidate, q: QuotedSpan) -> None:
    c.end = q.end
    c.outer_end = q.outer_end


def _interrupted(start: int, end: int, frames: list[Frame], own: Frame, text: str) -> bool:
    """Whether another attribution lies between two quotes (then the second is not part of the first).

    Someone else's attribution in between interrupts; frames of the same speaker in the same
    sentence ("...," Clinton said, referencing X. "...") and frames whose content reaches into
    the quotes ("..., according to CNN.") do not. A new sentence with a cue of its own ("...," Ms.
    Lund said. And later, she said, "...") starts a new attribution, whoever speaks.
    """
    for f in frames:
        if not start <= f.cue_start < end or f is own or f.speaker is None:
            continue
        if text[f.speaker[0]:f.speaker[1]].lower() in _RELATIVES:
            continue  # '..." said X, who has been challenging Y for years. "..."': about the speaker
        if f.content is not None and f.speaker != own.speaker and start <= f.content[0] and f.content[1] <= end:
            return True
        gap = text[max(start, own.cue_end):f.cue_start] + " "
        if f.classes & _QUOTING and f.cue_start > own.cue_end and _SENT_END.search(gap) and not _abbrev_only(gap):
            return True
    return False


def _same_paragraph(text: str, a: int, b: int) -> bool:
    return "\n" not in text[a:b]


def _next_paragraph(text: str, a: int, b: int) -> bool:
    head, nl, tail = text[a:b].partition("\n")
    return bool(nl) and not tail.strip() and len(head) < 200


def _words(text: str, q: QuotedSpan) -> int:
    return len(text[q.start:q.end].split())


def _starts_clause(text: str, q: QuotedSpan) -> bool:
    if text[:q.outer_start].rstrip(" \t\u00a0").endswith("\n"):
        return True  # the quotation opens a line
    before = text[:q.outer_start].rstrip()
    return not before or before[-1] in ".!?:;,—–-\n([\"”’»" or before.endswith("that")


def _starts_sentence(text: str, q: QuotedSpan) -> bool:
    before = text[:q.outer_start].rstrip()
    return not before or before[-1] in ".!?:\n"

"""Event dates: the time expression that governs an event's clause, else the publication date (inferred).

:func:`event_date` looks, in order, for (1) a date or time expression attached to the trigger or to
its clause in the dependency parse ("killed ... in October", "Saturday's attack"), or to a clause that
holds the trigger's clause as a coordinated, adverbial or open complement clause ("attacked the town on
Monday and killed five", "On Monday five were killed when forces repulsed an attack"), (2) one that opens
the sentence and frames it ("On 3 March, ...", "As reported on 3 March, ..."), for every clause of the
sentence but reported content and relative clauses, (3) one in the same sentence that hangs on no verb at
all, when it fits the tense of the trigger's clause (no past date for "will launch"); an expression that
belongs to another clause ("said on Monday that ...") never dates the event, (4) the publication date with
``inferred=True`` and precision "day", or no value at all when the publication date is unknown. It
never guesses silently: ``inferred`` says which.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from ..model import Document, EventDate, TimeExpr
from .calendar import parse_day
from .tense import FORWARD_VERBS, verb_direction, verb_of

#: Types of expression that can date an event (durations and sets cannot).
DATING_TYPES = ("DATE", "TIME")
#: A bare year inside an indefinite noun phrase names a kind of thing, not when it happened ("a 1977 sedan").
_THING_YEAR = re.compile(r"\b(?:a|an)\s+$", re.I)
#: A line that says when the text itself was written or published ("This story is from March 10, 2002.").
_METADATA = re.compile(r"(?:^|\n)\s*(?:this|the)\s+(?:story|article|report|page|item|post|text)\s+"
                       r"(?:is|was)\s+(?:from|dated|published|written|last\s+updated)\b[^\n.]*$", re.I)


_LINE_REACH = 120


def can_date(text: str, t: TimeExpr) -> bool:
    """Whether a time expression can date an event: not a year naming a kind of thing ("a 1977 sedan"),
    not the date line of the text itself ("This story is from March 10, 2002")."""
    if t.type not in DATING_TYPES:
        return False
    if t.text.isdigit() and len(t.text) == 4 and _THING_YEAR.search(text[max(0, t.start - 4):t.start]):
        return False
    # the line's start, looked for only a short way back (a date line is short; a long line is no date line)
    newline = text.rfind("\n", max(0, t.start - _LINE_REACH), t.start)
    if newline < 0 and t.start > _LINE_REACH:
        return True
    return not _METADATA.search(text[newline + 1:t.start])


def acled_time_precision(precision: str | None, range: list[str] | tuple[str, str] | None = None) -> int:
    """ACLED's time_precision: 1 for a known day, 2 for a week or a few days, 3 for a month or coarser.

    A day range decides by its length (1 day: 1, up to 7 days: 2, longer: 3); without one, the precision
    word does ("day" 1, "week" 2, anything else or None 3).
    """
    if range and len(range) == 2 and range[0] and range[1]:
        first, last = parse_day(range[0]), parse_day(range[1])
        if first is not None and last is not None and last >= first:
            days = (last - first).days + 1
            return 1 if days <= 1 else 2 if days <= 7 else 3
    if precision == "day":
        return 1
    if precision == "week":
        return 2
    return 3


def _root(sdoc: Any, start: int, end: int) -> Any | None:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _ancestors(tok: Any, limit: int = 12) -> list[Any]:
    out = []
    for _ in range(limit):
        if tok.head == tok:
            break
        tok = tok.head
        out.append(tok)
    return out


def _fits(t: TimeExpr, direction: int | None, published: str | None) -> bool:
    """Whether a time expression's place in time agrees with the tense of the clause."""
    if direction is None or published is None:
        return True
    if t.value == "FUTURE_REF":
        return direction > 0
    if t.value == "PAST_REF":
        return direction < 0
    if t.range is None:
        return True
    first, last = t.range
    if direction < 0:
        return first <= published
    if direction > 0:
        return last >= published
    return first <= published <= last


def _from_time(t: TimeExpr, published: str | None) -> EventDate:
    if t.value == "PRESENT_REF" and published:  # "are now stationed": the day of publication, said in the text
        return EventDate(value=published, precision="day", time=t.id, inferred=False)
    return EventDate(value=t.value, precision=t.precision, time=t.id, inferred=False)


def names_a_thing(troot: Any, trigger: Any = None) -> bool:
    """A time expression (its root token) that qualifies a noun other than the trigger ("against the 2021
    election results", "the March 3 vote"): it dates that thing, not the event."""
    head = troot.head
    return (troot.dep_ in ("compound", "nummod", "amod", "nmod") and head is not troot
            and (trigger is None or head.i != trigger.i) and head.pos_ in ("NOUN", "PROPN"))


def _clause_verb(tok: Any) -> Any | None:
    """The first verb above a token (not the token itself), or None when there is none up to the root."""
    for anc in _ancestors(tok):
        if anc.pos_ in ("VERB", "AUX"):
            return anc
    return None


#: Clauses that share the time of the clause they hang on: coordinated, adverbial, open complement and
#: participial ones, and verb-like prepositions ("wounded following attacks"). Reported content (ccomp,
#: parataxis) and relative clauses have a time of their own.
SHARING_DEPS = ("conj", "advcl", "xcomp", "acl", "prep", "pcomp")


def _sharing_head(verb: Any) -> Any | None:
    """The verb whose time ``verb``'s clause shares, or None (a complement of "plan", "threaten"... lies
    ahead of its head's time)."""
    if verb.dep_ not in SHARING_DEPS or verb.head == verb:
        return None
    head = verb_of(verb.head)
    if head == verb or head.pos_ not in ("VERB", "AUX"):
        return None
    if verb.dep_ in ("xcomp", "acl") and head.lemma_.lower() in FORWARD_VERBS:
        return None
    return head


def _sharing_chain(clause: Any) -> list[Any]:
    """The verbs above ``clause`` whose time it shares, nearest first."""
    out: list[Any] = []
    v = clause
    for _ in range(6):
        head = _sharing_head(v)
        if head is None or head in out:
            break
        out.append(head)
        v = head
    return out


def _opens_sentence(sentence: Any, troot: Any, tverb: Any | None) -> bool:
    """Whether a time expression frames its sentence: it comes before the main verb and hangs on it, or on a
    subjectless adverbial clause before it ("As reported on 3 March, ..."; not "After rebels attacked on
    Monday, troops ...": that clause has its own time)."""
    root = sentence.root
    if tverb is None or troot.i > root.i:
        return False
    if tverb == root:
        return True
    return (tverb.dep_ == "advcl" and tverb.head == root and tverb.i < root.i
            and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in tverb.children))


def _under_root(clause: Any, chain: list[Any]) -> bool:
    """Whether the trigger's clause is the main clause or shares its time (through ``chain``)."""
    root = clause.sent.root
    return clause == root or root in chain


_TIMES: list[Any] = [None]  # the last document's dating times by start: (doc, signature, (starts, rows))


def _dating_times(doc: Document) -> tuple[list[int], list[tuple[int, int, TimeExpr]]]:
    """The dating expressions of ``doc`` sorted by start (with their place in ``doc.times``), built once
    per document: a walk over every expression per event was quadratic in the article's length."""
    sig = (id(doc.times), len(doc.times))
    last = _TIMES[0]
    if last is None or last[0] is not doc or last[1] != sig:
        rows = sorted(((t.start, n, t) for n, t in enumerate(doc.times) if can_date(doc.text, t)),
                      key=lambda r: (r[0], r[1]))
        last = (doc, sig, ([r[0] for r in rows], rows))
        _TIMES[0] = last
    return last[2]


def _times_between(doc: Document, lo: int, hi: int) -> list[TimeExpr]:
    """The dating expressions starting in [lo, hi), in ``doc.times`` order."""
    starts, rows = _dating_times(doc)
    found = rows[bisect_left(starts, lo) : bisect_left(starts, hi)]
    return [t for _, _, t in sorted(found, key=lambda r: r[1])]


def event_date(doc: Document, sdoc: Any, start: int, end: int) -> EventDate:
    """The date of the event whose trigger lies at characters [start, end) of ``doc.text``.

    ``sdoc`` is the spaCy parse of ``doc.text`` (``work.spacy``); without it, only the publication date
    can be given.
    """
    trigger = _root(sdoc, start, end) if sdoc is not None else None
    if trigger is not None and _dating_times(doc)[1]:
        clause = verb_of(trigger)
        direction = verb_direction(clause) if clause.pos_ in ("VERB", "AUX") else None
        # a verb coordinated with another shares its time ("attacked the town on Monday and killed five"), as
        # do adverbial clauses ("killed when forces repulsed their attack")
        chain = _sharing_chain(clause) if clause.pos_ in ("VERB", "AUX") else []
        framed = _under_root(clause, chain)
        best: tuple[int, TimeExpr] | None = None
        sentence = trigger.sent
        loose: list[TimeExpr] = []
        for t in _times_between(doc, sentence.start_char, sentence.end_char):
            troot = _root(sdoc, t.start, t.end)
            if troot is None:
                continue
            anc = _ancestors(troot)
            tverb = _clause_verb(troot)
            score: int | None = None
            if names_a_thing(troot, trigger):
                continue  # "the 2021 election": the year of another thing the sentence names
            if trigger in anc and not any(a.pos_ == "VERB" for a in anc[: anc.index(trigger)]):
                score = anc.index(trigger)
            elif tverb == clause:
                score = 10 + anc.index(clause)
            elif tverb is not None and tverb in chain:
                score = 20 + 5 * chain.index(tverb) + anc.index(tverb)
            elif framed and _opens_sentence(sentence, troot, tverb):
                score = 50
            elif tverb is None:
                loose.append(t)
            if score is not None and (best is None or score < best[0]):
                best = (score, t)
        if best is not None:
            return _from_time(best[1], doc.published)
        fitting = [t for t in loose if _fits(t, direction, doc.published)]
        if fitting:
            return _from_time(min(fitting, key=lambda t: min(abs(t.start - end), abs(start - t.end))), doc.published)
    if doc.published:
        return EventDate(value=doc.published, precision="day", time=None, inferred=True)
    return EventDate(value=None, precision=None, time=None, inferred=True)

"""The tense of the clause around a span, from the spaCy parse: -1 past, 0 present, +1 future, None unknown."""

from __future__ import annotations

from typing import Any

FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}
MODALS = {"can", "could", "may", "might", "should", "must", "ought", "would", "'d"}
#: Verbs whose infinitive complement lies ahead of them ("plans to attack", "is expected to meet").
FORWARD_VERBS = {
    "plan", "expect", "schedule", "intend", "hope", "want", "aim", "seek", "set", "agree", "decide",
    "prepare", "vow", "promise", "threaten", "pledge", "propose", "wish", "try", "attempt", "offer", "plot",
    "go", "due", "likely", "poise", "ready", "slate",
}


def verb_of(tok: Any) -> Any:
    """The verb governing a token: the token itself, or the first verb up its head chain."""
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("MD",):
            return tok
        if tok.head == tok:
            return tok
        tok = tok.head
    return tok


def verb_direction(verb: Any, depth: int = 0) -> int | None:
    """The direction of time of a verb's clause, from its auxiliaries and its form."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in aux}
    if words & FUTURE_AUX:
        return 1
    if "going" in words and any(c.lower_ == "to" for c in aux):
        return 1
    if words & MODALS:
        if "have" in words:
            return -1
        return None if "could" in words and verb.head == verb else 1  # "could not be found Monday": either way
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
        return -1
    if verb.tag_ == "VBN" and (words & {"has", "have", "'ve", "'s", "had"} or not words):
        return -1
    if verb.tag_ == "VB" and "to" in words and depth < 3:
        head = verb.head
        if head != verb:
            if head.lemma_.lower() in FORWARD_VERBS or (head.lemma_.lower() == "be" and verb.dep_ == "xcomp"):
                return 1
            return verb_direction(verb_of(head), depth + 1)
    if verb.tag_ in ("VBZ", "VBP") or words & {"is", "are", "am", "'s", "'re"}:
        if verb.lemma_.lower() in FORWARD_VERBS:
            return 1
        return 0
    if verb.tag_ in ("VBG", "VBN") and verb.head != verb and depth < 3 and verb.dep_ in ("advcl", "acl", "xcomp",
                                                                                            "conj", "relcl"):
        return verb_direction(verb_of(verb.head), depth + 1)
    return None


#: Verbs that put the date they govern ahead of the time of speaking ("postponed until Tuesday").
SCHEDULING_VERBS = {"schedule", "reschedule", "postpone", "delay", "defer", "extend", "slate"}
#: Prepositions that make a date a deadline, usually ahead ("until Tuesday").
DEADLINE_PREPS = {"until", "till", "pending", "effective"}


def span_direction(sdoc: Any, start: int, end: int) -> int | None:
    """The direction of the clause that holds the characters [start, end) of ``sdoc``."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span.root
    if root.dep_ == "poss" or (root.i + 1 < len(sdoc) and sdoc[root.i + 1].tag_ == "POS"):
        return None  # "Wednesday's ruling": the day of an event named by a noun, not of the clause
    verb = verb_of(root)
    if _past_perfect(verb):
        return -1  # "had been scheduled to expire Friday"
    if verb.lemma_.lower() in SCHEDULING_VERBS:
        return 1
    if root.head != root and root.head.lower_ in DEADLINE_PREPS:
        return 1  # "until Tuesday", "effective Feb. 1"
    return verb_direction(verb)


def _past_perfect(verb: Any) -> bool:
    """Whether the verb, or the verb its infinitive complement hangs on, has "had" among its auxiliaries."""
    v = verb
    for _ in range(4):
        if any(c.lower_ == "had" and c.dep_ in ("aux", "auxpass") for c in v.children):
            return True
        if v.dep_ not in ("xcomp", "acomp") or v.head == v:
            break
        v = v.head
    return False


def direction_function(sdoc: Any):
    """``direction(start, end)`` over one parsed document, for :func:`eventwire.timex.tag`."""
    return lambda start, end: span_direction(sdoc, start, end)

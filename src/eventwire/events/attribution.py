"""Attribution: who asserts an event. Events inside a quote take its speaker; events in a reported-speech
clause ("X said that ...", "according to X") take the speaker of that clause."""

from __future__ import annotations

from typing import Any

from ..model import Attribution, Document
from ..spans import overlaps, quote_containing
from .roles import resolve

SPEECH_VERBS = {
    "say", "tell", "claim", "state", "announce", "report", "add", "allege", "insist", "stress", "confirm", "deny",
    "warn", "note", "explain", "declare", "assert", "affirm", "argue", "accuse", "write", "tweet", "admit",
    "acknowledge", "reveal", "disclose", "indicate", "suggest", "maintain", "contend", "charge", "blame", "call",
}


def speech_head(tok: Any) -> Any | None:
    """The speech verb whose complement holds ``tok`` ("said [the country did not profit]"), if any."""
    cur = tok
    for _ in range(10):
        head = cur.head
        if head is cur:
            return None
        if cur.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in SPEECH_VERBS:
            return head
        cur = head
    return None


def according_to(sent: Any) -> Any | None:
    """The object of "according to X" in a sentence, if any."""
    for t in sent:
        if t.lower_ == "according":
            for c in t.children:
                if c.lower_ == "to":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return p
    return None


def speaker_token(verb: Any) -> Any | None:
    """The subject (or passive agent) of a speech verb."""
    for c in verb.children:
        if c.dep_ in ("nsubj",):
            return c
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def attribution_for(doc: Document, trigger: Any, start: int, end: int) -> Attribution | None:
    """The attribution of an event whose trigger token is ``trigger`` at [start, end)."""
    q = quote_containing(doc, start, end)
    if q is not None:
        return Attribution(speaker=q.speaker, quote=q.id)
    verb = speech_head(trigger)
    sp_tok = speaker_token(verb) if verb is not None else according_to(trigger.sent)
    if sp_tok is None:
        return None
    speaker = resolve(doc, sp_tok)
    quote = next(
        (x.id for x in doc.quotes if overlaps(x.start, x.end, start, end) or
         (x.speaker_start is not None and x.speaker_end is not None and overlaps(
             x.speaker_start, x.speaker_end, sp_tok.idx, sp_tok.idx + len(sp_tok.text)))
         and overlaps(x.start, x.end, trigger.sent.start_char, trigger.sent.end_char)),
        None,
    )
    if speaker is None and quote is None:
        return None
    return Attribution(speaker=speaker, quote=quote)

"""Sources named by a prepositional phrase: "In a new poll, Trump leads ...", "By one estimate, ...".

A phrase "in"/"by" + a report noun (poll, survey, report, estimate, ...) that opens its clause
attributes the rest of the clause to that document, as "according to" does.
"""

from __future__ import annotations

from typing import Any

from .cues import Lexicon
from .syntax import Frame, _np_span, _span

_PREPS = frozenset({"in", "by"})
_CLASSES = frozenset({"say"})


def source_phrase_frames(doc: Any, lex: Lexicon) -> list[Frame]:
    """A frame for each clause-opening "in/by <report noun>" phrase."""
    out = []
    for tok in doc:
        if tok.lower_ not in _PREPS or tok.dep_ != "prep":
            continue
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lemma_.lower() not in lex.report_nouns:
            continue
        head = tok.head
        if head.pos_ not in ("VERB", "AUX") or head.i < tok.i:
            continue  # the phrase must open the clause it modifies
        if lex.classes(lex.verb_lemma(head.lemma_, head.text)) or any(
                lex.classes(c.lemma_) for c in head.children if c.dep_ in ("xcomp", "conj")):
            continue  # "In a statement, X said ...": X is the source, the statement its channel
        prev = doc[tok.i - 1] if tok.i > tok.sent.start else None
        if prev is not None and prev.text not in (",", ";", ":", "—", "–", "\n") and not prev.is_space:
            continue
        phrase = {t.i for t in tok.subtree}
        content = _span([t for t in head.subtree if t.i not in phrase and t.i > max(phrase)])
        speaker = _np_span(pobj)
        if content is None or speaker is None:
            continue
        out.append(Frame(tok.i, tok.idx, tok.idx + len(tok), tok.lower_, _CLASSES, speaker, pobj.i, content))
    return out

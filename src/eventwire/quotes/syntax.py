"""Parse helpers shared by the attribution-frame finders: the frame record, spans of tokens,
noun phrases, subjects and complement clauses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Token = Any  # spacy.tokens.Token
SpacyDoc = Any  # spacy.tokens.Doc

_SUBJ = ("nsubj", "csubj")
_CLAUSE = ("ccomp",)
_OBJ_DEPS = ("dobj", "oprd", "dative", "attr")
_CONTENT_PREPS = frozenset({"of", "about", "for", "against", "over", "on", "with", "to"})
_INHERIT = ("conj", "xcomp", "advcl", "pcomp")
_PERCEPTION = frozenset({"see", "hear", "learn", "find", "notice", "know", "understand", "recognize", "recognise",
                         "assume", "imagine"})  # their object is no belief ("saw the game", "assume a role")
_BELIEF_PREPS = frozenset({"in", "of", "about", "toward", "towards", "on"})
_AUDIENCE_PREPS = frozenset({"to", "with", "before"})
_NOT_ADDRESSEES = frozenset({"it", "this", "that", "these", "those", "so", "something", "nothing", "anything"})
_PERSONISH = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_SENT_PUNCT = frozenset({".", "!", "?"})


@dataclass
class Frame:
    """One attribution found in the parse; offsets are characters into the document text."""

    cue_i: int  # token index of the cue (first token for multi-word cues)
    cue_start: int
    cue_end: int
    lemma: str  # cue lemma ("say", "according to", ":")
    classes: frozenset[str]
    speaker: tuple[int, int] | None
    speaker_head: int | None  # token index of the speaker's head
    content: tuple[int, int] | None
    passive: bool = False
    clausal: bool = False  # the content is a clause (that-clause, colon), not a noun phrase


def _without_trailing_time(toks: list[Token]) -> list[Token]:
    """A noun-phrase content without a final time phrase ("endorsed Clinton [on Thursday]")."""
    end = len(toks)
    while end > 0 and (toks[end - 1].ent_type_ in ("DATE", "TIME") or toks[end - 1].is_punct):
        end -= 1
    if end < len(toks) and end > 1 and toks[end - 1].dep_ == "prep" and toks[end - 1].pos_ == "ADP":
        end -= 1
    return toks[:end] if end > 0 and any(t.ent_type_ in ("DATE", "TIME") for t in toks[end:]) else toks


def _span(tokens: list[Token]) -> tuple[int, int] | None:
    toks = [t for t in tokens if not t.is_space]
    while toks and (toks[0].is_punct and toks[0].text not in "“\"‘'(«"):
        toks = toks[1:]
    while toks and (toks[-1].is_punct and toks[-1].text not in "”\"’')»"):
        toks = toks[:-1]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _np_span(head: Token) -> tuple[int, int] | None:
    """The speaker noun phrase: the head's subtree without relative clauses and what follows them."""
    toks = list(head.subtree)
    for c in head.rights:
        if c.dep_ in ("relcl", "acl") or (c.dep_ == "punct" and c.text in "(—–-"):
            toks = [t for t in toks if t.i < c.left_edge.i]
            break
    return _span(toks)


def _np_tokens(head: Token) -> list[Token]:
    """A noun phrase's tokens, cut before a non-restrictive appendix (", which ...", ", a ...")."""
    toks = sorted(head.subtree, key=lambda t: t.i)
    cut = None
    for t in toks:
        if t.dep_ in ("relcl", "appos", "acl") and t.i > head.i:
            comma = t.left_edge.i - 1
            if comma >= 0 and t.doc[comma].text in (",", "—", "–", "("):
                cut = comma if cut is None else min(cut, comma)
    return [t for t in toks if cut is None or t.i < cut]


_NOT_TOPIC = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"})


def _is_topic(tok: Token) -> bool:
    """Whether an object or preposition names something one takes a position on (not "on Tuesday", "$5m")."""
    head = tok
    if tok.dep_ == "prep":
        head = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if head is None:
            return any(c.dep_ == "pcomp" for c in tok.children)
    return head.ent_type_ not in _NOT_TOPIC


def _clauses(tok: Token) -> list[Token]:
    """The complement clauses of a cue: ccomp children, and clauses opened by "that" after the cue
    that the parser hung on as adverbial ("tweeted in the morning that X was ...")."""
    return [c for c in tok.children if c.dep_ in _CLAUSE or (
        c.dep_ == "advcl" and c.i > tok.i and c.left_edge.lower_ == "that" and c.left_edge.i > tok.i)]


def _subject(tok: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The speaker's head token for a cue verb, and whether the cue is passive without an agent."""
    passive = False
    for c in tok.children:
        if c.dep_ in _SUBJ:
            return c, False
        if c.dep_ == "nsubjpass":
            passive = True
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p, False
    if passive:
        return None, True
    if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return tok.head, False
    if tok.dep_ in _INHERIT and depth < 3 and tok.head.i != tok.i:
        head = tok.head
        if tok.dep_ == "pcomp" and head.dep_ == "prep" and head.head.i != head.i:
            head = head.head  # "joined Trump in calling for ...", "won by promising ..."
        if head.pos_ in ("VERB", "AUX") or tok.dep_ == "conj":
            return _subject(head, depth + 1)
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head, False  # "a resolution condemning ...", "a statement saying ..."
    return None, False


def _governing_subject(tok: Token) -> Token | None:
    """The subject of the clause a participle hangs in, when the parse links it loosely
    ("Farmers were at the front in opposing X", "doctors, from saying that ...")."""
    if tok.tag_ != "VBG" and not (tok.tag_ == "VB" and tok.dep_ in ("xcomp", "acl")):
        return None
    head, steps = tok.head, 0
    while steps < 4:
        if head.pos_ in ("VERB", "AUX"):
            subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.i < tok.i:
                return subj
        if head.head.i == head.i:
            break
        head, steps = head.head, steps + 1
    return None


_NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART"})


def _colon_content(doc: SpacyDoc, tok: Token) -> tuple[int, int] | None:
    """Content after "said:" up to the end of the paragraph."""
    nxt = tok.i + 1
    if nxt >= len(doc) or doc[nxt].text != ":":
        return None
    toks = []
    for t in doc[nxt + 1:]:
        if "\n" in t.text:
            break
        toks.append(t)
    return _span(toks)

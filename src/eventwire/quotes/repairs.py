"""Frames the parse hides: cue verbs misread as nouns or modifiers, verb-object and
verb-preposition cues ("as X put it", "went after X"), and speakers or contents that a misparse
carried over a paragraph break."""

from __future__ import annotations

from .cues import Lexicon
from .syntax import (
    _NP_POS,
    Frame,
    SpacyDoc,
    Token,
    _colon_content,
    _governing_subject,
    _np_span,
    _np_tokens,
    _span,
    _subject,
)


def phrasal_frame(doc: SpacyDoc, tok: Token, lemma: str, lex: Lexicon) -> Frame | None:
    """A cue of a verb and its object, listed as ``verb-object`` ("put-it": "as X put it, ...",
    "X put it this way: ..."): the content is the clause the "as" phrase modifies, or what follows a colon."""
    subj, _ = _subject(tok)
    if subj is None:
        subj = _governing_subject(tok)
    for prep in tok.rights:  # "went after Trump as a con artist": verb-preposition cues
        if prep.dep_ in ("prep", "prt") and lex.classes(f"{lemma}-{prep.lower_}"):
            obj = next((c for c in (prep.children if prep.dep_ == "prep" else tok.rights)
                        if c.dep_ in ("pobj", "dobj")), None)
            if obj is None:
                return None
            toks = _np_tokens(obj) + [t for c in tok.rights if c.dep_ == "prep" and c.lower_ == "as" for t in c.subtree]
            return Frame(tok.i, tok.idx, tok.idx + len(tok), f"{lemma} {prep.lower_}",
                         lex.classes(f"{lemma}-{prep.lower_}"), _np_span(subj) if subj is not None else None,
                         subj.i if subj is not None else None, _span(sorted(toks, key=lambda t: t.i)))
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    classes = lex.classes(f"{lemma}-{obj.lower_}")
    if not classes:
        return None
    content = None
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
        own = {t.i for t in tok.subtree}
        content = _span([t for t in tok.head.subtree if t.i not in own and t.i > max(own)]
                        or [t for t in tok.head.subtree if t.i not in own])
    else:
        end = max(t.i for t in tok.subtree)
        if end + 1 < len(doc) and doc[end + 1].text == ":":
            content = _colon_content(doc, doc[end])
    return Frame(tok.i, tok.idx, tok.idx + len(tok), lemma, classes, _np_span(subj) if subj is not None else None,
                 subj.i if subj is not None else None, content, False, content is not None)


def misparsed_clause(doc: SpacyDoc, tok: Token, classes: frozenset[str]) -> Frame | None:
    """Repair "Trump defended eminent domain, ..." parsed as a noun phrase (the verb as amod/acl).

    The small model often reads a sentence-initial subject + past-tense cue verb as a modifier.
    When the cue verb follows a short noun phrase that opens its sentence (or clause) and has no
    "by" agent, the phrase is taken as the speaker and the rest of the clause as the content.
    """
    if tok.dep_ not in ("amod", "acl") or tok.tag_ not in ("VBD", "VBN") or tok.i == 0:
        return None
    if any(c.dep_ == "agent" for c in tok.children) or (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "by"):
        return None
    start = tok.i - 1
    if doc[start].pos_ not in ("NOUN", "PROPN"):
        return None
    sent_start = tok.sent.start
    while start > sent_start and doc[start - 1].pos_ in _NP_POS and tok.i - start < 6:
        start -= 1
    if start != sent_start and doc[start - 1].text not in (",", ";", ":", "—", "–", "\n"):
        return None
    toks = []
    for t in doc[tok.i + 1: tok.sent.end]:
        if t.text in (",", ";", "—", "–") or "\n" in t.text:
            break
        toks.append(t)
    content = _span(toks)
    speaker = _span(list(doc[start:tok.i]))
    if content is None or speaker is None:
        return None
    return Frame(tok.i, tok.idx, tok.idx + len(tok), tok.lemma_.lower(), classes, speaker,
                 tok.i - 1, content, False, False)


_QUANTITY_DEPS = frozenset({"npadvmod", "advmod", "nmod"})


def quantity_subject(tok: Token) -> Token | None:
    """The subject of a cue verb that the parser read as a modifier: a quantity or proportion before
    the verb ("Less than a third agreed that ...", "most in both states supported X")."""
    for c in tok.lefts:
        if c.dep_ in _QUANTITY_DEPS and (c.pos_ in ("NOUN", "NUM") or c.tag_ == "JJS") \
                and c.ent_type_ not in ("DATE", "TIME") and c.lemma_.lower() not in ("time", "way"):
            return c
    return None


def noun_read_as_verb(tok: Token, lex: Lexicon) -> Frame | None:
    """Repair "Trump claims that ..." parsed as a compound noun: a plural noun whose form is a cue
    verb ("claims", "charges", "warns"), right after a name or noun it has as compound, followed by
    a that-clause. The compound is the speaker; the clause the content."""
    lemma = lex.verb_lemma("", tok.text)
    classes = lex.classes(lemma)
    doc = tok.doc
    if tok.i + 2 >= len(doc):
        return None
    that = classes & {"say", "think"} and doc[tok.i + 1].lower_ == "that"
    to = "intend" in classes and doc[tok.i + 1].lower_ == "to" and doc[tok.i + 2].tag_ == "VB"  # "plans to"
    if not (that or to):
        return None
    prev = doc[tok.i - 1] if tok.i > 0 else None
    if prev is None or prev.pos_ not in ("PROPN", "NOUN") or not (prev.head.i == tok.i or tok.head.i == prev.i):
        return None
    clause = [c for c in tok.rights if c.dep_ in ("ccomp", "acl", "relcl", "advcl", "xcomp")]
    if not clause:
        return None
    start = prev.i
    while start > tok.sent.start and tok.doc[start - 1].pos_ in _NP_POS and tok.i - start < 6:
        start -= 1
    speaker = _span(list(tok.doc[start:tok.i]))
    content = _span(sorted((t for c in clause for t in c.subtree), key=lambda t: t.i))
    if speaker is None or content is None:
        return None
    return Frame(tok.i, tok.idx, tok.idx + len(tok), lemma, classes, speaker, prev.i, content, False, True)


def within_paragraph(text: str, f: Frame) -> Frame:
    """A frame whose speaker or content runs over a paragraph break (a misparse across lines) keeps
    the part in the cue's paragraph."""
    lo = text.rfind("\n", 0, f.cue_start) + 1
    hi = text.find("\n", f.cue_end)
    hi = len(text) if hi < 0 else hi
    for name in ("speaker", "content"):
        span = getattr(f, name)
        if span is None or "\n" not in text[span[0]:span[1]]:
            continue
        a, b = max(span[0], lo), min(span[1], hi)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            setattr(f, name, (a, b))
    if f.speaker is not None and f.speaker[1] <= lo and f.lemma != ":" and "\n" in text[f.speaker[1]:f.cue_start]:
        # "12:15 p.m.\n\nDonald Trump says ...": the subject was parsed across the line break
        a, b = lo, f.cue_start
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        words = text[a:b].split()
        if 0 < len(words) <= 6 and words[0][:1].isupper():
            f.speaker, f.speaker_head = (a, b), None
    return f

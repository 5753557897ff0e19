"""Attribution frames from the dependency parse: cue, speaker and content.

A frame is a cue (a verb of the lexicon, "according to", or a headline colon "Name: ..."), the
span of whoever is the source, and the span of what is attributed (the clausal complement, a
to-clause, the object of verbs like "accuse" or "call", the clause that "according to X"
modifies). Frames without content still matter: they attribute the direct quote beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .cues import Lexicon

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


def _phrasal_frame(doc: SpacyDoc, tok: Token, lemma: str, lex: Lexicon) -> Frame | None:
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


def _governing_subject(tok: Token) -> Token | None:
    """The subject of the clause a participle hangs in, when the parse links it loosely
    ("Republicans were in the lead in advocating X", "doctors, from saying that ...")."""
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


def _content(tok: Token, classes: frozenset[str], subj: Token | None, lex: Lexicon) -> tuple[int, int] | None:
    if classes == {"quote"}:
        return None  # cues only beside a quotation or before a colon ("he continued:")
    clauses = _clauses(tok)
    clauses = [c for c in clauses if c.i > tok.i or not any(  # "A: Republicans said B": not A
        t.text in (":", ";") for t in tok.doc[max(x.i for x in c.subtree) + 1:tok.i])]
    if clauses:
        # "said that A, and that B": a coordinated that-clause hangs off the cue as a conjunct
        clauses += [c for c in tok.rights if c.dep_ == "conj" and c.i > clauses[-1].i
                    and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
        toks = sorted((t for c in clauses for t in c.subtree), key=lambda t: t.i)
        semi = next((t.i for t in toks if t.text == ";" and t.i > tok.i), None)
        return _span([t for t in toks if semi is None or t.i < semi])  # "said A; B": B is the writer's
    if classes & {"intend", "say", "think", "seem", "stance"}:
        xc = [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i]
        if not xc and "say" in classes:  # "tells his supporters at a rally to go ...": the to-clause
            addressee = [c for c in tok.rights if c.dep_ in ("dobj", "dative") and c.lower_ not in _NOT_ADDRESSEES]
            xc = [c for c in tok.rights if c.dep_ == "advcl" and addressee and c.i > addressee[0].i
                  and any(a.dep_ == "aux" and a.lower_ == "to" and a.i < c.i for a in c.children)]
        if xc:  # "wants to triple A, grow B and create C": bare infinitives hung on the cue belong too
            more = [c for c in tok.rights if c.dep_ == "conj" and c.tag_ == "VB" and c.i > xc[0].i
                    and not any(g.dep_ in _SUBJ for g in c.children)]
            return _span(sorted([t for c in xc[:1] + more for t in c.subtree], key=lambda t: t.i))
    if classes & {"say", "stance", "find", "think"} and any(c.dep_ == "agent" for c in tok.children):
        sp = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if sp is not None:  # "the nominee has been endorsed by dozens of papers": the nominee
            return _span(_np_tokens(sp))
    sp = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if "say" in classes and sp is not None and tok.tag_ == "VBN" and sp.lower_ not in _NOT_ADDRESSEES:
        return _span(_np_tokens(sp))  # "a curfew was announced": the clause, source unnamed
    if "think" in classes and not classes & {"say", "stance"} and tok.lemma_.lower() not in _PERCEPTION:
        objs = [c for c in tok.rights if c.dep_ == "dobj" and _is_topic(c) and c.pos_ != "PRON"]
        if objs:  # "believes the good sense of the people", "wants policies that ..."
            return _span(_np_tokens(objs[0]))
        prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in _BELIEF_PREPS and _is_topic(c)), None)
        if prep is not None:  # "believe in X", "wondering about X", "leaning toward X"
            return _span([t for t in _np_tokens(prep) if t is not prep])
    if classes & {"say", "stance"}:
        objs = [c for c in tok.rights if c.dep_ in _OBJ_DEPS and _is_topic(c)]
        as_ = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "as"), None)
        if not objs and as_ is not None and (tok.dep_ == "relcl" or any(c.dep_ == "nsubjpass" for c in tok.children)
                                             and subj is not None):
            return _span(list(as_.subtree))  # "an explosion that X described as ...", "was criticized as ..."
        if objs and "ask" in classes and (objs[0].pos_ == "PRON" or objs[0].ent_type_ == "PERSON"):
            objs = []  # "questioned him", "asked Mr. Smith": the person asked, not what is said
        if objs:
            toks = [t for c in objs for t in _np_tokens(c)]
            for c in tok.rights:
                if c.dep_ == "prep" and (c.lower_ in _CONTENT_PREPS or c.lower_ == "as") and c.i > objs[0].i:
                    toks.extend(_np_tokens(c))
                elif c.dep_ in ("xcomp", "ccomp") and c.i > objs[0].i:
                    toks.extend(c.subtree)
            return _span(_without_trailing_time(sorted(toks, key=lambda t: t.i)))
        preps = [c for c in tok.rights if c.dep_ == "prep" and c.lower_ in _CONTENT_PREPS and _is_topic(c)
                 and not ("talk" in classes and c.lower_ in _AUDIENCE_PREPS)]
        if preps and ("stance" in classes or any(p.lower_ in ("for", "of", "about", "against") for p in preps)):
            toks = [t for c in preps[:1] for t in _np_tokens(c) if t is not c]  # "talked about X": X
            return _span(sorted(toks, key=lambda t: t.i))
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
            head = tok.head  # "as Clyburn noted, those voters will ..."
            drop = {t.i for t in tok.subtree}
            return _span([t for t in head.subtree if t.i not in drop and t.i > max(drop)]
                         or [t for t in head.subtree if t.i not in drop])
        if tok.dep_ == "parataxis" and tok.head.i != tok.i:  # "X is wrong, he said"
            head = tok.head
            own = {s.i for s in tok.subtree}
            return _span([t for t in head.subtree if t.i not in own])
        wh = next((c for c in tok.lefts if c.dep_ == "dobj" and c.tag_ in ("WP", "WDT")), None)
        if wh is not None:  # "what the senators said was ...", "which he said were at his side"
            return _span([wh])
    if "find" in classes and (subj is not None and subj.lemma_.lower() in lex.report_nouns or tok.lemma_ != "find"):
        objs = [c for c in tok.rights if c.dep_ == "dobj"]
        if objs:  # "polls show Clinton with a healthy lead"
            toks = list(objs[0].subtree) + [t for c in tok.rights if c.i > objs[0].i and (
                c.dep_ in ("xcomp", "ccomp", "oprd") or c.dep_ == "prep" and _is_topic(c)) for t in c.subtree]
            return _span(sorted(toks, key=lambda t: t.i))
    return None


_NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART"})


def _misparsed_clause(doc: SpacyDoc, tok: Token, classes: frozenset[str]) -> Frame | None:
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


def find_frames(doc: SpacyDoc, lex: Lexicon) -> list[Frame]:
    """Every attribution frame in a parsed document, in text order."""
    frames: list[Frame] = []
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            fr = _according(doc, tok)
            if fr is not None:
                frames.append(fr)
        elif tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            lemma = lex.verb_lemma(tok.lemma_, tok.text)
            classes = lex.classes(lemma)
            fr = _phrasal_frame(doc, tok, lemma, lex)
            if fr is not None:
                frames.append(fr)
                continue
            if not classes:
                continue
            subj, passive = _subject(tok)
            if subj is None and not passive:
                fixed = _misparsed_clause(doc, tok, classes)
                if fixed is not None:
                    frames.append(fixed)
                    continue
                subj = _governing_subject(tok)
            if classes == {"seem"}:
                if any(c.dep_ == "xcomp" and lex.classes(c.lemma_) for c in tok.children):
                    continue  # "he seemed to indicate that ...": the inner cue is the attribution
                subj = None  # "the document appears to be ...": nobody is quoted
            speaker = _np_span(subj) if subj is not None else None
            if subj is not None and subj.tag_ in ("WDT", "WP") and subj.head.dep_ == "relcl":
                subj = subj.head.head  # "the group, which said ...": the span stays "which", the antecedent speaks
            content = _content(tok, classes, subj, lex)
            if content is not None and (classes == {"seem"} or passive and subj is None):
                # "the document appears to be ...", "X is expected to ...": the whole clause is attributed
                content = _span([t for t in tok.subtree if not (t.dep_ in ("advcl", "conj", "cc") and t.head is tok)])
            clausal = content is not None and (bool(_clauses(tok)) or passive and any(
                c.dep_ == "xcomp" for c in tok.children))
            if content is None and classes & {"say", "quote"}:
                content = _colon_content(doc, tok)
                clausal = content is not None
            frames.append(Frame(tok.i, tok.idx, tok.idx + len(tok), lemma, classes,
                                speaker, subj.i if subj is not None else None, content, passive, clausal))
        elif tok.pos_ == "ADJ" and tok.dep_ == "acomp" and tok.lemma_.lower() in lex.adjectives:
            fr = _adjective_frame(tok)
            if fr is not None:
                frames.append(fr)
        elif tok.tag_ == "NNS" and (fr := _noun_read_as_verb(tok, lex)) is not None:
            frames.append(fr)
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.speech_nouns:
            fr = _noun_frame(tok, lex)
            if fr is not None:
                frames.append(fr)
        elif tok.text == ":" and tok.i > 0:
            fr = _headline_colon(doc, tok, lex.report_nouns)
            if fr is not None:
                frames.append(fr)
    return [_within_paragraph(doc.text, f) for f in frames]


def _noun_read_as_verb(tok: Token, lex: Lexicon) -> Frame | None:
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


def _within_paragraph(text: str, f: Frame) -> Frame:
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


_NOUN_CONTENT_PREPS = frozenset({"for", "of", "to", "against", "on", "at", "with", "about", "over"})


def _noun_frame(tok: Token, lex: Lexicon) -> Frame | None:
    """"X's call for ...", "his claim that ...", "X made the case that ...", "X took a swipe at Y"."""
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    verb = tok.head if tok.dep_ == "dobj" and tok.head.pos_ in ("VERB", "AUX") else None
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX") \
            and tok.head.lower_ in ("with", "in"):
        verb = tok.head.head  # "she peppered him with attacks on ...", "joined in calls for ..."
    if poss is not None:
        subj = poss
    elif verb is not None and not lex.classes(verb.lemma_):
        subj, _ = _subject(verb)
    else:
        subj = None
    if subj is None and not any(c.dep_ in ("acl", "ccomp") and c.left_edge.lower_ == "that" for c in tok.rights):
        return None  # with no source, only "concerns that ...", "suspicions that ..." are attributions
    preps = _NOUN_CONTENT_PREPS - _AUDIENCE_PREPS if tok.lemma_.lower() in lex.audience_nouns else _NOUN_CONTENT_PREPS
    parts = [c for c in tok.rights
             if c.dep_ in ("acl", "ccomp") or c.dep_ == "prep" and c.lower_ in preps]
    if not parts and verb is not None and poss is None:
        parts = [c for c in verb.rights if c.i > tok.i and (
            c.dep_ == "ccomp" or c.dep_ == "prep" and c.lower_ in preps)]
    if not parts:
        return None
    content = _span(sorted((t for c in parts[:1] for t in _np_tokens(c) if not (t is c and c.dep_ == "prep")),
                           key=lambda t: t.i))
    if content is None:
        return None
    speaker = _np_span(subj) if subj is not None else None
    if subj is poss and speaker is not None:
        speaker = _span([t for t in subj.subtree if t.dep_ != "case"]) or speaker
    return Frame(tok.i, tok.idx, tok.idx + len(tok), tok.lemma_.lower(), frozenset({"noun"}), speaker,
                 subj.i if subj is not None else None, content, False,
                 parts[0].dep_ == "ccomp" or parts[0].dep_ == "acl" and parts[0].left_edge.lower_ == "that")


_ADJ_PREPS = frozenset({"of", "about", "with", "on", "to", "that", "over", "toward", "towards"})


def _adjective_frame(tok: Token) -> Frame | None:
    """"X is confident that ...", "X was critical of Y", "X is not fond of Y"."""
    verb = tok.head
    subj, _ = _subject(verb)
    if subj is None or subj.pos_ not in ("PROPN", "PRON", "NOUN"):
        return None
    parts = [c for c in tok.rights if c.dep_ in ("ccomp", "xcomp") or c.dep_ == "prep" and c.lower_ in _ADJ_PREPS]
    if not parts:
        return None
    c = parts[0]
    toks = list(c.subtree) if c.dep_ != "prep" else [t for t in _np_tokens(c) if t is not c]
    content = _span(sorted(toks, key=lambda t: t.i))
    if content is None:
        return None
    speaker = _np_span(subj)
    return Frame(tok.i, tok.idx, tok.idx + len(tok), tok.lemma_.lower(), frozenset({"adj"}), speaker, subj.i,
                 content, False, c.dep_ == "ccomp")


def _according(doc: SpacyDoc, tok: Token) -> Frame | None:
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    speaker = _np_span(pobj)
    phrase = {t.i for t in tok.subtree} | {t.i for t in to.subtree} | {tok.i, to.i}
    # the clause the phrase modifies: its governing verb's subtree, else the sentence
    gov = tok.head
    while gov.dep_ not in ("ROOT", "ccomp") and gov.head.i != gov.i and gov.pos_ not in ("VERB", "AUX"):
        gov = gov.head
    pool = list(gov.subtree) if gov.i != tok.i else list(tok.sent)
    if gov.dep_ == "ROOT":
        pool = list(gov.sent)
    toks = [t for t in pool if t.i not in phrase]
    # when the phrase sits in the middle, keep the larger side
    before = [t for t in toks if t.i < tok.i]
    after = [t for t in toks if t.i > max(phrase)]
    content = _span(before + after) if before and after else _span(before or after)
    return Frame(tok.i, tok.idx, to.idx + len(to), "according to", frozenset({"say"}), speaker, pobj.i, content)


#: Labels that open a line before a colon without being anyone who speaks ("Q:", "Correction:").
_NOT_NAMES = frozenset({
    "correction", "update", "updated", "note", "editor's note", "editor’s note", "photo", "photos", "source",
    "sources", "watch", "related", "read", "video", "exclusive", "breaking", "live", "analysis", "opinion",
    "disclosure", "clarification", "credit", "caption", "transcript",
})


def _headline_colon(doc: SpacyDoc, colon: Token, report_nouns: frozenset[str] = frozenset()) -> Frame | None:
    """"Pat Caddell: Democrat Voters Worried ..." -- a name opening a line, then a colon."""
    start = colon.i
    while start > 0 and "\n" not in doc[start - 1].text:
        start -= 1
    while start < colon.i and doc[start].is_quote:
        start += 1  # a transcript inside one long quotation: ""WALLACE: ..."
    left = doc[start:colon.i]
    if not 1 <= len(left) <= (12 if start == 0 else 6):
        return None
    ents = [e for e in doc.ents if e.start >= start and e.end == colon.i and e.label_ in _PERSONISH]
    if not ents and len(left) <= 4 and all(t.pos_ == "PROPN" for t in left) and len(left.text) > 2 \
            and left.text.lower() not in _NOT_NAMES:
        ents = [left]  # a name the entity recogniser missed ("Milbank: ...")
    if not ents and start == 0:  # the headline: "Warren Hammers Wells Fargo CEO: '...'", "Poll: ..."
        ents = [e for e in doc.ents if e.start == start and e.end < colon.i and e.label_ in _PERSONISH]
        if not ents and len(left) == 1 and left[0].lemma_.lower() in report_nouns:
            ents = [left]
    if not ents or len(left) > 6 and ents[0].start != start:
        return None
    toks = []
    for t in doc[colon.i + 1:]:
        if "\n" in t.text:
            break
        toks.append(t)
    content = _span(toks)
    if content is None:
        return None
    e = ents[0]
    return Frame(colon.i, colon.idx, colon.idx + 1, ":", frozenset({"say"}), (e.start_char, e.end_char),
                 e.root.i, content)


def sentence_end_between(text: str, start: int, end: int) -> bool:
    """Whether a sentence or paragraph ends within text[start:end]."""
    seg = text[start:end]
    return "\n" in seg or any(ch in seg for ch in _SENT_PUNCT)


def frame_before_colon(doc: SpacyDoc, offset: int) -> Frame | None:
    """A frame for a quote opening at ``offset`` right after "Subject verb ...:" whatever the verb."""
    k = _token_before(doc, offset)
    if k is None or doc[k].text != ":":
        return None
    ent = next((e for e in doc.ents if e.end == k and e.label_ in _PERSONISH), None)
    if ent is not None:  # "... - Michael P. McDonald: "..."" / "Stated Stone:"
        return Frame(k, doc[k].idx, doc[k].idx + 1, ":", frozenset({"say"}), (ent.start_char, ent.end_char),
                     ent.root.i, None)
    verb = doc[k].head
    while verb.dep_ not in ("ROOT",) and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.i > k:
        return None
    subj, _ = _subject(verb)
    if subj is None or subj.i > k:
        return None
    return Frame(verb.i, verb.idx, verb.idx + len(verb), verb.lemma_.lower(), frozenset({"say"}),
                 _np_span(subj), subj.i, None)


def _token_before(doc: SpacyDoc, offset: int) -> int | None:
    """Index of the last non-space token ending at or before ``offset``."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx < offset:
            lo = mid + 1
        else:
            hi = mid
    k = lo - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    return k if k >= 0 else None

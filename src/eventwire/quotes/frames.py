"""Attribution frames from the dependency parse: cue, speaker and content.

A frame is a cue (a verb of the lexicon, "according to", or a headline colon "Name: ..."), the
span of whoever is the source, and the span of what is attributed (the clausal complement, a
to-clause, the object of verbs like "accuse" or "call", the clause that "according to X"
modifies). Frames without content still matter: they attribute the direct quote beside them.
"""

from __future__ import annotations

from ..nlp import doc_text
from .cues import Lexicon
from .repairs import misparsed_clause, noun_read_as_verb, phrasal_frame, quantity_subject, within_paragraph
from .syntax import (
    _AUDIENCE_PREPS,
    _BELIEF_PREPS,
    _CONTENT_PREPS,
    _NOT_ADDRESSEES,
    _OBJ_DEPS,
    _PERCEPTION,
    _PERSONISH,
    _SENT_PUNCT,
    _SUBJ,
    Frame,
    SpacyDoc,
    Token,
    _clauses,
    _colon_content,
    _governing_subject,
    _is_topic,
    _np_span,
    _np_tokens,
    _span,
    _subject,
    _without_trailing_time,
)

__all__ = ["Frame", "find_frames", "frame_before_colon", "sentence_end_between"]


def _content(tok: Token, classes: frozenset[str], subj: Token | None, lex: Lexicon) -> tuple[int, int] | None:
    if classes == {"quote"}:
        return None  # cues only beside a quotation or before a colon ("he continued:")
    clauses = _clauses(tok)
    if "clause" in classes and not clauses:
        return None  # "maintained a lead": no attribution without its clause
    clauses = [c for c in clauses if c.i > tok.i or not any(  # "A: Republicans said B": not A
        t.text in (":", ";") for t in tok.doc[max(x.i for x in c.subtree) + 1:tok.i])]
    if clauses:
        # "said that A, and that B": a coordinated that-clause hangs off the cue as a conjunct
        clauses += [c for c in tok.rights if c.dep_ == "conj" and c.i > clauses[-1].i
                    and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
        toks = sorted((t for c in clauses for t in c.subtree), key=lambda t: t.i)
        semi = next((t.i for t in toks if t.text == ";" and t.i > tok.i), None)
        return _span([t for t in toks if semi is None or t.i < semi])  # "said A; B": B is the writer's
    if classes & {"intend", "say", "stance"}:
        fc = next((c for c in tok.rights if c.dep_ == "advcl" and c.left_edge.lower_ == "for"
                   and c.left_edge.i > tok.i and c.left_edge.dep_ == "mark"
                   and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
        if fc is not None:  # "calls for the US to step up its efforts": the for-to clause, without "for"
            return _span([t for t in fc.subtree if t.i != fc.left_edge.i])
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
        if sp is not None:  # "the mayor has been backed by three unions": the mayor
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
    if "ask" in classes:
        wh = next((c for c in tok.rights if c.dep_ in ("advcl", "ccomp") and any(
            m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)), None)
        if wh is not None:  # "asked the senator if he was ready": the question, not the person asked
            return _span(list(wh.subtree))
    if classes & {"say", "stance"}:
        objs = [c for c in tok.rights if c.dep_ in _OBJ_DEPS and _is_topic(c)]
        as_ = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "as"), None)
        if not objs and as_ is not None and (tok.dep_ == "relcl" or any(c.dep_ == "nsubjpass" for c in tok.children)
                                             and subj is not None):
            return _span(list(as_.subtree))  # "an explosion that X described as ...", "was criticized as ..."
        if objs and "ask" in classes and (objs[0].pos_ == "PRON" or objs[0].ent_type_ in ("PERSON", "ORG", "NORP")):
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
                 and not ("talk" in classes and (c.lower_ in _AUDIENCE_PREPS or c.lower_ == "on" and not any(
                     p.dep_ == "prt" for p in tok.children)))]  # "spoke on ABC", "on condition of": the channel
        preps.sort(key=lambda c: c.lower_ in _AUDIENCE_PREPS)  # "pleaded with voters for support": for
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
        if wh is not None:  # "what the senators said was ...", "which she said were in her bag"
            return _span([wh])
    if "find" in classes and (subj is not None and subj.lemma_.lower() in lex.report_nouns or tok.lemma_ != "find"):
        objs = [c for c in tok.rights if c.dep_ == "dobj"]
        if objs:  # "polls show Clinton with a healthy lead"
            toks = list(objs[0].subtree) + [t for c in tok.rights if c.i > objs[0].i and (
                c.dep_ in ("xcomp", "ccomp", "oprd") or c.dep_ == "prep" and _is_topic(c)) for t in c.subtree]
            return _span(sorted(toks, key=lambda t: t.i))
    return None


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
            fr = phrasal_frame(doc, tok, lemma, lex)
            if fr is not None:
                frames.append(fr)
                continue
            if not classes:
                continue
            subj, passive = _subject(tok)
            if passive and "experiencer" in classes:  # "protesters were frustrated that ...": they feel it
                subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
                passive = subj is None
                classes = classes | {"think"}
            if subj is None and not passive:
                fixed = misparsed_clause(doc, tok, classes)
                if fixed is not None:
                    frames.append(fixed)
                    continue
                subj = _governing_subject(tok) or quantity_subject(tok)
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
                drop = {t.i for c in tok.children if c.dep_ in ("advcl", "conj", "cc") for t in c.subtree}
                content = _span([t for t in tok.subtree if t.i not in drop])
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
        elif tok.tag_ == "NNS" and (fr := noun_read_as_verb(tok, lex)) is not None:
            frames.append(fr)
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.speech_nouns:
            fr = _noun_frame(tok, lex)
            if fr is not None:
                frames.append(fr)
        elif tok.text == ":" and tok.i > 0:
            fr = _headline_colon(doc, tok, lex.report_nouns)
            if fr is not None:
                frames.append(fr)
    text = doc_text(doc)
    return [within_paragraph(text, f) for f in frames]


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
    if content is None or start > 0 and not any(t.pos_ in ("VERB", "AUX") or t.is_quote for t in toks):
        return None  # "Clinton: 1,769", "Rubio: A closing surge": a label and its value, nobody speaks
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

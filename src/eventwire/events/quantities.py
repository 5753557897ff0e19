"""Quantities ("500 US troops", "at least 12") and fatalities ("killing at least 12", "two soldiers died")."""

from __future__ import annotations

from typing import Any

from ..model import Quantity
from ..nlp import doc_text

WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "thousand": 1000, "single": 1, "both": 2, "couple": 2,
}
SCALES = {"hundred": 100, "hundreds": 100, "thousand": 1000, "thousands": 1000, "million": 1_000_000, "dozens": 12}
#: Lemmas whose arguments are the dead.
DEATH_VERBS = {"kill", "behead", "execute", "massacre", "slay", "murder", "assassinate", "lynch"}
DIE_VERBS = {"die", "perish", "succumb"}
DEATH_NOUNS = {"death", "fatality", "dead", "body", "corpse"}
FIND_VERBS = {"find", "discover", "recover", "dump", "exhume"}
BODY_NOUNS = {"body", "bodies", "corpse", "corpses", "remains"}
#: Nouns that name one person when singular ("a man was killed").
PERSONISH_TAGS = {"NN"}


def number_value(text: str) -> float | None:
    """The value of a number written in digits or words ("1,200", "12", "two", "dozen")."""
    t = text.lower().replace(",", "").strip()
    try:
        return float(t)
    except ValueError:
        pass
    if t in WORD_NUMBERS:
        return float(WORD_NUMBERS[t])
    if "-" in t:  # "twenty-five"
        parts = t.split("-")
        if all(p in WORD_NUMBERS for p in parts):
            return float(sum(WORD_NUMBERS[p] for p in parts))
    return None


def count_of(tok: Any) -> float | None:
    """How many a noun phrase counts: its number, a bare number token, or 1 for a singular noun."""
    if tok.like_num or tok.pos_ == "NUM":
        v = number_value(tok.text)
        if v is not None:
            mult = [SCALES[c.lower_] for c in tok.children if c.lower_ in SCALES]
            return v * (mult[0] if mult else 1)
    for c in tok.children:
        if c.dep_ == "nummod":
            v = number_value(c.text)
            if v is not None:
                scale = [SCALES[x.lower_] for x in c.children if x.lower_ in SCALES]
                return v * (scale[0] if scale else 1)
    if tok.lower_ == "dozens":  # ACLED's convention for "dozens" without a number
        return 12.0
    if tok.pos_ == "PROPN" and tok.ent_type_ == "PERSON":
        return 1.0
    if tok.tag_ in PERSONISH_TAGS and tok.pos_ == "NOUN":
        dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
        if dets and not any(d.lower_ in ("no", "any", "some") for d in dets):
            return 1.0
    return None


def _heads_with_conj(tok: Any) -> list[Any]:
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def quantities_for(tokens: list[Any]) -> list[Quantity]:
    """A Quantity for every argument noun carrying a number ("500 US troops")."""
    out: list[Quantity] = []
    seen: set[int] = set()
    for tok in tokens:
        for c in tok.children:
            if c.dep_ == "nummod" and tok.i not in seen:
                v = number_value(c.text)
                if v is None:
                    continue
                seen.add(tok.i)
                start = min(c.left_edge.idx, c.idx)
                text = doc_text(tok.doc)[start: tok.idx + len(tok.text)]
                out.append(Quantity(value=v, unit=tok.lemma_.lower(), text=text))
    return out


def dead_tokens(sent: Any) -> dict[int, float]:
    """The people counted as killed in a sentence: {noun token index: count}."""
    found: dict[int, float] = {}

    def add(tok: Any) -> None:
        for t in _heads_with_conj(tok):
            n = count_of(t)
            if n is not None and t.i not in found:
                found[t.i] = n

    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in DEATH_VERBS and tok.pos_ in ("VERB", "AUX", "ADJ"):
            passive = any(c.dep_ == "auxpass" for c in tok.children) or (
                tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod"))
            for c in tok.children:
                if (passive and c.dep_ in ("nsubjpass", "nsubj")) or (not passive and c.dep_ in ("dobj", "obj")):
                    add(c)
            if passive and tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
                add(tok.head)
            if tok.dep_ == "conj" and passive and not any(c.dep_ in ("nsubjpass", "nsubj") for c in tok.children):
                for c in tok.head.children:
                    if c.dep_ in ("nsubjpass", "nsubj"):
                        add(c)
        elif lemma in FIND_VERBS and tok.pos_ == "VERB":  # "a corpse was found near the river"
            for c in tok.children:
                if c.dep_ in ("nsubjpass", "dobj", "obj") and c.lemma_.lower() in BODY_NOUNS:
                    n = count_of(c)
                    if n is None and c.tag_ == "NNS":
                        continue
                    found.setdefault(c.i, n if n is not None else 1.0)
        elif lemma in DIE_VERBS and tok.pos_ == "VERB":
            for c in tok.children:
                if c.dep_ == "nsubj":
                    add(c)
        elif lemma in DEATH_NOUNS:
            if tok.lemma_.lower() in ("dead",) and tok.head.pos_ in ("NOUN", "PROPN", "NUM") and tok.dep_ in ("amod",):
                add(tok.head)
            elif tok.lemma_.lower() == "dead":
                for c in tok.children:
                    if c.dep_ in ("nsubj", "nummod"):
                        add(c)
                if tok.head is not tok and tok.head.pos_ in ("VERB", "AUX"):
                    for c in tok.head.children:  # "left 3 people dead", "3 people were found dead"
                        if c.dep_ in ("dobj", "nsubjpass", "nsubj"):
                            add(c)
            else:
                for c in tok.children:
                    if c.dep_ == "nummod" and number_value(c.text) is not None and tok.i not in found:
                        found[tok.i] = number_value(c.text) or 0.0
    return found


def fatalities_in(sent: Any) -> int | None:
    """The number killed in a sentence, summing its death clauses; None when it names no death."""
    dead = dead_tokens(sent)
    if not dead:
        return None
    return int(sum(dead.values()))

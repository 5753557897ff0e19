"""Pattern-based toponym recognition: names spaCy misses or splits, found by their shape.

Datelines in capitals ("BEIRUT (AP) —"), region abbreviations after a town ("Gatineau, Que."),
country names joined by "and" ("Trinidad and Tobago"), romanized Arabic names with a lowercase
article ("al-Hasaka"), facility and street names ("Royal Street"), and names a place-type word
marks ("Akida village", "the town of Biu"); streets a leading street word names ("Rue Victor Hugo").
Each pass adds :class:`~eventwire.geo.recognize.Mention`
records through the ``add`` callback of :func:`~eventwire.geo.recognize.find_mentions`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..nlp import doc_lowers, doc_text, doc_tokens
from .gazetteer import Gazetteer
from .normalize import name_key, names_city
from .recognize import _STOPWORDS, FACILITY_HEADS, Mention, _abbreviations, _cap, _facility, _strong


@lru_cache(maxsize=1)
def _abbreviation_rx() -> re.Pattern[str] | None:
    """The region abbreviations after a town and a comma, longest first (compiled once)."""
    abbr = _abbreviations()
    if not abbr:
        return None
    alt = "|".join(re.escape(a) for a in sorted(abbr, key=len, reverse=True))
    return re.compile(rf"(?<=[a-z], )(?:{alt})(?![\w.])")


def abbreviation_names(text: str, gaz: Gazetteer, add: Any) -> None:
    """Region abbreviations after a town ("Churchill, Man.", "Gatineau, Que.")."""
    rx = _abbreviation_rx()
    if rx is None:
        return
    for m in rx.finditer(text):
        cands = tuple(c for c in gaz.lookup(m.group(), False) if c.kind == "name" and c.fcode == "ADM1")
        if cands:
            add(Mention(m.start(), m.end(), m.group(), "toponym", "pattern", "GPE", cands))


_JOINED = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)? and (?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+)?\b")


_COMMA_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?, [A-Z](?:\.[A-Z])+\.")


def joined_names(text: str, gaz: Gazetteer, taken: list[bool], add: Any) -> None:
    """Country and region names joined by "and" or a comma ("Trinidad and Tobago", "Washington, D.C."), which
    spaCy splits in two."""
    for m in [*_JOINED.finditer(text), *_COMMA_NAME.finditer(text)]:
        key = name_key(m.group())
        if any(taken[m.start():m.end()]):
            continue
        cands = tuple(c for c in gaz.lookup(m.group(), False) if c.kind == "name" and c.fcode in ("PCLI", "ADM1")
                      and name_key(c.name) == key)
        if cands:
            add(Mention(m.start(), m.end(), m.group(), "toponym", "pattern", "GPE", cands))


_DATELINE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z'\u2019.-]+(?: [A-Z][A-Z'\u2019.-]+){0,3})(?=,| \(|\s+[\u2014\u2013-]|:)")


def datelines(text: str, gaz: Gazetteer, taken: list[bool], add: Any) -> None:
    """A place in capitals opening a line ("BEIRUT (AP) —", "TORRINGTON — ", "HOLLIDAY, Mo. —")."""
    for m in _DATELINE.finditer(text):
        span = m.group(1).rstrip(".")
        if len(span.replace(" ", "")) < 3 or any(taken[m.start(1):m.start(1) + len(span)]):
            continue
        key = name_key(span)
        cands = tuple(c for c in gaz.lookup(span, False) if c.kind == "name" and c.fclass in ("A", "P")
                      and (names_city(c.name, key) or c.primary or c.fcode == "PCLI"))
        if text[m.end(1):m.end(1) + 1] == ":":  # "JEWELL: Boyd Carney and ..." may be a name
            cands = tuple(c for c in cands if _strong(c))
        # A dateline names the town the report was filed from: the city, not the state or province
        # that shares its name ("NEW YORK (AP)", "QUEBEC CITY").
        cands = tuple(c for c in cands if c.fclass == "P") or cands
        if cands:
            add(Mention(m.start(1), m.start(1) + len(span), span, "toponym", "pattern", "GPE", cands))


_ARTICLE_NAME = re.compile(
    r"\b(?:(?:al|el|ad|ar|as|ash|at|an|ed|er|es|ez|az)[-\u2019']|(?:al|el)\s)[A-Z][\w\u2019'-]*(?:\s[A-Z][\w-]+)?"
)


def article_names(text: str, gaz: Gazetteer, taken: list[bool], blocked: list[bool], add: Any) -> None:
    """Romanized Arabic names that start with a lowercase article ("al-Hasaka", "ar-Raqqa").

    spaCy often tags these as persons; a well-known place (a city, a province) wins over that tag.
    """
    for m in _ARTICLE_NAME.finditer(text):
        start, end = m.span()
        if any(taken[start:end]):
            continue
        for e in (end, m.start() + len(m.group().split(" ")[0])):
            cands = tuple(c for c in gaz.lookup(text[start:e]) if c.kind == "name")
            if any(blocked[start:e]):
                cands = tuple(c for c in cands if _strong(c))
            if cands:
                add(Mention(start, e, text[start:e], "toponym", "gazetteer", "", cands))
                break


def facility_names(sdoc: Any, gaz: Gazetteer, taken: list[bool], blocked: list[bool], add: Any) -> None:
    """Capitalized runs ending in a facility word ("Royal Street", "Al-Shifa Hospital") spaCy did not tag."""
    toks = doc_tokens(sdoc)
    for i, low in enumerate(doc_lowers(sdoc)):
        if low.rstrip(".") not in FACILITY_HEADS:
            continue
        t = toks[i]
        if not t.text[:1].isupper() or taken[t.idx]:
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt is not None and (_cap(nxt) or (nxt.lower_ == "of" and i + 2 < len(toks) and _cap(toks[i + 2]))):
            continue  # the name goes on: "... School of Law", "... Highway Patrol", "the Mall of Asia"
        j = i
        while j > 0 and _cap(toks[j - 1]) and not toks[j - 1].is_sent_start and not taken[toks[j - 1].idx]:
            j -= 1
        if j < i and toks[j].lower_ == "the":
            j += 1
        if j == i:
            continue
        start, end = toks[j].idx, t.idx + len(t.text)
        if any(blocked[start:end]) or any(taken[start:end]):
            continue
        span = doc_text(sdoc)[start:end]
        add(Mention(start, end, span, "toponym", "pattern", "FAC",
                    tuple(c for c in gaz.lookup(span, False) if c.kind == "name")))


#: Lowercase words that say the capitalized name before them ("Akida village") or after "of" ("the town of
#: Biu") is a place.
PLACE_TYPE_WORDS = frozenset("village town city district neighbourhood neighborhood quarter suburb area camp "
                             "province governorate region county municipality township".split())


def typed_names(sdoc: Any, gaz: Gazetteer, taken: list[bool], blocked: list[bool], add: Any) -> None:
    """Names a place-type word marks as places even when neither spaCy nor the gazetteer knows them."""
    toks = doc_tokens(sdoc)
    n = len(toks)
    for i, low in enumerate(doc_lowers(sdoc)):
        if low not in PLACE_TYPE_WORDS:
            continue
        t = toks[i]
        if not t.text.islower():
            continue
        run: list[Any] = []
        if i > 0 and _cap(toks[i - 1]):  # "Akida village"
            j = i - 1
            while j >= 0 and _cap(toks[j]) and not toks[j].is_sent_start and i - j <= 3:
                j -= 1
            run = toks[j + 1 : i]
        elif i + 2 < n and toks[i + 1].lower_ == "of" and _cap(toks[i + 2]):  # "the town of Biu"
            j = i + 2
            while j < n and _cap(toks[j]) and j - i <= 4:
                j += 1
            run = toks[i + 2 : j]
        if not run or run[0].lower_ in _STOPWORDS:
            continue
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        if any(taken[start:end]) or any(blocked[start:end]):
            continue
        span = doc_text(sdoc)[start:end]
        add(Mention(start, end, span, "toponym", "pattern", "", tuple(c for c in gaz.lookup(span) if c.kind == "name")))


#: Words that open a street's name in many languages ("Rue Victor Hugo", "Avenida Paulista", "Via Roma").
STREET_LEADS = frozenset("rue avenue avenida boulevard calle rua via piazza plaza".split())


def street_names(sdoc: Any, gaz: Gazetteer, taken: list[bool], add: Any) -> None:
    """A street named by a leading street word and a capitalized run, even when spaCy takes the run for
    a person ("on Rue Victor Hugo"): the street word says it is a place."""
    toks = doc_tokens(sdoc)
    n = len(toks)
    for i, low in enumerate(doc_lowers(sdoc)):
        if low not in STREET_LEADS:
            continue
        t = toks[i]
        if not _cap(t) or t.is_sent_start or taken[t.idx]:
            continue
        j = i + 1
        while j < n and j - i <= 4 and (_cap(toks[j]) or (toks[j].lower_ in ("de", "du", "des", "del", "da", "do", "di")
                                                         and j + 1 < n and _cap(toks[j + 1]))):
            j += 1
        if j == i + 1 or not _cap(toks[j - 1]):
            continue
        start, end = t.idx, toks[j - 1].idx + len(toks[j - 1].text)
        if any(taken[start:end]):
            continue
        span = sdoc.text[start:end]
        add(Mention(start, end, span, "toponym", "pattern", "FAC",
                    tuple(c for c in gaz.lookup(span, False) if c.kind == "name")))


def same_name_again(sdoc: Any, found: list[Mention], taken: list[bool], people: list[Any], add: Any) -> None:
    """One sense per article: a place name found once is the same place where it is said again and nothing
    took it, though spaCy tagged it another thing or put it inside an organisation's name ("Cavan" after
    "the Cavan Sustainable Energy Group", "Allendale" in "the Allendale Woman's Club"). Only capitalized
    names of four letters or more, not inside a person's name, and not a name spaCy ever tags a person
    ("Chen", said five times, once after "in"), nor a building's ("White House aides")."""
    text = doc_text(sdoc)
    person_words = {t.lower_ for ent in sdoc.ents if ent.label_ == "PERSON" for t in ent}
    names: dict[str, Mention] = {}
    for m in found:
        if m.kind == "toponym" and m.candidates and len(m.text) >= 4 and m.text[:1].isupper() \
                and not m.text.isupper() and m.text.lower() not in _STOPWORDS and not _facility(m.text) \
                and m.label != "FAC" and not any(w in person_words for w in m.text.lower().split()):
            names.setdefault(m.text, m)
    if not names:
        return
    person_spans = [(ent.start_char, ent.end_char) for ent in people]
    for start, end in whole_names(text, sorted(names, key=len, reverse=True)):
        if any(taken[start:end]) or any(s < end and start < e for s, e in person_spans):
            continue
        m = names[text[start:end]]
        add(Mention(start, end, m.text, "toponym", "again", m.label, m.candidates))


_WORDISH = re.compile(r"[\w-]")


def whole_names(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where the names stand in ``text`` as whole words (no word character or hyphen on either side), left to
    right and not overlapping, the first name of ``names`` that fits taken where several start at one place:
    what ``re.finditer`` gives for the alternation of the escaped names between those lookarounds, without
    compiling a new pattern for every article (a quarter of a millisecond each, on short items the largest
    cost of the geo stage)."""
    hits: list[tuple[int, int, int]] = []
    for rank, name in enumerate(names):
        i = text.find(name)
        while i >= 0:
            end = i + len(name)
            if not (i and _WORDISH.match(text, i - 1)) and not _WORDISH.match(text, end):
                hits.append((i, rank, end))
            i = text.find(name, i + 1)
    out: list[tuple[int, int]] = []
    for start, _, end in sorted(hits):
        if not out or start >= out[-1][1]:
            out.append((start, end))
    return out


_BASED = frozenset("based born bred headquartered registered".split())


def based(sdoc: Any, j: int) -> bool:
    """Whether the tokens from ``j`` read "-based" (or "-born", "-headquartered" ...)."""
    return j + 1 < len(sdoc) and sdoc[j].text == "-" and not sdoc[j].whitespace_ and sdoc[j + 1].lower_ in _BASED


def based_place(ent: Any, gaz: Gazetteer, add: Any) -> bool:
    """A name before "-based" that is a region's, a country's or a town's (5,000) own name: the place,
    whatever spaCy tagged it."""
    span = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    if not span[:1].isupper():
        return False
    key = name_key(span)
    names = tuple(c for c in gaz.lookup(span, False) if c.kind == "name")
    if any(name_key(c.name) == key and (c.fclass == "A" or (c.fclass == "P" and c.population >= 5_000))
           for c in names):
        add(Mention(ent.end_char - len(span), ent.end_char, span, "toponym", "ner", "GPE", names))
        return True
    return False

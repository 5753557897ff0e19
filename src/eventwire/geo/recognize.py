"""Toponym recognition: spaCy's GPE/LOC/FAC/NORP entities plus gazetteer-backed names spaCy misses.

A :class:`Mention` is a span of ``doc.text`` that may name a place; ``kind`` says how it is meant:
"toponym" (a place name) or "demonym" ("Syrian", "Kurdish": context for resolution, never an
event place). Resolution happens in :mod:`eventwire.geo.resolve`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..nlp import doc_text, doc_tokens, per_doc
from .gazetteer import Candidate, Gazetteer
from .normalize import name_key

#: spaCy labels taken as place names, and as demonyms.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DEMONYM_LABELS = frozenset({"NORP"})
#: Entity labels whose tokens are never place names.
BLOCK_LABELS = frozenset({"PERSON", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL",
                          "WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "LANGUAGE"})
#: Words that start names of organisations, not places, when they lead a capitalized run.
_ORG_HEADS = frozenset("university college school hospital church ministry department party council bank "
                       "company corporation agency army force forces police court museum institute".split())
_STOPWORDS = frozenset("the a an of and or in on at to for from by with new north south east west central "
                       "upper lower great greater western eastern northern southern federal national valley "
                       "centre center state city county district province region capital".split())
#: Articles and particles of names, which alone name no place ("Al", "El", "de", "Bin", "Abu").
_PARTICLES = frozenset("al el ad ar as an at az ash ath adh ed er es le la les los las de del da di du dos das van "
                       "von der den bin ibn ben bani beni abu umm um ait".split())
_TRAILING = re.compile(r"(?:['\u2019]s|['\u2019])$")


@dataclass
class Mention:
    """A span that may name a place."""

    start: int
    end: int
    text: str
    kind: str  # "toponym" | "demonym"
    source: str  # "ner" | "gazetteer"
    label: str = ""
    candidates: tuple[Candidate, ...] = ()


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    s = text[start:end]
    if s.lower().startswith("the "):
        start += 4
    m = _TRAILING.search(text[start:end])
    if m:
        end = start + m.start()
    while end > start and not text[end - 1].isalnum():
        end -= 1
    words = text[start:end].split(" ")
    while len(words) > 1 and words[-1] in _TYPE_WORDS:  # "Sichuan province" -> "Sichuan"; "Enugu State" stays
        end -= len(words.pop()) + 1
    last_word = text[start:end].split(" ")[-1]
    if end < len(text) and text[end] == "." and ("." in last_word or text[start:end + 1] in _abbreviations()):
        end += 1  # "U.S.", "B.C.", "Que." keep their final stop
    return start, end


_TYPE_WORDS = frozenset("province governorate region district city town village state county".split())


def base_name(span: str) -> str:
    """A name without its trailing type word ("Sichuan province" -> "Sichuan", "Enugu State" -> "Enugu"); the
    mention keeps the whole span ("Orange County", "Mexico City" are names as written)."""
    words = span.split()
    while len(words) > 1 and words[-1].lower() in _TYPE_WORDS:
        words.pop()
    return " ".join(words) if words else span


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Abbreviations that end in a stop ("Ky.", "Que."), from ``admin_abbreviations.csv``."""
    import csv

    from ..resources import data_path

    out = set()
    with data_path("admin_abbreviations.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(line for line in f if not line.startswith("#")):
            out.update(a.strip() for a in (r.get("abbreviations") or "").split("|") if a.strip().endswith("."))
    return frozenset(out)


def find_mentions(sdoc: Any, gaz: Gazetteer) -> list[Mention]:
    """Place-name and demonym mentions in a parsed document, ordered by position, not overlapping."""
    text = doc_text(sdoc)
    out: list[Mention] = []
    taken = [False] * (len(text) + 1)
    blocked = [False] * (len(text) + 1)

    def add(m: Mention) -> None:
        if m.text.lower() in _PARTICLES:
            return  # "Al" of "Al Shabaab", "al" of "Sabir al Mawadim": never a place of its own (Ål, Norway)
        out.append(m)
        for i in range(m.start, m.end):
            taken[i] = True

    from .patterns import (
        abbreviation_names,
        article_names,
        based,
        based_place,
        datelines,
        facility_names,
        joined_names,
        same_name_again,
        street_names,
        typed_names,
    )

    abbreviation_names(text, gaz, add)
    joined_names(text, gaz, taken, add)
    datelines(text, gaz, taken, add)
    people = [ent for ent in sdoc.ents if ent.label_ == "PERSON" and len(ent) > 1 and _person_like(ent)]
    person_words = {t.lower_ for ent in people for t in ent}
    first_names = {ent[0].lower_ for ent in people}
    persons: set[tuple[int, int]] = set()
    for ent in sdoc.ents:
        if any(taken[ent.start_char:ent.end_char]):
            continue
        if len(ent) > 1 and ent[0].lower_ in _STRONG_LOCATIVES and _locative_place(ent[1:], gaz, add,
                                                                                  alternates=True):
            continue  # "Near Abu Kamal, one strike ...": the sentence's capitalised preposition taken into a name
        if len(ent) <= 3 and based(sdoc, ent.end) and based_place(ent, gaz, add):
            continue  # "a Dorset-based charity" tagged an organisation, "the Kent-based team" a person
        if ent.label_ in (*BLOCK_LABELS, "ORG") and (
                _locative_place(ent, gaz, add) or (ent.label_ != "ORG" and (
                    _modifier_place(sdoc, ent, gaz, add) or _demonym_modifier(sdoc, ent, gaz, add)))):
            continue  # "in Winnipeg" tagged a product, "near Sinjar" an organisation, "the Cairns police" a person
        if ent.label_ == "PERSON" and len(ent) > 1 and _region_named(ent.text, gaz):
            # "Tamil Nadu said": a state or country spaCy took for a person.
            add(Mention(ent.start_char, ent.end_char, ent.text, "toponym", "ner", "GPE",
                        _region_named(ent.text, gaz)))
            continue
        if ent.label_ in BLOCK_LABELS:
            if ent.label_ == "PERSON" and len(ent) == 1:
                persons.add((ent.start_char, ent.end_char))
                continue  # a lone "Cairns" or "Edmonton" may be a town; decided in _gazetteer_matches
            for i in range(ent.start_char, ent.end_char):
                blocked[i] = True
    for ent in sdoc.ents:
        label = ent.label_
        if any(taken[ent.start_char:ent.end_char]):
            continue
        if label == "LAW":
            # "the Cuban Adjustment Act" (event names are left alone: "the Napa earthquake" is no place of
            # its own and would split the event's reports in deduplication)
            _embedded(sdoc, ent, gaz, taken, add, person_words)
            continue
        if label not in PLACE_LABELS and label not in DEMONYM_LABELS and label != "ORG":
            continue
        start, end = _clean_span(text, ent.start_char, ent.end_char)
        if end <= start:
            continue
        if not any(c.isupper() for c in text[start:end]) and not (
                label in ("GPE", "LOC") and _named_in_gazetteer(text[start:end], gaz)):
            continue  # a lower-case span is a place only where spaCy and the gazetteer agree on the whole name
        span = text[start:end]
        if span.lower() in _STOPWORDS:
            continue
        if label in DEMONYM_LABELS:
            m = _demonym(span, start, end, gaz, label)
            if m is None:
                names = tuple(c for c in gaz.lookup(span) if c.kind == "name" and _strong(c))
                if names:  # a country or region tagged as a nationality ("Azerbaijan")
                    add(Mention(start, end, span, "toponym", "ner", label, names))
            elif not _plural_people(ent):
                add(m)
            continue
        cands = gaz.lookup(span)
        if base_name(span) != span and not any(c.kind == "name" for c in cands):
            cands = gaz.lookup(base_name(span))  # "Karak district", "Enugu State"
        if label in ("GPE", "LOC") and not any(c.kind == "name" for c in cands):
            rest = _after_direction(span, gaz)
            if rest is not None:  # "South London": a part of London, named with it
                cands = tuple(c for c in gaz.lookup(rest) if c.kind == "name")
        if _seat_for_government(sdoc, sdoc.char_span(start, end, alignment_mode="expand").start,
                                tuple(c for c in cands if c.kind == "name")):
            continue
        if label in ("GPE", "LOC") and not any(c.kind == "name" for c in cands) \
                and _not_a_place(sdoc, ent, person_words):
            continue
        if label in ("GPE", "LOC") and " " not in span and span.lower() in first_names:
            continue  # "Georgia" after "Georgia Stevens": the girl, not the state
        if label == "FAC" and not _facility(span) and _embedded(sdoc, ent, gaz, taken, add, person_words):
            continue  # "Granville County Fire Marshal Doug Logan"
        if label == "ORG" and _facility(span):
            # A named facility is a place ("Marjory Stoneman Douglas High School", "Aleppo University Hospital").
            add(Mention(start, end, span, "toponym", "ner", "FAC", tuple(c for c in cands if c.kind == "name")))
            continue
        if span.isupper() and len(span) <= 4:
            # Abbreviations match airport and other codes among alternate names: countries and regions only.
            cands = tuple(c for c in cands if c.fcode in ("PCLI", "ADM1", "CONT") or c.kind == "demonym")
        if label == "ORG":
            # Organisations are places only when the whole name is a well-known settlement or country
            # ("Washington", "EU"), not a building that names an agency ("the White House"), nor a
            # place whose name is only an alternate one for it.
            key = name_key(span)
            if not any(_strong(c) and c.fclass in ("A", "P", "L") and (name_key(c.name) == key or c.fcode in (
                       "PCLI", "CONT", "ADM1") or c.geonameid < 0) for c in cands if c.kind == "name") \
                    and not _place_modifier(sdoc, ent, cands):
                _embedded(sdoc, ent, gaz, taken, add, person_words)
                if ent[0].lower_ in _ORG_HEADS or (ent[0].lower_ == "the" and len(ent) > 1
                                                   and ent[1].lower_ in _ORG_HEADS):
                    for k in range(start, end):  # "the University of California", "the Bank of Japan"
                        blocked[k] = True
                continue
        else:
            dem = [c for c in cands if c.kind == "demonym"]
            if dem and not any(_strong(c) for c in cands if c.kind == "name"):
                add(Mention(start, end, span, "demonym", "ner", label, tuple(dem)))
                continue
        add(Mention(start, end, span, "toponym", "ner", label, tuple(c for c in cands if c.kind == "name")))
    street_names(sdoc, gaz, taken, add)  # "Rue Victor Hugo" though spaCy took the name for a person
    facility_names(sdoc, gaz, taken, blocked, add)  # before single names: "Marjory Stoneman Douglas High School"
    _gazetteer_matches(sdoc, gaz, taken, blocked, add, persons, person_words)
    article_names(text, gaz, taken, blocked, add)
    typed_names(sdoc, gaz, taken, blocked, add)
    same_name_again(sdoc, out, taken, people, add)
    out.sort(key=lambda m: m.start)
    return out


_ORG_JOINERS = frozenset("of and for & on".split())


def _person_like(ent: Any) -> bool:
    """A PERSON entity that reads as a person's name, not an organisation spaCy mislabelled ("Abuja Chamber
    of Commerce and Industry", "Cavan County Council"): no word after the first that joins the words of an
    organisation's name or heads or ends one."""
    return not any(t.lower_ in _ORG_HEADS or t.lower_ in _LOCAL_BODIES or t.lower_ in _ORG_JOINERS for t in ent[1:])


def _named_in_gazetteer(span: str, gaz: Gazetteer) -> bool:
    """A lower-case span (a caseless text the truecaser did not restore) that is a gazetteer town's or
    region's own name, not a stopword nor a short word."""
    if len(span) < 4 or span.lower() in _STOPWORDS:
        return False
    key = name_key(span)
    return any(c.kind == "name" and c.fclass in ("A", "P") and name_key(c.name) == key for c in gaz.lookup(span, False))


def _region_named(text: str, gaz: Gazetteer) -> tuple[Candidate, ...]:
    """Countries and first-level regions whose own name is exactly ``text``."""
    key = name_key(text)
    return tuple(c for c in gaz.lookup(text, False) if c.kind == "name" and c.fcode in ("PCLI", "ADM1")
                 and name_key(c.name) == key)


def _embedded(sdoc: Any, ent: Any, gaz: Gazetteer, taken: list[bool], add: Any,
              person_words: set[str] | frozenset[str] = frozenset()) -> bool:
    """A place or demonym leading the name of an organisation, event or law ("US Special Forces",
    "Russian Embassy", "Danbury Police Department", "the Venice International Film Festival")."""
    after_the = bool(len(ent)) and ent[0].lower_ == "the"
    if after_the:
        ent = ent[1:]
    for size in (3, 2, 1):
        toks = ent[:size]
        if len(ent) <= size or not all(_cap(t) for t in toks) or ent[size].text in ("'s", "\u2019s", "."):
            continue
        if ent[size].text == "-" and not (len(ent) > size + 1 and ent[size + 1].text.islower()):
            continue  # "Gilgit-Baltistan" is one name; "U.S.-led" leads with one
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        span = doc_text(sdoc)[start:end]
        if any(taken[start:end]) or (span.endswith(".") and "." not in span[:-1]):
            continue
        if span.isupper() and len(span) <= 4 and "." not in span and span not in ("US", "UK", "EU", "UN"):
            cands = tuple(c for c in gaz.lookup(span, False) if c.fcode in ("PCLI", "CONT"))
        else:
            cands = gaz.lookup(span, False)
        key = name_key(span)
        dems = tuple(c for c in cands if c.kind == "demonym")
        # A lesser town's name leads an organisation's name only as a proper name of its own, not as a
        # common word ("Union of ...", "Federal Government", "Green Party") or a person's name ("Nikki Haley").
        minor = not (toks[0].pos_ == "PROPN" and all(t.lower_ not in person_words for t in toks)
                     and (size > 1 or toks[0].lower_ not in _COMMON_LEADS) and ent[size].lower_ != "of")
        # One word needs a sizeable town or a local institution after it ("Cavan County Council"),
        # not a person's first name ("Winfield Mowden") or a firm's ("Hubbard Broadcasting").
        floor = _MODIFIER_POP if size > 1 or ent[size].lower_ in _LOCAL_BODIES else 20_000
        names = tuple(c for c in cands if c.kind == "name" and (c.fcode in ("PCLI", "CONT")
                      or (not minor and name_key(c.name) == key
                          and (c.fcode in ("ADM1", "ADM2") or c.population >= floor))))
        if names:
            add(Mention(start, end, span, "toponym", "ner", ent.label_, names))
            return True
        if dems and size <= 2 and not after_the:
            add(Mention(start, end, span, "demonym", "ner", ent.label_, dems))
            return True
    return False


#: Capitalized common words that lead organisation names and happen to be town names somewhere.
_COMMON_LEADS = _ORG_HEADS | _STOPWORDS | frozenset(
    "centre center commerce best grave colony capital vista trust fire police royal liberal conservative olympic"
    .split()) | frozenset(
    "union federal central national royal real green golden chamber alliance airport hurricane grand "
    "united general international world global american first new old great liberty independence victory "
    "unity peace hope progress freedom democratic republican labour labor popular people peoples islamic "
    "home star sun mount saint st".split())
#: Words after a town's name that make an organisation a local one ("Danbury Police Department").
_LOCAL_BODIES = frozenset("police county city council court courts sheriff sheriff's fire school schools district "
                          "township borough department hospital library airport port municipal state town "
                          "village region regional metropolitan chamber".split())
#: Smallest town whose name, leading an organisation's name, is taken as a place ("Danbury police").
_MODIFIER_POP = 5_000
_PERSON_TITLES = frozenset("mr mrs ms miss dr sir lord lady president minister senator sen rep gov governor "
                           "judge justice king queen prince princess pope saint st coach".split())


def _place_modifier(sdoc: Any, ent: Any, cands: tuple[Candidate, ...]) -> bool:
    """A one-word organisation that is a town's own name used as a modifier ("Danbury police", "a Churchill
    doctor", "Allendale women"): the word after it is a lowercase noun."""
    if len(ent) != 1 or ent.end >= len(sdoc):
        return False
    nxt = sdoc[ent.end]
    if not (nxt.text.islower() and nxt.pos_ == "NOUN") or ent.text.lower() in _COMMON_LEADS:
        return False
    key = name_key(ent.text)
    return any(c.kind == "name" and name_key(c.name) == key and c.fclass in ("A", "P")
               and (c.population >= _MODIFIER_POP or c.fcode in ("ADM1", "ADM2")) for c in cands)


def _seat_for_government(sdoc: Any, i: int, names: tuple[Candidate, ...]) -> bool:
    """Whether a building name (the White House, the Kremlin) at token ``i`` stands for a government:
    such a seat is a place only where something happens there ("outside the Kremlin")."""
    if not any(c.fcode == "BLDG" for c in names):
        return False
    k = i - 1 if i > 0 and sdoc[i - 1].lower_ != "the" else i - 2
    return k < 0 or sdoc[k].lower_ not in _STRONG_LOCATIVES


def _modifier_place(sdoc: Any, ent: Any, gaz: Gazetteer, add: Any) -> bool:
    """A one-word name after an article and before a lowercase noun ("the Cairns police force", "a Winnipeg
    jail") that spaCy took for a person or a product: a town's own name used as a modifier."""
    if len(ent) != 1 or ent.start == 0 or sdoc[ent.start - 1].lower_ not in ("the", "a", "an") or not _cap(ent[0]):
        return False
    cands = tuple(c for c in gaz.lookup(ent.text, False) if c.kind == "name")
    if not _place_modifier(sdoc, ent, cands):
        return False
    add(Mention(ent.start_char, ent.end_char, ent.text, "toponym", "ner", "GPE", cands))
    return True


def _demonym_modifier(sdoc: Any, ent: Any, gaz: Gazetteer, add: Any) -> bool:
    """A nationality adjective spaCy took for a person or a language, before a lowercase noun ("Slovak
    news", "the English city of Salisbury", "Saint Lucian beaches")."""
    if ent.label_ not in ("PERSON", "LANGUAGE") or len(ent) > 2 or ent.end >= len(sdoc):
        return False
    nxt = sdoc[ent.end]
    if not (nxt.text.islower() and nxt.pos_ in ("NOUN", "ADJ")):
        return False
    dems = tuple(c for c in gaz.lookup(ent.text, False) if c.kind == "demonym")
    if not dems:
        return False
    add(Mention(ent.start_char, ent.end_char, ent.text, "demonym", "ner", "NORP", dems))
    return True


def _not_a_place(sdoc: Any, ent: Any, person_words: set[str]) -> bool:
    """A GPE/LOC entity the gazetteer lacks that reads as a person or a product: a word of a person's name
    met elsewhere ("Yulia" after "Yulia Skripal"), a title before it, or a code-like spelling ("IoTX")."""
    words = [t for t in ent if t.text[:1].isupper()]
    if len(ent) <= 2 and words and all(t.lower_ in person_words for t in words):
        return True
    if ent.start > 0 and sdoc[ent.start - 1].lower_.rstrip(".") in _PERSON_TITLES:
        return True
    for t in ent:
        w = t.text
        if any(ch.isdigit() or ch == "*" for ch in w) or re.search(r"[a-z][A-Z]", w):
            return True
    return len(ent) == 1 and ent.text.isupper() and len(ent.text) <= 2


def _after_direction(span: str, gaz: Gazetteer) -> str | None:
    """The place of a name the gazetteer lacks that opens with a compass word ("South London", "Northern
    Kherson"), or None."""
    from .resolve import region_rules

    first, _, rest = span.partition(" ")
    word = first.lower().replace("-", "")
    word = word[:-3] if word.endswith("ern") else word
    if not rest or word not in region_rules().directions:
        return None
    return rest if any(c.kind == "name" for c in gaz.lookup(rest)) else None


#: A name spaCy missed or mislabelled may be another spelling of a town this large ("Near Abu Kamal" for Albu Kamal).
ALTERNATE_SPELLING_POPULATION = 15_000


def _locative_place(ent: Any, gaz: Gazetteer, add: Any, *, alternates: bool = False) -> bool:
    """A short entity spaCy took for a date, a product, a language, a person or an organisation, after a
    locative preposition ("in Winnipeg", "in Aleppo", "from Churchill"), that is a town's or region's own name
    (with ``alternates``, also another spelling of a town of 15,000: "Near Abu Kamal" for Albu Kamal)."""
    doc = ent.doc
    # "Abdhou, of Hayes": an address
    address = ent.start > 1 and doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].text == ","
    # "southeast of Dayr Az Zawr", "on the outskirts of Kafr Nabl": as strong as "near", and as open to spellings
    compass = ent.start > 1 and doc[ent.start - 1].lower_ == "of" and \
        doc[ent.start - 2].lower_.replace("-", "") in _COMPASS_OF
    alternates = alternates or compass
    if len(ent) > 3 or ent.start == 0 or (doc[ent.start - 1].lower_ not in _STRONG_LOCATIVES
                                          and not address and not compass):
        return False
    if ent.label_ in ("DATE", "TIME") and any(t.lower_ in _CALENDAR for t in ent):
        return False
    if not all(_cap(t) for t in ent):
        return False
    key = name_key(ent.text)
    floor = 5_000 if ent.label_ in ("PERSON", "ORG") else 1_000
    cands = tuple(c for c in gaz.lookup(ent.text, False) if c.kind == "name"
                  and (name_key(c.name) == key or (alternates and c.population >= ALTERNATE_SPELLING_POPULATION))
                  and c.fclass in ("A", "P") and (c.population >= floor or c.fcode in ("PCLI", "ADM1", "ADM2")))
    if not cands:
        return False
    add(Mention(ent.start_char, ent.end_char, ent.text, "toponym", "ner", "GPE", cands))
    return True


_CALENDAR = frozenset("january february march april may june july august september october november december "
                      "monday tuesday wednesday thursday friday saturday sunday christmas easter".split())
_STRONG_LOCATIVES = frozenset("in near outside from into at around".split())
#: Words before "of" that make the name after it a place ("north of", "the outskirts of").
_COMPASS_OF = frozenset("north south east west northeast northwest southeast southwest outskirts suburbs "
                        "vicinity countryside".split())


def _demonym(span: str, start: int, end: int, gaz: Gazetteer, label: str) -> Mention | None:
    for form in (span, span[:-1] if span.endswith("s") else None, span[:-2] if span.endswith("es") else None):
        if not form:
            continue
        cands = tuple(c for c in gaz.lookup(form, False) if c.kind == "demonym")
        if cands:
            return Mention(start, end, span, "demonym", "ner", label, cands)
    return None


def _plural_people(tok_or_span: Any) -> bool:
    """Whether a demonym names people ("Mexicans", "Kurds"), not a place qualifier ("Mexican")."""
    last = tok_or_span[-1] if hasattr(tok_or_span, "__getitem__") and not hasattr(tok_or_span, "tag_") \
        else tok_or_span
    return last.tag_ in ("NNS", "NNPS") or (last.text.endswith("s") and last.text[:1].isupper()
                                             and not last.text.endswith(("ss", "ese")))


def _strong(c: Candidate) -> bool:
    """A candidate prominent enough to accept a name spaCy did not tag as a place."""
    if c.fcode in ("PCLI", "CONT", "ADM1"):
        return True
    if c.fclass in ("H", "T", "L") and c.geonameid < 0:
        return True  # our own features and regions
    return c.population >= 100_000


def _gazetteer_matches(sdoc: Any, gaz: Gazetteer, taken: list[bool], blocked: list[bool], add: Any,
                       persons: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
                       person_words: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Capitalized runs that the gazetteer knows and spaCy missed, longest match first.

    A single word spaCy took for a person's name is a place only when it names a big one
    (a country, a region, a city of 200,000) and nothing marks it as a person (a title before it).
    """
    toks = doc_tokens(sdoc)
    caps = per_doc(sdoc, "geo_caps", lambda d: [_cap(x) for x in doc_tokens(d)])
    i = 0
    n = len(toks)
    while i < n:
        t = toks[i]
        if not caps[i] or taken[t.idx] or blocked[t.idx]:
            i += 1
            continue
        matched = False
        for size in (4, 3, 2, 1):
            j = i + size
            if j > n:
                continue
            span_toks = toks[i:j]
            if not all(caps[i + k] or (x.lower_ in ("of", "al", "el") and k not in (0, size - 1))
                       or x.text in ("-",) for k, x in enumerate(span_toks)):
                continue
            if span_toks[-1].text == "-" or span_toks[0].text == "-":
                continue
            if j < n and toks[j].text == "-" and toks[j].whitespace_ == "" and j + 1 < n and _cap(toks[j + 1]):
                continue  # "Armenia-Italy", "Miami-Dade": part of a longer name
            start, end = span_toks[0].idx, span_toks[-1].idx + len(span_toks[-1].text)
            if any(taken[start:end]) or any(blocked[start:end]):
                continue
            if size == 1 and (t.is_sent_start or t.lower_ in _STOPWORDS or len(t.text) < 3 or t.lower_ in person_words):
                continue
            if span_toks[0].lower_ in _ORG_HEADS:
                continue
            span = doc_text(sdoc)[start:end]
            if span.endswith(".") and not (size == 1 and "." in span[:-1]):
                continue
            if (start, end) in persons:
                prev = toks[i - 1].text.rstrip(".").lower() if i > 0 else ""
                own = [c for c in gaz.lookup(span, False) if c.kind == "name" and name_key(c.name) == name_key(span)]
                big = [c for c in own if c.fcode in ("PCLI", "ADM1", "PPLC") or c.population >= 200_000]
                if not big and (prev in _STRONG_LOCATIVES or prev == "to") and t.lower_ not in person_words:
                    # "travelling from Cirencester": a town's own name after a locative is the town
                    big = [c for c in own if c.fclass == "P" and c.population >= 5_000]
                if big and prev not in _TITLES and not (j < n and _cap(toks[j])):
                    add(Mention(start, end, span, "toponym", "gazetteer", "", tuple(big)))
                    i = j
                    matched = True
                    break
                continue
            if span.replace(".", "").isupper() and len(span.replace(".", "")) <= 4:
                # Abbreviations only for countries and continents ("US", "U.S.", "UAE", "EU").
                codes = tuple(c for c in gaz.lookup(span, False) if c.fcode in ("PCLI", "CONT") and c.kind == "name")
                if codes:
                    add(Mention(start, end, span, "toponym", "gazetteer", "", codes))
                    i = j
                    matched = True
                    break
                continue
            cands = gaz.lookup(span, False)
            key = name_key(span)
            # Names spaCy did not tag are taken only as a place's own name, not one of its alternate names.
            # After a locative preposition ("in Palmyra", "city of Palmyra") an alternate name will do.
            locative = i > 0 and toks[i - 1].lower_ in _LOCATIVE_WORDS
            names = tuple(c for c in cands if c.kind == "name" and (c.primary or name_key(c.name) == key
                                                                   or c.fcode in ("PCLI", "ADM1") or locative))
            if _seat_for_government(sdoc, i, names):
                names = ()
            dems = tuple(c for c in cands if c.kind == "demonym")
            if dems and size <= 2 and t.pos_ in ("ADJ", "PROPN", "NOUN") and not _plural_people(span_toks[-1]):
                add(Mention(start, end, span, "demonym", "gazetteer", "", dems))
            elif names and (any(_strong(c) for c in names) or (
                    toks[i - 1].lower_ in _STRONG_LOCATIVES and _town_after_locative(names, key)
                    and not (j < n and caps[j] and toks[j].pos_ == "PROPN"))) \
                    and all(x.pos_ == "PROPN" for x in span_toks if _cap(x)):
                add(Mention(start, end, span, "toponym", "gazetteer", "", names))
            else:
                continue
            i = j
            matched = True
            break
        if not matched:
            i += 1


def _town_after_locative(names: tuple[Candidate, ...], key: str) -> bool:
    """A name after "in", "near", "outside" ... that spaCy missed is a place when it is the own name of a town
    of 5,000, or another spelling of a town of 15,000 ("- Near Qaryatayn, one strike ...": a list item
    spaCy tags nothing in)."""
    return any(c.fclass == "P" and c.population >= (5_000 if name_key(c.name) == key else ALTERNATE_SPELLING_POPULATION)
               for c in names)


#: Last words of facility and street names: such a capitalized name is a place even when spaCy misses it.
FACILITY_HEADS = frozenset(
    "street st road rd avenue ave boulevard blvd lane square plaza bridge highway expressway airport airbase base "
    "port harbour harbor station stadium arena hospital clinic school academy university college library museum "
    "church cathedral mosque temple synagogue shrine prison jail camp park mall market hotel inn palace embassy "
    "consulate centre center hall tower dam refinery checkpoint crossing".split()
)


def _facility(span: str) -> bool:
    words = span.split()
    return len(words) >= 2 and words[-1].lower().rstrip(".") in FACILITY_HEADS and words[0][:1].isupper()


_TITLES = frozenset("mr mrs ms dr sir gen general president minister prime said says senator rep gov".split())
_LOCATIVE_WORDS = frozenset("in near at outside around from into across of to".split())


def _cap(tok: Any) -> bool:
    w = tok.text
    return bool(w) and w[0].isupper() and any(c.isalpha() for c in w) and not tok.is_punct

"""The actors stage: mentions linked to actors, one actor per real-world entity per document.

Order: dictionary aliases (case-aware), then patterns (nationality/group + force noun, countries
acting in a clause, bare collective nouns resolved to an earlier actor), then people (PERSON
mentions with titles, roles and affiliations), then unknown organisations. Credits and bylines
are skipped. Actors are numbered ``a1``, ``a2`` ... in order of first mention.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..model import Actor, Mention
from ..nlp import load_model
from ..pipeline import Stage, Work
from .candidates import Candidate, select
from .credits import is_credit
from .dictionary import DICTIONARY_FILES, ActorDictionary, Entry, load_dictionary, squeeze
from .lexicon import Hit, lexicon_for
from .patterns import (
    ANAPHORIC_ONLY,
    GENERIC_STATE,
    NONSTATE,
    _generic,
    country_actor_candidates,
    force_candidates,
    protest_candidates,
)
from .people import person_candidates


class ActorStage(Stage):
    """Fills ``doc.actors`` from the parse and the actor dictionary."""

    name = "actors.v3"  # bump on any change of behaviour (see pipeline.Stage.version)
    data_files = DICTIONARY_FILES
    requires = ("entities",)
    assigns = ("actors",)

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.dictionary = load_dictionary(settings.data_dir)

    def __call__(self, work: Work) -> None:
        sdoc = work.spacy
        if sdoc is None:
            sdoc = load_model(self.settings.spacy_model)(work.doc.text)
        work.doc.actors = link_actors(sdoc, work.doc.text, self.dictionary)


def _shouting(sdoc: Any, h: Hit) -> bool:
    """A short all-capitals match in all-capitals text ("THIS IS WAR"): not an acronym."""
    span = sdoc[h.start:h.end]
    if not span.text.isupper() or len(span.text) > 4:
        return False
    near = [t for t in sdoc[max(0, h.start - 3):h.end + 3] if t.is_alpha and not (h.start <= t.i < h.end)]
    return bool(near) and all(t.is_upper for t in near)


def link_actors(sdoc: Any, text: str, dic: ActorDictionary) -> list[Actor]:
    """The actors of one parsed text (``sdoc`` over ``text``)."""
    lex = lexicon_for(sdoc.vocab, dic)
    hits = lex.hits(sdoc)

    def credit(s: int, e: int) -> bool:
        return is_credit(text, s, e, dic.credit_cues)

    mentioned = Counter(h.value for h in hits if h.kind == "country")

    # 1. dictionary aliases (not a word inside a longer person's name: "Richard Wagner", "Amal Clooney")
    persons = [(e.start, e.end) for e in sdoc.ents if e.label_ == "PERSON" and len(e) > 1]
    dict_cands: list[Candidate] = []
    for h in hits:
        if h.kind != "dict":
            continue
        if h.end - h.start == 1 and any(s <= h.start and h.end <= e for s, e in persons):
            continue
        span = sdoc[h.start:h.end]
        if not any(ch.isupper() for ch in span.text) or _shouting(sdoc, h) or credit(span.start_char, span.end_char):
            continue
        entries = [dic.entries[i] for i in h.value]
        entries.sort(key=lambda e: -mentioned.get(e.country, 0))  # ambiguous alias: the article's country first
        dict_cands.append(Candidate(span.start_char, span.end_char, span.text, h.start, h.end, "dictionary",
                                    entry=entries[0], alternatives=tuple(entries[1:])))
    dict_cands = _with_evidence(select(dict_cands), mentioned)
    dict_ends = {c.tok_end - 1: c for c in dict_cands}

    # 2. patterns
    protests = protest_candidates(sdoc, hits, dic)
    forces = [c for c in force_candidates(sdoc, hits, dic, dict_ends) if not any(c.overlaps(p) for p in protests)]
    pattern_cands = [c for c in protests + forces if not credit(c.start, c.end)]
    taken = select(dict_cands + pattern_cands)
    taken = select([c for c in country_actor_candidates(sdoc, dic) if not credit(c.start, c.end)], taken)
    _descriptors(taken)
    _bare(taken, dic)

    # 3. people, 4. unknown organisations
    country_names = dic.country_names
    people = person_candidates(sdoc, taken, dic, country_names, credit, [h for h in hits if h.kind == "country"])
    taken = select(people, taken)
    taken = select(_org_candidates(sdoc, taken, dic, credit, country_names), taken)
    taken = [c for c in taken if not (c.source == "ner" and c.text.lower() in dic.not_actors)]
    _unify_names(taken)
    return _actors(taken)


def _with_evidence(cands: list[Candidate], countries: Counter) -> list[Candidate]:
    """Drop short acronyms ("MRC", "RSF") of a country's actor when nothing else ties the text to it.

    Evidence: the country is named, the actor is also named by a longer alias, or another actor of the
    same country is named ("GNA and LNA forces clashed").
    """
    long_named = {c.entry.id for c in cands if c.entry and not _short_acronym(c.text)}
    by_country: dict[str, set[str]] = {}
    for c in cands:
        if c.entry is not None and c.entry.country:
            by_country.setdefault(c.entry.country, set()).add(c.entry.id)
    countries = Counter(countries) + Counter({k: 1 for k, ids in by_country.items() if len(ids) > 1})
    keep = []
    for c in cands:
        e = c.entry
        if e is not None and e.country and _short_acronym(c.text) and e.id not in long_named \
                and not countries.get(e.country):
            alt = next((a for a in c.alternatives if not a.country or countries.get(a.country)), None)
            if alt is None:
                continue
            c.entry = alt
        keep.append(c)
    return keep


def _short_acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return len(letters) <= 3 and letters.isupper()


def _unify_names(cands: list[Candidate]) -> None:
    """One actor for one name that NER labels both a person and an organisation ("EastMed")."""
    first: dict[str, Candidate] = {}
    for c in cands:
        if c.entry is None or c.source != "ner":
            continue
        key = squeeze(c.text)
        f = first.setdefault(key, c)
        if f.person != c.person and (not c.person or c.entry.name == c.text):  # never splits a known person
            c.entry = f.entry
    for c in cands:  # an organisation mention that is a known person's name or surname
        if c.source == "ner" and not c.person and c.entry is not None and c.entry.id.startswith("org:"):
            person = next((p.entry for p in cands if p.person and p.entry is not None
                           and squeeze(p.entry.name).endswith(squeeze(c.text))), None)
            if person is not None:
                c.entry = person


def _descriptors(cands: list[Candidate]) -> None:
    """"Kurdish militias" → the SDF when the article names the SDF (an actor described as Kurdish)."""
    named = Counter(c.entry.id for c in cands if c.source == "dictionary" and c.entry)
    entries = {c.entry.id: c.entry for c in cands if c.source == "dictionary" and c.entry}
    for c in cands:
        if not c.descriptor:
            continue
        fits = [e for e in entries.values() if c.descriptor in {d.lower() for d in e.descriptors}]
        if fits:
            fits.sort(key=lambda e: -named[e.id])
            c.entry = fits[0]


#: Bare non-state nouns may also refer back to a dictionary actor of these ACLED types ("the militants" → IS).
_CAT_INTER = {"rebels": (2,), "militia": (3,), "protesters": (6,), "rioters": (5,)}


def _bare(cands: list[Candidate], dic: ActorDictionary) -> None:
    """Bare nouns ("the troops", "protesters"): the latest earlier actor of the same kind, else generic."""
    for i, c in enumerate(cands):
        if c.entry is not None or c.category is None:
            continue
        inter = _CAT_INTER.get(c.category, ())
        before = next((p for p in reversed(cands[:i]) if p.entry is not None and (
            (p.category == c.category and (p.entry.country or c.category in NONSTATE))
            or (p.category is None and p.entry.inter in inter))), None)
        if before is not None:
            c.entry = before.entry
        elif c.text.lower() not in ANAPHORIC_ONLY and (c.category in NONSTATE or c.category in GENERIC_STATE):
            c.entry = _generic(c.category, None, dic)
    cands[:] = [c for c in cands if c.entry is not None]


def _org_candidates(sdoc: Any, taken: list[Candidate], dic: ActorDictionary, credit: Any,
                    country_names: frozenset[str]) -> list[Candidate]:
    out = []
    for ent in sdoc.ents:
        if ent.label_ != "ORG":
            continue
        span = ent[1:] if ent[0].lower_ in ("the", "a", "an") and len(ent) > 1 else ent
        paren = next((t.i for t in span if t.text == "("), None)
        if paren is not None and paren > span.start:
            span = sdoc[span.start:paren]  # "National Emergency Operation Centre (NEOC"
        while len(span) > 1 and (span[-1].text in ("'s", "’s", "'", ",", ".", "(") or span[-1].pos_ == "ADP"):
            span = span[:-1]
        text = span.text
        if not any(ch.isupper() for ch in text) or text in country_names or _place_like(span):
            continue
        if not any(t.lower_ in ORG_WORDS for t in span) and any(t.text in country_names for t in span):
            continue  # "Crete and Cyprus", "EEZ of Cyprus": places, not organisations
        if any(span.start_char < c.end and c.start < span.end_char for c in taken):
            continue
        if credit(span.start_char, span.end_char):
            continue
        eid = dic.norm_index.get(squeeze(text))
        if eid is not None:
            out.append(Candidate(span.start_char, span.end_char, text, span.start, span.end, "dictionary",
                                 entry=dic.entries[eid]))
        else:
            key = f"org:{squeeze(text)}"
            out.append(Candidate(span.start_char, span.end_char, text, span.start, span.end, "ner",
                                 entry=Entry(id=key, name=text)))
    return out


#: Words that mark a name as an organisation even where a place would stand ("in the Tubos de Acero company").
ORG_WORDS = {
    "company", "corporation", "union", "party", "council", "ministry", "association", "group", "front", "army",
    "forces", "committee", "court", "agency", "movement", "organization", "organisation", "brigade", "brigades",
    "militia", "network", "alliance", "coalition", "federation", "league", "institute", "university", "bank",
    "police", "department", "office", "commission", "authority", "board", "service", "guard", "corps",
    "battalion", "regiment", "government", "assembly", "parliament", "hospital", "school",
}
_PLACE_PREPS = {"in", "at", "near", "from", "to", "into", "towards", "toward", "across", "outside", "inside",
                "around"}


def _place_like(span: Any) -> bool:
    """A name in a place slot ("in Monagas", "(Owerri LGA, Imo)") without an organisation word."""
    if any(t.lower_ in ORG_WORDS for t in span):
        return False
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS:
        return True
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    return (prev is not None and prev.text in ("(", ",") and nxt is not None and nxt.text in (")", ",")
            and any(t.text == "(" for t in doc[max(0, span.start - 6):span.start]))


def _actors(cands: list[Candidate]) -> list[Actor]:
    """Group mentions by actor, number actors by first mention, resolve affiliations."""
    groups: dict[str, list[Candidate]] = {}
    for c in sorted(cands, key=lambda c: c.start):
        assert c.entry is not None
        groups.setdefault(c.entry.id, []).append(c)
    ids = {key: f"a{i}" for i, key in enumerate(groups, start=1)}
    actors = []
    for key, members in groups.items():
        e = members[0].entry
        assert e is not None
        person = any(m.person for m in members)
        role = next((m.role for m in members if m.role), None)
        aff = next((m.affiliation for m in members if m.affiliation is not None), None)
        affiliation = ids.get(aff.entry.id) if aff is not None and aff.entry is not None else None
        source = "ner" if person or key.startswith("org:") else (
            "dictionary" if any(m.source == "dictionary" for m in members) else "pattern")
        if person:
            forms = [m.text for m in members] + [f for m in members for f in m.forms]
            aliases = [f for f in dict.fromkeys(forms) if f != e.name]
            country = aff.entry.country if aff is not None and aff.entry is not None else None
        else:
            aliases = list(e.aliases)
            country = e.country
        actors.append(Actor(
            id=ids[key], name=e.name, kind=e.kind, country=country, aliases=aliases, wikidata=e.wikidata,
            mentions=[Mention(text=m.text, start=m.start, end=m.end) for m in members],
            inter=e.inter, role=role, affiliation=affiliation, source=source,
            key=None if source == "ner" else key,
        ))
    return actors

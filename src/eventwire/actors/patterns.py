"""Pattern linking: nationality or group + force noun, countries acting as actors, bare collective nouns.

"US soldiers", "American troops", "Russia's army", "the armed forces of Ukraine" → the state's
forces; "Russian Defense Ministry", "US Defense Department" → its ministry; "Kurdish militias" →
an identity militia, or the dictionary actor described as "Kurdish" when the article names one;
"Turkish-backed rebels" likewise; "Hezbollah fighters" → Hezbollah; "Pakistani protesters" →
Protesters (Pakistan); "Russia accused ..." → the Government of Russia.
"""

from __future__ import annotations

from typing import Any

from ..violence import INSTRUMENTS
from .candidates import Candidate
from .dictionary import ActorDictionary, Entry
from .lexicon import Hit

#: Force-noun categories that belong to a state (the rows generated from state_actors.csv).
STATE = {"forces", "police", "government", "defence_ministry", "interior_ministry", "foreign_ministry"}

#: Non-state categories: ACLED-style generic names, kind and inter code.
NONSTATE = {
    "rebels": ("Rebels", "rebel group", 2),
    "militia": ("Militia", "political militia", 3),
    "gunmen": ("Unidentified Armed Group", "political militia", 3),
    "gang": ("Unidentified Gang", "political militia", 3),
    "protesters": ("Protesters", "protesters", 6),
    "rioters": ("Rioters", "rioters", 5),
    "civilians": ("Civilians", "civilians", 7),
}

#: Generic state actors for bare nouns without an earlier same-kind actor.
GENERIC_STATE = {"forces": ("Military Forces", "state forces", 1), "police": ("Police Forces", "state forces", 1)}

#: Bare nouns that stand for an actor without a nationality ("the troops", "protesters").
BARE = {
    "troops", "soldiers", "army", "military", "police", "policemen", "police officers", "riot police",
    "security forces", "government forces", "government troops", "government soldiers", "regime forces",
    "gendarmes", "rebels", "insurgents", "militants", "jihadists", "separatists", "gunmen", "assailants",
    "attackers", "bandits", "militia", "militias", "militiamen", "protesters", "protestors", "demonstrators",
    "rioters", "civilians", "villagers", "government", "authorities", "pro-government forces",
    "pro-government militia", "mob", "mobs", "armed men", "armed man", "gunman", "armed individuals",
    "perpetrators", "hitmen", "gang", "gangs", "gang members", "criminal group", "criminal gang", "criminals",
    "police forces", "gendarmerie", "law enforcement", "armed forces", "military forces", "soldier", "policeman",
    "border guards", "special forces", "commandos", "paratroopers", "guerrillas", "guerillas", "paramilitaries",
    "raiders",
}
#: Bare state nouns that only link to an earlier actor, never to a generic one.
ANAPHORIC_ONLY = {"government", "authorities"}

BACKED = {"backed", "led", "supported", "allied", "aligned", "sponsored", "funded", "trained", "affiliated", "linked"}
RELIGIOUS = {"christian", "muslim", "hindu", "sikh", "buddhist", "shia", "shiite", "sunni", "druze", "alawite"}
POSS_PRONOUNS = {"its", "their", "his", "her", "our", "my", "your", "whose"}

#: Dependency labels under which a country name acts (subject, object, possessor, agent).
ACTING_DEPS = {"nsubj", "nsubjpass", "dobj", "iobj", "poss", "agent", "dative"}
ACTING_PREPS = {"by", "against", "with", "between", "and"}
#: Prepositions whose country object acts under a verb or a noun that is no person's role ("sent arms to
#: Pakistan", "aid for Romania"; not "envoy to Syria").
VERB_PREPS = {"to", "for"}


def _country_entry(dic: ActorDictionary, iso3: str, cat: str) -> Entry | None:
    return dic.state_entry(iso3, cat)


def _generic(cat: str, country: str | None, dic: ActorDictionary) -> Entry:
    name, kind, inter = NONSTATE.get(cat) or GENERIC_STATE[cat]
    if country:
        cname = dic.countries[country].name
        return Entry(id=f"{cat}:{country}", name=f"{name} ({cname})", kind=kind, country=country, inter=inter)
    return Entry(id=f"{cat}:", name=name, kind=kind, inter=inter)


def _identity_entry(group: str, cat: str, noun: str) -> Entry:
    if cat in ("protesters", "rioters", "civilians"):
        name, kind, inter = NONSTATE[cat]
        return Entry(id=f"{cat}:", name=name, kind=kind, inter=inter)
    if cat in STATE:  # "Kurdish security forces": someone's forces, not known to be a militia
        return Entry(id=f"identity:{group.lower()}:{noun.lower()}", name=f"{group} {noun}")
    label = "Militia" if group.lower() in RELIGIOUS else "Ethnic Militia"
    return Entry(id=f"identity:{group.lower()}", name=f"{group} {label}", kind="identity militia", inter=4)


def force_candidates(
    sdoc: Any, hits: list[Hit], dic: ActorDictionary, dict_ends: dict[int, Candidate]
) -> list[Candidate]:
    """Force-noun phrases with what they belong to (or bare, to be resolved later)."""
    refs: dict[int, Hit] = {}  # last token index -> longest country/identity reference ending there
    for h in hits:
        if h.kind in ("country", "identity"):
            old = refs.get(h.end - 1)
            if old is None or (h.end - h.start, h.kind == "country") > (old.end - old.start, old.kind == "country"):
                refs[h.end - 1] = h
    out: list[Candidate] = []
    forces = [h for h in hits if h.kind == "force"]
    longest: dict[int, int] = {}  # end -> the longest force phrase ending there, as its length
    for g in forces:
        longest[g.end] = max(longest.get(g.end, 0), g.end - g.start)
    widest = max(longest.values(), default=0)
    for f in forces:
        # "special forces" over "forces": a longer phrase around it (phrases are a few tokens: look only there)
        ends = range(f.end, f.start + widest + 1)
        if any(longest.get(e, 0) > f.end - f.start and e - longest[e] <= f.start for e in ends):
            continue
        cand = _force_one(sdoc, f, refs, dic, dict_ends)
        if cand is not None:
            out.append(cand)
            out += _conjoined(sdoc, cand, refs)
            out += _conjoined_countries(sdoc, cand, refs, dic)
    return out


def _coordinated(sdoc: Any, cand: Candidate, refs: dict[int, Hit], kind: str) -> list[Hit]:
    """The references of ``kind`` coordinated before a candidate ("Garre and Degodia [militia]", "French,
    German and Dutch [troops]"), nearest first."""
    out = []
    j = cand.tok_start - 1
    while j >= 1 and sdoc[j].lower_ in ("and", ",", "or") and (j - 1) in refs and refs[j - 1].kind == kind:
        out.append(refs[j - 1])
        j = refs[j - 1].start - 1
    return out


def _conjoined_countries(sdoc: Any, cand: Candidate, refs: dict[int, Hit], dic: ActorDictionary) -> list[Candidate]:
    """"US and British warplanes", "French, German and Dutch troops": each country has forces of its own."""
    cat = cand.category
    if cat not in STATE or cand.tok_start < 2:
        return []
    if not any(h.start == cand.tok_start and h.kind == "country" for h in refs.values()):
        return []
    out = []
    for h in _coordinated(sdoc, cand, refs, "country"):
        entry = _country_entry(dic, h.value, cat)
        if entry is not None:
            out.append(_make(sdoc, h.start, h.end, "pattern", entry=entry, category=cat))
    return out


def _conjoined(sdoc: Any, cand: Candidate, refs: dict[int, Hit]) -> list[Candidate]:
    """"Garre and Degodia militia": the first group is a militia too."""
    if cand.entry is None or not cand.entry.id.startswith("identity:") or cand.tok_start < 2:
        return []
    cat = cand.category or "militia"
    out = []
    for h in _coordinated(sdoc, cand, refs, "identity"):
        group = sdoc[h.start:h.end].text
        out.append(_make(sdoc, h.start, h.end, "pattern", entry=_identity_entry(group, cat, ""), category=cat,
                         descriptor=group.lower()))
    return out


def _make(sdoc: Any, s: int, e: int, source: str, **kw: Any) -> Candidate:
    span = sdoc[s:e]
    return Candidate(span.start_char, span.end_char, span.text, s, e, source, **kw)


def _force_one(sdoc: Any, f: Hit, refs: dict[int, Hit], dic: ActorDictionary,
               dict_ends: dict[int, Candidate]) -> Candidate | None:
    cat: str = f.value
    sent_start = sdoc[f.start].sent.start
    j, skips = f.start - 1, 0
    ref: Hit | None = None
    group: Candidate | None = None
    backed: str | None = None
    start = f.start
    while j >= sent_start:
        tok = sdoc[j]
        if j in dict_ends:  # "Hezbollah fighters", "SDF forces"
            group, start = dict_ends[j], dict_ends[j].tok_start
            break
        if j in refs:
            ref, start = refs[j], refs[j].start
            if start >= sent_start + 2 and sdoc[start - 1].text == "-" and sdoc[start - 2].lower_ == "pro":
                backed, start = f"pro-{sdoc[ref.start:ref.end].text.lower()}", start - 2
            break
        if tok.lower_ in BACKED and j - 2 >= sent_start and sdoc[j - 1].text == "-" and (j - 2) in refs:
            ref = refs[j - 2]
            backed, start = f"{sdoc[ref.start:ref.end].text.lower()}-{tok.lower_}", ref.start
            break
        if tok.text in ("'s", "'", "’s") and (j - 1) in refs:
            ref, start = refs[j - 1], refs[j - 1].start
            break
        if skips < 2 and (tok.tag_ in ("JJ", "VBN") or (tok.pos_ == "NOUN" and tok.dep_ in ("compound", "amod"))):
            skips += 1
            j -= 1
            continue
        break
    if ref is None and group is None and cat in STATE:  # "the armed forces of Ukraine"
        k = f.end
        if k < len(sdoc) and sdoc[k].lower_ == "of":
            k += 1 + (k + 1 < len(sdoc) and sdoc[k + 1].lower_ == "the")
            for h in (refs.get(x) for x in range(k, min(k + 4, len(sdoc)))):
                if h is not None and h.start == k and h.kind == "country":
                    entry = _country_entry(dic, h.value, cat)
                    if entry is not None:
                        return _make(sdoc, f.start, h.end, "pattern", entry=entry, category=cat)
    if ref is None and group is None and cat in NONSTATE:  # "bandits from Pokot", "raiders from Tanzania"
        k = f.end
        if k + 1 < len(sdoc) and sdoc[k].lower_ == "from" and (k + 1) in {h.start for h in refs.values()}:
            h = next(h for h in refs.values() if h.start == k + 1)
            if h.kind == "identity":
                entry = _identity_entry(sdoc[h.start:h.end].text, cat, "")
            else:
                entry = _generic(cat, h.value, dic)
            return _make(sdoc, f.start, h.end, "pattern", entry=entry, category=cat)
    noun_text = sdoc[f.start:f.end].text
    if group is not None:
        return _make(sdoc, start, f.end, group.source, entry=group.entry, category=cat,
                     alternatives=group.alternatives)
    if ref is not None:
        ref_text = sdoc[ref.start:ref.end].text
        if backed is not None:
            kind, inter = ("rebel group", 2) if cat == "rebels" else ("political militia", 3)
            generic = Entry(id=f"backed:{backed}:{cat}", name=f"{sdoc[start:f.start].text.strip()} {noun_text}",
                            kind=kind, inter=inter)
            return _make(sdoc, start, f.end, "pattern", entry=generic, category=cat, descriptor=backed)
        if ref.kind == "country":
            if cat in STATE:
                entry = _country_entry(dic, ref.value, cat)
                return None if entry is None else _make(sdoc, start, f.end, "pattern", entry=entry, category=cat)
            return _make(sdoc, start, f.end, "pattern", entry=_generic(cat, ref.value, dic), category=cat,
                         descriptor=ref_text.lower())
        if cat in ("government", "defence_ministry", "interior_ministry", "foreign_ministry"):
            return None  # "Kurdish government" without a dictionary entry: not guessed
        return _make(sdoc, start, f.end, "pattern", entry=_identity_entry(ref_text, cat, noun_text), category=cat,
                     descriptor=ref_text.lower())
    # bare noun: only collective nouns heading their phrase, not "its forces" or "police station"
    low = noun_text.lower()
    last = sdoc[f.end - 1]
    # a phrase of the editable force-noun table ("regime troops") is a collective noun as much as BARE's words
    owns_violence = last.dep_ == "compound" and last.head.i > last.i and (
        last.head.lemma_.lower() in INSTRUMENTS or last.head.lower_ in INSTRUMENTS)
    if (low not in BARE and not (" " in low and low in dic.force_nouns)) \
            or (last.dep_ in ("compound", "amod", "nmod") and not owns_violence) or last.pos_ == "ADJ":
        return None  # "police station" is no side; "police bullets", "a police shooting" name one
    if f.start > 0 and sdoc[f.start - 1].lower_ in POSS_PRONOUNS:
        return None
    return _make(sdoc, f.start, f.end, "pattern", entry=None, category=cat)


def country_actor_candidates(sdoc: Any, dic: ActorDictionary) -> list[Candidate]:
    """Country names acting in a clause ("Russia accused ...", "the United States withdrew")."""
    names = dic.state_by_name
    out = []
    for ent in sdoc.ents:
        if ent.label_ != "GPE":
            continue
        span = ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent
        iso3 = names.get(span.text)
        if iso3 is None or not _acting(ent.root, dic.people_words):
            continue
        entry = dic.state_entry(iso3, "government")
        if entry is not None:
            out.append(Candidate(span.start_char, span.end_char, span.text, span.start, span.end, "pattern",
                                 entry=entry, category="government"))
    return out


def _acting(tok: Any, people: frozenset[str] = frozenset()) -> bool:
    seen = 0
    while tok.dep_ == "conj" and seen < 5:
        tok, seen = tok.head, seen + 1
    if tok.dep_ in ACTING_DEPS:
        return True
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ in ACTING_PREPS:
        return True
    # "sent arms to Pakistan", "aid for Romania", "a visit to France"; not "the envoy to Syria"
    gov = prep.head
    return prep.lower_ in VERB_PREPS and (gov.pos_ == "VERB" or (
        gov.pos_ == "NOUN" and gov.lemma_.lower() not in people and gov.lower_ not in people))


PROTEST_VERBS = {"protest", "demonstrate", "rally", "march", "picket", "riot", "strike"}
PROTEST_NOUNS = {"protest", "demonstration", "rally", "march", "sit", "strike", "vigil", "picket", "riot"}
GROUP_WORDS = {"group", "number", "crowd", "hundred", "thousand", "dozen", "score", "handful"}
SUPPORT_VERBS = {  # word forms: the small model's lemmas are unreliable here ("staged" → "stag")
    f for v, forms in {
        "stage": "staged stages staging", "hold": "held holds holding", "organize": "organized organizes organizing",
        "organise": "organised organises organising", "launch": "launched launches launching",
        "join": "joined joins joining", "start": "started starts starting",
    }.items() for f in (v, *forms.split())
}


def protest_candidates(sdoc: Any, hits: list[Hit], dic: ActorDictionary) -> list[Candidate]:
    """Common-noun subjects of protest verbs ("farmers protested", "workers staged a protest") → Protesters."""
    countries = {h.end - 1: h.value for h in hits if h.kind == "country"}
    country_at = {h.start: h for h in hits if h.kind == "country" and h.end - h.start == 1}
    out = []
    for v in sdoc:
        if v.pos_ != "VERB":
            continue
        lemma = v.lemma_.lower()
        if lemma == "strike" and any(c.dep_ == "dobj" for c in v.children):
            continue  # "jets struck targets" is an attack; only intransitive "workers struck" is a strike
        protest = lemma in PROTEST_VERBS or (v.lower_ in SUPPORT_VERBS and any(
            c.dep_ in ("dobj", "attr") and c.lemma_.lower() in PROTEST_NOUNS for c in v.children))
        if not protest:
            continue
        subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
        if subj is None and v.dep_ in ("acl", "relcl"):  # "a group of drivers protested" misread as a clause
            subj = v.head
        if subj is not None and subj.pos_ == "NOUN" and subj.lemma_.lower() in GROUP_WORDS:  # "a group of workers"
            pobj = next((g for p in subj.children if p.dep_ == "prep" and p.lower_ == "of"
                         for g in p.children if g.dep_ == "pobj"), None)
            if pobj is not None and (pobj.pos_ == "NOUN" or pobj.i in country_at):
                subj = pobj
        cat = "rioters" if lemma == "riot" else "protesters"
        if subj is not None and subj.i in country_at:  # "Palestinians protested"
            h = country_at[subj.i]
            out.append(_make(sdoc, h.start, h.end, "pattern", entry=_generic(cat, h.value, dic), category=cat))
            continue
        if subj is None or subj.pos_ != "NOUN":
            continue
        start = subj.i
        while start > 0 and sdoc[start - 1].dep_ in ("compound", "amod") and sdoc[start - 1].head.i >= subj.i \
                and sdoc[start - 1].pos_ in ("NOUN", "ADJ", "PROPN") and (start - 1) not in countries:
            start -= 1
        iso3 = countries.get(start - 1)
        if iso3 is not None:
            start = next(h.start for h in hits if h.kind == "country" and h.end == start)
        out.append(_make(sdoc, start, subj.i + 1, "pattern", entry=_generic(cat, iso3, dic), category=cat))
    return out

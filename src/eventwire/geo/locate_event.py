"""The place where an event happens, from the dependency parse.

Order of preference: places attached to the trigger itself (its prepositional/locative dependents,
"attacked *in Aleppo*", "the *Aleppo* attack"), then places in the trigger's clause, then in its
sentence (nearest in the tree first), then the article's focus: a place the sentence states wins over
the article's context town, even one outside the regions the text states (it comes last among the
sentence's places). Never chosen: the place where a
speaker stands ("said on the sidelines of the Manama Dialogue in Bahrain", "told reporters in
Washington"), an agency seat used for the agency ("the Pentagon", "the Kremlin"), a demonym, or a
country that only qualifies an actor ("*US* troops"). A region phrase covering a toponym
("eastern Syria") stands for it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..model import Document, Place
from .coherence import STATED, acronym, article_countries, containers, gazetteer_placed, place_coheres, rank

#: Lemmas of verbs and nouns of speaking: a place attached to them is where someone speaks.
SPEECH = frozenset(
    "say tell announce speak state report add note claim comment remark brief testify declare explain write "
    "warn insist confirm deny accuse argue assert reply respond acknowledge tweet post interview statement "
    "conference briefing speech remarks summit forum dialogue meeting hearing visit interview".split()
)
#: Names used for the agency that sits there, not for a place.
AGENCY_SEATS = frozenset(
    "pentagon kremlin white house downing street capitol hill capitol elysee quai d'orsay foggy bottom "
    "zhongnanhai blue house whitehall langley".split(" ")
) | {"white house", "downing street", "capitol hill", "foggy bottom", "blue house"}
#: Nouns a place name qualifies without becoming an actor ("the Teba neighbourhood").
PLACE_NOUNS = frozenset(
    "neighbourhood neighborhood district area village town city province governorate region countryside outskirts "
    "suburb suburbs camp base airport airbase port border frontier road highway street square market front "
    "valley desert mountains countryside quarter municipality county state territory enclave pocket axis "
    "cafe market bazaar mosque church school hospital restaurant hotel headquarters office home house residence "
    "checkpoint station building compound prison shop village neighborhood".split()
)
_PATH_DEPS = frozenset({"pobj", "prep", "appos", "compound", "conj", "poss", "npadvmod", "nmod", "amod", "dobj",
                        "advmod", "cc"})
_LOCATIVE_PREPS = frozenset("in at near on outside inside around across along throughout into from within "
                            "between toward towards over under off".split())
#: The prepositions of :data:`_LOCATIVE_PREPS` that say where something is done, not where it goes or comes from
#: or whom it concerns ("on Turkey"): the only ones that place a statement.
_STATED_PREPS = frozenset("in at near outside inside across throughout within".split())
_ACTOR_DEPS = frozenset({"compound", "amod", "poss", "nmod"})


_MEMO: dict[str, tuple[Any, tuple[int, int, int], Any]] = {}


def _per_doc(doc: Document, sdoc: Any, name: str, make: Any) -> Any:
    """``make()``, kept for the parse and place list last asked about: the document-wide tables below
    are the same for every event of an article, and rebuilding them per event made the events stage
    quadratic in the article's length. (One tuple per name, swapped whole, as :func:`eventwire.nlp.per_doc`.)"""
    sig = (id(doc), id(doc.places), len(doc.places))
    last = _MEMO.get(name)
    if last is None or last[0] is not sdoc or last[1] != sig:
        last = (sdoc, sig, make())
        _MEMO[name] = last
    return last[2]


def _token_places(doc: Document, sdoc: Any) -> dict[int, Place]:
    """Token index -> the place that stands for it (a region phrase over its toponym)."""
    out: dict[int, Place] = {}
    order = sorted(doc.places, key=lambda p: (p.kind == "region", p.end - p.start))
    for p in order:
        if p.kind == "demonym":
            continue
        span = sdoc.char_span(p.start, p.end, alignment_mode="expand")
        if span is None:
            continue
        if p.text.lower().removeprefix("the ").strip() in AGENCY_SEATS and not (
            span.root.dep_ == "pobj" and span.root.head.lower_ in _LOCATIVE_PREPS | {"to"}
        ):
            continue  # "the Pentagon said": the agency; "marched to the White House": a place
        for t in span:
            out[t.i] = p  # later (regions, longer) wins
    return out


def _trigger_token(sdoc: Any, start: int, end: int) -> Any:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _path_len(a: Any, b: Any) -> int:
    anc_a = {t.i: d for d, t in enumerate([a, *a.ancestors])}
    for d, t in enumerate([b, *b.ancestors]):
        if t.i in anc_a:
            return anc_a[t.i] + d
    return 99


def _speaker_place(tok: Any, trigger: Any) -> bool:
    """Whether the place token hangs from a speech verb/noun other than the trigger (or its own clause)."""
    trig_anc = {t.i for t in [trigger, *trigger.ancestors]}
    for t in tok.ancestors:
        if t.i == trigger.i:
            return False
        if t.lemma_.lower() in SPEECH and not any(a.i == trigger.i for a in t.ancestors):
            # A speech word (not itself part of the event: "killed during a meeting in X") governs the place.
            return True
        if t.i in trig_anc:
            return False
    return False


def _actor_modifier(tok: Any, trigger: Any, countries: frozenset[int] = frozenset()) -> bool:
    """A country naming whose an actor is ("US troops", "Russia's army"), not where something happens."""
    if tok.dep_ == "npadvmod" and tok.head.tag_ == "VBN":
        return True  # "US-led", "Iran-backed", "Turkish-based"
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN") \
            and tok.head.head.i != trigger.i and tok.head.head.lemma_.lower() not in PLACE_NOUNS \
            and tok.i in countries:
        return True  # "military forces of Armenia", "the government of Yemen"
    head = tok
    while head.dep_ == "compound" and head.head is not head:
        head = head.head
    if tok.dep_ in _ACTOR_DEPS or head is not tok:
        noun = tok.head if tok.dep_ in _ACTOR_DEPS else head.head
        if noun.lemma_.lower() in PLACE_NOUNS:
            return False  # "the Teba neighbourhood", "Aleppo's countryside": still a place
        if noun.i == trigger.i and tok.i in countries:
            return True  # "a United States airstrike in Iraq", "Russia's invasion": the country acts
        return noun.pos_ in ("NOUN", "PROPN") and noun.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "agent", "appos",
                                                                "conj", "poss", "attr") and noun.i != trigger.i \
            and not _is_locative_pobj(noun)
    return False


#: Nouns for the people of a place: "Kangemi residents", "Eldoret farmers" say where they are.
LOCAL_PEOPLE = frozenset(
    "resident residents villager villagers farmer farmers trader traders student students youth youths local locals "
    "people worker workers woman women man men herder herders pastoralist pastoralists fisherman fishermen "
    "motorist motorists driver drivers vendor vendors hawker hawkers teacher teachers nurse nurses doctor doctors "
    "family families community communities inhabitant inhabitants dweller dwellers tenant tenants "
    "shopkeeper shopkeepers parent parents elder elders mob crowd".split()
)


def _local_people(tok: Any, p: Place) -> bool:
    """A town or local name qualifying the people who live there ("Kangemi residents"): a weak event place."""
    if rank(p) > 2 or p.kind == "demonym":
        return False
    t = tok
    while t.dep_ == "compound" and t.head is not t:
        t = t.head
    return t is not tok and (t.lemma_.lower() in LOCAL_PEOPLE or t.lower_ in LOCAL_PEOPLE)


def _junk(p: Place) -> bool:
    """Names too short to be a place on their own ("al" of "al Shabaab")."""
    return len(p.text.strip()) <= 2 and not p.text.isupper()


def _is_locative_pobj(tok: Any, preps: frozenset[str] = _LOCATIVE_PREPS) -> bool:
    """A place named after a locative preposition ("in Kisumu", "at a rally in X")."""
    return tok.dep_ == "pobj" and tok.head.lower_ in preps


def _said_there(prep: Any, trigger: Any) -> bool:
    """Whether a locative phrase says where the act of words itself took place: it hangs from the trigger or
    from a verb, not from a noun the act is about ("condemned the attack in Kabul" is no statement made in
    Kabul; "said in Kabul", "demands made at a rally in Kabul" are)."""
    head = prep.head
    return head.i == trigger.i or head.pos_ in ("VERB", "AUX") or head.lower_ in _GATHERINGS


#: Nouns of a gathering at which words are said ("a news conference in Kabul").
_GATHERINGS = frozenset("rally conference meeting summit speech address talks visit ceremony press briefing "
                        "session gathering interview event march".split())


def _attached(tok: Any, trigger: Any) -> bool:
    """Whether the place hangs from the trigger through prepositions and noun modifiers only
    ("attacked a market *in the town of Biu*", "the *Aleppo* offensive")."""
    t = tok
    for _ in range(8):
        if t.head.i == trigger.i:
            return True
        if t.dep_ not in _PATH_DEPS or t.head is t or t.head.pos_ == "VERB":
            return False
        t = t.head
    return False


def _specificity(p: Place) -> float:
    """Lower is more specific: a local name the gazetteer lacks ("Yaqshid district", placed by context or
    not at all) beats its town, a town beats a region."""
    if p.lat is None:
        return 3.5 if acronym(p.text) else 0.5  # an acronym ("MILF") is no local name
    if p.resolution and p.resolution.startswith("context") and (p.precision != 3 or p.resolution.endswith(STATED)):
        return 0.5
    return float(p.precision or 3)


def _clause_root(tok: Any) -> Any:
    t = tok
    while t.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "xcomp", "conj") and t.head is not t:
        t = t.head
    return t


def _base_toponym(doc: Document, p: Place) -> Place:
    """The toponym a region phrase is built on ("near *Pivdenne*"), else the place itself."""
    if p.kind != "region":
        return p
    inside = [q for q in doc.places if q.kind != "region" and p.start <= q.start and q.end <= p.end]
    return inside[-1] if inside else p


def _stray(doc: Document, found: dict[str, Place]) -> set[str]:
    """Towns resolved in a country, or a first-level region, that none of the places the text states
    as containers ("X, Jalisco", "Y district (Helmand)") lies in: the last of a sentence's places for an
    event when the article says where it is (see :mod:`eventwire.geo.coherence`, which re-resolves them first).
    ``found``: the stated containers (:func:`~eventwire.geo.coherence.containers`)."""
    stated = [c for c in found.values() if c.country_code]
    if not stated:
        return set()
    named = article_countries(doc.places, stated)
    out = set()
    for p in doc.places:
        if p.kind in ("demonym", "region") or not gazetteer_placed(p) or rank(p) > 3 or p.id in found:
            continue
        if rank(p) == 3 and any(q.country_code == p.country_code for q in doc.places
                                if q is not p and q.kind != "region"):
            continue  # a region of a country the article places something else in
        same_cc = [s for s in stated if s.country_code == p.country_code]
        regions = [s for s in same_cc if rank(s) == 3] if rank(p) <= 2 else []
        if p.country_code not in named or (regions and not any(place_coheres(p, s) for s in regions)):
            out.add(p.id)
            out.update(r.id for r in doc.places if r.kind == "region" and r.start <= p.start and r.end == p.end)
    return out


def event_place(doc: Document, sdoc: Any, start: int, end: int, *, fallback: bool = True,
                stated: bool = False) -> str | None:
    """The id of the place where the event at [start, end) happens, or None when nothing fits.

    With ``fallback`` (the default) an event with no place in its sentence takes the article's focus.
    With ``stated`` only a place attached to the trigger or in its own clause is taken (no other clause of
    the sentence, no focus): where a statement, a demand or an accusation was made, the text says or it
    is not known.
    """
    trigger = _trigger_token(sdoc, start, end)
    if trigger is None:
        return None
    tplaces = _per_doc(doc, sdoc, "token_places", lambda: _token_places(doc, sdoc))
    stray = _per_doc(doc, sdoc, "stray", lambda: _stray(doc, containers(doc.places, doc.text)))
    countries = _per_doc(doc, sdoc, "countries", lambda: frozenset(i for i, q in tplaces.items() if rank(q) == 4))
    sent = trigger.sent
    candidates: list[tuple[tuple, Place]] = []
    seen: set[str] = set()
    clause = _clause_root(trigger)
    for tok in sent:
        p = tplaces.get(tok.i)
        if p is None or p.id in seen:
            continue
        # Score from the place's syntactic head inside its span.
        span = sdoc.char_span(p.start, p.end, alignment_mode="expand")
        head = span.root if span is not None else tok
        if _speaker_place(head, trigger):
            continue
        if _junk(p):
            continue
        if stated and not (_is_locative_pobj(head, _STATED_PREPS) and _said_there(head.head, trigger)):
            continue  # a statement's place is where it was made ("in Kisumu"), not whom it names ("on Turkey")
        modifier = _actor_modifier(head, trigger, countries) or head.dep_ in ("nsubj", "nsubjpass", "csubj")
        seen.add(p.id)
        direct = _attached(head, trigger)
        in_clause = _clause_root(head).i == clause.i or any(a.i == trigger.i for a in head.ancestors)
        level = 0 if direct else (1 if in_clause else 2)
        if modifier:
            level = 2 if _local_people(head, p) else 3
        if p.id in stray and level < 3:
            # Outside every region the text states: after the sentence's other places, but still
            # before the article's focus (the sentence states where it happened).
            level = 2.5  # type: ignore[assignment]
        dist = _path_len(head, trigger)
        candidates.append(((level, _specificity(p), dist, abs(tok.i - trigger.i)), p))
    # A place the text puts inside another candidate ("in X district, Kandahar") is read at the
    # better level of the two: a broken parse may hang either name from the trigger.
    # The container never beats what it contains.
    found = _per_doc(doc, sdoc, "found", lambda: _found(doc))
    bases = _per_doc(doc, sdoc, "bases", dict)
    for _, p in candidates:
        if p.id not in bases:
            bases[p.id] = _base_toponym(doc, p)
    keys = {bases[p.id].id: key for key, p in candidates}  # a region phrase stands for its toponym
    for n, (key, p) in enumerate(candidates):
        base = bases[p.id]
        c = found.get(base.id)
        if c is None or c.id not in keys or keys[c.id] >= key or keys[c.id][0] >= 3:
            continue
        if key[0] < 3 or (base.kind == "toponym" and rank(base) <= 2):
            ck = keys[c.id]
            candidates[n] = ((ck[0], ck[1] - 0.01, *ck[2:]), p)
    if candidates:
        candidates.sort(key=lambda x: x[0])
        best_key, best = candidates[0]
        if best_key[0] < (2 if stated else 3):
            return best.id
    if stated:
        return None
    return _per_doc(doc, sdoc, "focus", lambda: _focus(doc, sdoc)) if fallback else None


def _found(doc: Document) -> dict[str, Place]:
    """Place id -> the place the text states it in (:func:`containers`), and a name placed at the town
    before it ("Biu, northeast Nigeria" with the second placed at the first) -> that second name."""
    found = dict(containers(doc.places, doc.text))
    names = sorted((p for p in doc.places if p.kind not in ("demonym", "region")), key=lambda p: p.start)
    for q, p in zip(names, names[1:], strict=False):
        if gazetteer_placed(q) and not gazetteer_placed(p) and p.lat is not None and q.id not in found \
                and (p.lat, p.lon) == (q.lat, q.lon) and doc.text[q.end : p.start].strip() in (",", "("):
            found[q.id] = p
    return found


def _focus(doc: Document, sdoc: Any) -> str | None:
    """The article's focus: the most mentioned place that is not only an actor's qualifier ("US troops",
    "Russia said") nor an agency seat; region phrases count double ("eastern Syria" beats "Syria")."""
    counts: Counter[str] = Counter()
    first: dict[str, Place] = {}
    for p in doc.places:
        if p.lat is None or p.kind == "demonym":
            continue
        if p.text.lower().removeprefix("the ").strip() in AGENCY_SEATS:
            continue
        span = sdoc.char_span(p.start, p.end, alignment_mode="expand")
        if span is not None and p.kind != "region":
            head = span.root
            if (head.dep_ in ("nsubj", "nsubjpass", "csubj") or _actor_modifier(head, head)) \
                    and not _local_people(head, p):
                continue
        if _junk(p):
            continue
        key = p.name or p.text
        counts[key] += 1 if p.kind != "region" else 2
        first.setdefault(key, p)
    if not counts:
        return None
    key, _ = counts.most_common(1)[0]
    top = first[key]
    if top.feature_code in ("PCLI", "ADM1") and top.country_code:
        # a country or state: the town the article names most in it says more ("a rally in Washington ...
        # clashes broke out" is in Washington, not somewhere in the United States)
        town = next((k for k, _ in counts.most_common() if (first[k].feature_code or "").startswith("PPL")
                     and first[k].country_code == top.country_code and first[k].kind != "region"), None)
        if town is not None:
            return first[town].id
    return top.id

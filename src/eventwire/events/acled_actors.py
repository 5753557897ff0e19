"""ACLED's actor conventions applied to the events' actors.

ACLED names the side of a demonstration by its kind and country whatever group it belongs to:
"Protesters (Kenya)" for a protest, "Rioters (Kenya)" for a riot, the organisation behind them
only an associated actor; forces without a nationality in the text are those of the country the
event takes place in ("the police" in Kisumu are the Police Forces of Kenya); unknown perpetrators
are an "Unidentified Armed Group (Country)". Here:

- :func:`crowd_actor`: a demonstration whose actors include no crowd gets one, its mention the
  people who demonstrate ("migrant workers", "members of the CPI(M)", "residents"), else the
  demonstration noun itself ("Riots in Nakuru").
- :func:`perpetrators`: an event without anyone acting gets the side known elsewhere (a claim of
  responsibility, a suspected group, for a battle an armed group of its sentence), else ACLED's
  generic side: an unidentified armed group for violence, the police for arrests, a crowd for riots
  and protests. Such actors may have no mention: no words of the text name them.
- :func:`localize`: generic actors without a country ("Police Forces", "Protesters") take the
  article's main country (where most of its places lie, else most of its actors): a state's force
  becomes that state's actor from the dictionary ("Police Forces of Kenya"), a non-state one is
  qualified ("Protesters (Kenya)"); a crowd in a riot is also known as rioters, one in a protest as
  protesters; ACLED's regional names (data/acled_types.yaml ``regional_names``) are aliases.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..model import Actor, Document, Event, Mention

CROWD_INTERS = (5, 6)
#: Generic actor keys ("police:") by category; the names are those of actors/patterns.py.
STATE_CATS = ("forces", "police")
NONSTATE_NAMES = {
    "rebels": "Rebels", "militia": "Militia", "gunmen": "Unidentified Armed Group", "gang": "Unidentified Gang",
    "protesters": "Protesters", "rioters": "Rioters", "civilians": "Civilians",
}
CROWD_NAMES = {"Riots": ("rioters", "Rioters", "rioters", 5), "Protests": ("protesters", "Protesters", "protesters", 6)}
#: Words that head no crowd of people (a subject like "the government" or "it" is no demonstrator).
NOT_PEOPLE = {"it", "government", "authorities", "ministry", "country", "state", "this", "that", "which"}
RELATIVE = {"who", "that", "which"}


def _country3(code: str | None) -> str | None:
    from ..export.places import country

    c = country(code)
    return c.iso3 if c else None


def _place_country(doc: Document, place_id: str | None) -> str | None:
    place = next((p for p in doc.places if p.id == place_id), None) if place_id else None
    return _country3(place.country_code) if place is not None else None


def main_country(doc: Document) -> str | None:
    """The country most of the article's resolved places lie in (the first on a tie; places that are words
    of a known actor's name left out: "Al" of "Al Shabaab"); without places, the country of most of its
    actors that have one."""
    named = [(m.start, m.end) for a in doc.actors if a.key and not a.key.endswith(":") for m in a.mentions]
    places = [p for p in doc.places if p.lat is not None and (
        (p.feature_code or "").startswith("PCL") or not any(s < p.end and p.start < e for s, e in named))]
    codes = [c for c in (_country3(p.country_code) for p in places) if c]
    codes = codes or [a.country for a in doc.actors if a.country]
    if not codes:
        return None
    counts = Counter(codes)
    return max(codes, key=lambda c: counts[c])


def _next_id(doc: Document) -> str:
    nums = [int(a.id[1:]) for a in doc.actors if a.id[1:].isdigit()]
    return f"a{max(nums, default=0) + 1}"


def _crowd_token(tok: Any, actor_tokens: list[Any]) -> Any | None:
    """The head of the phrase naming who demonstrates: the parsed subject, through relative pronouns
    ("teachers, who had marched to the town hall") and "a group of X"."""
    subj = actor_tokens[0] if actor_tokens else None
    if subj is None:
        return None
    if subj.lower_ in RELATIVE and subj.head.dep_ == "relcl":
        subj = subj.head.head
    if subj.lemma_.lower() in ("group", "number", "crowd", "hundred", "thousand", "dozen", "hundreds", "thousands"):
        pobj = next((g for p in subj.children if p.dep_ == "prep" and p.lower_ == "of"
                     for g in p.children if g.dep_ == "pobj"), None)
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
            return pobj if pobj.pos_ == "NOUN" else subj
    if subj.lower_ in NOT_PEOPLE or subj.lemma_.lower() in NOT_PEOPLE or subj.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return subj


SKIP_LEFT = {"ADV", "PART", "AUX"}


def _governing_subject(tok: Any, doc: Document | None = None) -> list[Any]:
    """The subject of the verb a noun trigger is the object of ("Serbia lodged a protest" -> Serbia); with
    ``doc``, only a subject that is an organised actor (a state, an armed group), not a misparsed place."""
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ == "VERB":
        subj = [c for c in tok.head.children if c.dep_ == "nsubj"][:1]
        if doc is None:
            return subj
        from .roles import resolve

        index = {a.id: a for a in doc.actors}
        return [t for t in subj if (a := index.get(resolve(doc, t) or "")) is not None and a.inter in (1, 2, 3, 4, 8)]
    return []


def _left_noun(verb: Any) -> Any | None:
    """The common noun phrase right before a verb whose subject the parser hung elsewhere ("in Pachuca,
    around 200 merchants protested" parsed as an apposition of the place), up to its head
    ("members of the movement" -> "members")."""
    i = verb.i - 1
    while i >= verb.sent.start and verb.doc[i].pos_ in SKIP_LEFT:
        i -= 1
    if i < verb.sent.start:
        return None
    t = verb.doc[i]
    if t.pos_ != "NOUN" or t.dep_ in ("nsubj", "dobj", "npadvmod") or t.head == verb \
            or any(c.dep_ == "auxpass" for c in verb.children):  # before a passive verb: the one acted upon
        return None
    while t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.pos_ == "NOUN" and t.head.head.i < t.i:
        t = t.head.head
    return t


def _mention_span(doc: Document, tok: Any) -> tuple[int, int]:
    """The crowd noun with its left modifiers, not reaching into another actor's mention."""
    from .roles import phrase_span

    start, end = phrase_span(tok)
    for a in doc.actors:
        for m in a.mentions:
            if m.start < end and start < m.end and m.end <= tok.idx:
                start = max(start, m.end)
    while start < end and not doc.text[start].isalnum():
        start += 1
    if start >= tok.idx + len(tok.text):
        start = tok.idx
    return start, end


def crowd_actor(doc: Document, ev: Event, tok: Any, actor_tokens: list[Any],
                recipient_tokens: list[Any] | None = None) -> None:
    """Give a demonstration without a crowd among its actors the crowd that demonstrates (see the module doc)."""
    if ev.acled is None or ev.acled.event_type not in CROWD_NAMES:
        return
    index = {a.id: a for a in doc.actors}
    if any(index[a].inter in CROWD_INTERS for a in ev.actors if a in index):
        return
    if not actor_tokens:
        actor_tokens = _governing_subject(tok)  # "Serbia lodged a protest"
    if not actor_tokens and tok.dep_ in ("amod", "acl") and tok.head.pos_ == "NOUN":
        actor_tokens = [tok.head]  # "protesting students", "students protesting"
    elif not actor_tokens and tok.pos_ == "VERB":
        left = _left_noun(tok)
        actor_tokens = [left] if left is not None else []
    head = _crowd_token(tok, actor_tokens)
    if head is None and actor_tokens:
        return  # a subject that is no crowd ("the government protested")
    if head is not None and head.pos_ == "PROPN" and head.ent_type_ in ("GPE", "LOC"):
        return
    if head is not None and head.ent_type_ == "PERSON":
        return
    if head is not None:  # "police dispersed the crowd": a side already known that is no crowd is not its name
        from .roles import resolve

        known = index.get(resolve(doc, head) or "")
        if known is not None and known.inter not in CROWD_INTERS and known.inter is not None:
            head = _crowd_token(tok, [r for r in recipient_tokens or [] if r.pos_ in ("NOUN", "PRON")][:1])
            if head is None:  # the crowd unnamed: the act's own words stand for it
                start, end = tok.idx, tok.idx + len(tok.text)
    if head is None:
        if tok.pos_ not in ("NOUN", "PROPN") and not actor_tokens:
            return
        start, end = tok.idx, tok.idx + len(tok.text)
    else:
        start, end = _mention_span(doc, head)
    cat, name, kind, inter = CROWD_NAMES[ev.acled.event_type]
    same = next((a for a in doc.actors if a.key == f"{cat}:"), None)
    mention = Mention(text=doc.text[start:end], start=start, end=end)
    if same is not None:
        if not any(m.start == start and m.end == end for m in same.mentions):
            same.mentions.append(mention)
            same.mentions.sort(key=lambda m: m.start)
        actor = same
    else:
        actor = Actor(id=_next_id(doc), name=name, kind=kind, inter=inter, mentions=[mention], source="pattern",
                      key=f"{cat}:")
        doc.actors.append(actor)
    ev.actors.insert(0, actor.id)
    if ev.acled.inter1 is None or ev.acled.inter1 not in CROWD_INTERS:
        ev.acled.inter1 = inter


def _generic_cat(actor: Actor) -> str | None:
    key = actor.key or ""
    if actor.country or not key.endswith(":") or key.count(":") != 1:
        return None
    cat = key[:-1]
    return cat if cat in STATE_CATS or cat in NONSTATE_NAMES else None


def localize(doc: Document, events: list[Event], dic: Any, lex: Any = None) -> None:
    """Generic actors take their events' country; crowds are named for what they did; ACLED's regional
    names of generic actors become aliases (see the module doc)."""
    if lex is None:
        from .lexicon import load_lexicon

        lex = load_lexicon()
    home = main_country(doc)
    merged: dict[str, str] = {}
    for actor in list(doc.actors):
        cat = _generic_cat(actor)
        iso3 = home  # most places outvote one event's (mis)placed place
        if cat is None or iso3 is None or iso3 not in dic.countries:
            continue
        if cat in STATE_CATS:
            entry = dic.state_entry(iso3, cat)
            if entry is None:
                continue
            key, name, aliases, wikidata = entry.id, entry.name, list(entry.aliases), entry.wikidata
        else:
            name = f"{NONSTATE_NAMES[cat]} ({dic.countries[iso3].name})"
            key, aliases, wikidata = f"{cat}:{iso3}", [], None
        other = next((a for a in doc.actors if a.key == key and a is not actor), None)
        if other is not None:  # the country's actor is named elsewhere in the article: one actor
            other.mentions = sorted(other.mentions + actor.mentions, key=lambda m: m.start)
            merged[actor.id] = other.id
            doc.actors.remove(actor)
            continue
        if cat in STATE_CATS:  # the force's own name in the text ("the Military Police") is one of its names
            aliases = [*aliases, *_unit_names(doc, actor)]
        actor.key, actor.name, actor.country, actor.wikidata = key, name, iso3, wikidata or actor.wikidata
        regional = _regional_name(lex, NONSTATE_NAMES.get(cat), iso3)
        if regional:
            aliases = [*aliases, f"{regional} ({dic.countries[iso3].name})"]
        actor.aliases = [a for a in dict.fromkeys([*aliases, *actor.aliases]) if a != name]
    if merged:
        for ev in events:
            ev.actors = list(dict.fromkeys(merged.get(a, a) for a in ev.actors))
            ev.recipients = [r for r in dict.fromkeys(merged.get(a, a) for a in ev.recipients) if r not in ev.actors]
            if ev.attribution is not None and ev.attribution.speaker in merged:
                ev.attribution.speaker = merged[ev.attribution.speaker]
        for q in doc.quotes:
            if q.speaker in merged:
                q.speaker = merged[q.speaker]
    _crowd_aliases(doc, events, home)


UNIT_RX = re.compile(r"((?:[A-Z][\w-]*\s+){1,3})$")


def _unit_names(doc: Document, actor: Actor) -> list[str]:
    """Capitalised names a generic force's mentions end ("the Military Police", "Border Guard Police")."""
    out = []
    for m in actor.mentions:
        if not m.text[:1].isupper():
            continue
        before = UNIT_RX.search(doc.text[max(0, m.start - 40):m.start])
        if before:
            out.append(f"{before.group(1)}{m.text}")
    return out


def _regional_name(lex: Any, generic: str | None, iso3: str) -> str | None:
    """ACLED's name in the country's region for a generic actor ("Unidentified Gang" in Mexico), if any."""
    from ..export.places import country

    names = lex.regional_names.get(generic or "", {})
    c = country(iso3)
    return (names.get(c.region) or names.get("*")) if names and c else None


def _crowd_aliases(doc: Document, events: list[Event], home: str | None) -> None:
    """A crowd that rioted is also "Rioters (Country)", one that protested "Protesters (Country)"."""
    from ..export.places import country

    index = {a.id: a for a in doc.actors}
    for ev in events:
        if ev.acled is None or ev.acled.event_type not in CROWD_NAMES:
            continue
        word = CROWD_NAMES[ev.acled.event_type][1]
        for aid in ev.actors:
            a = index.get(aid)
            if a is None or a.inter not in CROWD_INTERS or a.name.startswith(word):
                continue
            c = country(a.country or _place_country(doc, ev.place) or home)
            alias = f"{word} ({c.name})" if c else word
            if alias not in a.aliases:
                a.aliases.append(alias)


#: ACLED types whose actor 1 is whoever used force: unknown perpetrators are an unidentified armed group.
VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")
UNKNOWN_WORDS = {"unidentified", "unknown", "unnamed", "anonymous"}
CLAIM_VERBS = {"claim", "claimed", "claims", "claiming", "accept", "accepted", "admit", "admitted", "admits"}


def _claimants(doc: Document, sdoc: Any) -> list[str]:
    """Actors who claimed (or admitted) responsibility for an attack, in text order."""
    from .roles import resolve

    out: list[str] = []
    for tok in sdoc:
        if tok.lower_ not in CLAIM_VERBS and tok.lemma_.lower() not in ("claim", "accept", "admit"):
            continue
        if not any((c.dep_ == "dobj" and c.lemma_.lower() == "responsibility") or c.dep_ == "xcomp"
                   for c in tok.children):  # "claimed responsibility", "claimed to have killed"
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        aid = resolve(doc, subj) if subj is not None else None
        if aid and aid not in out:
            out.append(aid)
    return out


SUSPECT_RX = re.compile(r"\b(suspected|alleged|believed to be|thought to be|blamed on|linked to|claimed by|"
                        r"attributed to)\s+(\w+\s+){0,3}$", re.I)
#: ACLED actor types that use force; governments as such (ministries, cabinets) are not counted.
FORCE_INTERS = (1, 2, 3, 4)


def _suspects(doc: Document) -> list[str]:
    """Actors named as the suspected or believed perpetrators ("suspected al-Shabaab militants",
    "gunmen thought to belong to Al Shabaab")."""
    out = []
    for a in doc.actors:
        if a.inter in FORCE_INTERS and any(SUSPECT_RX.search(doc.text[max(0, m.start - 40):m.start])
                                           for m in a.mentions):
            out.append(a.id)
    return out


def _sentence_forces(doc: Document, ev: Event, sent: Any) -> list[str]:
    """Named armed actors of the event's sentence that it does not act upon, in text order."""
    found = []
    for a in doc.actors:
        if a.inter not in FORCE_INTERS or a.kind == "government" or a.key == "gunmen:" or a.id in ev.recipients:
            continue
        first = min((m.start for m in a.mentions if sent.start_char <= m.start < sent.end_char), default=None)
        if first is not None:
            found.append((first, a.id))
    return [a for _, a in sorted(found)]


def _unknown_agent(tokens: list[Any]) -> Any | None:
    """An agent phrase that says the perpetrators are unknown ("unidentified actors", "an unknown party")."""
    for t in tokens:
        if any(c.dep_ == "amod" and c.lower_ in UNKNOWN_WORDS for c in t.children):
            return t
    return None


def _keyed_actor(doc: Document, key: str, **fields: Any) -> Actor:
    """The document's actor of dictionary key ``key``, made (source "pattern", no mention) from ``fields`` when
    it has none yet."""
    actor = next((a for a in doc.actors if a.key == key), None)
    if actor is None:
        actor = Actor(id=_next_id(doc), source="pattern", key=key, **fields)
        doc.actors.append(actor)
    return actor


def _generic_actor(doc: Document, ev: Event, cat: str, name: str, kind: str, inter: int) -> None:
    """Make a generic actor (named by the words of no mention) the event's actor."""
    actor = _keyed_actor(doc, f"{cat}:", name=name, kind=kind, inter=inter)
    ev.actors.append(actor.id)
    if ev.acled is not None and ev.acled.inter1 is None:
        ev.acled.inter1 = inter


def coordinated_sides(doc: Document, ev: Event, tok: Any) -> None:
    """All armed groups named in a battle's side phrase fight ("Fellata and Rizeigat militias clashed",
    "fighters of the Habar Gidir and Abgaal clans fought"), not only the phrase's head."""
    from .roles import roles_for

    for t in roles_for(tok, ev.type).actor_tokens:
        start, end = t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)
        for a in doc.actors:
            if a.inter in FORCE_INTERS and a.id not in ev.actors and a.id not in ev.recipients \
                    and any(start <= m.start and m.end <= end for m in a.mentions):
                ev.actors.append(a.id)


def perpetrators(doc: Document, sdoc: Any, events: list[tuple[Event, Any]]) -> None:
    """Violence without a known side acting: the actor who claimed responsibility, else an unidentified
    armed group (ACLED's "Unidentified Armed Group"), its mention the words that say so when the text
    has them ("unidentified actors"); likewise war remnants going off and destruction by unidentified
    people. Arrests without a side named are the police's, riots and protests without one a crowd's."""
    from .roles import roles_for

    claimants = None
    for ev, tok in events:
        if ev.acled is not None and ev.acled.event_type == "Battles" and ev.actors:
            coordinated_sides(doc, ev, tok)
        if ev.acled is None or ev.actors:
            continue
        agents = roles_for(tok, ev.type).actor_tokens
        unknown = _unknown_agent(agents)
        if agents and unknown is None:
            continue  # someone acts whom the actors stage did not link: not known to be unidentified
        sub = ev.acled.sub_event_type
        if sub == "Arrests":  # arrests by no one named are the police's (ACLED's convention)
            _generic_actor(doc, ev, "police", "Police Forces", "state forces", 1)
            continue
        if ev.acled.event_type in CROWD_NAMES:  # "a thief was lynched", "Riots in Nakuru": a crowd did it
            if not _governing_subject(tok, doc):
                _generic_actor(doc, ev, *CROWD_NAMES[ev.acled.event_type])
            continue
        if not (ev.acled.event_type in VIOLENCE or (sub == "Other" and ev.type == "ASSAULT")
                or (sub == "Looting/property destruction" and unknown is not None)):
            continue
        if claimants is None:
            claimants = _claimants(doc, sdoc)
        if unknown is None:  # the side known elsewhere: a claim, a suspicion, for a battle an armed side named
            sides = _sentence_forces(doc, ev, tok.sent) if ev.acled.event_type == "Battles" else []
            known = [a for a in [*claimants, *_suspects(doc), *sides] if a not in ev.recipients]
            if known:
                ev.actors.append(known[0])
                continue
        if sub == "Air/drone strike" or ev.mode == "aerial":
            # aircraft are some state's: "unidentified warplanes" are ACLED's "Unidentified Military Forces";
            # a strike whose side the text does not give ("one strike destroyed a depot") has none
            if unknown is not None:
                _generic_actor(doc, ev, "military", "Unidentified Military Forces", "state forces", 8)
            continue
        actor = _keyed_actor(doc, "gunmen:", name="Unidentified Armed Group", kind="political militia", inter=3)
        if unknown is not None:
            from .roles import phrase_span

            start, end = phrase_span(unknown)
            if not any(m.start == start for m in actor.mentions):
                actor.mentions.append(Mention(text=doc.text[start:end], start=start, end=end))
                actor.mentions.sort(key=lambda m: m.start)
        ev.actors.append(actor.id)
        if ev.acled.inter1 is None:
            ev.acled.inter1 = actor.inter


#: ACLED types of military acts: a country named as their side is its armed forces, not its government.
MILITARY_TYPES = ("Battles", "Explosions/Remote violence")
#: Words that name the government itself ("the Turkish government shelled ..." stays the government).
GOVERNMENT_WORDS = re.compile(r"\b(government|administration|ministry|cabinet|authorities|regime|president|state)\b",
                              re.IGNORECASE)


def forces_for_countries(doc: Document, events: list[Event], dic: Any) -> None:
    """A country named as the side of a military act ("Turkey began an offensive", "the United States will
    send troops", "Russia bombed the town") is its armed forces: ACLED's "Military Forces of X"."""
    index = {a.id: a for a in doc.actors}  # the countries' actors; forces made below are not looked up in it
    for ev in events:
        military = (ev.acled is not None and ev.acled.event_type in MILITARY_TYPES) or (
            ev.type in ("MOBILIZE", "RETREAT") and ev.mode in ("troops", "withdraw"))
        if not military or ev.modality == "negated":
            continue
        for n, aid in enumerate(ev.actors):
            a = index.get(aid)
            if a is None or a.kind != "government" or not a.country or not (a.key or "").endswith("_government"):
                continue
            if any(GOVERNMENT_WORDS.search(m.text) for m in a.mentions):
                continue  # the text names the government itself somewhere
            entry = dic.state_entry(a.country, "forces")
            if entry is None:
                continue
            forces = _keyed_actor(doc, entry.id, name=entry.name, kind="state forces", country=a.country,
                                  aliases=list(entry.aliases), wikidata=entry.wikidata, inter=1)
            ev.actors[n] = forces.id
        ev.actors = list(dict.fromkeys(ev.actors))

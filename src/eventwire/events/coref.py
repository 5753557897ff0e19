"""Mentions of one event within an article, and mentions of past events.

A report names its event once in full and then refers back to it: "Militants detonated a car bomb in
X on Tuesday ... The bombing was claimed by Y ... Witnesses said the blast ...". Each of those nouns
is a trigger, but they are one real event. A later mention joins the nearest earlier event it can
refer to when it is a *definite noun phrase* ("the bombing", "this attack", "their raid") of the same
kind, or says what it was ("this was an attack on ...", "it was a terrorist attack"), in a later
sentence, with nothing that sets it apart: no date, place, side or modality of its own word that makes it
another ("a second attack", "the previous raid"). The earlier event keeps its
fields, fills the ones it lacks from the later mention (a side, a toll, a place), and lists the
mention in ``mentions``.

Within one sentence, several words often name one happening: "thousands of protesters marched ... in a
protest against ...", "a bombing was reported to have killed ...". Words of the same kind and modality in one
sentence whose sides, date and place do not set them apart are one event too (:func:`fold_same_sentence`);
two sides acting ("X shelled Y and Z shelled W"), a role swapped ("X attacked Y, which struck back"), one act
undergoing the other ("their raid was repulsed"), another
date or place, or a word that says "another" ("a second blast") keep them apart.

A noun phrase dated before the article's year ("the 2014 bombing", "since the 1998 attacks") names a
past event: it stays an event of its own, dated to that year and marked ``background``, and never
takes the publication date.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Document, Event, EventDate

#: Kinds of event that are incidents a report refers back to.
KINDS = frozenset({"ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT", "SANCTION"})
DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her", "such"})
#: Modifiers that make a definite noun another event ("the second attack", "the previous raid").
OTHER = frozenset({"second", "third", "fourth", "fifth", "another", "other", "new", "latest", "previous",
                   "earlier", "last", "similar", "subsequent", "separate", "further", "fresh", "first", "next",
                   "recent", "past", "prior", "former", "same-day", "twin", "additional", "retaliatory", "failed",
                   "foiled", "planned", "alleged", "deadliest", "worst", "largest", "biggest", "many", "several",
                   "numerous", "frequent", "repeated", "ongoing", "daily", "weekly", "nightly", "regular"})
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")
GENERIC_MODES = {None, "", "explosives", "suicide-attack"}


def _determiner(tok: Any) -> str | None:
    for c in tok.children:
        if c.dep_ in ("det", "poss") and c.i < tok.i:
            return c.lower_
    return None


def _modifiers(tok: Any) -> set[str]:
    return {c.lower_ for c in tok.children if c.i < tok.i and c.dep_ in ("amod", "nummod", "compound", "advmod",
                                                                         "npadvmod", "quantmod", "det")}


def past_year(tok: Any, published: str | None) -> int | None:
    """The year of a noun phrase dated before the publication year ("the 2014 bombing"), else None."""
    if tok.pos_ not in ("NOUN", "PROPN") or not published:
        return None
    for c in tok.children:
        if c.i < tok.i and YEAR.match(c.text) and c.dep_ in ("nummod", "compound", "amod", "npadvmod", "nmod"):
            year = int(c.text[:4])
            if year < int(published[:4]):
                return year
    return None


def _compatible_mode(a: Event, b: Event) -> bool:
    return a.mode == b.mode or a.mode in GENERIC_MODES and b.mode in GENERIC_MODES or not a.mode or not b.mode


def _place_key(doc: Document, pid: str | None) -> tuple[Any, ...] | None:
    p = next((x for x in doc.places if x.id == pid), None)
    if p is None or p.lat is None:
        return None
    return (p.geonameid, p.name) if p.geonameid else (p.name,)


def _same_kind(a: Event, b: Event) -> bool:
    """The same type, modality and (compatible) mode; an arrest is no seizure."""
    if a.type != b.type or a.modality != b.modality:
        return False
    return not (a.type == "COERCE" and a.mode != b.mode) and _compatible_mode(a, b)


def _sides_may_meet(doc: Document, xs: list[str], ys: list[str]) -> bool:
    """Whether two lists of sides may name the same side: not when both name sides and none in common
    (a side named only by a description may be any named one)."""
    named_x = {x for x in xs if not _anonymous(doc, x)}
    named_y = {y for y in ys if not _anonymous(doc, y)}
    return not (named_x and named_y and not named_x & named_y)


def refers_to(doc: Document, later: Event, earlier: Event) -> bool:
    if earlier.background or not _same_kind(earlier, later):
        return False
    if _other_days(doc, later, earlier):
        return False
    pa, pb = _place_key(doc, earlier.place), _place_key(doc, later.place)
    if pa is not None and pb is not None and pa != pb and not _near(doc, earlier.place, later.place):
        return False
    return _sides_may_meet(doc, earlier.actors, later.actors)


def _same_day(a: str, b: str, published: str | None) -> bool:
    """Whether two event dates may be one: equal, one the other's day with a time, or a time of day that
    took its day from the publication ("the attack took place at about 7:45 p.m.")."""
    if a == b or a.startswith(b + "T") or b.startswith(a + "T"):
        return True
    day = (published or "")[:10]
    return bool(day) and (a.startswith(day + "T") or b.startswith(day + "T"))


def _other_days(doc: Document, a: Event, b: Event) -> bool:
    """Whether two events' stated dates (neither inferred) rule out one day (see :func:`_same_day`)."""
    return not a.date.inferred and not b.date.inferred and not _same_day(
        a.date.value or "", b.date.value or "", doc.published)


#: Two places this close may be one event's ("the shooting took place in the Tsuen Wan district" of the city).
NEAR_KM = 50.0


def _near(doc: Document, a: str | None, b: str | None) -> bool:
    from ..geo.resolve import km

    pa = next((x for x in doc.places if x.id == a), None)
    pb = next((x for x in doc.places if x.id == b), None)
    if pa is None or pb is None or None in (pa.lat, pa.lon, pb.lat, pb.lon):
        return False
    return km(pa.lat, pa.lon, pb.lat, pb.lon) <= NEAR_KM  # type: ignore[arg-type]


def _same_act(doc: Document, a: Event, b: Event) -> bool:
    """Two events of one sentence that may be one act (see :func:`fold_same_sentence`)."""
    if a.background or b.background or not _same_kind(a, b):
        return False
    da, db = a.date.value or "", b.date.value or ""
    if not a.date.inferred and not b.date.inferred and not (da.startswith(db) or db.startswith(da)):
        return False  # another day ("on Monday ... and again on Tuesday"); a time of day on the day is the same
    if set(a.actors) & set(b.recipients) or set(b.actors) & set(a.recipients):
        return False  # the sides swap: a response, not the same act
    return _sides_may_meet(doc, a.actors, b.actors) and _sides_may_meet(doc, a.recipients, b.recipients)


def fold_same_sentence(doc: Document, events: list[tuple[Event, Any]],
                       sentence_of: Any) -> list[tuple[Event, Any]]:
    """Fold the events of one sentence that name one act into the most confident of them (the others'
    triggers become its ``mentions``, their sides, toll and place fill what it lacks). ``events`` are in
    text order; ``sentence_of(token)`` gives a token's sentence key."""
    kept: list[tuple[Event, Any]] = []
    renamed: dict[str, str] = {}
    for ev, tok in events:
        if ev.trigger is None or ev.background or _modifiers(tok) & OTHER:
            kept.append((ev, tok))
            continue
        here = sentence_of(tok)
        at = next((k for k in range(len(kept) - 1, -1, -1)
                   if sentence_of(kept[k][1]) == here and kept[k][0].trigger is not None
                   and not _modifiers(kept[k][1]) & OTHER and not _patient(kept[k][1], tok)
                   and _same_act(doc, kept[k][0], ev)), None)
        if at is None:
            kept.append((ev, tok))
            continue
        target = kept[at][0]
        if ev.confidence > target.confidence:  # the more central word gives the fields
            target, ev = ev, target
            kept[at] = (target, tok)
        _fold(target, ev)
        renamed[ev.id] = target.id
    _rename_about(kept, renamed)
    return kept


def _rename_about(kept: list[tuple[Event, Any]], renamed: dict[str, str]) -> None:
    """Point ``about`` (an ACCUSE's or REJECT's event) at the event a folded one became."""
    for ev, _tok in kept:
        if ev.about in renamed:
            ev.about = renamed[ev.about]


def _patient(a: Any, b: Any) -> bool:
    """One trigger undergoes the other ("their raid was repulsed", "troops repelled the assault"): two acts."""
    return any(x.head.i == y.i and x.dep_ in ("dobj", "obj", "nsubjpass") for x, y in ((a, b), (b, a)))


def _fold(keep: Event, other: Event) -> None:
    join(keep, other)
    keep.actors += [a for a in other.actors if a not in keep.actors and a not in keep.recipients]
    keep.recipients += [r for r in other.recipients if r not in keep.recipients and r not in keep.actors]
    keep.quantities += [q for q in other.quantities if q not in keep.quantities]
    if keep.date.inferred and not other.date.inferred:
        keep.date = other.date
    keep.mentions.sort(key=lambda m: m.start)


def _anonymous(doc: Document, actor_id: str) -> bool:
    """An armed side named only by a description ("militants", "gunmen"): any named group may be it."""
    a = next((x for x in doc.actors if x.id == actor_id), None)
    return a is not None and a.source == "pattern" and ":" in (a.key or "") and a.kind != "state forces"


def is_back_reference(tok: Any) -> bool:
    """A definite noun phrase that may name an event already reported ("the bombing", "this attack")."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if not (_determiner(tok) in DEFINITE or _says_what_it_was(tok)):
        return False
    return not (_modifiers(tok) & OTHER) and not any(YEAR.match(c.text) for c in tok.children if c.i < tok.i)


def _own_time(tok: Any) -> bool:
    """Whether a noun's own phrase holds a time ("the attack on Monday", "Saturday's shooting")."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in tok.subtree if t.i != tok.i)


def _says_what_it_was(tok: Any) -> bool:
    """A noun that says what something already named was: "this was an attack on all of us", "it was a
    terrorist attack"."""
    head = tok.head
    return tok.dep_ == "attr" and head.lemma_ == "be" and any(
        c.dep_ == "nsubj" and c.lower_ in ("this", "that", "it", "these", "those") for c in head.children)


def merge_mentions(doc: Document, events: list[tuple[Event, Any]], agents: set[int]) -> list[tuple[Event, Any]]:
    """Join later definite mentions to the event they refer back to; date and mark past events.
    ``events`` are in text order; returns the kept ones, in the same order. ``agents``: the indexes of trigger
    tokens that name people ("the demonstrators": an actor, not a mention of the event)."""
    kept: list[tuple[Event, Any]] = []
    renamed: dict[str, str] = {}
    for ev, tok in events:
        year = past_year(tok, doc.published) if ev.type in KINDS else None
        if year is not None:
            ev.background = True
            if ev.date.value is None or not ev.date.value.startswith(str(year)):
                ev.date = EventDate(value=str(year), precision="year", inferred=False)
            kept.append((ev, tok))
            continue
        target = _antecedent(doc, ev, tok, kept, agents) if ev.type in KINDS and ev.trigger is not None else None
        if target is None and ev.type == "CONSULT" and tok.lemma_.lower() in DISCUSSING:
            target = _same_meeting(doc, ev, tok, kept)  # "They discussed ...": what the call covered
        if target is None and ev.type == "CONCEDE" and ev.mode == "release":
            target = _same_clemency(doc, ev, kept)
            if target is not None:  # one grant of clemency names all its beneficiaries
                target.recipients += [r for r in ev.recipients if r not in target.recipients]
        if target is not None:
            join(target, ev)
            renamed[ev.id] = target.id
            continue
        kept.append((ev, tok))
    _rename_about(kept, renamed)
    return kept


def _antecedent(doc: Document, ev: Event, tok: Any, kept: list[tuple[Event, Any]], agents: set[int]) -> Event | None:
    """The event already reported that the mention ``ev`` (trigger token ``tok``) tells again, or None."""
    if tok.i in agents and _determiner(tok) in DEFINITE:
        # "the protesters ran away": the crowd of a protest already told, no new protest
        target = next((e for e, t in reversed(kept) if t.sent.start < tok.sent.start and refers_to(doc, ev, e)), None)
        if target is not None:
            return target
    if is_back_reference(tok) and tok.i not in agents:
        here = tok.sent.start  # within its own sentence a definite noun is an argument ("repulsed their
        # attack"), not a second mention: the antecedent lies in an earlier sentence
        # the sentence's day is the day of what it tells ("On Tuesday, X was blamed for the attack"), not the
        # referred act's, unless the noun carries its own ("the attack on Monday")
        probe = ev if _own_time(tok) else ev.model_copy(update={"date": EventDate()})
        target = next((e for e, t in reversed(kept) if t.i < here and refers_to(doc, probe, e)), None)
        if target is None and tok.tag_ in ("NNS", "NNPS"):
            # "To conduct these strikes, ...": a plural names the set of acts already reported, whatever
            # the places and sides of each; it is a mention of the last of them, no new event
            target = next((e for e, t in reversed(kept) if t.i < here and e.type == ev.type
                           and not e.background and e.modality == ev.modality), None)
        if target is not None:
            return target
    if _modifiers(tok) & PART_ORDINALS:
        # "Twin bombings struck ... The first bomb went off inside; the second blast hit the car park": parts
        # of the multi-part act already reported, one event (one actor, one place, one day)
        target = next((e for e, t in reversed(kept) if t.i < tok.i and e.type == ev.type and not e.background
                       and _modifiers(t) & MULTI_PART and refers_to(doc, ev, e)), None)
        if target is not None:
            return target
    if tok.pos_ == "VERB":
        # "... after Jan Kowalski was stabbed": the act already reported, told again of the same named victim
        target = next((e for e, t in reversed(kept) if t.sent.start < tok.sent.start and e.trigger is not None
                       and refers_to(doc, ev, e) and _same_named_victim(doc, e, ev)), None)
        if target is None and ev.type == "ASSAULT" and _ends_the_attack(doc, ev, tok):
            # "The attacker was shot dead by police": the response that ends an attack is part of it
            sideless = ev.model_copy(update={"actors": [], "recipients": [], "mode": None})
            target = next((e for e, t in reversed(kept) if t.sent.start < tok.sent.start and e.type == "ASSAULT"
                           and not _by_forces(doc, e) and refers_to(doc, sideless, e)), None)
        return target
    return None


#: Nouns that name whoever carried out an attack ("the attacker was shot", "police shot the gunman").
PERPETRATOR_NOUNS = frozenset({"attacker", "gunman", "assailant", "shooter", "bomber", "knifeman", "perpetrator",
                               "suspect", "assailants", "attackers", "gunmen", "shooters", "perpetrators"})


def _by_forces(doc: Document, ev: Event) -> bool:
    index = {a.id: a for a in doc.actors}
    return any(index[a].kind == "state forces" for a in ev.actors if a in index)


def _ends_the_attack(doc: Document, ev: Event, tok: Any) -> bool:
    """Whether an act of force befalls the perpetrator of an attack already told: its patient is "the
    attacker" (or "him" when the police act)."""
    if ev.modality != "actual":
        return False
    patients = [c for c in tok.children if c.dep_ in ("nsubjpass", "dobj", "obj")]
    if any(p.lemma_.lower() in PERPETRATOR_NOUNS and _determiner(p) in DEFINITE for p in patients):
        return True
    return any(p.lower_ in ("him", "her", "he", "she") for p in patients) and (
        _by_forces(doc, ev) or any(a.lemma_.lower() in FORCE_NOUNS for a in _agent_words(tok)))


#: Words for the forces that end an attack ("the officers shot him", "he was shot by a police officer").
FORCE_NOUNS = frozenset({"police", "officer", "policeman", "policewoman", "trooper", "soldier", "guard", "agent",
                         "constable", "gendarme", "sniper"})


def _agent_words(tok: Any) -> list[Any]:
    """The heads of a verb's doer: its active subject, or the object of its "by" phrase."""
    out = [c for c in tok.children if c.dep_ == "nsubj"]
    out += [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    return out


#: Verbs that say what a meeting or a call covered ("they discussed the war", "the leaders reviewed").
DISCUSSING = frozenset({"discuss", "talk", "review", "exchange", "address", "raise", "consult"})


def _same_meeting(doc: Document, ev: Event, tok: Any, kept: list[tuple[Event, Any]]) -> Event | None:
    """The meeting or call already reported, the same day and between the same sides, whose talk a later
    "they discussed ..." tells (a readout's sentences are one call), or None."""
    for e, t in reversed(kept):
        if e.type != "CONSULT" or e.background or e.modality != ev.modality or t.i >= tok.i:
            continue
        sides = set(e.actors) | set(e.recipients)
        if any(a not in sides for a in ev.actors + ev.recipients if not _anonymous(doc, a)):
            return None  # someone else talks: another meeting
        if _other_days(doc, ev, e):
            return None
        return e
    return None


def _same_clemency(doc: Document, ev: Event, kept: list[tuple[Event, Any]]) -> Event | None:
    """Pardons and commutations granted by one side on one day are one act (the codebook's unit): the earlier
    grant that ``ev`` (another pardon) belongs to, or None."""
    for e, _t in reversed(kept):
        if e.type != "CONCEDE" or e.mode != "release" or e.background or e.modality != ev.modality:
            continue
        if ev.actors and e.actors and not set(ev.actors) & set(e.actors):
            return None
        if _other_days(doc, ev, e):
            return None
        return e
    return None


#: Words that say an act came in parts, and those that name one of its parts.
MULTI_PART = frozenset({"twin", "double", "two", "both", "triple", "three", "simultaneous", "coordinated"})
PART_ORDINALS = frozenset({"first", "second", "third"})


def _same_named_victim(doc: Document, a: Event, b: Event) -> bool:
    """Whether two acts befell one person named in the text (a name found by NER, not a description)."""
    shared = set(a.recipients) & set(b.recipients)
    return any(x.id in shared and x.source == "ner" and x.kind is None and " " in x.name for x in doc.actors)


def join(keep: Event, other: Event) -> None:
    """The first full report gives the fields; a later mention adds what it lacks (a side, a toll, a place)."""
    if other.trigger is not None:
        keep.mentions.append(other.trigger)
    keep.mentions += other.mentions
    if not keep.actors:
        keep.actors = [a for a in other.actors if a not in keep.recipients]
    if not keep.recipients:
        keep.recipients = [r for r in other.recipients if r not in keep.actors]
    if keep.fatalities is None:
        keep.fatalities = other.fatalities
    if keep.place is None:
        keep.place = other.place
    if keep.attribution is None:
        keep.attribution = other.attribution

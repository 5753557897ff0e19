"""Roles from the dependency parse: who acts (actors) and who is acted upon (recipients).

Works on spaCy tokens and resolves each argument to an actor of the document through its mentions
(:func:`eventwire.spans.actor_for_span`). Conjuncts ("US troops and Kurdish militias") become further
actors; passives ("was killed by US special forces") swap the roles.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from ..model import Document
from ..spans import actor_for_span
from ..violence import INSTRUMENTS, PROJECTILES

SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "dative", "obj"}
#: Prepositions whose object is the target of an event of the given kind.
TARGET_PREPS = {"on", "against", "at", "upon", "into", "toward", "towards"}
GIVE_PREPS = {"to", "with", "for"}
#: Verbs that carry a noun trigger ("launched an attack", "ordered the withdrawal"): their subject acts.
LIGHT_VERBS = {
    "launch", "carry", "conduct", "stage", "mount", "order", "announce", "begin", "start", "hold", "plan",
    "claim", "continue", "resume", "intensify", "lead", "organize", "organise", "call", "perpetrate", "commit",
    "execute", "implement", "undertake", "step", "make", "initiate", "wage", "unleash", "go", "open", "renew",
    "complete", "reach", "issue", "file", "pursue", "join", "sign", "give", "host", "enforce", "impose", "declare",
    "introduce", "extend", "adopt",
}
#: Modifiers that may sit left of a noun inside its name phrase.
NP_LEFT = {"compound", "amod", "nummod", "det", "poss", "nmod", "quantmod", "advmod", "npadvmod"}
PRONOUNS = {"we", "it", "they", "i", "he", "she", "us", "our", "its", "their", "his", "her"}
#: Verbs of harm whose subject (intransitive) or passive subject is the victim ("died in", "were killed in").
HARMED = {"die", "perish", "kill", "wound", "injure", "maim", "hurt", "shoot", "shot"}
#: Prepositions that introduce the act or means of a harm ("killed in/during/by/from/under ...").
MEANS_PREPS = {"in", "during", "by", "from", "under", "after", "amid"}


@dataclass
class Roles:
    """Argument tokens of one trigger; ``actor_ids``/``recipient_ids`` hold the resolved actors."""

    actor_tokens: list[Any] = field(default_factory=list)
    recipient_tokens: list[Any] = field(default_factory=list)
    actor_ids: list[str] = field(default_factory=list)
    recipient_ids: list[str] = field(default_factory=list)


def phrase_span(tok: Any) -> tuple[int, int]:
    """Character span of a noun phrase head with its left modifiers (no clauses, no conjuncts)."""
    left = tok
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.i < tok.i and c.dep_ in NP_LEFT:
                if c.left_edge.i < left.i:
                    left = c.left_edge
                stack.append(c)
    right = tok
    for c in tok.children:  # "Islamic State" parsed with a right compound/flat part
        if c.i > tok.i and c.dep_ in ("compound", "flat", "appos") and c.i == right.i + 1:
            right = c
    return left.idx, right.idx + len(right.text)


def with_conjuncts(tok: Any) -> list[Any]:
    """The token and its coordinated nouns ("US troops and Kurdish militias")."""
    out = [tok]
    for c in tok.conjuncts:
        if c.i > tok.i and c.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            out.append(c)
    for c in tok.children:  # "US and British warplanes": coordinated owners of one head noun
        if c.i < tok.i and c.dep_ in ("nmod", "amod", "compound") and c.conjuncts:
            out += [c, *(x for x in c.conjuncts if x.i < tok.i)]
    if len(out) > 1 and out[1].i < tok.i:
        out.sort(key=lambda t: t.i)  # the owners in text order: "US and British warplanes" -> US first
    return out


#: Personal pronouns that stand for one person named before ("She asked ...", "police arrested him").
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
#: How far back a pronoun's person may be named (characters, within the paragraph).
PRONOUN_REACH = 600


def person_before(doc: Document, tok: Any) -> str | None:
    """The person a personal pronoun stands for: of the people named before it in its paragraph, within
    :data:`PRONOUN_REACH` characters (PERSON entities of the parse with an actor on them), the last one named
    as a subject ("Biden spoke with Netanyahu ... He offered" is Biden), else the last one named."""
    from ..spans import _mention_index

    if tok.tag_ != "PRP" or tok.lower_ not in PERSON_PRONOUNS:
        return None
    text = doc.text
    floor = max(text.rfind("\n\n", 0, tok.idx), tok.idx - PRONOUN_REACH)
    starts, rows, _ = _mention_index(doc)
    sdoc = tok.doc
    last = None
    for m_start, m_end, _n, actor in reversed(rows[: bisect_left(starts, tok.idx)]):
        if m_start < floor:
            break
        if m_end > tok.idx:
            continue
        span = sdoc.char_span(m_start, m_end, alignment_mode="expand")
        if span is None or not any(t.ent_type_ == "PERSON" for t in span):
            continue
        if span.root.dep_ in ("nsubj", "nsubjpass"):
            return actor.id
        last = last or actor.id
    return last


def resolve(doc: Document, tok: Any) -> str | None:
    """The actor id of an argument token: its own phrase, else "members of X", else an apposition; a personal
    pronoun, the person it stands for (:func:`person_before`)."""
    actor = actor_for_span(doc, tok.idx, tok.idx + len(tok.text))
    if actor is not None:
        return actor.id
    if tok.lower_ in PERSON_PRONOUNS:
        return person_before(doc, tok)
    start, end = phrase_span(tok)
    actor = actor_for_span(doc, start, end)
    if actor is not None:
        return actor.id
    prev = tok.doc[tok.i - 1] if tok.i > tok.sent.start else None
    if prev is not None and prev.text[:1].isupper() and prev.dep_ not in ("punct",) and prev.i >= tok.left_edge.i - 1:
        actor = actor_for_span(doc, prev.idx, prev.idx + len(prev.text))  # "IS members" with "IS" misparsed
        if actor is not None:
            return actor.id
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "from"):
            for p in c.children:
                if p.dep_ == "pobj":
                    actor = actor_for_span(doc, *phrase_span(p))
                    if actor is not None:
                        return actor.id
        if c.dep_ == "appos":
            actor = actor_for_span(doc, *phrase_span(c))
            if actor is not None:
                return actor.id
    return None


def _subjects(verb: Any, depth: int = 0) -> tuple[list[Any], list[Any]]:
    """(active subjects, passive subjects) of a verb, inherited through conj/xcomp/acl chains."""
    act = [c for c in verb.children if c.dep_ in SUBJ]
    pas = [c for c in verb.children if c.dep_ in PASS_SUBJ]
    if act or pas or depth > 4:
        return act, pas
    head = verb.head
    if head is verb:
        return [], []
    if verb.dep_ == "xcomp" and head.pos_ == "VERB" and (obj := next(
            (c for c in head.children if c.dep_ == "dobj" and c.i < verb.i), None)) is not None:
        return [obj], []  # object control: "urged the rebels to withdraw", "asked voters to reject it"
    if verb.dep_ in ("conj", "xcomp", "advcl") and head.pos_ in ("VERB", "AUX"):
        return _subjects(head, depth + 1)
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head is not head:  # "is willing to withdraw"
        return _subjects(head.head, depth + 1)
    if verb.dep_ == "acl":  # "a campaign to wipe out": the noun's governing verb acts
        if verb.tag_ == "VBN":  # "soldiers stationed", "a man killed": the noun is the theme
            return [], [head]
        if head.head is not head and head.dep_ in OBJ | SUBJ:
            return _subjects(head.head, depth + 1)
    if verb.dep_ == "relcl":
        return [head], []
    if verb.dep_ in ("pcomp",) and head.head.pos_ in ("VERB", "AUX"):
        return _subjects(head.head, depth + 1)
    return [], []


#: Common nouns that name a side able to act, as the owner of a noun of violence ("police firing", "an army
#: raid", "militant attacks"); other owners name the kind of act ("a suicide attack", "a night raid").
SIDE_NOUNS = {"police", "policeman", "army", "military", "troop", "soldier", "force", "militant", "rebel",
              "insurgent", "militia", "militiaman", "security", "government", "regime", "navy", "gunman", "jihadist",
              "guard", "officer", "coalition", "paramilitary", "commando", "gang", "terrorist", "separatist",
              "fighter", "extremist", "pirate", "bandit", "mob", "settler", "marine", "airforce", "enemy"}


def owners(noun: Any) -> list[Any]:
    """The owners of a noun of violence that name a side: "police firing", "the army's shelling", "security
    forces' gunfire", "a Taliban attack" -- not "a grenade attack", "a suicide attack"."""
    return [c for c in noun.children if c.i < noun.i and c.pos_ in ("NOUN", "PROPN")
            and c.dep_ in ("poss", "compound", "nmod") and not instrument(c)
            and (c.dep_ == "poss" or c.pos_ == "PROPN" or c.lemma_.lower() in SIDE_NOUNS)]


def instrument(tok: Any) -> bool:
    """Whether a token is a noun of violence or its means (or a gerund of one: "firing", "shelling")."""
    return tok.lemma_.lower() in INSTRUMENTS or tok.lower_ in INSTRUMENTS


def means_phrase(verb: Any) -> list[Any]:
    """The owners acting in a harm verb's means phrase: "killed in police firing", "died in army shelling",
    "killed by police bullets", "injured by security forces' gunfire". The parser often reads such a gerund
    as a verb on the owner ("police [firing]") or on the harm verb ("died in army [shelling]")."""
    out: list[Any] = []
    for prep in verb.children:
        if prep.dep_ not in ("prep", "agent") or prep.lower_ not in MEANS_PREPS:
            continue
        for p in prep.children:
            if p.dep_ != "pobj":
                continue
            if instrument(p):
                out += owners(p)
            nxt = p.doc[p.i + 1] if p.i + 1 < len(p.doc) else None
            if ((p.pos_ == "PROPN" or (p.pos_ == "NOUN" and p.lemma_.lower() in SIDE_NOUNS)) and nxt is not None
                    and nxt.tag_ == "VBG" and instrument(nxt) and nxt.head.i in (p.i, verb.i)):
                out.append(p)  # "in police [firing]": the gerund is the noun, the pobj its owner
    return out


def misread_gerund(tok: Any) -> Any | None:
    """For a gerund of violence the parser hung on its owner or on the harm verb ("killed in police firing",
    "died in army shelling"): the owner noun before it, else None."""
    if tok.tag_ != "VBG" or tok.i == 0:
        return None
    p = tok.doc[tok.i - 1]
    if (p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN") and p.head.lower_ in MEANS_PREPS
            and (p.pos_ == "PROPN" or p.lemma_.lower() in SIDE_NOUNS)
            and tok.head.i in (p.i, p.head.head.i)):
        return p
    return None


def _agents(verb: Any) -> list[Any]:
    return [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]


def _pobjs(tok: Any, preps: set[str]) -> list[Any]:
    return [p for c in tok.children if c.dep_ == "prep" and c.lower_ in preps for p in c.children if p.dep_ == "pobj"]


def verb_roles(verb: Any, kind: str) -> Roles:
    """Roles of a verb trigger; ``kind`` is the PLOVER type (AID/COOPERATE take "to"/"with" recipients)."""
    r = Roles()
    owner = misread_gerund(verb) if kind == "ASSAULT" else None
    if owner is not None:  # "died in army [shelling]": the army acts, the harm verb's subject is the victim
        harm = owner.head.head
        r.actor_tokens.append(owner)
        r.recipient_tokens += [c for c in harm.children if c.dep_ in SUBJ | PASS_SUBJ]
        r.recipient_tokens += [c for c in verb.children if c.dep_ in OBJ] + _pobjs(verb, {"of"})
        return r
    act, pas = _subjects(verb)
    agents = _agents(verb)
    if kind == "ASSAULT":  # "killed by police bullets": the owner of the means acts, not the bullets
        agents = [o for a in agents for o in (owners(a) if instrument(a) and owners(a) else [a])]
    harmed = kind == "ASSAULT" and verb.lemma_.lower() in HARMED
    if harmed and not pas and verb.lemma_.lower() in ("die", "perish"):
        act, pas = [], act  # "two civilians died in the shelling": they are its victims
    passive = bool(pas) or any(c.dep_ == "auxpass" for c in verb.children)
    if passive and not agents:
        # "was shot and wounded by two masked men"; "was killed in a shooting by armed men"
        for other in [*verb.conjuncts]:
            agents += _agents(other)
        for noun in _pobjs(verb, {"in", "during", "by"}):
            agents += [p for p in _pobjs(noun, {"by"})]
    if harmed and (passive or not act) and not agents:
        agents += means_phrase(verb)
    if passive:
        r.actor_tokens += agents
        r.recipient_tokens += pas
    else:
        r.actor_tokens += act
        for subj in act:  # "a bomb planted by the Taliban injured two soldiers": the planter acts
            for c in subj.children:
                if c.dep_ == "acl":
                    r.actor_tokens += [p for a in c.children if a.dep_ == "agent" for p in a.children
                                       if p.dep_ == "pobj"]
    r.recipient_tokens += [c for c in verb.children if c.dep_ in OBJ]
    if not r.recipient_tokens and not passive:  # "shot and injured a civilian", "arrested and beat a leader"
        for other in verb.conjuncts:
            r.recipient_tokens += [c for c in other.children if c.dep_ in OBJ]
    if kind in ("AID", "COOPERATE", "SUPPORT", "CONSULT", "AGREE", "REQUEST", "THREATEN"):
        r.recipient_tokens += _pobjs(verb, GIVE_PREPS)
    elif not r.recipient_tokens:
        r.recipient_tokens += _pobjs(verb, TARGET_PREPS)
    if kind == "ASSAULT":  # "opened fire on a convoy", "fired rockets at the base"
        for obj in [c for c in verb.children if c.dep_ in OBJ and c.lemma_.lower() in PROJECTILES]:
            r.recipient_tokens.remove(obj)
            r.recipient_tokens += _pobjs(obj, TARGET_PREPS)
    if kind == "ASSAULT" and not passive:  # "clashed with X", "fighting between X and Y"
        r.recipient_tokens += _pobjs(verb, {"with"})
    return r


def noun_roles(noun: Any, kind: str) -> Roles:
    """Roles of a noun trigger: possessor/compound/"by" act, "on"/"against" receive, light verbs lend subjects."""
    r = Roles()
    for c in noun.children:
        if (c.dep_ == "poss" and c.pos_ != "PRON") or (
                c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in ("NORP", "ORG", "GPE")):
            r.actor_tokens.append(c)
    if kind == "ASSAULT" and instrument(noun):  # "an army raid", "police firing": the owner acts
        r.actor_tokens += [o for o in owners(noun) if o not in r.actor_tokens]
    r.actor_tokens += _pobjs(noun, {"by"})
    between = _pobjs(noun, {"between", "among"})
    r.recipient_tokens += _pobjs(noun, TARGET_PREPS | ({"to", "with"} if kind in ("AID", "COOPERATE") else set())
                                 | ({"with"} if kind == "ASSAULT" else set()))
    for c in noun.children:  # "a bomb planted by the Taliban", "an attack claimed by IS"
        if c.dep_ == "acl":
            r.actor_tokens += [p for a in c.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    of = _pobjs(noun, {"of"})
    if of:
        if kind in ("RETREAT", "MOBILIZE", "PROTEST"):
            r.actor_tokens += of
        else:
            r.recipient_tokens += of
    head = noun.head
    if kind == "ASSAULT" and noun.dep_ == "pobj" and head.lower_ in MEANS_PREPS and head.head.pos_ == "VERB" \
            and head.head.lemma_.lower() in HARMED and instrument(noun):
        harm = head.head  # "traders were injured by security forces' gunfire": the harmed are its victims
        passive = any(c.dep_ == "auxpass" for c in harm.children)
        if passive or harm.lemma_.lower() in ("die", "perish"):
            r.recipient_tokens += [c for c in harm.children if c.dep_ in SUBJ | PASS_SUBJ]
    if not r.actor_tokens and noun.dep_ in OBJ | {"nsubjpass"} and head.lemma_.lower() in LIGHT_VERBS:
        act, _ = _subjects(head)
        r.actor_tokens += act
        agents = [p for c in head.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        r.actor_tokens += agents
    if not r.actor_tokens and noun.dep_ == "pobj" and head.lower_ in ("in", "during", "on", "for") \
            and head.head.pos_ == "VERB":
        act, _ = _subjects(head.head)  # "X was killed in a US raid" is handled by the compound; "X joined in"
        joins = head.head.lemma_.lower() in ("engage", "participate", "join", "take", "involve", "partake")
        r.actor_tokens += act if kind != "ASSAULT" or joins else []
    # "clashes between X and Y": both sides act; "a mediation effort between X and Y" by Z: X and Y receive
    if r.actor_tokens:
        r.recipient_tokens += between
    else:
        r.actor_tokens += between
    return r


def roles_for(trigger_tok: Any, kind: str) -> Roles:
    """Argument tokens of a trigger token, with conjuncts expanded."""
    r = noun_roles(trigger_tok, kind) if trigger_tok.pos_ in ("NOUN", "PROPN") else verb_roles(trigger_tok, kind)
    r.actor_tokens = [t for a in r.actor_tokens for t in with_conjuncts(a)]
    r.recipient_tokens = [t for a in r.recipient_tokens for t in with_conjuncts(a)]
    return r


def left_argument(doc: Document, verb: Any) -> str | None:
    """The actor named just left of a verb's auxiliaries, for clauses whose subject the parser lost
    ("... and supreme leader al-Baghdadi was also killed", "IS can build")."""
    pre = [c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < verb.i]
    first = min([verb.i, *pre])
    for i in range(first - 1, max(verb.sent.start, first - 7) - 1, -1):
        t = verb.doc[i]
        if t.is_punct or (t.pos_ == "VERB" and t.i != verb.i):
            return None
        actor = actor_for_span(doc, t.idx, t.idx + len(t.text))
        if actor is not None:
            return actor.id
    return None


def resolve_roles(doc: Document, roles: Roles, trigger_tok: Any) -> Roles:
    """Fill actor/recipient ids; when no object was parsed, take an actor named right after the trigger;
    when the subject was lost, the actor named just before the verb."""
    seen: set[str] = set()
    for tok in roles.actor_tokens:
        aid = resolve(doc, tok)
        if aid and aid not in seen:
            roles.actor_ids.append(aid)
            seen.add(aid)
    for tok in roles.recipient_tokens:
        aid = resolve(doc, tok)
        if aid and aid not in seen:
            roles.recipient_ids.append(aid)
            seen.add(aid)
    if trigger_tok.pos_ in ("VERB", "AUX"):
        passive = any(c.dep_ == "auxpass" for c in trigger_tok.children)
        own_subject = any(c.dep_ in SUBJ | PASS_SUBJ for c in trigger_tok.children)
        if not own_subject and ((passive and not roles.recipient_ids) or (not passive and not roles.actor_ids)):
            aid = left_argument(doc, trigger_tok)
            if aid and aid not in seen:
                (roles.recipient_ids if passive else roles.actor_ids).append(aid)
                seen.add(aid)
    if not roles.recipient_ids and trigger_tok.pos_ == "VERB" and not roles.recipient_tokens:
        sent = trigger_tok.sent
        after = [t for t in sent if trigger_tok.i < t.i <= trigger_tok.i + 4 and t.dep_ != "prt"]
        if after and not any(t.dep_ == "punct" or t.pos_ in ("VERB", "ADP") for t in after[:1]):
            for t in after[:3]:
                actor = actor_for_span(doc, t.idx, t.idx + len(t.text))
                if actor is not None and actor.id not in seen:
                    roles.recipient_ids.append(actor.id)
                    break
    return roles

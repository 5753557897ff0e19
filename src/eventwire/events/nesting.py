"""Triggers inside another event's phrase, or in a construction, that are no event of their own:

- **the people of another act**: a noun that names the people acting or suffering ("journalists were attacked by
  protesters", "the protesters' demands include ...", "rioters responded by throwing stones") is an argument of
  that act. Its side goes to the act; it makes no demonstration of its own.
- **what is asked for or talked about**: a noun in the content of a demand, an appeal, a threat or a discussion
  ("called for an investigation", "the demands include the release of the detainees", "the leaders discussed a
  ceasefire") is what the act of words is about, not an occurrence. A definite noun there that tells again an act
  already reported ("called for an inquiry into the shooting") is a mention of that act.
- **a reception**: "the plan was met with protests" is how something was received, not a meeting.
- **forces where they are**: "aircraft deployed to the region" describes them; it is no deployment.
- **the grounds of a verdict or an arrest**: "convicted of drug charges", "arrested on charges of fraud".
- **a view shared**: "the leaders agreed that the offensive must stop" is an opinion, not an agreement.
"""

from __future__ import annotations

from typing import Any

from ..model import Event
from .coref import is_back_reference, join, refers_to

#: Dependencies that make a noun an argument of the word it hangs on.
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "poss", "dative"})
#: Prepositions that introduce a side of an act ("attacked by", "fired on", "clashed with", "violence against").
SIDE_PREPS = frozenset({"by", "against", "on", "upon", "with", "between", "among", "at"})
#: Dependencies along which a verb passes its subject to the verbs of its clause ("responded by throwing",
#: "gathered and marched", "tried to storm").
SHARED_SUBJECT = frozenset({"xcomp", "advcl", "conj", "pcomp", "prep"})
#: Types of acts of words whose content names what is asked for, threatened or discussed.
CONTENT_HOLDERS = frozenset({"REQUEST", "THREATEN", "CONSULT"})
#: Dependencies climbed from a noun to the act whose content it is ("for an inquiry into the killing of").
CONTENT_CLIMB = frozenset({"dobj", "obj", "pobj", "prep", "conj", "appos", "compound", "nmod", "attr", "xcomp"})
#: Prepositions that introduce what a demand or a discussion is about ("called for", "an inquiry into", "talks on").
CONTENT_PREPS = frozenset({"for", "into", "of", "about", "on", "over", "regarding", "concerning", "upon"})
#: Acts that a people noun, as their subject, makes part of its own story ("protesters demand ..." is the protest):
#: only these acts take the noun as a mere side.
MATERIAL = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT"})
#: Verbs that only relate a content to its act ("the demands include ...", "their demand is ...").
LINKING = frozenset({"include", "be", "cover", "involve", "concern", "remain", "become"})


def _side_head(tok: Any) -> Any | None:
    """The word a people noun is a side of: its head, or the head of its side preposition."""
    if tok.dep_ in ARGUMENT_DEPS:
        return tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent") and tok.head.lower_ in SIDE_PREPS:
        return tok.head.head
    return None


def _clause_words(head: Any) -> list[Any]:
    """The head and the words of its clause that share its subject (not a clause with a subject of its own)."""
    out, todo = [head], [head]
    while todo:
        w = todo.pop()
        for c in w.children:
            if c.dep_ not in SHARED_SUBJECT or c in out:
                continue
            if c.pos_ in ("VERB", "AUX") and any(d.dep_ in ("nsubj", "nsubjpass") for d in c.children):
                continue
            out.append(c)
            todo.append(c)
    return out


def _is_subject_side(tok: Any) -> bool:
    return tok.dep_ in ("nsubj", "poss") or (tok.dep_ == "pobj" and tok.head.lower_ == "by")


def _content_of(tok: Any, by_token: dict[int, Event]) -> Event | None:
    """The act of words (a demand, threat or discussion) whose content the noun ``tok`` is in, or None."""
    t = tok
    for _ in range(6):
        if t.dep_ == "relcl" or t.head is t:
            return None
        if t.dep_ not in CONTENT_CLIMB and not (t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_ in LINKING):
            return None
        head = t.head
        if t.dep_ == "prep" and t.lower_ not in CONTENT_PREPS:
            return None  # "during the talks", "after the strike": when, not what
        if head.i in by_token and by_token[head.i].type in CONTENT_HOLDERS:
            return by_token[head.i]
        if head.lemma_ in LINKING and t.dep_ in ("dobj", "attr"):
            # "the demands include X": the subject of the linking verb is the act
            subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.i in by_token and by_token[subj.i].type in CONTENT_HOLDERS:
                return by_token[subj.i]
            return None
        if head.pos_ in ("VERB", "AUX"):
            return None  # another verb's object ("will be meeting ..., and will impose sanctions"): its own act
        t = head
    return None


def _reception(tok: Any) -> bool:
    """ "was met with protests": a passive meeting with something is how it was received."""
    return tok.lemma_ == "meet" and any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) and any(
        c.dep_ == "prep" and c.lower_ == "with" for c in tok.children)


def _shared_view(tok: Any) -> bool:
    """"agreed that the offensive must stop", "the governor agreed, saying ...": a view shared, not an agreement
    reached (which agrees to do something, on or to a thing, or agrees a deal)."""
    if tok.lemma_.lower() != "agree" or tok.pos_ not in ("VERB", "AUX"):
        return False
    kids = list(tok.children)
    if any(c.dep_ in ("xcomp", "dobj", "obj") for c in kids):
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("on", "to", "upon", "with") for c in kids):
        return False
    return True


#: Verbs of a judicial outcome or of custody whose "of/on/for" phrase gives the grounds, not a new accusation.
OUTCOME_VERBS = frozenset({"convict", "sentence", "jail", "imprison", "acquit", "plead", "arrest", "detain", "hold",
                           "clear", "find", "fine", "execute", "extradite", "release", "pardon"})


def _grounds(tok: Any) -> bool:
    """A noun of accusation that gives the grounds of a conviction or an arrest ("was convicted of drug
    charges", "pled guilty to charges", "arrested on charges of fraud")."""
    t = tok
    while t.dep_ in ("conj", "appos") and t.head is not t:
        t = t.head
    prep = t.head
    return t.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ in ("of", "on", "for", "over", "to") and \
        prep.head.lemma_.lower() in OUTCOME_VERBS


def _stationed(tok: Any) -> bool:
    """A participle that describes forces where they are ("aircraft deployed to the region", "troops stationed
    there"), with no time of its own: where they are, not a deployment."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and not any(t.ent_type_ in ("DATE", "TIME") for t in tok.subtree)


def _no_event(ev: Event, tok: Any) -> bool:
    """A reception, forces where they are, a view shared, the grounds of a verdict (see the module docstring)."""
    if ev.type == "CONSULT":
        return tok.pos_ == "VERB" and _reception(tok)
    if ev.type == "AGREE":
        return _shared_view(tok)
    if ev.type == "MOBILIZE":
        return _stationed(tok)
    if ev.type in ("ACCUSE", "REJECT"):
        return tok.pos_ in ("NOUN", "PROPN") and _grounds(tok)
    return False


def fold_nested(doc: Any, events: list[tuple[Event, Any]], agents: set[int]) -> list[tuple[Event, Any]]:
    """Drop (or join) the triggers that lie inside another event's phrase (see the module docstring).
    ``events`` are in text order; ``agents`` are the trigger tokens that name people."""
    by_token = {tok.i: ev for ev, tok in events}
    dropped: set[int] = set()
    renamed: dict[str, str | None] = {}
    for ev, tok in events:
        if _no_event(ev, tok):
            renamed[ev.id] = None
            dropped.add(id(ev))
            continue
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if tok.i in agents:
            head = _side_head(tok)
            acts = [] if head is None else [by_token[w.i] for w in _clause_words(head)
                                            if w.i in by_token and w.i != tok.i and id(by_token[w.i]) not in dropped]
            # an act of the noun's own type in the clause ("protesters gathered and blocked"): one act, which
            # coreference folds with the noun's event
            act = None if any(a.type == ev.type for a in acts) else next(iter(acts), None)
            if act is not None and _is_subject_side(tok) and act.type not in MATERIAL:
                act = None  # "protesters demand a recount": the words are the protest's, the protest stays
            if act is not None:
                renamed[ev.id] = act.id
                if _is_subject_side(tok) and not act.actors:
                    act.actors = [a for a in ev.actors if a not in act.recipients]
                dropped.add(id(ev))
            continue
        holder = _content_of(tok, by_token)
        if holder is None or holder is ev or id(holder) in dropped or ev.background or holder.type == ev.type:
            continue  # "host a meeting", "demanded a demand": the same act, left to coreference
        if holder.type != "CONSULT" and not holder.recipients:
            # "called for sanctions against X", "demanded the withdrawal of Y's forces": whom the demand is on
            holder.recipients = [r for r in (ev.recipients or ev.actors) if r not in holder.actors]
        if is_back_reference(tok):
            here = tok.sent.start
            as_actual = ev.model_copy(update={"modality": "actual"})
            target = next((e for e, t in reversed(events) if t.i < here and id(e) not in dropped
                           and e.modality == "actual" and refers_to(doc, as_actual, e)), None)
            if target is not None:
                join(target, ev)
                renamed[ev.id] = target.id
        renamed.setdefault(ev.id, None)
        dropped.add(id(ev))
    kept = [(ev, tok) for ev, tok in events if id(ev) not in dropped]
    for ev, _tok in kept:
        if ev.about in renamed:
            ev.about = renamed[ev.about]
    return kept

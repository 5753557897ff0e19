"""Modality of an event: actual, planned, hypothetical or negated, read from the trigger's clause.

planned: "will launch", "plan to", "is expected to", "to launch"; hypothetical: "if ...", "could", "may",
"might", "would"; negated: "not", "never", "no", "denied", "failed to", a subject that is no one ("no soldiers
were hurt", "nobody died"), an act whose witnessing is denied ("protests were not reported").
"""

from __future__ import annotations

from typing import Any

from ..model import Modality

HYPOTHETICAL_AUX = {"could", "may", "might", "would", "can", "should"}
PLANNED_AUX = {"will", "shall", "'ll", "wo"}
NEGATORS = {"not", "n't", "never", "no", "neither", "nor"}
#: Governing verbs that make their complement planned / negated / hypothetical.
PLAN_VERBS = {
    "plan", "intend", "expect", "aim", "prepare", "vow", "pledge", "promise", "threaten", "seek", "want", "decide",
    "schedule", "propose", "hope", "mean", "agree", "order", "call", "urge", "demand", "ask",
    "consider", "wish", "need", "push", "plot", "scheme", "swear",
}
#: Verbs of saying after which "would" is the future of the past ("said they would boycott").
REPORTING_VERBS = {"say", "announce", "tell", "state", "declare", "confirm", "add", "warn", "insist", "promise",
                   "pledge", "vow", "report", "indicate", "claim", "write", "decide"}
NEGATING_VERBS = {"deny", "fail", "refuse", "reject", "refute", "dismiss", "prevent", "avert",
                  "abandon", "cancel", "halt", "stop", "avoid", "decline"}
HYPOTHETICAL_MARKS = {"if", "unless", "whether", "lest"}
PLANNED_MODIFIERS = {"planned", "upcoming", "future", "proposed", "imminent", "expected", "scheduled", "coming",
                     "forthcoming", "intended", "possible", "potential", "likely"}
#: Dependencies climbed from a trigger to its clause: a noun trigger takes its verb's modality.
CLIMB = {"xcomp", "acl", "conj", "dobj", "nsubj", "nsubjpass", "pobj", "prep", "pcomp", "attr", "oprd", "compound",
         "appos", "dative", "obj", "npadvmod", "agent"}
#: Subjects that deny the act of their verb ("no soldiers were hurt", "nobody was killed").
NO_ONE = {"nobody", "none", "noone"}
#: Verbs of witnessing: "protests were not reported" denies the protests themselves.
WITNESS_VERBS = {"report", "record", "see", "observe", "confirm", "hear", "register", "detect", "document"}


def _denied_subject(verb: Any) -> bool:
    """Whether the verb's subject says no one did or underwent it: "no soldiers were injured", "nobody died"."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.lower_ in NO_ONE or (c.lower_ == "one" and any(d.lower_ == "no" for d in c.children)):
                return True
            if any(d.dep_ == "det" and d.lower_ == "no" for d in c.children):
                return True
    return False


def _markers(tok: Any) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "mark", "det", "advmod")}


def modality_of(trigger: Any) -> Modality:
    """The modality of the event a trigger token names."""
    hyp = planned = False
    negated = False
    tok = trigger
    first = True
    steps = 0
    via_conj = via_subject = via_coord = via_passive_subject = False
    would_only = True  # the only modal seen so far is "would"
    conditional = False
    while True:
        marks = _markers(tok)
        if first and tok.pos_ in ("VERB", "AUX") and _denied_subject(tok):
            negated = True
        if (not first and via_passive_subject and tok.lemma_.lower() in WITNESS_VERBS
                and any(c.dep_ == "neg" for c in tok.children)):
            negated = True  # "protests were not reported"
        if marks & NEGATORS and not via_conj:
            if first or tok.pos_ in ("VERB", "AUX") or any(c.dep_ == "neg" for c in tok.children):
                negated = True
        if marks & HYPOTHETICAL_AUX:
            hyp = True
            would_only = would_only and not (marks & (HYPOTHETICAL_AUX - {"would"}))
        if marks & PLANNED_AUX or (tok.lower_ == "going" and any(c.lower_ == "to" for c in tok.children)):
            planned = True
        if tok.pos_ in ("NOUN", "PROPN") and any(
            c.lower_ in PLANNED_MODIFIERS for c in tok.children if c.dep_ in ("amod", "compound")
        ):
            planned = True
        if not first and tok.pos_ in ("VERB", "AUX") and not via_subject and not via_coord:
            lemma = tok.lemma_.lower()
            if lemma in NEGATING_VERBS:
                negated = True
            elif lemma in PLAN_VERBS:
                planned = True
        if marks & HYPOTHETICAL_MARKS and tok.dep_ in ("advcl", "ccomp", "ROOT", "conj"):
            hyp = conditional = True
        if any(c.dep_ == "advcl" and any(m.lower_ in HYPOTHETICAL_MARKS for m in c.children) for c in tok.children):
            conditional = True  # "would withdraw unless ...": a condition hangs on the clause
        head = tok.head
        steps += 1
        if head is tok or steps > 8:
            break
        bare_advcl = tok.dep_ == "advcl" and not any(
            c.dep_ in ("mark", "aux", "nsubj", "nsubjpass", "advmod") for c in tok.children)
        if bare_advcl:  # "IS can build a network, free the militants": a coordinated clause
            via_conj, via_subject, via_coord, first, tok = True, False, True, False, head
            steps += 1
            continue
        if tok.dep_ == "advcl":
            # infinitive of purpose ("shunned work to protest", "fired tear gas to disperse"): done with the act
            if any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children):
                via_conj, via_subject, via_coord, first, tok = True, False, True, False, head
                steps += 1
                continue
            break
        if tok.dep_ == "ccomp":  # reported speech: "denied that", "said it would"
            lemma = head.lemma_.lower()
            if hyp and would_only and lemma in REPORTING_VERBS and not conditional:
                hyp, planned = False, True  # "said they would boycott": the future of the past
            if lemma in NEGATING_VERBS:
                negated = True
            elif lemma in PLAN_VERBS - {"announce"}:
                planned = True
            break
        if tok.dep_ not in CLIMB:
            break
        perfect = any(c.lower_ == "have" and c.dep_ == "aux" for c in tok.children)  # "claimed to have killed"
        infinitive = any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children)  # not "following", "hostage"
        if not perfect and infinitive and tok.dep_ in ("xcomp", "acl"):
            if head.lemma_.lower() not in ("begin", "start", "continue", "manage", "succeed", "keep", "use", "claim",
                                           "say", "report", "appear", "seem", "happen", "try", "attempt"):
                planned = True
        via_conj = tok.dep_ in ("conj", "nsubj", "nsubjpass")  # no negation through these
        via_subject = tok.dep_ == "nsubj"  # "protesters demanded": the verb does not plan the protest
        via_passive_subject = tok.dep_ == "nsubjpass"
        via_coord = tok.dep_ == "conj"  # "repulsed the attack and killed": no lemma of the other verb
        first = False
        tok = head
    if negated:
        return "negated"
    if hyp:
        return "hypothetical"
    if planned:
        return "planned"
    return "actual"

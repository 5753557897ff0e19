"""Trigger detection: tokens of a sentence whose lemma (plus syntax) names an event in the lexicon."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lexicon import Lexicon, TriggerEntry

#: spaCy tags of verb forms that the tagger sometimes calls ADJ ("wounded", "armed").
VERB_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"}
#: Named-entity labels whose words are names, not events ("Operation Enduring Freedom" stays a trigger).
#: Nouns whose compound modifier still names the event ("mediation effort", "rescue mission").
EVENT_HEADS = {"effort", "mission", "operation", "campaign", "process", "attempt", "plan", "talk", "deal",
               "initiative", "action", "drive", "bid", "exercise", "activity"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "LAW"}


@dataclass
class Trigger:
    """A token that triggers an event, its character span (with particle/compound) and the lexicon entry."""

    token: Any  # spacy.tokens.Token
    start: int
    end: int
    entry: TriggerEntry


def _pos(tok: Any) -> str:
    if tok.pos_ in ("VERB", "AUX") or tok.tag_ in VERB_TAGS:
        return "VERB"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return tok.pos_


def _words(toks: Any) -> set[str]:
    out: set[str] = set()
    for t in toks:
        out.add(t.lower_)
        out.add(t.lemma_.lower())
    return out


def _matches(tok: Any, entry: TriggerEntry, sent_text: str) -> tuple[bool, list[Any]]:
    pos = _pos(tok)
    if pos not in entry.pos and not (pos == "ADJ" and "ADJ" in entry.pos):
        return False, []
    kids = list(tok.children)
    prev = tok.doc[tok.i - 1] if tok.i > tok.sent.start else None
    near = kids + ([prev] if prev is not None and prev.dep_ in ("compound", "amod", "nmod") else [])
    extra: list[Any] = []
    if entry.with_:
        # a preposition or particle of the entry follows its verb or noun ("called on", "call for"), never an
        # adverbial that opens the clause ("On Friday, he called the blast an attack")
        hits = [t for t in near if (t.lower_ in entry.with_ or t.lemma_.lower() in entry.with_)
                and not (t.pos_ in ("ADP", "PART") and t.i < tok.i)]
        if not hits:
            return False, []
        extra = [t for t in hits if abs(t.i - tok.i) <= 3]
    if entry.without and (_words(kids) | _words([tok.head])) & entry.without:
        return False, []
    if entry.cue is not None and not entry.cue.search(sent_text):
        return False, []
    if entry.not_cue is not None and entry.not_cue.search(sent_text):
        return False, []
    if entry.objects:
        objs = [c for c in kids if c.dep_ in ("dobj", "obj", "nsubjpass")]
        # "provided Ukraine with $500 million": what is handed over after "with"
        objs += [p for c in kids if c.dep_ == "prep" and c.lower_ == "with" for p in c.children if p.dep_ == "pobj"]
        objs += [c for o in list(objs) for c in o.children if c.dep_ == "conj"]  # "weapons and ammunition"
        # "700 kg of medicine", "$50,000 worth of goods": the thing measured
        objs += [p for o in list(objs) for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                 for p in c.children if p.dep_ == "pobj"]
        if not any(o.ent_type_ in entry.objects or o.lemma_.lower() in entry.objects or o.lower_ in entry.objects
                   for o in objs):
            return False, []
    return True, extra


def _participle_read_as_noun(tok: Any) -> bool:
    """A verb's -ing form the tagger took for a noun after another noun ("a demonstration denouncing the
    fees"): the noun before it heads its own phrase."""
    return tok.tag_ == "NN" and tok.lower_.endswith("ing") and tok.i + 1 < len(tok.doc) and \
        tok.doc[tok.i + 1].pos_ in ("DET", "SCONJ", "PRON", "ADP", "PROPN")


#: Craft and arms that an act's noun classifies ("attack helicopter", "strike aircraft", "assault rifle").
CRAFT = frozenset({"aircraft", "airplane", "plane", "jet", "helicopter", "drone", "submarine", "ship", "boat", "vessel",
                   "craft", "rifle", "weapon", "dog", "squadron", "group", "force", "package", "capability"})
#: Kinds of aircraft or vessel named beside an act's noun in a list of craft.
CRAFT_KINDS = frozenset({"bomber", "fighter", "tanker", "transport", "reconnaissance", "surveillance"})


def _listed_with_craft(tok: Any) -> bool:
    """Whether a noun heads a list that ends in craft ("attack, bomber, fighter and remotely piloted aircraft")."""
    todo, seen = [tok], set()
    while todo:
        t = todo.pop()
        for c in t.children:
            if c.dep_ == "conj" and c.i not in seen:
                if c.lemma_.lower() in CRAFT or c.lemma_.lower() in CRAFT_KINDS:
                    return True
                seen.add(c.i)
                todo.append(c)
    return False


#: Verbs of being in a state: "is under attack", "remains under investigation" (not "came under fire",
#: "was placed under arrest": those are acts).
STATE_VERBS = frozenset({"be", "remain", "stay", "live", "keep"})


def _state_under(tok: Any) -> bool:
    """A noun after "under" that says a state something is in ("is under attack", "a city under siege")."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "under":
        return False
    return prep.head.pos_ in ("NOUN", "PROPN", "PRON") or prep.head.lemma_.lower() in STATE_VERBS


def find_triggers(sent: Any, lexicon: Lexicon) -> list[Trigger]:
    """Every trigger in one spaCy sentence, at most one per token, in text order."""
    out: list[Trigger] = []
    text = sent.text
    for tok in sent:
        if tok.is_punct or tok.is_stop and tok.lemma_.lower() not in lexicon.by_lemma:
            continue
        if (tok.ent_type_ in NAME_LABELS and tok.pos_ == "PROPN") or tok.ent_type_ in ("DATE", "TIME"):
            continue
        cands = lexicon.by_lemma.get(tok.lemma_.lower()) or lexicon.by_lemma.get(tok.lower_) or ()
        if tok.i >= sent.start + 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ == "re":
            # "re-captured" split by the tokenizer: the prefixed verb decides ("recapture", not "capture")
            cands = lexicon.by_lemma.get("re" + tok.lemma_.lower()) or cands
        if not cands:
            continue  # the syntax checks below only for the words of the lexicon
        if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") and \
                tok.head.lemma_.lower() not in EVENT_HEADS and not _participle_read_as_noun(tok.head):
            continue  # "patrol agents", "protest leaders"; not "staged a demonstration denouncing ..."
        if tok.dep_ in ("nmod", "amod") and tok.head.lemma_.lower() in CRAFT:
            continue  # "attack, bomber and fighter aircraft", "an assault rifle": a kind of craft or weapon
        if tok.pos_ == "NOUN" and _listed_with_craft(tok):
            continue  # "the U.S. employed attack, bomber and fighter aircraft": a kind of aircraft in a list
        if _state_under(tok):
            continue  # "wherever it is under attack", "remains under investigation": a state, not an act
        named_people = tok.tag_ in ("VBN", "VBD") and any(c.dep_ == "det" for c in tok.children)
        for entry in cands:
            if named_people and entry.type in ("ACCUSE", "COERCE"):
                continue  # "the accused remain in custody", "the detained": a participle naming people
            ok, extra = _matches(tok, entry, text)
            if not ok:
                continue
            toks = [tok, *extra, *[c for c in tok.children if c.dep_ == "prt"]]
            start = min(t.idx for t in toks)
            end = max(t.idx + len(t.text) for t in toks)
            out.append(Trigger(token=tok, start=start, end=end, entry=entry))
            break
    return out

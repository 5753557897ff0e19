"""Natural and accidental causes: "a fire killed five", "eleven died in the collapse", "the flood destroyed
200 homes" name deaths and destruction that no side inflicted, and so no political event.

The cause of a violent trigger is read from the parse: the subject of an active verb ("the blaze killed"),
the agent of a passive ("were killed by a landslide"), the object of "in/from/during/after" ("died in a
crash", "deaths from cholera"), and for a participle clause ("a fire swept through the camp, killing nine")
the subject of the clause it hangs on. The words are data (``hazards.yaml``): hazard nouns, modifiers that
make one a weapon instead ("tank fire", "Israeli fire"), and signs of intent ("set by arsonists", "arson").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..resources import load_yaml

#: Prepositions whose object can be the cause of a death or injury.
CAUSE_PREPS = frozenset({"in", "from", "during", "after", "by", "amid", "due", "because"})
#: Entity labels that make a modifier a side ("Israeli fire", "Hamas rocket fire").
SIDE_LABELS = frozenset({"NORP", "ORG", "GPE", "PERSON"})


@dataclass(frozen=True)
class Hazards:
    """The words of ``hazards.yaml``."""

    causes: frozenset[str]
    verbs: frozenset[str]
    hostile: frozenset[str]
    deliberate_verbs: frozenset[str]
    deliberate: re.Pattern[str]


@lru_cache(maxsize=4)
def load_hazards(data_dir: Path | None = None) -> Hazards:
    data = load_yaml("hazards.yaml", data_dir) or {}
    try:
        return Hazards(
            causes=frozenset(str(w).lower() for w in data.get("causes") or ()),
            verbs=frozenset(str(w).lower() for w in data.get("cause_verbs") or ()),
            hostile=frozenset(str(w).lower() for w in data.get("hostile_modifiers") or ()),
            deliberate_verbs=frozenset(str(w).lower() for w in data.get("deliberate_verbs") or ()),
            deliberate=re.compile(data.get("deliberate_words") or r"(?!x)x", re.I),
        )
    except (re.error, TypeError, AttributeError) as e:
        raise ConfigError(f"bad hazards.yaml: {e}") from e


def _is_hazard(noun: Any, hz: Hazards) -> bool:
    """A noun naming a hazard, with nothing making it a weapon or a deliberate act."""
    if noun.lemma_.lower() not in hz.causes and noun.lower_ not in hz.causes:
        return False
    for child in noun.children:
        words = {child.lemma_.lower(), child.lower_}
        if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod", "nummod"):
            for t in child.subtree:  # "Afghan forces fire": a modifier of the modifier names the side
                if t.ent_type_ in SIDE_LABELS or {t.lemma_.lower(), t.lower_} & hz.hostile:
                    return False
        if child.dep_ in ("acl", "relcl") and words & hz.deliberate_verbs:
            return False
    return True


def _causes(tok: Any) -> list[Any]:
    """The nouns that may name what caused the event of ``tok``."""
    out: list[Any] = []
    for child in tok.children:
        if child.dep_ in ("nsubj", "csubj"):
            out.append(child)
        elif child.dep_ in ("agent", "prep") and child.lower_ in CAUSE_PREPS:
            out.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
            for g in child.children:  # "due to", "because of"
                if g.dep_ == "pcomp" or g.dep_ == "prep":
                    out.extend(x for x in g.children if x.dep_ == "pobj")
    if tok.dep_ in ("advcl", "xcomp", "conj", "acl") and tok.tag_ in ("VBG", "VBN", "VBD"):
        out.extend(c for c in tok.head.children if c.dep_ == "nsubj")  # "a fire swept through..., killing nine"
    if tok.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in tok.children):
        out.append(tok.head)  # "the fire, which also injured a man"
    if tok.dep_ == "acl" and any(c.dep_ == "dobj" for c in tok.children):
        out.append(tok.head)  # "A fire destroyed 200 homes" parsed as a reduced relative on "fire"
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "NOUN":  # "deaths ... were caused by the storm"
        out.extend(_causes(tok.head))
    if tok.dep_ == "conj" and tok.head is not tok:  # "..., injuring 30 and damaging 200 homes": the first verb's cause
        out.extend(_causes(tok.head))
    if tok.dep_ == "xcomp" and tok.tag_ == "VB":  # "the quake caused buildings to collapse or be damaged"
        out.extend(c for c in tok.head.children if c.dep_ == "nsubj")
    return out


def natural_cause(tok: Any, hz: Hazards) -> Any | None:
    """The hazard that caused the event of trigger token ``tok`` ("fire" in "a fire killed five"), or None
    when it has none, or the sentence speaks of intent (arson, a bomb, an attack)."""
    found = next((c for c in _causes(tok) if _is_hazard(c, hz)), None)
    if found is None and tok.dep_ in ("advcl", "xcomp", "conj") and tok.tag_ == "VBG":
        head = tok.head  # "the block collapsed, killing eleven"
        if head.pos_ == "VERB" and head.lemma_.lower() in hz.verbs:
            found = head
    if found is None:
        return None
    if hz.deliberate.search(tok.sent.text):
        return None
    return found

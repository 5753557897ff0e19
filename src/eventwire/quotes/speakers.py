"""Speakers: the source span of a quote resolved to an actor of ``doc.actors``.

- a name or noun phrase: the actor with a mention over the phrase's head, else any mention in it
  (:func:`eventwire.spans.actor_for_span`);
- a pronoun ("he said"): the nearest actor mentioned before it that agrees (he/she: a person;
  it: an organisation; they: an organisation or group);
- a document ("the report said"): the organisation that released it, when the text says so
  earlier ("In a report released on ..., the Pentagon said"; "the ministry issued a statement";
  "the Pentagon's report"; "a report by the Pentagon").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Actor, Document
from ..spans import actor_for_span, overlaps
from .cues import Lexicon

Token = Any
SpacyDoc = Any

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"it", "they", "them"})
PERSON_KINDS = frozenset({"person", "individual", "people", "politician", "official"})
_RELEASE_VERBS = frozenset({
    "release", "issue", "publish", "produce", "send", "file", "submit", "present", "write", "unveil",
    "prepare", "commission", "post", "deliver", "make", "put", "circulate", "distribute", "sign",
})
_LOOKBACK_SENTS = 6


@dataclass
class SpeakerResolver:
    """Resolves speaker spans of one document; built once per document."""

    doc: Document
    sdoc: SpacyDoc
    lex: Lexicon
    _ent_labels: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for e in self.sdoc.ents:
            for t in e:
                self._ent_labels[t.idx] = e.label_

    def resolve(self, head_i: int | None, start: int, end: int) -> Actor | None:
        """The actor a speaker span refers to, or None."""
        if head_i is None:
            return actor_for_span(self.doc, start, end)
        head = self.sdoc[head_i]
        low = head.lower_
        if head.pos_ == "PRON" or low in PERSON_PRONOUNS or low in GROUP_PRONOUNS:
            if low in PERSON_PRONOUNS:
                return self._antecedent(head.idx, person=True)
            if low in GROUP_PRONOUNS:
                return self._antecedent(head.idx, person=False)
            return None
        if head.lemma_.lower() in self.lex.report_nouns and not self._has_name(head):
            found = self._releaser(head)
            if found is not None:
                return found
        actor = actor_for_span(self.doc, head.idx, head.idx + len(head))
        return actor or actor_for_span(self.doc, start, end)

    def is_person(self, actor: Actor) -> bool:
        """Whether an actor is a person: by its kind, else by the named-entity label of its mentions."""
        kind = (actor.kind or "").lower()
        if kind:
            if kind in PERSON_KINDS:
                return True
            if kind not in ("unknown", "other"):
                return False
        return any(self._ent_labels.get(m.start) == "PERSON" for m in actor.mentions)

    def _antecedent(self, before: int, *, person: bool) -> Actor | None:
        best: tuple[int, Actor] | None = None
        for actor in self.doc.actors:
            if self.is_person(actor) != person:
                continue
            for m in actor.mentions:
                if m.end <= before and (best is None or m.end > best[0]):
                    best = (m.end, actor)
        return best[1] if best else None

    def _has_name(self, head: Token) -> bool:
        """Whether the report phrase names its author itself ("the Pentagon report")."""
        return any(c.dep_ in ("compound", "poss") and c.pos_ == "PROPN" for c in head.children)

    def _releaser(self, head: Token) -> Actor | None:
        """The organisation that released the report/statement ``head`` refers back to."""
        lemma = head.lemma_.lower()
        first_sent = head.sent.start
        sents = list(self.sdoc.sents)
        idx = next((k for k, s in enumerate(sents) if s.start == first_sent), 0)
        window = sents[max(0, idx - _LOOKBACK_SENTS): idx + 1]
        for sent in reversed(window):
            for t in reversed(list(sent)):
                if t.i >= head.i or t.lemma_.lower() != lemma:
                    continue
                author = self._author_of(t)
                if author is not None:
                    actor = self.resolve(author.i, *_np_bounds(author))
                    if actor is not None:
                        return actor
        return None

    def _author_of(self, t: Token) -> Token | None:
        for c in t.children:
            if c.dep_ == "poss":
                return c
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        verb = None
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.lower_ in ("in", "through"):
            verb = t.head.head  # "In a report ..., the Pentagon said"
        elif t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_.lower() in _RELEASE_VERBS:
            verb = t.head  # "the ministry issued a statement"
        if verb is None:
            return None
        for c in verb.children:
            if c.dep_ == "nsubj":
                return c
            if c.dep_ == "agent":
                return next((p for p in c.children if p.dep_ == "pobj"), None)
        return None


def _np_bounds(tok: Token) -> tuple[int, int]:
    left = min((t for t in tok.subtree), key=lambda t: t.i)
    return left.idx, tok.idx + len(tok)


def speaker_overlaps(actor: Actor, start: int, end: int) -> bool:
    """Whether one of the actor's mentions overlaps [start, end)."""
    return any(overlaps(m.start, m.end, start, end) for m in actor.mentions)

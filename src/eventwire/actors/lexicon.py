"""The dictionary compiled into spaCy PhraseMatchers, once per (model, data folder).

Case-aware: single-token aliases and aliases with an acronym ("IS", "SDF", "US Central Command")
match the exact spelling (or all capitals); other multi-word aliases match case-insensitively but
must show a capital letter in the text. Country names and demonyms and identity groups are
matched exactly; force nouns ("troops", "Defense Ministry") case-insensitively.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.matcher import PhraseMatcher

from .dictionary import ActorDictionary

_CACHE: dict[tuple[int, int], Lexicon] = {}


@dataclass(frozen=True)
class Hit:
    """One phrase match in token offsets: ``kind`` is dict|country|identity|force."""

    kind: str
    start: int
    end: int
    value: Any  # dict: tuple of entry ids; country: ISO3; identity: group name; force: category


class Lexicon:
    """PhraseMatchers for aliases, country references, identity groups and force nouns."""

    def __init__(self, vocab: Any, dictionary: ActorDictionary) -> None:
        import spacy

        self.dictionary = dictionary
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.targets: dict[str, Any] = {}
        make = spacy.blank("en", vocab=vocab).make_doc  # the English tokenizer, as in the models

        by_alias: dict[str, list[str]] = {}
        for e in dictionary.entries.values():
            for a in (e.name, *e.aliases):
                a = a[4:] if a.lower().startswith("the ") else a
                if a and e.id not in by_alias.setdefault(a, []):
                    by_alias[a].append(e.id)
        exact: dict[str, list[Any]] = {}
        lower: dict[str, list[Any]] = {}
        for i, (alias, ids) in enumerate(by_alias.items()):
            label = f"D{i}"
            self.targets[label] = ("dict", tuple(ids))
            doc = make(alias)
            if len(doc) == 1 or any(t.is_upper and len(t.text) >= 2 for t in doc):
                variants = {alias, alias.upper()}
                if alias.islower():
                    variants.add(alias.capitalize())
                exact[label] = [make(v) for v in variants]
            else:
                lower[label] = [doc]

        for c in dictionary.countries.values():
            label = f"C{c.iso3}"
            self.targets[label] = ("country", c.iso3)
            plurals = [d + "s" for d in c.demonyms if d[-1:] in ("n", "i") and " " not in d]  # "Afghans", "Iraqis"
            exact[label] = [make(v) for n in (*c.names, *c.demonyms, *plurals, *c.capitals) for v in {n, n.upper()}]
        for i, g in enumerate(dictionary.identity_groups):
            label = f"E{i}"
            self.targets[label] = ("identity", g)
            exact[label] = [make(v) for v in {g, g.upper()}]
        for cat in set(dictionary.force_nouns.values()):
            label = f"F{cat}"
            self.targets[label] = ("force", cat)
            lower[label] = [make(p) for p, c in dictionary.force_nouns.items() if c == cat]

        for label, docs in exact.items():
            self.exact.add(label, docs)
        for label, docs in lower.items():
            self.lower.add(label, docs)

    def hits(self, sdoc: Any) -> list[Hit]:
        """All matches in a parsed document, unfiltered (overlaps included)."""
        out = []
        strings = sdoc.vocab.strings
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(sdoc):
                kind, value = self.targets[strings[match_id]]
                out.append(Hit(kind, start, end, value))
        out.sort(key=lambda h: (h.start, -h.end))
        return out


def lexicon_for(vocab: Any, dictionary: ActorDictionary) -> Lexicon:
    """The compiled lexicon for a spaCy vocab, built on first use and kept for the process."""
    key = (id(vocab), id(dictionary))
    lex = _CACHE.get(key)
    if lex is None:
        lex = _CACHE[key] = Lexicon(vocab, dictionary)
    return lex

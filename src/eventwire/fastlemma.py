"""The same lemmas as spaCy's rule ``lemmatizer``, each worked out once per distinct token.

spaCy's rule lemmatizer keeps what its rules find per (word, part of speech, morphology), but not the
answers of its early exits: a singular noun, a positive adjective, an infinitive (most tokens) is worked
out again on every occurrence, through ``Token.morph.to_dict()``; and every token is a ``Token`` object
made for the loop. Its answer depends only on those three values (and its tables, which do not change), so
:func:`speed_up` keeps every answer, the early exits included, reads the three values for the whole
document from ``Doc.to_array``, and asks the lemmatizer itself only for a combination not seen before. The
lemmas are written back with ``Doc.from_array``, where the lemmatizer would have set them (tokens with no
lemma yet, or all of them when it overwrites): the same lemmas as the lemmatizer's own loop. Its rules test
whether a candidate form is a known word of the part of speech in a list of up to 57,000 words, a linear
scan per test (most of a cold run's time): the lists become sets, which answer the same.
"""

from __future__ import annotations

from typing import Any

#: Distinct (word, part of speech, morphology) kept before the table starts again (a bound on memory).
MAX_KEYS = 200_000


class CachedLemmas:
    """Drop-in for ``Lemmatizer.__call__`` of a rule lemmatizer (set as the instance's ``pipe``)."""

    def __init__(self, lemmatizer: Any) -> None:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if lemmatizer.mode != "rule":
            raise ValueError("only the rule lemmatizer")
        self.lemmatizer = lemmatizer
        self.columns = [ORTH, POS, MORPH, LEMMA]
        self.lemma_column = [LEMMA]
        self.table: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Any) -> Any:
        lem = self.lemmatizer
        if not lem._validated:  # what the lemmatizer checks before its first document
            from spacy.errors import Errors

            lem._validate_tables(Errors.E1004)
        if not len(doc):
            return doc
        import numpy

        strings = doc.vocab.strings
        rows = doc.to_array(self.columns).tolist()
        table, overwrite = self.table, lem.overwrite
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if overwrite or lemma == 0:
                key = (orth, pos, morph)
                lemma = table.get(key, 0)
                if not lemma:
                    if len(table) >= MAX_KEYS:
                        table.clear()
                    lemma = table[key] = strings.add(lem.lemmatize(doc[i])[0])
            lemmas.append(lemma)
        doc.from_array(self.lemma_column, numpy.asarray(lemmas, dtype="uint64").reshape(-1, 1))
        return doc

    def pipe(self, stream: Any, batch_size: int = 128) -> Any:
        for doc in stream:
            yield self(doc)


def speed_up(lemmatizer: Any) -> bool:
    """Make a rule ``lemmatizer`` find its lemmas through :class:`CachedLemmas` in ``nlp.pipe`` (``nlp(text)``
    calls the component itself and keeps its own loop: the same lemmas); False (and the lemmatizer
    unchanged) for another mode."""
    try:
        fast = CachedLemmas(lemmatizer)
        index = lemmatizer.lookups.get_table("lemma_index", None)
    except (ValueError, AttributeError):
        return False
    if index is not None:
        # the words known per part of speech are lists (57,000 nouns): each word the rules try was a linear
        # scan, about 0.1 ms; a set answers the same "form in index"
        for key in list(index.keys()):
            if isinstance(index[key], list):
                index[key] = frozenset(index[key])
    lemmatizer.pipe = fast.pipe
    return True

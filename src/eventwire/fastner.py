"""The same entities as spaCy's ``ner``, its transitions decided for a whole batch at once.

spaCy's entity recognizer scores each state with its model and then, for each state and each of its 74
actions, asks whether the action is valid. Those checks are tiny, but the compiled code takes and drops
the GIL around each token lookup they make (an exception check of the Cython build): on short texts that
costs twice the model itself (2.1 ms of 2.8 per wire item, 20 of 30 ms per Wikinews article).

:class:`Decoder` runs the same model (the component's own ``tok2vec``, ``lower`` and ``upper`` layers, the
same float32 sums in the same order, the same BLIS matrix product) and the same BILUO transition system
with numpy over every document of the batch together: each transition consumes one token, so at step
``t`` every unfinished document is at its token ``t``. An action is valid as in spaCy for a text with no
preset entities (B needs no open entity, a next token that does not start a sentence, a non-space token;
I and L continue the open entity's label, I not before a sentence start; U needs no open entity and a
non-space token; O needs no open entity), and the best valid action is the first of the highest scores.
Documents that already carry entity annotation go to spaCy's own component, as does a model of another
shape (beam search, unseen classes, another feature set).
"""

from __future__ import annotations

from typing import Any

import numpy

from .standin import StandIn, put_in_place

BEGIN, IN, LAST, UNIT, OUT = range(5)
_MOVES = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT}
#: The features of spaCy's NER state: the current token, the open entity's first token, the token before.
N_FEATURES = 3


class Decoder:
    """Entities for a batch of parsed documents, as ``(start, end, label id)`` per document."""

    def __init__(self, ner: Any) -> None:
        moves = ner.moves
        strings = ner.vocab.strings
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        self.move = numpy.full(len(names), OUT, dtype=numpy.int8)
        self.label = numpy.zeros(len(names), dtype=numpy.uint64)
        for i, name in enumerate(names):
            if name != "O":
                move, _, label = name.partition("-")
                self.move[i] = _MOVES[move]
                self.label[i] = strings.add(label) if label else 0
        model = ner.model
        if ner.cfg.get("beam_width", 1) != 1 or model.attrs.get("unseen_classes") or not model.attrs.get("has_upper"):
            raise ValueError("only a greedy entity recognizer with an output layer and every class seen")
        self.tok2vec = model.get_ref("tok2vec")
        self.lower = model.get_ref("lower")
        upper = model.get_ref("upper")
        self.ops = model.ops
        if type(self.ops).__name__ != "NumpyOps" or self.lower.get_dim("nF") != N_FEATURES:
            raise ValueError("only the CPU model of spaCy's NER features")
        self.n_out, self.n_pieces = self.lower.get_dim("nO"), self.lower.get_dim("nP")
        self.feat_bias = self.lower.get_param("b").reshape(-1)
        self.upper_w, self.upper_b = upper.get_param("W"), upper.get_param("b")
        # Which actions are valid depends only on whether an entity is open (and its label), whether the
        # token is the document's last or the next one starts a sentence ("blocked": no B, no I) and whether
        # it is a space (no B, no U). Rows of ``penalty``: 0 valid, -inf not; closed states use rows 0-3
        # (2 * blocked + space), a state with label k open rows 4 + 2k (+1 when blocked).
        has_label = self.label != 0
        begin, unit = (self.move == BEGIN) & has_label, (self.move == UNIT) & has_label
        out = self.move == OUT
        labels = sorted(set(self.label[has_label].tolist()))
        index = {label: k for k, label in enumerate(labels)}
        #: each action's label as an index into ``labels`` (-1: none)
        self.label_index = numpy.array([index.get(int(x), -1) for x in self.label.tolist()])
        rows = []
        for blocked in (False, True):
            for space in (False, True):
                rows.append((begin & (not blocked and not space)) | (unit & (not space)) | out)
        for k in range(len(labels)):
            same = (self.label_index == k) & has_label
            for blocked in (False, True):
                rows.append((same & (self.move == LAST)) | (same & (self.move == IN) & (not blocked)))
        self.penalty = numpy.where(numpy.array(rows), numpy.float32(0), numpy.float32(-numpy.inf)).astype("f")

    def __call__(self, docs: list[Any]) -> list[list[tuple[int, int, int]]]:
        from spacy.attrs import IS_SPACE, SENT_START

        found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
        if not sum(len(d) for d in docs):
            return found
        cached, _ = self.lower(self.tok2vec.predict(docs), False)  # (tokens + 1 padding row, features, out, pieces)
        cached = cached.reshape(cached.shape[0], N_FEATURES, -1)
        lengths = numpy.array([len(d) for d in docs], dtype=numpy.int64)
        offsets = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]])
        blocked = numpy.ones(int(lengths.sum()), dtype=numpy.int64)  # the last token of a document is blocked
        space = numpy.zeros(len(blocked), dtype=numpy.int64)
        for doc, off, n in zip(docs, offsets.tolist(), lengths.tolist(), strict=True):
            if n:
                arr = doc.to_array([IS_SPACE, SENT_START]).astype(numpy.int64)
                space[off : off + n] = arr[:, 0] != 0
                blocked[off : off + n - 1] = arr[1:, 1] == 1
        closed_row = 2 * blocked + space
        # states in order of length, longest first: the unfinished ones at step t are the first live[t]
        order = numpy.argsort(-lengths, kind="stable")
        lengths, offsets = lengths[order], offsets[order]
        live = numpy.searchsorted(-lengths, -numpy.arange(int(lengths[0])), side="left")
        open_row = numpy.zeros(len(docs), dtype=numpy.int64)  # 0: no entity open, else 4 + 2 * its label
        open_start = numpy.zeros(len(docs), dtype=numpy.int64)
        width = self.n_out * self.n_pieces
        for t, n in enumerate(live.tolist()):
            row = offsets[:n] + t
            opened = open_row[:n] > 0
            # the three feature rows (row 0 of ``cached`` is the padding of a missing token), summed in
            # spaCy's order: zero, each feature, the bias
            hidden = numpy.zeros((n, width), dtype="f")
            hidden += cached[row + 1, 0]
            hidden += cached[numpy.where(opened, offsets[:n] + open_start[:n] + 1, 0), 1]
            hidden += cached[numpy.where(opened, row, 0), 2]
            hidden += self.feat_bias
            scores = self.ops.gemm(hidden.reshape(n, self.n_out, self.n_pieces).max(axis=2), self.upper_w,
                                   trans2=True)
            scores += self.upper_b
            scores += self.penalty[numpy.where(opened, open_row[:n] + blocked[row], closed_row[row])]
            best = scores.argmax(axis=1)
            moves = self.move[best]
            for k in numpy.flatnonzero(moves != OUT).tolist():
                action, move = int(best[k]), int(moves[k])
                if move == BEGIN:
                    open_row[k], open_start[k] = 4 + 2 * self.label_index[action], t
                elif move == LAST:
                    found[order[k]].append((int(open_start[k]), t + 1, int(self.label[action])))
                    open_row[k] = 0
                elif move == UNIT:
                    found[order[k]].append((t, t + 1, int(self.label[action])))
        return found


class FastEntityRecognizer(StandIn):
    """Stands in for the ``ner`` component in the pipeline: :class:`Decoder` for documents with no entity
    annotation yet, spaCy's own component for the others; everything else is the component's."""

    WRAPPED = "ner"

    def __init__(self, ner: Any) -> None:
        self.ner = ner
        self.decoder = Decoder(ner)

    def annotate(self, docs: list[Any]) -> None:
        from spacy.attrs import ENT_IOB
        from spacy.tokens import Span

        if any(len(d) and d.to_array([ENT_IOB]).any() for d in docs):
            for _ in self.ner.pipe(docs, batch_size=max(len(docs), 1)):  # preset entities: spaCy's own rules
                pass
            return
        for doc, ents in zip(docs, self.decoder(docs), strict=True):
            doc.set_ents([Span(doc, s, e, label=label) for s, e, label in ents], default="outside")


def speed_up(nlp: Any, name: str = "ner") -> bool:
    """Put :class:`FastEntityRecognizer` in the place of ``nlp``'s entity recognizer ``name``; False (and the
    pipeline unchanged) when its model is of a shape the decoder does not cover."""
    return put_in_place(nlp, name, FastEntityRecognizer)

"""The same parse as spaCy's ``parser``, its transitions taken with the GIL held.

spaCy's greedy parser runs its transition loop with the GIL released, and its compiled code takes the GIL
back and drops it again around every token lookup of the action-validity checks (an exception check of the
Cython build; see :mod:`eventwire.fastner`): four fifths of the parser's time on short texts. Its Python-level
API does the very same steps with the GIL held, where those checks cost next to nothing: the step model of
``parser.model.predict`` scores the unfinished states (the same feature sums, bias, maxout and BLIS product
as the compiled loop) and ``parser.transition_states`` applies the best valid action to each (the compiled
validity checks and transitions themselves). :class:`FastParser` runs that loop over the whole batch and
annotates the documents with the parser's own ``set_annotations`` (its postprocessing, the
deprojectivization, included): the same heads, labels and sentence starts, in 0.4-0.7 of the time.
"""

from __future__ import annotations

from typing import Any

from .standin import StandIn, put_in_place


class FastParser(StandIn):
    """Stands in for the ``parser`` component in the pipeline; everything but the parse loop is the
    component's own."""

    WRAPPED = "parser"

    def __init__(self, parser: Any) -> None:
        if parser.cfg.get("beam_width", 1) != 1 or not hasattr(parser, "transition_states"):
            raise ValueError("only a greedy transition-based parser")
        self.parser = parser

    def annotate(self, docs: list[Any]) -> None:
        """Parse ``docs`` in place, every transition of the batch's unfinished states scored together."""
        parser = self.parser
        parser._ensure_labels_are_added(docs)  # what the parser checks before its loop (new preset labels)
        states = parser.moves.init_batch(docs)
        todo = [s for s in states if not s.is_final()]
        if todo:
            step = parser.model.predict(docs)
            while todo:
                todo = parser.transition_states(todo, step.predict(todo))
            step.clear_memory()
        parser.set_annotations(docs, states)


def speed_up(nlp: Any, name: str = "parser") -> bool:
    """Put :class:`FastParser` in the place of ``nlp``'s parser ``name``; False (and the pipeline unchanged)
    for a parser of another kind (beam search)."""
    return put_in_place(nlp, name, FastParser)

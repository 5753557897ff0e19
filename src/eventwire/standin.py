"""What :mod:`eventwire.fastner` and :mod:`eventwire.fastparse` share: a stand-in for a loaded spaCy component
that annotates whole batches itself and hands everything else on to the component it wraps."""

from __future__ import annotations

from typing import Any


class StandIn:
    """Annotates batches with :meth:`annotate`; every other attribute is the wrapped component's, kept in the
    instance attribute named by ``WRAPPED`` (``ner``, ``parser``)."""

    WRAPPED = "component"

    def __getattr__(self, name: str) -> Any:
        if self.WRAPPED not in self.__dict__:  # not set up yet (a copy being made): nothing to hand on to
            raise AttributeError(name)
        return getattr(self.__dict__[self.WRAPPED], name)

    def __call__(self, doc: Any) -> Any:
        self.annotate([doc])
        return doc

    def pipe(self, docs: Any, *, batch_size: int = 256) -> Any:
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size):
            self.annotate(batch)
            yield from batch

    def annotate(self, docs: list[Any]) -> None:
        raise NotImplementedError


def put_in_place(nlp: Any, name: str, make: Any) -> bool:
    """Put ``make(component)`` in the place of ``nlp``'s component ``name``; False (and the pipeline unchanged)
    when the component is missing or of a kind ``make`` refuses (it raises ValueError, KeyError or
    AttributeError). The name, config and meta stay: spaCy keeps the (name, component) pairs in
    ``Language._components``, and ``replace_pipe`` would build a new one from a registered factory, which a
    stand-in wrapping the loaded component does not have."""
    try:
        fast = make(nlp.get_pipe(name))
    except (ValueError, KeyError, AttributeError):
        return False
    components = nlp._components
    components[[n for n, _ in components].index(name)] = (name, fast)
    return True

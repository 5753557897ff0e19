"""The pipeline: stages in DESIGN.md's order, each declaring what it requires and assigns.

A stage is a class with a versioned ``name`` (``geo.v2``), the data files it reads, the record fields
it ``requires`` and ``assigns``, and a ``__call__(work)`` that adds to ``work.doc``. Its
:attr:`Stage.version` (the name, bumped on every change of behaviour, plus a hash of its data files)
goes into each record's ``stages``, so that two outputs made differently never say the same;
:meth:`Pipeline.redo` extracts a stored record again when its stages are not the running ones.
Stages are registered explicitly in :data:`STAGES` by import path and imported only when a pipeline
is built: nothing heavy happens at import time. :meth:`Pipeline.validate` checks the order before anything runs.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, ClassVar, Literal

from .errors import ConfigError, EventwireError, InputError, StageError
from .limits import Budget, charged, check_chars, check_quote_marks
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

    name: ClassVar[str] = ""  # versioned behaviour, e.g. "geo.v2": bump the number on any change of behaviour
    #: Files under ``eventwire/data`` (or the user's ``data_dir``) the stage reads, directly or through helpers.
    data_files: ClassVar[tuple[str, ...]] = ()
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

    @cached_property
    def version(self) -> str:
        """What produced an output: the versioned name, plus ``+data:HASH`` of :attr:`data_files`
        (bundled and user copies) when the stage reads any, plus :meth:`version_extras`, e.g.
        ``"geo.v2+data:3f2a9c1b+gazetteer:4"``."""
        parts = [self.name]
        if self.data_files:
            from .resources import data_hash

            parts.append(f"data:{data_hash(self.data_files, self.settings.data_dir)}")
        return "+".join([*parts, *self.version_extras()])

    def version_extras(self) -> list[str]:
        """Further things the output depends on, as ``key:value`` (a model's version, a built file's)."""
        return []


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
        self.stage_cpu: Counter[str] = Counter()  # CPU seconds per stage (floats in a Counter)
        self.validate()

    def validate(self) -> None:
        """Fail early when a stage requires a field that no earlier stage assigns."""
        have = set(ARTICLE_FIELDS)
        for st in self.stages:
            missing = [r for r in st.requires if r not in have]
            if missing:
                raise ConfigError(f"stage {st.name} requires {', '.join(missing)}, which no earlier stage assigns")
            have.update(st.assigns)

    @cached_property
    def versions(self) -> dict[str, str]:
        """Stage -> :attr:`Stage.version` of the running stages: a record's ``stages``."""
        return {st.name.split(".")[0]: st.version for st in self.stages}

    def outdated(self, stages: dict[str, str]) -> bool:
        """Whether a record made by ``stages`` would come out differently from this pipeline."""
        return dict(stages) != self.versions

    def _start(self, article: Article) -> Work:
        from .lang import check_language

        if not article.raw or not article.raw.strip():
            raise InputError("empty text")
        check_chars(article.raw, self.settings.max_chars)
        check_quote_marks(article.raw, self.settings.max_quote_marks)  # before the parse, not after it
        article = check_language(article, self.settings.languages)
        doc = Document.from_article(article)
        doc.stages = dict(self.versions)
        return Work(article=article, doc=doc)

    def _restart(self, stored: Document) -> Work:
        """A stored record back at the start of the stages: its cleaned text and what cleaning removed.

        The store keeps the cleaned text, not the raw one; so the record keeps its ``text`` and
        ``removed`` and only the stages after ``clean`` run again (a changed ``clean`` runs on the
        cleaned text: it can remove more, never put back what an older version removed).
        """
        article = Article(id=stored.id, url=stored.url, title=stored.title, source=stored.source,
                          published=stored.published, language=stored.language, raw=stored.text,
                          source_id=stored.source_id, reading=stored.reading)
        doc = Document.from_article(article)
        doc.removed = list(stored.removed)
        doc.stages = dict(self.versions)
        return Work(article=article, doc=doc)

    def redo(
        self, stored: Iterable[Document], *, on_error: Literal["raise", "record"] = "record",
        batch_size: int | None = None,
    ) -> Iterator[Document | Failure]:
        """Extract stored records again with the running stages, in order: one new record (same id, url,
        title, source, dates and cleaned text) or one :class:`Failure` per record."""
        size = batch_size or self.settings.batch_size
        batch: list[Document] = []
        for d in stored:
            batch.append(d)
            if len(batch) >= size:
                yield from self._redo_batch(batch, on_error)
                batch = []
        if batch:
            yield from self._redo_batch(batch, on_error)

    def _redo_batch(self, stored: list[Document], on_error: str) -> Iterator[Document | Failure]:
        clean = next((st for st in self.stages if st.name.split(".")[0] == "clean"), None)
        out: dict[str, Document | Failure] = {}
        for rerun_clean in (False, True):
            group = [d for d in stored if (clean is not None and d.stages.get("clean") != clean.version) == rerun_clean]
            if not group:
                continue
            stages = [st for st in self.stages if st is not clean or rerun_clean]
            for old, r in zip(group, self._run_stages([self._restart(d) for d in group], stages, on_error),
                              strict=True):
                if isinstance(r, Work):
                    if rerun_clean:  # what an older clean removed stays removed
                        r.doc.removed = [*old.removed, *r.doc.removed]
                    out[old.id] = r.doc
                else:
                    out[old.id] = r
        for d in stored:
            yield out[d.id]

    def pipe(
        self,
        articles: Iterable[Article | str],
        *,
        on_error: Literal["raise", "record"] = "raise",
        batch_size: int | None = None,
    ) -> Iterator[Document | Failure]:
        """Stream one record per article, in order, in batches of at most ``batch_size`` articles and
        ``settings.batch_chars`` characters (an article longer than that is a batch of its own).

        With ``on_error="record"`` a bad article yields a :class:`Failure` and the stream goes on;
        with ``"raise"`` the first error propagates.
        """
        size = batch_size or self.settings.batch_size
        max_chars = self.settings.batch_chars
        batch: list[Article] = []
        chars = 0
        for a in articles:
            art = a if isinstance(a, Article) else Article.make(a)
            if batch and chars + len(art.raw) > max_chars:  # memory follows characters, not articles
                yield from self._run_batch(batch, on_error)
                batch, chars = [], 0
            batch.append(art)
            chars += len(art.raw)
            if len(batch) >= size:
                yield from self._run_batch(batch, on_error)
                batch, chars = [], 0
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
        for r in self._run_stages(results, self.stages, on_error):
            yield r if isinstance(r, Failure) else r.doc

    def _run_stages(self, results: list[Work | Failure], stages: list[Stage], on_error: str) -> list[Work | Failure]:
        for st in stages:
            live = [r for r in results if isinstance(r, Work)]
            if not live:
                break
            started = time.process_time()
            try:
                self._stage(st, live, results, on_error)
            finally:
                self.stage_cpu[st.name] += time.process_time() - started  # type: ignore[assignment]
        for r in results:
            if isinstance(r, Work) and r.notes.get("truecased"):
                from .truecase import resync_spans

                resync_spans(r.doc)  # span texts were read from spaCy's truecased copy
        return results

    def _stage(self, st: Stage, live: list[Work], results: list[Work | Failure], on_error: str) -> None:
        """Run one stage over the live articles of a batch; a failed article becomes a Failure in ``results``."""
        if st.batched:
            try:
                with charged(live), Budget(self.settings.article_seconds * len(live)).run({}, st.name):
                    st.pipe(live)
                return
            except Exception:  # noqa: BLE001 - redone one by one so only the bad article is lost
                log.debug("batch failed in %s; retrying one by one", st.name)
        for i, r in enumerate(results):
            if isinstance(r, Work):
                results[i] = self._one(st, r, on_error)

    def _one(self, st: Stage, work: Work, on_error: str) -> Work | Failure:
        try:
            with Budget(self.settings.article_seconds).run(work.notes, st.name):
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

"""Limits that keep one hostile or huge article from stalling or killing a batch.

Each limit is a setting (:class:`eventwire.settings.Settings`) and each failure names it, so a user
knows which one to raise:

- ``max_chars``: the longest cleaned text handed to the pipeline (checked in ``Pipeline._start``);
- ``max_line_chars``: the longest line handed to spaCy as it is; a longer line is cut into pieces at
  sentence-like boundaries (". ", "; ", else a space) by marking sentence starts there, so no text is
  dropped or changed and every span stays an offset into the cleaned text (:func:`spacy_input`);
- ``max_quote_marks``: the most quotation marks one paragraph may hold (:func:`check_quote_marks`);
- ``article_seconds``: the time one article may spend in the stages after the parse (:class:`Budget`):
  an article over budget becomes a failure naming the stage, and the batch goes on.

Besides, a run of punctuation with no space in it (a thousand quotation marks in a row, a "word" of
100,000 characters) is tokenized here, linearly, instead of by spaCy's tokenizer, whose affix rules
take time that grows much faster than the run.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from bisect import bisect_left
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .errors import LimitError

#: A whitespace-free chunk longer than this, or one holding a run of PUNCT_RUN or more marks, is split
#: into words and single marks here instead of by spaCy's tokenizer.
LONG_CHUNK = 100
PUNCT_RUN = 8
_CHUNK = re.compile(r"\S+")
_HOSTILE = re.compile(rf"\S{{{LONG_CHUNK + 1},}}|[^\w\s]{{{PUNCT_RUN},}}")
_RUN = re.compile(rf"[^\w\s]{{{PUNCT_RUN},}}")
_PIECES = re.compile(rf"\w{{1,{LONG_CHUNK}}}|[^\w\s]")
_CUTS = (". ", "; ", " ")
_QUOTE_MARKS = re.compile("[\"“”„«»‘’‚]")
_PARAGRAPH = re.compile(r"\n\s*")


def too_long(what: str, n: int, unit: str, limit: int, setting: str) -> LimitError:
    """The error for ``n`` ``unit`` over ``limit``: "text too long: 1,200,000 characters (limit max_chars=...)"."""
    return LimitError(setting, f"{what}: {n:,} {unit} (limit {setting}={limit:,})")


def check_chars(text: str, limit: int) -> None:
    """Raise when the text is longer than ``max_chars``."""
    if len(text) > limit:
        raise too_long("text too long", len(text), "characters", limit, "max_chars")


def check_quote_marks(text: str, limit: int) -> None:
    """Raise when one paragraph holds more than ``max_quote_marks`` quotation marks."""
    pos = 0
    for m in [*_PARAGRAPH.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        n = len(_QUOTE_MARKS.findall(text, pos, end))
        if n > limit:
            raise too_long(f"too many quotation marks in the paragraph at character {pos:,}", n, "marks", limit,
                           "max_quote_marks")
        pos = m.end() if m is not None else end


def line_cuts(text: str, max_line: int) -> list[int]:
    """Offsets where a sentence is made to start so that no line handed to the parser runs past
    ``max_line`` characters: in each too-long stretch, the last ". " in the window, else the last "; ",
    else the last space; a stretch with no space at all is left whole."""
    cuts: list[int] = []
    line_start = 0
    for line in text.split("\n"):
        start, end = line_start, line_start + len(line)
        line_start = end + 1
        while end - start > max_line:
            floor = start + max_line // 2  # never cut so early that pieces become tiny
            cut = -1
            for sep in _CUTS:
                i = text.rfind(sep, floor, start + max_line)
                if i >= 0:
                    cut = i + len(sep)
                    break
            if cut < 0:
                i = text.find(" ", start + max_line, end)  # a long stretch without spaces: cut after it
                if i < 0:
                    break
                cut = i + 1
            while cut < end and text[cut] == " ":
                cut += 1
            if cut >= end:
                break
            cuts.append(cut)
            start = cut
    return cuts


def needs_care(text: str, max_line: int) -> bool:
    """Whether :func:`spacy_input` has anything to do (for ordinary articles it has not)."""
    if _HOSTILE.search(text):
        return True
    return any(len(line) > max_line for line in text.split("\n"))


def _tokens(nlp: Any, text: str) -> Iterator[tuple[str, bool]]:
    """(word, followed by a space) for ``text``: spaCy's tokenizer between hostile chunks, the linear
    split of :data:`_PIECES` inside them."""
    pos = 0
    for m in _CHUNK.finditer(text):
        if len(m.group()) <= LONG_CHUNK and not _RUN.search(m.group()):
            continue
        if m.start() > pos:
            for t in nlp.tokenizer(text[pos : m.start()]):
                yield t.text, bool(t.whitespace_)
        pieces = [p.group() for p in _PIECES.finditer(m.group())]
        for p in pieces[:-1]:
            yield p, False
        pos = m.end()
        if pos < len(text) and text[pos] == " " and (pos + 1 == len(text) or not text[pos + 1].isspace()):
            yield pieces[-1], True
            pos += 1
        else:
            yield pieces[-1], False
    if pos < len(text):
        for t in nlp.tokenizer(text[pos:]):
            yield t.text, bool(t.whitespace_)


def spacy_input(nlp: Any, text: str, max_line: int) -> Any:
    """What to hand ``nlp.pipe`` for ``text``: the text itself, or, when it has lines longer than
    ``max_line`` or hostile chunks, a tokenized ``Doc`` over exactly the same text with sentence starts
    at the cuts of :func:`line_cuts` (the parser keeps sentence starts set before it)."""
    if not needs_care(text, max_line):
        return text
    from spacy.tokens import Doc

    words, spaces = [], []
    for w, sp in _tokens(nlp, text):
        words.append(w)
        spaces.append(sp)
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    if doc.text != text:  # pragma: no cover - a bug here must not shift every span
        raise LimitError("max_line_chars", "internal error: the tokens do not give back the text")
    cuts = line_cuts(text, max_line)
    if cuts:
        starts = [t.idx for t in doc]
        for c in cuts:
            i = bisect_left(starts, c)
            if 0 < i < len(doc) and not doc[i].is_space:
                doc[i].is_sent_start = True
    return doc


class BudgetExceeded(LimitError):
    """An article ran past ``article_seconds``."""

    def __init__(self, stage: str, seconds: float, limit: float) -> None:
        super().__init__("article_seconds",
                         f"over the time budget in stage {stage}: {seconds:.1f} s (limit article_seconds={limit:g})")
        self.stage = stage


class Budget:
    """The time one article may spend in the pipeline's stages (``article_seconds``; 0: no limit).

    :meth:`run` runs one stage on one article: in the main thread an interval timer interrupts the
    stage when the article's time is up; in other threads (Dask workers) the time is checked when the
    stage returns. Either way the article becomes a failure naming the stage."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    @contextmanager
    def run(self, spent: dict[str, float], stage: str) -> Iterator[None]:
        if self.seconds <= 0:
            yield
            return
        left = self.seconds - spent.get("seconds", 0.0)
        if left <= 0:
            raise BudgetExceeded(stage, spent.get("seconds", 0.0), self.seconds)
        t0 = time.perf_counter()
        alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer") \
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)

        def expire(signum: int, frame: Any) -> None:
            raise BudgetExceeded(stage, spent.get("seconds", 0.0) + time.perf_counter() - t0, self.seconds)

        old = signal.signal(signal.SIGALRM, expire) if alarm else None
        try:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, left)
            yield
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
            spent["seconds"] = spent.get("seconds", 0.0) + time.perf_counter() - t0
        if spent["seconds"] > self.seconds:
            raise BudgetExceeded(stage, spent["seconds"], self.seconds)


@contextmanager
def charged(works: list[Any]) -> Iterator[None]:
    """Charge each article its share of a batched stage's time (``work.notes["seconds"]``, read by
    :meth:`Budget.run` before the article's next stage)."""
    t0 = time.perf_counter()
    yield
    share = (time.perf_counter() - t0) / max(len(works), 1)
    for w in works:
        w.notes["seconds"] = w.notes.get("seconds", 0.0) + share

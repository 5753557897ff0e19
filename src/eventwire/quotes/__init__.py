"""Quotes: direct and reported speech, with the speaker resolved to an actor and the cue verb.

The stage scans quotation marks (:mod:`.marks`), finds attribution frames in the dependency parse
(:mod:`.frames`: cue verbs from ``data/speech_verbs.txt``, speech nouns and adjectives, "according
to", headline colons and transcript turns; :mod:`.repairs` for cues the parse hides; :mod:`.signoff`
for "“...” ― Name"; :mod:`.sources` for "In a new poll, ..."), ties quoted stretches to the frame
beside them (:mod:`.direct`), keeps the remaining frames as reported speech (:mod:`.reported`:
one attribution per stretch of text, the outermost or parenthetical cue first), and resolves each
speaker span to an actor (:mod:`.speakers`).
"""

from __future__ import annotations

from typing import Any

from ..errors import StageError
from ..model import Document, Quote
from ..pipeline import Stage, Work
from . import direct, reported
from .cues import Lexicon, load_lexicon
from .frames import find_frames, frame_before_colon
from .headlines import headline_frames, title_case_line
from .marks import double_apostrophes, scan_quotes
from .signoff import signoff_frames
from .sources import source_phrase_frames
from .speakers import SpeakerResolver

__all__ = ["QuoteStage", "find_quotes", "load_lexicon", "scan_quotes"]


def find_quotes(doc: Document, sdoc: Any, lex: Lexicon | None = None, nlp: Any = None) -> list[Quote]:
    """The quotes of a document, given its spaCy parse over ``doc.text``; ids "q1", "q2", ... in text order.

    With ``nlp`` (the spaCy pipeline), a Title Case headline is re-parsed in lower case (:mod:`.headlines`).
    """
    lex = lex or load_lexicon()
    text = doc.text
    quoted = scan_quotes(text)
    frames = find_frames(sdoc, lex)
    if nlp is not None:
        extra = headline_frames(text, sdoc, nlp, lex)
        if extra is not None:
            end = title_case_line(text)[1]  # type: ignore[index]
            frames = [f for f in frames if f.cue_start >= end or f.lemma == ":"] + extra
            frames.sort(key=lambda f: f.cue_start)
    frames += signoff_frames(text, sdoc, quoted) + source_phrase_frames(sdoc, lex)
    frames.sort(key=lambda f: f.cue_start)
    turns = [f for f in frames if f.lemma == ":" and f.content is not None]
    if turns:  # a transcript ("WALLACE: ... PENCE: ..."), maybe quoted as a whole: each turn is a quote
        quoted = [q for q in quoted if not any(q.start <= t.cue_start < q.end for t in turns)]
    cands = direct.attach(double_apostrophes(text), quoted, [f for f in frames if f not in turns],
                          lambda off: frame_before_colon(sdoc, off))
    cands += [direct.Candidate(*t.content, "direct", t, t.cue_start, t.content[1]) for t in turns]  # type: ignore[misc]
    cands += reported.select(sdoc, frames, cands, quoted)
    cands.sort(key=lambda c: (c.start, c.end))
    resolver = SpeakerResolver(doc, sdoc, lex)
    out: list[Quote] = []
    for c in cands:
        f = c.frame
        speaker = speaker_text = cue = None
        s_start = s_end = None
        if f is not None:
            cue = f.lemma
            if f.speaker is not None:
                s_start, s_end = f.speaker
                speaker_text = text[s_start:s_end]
                actor = resolver.resolve(f.speaker_head, s_start, s_end)
                speaker = actor.id if actor is not None else None
        out.append(Quote(
            id=f"q{len(out) + 1}", text=text[c.start:c.end], start=c.start, end=c.end, kind=c.kind,  # type: ignore[arg-type]
            speaker=speaker, speaker_text=speaker_text, cue=cue, speaker_start=s_start, speaker_end=s_end,
        ))
    return out


class QuoteStage(Stage):
    """Fills ``doc.quotes`` from the parse and the actors found before."""

    name = "quotes.v2"  # bump on any change of behaviour (see pipeline.Stage.version)
    data_files = ("speech_verbs.txt", "report_nouns.txt", "speech_nouns.txt", "speech_adjectives.txt")
    requires = ("parse", "actors")
    assigns = ("quotes",)

    def __call__(self, work: Work) -> None:
        if work.spacy is None:
            raise StageError(self.name, "no parse: the nlp stage must run first")
        from ..nlp import load_model

        nlp = load_model(self.settings.spacy_model)
        work.doc.quotes = find_quotes(work.doc, work.spacy, load_lexicon(self.settings.data_dir), nlp)

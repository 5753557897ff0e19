"""Headlines in Title Case: re-parsed in lower case so that their verbs are found.

"Trump Slams Clinton Over Emails" parses as one long proper noun; lower-cased, it parses as a
clause whose verb can be a cue. The lower-cased line keeps every character offset, so the frames
found in it are frames of the document; their token indices are mapped back onto the document's
parse.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from typing import Any

from .cues import Lexicon
from .frames import Frame, find_frames

_MAX_TITLE = 250  # characters
_CAPITALISED = 0.6  # share of capitalised words that makes a line Title Case


def title_case_line(text: str) -> tuple[int, int] | None:
    """The first line of ``text`` when it is a Title Case headline."""
    end = text.find("\n")
    end = len(text) if end < 0 else end
    line = text[:end]
    words = [w for w in line.split() if w[:1].isalpha()]
    if not 3 <= len(words) <= 40 or end > _MAX_TITLE:
        return None
    if sum(w[0].isupper() for w in words) < _CAPITALISED * len(words):
        return None
    return 0, end


def headline_frames(text: str, sdoc: Any, nlp: Any, lex: Lexicon) -> list[Frame] | None:
    """Frames of a Title Case first line, from a lower-cased parse; None when there is no such line."""
    bounds = title_case_line(text)
    if bounds is None:
        return None
    line = text[bounds[0]:bounds[1]]
    lowered = line.lower()
    if len(lowered) != len(line):  # a few characters change length when lower-cased
        return None
    starts = [t.idx for t in sdoc]

    def tok_at(offset: int) -> int:
        return max(0, bisect_right(starts, offset) - 1)

    out = []
    for f in find_frames(nlp(lowered), lex):
        if f.lemma == ":":
            continue  # headline colons need the named entities of the cased parse
        head = tok_at(f.speaker[1] - 1) if f.speaker is not None and f.speaker_head is not None else None
        out.append(replace(f, cue_i=tok_at(f.cue_start), speaker_head=head))
    return out

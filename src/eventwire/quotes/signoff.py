"""Sign-off attributions: a quotation followed by a dash and the speaker's name.

Collections of reader or voter comments, epigraphs and pull quotes end each quotation with its
author: ``“She never listened to us.” ― Marta Quiroga``. The name (a few capitalised
words, up to the end of the line) is the speaker; the dash is the cue.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from .frames import Frame
from .marks import QuotedSpan

_SIGNOFF = re.compile(
    r"[ \t\u00a0]*[―—–-][ \t\u00a0]*"
    r"((?:[A-Z][\w'’.-]*|de|del|da|van|von|la|le)(?:[ \t\u00a0]+(?:[A-Z][\w'’.-]*|de|del|da|van|von|la|le)){0,5})"
    r"[ \t\u00a0.,]*(?:\n|$)")
_CLASSES = frozenset({"say"})


def signoff_frames(text: str, sdoc: Any, quoted: list[QuotedSpan]) -> list[Frame]:
    """A frame for each quotation closed by ``― Name`` at the end of its line."""
    starts = [t.idx for t in sdoc]
    out = []
    for q in quoted:
        if q.close_mark is None:
            continue
        m = _SIGNOFF.match(text, q.outer_end)
        if m is None:
            continue
        name_start, name_end = m.span(1)
        name = text[name_start:name_end].rstrip(".")
        name_end = name_start + len(name)
        if len(name) < 3 or not any(ch.islower() for ch in name) and len(name.split()) > 3:
            continue
        dash = text.index(next(ch for ch in text[q.outer_end:name_start] if ch in "―—–-"), q.outer_end)
        head = max(0, bisect_right(starts, name_end - 1) - 1)
        cue = max(0, bisect_right(starts, dash) - 1)
        out.append(Frame(cue, dash, dash + 1, "―", _CLASSES, (name_start, name_end), head, None))
    return out

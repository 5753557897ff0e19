"""Photo/graphic credits and bylines: names there are not actors ("Photo: RT", "By Jane Doe")."""

from __future__ import annotations

import re
from functools import lru_cache

_BYLINE = re.compile(r"^\s*(?:by|BY|By)\s+$")
_SLASH_TAIL = re.compile(r"^(?:[A-Z][\w.'’-]*\s?){1,4}\)?\.?\s*$")


@lru_cache(maxsize=8)
def _cue_regex(cues: frozenset[str]) -> re.Pattern[str]:
    alts = "|".join(sorted((re.escape(c) for c in cues), key=len, reverse=True))
    return re.compile(rf"(?i)\b(?:{alts})s?\s*(?:[:：]\s*(?:by\s+)?|by\s+)$")


def is_credit(text: str, start: int, end: int, cues: frozenset[str]) -> bool:
    """Whether the name at ``text[start:end]`` is a credit or byline rather than an actor."""
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    if prefix and _cue_regex(cues).search(prefix[-40:]):
        return True
    if _BYLINE.match(prefix):
        return True
    # "Reuters/John Smith" at the end of a line
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if (text[end:end + 1] == "/" or text[start - 1:start] == "/") and start > 0:
        lo = text.rfind(" ", line_start, start) + 1
        chunk = text[lo:line_end]
        if "/" in chunk and _SLASH_TAIL.match(chunk.split("/", 1)[1]):
            return True
    return False

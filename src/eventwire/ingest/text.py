"""Plain text (.txt): an optional ``Title: / Published: / Source: / URL: / Language:`` header block, then
a blank line, then the body, which is kept exactly as it came. Any line ending (LF, CRLF, CR)."""

from __future__ import annotations

import re

from ..errors import InputError
from ..model import Article
from .common import Context, make_article, published_of

_HEADER = re.compile(r"(title|published|date|source|url|language|id)[ \t]*:[ \t]*(.*)", re.I)
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


def parse_text(ctx: Context) -> Article:
    """A plain-text article; a leading header block is metadata."""
    text = ctx.decoded.text
    start = 1 if text.startswith("\ufeff") else 0
    meta: dict[str, str] = {}
    pos = start
    body_at = None
    while pos <= len(text):
        m = _LINE.match(text, pos)
        if m is None or (not m[2] and not m[1]):
            break
        line = m[1].strip()
        if not line:
            body_at = m.end() if meta else None
            break
        h = _HEADER.fullmatch(line)
        if h is None:
            break
        meta[h[1].lower()] = h[2].strip()
        pos = m.end()
    body = text[body_at:] if body_at is not None else text[start:]
    if body_at is None:
        meta = {}
    if not body.strip():
        raise InputError(f"{ctx.origin}: empty text")
    return make_article(
        body, ctx, ctx.origin,
        title=meta.get("title") or None,
        url=meta.get("url") or None,
        source=meta.get("source") or None,
        language=meta.get("language") or None,
        source_id=meta.get("id") or None,
        published=published_of(meta.get("published") or meta.get("date"), ctx.published, ctx.origin),
    )

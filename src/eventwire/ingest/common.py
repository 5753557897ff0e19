"""What every reader shares: the article from its text and metadata (size limit, encoding evidence, date),
and failures in one shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..dates import normalize_published
from ..errors import InputError
from ..model import Article, Failure, content_id
from ..settings import Settings
from .decoding import Decoded


@dataclass
class Context:
    """One input being read: where from, with what settings, its decoding, the fallback date."""

    origin: str
    settings: Settings
    decoded: Decoded
    published: str | None = None


def failure(loc: str, reason: str, stage: str = "ingest") -> Failure:
    return Failure(document=content_id(loc), origin=loc, stage=stage, reason=reason)


def published_of(value: Any, fallback: str | None, loc: str) -> str | None:
    if value in (None, ""):
        return fallback
    try:
        return normalize_published(str(value))
    except InputError as e:
        raise InputError(f"{loc}: {e}") from e


def check_article_size(text: str, loc: str, settings: Settings) -> None:
    """Refuse an article over ``max_article_bytes`` (UTF-8), naming the setting."""
    limit = settings.max_article_bytes
    if len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit:
        size = len(text.encode("utf-8", "surrogatepass"))
        raise InputError(
            f"{loc}: article too large ({size:,} bytes; limit max_article_bytes={limit:,}, "
            "raise EVENTWIRE_MAX_ARTICLE_BYTES to accept it)"
        )


def make_article(text: str, ctx: Context, loc: str, **fields: Any) -> Article:
    """The article of one item: its size checked, its text's encoding evidence attached."""
    if not text or not text.strip():
        raise InputError(f"{loc}: empty text")
    check_article_size(text, loc, ctx.settings)
    fields.setdefault("origin", loc)
    return Article.make(text, reading=ctx.decoded.reading(), **fields)

"""Markdown articles (.md): front matter as metadata, the body as plain text.

Static-site and scraper archives keep articles as Markdown with a YAML (``---``) or TOML (``+++``)
front matter block holding the title, date and URL. The body is parsed with markdown-it (CommonMark),
and its text kept block by block: paragraphs, headings and list items become paragraphs separated by a
blank line, hard-wrapped lines are joined, link text is kept and link targets dropped, images, code
blocks and raw HTML tags dropped.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import InputError
from .ingest.common import Context, make_article, published_of
from .model import Article

#: front matter keys, first found wins
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("published", "published_time", "publish_date", "pubdate", "date", "created", "created_at")
URL_KEYS = ("url", "source_url", "canonical_url", "canonical", "link", "permalink")
SOURCE_KEYS = ("source", "publisher", "site_name", "site", "outlet")
LANGUAGE_KEYS = ("language", "lang")
ID_KEYS = ("id", "guid", "uid")

_FENCE = {"---": re.compile(r"^---[ \t]*$", re.M), "+++": re.compile(r"^\+\+\+[ \t]*$", re.M)}
_LINE_END = re.compile(r"\r\n?")
_TAG = re.compile(r"<[^>\n]*>")
_SPACES = re.compile(r"[ \t\u00a0]+")


def split_front_matter(text: str, origin: str) -> tuple[dict[str, Any], str]:
    """The front matter as a dict and the body after it; ``({}, text)`` when there is none.

    Any line ending (LF, CRLF, CR) closes a line.
    """
    text = _LINE_END.sub("\n", text.lstrip("\ufeff"))
    head = text[:3]
    if head not in _FENCE or text[3:4] not in ("\n", "\r", " ", "\t"):
        return {}, text
    end = _FENCE[head].search(text, 4)
    if end is None:
        raise InputError(f"{origin}: front matter opened with {head} is never closed")
    raw, body = text[4 : end.start()], text[end.end() :]
    try:
        if head == "---":
            import yaml

            meta = yaml.safe_load(raw)
        else:
            import tomllib

            meta = tomllib.loads(raw)
    except Exception as e:  # noqa: BLE001 - yaml and tomllib raise their own error classes
        raise InputError(f"{origin}: broken front matter: {str(e).splitlines()[0]}") from e
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(f"{origin}: front matter is a {type(meta).__name__}, not a mapping")
    return {str(k).lower(): v for k, v in meta.items()}, body


def _first(meta: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        v = meta.get(k)
        if isinstance(v, list) and v:
            v = v[0]
        if v not in (None, "") and not isinstance(v, dict | list):
            return _SPACES.sub(" ", str(v)).strip() or None
    return None


def _inline_text(token: Any) -> str:
    out: list[str] = []
    for child in token.children or []:  # an image's alt text is its child, not article text
        if child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type in ("text", "code_inline"):
            out.append(child.content)
    return _SPACES.sub(" ", "".join(out)).strip()


def markdown_text(body: str) -> str:
    """The plain text of a Markdown body: one paragraph per block, separated by blank lines."""
    from markdown_it import MarkdownIt

    blocks: list[str] = []
    for token in MarkdownIt("commonmark").parse(body):
        if token.type == "inline":
            text = _inline_text(token)
            if text:
                blocks.append(text)
        elif token.type == "html_block":
            text = _SPACES.sub(" ", _TAG.sub(" ", token.content)).strip()
            if text:
                blocks.append(text)
    return "\n\n".join(blocks)


def parse_markdown(ctx: Context) -> Article:
    """An article from a Markdown file; front matter fields are metadata, ``published`` the fallback date."""
    meta, body = split_front_matter(ctx.decoded.text, ctx.origin)
    plain = markdown_text(body)
    if not plain.strip():
        raise InputError(f"{ctx.origin}: empty text")
    return make_article(
        plain, ctx, ctx.origin,
        title=_first(meta, TITLE_KEYS),
        url=_first(meta, URL_KEYS),
        source=_first(meta, SOURCE_KEYS),
        language=_first(meta, LANGUAGE_KEYS),
        source_id=_first(meta, ID_KEYS),
        published=published_of(_first(meta, DATE_KEYS), ctx.published, ctx.origin),
    )

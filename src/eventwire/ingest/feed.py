"""RSS 2.0 and Atom feeds (.xml/.rss/.atom).

Parsed by lxml from the text decoded by its own declaration (:mod:`.decoding`), re-encoded as UTF-8
with the declaration saying so. Internal entities (``<!ENTITY mdash "&#8212;">``) are resolved;
external ones and the network stay off, and libxml2 refuses entity amplification (billion laughs).
An item's HTML body becomes its text; a body that is no HTML (a lone comment) is an item without text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..model import Article, Failure
from .common import Context, failure, make_article, published_of

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DECL = re.compile(r"""^(\ufeff?\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")


def html_text(body: str) -> str:
    """The text of an HTML fragment; '' when it holds none (only a comment, only tags)."""
    import lxml.html
    from lxml import etree

    if "<" not in body:
        return body
    try:
        return str(lxml.html.fromstring(body).text_content())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return ""


def _parse_xml(text: str, origin: str) -> Any:
    from lxml import etree

    data = _DECL.sub(r"\1\2utf-8\2", text, count=1).encode("utf-8", "surrogatepass")
    parser = etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False, recover=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as e:
        raise InputError(f"{origin}: broken XML: {e}") from e
    except ValueError as e:
        raise InputError(f"{origin}: not XML: {e}") from e


def _field(item: Any, *names: str) -> str | None:
    for name in names:
        el = item.find(name)
        if el is not None:
            if el.get("href"):
                return str(el.get("href"))
            text = "".join(el.itertext()).strip()
            if text:
                return text
    return None


def parse_feed(ctx: Context) -> Iterator[Article | Failure]:
    """Items of an RSS 2.0 or Atom feed, with their text from content or description."""
    root = _parse_xml(ctx.decoded.text, ctx.origin)
    items = root.findall(".//item") + root.findall(f".//{ATOM}entry")
    if not items:
        raise InputError(f"{ctx.origin}: no RSS items or Atom entries")
    channel = root.find("channel")
    source = (_field(channel, "title", "link") if channel is not None else None) or _field(root, f"{ATOM}title")
    for n, item in enumerate(items):
        loc = f"{ctx.origin}#{n + 1}"
        try:
            body = _field(item, CONTENT, "description", f"{ATOM}content", f"{ATOM}summary")
            text = html_text(body) if body else ""
            if not text.strip():
                raise InputError(f"{loc}: item has no text")
            guid = _field(item, "guid", f"{ATOM}id")
            yield make_article(
                text, ctx, loc,
                title=_field(item, "title", f"{ATOM}title"),
                url=_field(item, "link", f"{ATOM}link") or (guid if guid and guid.startswith("http") else None),
                source=source or ctx.origin,
                source_id=guid,
                published=published_of(_field(item, "pubDate", f"{ATOM}published", f"{ATOM}updated"),
                                       ctx.published, loc),
            )
        except InputError as e:
            yield failure(loc, str(e))

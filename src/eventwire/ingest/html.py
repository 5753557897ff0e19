"""Web pages (.html): main text and metadata by trafilatura, boilerplate removed."""

from __future__ import annotations

from ..errors import InputError
from ..model import Article
from .common import Context, make_article, published_of

#: A page whose main text has fewer words than this holds no article (a menu, a login wall).
MIN_HTML_WORDS = 5


def parse_html(ctx: Context) -> Article:
    """Main text and metadata of a web page."""
    import trafilatura

    html = ctx.decoded.text
    if "<" not in html:
        raise InputError(f"{ctx.origin}: not HTML")
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True,
        )
    except Exception as e:  # noqa: BLE001 - lxml/trafilatura raise many kinds on broken pages
        raise InputError(f"{ctx.origin}: broken HTML: {type(e).__name__}: {e}") from e
    if doc is None:
        raise InputError(f"{ctx.origin}: no article text found in the HTML")
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = d.get("text") or ""
    title = d.get("title")
    if title and text.startswith(title + "\n"):
        text = text[len(title) + 1 :]  # the headline repeated as the first line of the body
    if len(text.split()) < MIN_HTML_WORDS:
        raise InputError(f"{ctx.origin}: no article text found in the HTML")
    return make_article(
        text, ctx, ctx.origin,
        title=title,
        url=d.get("url"),
        source=d.get("sitename") or d.get("hostname"),
        language=d.get("language") or None,
        published=published_of(d.get("date"), ctx.published, ctx.origin),
    )

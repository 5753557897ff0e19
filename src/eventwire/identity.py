"""Article identity: which inputs are the same article, and which are versions of one.

- The **article key** (``Article.id``) hashes a normalized form of the text -- Unicode NFC, one line
  ending, no BOM, no indentation or trailing spaces, runs of spaces and blank lines collapsed, no-break
  and other Unicode spaces as spaces -- together with the URL, the source and the publication date.
  The same story re-encoded, re-spaced or re-wrapped in CRLF is the same article; the same body
  published on another day or by another source is another one. The stored text stays as it came.
- The **story key** says which articles are versions of one: the same URL, or the same source id
  (a feed's guid, a record's id) from the same source. A re-sent article whose text differs is stored
  as a new version of the story; the latest is current.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: Version of the key: bump when :func:`normalize_text` or :func:`article_key` change.
KEY_VERSION = "a2"

_LINE_END = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85|\x0b|\x0c")
_SPACES = re.compile(r"[^\S\n]+")  # every Unicode space but the line break (NBSP, thin space, tab ...)
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BLANK_LINES = re.compile(r"\n{2,}")


def _hash(*parts: str | None, length: int = 16) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update((p or "").encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def normalize_text(text: str) -> str:
    """The text as compared for identity (never stored): what a reader sees, not how it was typed.

    NFC; BOM, zero-width characters and soft hyphens dropped; every line ending a newline; each line
    stripped of indentation and trailing spaces, runs of spaces (no-break spaces and tabs included)
    one space; runs of blank lines one blank line; leading and trailing blank lines dropped.
    """
    text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in _LINE_END.split(text))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def text_hash(text: str) -> str:
    """Hash of the text exactly as it came (tells the variants of one article apart)."""
    return _hash(text, length=32)


def normalize_url(url: str | None) -> str | None:
    """A URL as compared for identity: no fragment, no trailing slash, scheme and host in lower case."""
    if not url or not url.strip():
        return None
    u = url.strip().split("#", 1)[0]
    m = re.match(r"(?i)^([a-z][a-z0-9+.-]*://)([^/?]*)(.*)$", u)
    if m:
        u = m[1].lower() + m[2].lower() + m[3]
        if u.startswith("http://"):
            u = "https://" + u[len("http://"):]
    return u.rstrip("/") or None


def _norm_name(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


def article_key(
    text: str, *, url: str | None = None, source: str | None = None, published: str | None = None
) -> str:
    """The article id: hash of the normalized text, URL, source and publication date."""
    return _hash(KEY_VERSION, normalize_text(text), normalize_url(url), _norm_name(source), published)


def story_key(*, url: str | None = None, source: str | None = None, source_id: str | None = None) -> str | None:
    """Key of the story an article is a version of: its URL, else its source id within its source; None
    when it has neither (then every distinct text is its own story)."""
    if u := normalize_url(url):
        return "u" + _hash(u, length=31)
    if source_id and source_id.strip():
        return "s" + _hash(_norm_name(source), source_id.strip(), length=31)
    return None

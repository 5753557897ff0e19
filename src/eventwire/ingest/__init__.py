"""Readers: files, folders and stdin into :class:`~eventwire.model.Article` records.

Formats: .txt (optional ``Key: value`` header block, :mod:`.text`), .md (front matter, see
:mod:`eventwire.markdown`), .html (trafilatura: boilerplate removed, title, date and URL from the page's
metadata, :mod:`.html`), .json (an object, a list, or ``{"articles": [...]}``), .jsonl, .csv/.tsv
(:mod:`.records`), RSS/Atom feeds (.xml/.rss/.atom, :mod:`.feed`), and ``-`` for stdin (format sniffed).

Bytes become text by evidence (:mod:`.decoding`): BOM, the format's declaration, valid UTF-8, then a
detector; the encoding, its evidence and confidence are kept in ``Article.reading``. Every unreadable
item becomes a :class:`~eventwire.model.Failure` (the reader goes on), or an
:class:`~eventwire.errors.InputError` from :func:`read_one`; readers raise nothing else. Limits are
settings, named in the failure: ``max_bytes`` (file), ``max_article_bytes`` (one article),
``max_json_depth``. The publication date comes from the record or the page's metadata; ``published``
is the fallback for items that carry none.
"""

from __future__ import annotations

from .decoding import Decoded, decode
from .files import KNOWN_EXT, database_files, expand, parse, parse_feed, read_bytes, read_one, read_paths, shown, sniff
from .records import article_from_record

__all__ = [
    "KNOWN_EXT",
    "Decoded",
    "article_from_record",
    "database_files",
    "decode",
    "expand",
    "parse",
    "parse_feed",
    "read_bytes",
    "read_one",
    "read_paths",
    "shown",
    "sniff",
]

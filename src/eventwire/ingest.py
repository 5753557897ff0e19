"""Readers: files, folders and stdin into :class:`~eventwire.model.Article` records.

Formats: .txt (optional ``Key: value`` header block), .md (front matter, see :mod:`eventwire.markdown`),
.html (trafilatura: boilerplate removed, title,
date and URL from the page's metadata), .json (an object, a list, or ``{"articles": [...]}``),
.jsonl, .csv/.tsv, RSS/Atom feeds (.xml/.rss/.atom), and ``-`` for stdin (format sniffed).

Every unreadable item becomes a :class:`~eventwire.model.Failure` (the reader goes on), or an
:class:`~eventwire.errors.InputError` from :func:`read_one`. The publication date comes from the
record or the page's metadata; ``published`` is the fallback for items that carry none.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .dates import normalize_published
from .errors import InputError
from .model import Article, Failure, content_id
from .settings import Settings

TEXT_EXT = {".txt", ".text"}
MARKDOWN_EXT = {".md", ".markdown"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
CSV_EXT = {".csv", ".tsv"}
FEED_EXT = {".xml", ".rss", ".atom"}
KNOWN_EXT = TEXT_EXT | MARKDOWN_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | CSV_EXT | FEED_EXT

#: A page whose main text has fewer words than this holds no article (a menu, a login wall).
MIN_HTML_WORDS = 5

_HEADER = re.compile(r"^(title|published|date|source|url|language)\s*:\s*(.*)$", re.I)


# --- bytes to text ------------------------------------------------------------------------------


def decode(data: bytes, origin: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else a detected encoding.

    Raises :class:`InputError` for empty or binary data, or data in no recognisable encoding.
    """
    if not data.strip():
        raise InputError(f"{origin}: empty input")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(f"{origin}: broken UTF-16 text: {e.reason}") from e
    head = data[:8192]
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) * 0.05:
        raise InputError(f"{origin}: binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{origin}: not UTF-8 and no text encoding could be detected")
    return str(best)


def read_bytes(path: Path, settings: Settings) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise InputError(f"{path}: too large ({size:,} bytes; limit {settings.max_bytes:,})")
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e


# --- one record to an Article -------------------------------------------------------------------


def _published(value: Any, fallback: str | None, origin: str) -> str | None:
    if value in (None, ""):
        return fallback
    try:
        return normalize_published(str(value))
    except InputError as e:
        raise InputError(f"{origin}: {e}") from e


def article_from_record(rec: dict[str, Any], origin: str, settings: Settings, published: str | None) -> Article:
    """An Article from a JSON/CSV record, using the configured field names."""
    if not isinstance(rec, dict):
        raise InputError(f"{origin}: record is a {type(rec).__name__}, not an object")
    text = rec.get(settings.text_field)
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{origin}: no text in field {settings.text_field!r}")
    get = lambda k: (str(rec[k]) if rec.get(k) not in (None, "") else None)  # noqa: E731
    return Article.make(
        text,
        title=get(settings.title_field),
        url=get(settings.url_field),
        source=get(settings.source_field),
        published=_published(rec.get(settings.published_field), published, origin),
        language=get("language"),
        origin=origin,
    )


def parse_text(text: str, origin: str, published: str | None) -> Article:
    """A plain-text article; a leading ``Title:/Published:/Source:/URL:`` block is metadata."""
    meta: dict[str, str] = {}
    lines = text.lstrip("\ufeff").split("\n")
    i = 0
    while i < len(lines) and (m := _HEADER.match(lines[i].strip())):
        meta[m[1].lower()] = m[2].strip()
        i += 1
    if meta and i < len(lines) and not lines[i].strip():
        text = "\n".join(lines[i + 1 :])
    else:
        meta = {}
    if not text.strip():
        raise InputError(f"{origin}: empty text")
    return Article.make(
        text,
        title=meta.get("title"),
        url=meta.get("url"),
        source=meta.get("source"),
        language=meta.get("language"),
        published=_published(meta.get("published") or meta.get("date"), published, origin),
        origin=origin,
    )


def parse_html(html: str, origin: str, published: str | None) -> Article:
    """Main text and metadata of a web page (trafilatura)."""
    import trafilatura

    if "<" not in html:
        raise InputError(f"{origin}: not HTML")
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True,
        )
    except Exception as e:  # noqa: BLE001 - lxml/trafilatura raise many kinds on broken pages
        raise InputError(f"{origin}: broken HTML: {type(e).__name__}: {e}") from e
    if doc is None:
        raise InputError(f"{origin}: no article text found in the HTML")
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = d.get("text") or ""
    title = d.get("title")
    if title and text.startswith(title + "\n"):
        text = text[len(title) + 1 :]  # the headline repeated as the first line of the body
    if len(text.split()) < MIN_HTML_WORDS:
        raise InputError(f"{origin}: no article text found in the HTML")
    return Article.make(
        text,
        title=title,
        url=d.get("url"),
        source=d.get("sitename") or d.get("hostname"),
        language=None,
        published=_published(d.get("date"), published, origin),
        origin=origin,
    )


def parse_feed(xml: str, origin: str, published: str | None) -> Iterator[Article | Failure]:
    """Items of an RSS 2.0 or Atom feed, with their text from content or description."""
    from lxml import etree

    try:
        root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(recover=False, resolve_entities=False))
    except etree.XMLSyntaxError as e:
        raise InputError(f"{origin}: broken XML: {e}") from e
    items = root.findall(".//item") + root.findall(".//{http://www.w3.org/2005/Atom}entry")
    if not items:
        raise InputError(f"{origin}: no RSS items or Atom entries")
    for n, item in enumerate(items):
        loc = f"{origin}#{n + 1}"

        def field(*names: str, item: Any = item) -> str | None:
            for name in names:
                el = item.find(name)
                if el is not None:
                    if el.get("href"):
                        return str(el.get("href"))
                    if el.text and el.text.strip():
                        return el.text.strip()
            return None

        atom = "{http://www.w3.org/2005/Atom}"
        body = field(
            "{http://purl.org/rss/1.0/modules/content/}encoded", "description", f"{atom}content", f"{atom}summary"
        )
        try:
            if not body:
                raise InputError(f"{loc}: item has no text")
            if "<" in body:
                import lxml.html

                body = lxml.html.fromstring(body).text_content()
            yield Article.make(
                body,
                title=field("title", f"{atom}title"),
                url=field("link", f"{atom}link", "guid", f"{atom}id"),
                source=origin,
                published=_published(field("pubDate", f"{atom}published", f"{atom}updated"), published, loc),
                origin=loc,
            )
        except InputError as e:
            yield Failure(document=content_id(loc), origin=loc, stage="ingest", reason=str(e))


# --- containers -------------------------------------------------------------------------------------


def _records_json(text: str, origin: str) -> list[Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{origin}: broken JSON: {e.msg} at line {e.lineno} column {e.colno}") from e
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        return list(data["articles"])
    return data if isinstance(data, list) else [data]


def _sniff(text: str) -> str:
    head = text.lstrip()[:1000].lower()
    if head.startswith(("{", "[")):
        lines = [ln for ln in text.strip().split("\n") if ln.strip()]
        if len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines[:5]) and head.startswith("{"):
            try:
                json.loads(text)
                return ".json"
            except json.JSONDecodeError:
                return ".jsonl"
        return ".json"
    if head.startswith("<?xml") and ("<rss" in head or "<feed" in head):
        return ".xml"
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return ".html"
    if re.match(r"(---|\+\+\+)[ \t]*\r?\n", text.lstrip("\ufeff")):
        return ".md"  # front matter
    return ".txt"


def parse(text: str, origin: str, ext: str, settings: Settings, published: str | None) -> Iterator[Article | Failure]:
    """Articles (or failures) from the text of one file or stream, by format."""
    ext = ext if ext in KNOWN_EXT else _sniff(text)

    def record(rec: Any, loc: str) -> Article | Failure:
        try:
            return article_from_record(rec, loc, settings, published)
        except InputError as e:
            return Failure(document=content_id(loc), origin=loc, stage="ingest", reason=str(e))

    if ext in TEXT_EXT:
        yield parse_text(text, origin, published)
    elif ext in MARKDOWN_EXT:
        from .markdown import parse_markdown

        yield parse_markdown(text, origin, published)
    elif ext in HTML_EXT:
        yield parse_html(text, origin, published)
    elif ext in JSON_EXT:
        for n, rec in enumerate(_records_json(text, origin)):
            yield record(rec, f"{origin}#{n + 1}")
    elif ext in JSONL_EXT:
        for n, line in enumerate(text.split("\n")):
            if not line.strip():
                continue
            loc = f"{origin}:{n + 1}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                reason = f"{loc}: broken JSON: {e.msg}"
                yield Failure(document=content_id(loc), origin=loc, stage="ingest", reason=reason)
                continue
            yield record(rec, loc)
    elif ext in CSV_EXT:
        dialect = "excel-tab" if ext == ".tsv" else "excel"
        csv.field_size_limit(max(settings.max_bytes, 131072))
        try:
            rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
        except csv.Error as e:
            raise InputError(f"{origin}: broken CSV: {e}") from e
        if rows and settings.text_field not in rows[0]:
            raise InputError(f"{origin}: no column {settings.text_field!r} (columns: {', '.join(rows[0])})")
        for n, row in enumerate(rows):
            yield record(row, f"{origin}:{n + 2}")
    elif ext in FEED_EXT:
        yield from parse_feed(text, origin, published)


def read_one(
    path: str | Path, settings: Settings | None = None, *, published: str | None = None
) -> list[Article | Failure]:
    """Everything in one file (``-`` for stdin); raises :class:`InputError` when the file itself is unreadable."""
    settings = settings or Settings()
    published = normalize_published(published)
    if str(path) == "-":
        data = sys.stdin.buffer.read(settings.max_bytes + 1)
        if len(data) > settings.max_bytes:
            raise InputError(f"stdin: too large (over {settings.max_bytes:,} bytes)")
        return _guarded("stdin", lambda: list(parse(decode(data, "stdin"), "stdin", "", settings, published)))
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder")
    text = decode(read_bytes(p, settings), str(p))
    return _guarded(str(p), lambda: list(parse(text, str(p), p.suffix.lower(), settings, published)))


def _guarded(origin: str, read: Any) -> list[Article | Failure]:
    """``read()``, with any error a reader did not mean (a parser's own exception, a RecursionError) made
    an :class:`InputError` for the whole file: a reader bug must never stop a batch (found by tests/test_fuzz.py)."""
    try:
        return read()
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - converted at the edge, as the errors module says
        raise InputError(f"{origin}: unreadable ({type(e).__name__}: {str(e)[:200]})") from e


def expand(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Files under the given paths, folders walked in sorted order (hidden files skipped)."""
    for path in paths:
        if str(path) == "-":
            yield "-"
            continue
        p = Path(path)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    if f.suffix.lower() in KNOWN_EXT:
                        yield f
        else:
            yield p


def read_paths(
    paths: Iterable[str | Path], settings: Settings | None = None, *, published: str | None = None
) -> Iterator[Article | Failure]:
    """Every article under the paths; unreadable items become failures and reading goes on."""
    settings = settings or Settings()
    for p in expand(paths):
        try:
            yield from read_one(p, settings, published=published)
        except InputError as e:
            yield Failure(document=content_id(str(p)), origin=str(p), stage="ingest", reason=str(e))

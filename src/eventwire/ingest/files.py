"""Files, folders and stdin: which reader reads what, and every path that is not read accounted for.

File names may be any bytes: a path is opened as the operating system gave it (surrogate-escaped) and
shown, in origins and failures, readably (undecodable bytes as ``\\xNN``). Every path a walk skips --
an unknown format, a hidden file, an unreadable folder, a dangling link -- is a failure with its reason.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..dates import normalize_published
from ..errors import InputError
from ..model import Article, Failure
from ..settings import Settings
from .common import Context, failure
from .decoding import Decoded, decode

TEXT_EXT = {".txt", ".text"}
MARKDOWN_EXT = {".md", ".markdown"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
CSV_EXT = {".csv", ".tsv"}
FEED_EXT = {".xml", ".rss", ".atom"}
KNOWN_EXT = TEXT_EXT | MARKDOWN_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | CSV_EXT | FEED_EXT


def shown(path: str | Path) -> str:
    """A path as people read it: bytes that are not UTF-8 as ``\\xNN`` (never a lone surrogate)."""
    return os.fsencode(os.fspath(path)).decode("utf-8", "backslashreplace")


def read_bytes(path: Path, settings: Settings) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise InputError(
                f"{shown(path)}: too large ({size:,} bytes; limit max_bytes={settings.max_bytes:,}, "
                "raise EVENTWIRE_MAX_BYTES to read it)"
            )
        with path.open("rb") as f:
            return f.read(settings.max_bytes + 1)
    except OSError as e:
        raise InputError(f"{shown(path)}: cannot read: {e.strerror or e}") from e


def sniff(text: str) -> str:
    """The format of a text with no telling extension (stdin, an unknown suffix)."""
    head = text.lstrip("\ufeff \t\r\n")[:1000].lower()
    if head.startswith(("{", "[")):
        lines = [ln for ln in re.split(r"\r\n|\r|\n", text.strip()) if ln.strip()]
        if len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines[:5]) and head.startswith("{"):
            try:
                json.loads(text)
                return ".json"
            except (json.JSONDecodeError, RecursionError):
                return ".jsonl"
        return ".json"
    if head.startswith("<?xml") and ("<rss" in head or "<feed" in head):
        return ".xml"
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return ".html"
    if re.match(r"(---|\+\+\+)[ \t]*(\r\n|\r|\n)", text.lstrip("\ufeff")):
        return ".md"  # front matter
    return ".txt"


def parse(
    decoded: Decoded | str, origin: str, ext: str, settings: Settings, published: str | None
) -> Iterator[Article | Failure]:
    """Articles (or failures) from the text of one file or stream, by format."""
    from .decoding import from_text
    from .feed import parse_feed
    from .html import parse_html
    from .records import parse_csv, parse_json, parse_jsonl
    from .text import parse_text

    if isinstance(decoded, str):
        decoded = from_text(decoded)
    ctx = Context(origin=origin, settings=settings, decoded=decoded, published=published)
    ext = ext if ext in KNOWN_EXT else sniff(decoded.text)
    if ext in TEXT_EXT:
        yield parse_text(ctx)
    elif ext in MARKDOWN_EXT:
        from ..markdown import parse_markdown

        yield parse_markdown(ctx)
    elif ext in HTML_EXT:
        yield parse_html(ctx)
    elif ext in JSON_EXT:
        yield from parse_json(ctx)
    elif ext in JSONL_EXT:
        yield from parse_jsonl(ctx)
    elif ext in CSV_EXT:
        yield from parse_csv(ctx, tab=ext == ".tsv")
    elif ext in FEED_EXT:
        yield from parse_feed(ctx)


def parse_feed(
    decoded: Decoded | str, origin: str, published: str | None = None, settings: Settings | None = None
) -> Iterator[Article | Failure]:
    """Items of an RSS/Atom feed already fetched (``eventwire.watch``): :func:`parse` as a feed."""
    return parse(decoded, origin, ".xml", settings or Settings(), published)


def read_one(
    path: str | Path, settings: Settings | None = None, *, published: str | None = None
) -> list[Article | Failure]:
    """Everything in one file (``-`` for stdin); raises :class:`InputError` when the file itself is unreadable."""
    settings = settings or Settings()
    published = normalize_published(published)
    if str(path) == "-":
        data = sys.stdin.buffer.read(settings.max_bytes + 1)
        if len(data) > settings.max_bytes:
            raise InputError(f"stdin: too large (over max_bytes={settings.max_bytes:,} bytes)")
        return _guarded("stdin", lambda: list(parse(decode(data, "stdin"), "stdin", "", settings, published)))
    p = Path(path)
    name = shown(p)
    if p.is_symlink() and not p.exists():
        raise InputError(f"{name}: dangling symbolic link")
    if not p.exists():
        raise InputError(f"{name}: no such file")
    if p.is_dir():
        raise InputError(f"{name}: is a folder")
    data = read_bytes(p, settings)
    if len(data) > settings.max_bytes:  # grew while being read
        raise InputError(f"{name}: too large (over max_bytes={settings.max_bytes:,} bytes)")
    return _guarded(name, lambda: list(parse(decode(data, name), name, p.suffix.lower(), settings, published)))


def _guarded(origin: str, read: Any) -> list[Article | Failure]:
    """``read()``, with any error a reader did not mean (a parser's own exception, a RecursionError) made
    an :class:`InputError` for the whole file: a reader bug must never stop a batch (tests/test_fuzz.py)."""
    try:
        return read()
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - converted at the edge, as the errors module says
        raise InputError(f"{origin}: unreadable ({type(e).__name__}: {str(e)[:200]})") from e


def database_files(db: str | Path | None) -> list[Path]:
    """The files of a SQLite database (with its journal files): left out when a walk meets them."""
    if db is None or str(db).startswith(("postgresql", "postgres:")):
        return []
    path = str(db).removeprefix("sqlite:///")
    if not path or path == ":memory:":
        return []
    return [Path(path + suffix) for suffix in ("", "-wal", "-shm", "-journal")]


def expand(paths: Iterable[str | Path], *, exclude: Iterable[str | Path] = ()) -> Iterator[Path | str | Failure]:
    """Files under the given paths, folders walked in sorted order; a skipped path is a :class:`Failure`,
    except the paths in ``exclude`` (the store's own database files), which a walk leaves out silently."""
    leave = {os.path.realpath(p) for p in exclude}
    for path in paths:
        if str(path) == "-":
            yield "-"
            continue
        p = Path(path)
        if p.is_dir():
            yield from _walk(p, leave)
        else:
            yield p


def _walk(top: Path, leave: set[str]) -> Iterator[Path | Failure]:
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(top, onerror=errors.append):
        yield from (_skipped(e.filename, f"cannot read folder: {e.strerror or e}") for e in errors)
        errors.clear()
        here = Path(folder)
        for d in sorted(dirs):
            if d.startswith("."):
                yield _skipped(here / d, "hidden folder, not read")
            elif os.path.islink(os.path.join(folder, d)):
                yield _skipped(here / d, "symbolic link to a folder, not followed")
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(folder, d)))
        for name in sorted(files):
            f = here / name
            if leave and os.path.realpath(f) in leave:
                continue
            if name.startswith("."):
                yield _skipped(f, "hidden file, not read")
            elif not f.exists():
                yield _skipped(f, "dangling symbolic link")
            elif not f.is_file():
                yield _skipped(f, "not a regular file")
            elif f.suffix.lower() not in KNOWN_EXT:
                yield _skipped(f, f"no reader for {f.suffix or 'files without an extension'!s}")
            else:
                yield f
    yield from (_skipped(e.filename, f"cannot read folder: {e.strerror or e}") for e in errors)


def _skipped(path: str | Path | None, reason: str) -> Failure:
    name = shown(path or "?")
    return failure(name, f"{name}: skipped: {reason}")


def read_paths(
    paths: Iterable[str | Path], settings: Settings | None = None, *, published: str | None = None,
    exclude: Iterable[str | Path] = (),
) -> Iterator[Article | Failure]:
    """Every article under the paths; unreadable items become failures and reading goes on. Files in
    ``exclude`` (see :func:`database_files`) are left out of folder walks silently."""
    settings = settings or Settings()
    for p in expand(paths, exclude=exclude):
        if isinstance(p, Failure):
            yield p
            continue
        try:
            yield from read_one(p, settings, published=published)
        except InputError as e:
            name = "stdin" if p == "-" else shown(p)
            yield failure(name, str(e))

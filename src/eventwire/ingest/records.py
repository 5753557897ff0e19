"""Records: .json (an object, a list, or ``{"articles": [...]}``), .jsonl, .csv/.tsv.

Field names come from the settings (``text_field`` ...). A bad record is a failure and reading goes on;
a container with no records at all is an error (nothing is dropped silently). JSON deeper than
``max_json_depth`` is refused before parsing (no ``RecursionError``); a CSV field longer than
``max_article_bytes`` fails its row only.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..model import Article, Failure
from .common import Context, failure, make_article, published_of

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)
_LINE_END = re.compile(r"\r\n|\r|\n")
_EXTRA = "\x00extra"  # CSV restkey: values beyond the header


def check_depth(text: str, loc: str, limit: int) -> None:
    """Refuse JSON nested deeper than ``limit`` (a linear scan, strings skipped)."""
    depth = 0
    for m in _JSON_TOKEN.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            if depth > limit:
                raise InputError(
                    f"{loc}: JSON nested deeper than max_json_depth={limit} (raise EVENTWIRE_MAX_JSON_DEPTH to read it)"
                )
        elif c in "]}":
            depth -= 1


def _value(rec: dict[str, Any], key: str) -> str | None:
    v = rec.get(key)
    if v in (None, "") or isinstance(v, dict | list):
        return None
    return str(v)


def article_from_record(rec: Any, loc: str, ctx: Context) -> Article:
    """An article from a JSON/CSV record, using the configured field names."""
    s = ctx.settings
    if not isinstance(rec, dict):
        raise InputError(f"{loc}: record is a {type(rec).__name__}, not an object")
    text = rec.get(s.text_field)
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{loc}: no text in field {s.text_field!r}")
    return make_article(
        text, ctx, loc,
        title=_value(rec, s.title_field),
        url=_value(rec, s.url_field),
        source=_value(rec, s.source_field),
        source_id=_value(rec, s.id_field),
        published=published_of(rec.get(s.published_field), ctx.published, loc),
        language=_value(rec, "language") or _value(rec, "lang"),
    )


def _record(rec: Any, loc: str, ctx: Context) -> Article | Failure:
    try:
        return article_from_record(rec, loc, ctx)
    except InputError as e:
        return failure(loc, str(e))


def parse_json(ctx: Context) -> Iterator[Article | Failure]:
    text = ctx.decoded.text
    check_depth(text, ctx.origin, ctx.settings.max_json_depth)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{ctx.origin}: broken JSON: {e.msg} at line {e.lineno} column {e.colno}") from e
    except ValueError as e:  # a number of more than 4,300 digits
        raise InputError(f"{ctx.origin}: broken JSON: {e}") from e
    except RecursionError as e:  # pragma: no cover - check_depth keeps depth far below the limit
        raise InputError(f"{ctx.origin}: JSON nested too deep") from e
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    records = data if isinstance(data, list) else [data]
    if not records:
        raise InputError(f"{ctx.origin}: no articles (an empty list)")
    for n, rec in enumerate(records):
        yield _record(rec, f"{ctx.origin}#{n + 1}", ctx)


def parse_jsonl(ctx: Context) -> Iterator[Article | Failure]:
    n_lines = 0
    for n, line in enumerate(_LINE_END.split(ctx.decoded.text)):
        if not line.strip():
            continue
        n_lines += 1
        loc = f"{ctx.origin}:{n + 1}"
        try:
            check_depth(line, loc, ctx.settings.max_json_depth)
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield failure(loc, f"{loc}: broken JSON: {e.msg}")
            continue
        except (ValueError, RecursionError) as e:  # a number of more than 4,300 digits; a raised max_json_depth
            yield failure(loc, f"{loc}: broken JSON: {type(e).__name__}: {str(e)[:200]}")
            continue
        except InputError as e:
            yield failure(loc, str(e))
            continue
        yield _record(rec, loc, ctx)
    if not n_lines:
        raise InputError(f"{ctx.origin}: no articles (no JSON lines)")


def parse_csv(ctx: Context, *, tab: bool) -> Iterator[Article | Failure]:
    s = ctx.settings
    text = ctx.decoded.text.lstrip("\ufeff")
    old = csv.field_size_limit(s.max_article_bytes)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=None), dialect="excel-tab" if tab else "excel",
                                restkey=_EXTRA)
        try:
            header = reader.fieldnames
        except csv.Error as e:
            raise InputError(f"{ctx.origin}: broken CSV header: {e}") from e
        if not header:
            raise InputError(f"{ctx.origin}: no articles (an empty CSV)")
        if s.text_field not in header:
            cols = ", ".join(repr(c) for c in header)
            raise InputError(f"{ctx.origin}: no column {s.text_field!r} (columns: {cols}); set text_field")
        rows = 0
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                rows += 1
                reason = str(e)
                if "field limit" in reason:
                    reason = (f"a field is longer than max_article_bytes={s.max_article_bytes:,} "
                              "(raise EVENTWIRE_MAX_ARTICLE_BYTES to read it)")
                loc = f"{ctx.origin}:{line}"
                yield failure(loc, f"{loc}: broken CSV row: {reason}")
                continue
            rows += 1
            loc = f"{ctx.origin}:{line}"
            if row.get(_EXTRA):
                yield failure(loc, f"{loc}: row has {len(row[_EXTRA])} more values than the header has columns")
                continue
            yield _record(row, loc, ctx)
        if not rows:
            raise InputError(f"{ctx.origin}: no articles (a CSV with a header and no rows)")
    finally:
        csv.field_size_limit(old)

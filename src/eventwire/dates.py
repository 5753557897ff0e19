"""Publication dates in whatever format a source gives them, normalized to ``YYYY-MM-DD``."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache

from .errors import InputError

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:T?\d{4,6}Z?)?\s*$")
_EPOCH = re.compile(r"^\s*(\d{9,10})(?:\.\d+)?\s*$")


def _checked(y: int, m: int, d: int, raw: str) -> str:
    try:
        return date(y, m, d).isoformat()
    except ValueError as e:
        raise InputError(f"invalid publication date {raw!r}: {e}") from e


@lru_cache(maxsize=4096)
def normalize_published(value: str | date | None) -> str | None:
    """``YYYY-MM-DD`` for a date in ISO, RFC 2822, compact, epoch or written-out form.

    ``None`` and empty strings give ``None``; anything else that is not a date raises
    :class:`InputError`. Day-first is assumed for ambiguous numeric forms (``03/04/2019``) except where
    the first number cannot be a day.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raw = str(value).strip()
    if not raw:
        return None
    if m := _ISO.match(raw):
        return _checked(int(m[1]), int(m[2]), int(m[3]), raw)
    if m := _COMPACT.match(raw):
        return _checked(int(m[1]), int(m[2]), int(m[3]), raw)
    if m := _EPOCH.match(raw):
        return datetime.fromtimestamp(int(m[1]), tz=UTC).date().isoformat()
    try:
        return parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser

    parsed = dateparser.parse(
        raw,
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "STRICT_PARSING": False,
                  "REQUIRE_PARTS": ["year"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    if parsed is None:
        raise InputError(f"not a date: {raw!r} (use YYYY-MM-DD)")
    return parsed.date().isoformat()

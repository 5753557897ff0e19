"""Tune and validate splits of every gold set, fixed by the items' own ids.

Rules and lexicons are written by looking at ``tune``; ``validate`` is what the floors pin and what
commit messages report before and after. The split of an item depends only on its id (a SHA-1 of
``"<set>:<id>"``), so it never changes when code or other items change. Where a set has strata
(ACLED countries, PLOVER sources, ECB+ topics), each stratum is split on its own: within a stratum the
items are ordered by their hash and the first ``VALIDATE_SHARE`` of them (rounded, at least one
when the stratum has three or more) are ``validate``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from ..errors import ConfigError

SPLITS = ("all", "tune", "validate")
VALIDATE_SHARE = 0.3

T = TypeVar("T")


def check_split(split: str | None) -> str:
    """The split name, or a ConfigError naming the known ones."""
    split = split or "all"
    if split not in SPLITS:
        raise ConfigError(f"unknown split {split!r}; known: {', '.join(SPLITS)}")
    return split


def item_hash(set_name: str, item_id: str) -> int:
    """A stable 64-bit number for one item of one gold set."""
    return int.from_bytes(hashlib.sha1(f"{set_name}:{item_id}".encode()).digest()[:8], "big")


def assign(set_name: str, items: Iterable[tuple[str, Hashable]]) -> dict[str, str]:
    """``{item_id: "tune" | "validate"}`` for ``(item_id, stratum)`` pairs (stratum may be None)."""
    strata: dict[Hashable, list[str]] = defaultdict(list)
    for item_id, stratum in items:
        strata[stratum].append(str(item_id))
    out: dict[str, str] = {}
    for ids in strata.values():
        ids = sorted(set(ids), key=lambda i: (item_hash(set_name, i), i))
        k = round(len(ids) * VALIDATE_SHARE)
        if k == 0 and len(ids) >= 3:
            k = 1
        for rank, i in enumerate(ids):
            out[i] = "validate" if rank < k else "tune"
    return out


def select(
    set_name: str,
    items: list[T],
    split: str | None,
    *,
    key: Callable[[T], str],
    stratum: Callable[[T], Hashable] | None = None,
) -> list[T]:
    """The items of ``split`` (all of them for ``"all"``), in their original order."""
    split = check_split(split)
    if split == "all":
        return list(items)
    parts = assign(set_name, ((key(x), stratum(x) if stratum else None) for x in items))
    return [x for x in items if parts[str(key(x))] == split]


def sample(set_name: str, items: list[T], n: int | None, *, key: Callable[[T], str]) -> list[T]:
    """A fixed random sample of ``n`` items (all when ``n`` is None or not smaller), in their original order.

    The sample is the ``n`` items with the smallest hash of ``"sample:<set>:<id>"``: it depends only on the
    ids, and a larger sample contains a smaller one."""
    if n is None or n >= len(items):
        return list(items)
    keep = set(sorted((str(key(x)) for x in items), key=lambda i: (item_hash(f"sample:{set_name}", i), i))[:n])
    return [x for x in items if str(key(x)) in keep]


def pick(
    set_name: str,
    items: list[T],
    split: str | None,
    *,
    key: Callable[[T], str],
    stratum: Callable[[T], Hashable] | None = None,
    sample_size: int | None = None,
) -> list[T]:
    """The items of ``split``, then a fixed random sample of ``sample_size`` of them (see :func:`sample`)."""
    return sample(set_name, select(set_name, items, split, key=key, stratum=stratum), sample_size, key=key)

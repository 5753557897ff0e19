"""The same matches as spaCy's ``attribute_ruler``, found by a table instead of its Matcher.

``en_core_web_sm``'s attribute ruler holds 179 patterns, nearly all of one token, testing only its TAG,
LOWER, DEP and IS_SPACE. spaCy's Matcher tries every pattern on every token: 12% of the model's time, as
much as the parser. Which one-token patterns match a token depends only on those four values, so the
answer is worked out once per distinct (tag, lower, dep, space) and kept; the few patterns of several
tokens are tried only where their first token matches. The matches, sorted as the ruler sorts them, go to
the ruler's own ``set_annotations``: the attributes it sets are the same. A ruler with patterns of any other
shape (other attributes, operators, quantifiers) keeps its Matcher.
"""

from __future__ import annotations

import re
from typing import Any

#: Token attributes a pattern may test, in the order of the key.
_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_OPS = frozenset({"IN", "NOT_IN", "REGEX"})
#: Distinct keys kept before the table starts again (a bound on memory over a long run).
MAX_KEYS = 200_000


def _test(cond: Any) -> Any:
    """A predicate over one attribute's value (a string, or a bool for IS_SPACE)."""
    if isinstance(cond, dict):
        if not cond or set(cond) - _OPS or len(cond) != 1:
            raise ValueError(f"unsupported condition {cond!r}")
        ((op, arg),) = cond.items()
        if op == "IN":
            values = frozenset(arg)
            return lambda v: v in values
        if op == "NOT_IN":
            values = frozenset(arg)
            return lambda v: v not in values
        rx = re.compile(arg)
        return lambda v: isinstance(v, str) and rx.search(v) is not None
    if isinstance(cond, (str, bool)):
        return lambda v: v == cond
    raise ValueError(f"unsupported condition {cond!r}")


def _compile_token(spec: dict[str, Any]) -> tuple[tuple[int, Any], ...]:
    if set(spec) - set(_ATTRS):
        raise ValueError(f"unsupported token pattern {spec!r}")
    return tuple((_ATTRS.index(k), _test(v)) for k, v in spec.items())


def _holds(tests: tuple[tuple[int, Any], ...], values: tuple[Any, ...]) -> bool:
    return all(fn(values[i]) for i, fn in tests)


class TableMatch:
    """Drop-in for ``AttributeRuler.match``: the same ``(attr_id, match_id, start, end)`` list, sorted."""

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        self.strings = ruler.vocab.strings
        self.columns = [TAG, LOWER, DEP, IS_SPACE]
        self.multi: list[tuple[int, int, list[tuple]]] = []  # (attr id, match id, tests per token)
        # One-token patterns by what they ask of LOWER: an exact word (or a list of them), something else
        # (a regex), or nothing: then the answer depends on tag, dep and space alone and is kept per those.
        self.by_lower: dict[str, list[tuple[int, int, tuple]]] = {}
        self.other_lower: list[tuple[int, int, tuple]] = []
        self.no_lower: list[tuple[int, int, tuple]] = []
        for attr_id, entry in enumerate(ruler.patterns):
            match_id = self.strings[str(attr_id)]
            for pattern in entry["patterns"]:
                compiled = [_compile_token(tok) for tok in pattern]
                if not compiled:
                    raise ValueError("empty pattern")
                if len(compiled) > 1:
                    self.multi.append((attr_id, match_id, compiled))
                    continue
                item = (attr_id, match_id, compiled[0])
                lower = pattern[0].get("LOWER")
                if lower is None:
                    self.no_lower.append(item)
                elif isinstance(lower, str) or (isinstance(lower, dict) and set(lower) == {"IN"}):
                    for word in [lower] if isinstance(lower, str) else lower["IN"]:
                        self.by_lower.setdefault(word, []).append(item)
                else:
                    self.other_lower.append(item)
        self.generic: dict[tuple[int, int, int], list[tuple[int, int]]] = {}
        self.table: dict[tuple[int, ...], tuple[tuple[tuple[int, int], ...], tuple[bool, ...]]] = {}

    def _values(self, key: tuple[int, ...]) -> tuple[Any, ...]:
        s = self.strings
        return (s[key[0]], s[key[1]], s[key[2]], bool(key[3]))

    def _entry(self, key: tuple[int, ...]) -> tuple[tuple[tuple[int, int], ...], tuple[bool, ...]]:
        """(the one-token matches of a token with these values, whether each multi-token pattern's
        first token fits it)."""
        values = self._values(key)
        gkey = (key[0], key[2], key[3])
        generic = self.generic.get(gkey)
        if generic is None:
            generic = self.generic[gkey] = [(a, m) for a, m, tests in self.no_lower if _holds(tests, values)]
        specific = [(a, m) for a, m, tests in self.by_lower.get(values[1], []) + self.other_lower
                    if _holds(tests, values)]
        hits = tuple(sorted(set(generic + specific)))
        firsts = tuple(_holds(tests[0], values) for _, _, tests in self.multi)
        if len(self.table) >= MAX_KEYS:
            self.table.clear()
        entry = self.table[key] = (hits, firsts)
        return entry

    def __call__(self, doc: Any) -> list[tuple[int, int, int, int]]:
        if not len(doc):
            return []
        rows = [tuple(r) for r in doc.to_array(self.columns).tolist()]
        table, entry = self.table, self._entry
        out: list[tuple[int, int, int, int]] = []
        starts: list[int] = []
        for i, key in enumerate(rows):
            hits, firsts = table.get(key) or entry(key)
            for attr_id, match_id in hits:
                out.append((attr_id, match_id, i, i + 1))
            if True in firsts:
                starts.append(i)
        for k, (attr_id, match_id, tests) in enumerate(self.multi):
            n = len(tests)
            for i in starts:
                if i + n <= len(rows) and (table.get(rows[i]) or entry(rows[i]))[1][k] and all(
                    _holds(tests[j], self._values(rows[i + j])) for j in range(1, n)
                ):
                    out.append((attr_id, match_id, i, i + n))
        return sorted(set(out))


def speed_up(ruler: Any) -> bool:
    """Make ``ruler`` (an ``AttributeRuler``) find its matches by :class:`TableMatch`; False (and the
    ruler unchanged) when its patterns are of a shape the table does not cover."""
    try:
        ruler.match = TableMatch(ruler)
    except (ValueError, KeyError, AttributeError, TypeError, re.error):
        return False
    return True

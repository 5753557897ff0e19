"""Coreference metrics against hand-computed values."""

from __future__ import annotations

import pytest

from eventwire.dedup.metrics import bcubed, ceafe, conll, muc

# key {a,b,c} {d,e}; response {a,b} {c,d,e}
KEY = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
RESPONSE = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}


def test_bcubed_by_hand():
    p, r, f = bcubed(KEY, RESPONSE)
    assert p == pytest.approx(11 / 15) and r == pytest.approx(11 / 15) and f == pytest.approx(11 / 15)


def test_muc_by_hand():
    p, r, f = muc(KEY, RESPONSE)
    assert (p, r) == (pytest.approx(2 / 3), pytest.approx(2 / 3))


def test_ceafe_by_hand():
    p, r, f = ceafe(KEY, RESPONSE)
    assert (p, r) == (pytest.approx(0.8), pytest.approx(0.8))


def test_perfect_and_all_singletons():
    scores = conll(KEY, dict(KEY))
    assert scores["conll_f1"] == pytest.approx(1.0)
    singles = {m: m for m in KEY}
    assert bcubed(KEY, singles)[0] == 1.0 and bcubed(KEY, singles)[1] == pytest.approx(2 / 5)
    assert muc(KEY, singles) == (0.0, 0.0, 0.0)


def test_mentions_missing_on_one_side_are_singletons():
    p, r, _ = bcubed({"a": 1, "b": 1}, {"a": 1})
    assert (p, r) == (1.0, 0.5)

"""Tune/validate splits: fixed by item id, about 30% validate, stratified."""

from __future__ import annotations

import pytest

from eventwire.errors import ConfigError
from eventwire.evaluate import splits


def test_split_is_a_function_of_the_id_alone() -> None:
    ids = [f"doc{i}" for i in range(200)]
    a = splits.assign("set", ((i, None) for i in ids))
    b = splits.assign("set", ((i, None) for i in reversed(ids)))
    assert a == b
    assert sum(v == "validate" for v in a.values()) == 60


def test_each_stratum_is_split_on_its_own() -> None:
    items = [(f"{c}{i}", c) for c in ("KEN", "AFG", "SYR") for i in range(10)]
    parts = splits.assign("acled", items)
    for c in ("KEN", "AFG", "SYR"):
        assert sum(parts[f"{c}{i}"] == "validate" for i in range(10)) == 3


def test_select_keeps_order_and_partitions() -> None:
    items = list(range(50))
    tune = splits.select("s", items, "tune", key=str)
    val = splits.select("s", items, "validate", key=str)
    assert sorted(tune + val) == items
    assert tune == sorted(tune) and val == sorted(val)
    assert splits.select("s", items, None, key=str) == items
    with pytest.raises(ConfigError):
        splits.select("s", items, "dev", key=str)

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


def test_sample_is_fixed_nested_and_in_order() -> None:
    items = [f"item{i}" for i in range(100)]
    a = splits.sample("s", items, 20, key=str)
    assert len(a) == 20 and a == splits.sample("s", list(reversed(items)), 20, key=str)[::-1]
    assert set(splits.sample("s", items, 10, key=str)) <= set(a)
    assert a == sorted(a, key=items.index)
    assert splits.sample("s", items, None, key=str) == items
    assert set(splits.pick("s", items, "validate", key=str, sample_size=5)) <= set(
        splits.select("s", items, "validate", key=str))


TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>{name}</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2001-05-0{day}" functionInDocument="CREATION_TIME">x</TIMEX3></DCT>
<TEXT>
The council met <TIMEX3 tid="t1" type="DATE" value="2001-05-0{prev}">yesterday</TIMEX3> and will meet again.
</TEXT>
</TimeML>
"""


def test_evaluators_score_the_parts_of_a_split(tmp_path) -> None:
    from eventwire import evaluate

    for i in range(10):
        (tmp_path / f"doc{i}.tml").write_text(TML.format(name=f"doc{i}", day=i % 8 + 2, prev=i % 8 + 1))
    whole = evaluate.run("time", tmp_path)
    tune = evaluate.run("time", tmp_path, split="tune")
    val = evaluate.run("time", tmp_path, split="validate")
    assert (whole["split"], tune["split"], val["split"]) == ("all", "tune", "validate")
    assert (tune["n"], val["n"], whole["n"]) == (7, 3, 10)
    assert tune["gold"] + val["gold"] == whole["gold"]
    assert list(val)[:2 + len(evaluate.headline("time"))] == ["n", "split", *evaluate.headline("time")]
    assert evaluate.run("time", tmp_path, split="validate", sample=2)["n"] == 2
    with pytest.raises(ConfigError):
        evaluate.run("time", tmp_path, split="dev")


def test_every_evaluator_has_headline_keys() -> None:
    from eventwire import evaluate

    for name in evaluate.EVALUATORS:
        assert evaluate.headline(name), name


def test_cli_eval_prints_the_headline_first_and_takes_a_split(tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from eventwire import evaluate
    from eventwire.cli import cli

    for i in range(4):
        (tmp_path / f"doc{i}.tml").write_text(TML.format(name=f"doc{i}", day=i + 2, prev=i + 1))
    out = CliRunner().invoke(cli, ["eval", "time", "--data", str(tmp_path), "--split", "tune", "--json"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "headline:" and lines[1].split() == ["n", "3"] and lines[2].split() == ["split", "tune"]
    assert lines.index("diagnostics:") == 3 + len(evaluate.headline("time"))
    assert json.loads(lines[-1])["split"] == "tune"
    bad = CliRunner().invoke(cli, ["eval", "time", "--data", str(tmp_path), "--split", "dev"])
    assert bad.exit_code != 0

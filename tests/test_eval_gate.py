"""The gold-corpus quality gate: every score in floors/*.json must stay at or above its floor.

A floor may be raised freely; lowering one needs a reason in the commit message. Each file names the
split it is pinned on (``"split": "validate"``) and, for a set too slow to score whole, a fixed random
sample of that split (``"sample": N``, :func:`eventwire.evaluate.splits.sample`), on the texts lower- or
upper-cased where it says ``"case"``. ``"data"`` is under
``../shared/data``, or under the repository with ``"in_repo": true`` (gold annotations whose texts are read
from ``../shared/data``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, ROOT

FLOORS = sorted((ROOT / "floors").glob("*.json"))


@pytest.mark.gold
@pytest.mark.slow
@pytest.mark.parametrize("floor_file", FLOORS, ids=[f.stem for f in FLOORS])
def test_scores_stay_above_floors(floor_file: Path) -> None:
    from eventwire import evaluate

    spec = json.loads(floor_file.read_text())
    data = (ROOT if spec.get("in_repo") else DATA) / spec["data"]
    if not data.exists() or not DATA.exists():  # in-repo gold (annotations only) reads its texts from DATA
        pytest.skip(f"{data} or {DATA} not present")
    scores = evaluate.run(spec["eval"], data, limit=spec.get("limit"), split=spec.get("split"),
                          sample=spec.get("sample"), case=spec.get("case"))
    low = {k: (scores.get(k), v) for k, v in spec["floors"].items() if (scores.get(k) or 0.0) + 1e-9 < v}
    assert not low, f"{floor_file.name}: below floor (score, floor): {low}; all scores: {scores}"


@pytest.mark.parametrize("floor_file", FLOORS, ids=[f.stem for f in FLOORS])
def test_floors_are_pinned_on_validate_with_every_headline_key(floor_file: Path) -> None:
    from eventwire import evaluate

    spec = json.loads(floor_file.read_text())
    assert spec.get("split") == "validate", f"{floor_file.name}: floors are pinned on the validate split"
    assert spec.get("limit") is None, f"{floor_file.name}: use a fixed random sample, not the first items"
    # a baseline (the always-0 fatalities figure) is printed beside the scores; it is the data's, not ours
    missing = [k for k in evaluate.headline(spec["eval"]) if k not in spec["floors"] and not k.endswith("_baseline")]
    assert not missing, f"{floor_file.name}: headline keys without a floor: {missing}"

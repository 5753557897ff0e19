"""The gold-corpus quality gate: every score in floors/*.json must stay at or above its floor.

A floor may be raised freely; lowering one needs a reason in the commit message.
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
    data = DATA / spec["data"]
    if not data.exists():
        pytest.skip(f"{data} not present")
    scores = evaluate.run(spec["eval"], data, limit=spec.get("limit"))
    low = {k: (scores.get(k), v) for k, v in spec["floors"].items() if (scores.get(k) or 0.0) + 1e-9 < v}
    assert not low, f"{floor_file.name}: below floor (score, floor): {low}; all scores: {scores}"

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"
SEED = SHARED / "seed"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is absent (a user's clone has none)."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} not present")
    return p


@pytest.fixture(scope="session")
def pipeline():
    from eventwire.pipeline import default_pipeline

    return default_pipeline()

"""The seed article's event facts (../shared/seed/gold.json "events" and "not_events") hold end to end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import shared_path


@pytest.mark.gold
@pytest.mark.slow
def test_seed_event_facts(pipeline, tmp_path):
    from eventwire.model import Article

    seed = shared_path("seed")
    gold = json.loads((seed / "gold.json").read_text())
    article = Article.make((seed / "article.txt").read_text(), published=gold["published"])
    doc = pipeline.run(article)
    out = tmp_path / "seed.json"
    out.write_text(json.dumps(doc.to_json()))
    res = subprocess.run([sys.executable, str(seed / "check.py"), str(out)], capture_output=True, text=True)
    missed = [line for line in res.stdout.splitlines() if line.startswith("missed:")]
    event_ids = [g["id"] for g in gold["events"]]
    not_event_whys = [g["why"] for g in gold["not_events"]]
    ours = [m for m in missed if any(f"event {i} " in m for i in event_ids) or any(w in m for w in not_event_whys)]
    assert not ours, "\n".join(ours)
    planned = [e for e in doc.events if e.modality == "planned" and e.type in ("ASSAULT", "MOBILIZE")]
    assert planned and all(e.acled is None for e in planned)

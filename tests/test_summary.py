"""``eventwire summary``: counts, events by type and modality, examples, real-world events after dedup."""

from __future__ import annotations

from click.testing import CliRunner
from test_store import make_doc

from eventwire.cli import cli
from eventwire.store import open_store
from eventwire.summary import describe, summarize


def _store(path):
    other = make_doc("d9", text="Rebels attacked Goma on Monday, killing 5 civilians, officials said.",
                     published="2024-01-11")
    other.source = "Other Wire"
    with open_store(path) as s:
        s.add(make_doc("d1"))
        s.add(other)
        s.add(make_doc("d2", text="Protesters marched in Nairobi against taxes.", etype="PROTEST",
                       date="2024-02-03", modality="planned", lat=-1.2864, lon=36.8172))


def test_summarize_counts_real_world_events(tmp_path):
    _store(tmp_path / "s.db")
    with open_store(tmp_path / "s.db") as s:
        summary = summarize(s, examples=2)
    assert summary.counts["articles"] == 3 and summary.counts["events"] == 3
    assert summary.by_type == {"ASSAULT": 2, "PROTEST": 1}
    assert summary.by_modality == {"actual": 2, "planned": 1}
    assert summary.real_world_events == 2 and summary.reported_by_several == 1
    assert len(summary.examples) == 2
    line = describe(summary.examples[0])
    assert "M23 rebels → Civilians (DR Congo)" in line and "@ Goma" in line


def test_summary_command(tmp_path):
    _store(tmp_path / "s.db")
    result = CliRunner().invoke(cli, ["summary", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert "articles: 3" in result.output
    assert "real-world events: 2 (1 reported by several articles" in result.output

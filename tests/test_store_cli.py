"""The store commands: ingest (summary, resume, failures), events (filters, formats), failures, export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from test_store import make_doc

from eventwire.cli import cli
from eventwire.store import open_store


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.db"
    with open_store(path) as s:
        s.add(make_doc("d1"))
        s.add(make_doc("d2", text="Protesters marched in Nairobi against taxes.", etype="PROTEST", date="2024-02-03",
                       modality="planned", lat=-1.2864, lon=36.8172))
    return str(path)


def test_commands_have_help():
    for name in ("ingest", "events", "failures", "export"):
        assert "Usage:" in run(name, "--help")


def test_ingest_resumes_and_records_failures(tmp_path):
    (tmp_path / "a.txt").write_text("Rebels attacked Goma on Monday, killing five civilians.")
    (tmp_path / "b.txt").write_text("Police arrested 12 activists in Kampala on Tuesday.")
    (tmp_path / "empty.txt").write_text("")
    db = str(tmp_path / "i.db")
    out = run("ingest", str(tmp_path), "--db", db, "--published", "2024-01-10")
    assert "2 read, 0 already stored" in out and "2 stored" in out and "failures: 1" in out
    out = run("ingest", str(tmp_path), "--db", db, "--published", "2024-01-10")
    assert "2 already stored" in out and "0 stored" in out
    out = run("ingest", str(tmp_path), "--db", db)  # another date (none) is another article: identity has the date
    assert "2 stored" in out
    fails = json.loads(run("failures", "--db", db, "--format", "json"))
    assert len(fails) == 1 and fails[0]["stage"] == "ingest" and fails[0]["origin"].endswith("empty.txt")
    assert "empty.txt" in run("failures", "--db", db)


def test_events_filters_and_formats(db):
    evs = json.loads(run("events", "--db", db, "--format", "json"))
    assert isinstance(evs, list) and len(evs) == 2 and {e["type"] for e in evs} == {"ASSAULT", "PROTEST"}
    assert [e["article"]["id"] for e in json.loads(
        run("events", "--db", db, "--type", "protest", "--modality", "planned", "--format", "json"))] == ["d2"]
    assert json.loads(run("events", "--db", db, "--since", "2024-02-01", "--until", "2024-02-28",
                          "--format", "json"))[0]["article"]["id"] == "d2"
    assert len(json.loads(run("events", "--db", db, "--near", "-1.68,29.22,5", "--format", "json"))) == 1
    assert len(json.loads(run("events", "--db", db, "--actor", "M23", "--format", "json"))) == 2
    assert len(json.loads(run("events", "--db", db, "--q", "Nairobi", "--format", "json"))) == 1
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--format", "csv"))))
    assert [r["type"] for r in rows] == ["ASSAULT", "PROTEST"] and rows[0]["place"] == "Goma"
    table = run("events", "--db", db)
    assert "ASSAULT" in table and "Goma" in table


def test_bad_query_is_one_line_error(db):
    from eventwire.cli import main

    with pytest.raises(SystemExit) as e:
        main(["events", "--db", db, "--near", "north"])
    assert e.value.code == 2


@pytest.mark.parametrize("fmt", ["acled", "plover", "geojson", "jsonl"])
def test_export_to_file(db, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    run("export", "--db", db, "--format", fmt, "-o", str(out))
    text = out.read_text()
    if fmt == "acled":
        assert len(next(csv.reader(io.StringIO(text)))) == 31
        assert len(text.splitlines()) == 2  # header + the actual ASSAULT; the planned PROTEST is not ACLED's
    elif fmt == "geojson":
        assert len(json.loads(text)["features"]) == 2
    else:
        assert len(text.splitlines()) == 2


def test_export_merged(tmp_path):
    """--merged writes the same event reported by two articles once, naming both sources."""
    path = tmp_path / "m.db"
    other = make_doc("d9", text="Rebels attacked Goma on Monday, killing 5 civilians, officials said.",
                     published="2024-01-11")
    other.source = "Other Wire"
    with open_store(path) as s:
        s.add(make_doc("d1"))
        s.add(other)
    out = tmp_path / "m.csv"
    run("export", "--db", str(path), "--format", "acled", "--merged", "-o", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 1 and rows[0]["source"] == "Example; Other Wire"
    result = CliRunner().invoke(cli, ["export", "--db", str(path), "--format", "jsonl", "--merged"])
    assert result.exit_code == 2 and "--merged applies to" in result.output


def test_progress_bar_on_a_terminal(tmp_path, monkeypatch):
    """On a terminal, ingest shows a tqdm bar with rate and ETA (on stderr)."""
    import eventwire.cli.store as store_cli

    monkeypatch.setattr(store_cli, "isatty_err", lambda: True)
    (tmp_path / "a.txt").write_text("Police arrested 12 activists in Kampala on Tuesday.")
    (tmp_path / "b.txt").write_text("")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "p.db")],
                                catch_exceptions=False)
    assert result.exit_code == 0
    assert "2/2" in result.stderr and "art/s" in result.stderr and "<" in result.stderr  # count, rate, ETA

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED, shared_path

from eventwire.cli import cli
from eventwire.model import json_schema

EVENTWIRE = [sys.executable, "-m", "eventwire.cli"]
SAMPLES = ROOT / "samples" / "dispatches"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*EVENTWIRE, *args], input=stdin, capture_output=True, timeout=300)


def commands(group=cli, prefix=""):
    for name, cmd in group.commands.items():
        yield f"{prefix}{name}", cmd
        if hasattr(cmd, "commands"):
            yield from commands(cmd, f"{prefix}{name} ")


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    runner = CliRunner()
    for name, _ in commands():
        res = runner.invoke(cli, [*name.split(), "--help"])
        assert res.exit_code == 0 and "Usage:" in res.output, name
        assert f"eventwire {name}" in readme, f"`eventwire {name}` is not documented in the README"


def test_extract_one_file_is_one_schema_valid_object(tmp_path: Path) -> None:
    res = run("extract", str(SAMPLES / "01-goma-shelling.txt"), "--format", "json")
    assert res.returncode == 0, res.stderr.decode()
    doc = json.loads(res.stdout)
    jsonschema.validate(doc, json_schema())
    assert doc["published"] == "2024-02-08" and doc["title"].startswith("Shelling near Goma")
    assert "Photo: Sample Agency" not in doc["text"]


def test_extract_several_files_is_json_lines_from_stdin_too() -> None:
    res = run("extract", str(SAMPLES / "02-khartoum-protest.txt"), "-", stdin=b"Troops entered Sake on Monday.")
    assert res.returncode == 0, res.stderr.decode()
    lines = res.stdout.decode().strip().split("\n")
    assert len(lines) == 2 and all(json.loads(ln)["schema"] == "eventwire.document/1" for ln in lines)


def test_bad_items_print_one_line_and_exit_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)))
    good = SAMPLES / "02-khartoum-protest.txt"
    res = run("extract", str(tmp_path / "empty.txt"), str(good), str(tmp_path / "bin.txt"), "--format", "jsonl")
    assert res.returncode == 1
    err = res.stderr.decode().strip().split("\n")
    assert len(err) == 2 and all(line.startswith("eventwire: error: ") for line in err)
    assert len(res.stdout.decode().strip().split("\n")) == 1  # the good file still came out
    bad_date = run("extract", str(good), "--published", "the day after")
    assert bad_date.returncode != 0 and b"not a date" in bad_date.stderr
    assert b"Traceback" not in bad_date.stderr


@pytest.mark.gold
def test_seed_article_scores_at_least_the_floor(tmp_path: Path) -> None:
    article = shared_path("seed", "article.txt")
    res = run("extract", str(article), "--published", "2019-11-24", "--format", "json")
    assert res.returncode == 0, res.stderr.decode()
    doc = json.loads(res.stdout)
    jsonschema.validate(doc, json_schema())
    text = doc["text"]
    for a in doc["actors"]:
        assert all(text[m["start"] : m["end"]] == m["text"] for m in a["mentions"])
    for rec in doc["places"] + doc["times"] + doc["quotes"]:
        assert text[rec["start"] : rec["end"]] == rec["text"]
    check = subprocess.run([sys.executable, str(SEED / "check.py"), "-"], input=res.stdout, capture_output=True)
    m = re.search(r"seed: (\d+)/(\d+) facts", check.stdout.decode())
    assert m, check.stdout.decode()
    floor = json.loads((ROOT / "floors" / "seed" / "facts.json").read_text())["facts"]
    assert int(m[1]) >= floor, check.stdout.decode()


def test_python_dash_m_runs_the_same_command_line() -> None:
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "eventwire", "--help"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "usage" in r.stdout.lower() and "extract" in r.stdout

"""Packaging: every third-party import is declared, and a venv from `pip install .` alone (no extras)
imports every module, while a missing extra gives the install hint, not a traceback."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "eventwire"
#: Import name -> distribution name, where they differ.
DISTS = {"yaml": "pyyaml", "sqlalchemy": "sqlalchemy", "markdown_it": "markdown-it-py", "distributed": "dask",
         "charset_normalizer": "charset-normalizer"}


def _imports() -> set[str]:
    names: set[str] = set()
    for f in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text())):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "eventwire"}


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs += extra
    out = set()
    for r in reqs:
        name = r.split(";")[0].split("[")[0]
        for sep in "<>=!~ ":
            name = name.split(sep)[0]
        out.add(name.strip().lower().replace("_", "-"))
    return out


def test_every_third_party_import_is_declared():
    declared = _declared()
    missing = sorted(n for n in _imports() if DISTS.get(n, n).lower().replace("_", "-") not in declared)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_dependencies_are_ranges_not_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = [r for r in project["dependencies"] if "==" in r]
    assert not pinned, f"a library declares compatible ranges: {pinned}"
    lock = (ROOT / "requirements.lock").read_text()
    assert "spacy==" in lock and "eventwire @" not in lock


CHECK = r'''
import importlib, pkgutil, subprocess, sys, os
import eventwire
from eventwire.errors import EventwireError
EXTRAS = {"fastapi": "web", "starlette": "web", "fastapi_offline": "web", "uvicorn": "web", "distributed": "dask",
          "dask": "dask", "psycopg": "postgres"}
bad = []
for m in pkgutil.walk_packages(eventwire.__path__, "eventwire."):
    if m.name.endswith("__main__") or ".migrations." in m.name:  # alembic's scripts, run by alembic only
        continue
    try:
        importlib.import_module(m.name)
    except EventwireError as e:
        if "pip install 'eventwire[" not in str(e):
            bad.append(f"{m.name}: {e}")
    except ModuleNotFoundError as e:
        if e.name not in EXTRAS:  # an extra's own module (eventwire.web.app) needs it: its package hints
            bad.append(f"{m.name}: {type(e).__name__}: {e}")
    except Exception as e:
        bad.append(f"{m.name}: {type(e).__name__}: {e}")
try:
    from eventwire.web import create_app
    bad.append("eventwire.web: create_app imported without the web extra")
except EventwireError as e:
    if "pip install 'eventwire[web]'" not in str(e):
        bad.append(f"eventwire.web: {e}")
exe = os.path.join(os.path.dirname(sys.executable), "eventwire")
for args, extra in [(["serve", "--port", "1"], "web"), (["ingest", "x.txt", "--workers", "2"], "dask"),
                    (["events", "--db", "postgresql://u@127.0.0.1:1/x"], "postgres")]:
    open("x.txt", "w").write("Rebels attacked a village on Monday.")
    r = subprocess.run([exe, *args], capture_output=True, text=True, timeout=300)
    if r.returncode == 0 or "Traceback" in r.stderr or f"eventwire[{extra}]" not in r.stderr:
        bad.append(f"eventwire {' '.join(args)}: rc {r.returncode}: {r.stderr[-600:]}")
print("\n".join(bad) or "OK")
'''


@pytest.mark.slow
def test_bare_install_imports_every_module_and_hints_at_extras(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "-c", str(ROOT / "requirements.lock"), str(ROOT)],
        capture_output=True, text=True, timeout=900,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    for extra in ("fastapi", "distributed", "psycopg"):
        probe = subprocess.run([str(py), "-c", f"import {extra}"], capture_output=True)
        assert probe.returncode != 0, f"{extra} is installed without its extra"
    out = subprocess.run([str(py), "-c", CHECK], capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert out.stdout.strip() == "OK", out.stdout + out.stderr[-3000:]

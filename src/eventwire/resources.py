"""Bundled data files, with a user folder (``Settings.data_dir``) taking precedence."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError


def data_path(name: str, data_dir: Path | None = None) -> Path:
    """The user's copy of a data file when it exists, else the bundled one."""
    if data_dir is not None and (Path(data_dir) / name).exists():
        return Path(data_dir) / name
    return Path(str(resources.files("eventwire") / "data" / name))


def load_yaml(name: str, data_dir: Path | None = None) -> Any:
    path = data_path(name, data_dir)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"cannot read data file {path}: {e}") from e


def data_hash(names: Iterable[str], data_dir: Path | None = None) -> str:
    """A short hash of the data files a stage reads: the bundled file and the user's copy in
    ``data_dir`` (which overrides or extends it), so that two runs whose files differ in one byte get
    different hashes. A file that exists nowhere counts as absent."""
    h = hashlib.sha256()
    for name in sorted(set(names)):
        bundled = Path(str(resources.files("eventwire") / "data" / name))
        user = Path(data_dir) / name if data_dir is not None else None
        for label, path in ((b"bundled", bundled), (b"user", user)):
            h.update(name.encode() + b"\0" + label + b"\0")
            h.update(path.read_bytes() if path is not None and path.is_file() else b"\0absent")
    return h.hexdigest()[:8]

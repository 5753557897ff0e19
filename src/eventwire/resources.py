"""Bundled data files, with a user folder (``Settings.data_dir``) taking precedence."""

from __future__ import annotations

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

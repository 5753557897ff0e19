"""The editable data of the events stage: trigger lexicon, PLOVER names and contexts, ACLED cues.

The files live in ``eventwire/data`` (``triggers.yaml``, ``plover.yaml``, ``acled_types.yaml``); a user's
``Settings.data_dir`` holding a file of the same name replaces the bundled one. Loaded lazily and cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError
from ..rxfirst import compile_first

DEFAULT_CONFIDENCE = 0.6


@dataclass(frozen=True)
class TriggerEntry:
    """One lexicon entry: the lemmas that trigger an event of ``type`` and the conditions on them."""

    lemmas: frozenset[str]
    pos: frozenset[str]
    type: str
    mode: str | None = None
    context: tuple[str, ...] = ()
    acled: str | None = None
    with_: frozenset[str] = frozenset()
    without: frozenset[str] = frozenset()
    cue: re.Pattern[str] | None = None
    not_cue: re.Pattern[str] | None = None
    objects: frozenset[str] = frozenset()
    confidence: float = DEFAULT_CONFIDENCE


@dataclass(frozen=True)
class Lexicon:
    """Everything the stage reads from data files."""

    entries: tuple[TriggerEntry, ...]
    by_lemma: dict[str, tuple[TriggerEntry, ...]]
    plover_types: tuple[str, ...]
    old_names: dict[str, str]
    contexts: dict[str, re.Pattern[str]]
    acled_taxonomy: dict[str, tuple[str, ...]]
    weapons: tuple[tuple[str, re.Pattern[str]], ...]
    cues: dict[str, re.Pattern[str]]
    legacy_event_types: dict[str, str | None] = field(default_factory=dict)
    regional_names: dict[str, dict[str, str]] = field(default_factory=dict)  # generic name -> region -> name


def _read_yaml(name: str, data_dir: Path | None) -> Any:
    if data_dir is not None and (data_dir / name).exists():
        text = (data_dir / name).read_text(encoding="utf-8")
    else:
        text = resources.files("eventwire").joinpath("data", name).read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ConfigError(f"{name}: not valid YAML: {e}") from e


def _rx(pattern: str, where: str) -> re.Pattern[str]:
    """A pattern of the data files, case-insensitive (behind the first-character lookahead of
    :mod:`eventwire.rxfirst`: the same matches, found faster)."""
    try:
        return compile_first(pattern, re.I)
    except re.error as e:
        raise ConfigError(f"{where}: bad regular expression {pattern!r}: {e}") from e


def _words(raw: dict[str, Any], key: str, where: str) -> frozenset[str]:
    values = raw.get(key) or ()
    if any(isinstance(v, bool) for v in values):  # YAML reads bare on/off/yes/no as booleans
        raise ConfigError(f"{where}: quote on/off/yes/no in {key!r} (YAML reads them as true/false)")
    return frozenset(str(v).lower() for v in values)


def _entry(raw: dict[str, Any], types: set[str], i: int) -> TriggerEntry:
    where = f"triggers.yaml entry {i + 1}"
    if raw.get("type") not in types:
        raise ConfigError(f"{where}: unknown PLOVER type {raw.get('type')!r}")
    if not raw.get("lemmas"):
        raise ConfigError(f"{where}: no lemmas")
    return TriggerEntry(
        lemmas=_words(raw, "lemmas", where),
        pos=frozenset(raw.get("pos") or ["VERB", "NOUN"]),
        type=raw["type"],
        mode=raw.get("mode"),
        context=tuple(raw.get("context") or ()),
        acled=raw.get("acled"),
        with_=_words(raw, "with", where),
        without=_words(raw, "without", where),
        cue=_rx(raw["cue"], where) if raw.get("cue") else None,
        not_cue=_rx(raw["not_cue"], where) if raw.get("not_cue") else None,
        objects=frozenset(str(x) for x in _words(raw, "object", where) | {
            str(x) for x in raw.get("object") or () if not isinstance(x, bool)}),
        confidence=float(raw.get("confidence", DEFAULT_CONFIDENCE)),
    )


@lru_cache(maxsize=4)
def load_lexicon(data_dir: Path | None = None) -> Lexicon:
    """Read and check the three data files (cached per ``data_dir``)."""
    plover = _read_yaml("plover.yaml", data_dir)
    acled = _read_yaml("acled_types.yaml", data_dir)
    raw_entries = _read_yaml("triggers.yaml", data_dir) or []
    types = set(plover["types"])
    entries = tuple(_entry(r, types, i) for i, r in enumerate(raw_entries))
    by_lemma: dict[str, list[TriggerEntry]] = {}
    for e in entries:
        for lemma in e.lemmas:
            by_lemma.setdefault(lemma, []).append(e)
    return Lexicon(
        entries=entries,
        by_lemma={k: tuple(v) for k, v in by_lemma.items()},
        plover_types=tuple(plover["types"]),
        old_names=dict(plover.get("old_names") or {}),
        contexts={k: _rx(v, f"plover.yaml context {k}") for k, v in (plover.get("contexts") or {}).items()},
        acled_taxonomy={k: tuple(v) for k, v in acled["taxonomy"].items()},
        weapons=tuple((sub, _rx(p, f"acled_types.yaml weapon {sub}")) for sub, p in acled["weapons"]),
        cues={k: _rx(v, f"acled_types.yaml cue {k}") for k, v in acled["cues"].items()},
        legacy_event_types=dict(acled.get("legacy_event_types") or {}),
        regional_names={k: dict(v or {}) for k, v in (acled.get("regional_names") or {}).items()},
    )


def plover_name(name: str, lexicon: Lexicon | None = None) -> str:
    """The current PLOVER name of a type, mapping names of older drafts (DEMAND -> REQUEST ...)."""
    lex = lexicon or load_lexicon()
    up = (name or "").strip().upper()
    return lex.old_names.get(up, up)

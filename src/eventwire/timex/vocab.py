"""The tagger's vocabulary (``data/timex.yaml``) and the regular-expression pieces built from it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError

VOCAB_FILE = "timex.yaml"


def alternation(
    words: list[str] | set[str] | dict[str, Any], *, optional_period: bool = False, end: str = r"(?!\w)"
) -> str:
    """A non-capturing alternation of words, longest first, followed by ``end`` (a word end)."""
    parts = []
    full: set[str] = set()
    if optional_period and isinstance(words, dict):
        # the full name of each value is its longest key; the others are abbreviations
        longest: dict[Any, str] = {}
        for w, v in words.items():
            if len(w) > len(longest.get(v, "")):
                longest[v] = w
        full = set(longest.values())
    for w in sorted(words, key=len, reverse=True):
        esc = re.escape(w).replace(r"\ ", r"\s+")
        if optional_period and w not in full and w.isalpha():
            esc += r"\.?"
        parts.append(esc)
    return r"(?:" + "|".join(parts) + r")" + end


@dataclass(frozen=True, eq=False)
class Vocab:
    """The word lists, and regex pieces for them."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    vague: tuple[str, ...]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, str]]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    holidays: dict[str, tuple[int, int]]
    holidays_nth: dict[str, tuple[int, int, int]]
    holidays_easter: dict[str, int]  # days from Easter Sunday
    references: dict[str, str]
    sets: dict[str, str]

    def month(self, word: str) -> int | None:
        return self.months.get(word.lower().rstrip("."))

    def weekday(self, word: str) -> int | None:
        return self.weekdays.get(word.lower().rstrip("."))

    def unit(self, word: str) -> tuple[str, str] | None:
        """(calendar unit, TIMEX3 code) of a unit word, plural or not ("centuries", "days")."""
        w = word.lower()
        if w in self.units:
            return self.units[w]
        for sing in (w[:-1], w[:-3] + "y" if w.endswith("ies") else ""):
            if sing in self.units:
                return self.units[sing]
        return None

    def number(self, text: str) -> float | None:
        """The value of a number written in digits or words; None for vague amounts ("several")."""
        t = re.sub(r"\s+", " ", text.lower().strip()).replace(",", "")
        if t in self.numbers:
            return float(self.numbers[t])
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: (1/2|1/4|3/4|and a half))?", t)
        if m:
            frac = {"1/2": 0.5, "and a half": 0.5, "1/4": 0.25, "3/4": 0.75}.get(m[2] or "", 0.0)
            return float(m[1]) + frac
        m = re.fullmatch(r"([a-z]+)[- ]([a-z]+)", t)
        if m and m[1] in self.numbers and m[2] in self.numbers:
            a, b = self.numbers[m[1]], self.numbers[m[2]]
            if a >= 20 and b < 10:
                return float(a + b)
            if b == 100:
                return float(a * 100)
        m = re.fullmatch(r"(.+) and a half", t)
        if m and (base := self.number(m[1])) is not None:
            return base + 0.5
        return None


@lru_cache(maxsize=4)
def load_vocab(data_dir: str | None = None) -> Vocab:
    """The vocabulary from the user's data folder when it has ``timex.yaml``, else the bundled one."""
    path = Path(data_dir) / VOCAB_FILE if data_dir else None
    if path is None or not path.exists():
        path = Path(str(resources.files("eventwire") / "data" / VOCAB_FILE))
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"cannot read time vocabulary {path}: {e}") from e
    return Vocab(
        months={k: int(v) for k, v in raw["months"].items()},
        weekdays={k: int(v) for k, v in raw["weekdays"].items()},
        numbers={k: float(v) for k, v in raw["numbers"].items()},
        vague=tuple(raw["vague_numbers"]),
        ordinals={str(k): int(v) for k, v in raw["ordinals"].items()},
        units={k: (v[0], v[1]) for k, v in raw["units"].items()},
        seasons=dict(raw["seasons"]),
        parts_of_day=dict(raw["parts_of_day"]),
        holidays={k: (v[0], v[1]) for k, v in raw["holidays"].items()},
        holidays_nth={k: (v[0], v[1], v[2]) for k, v in raw["holidays_nth"].items()},
        holidays_easter={k: int(v) for k, v in (raw.get("holidays_easter") or {}).items()},
        references=dict(raw["references"]),
        sets=dict(raw["sets"]),
    )

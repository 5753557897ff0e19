"""No gold-set text in the repository: no 10-word sequence of tests/ or src/ (code, data files,
docstrings and comments alike) occurs in a gold file under ../shared/data.

The licences of several gold sets (ACLED's among them) forbid committing their text, and a test that
holds a gold sentence measures the memory of the rules, not what they do on new text. Tests use
made-up sentences that show the same construction.

Same reading as ``../shared/tools/goldleak.py``: words are runs of ``[a-z0-9]`` in lower case with
markup tags removed; files under a ``corpus`` or ``train`` folder are not gold and are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, ROOT

pytestmark = pytest.mark.gold

WIDTH = 10
GOLD_SUFFIXES = {".csv", ".txt", ".xml", ".json", ".jsonl", ".tsv", ".conll", ".tml", ".ann"}
OWN_SUFFIXES = {".py", ".yaml", ".yml", ".csv", ".txt", ".json", ".md"}
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """The words of a text as the leak check reads them: markup is format, not text."""
    return _WORD.findall(_TAG.sub(" ", text).lower())


def shingles(text: str) -> Iterator[str]:
    w = words(text)
    for i in range(len(w) - WIDTH + 1):
        yield " ".join(w[i : i + WIDTH])


#: Folders of third-party files installed at setup (git-ignored, never committed): not ours to check.
INSTALLED = ("src/eventwire/web/static/vendor",)


def own_files() -> Iterator[Path]:
    for folder in ("tests", "src"):
        for p in sorted((ROOT / folder).rglob("*")):
            if any(p.is_relative_to(ROOT / d) for d in INSTALLED):
                continue
            if p.is_file() and p.suffix in OWN_SUFFIXES and p.stat().st_size < 5_000_000:
                yield p


def gold_files(root: Path) -> Iterator[Path]:
    for p in sorted(root.rglob("*")):
        if (p.is_file() and p.suffix.lower() in GOLD_SUFFIXES and p.stat().st_size < 60_000_000
                and "corpus" not in p.parts and "train" not in p.parts):
            yield p


def test_words_drop_markup_and_case() -> None:
    assert words("<TIMEX3 tid='t1'>Monday</TIMEX3>, the Town-Hall's 2nd vote") == [
        "monday", "the", "town", "hall", "s", "2nd", "vote"]
    assert list(shingles("one two three")) == []
    assert len(list(shingles(" ".join(str(i) for i in range(12))))) == 3


def test_no_ten_word_sequence_of_a_gold_file_in_tests_or_src() -> None:
    if not DATA.is_dir():
        pytest.skip(f"{DATA} not present")
    # The repository's shingles (a few hundred thousand) are hashed once; the gold files, much larger,
    # are streamed against them.
    own: dict[int, tuple[str, str]] = {}
    for p in own_files():
        for s in shingles(p.read_text(encoding="utf-8", errors="ignore")):
            own.setdefault(hash(s), (str(p.relative_to(ROOT)), s))
    leaks: dict[str, tuple[str, str]] = {}
    for g in gold_files(DATA):
        for s in shingles(g.read_text(encoding="utf-8", errors="ignore")):
            hit = own.get(hash(s))
            if hit is not None and hit[1] == s and hit[0] not in leaks:
                leaks[hit[0]] = (s, str(g.relative_to(DATA)))
    assert not leaks, "gold text in the repository (file: first sequence <- gold file):\n" + "\n".join(
        f"{f}: {s!r} <- {g}" for f, (s, g) in sorted(leaks.items()))

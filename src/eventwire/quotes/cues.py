"""The cue lexicon: attribution verbs and report nouns, read from editable data files.

``speech_verbs.txt`` maps a verb lemma to its classes (``say``, ``think``, ``find``, ``intend``);
``report_nouns.txt`` lists nouns that can stand as a speaker ("the report said");
``speech_nouns.txt`` nouns that carry an attribution ("X's call for ...", "X made the case that ..."),
marked ``talk`` when "to"/"before"/"with" names their audience ("a statement to the FBI");
``speech_adjectives.txt`` adjectives of stance ("X is confident that ..."). A file of the same name
in ``Settings.data_dir`` takes precedence over the bundled one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

VERBS_FILE = "speech_verbs.txt"
NOUNS_FILE = "report_nouns.txt"
SPEECH_NOUNS_FILE = "speech_nouns.txt"
ADJECTIVES_FILE = "speech_adjectives.txt"


def _data_file(name: str, data_dir: Path | None) -> Path:
    if data_dir is not None and (Path(data_dir) / name).exists():
        return Path(data_dir) / name
    return Path(str(resources.files("eventwire") / "data" / name))


def _lines(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise ConfigError(f"cannot read cue lexicon {path}: {e}") from e
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line.split())
    return out


@dataclass(frozen=True)
class Lexicon:
    """Cue verbs by lemma (lower case) with their classes, and report nouns."""

    verbs: dict[str, frozenset[str]]
    report_nouns: frozenset[str]
    speech_nouns: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    audience_nouns: frozenset[str] = frozenset()  # speech nouns whose "to"/"before" names the audience

    def classes(self, lemma: str) -> frozenset[str]:
        """The classes of a verb lemma; empty when it is no cue."""
        return self.verbs.get(lemma.lower(), frozenset())

    def verb_lemma(self, lemma: str, form: str) -> str:
        """The cue lemma of a verb token: its parser lemma when that is a cue, else the cue lemma its
        inflected ``form`` reduces to ("hoping" lemmatised as "hop" is "hope"), else the parser lemma."""
        lemma = lemma.lower()
        if lemma in self.verbs:
            return lemma
        for cand in _base_forms(form.lower()):
            if cand in self.verbs:
                return cand
        return lemma


def _base_forms(word: str) -> list[str]:
    """Candidate base forms of an inflected English verb (regular inflection only)."""
    out = []
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                         ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: len(word) - len(suffix)] + repl
            out.append(stem)
            if not repl and len(stem) > 2 and stem[-1] == stem[-2] and suffix in ("ing", "ed"):
                out.append(stem[:-1])  # "stopped" -> "stop"
    return out


@lru_cache(maxsize=4)
def load_lexicon(data_dir: Path | None = None) -> Lexicon:
    """Read the cue lexicon once per data folder."""
    verbs: dict[str, set[str]] = {}
    for parts in _lines(_data_file(VERBS_FILE, data_dir)):
        if len(parts) != 2:
            raise ConfigError(f"{VERBS_FILE}: expected 'LEMMA CLASS', got {' '.join(parts)!r}")
        verbs.setdefault(parts[0].lower(), set()).add(parts[1].lower())
    nouns = frozenset(p[0].lower() for p in _lines(_data_file(NOUNS_FILE, data_dir)))
    speech_lines = _lines(_data_file(SPEECH_NOUNS_FILE, data_dir))
    speech = frozenset(p[0].lower() for p in speech_lines)
    audience = frozenset(p[0].lower() for p in speech_lines if "talk" in p[1:])
    adjectives = frozenset(p[0].lower() for p in _lines(_data_file(ADJECTIVES_FILE, data_dir)))
    return Lexicon(verbs={k: frozenset(v) for k, v in verbs.items()}, report_nouns=nouns, speech_nouns=speech,
                   adjectives=adjectives, audience_nouns=audience)

"""Case restoration for caseless text: archives in lower case, wires and headlines in capitals.

spaCy's small model finds names by their capitals; a lower-case archive loses nearly every place
and actor. The nlp stage hands spaCy a *truecased copy* of such a text, of the same length and
differing only in letter case, so every span stays an offset into the text as it came and the
record shows the text unchanged.

The case of a word comes from a table built once per installation (``truecase.tsv`` beside the
gazetteer; :func:`build`), from three sources:

- the unigram case counts of the ``truecase`` package's English model (MIT; trained on NLTK's
  corpora): a word takes the capitalised form it has in 80% or more of its occurrences ("turkey" ->
  "Turkey" only where the capitalised form dominates; "southern", "federal", "east", capitalised in
  names and headings, stay common words);
- the project's actor dictionary and country table: names, aliases and demonyms;
- gazetteer place names (countries, first-level regions, towns of 1,000 or more), also without their
  diacritics ("Khān Yūnis" -> "Khan Yunis"), and the other spellings of towns of 15,000 or more
  ("rafah", "al-bab"), each word capitalised.

A dictionary or gazetteer name is used only for words the corpus does not know in lower case (so
"reading", "bath" or "nice" stay common words). Names of several words ("boko haram", "new york")
are restored as phrases. A sentence or line starts with a capital.
"""

from __future__ import annotations

import csv
import logging
import os
import re
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .resources import data_path
from .settings import Settings

log = logging.getLogger(__name__)

#: Version of the table recipe; a table of another version is rebuilt.
BUILD_VERSION = "4"  # 4: gazetteer v5 (region names from Natural Earth admin-1)
#: A text is caseless when fewer than this share of its words hold a capital ...
LOWER_SHARE = 0.02
#: ... or when at least this share of its words are in capitals.
UPPER_SHARE = 0.7
#: A line of at least this many words, all in capitals, is restored in an otherwise cased text.
UPPER_LINE_WORDS = 4
MAX_PHRASE = 4
#: Towns below this population give no case (villages are named like common words).
MIN_POPULATION = 1000
#: Towns of this population or more give the case of their other spellings too.
ALT_POPULATION = 15000
#: A word takes the capitalised form the corpus gives it in at least this share of its occurrences.
CORPUS_SHARE = 0.8

WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*", re.UNICODE)
SENTENCE_END = re.compile(r"[.!?]['\"’”)]*\s+$|^\s*$|\n\s*$")


@dataclass(frozen=True)
class Table:
    words: dict[str, str]  # lower-case word -> its form ("kabul" -> "Kabul", "nato" -> "NATO")
    phrases: dict[tuple[str, ...], str]  # lower-case words of a name -> its form


def is_caseless(text: str) -> str | None:
    """``"lower"`` or ``"upper"`` when the text as a whole carries no case information, else None."""
    words = [w for w in WORD.findall(text) if len(w) > 1]
    if len(words) < 3:
        return None
    capped = sum(any(c.isupper() for c in w) for w in words)
    if capped < LOWER_SHARE * len(words):
        return "lower"
    if sum(w.isupper() for w in words) >= UPPER_SHARE * len(words):
        return "upper"
    return None


def _same_length_lower(text: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_JOINED = re.compile(r"['’-]")
_PART = re.compile(r"[^\W\d_]+", re.UNICODE)


def _restore_parts(m: Any, out: list[str], table: Table) -> None:
    """The parts of a possessive or a compound the table does not know whole ("europe’s", "kent-based",
    "amsterdam-london"): each word that opens it or follows a hyphen, by its own entry (a suffix after an
    apostrophe stays as it is)."""
    word = m.group()
    for part in _PART.finditer(word):
        if part.start() and word[part.start() - 1] != "-":
            continue
        form = table.words.get(part.group().lower())
        if form is not None and len(form) == len(part.group()) and form.lower() == part.group().lower():
            a = m.start() + part.start()
            out[a:a + len(form)] = form


def _country_us(text: str, matches: list[Any], i: int) -> bool:
    """A lower-case "us" that is the country: after an article ("the us", "a us soldier"), where the
    pronoun never stands."""
    if matches[i].group().lower() != "us" or i == 0:
        return False
    prev = matches[i - 1]
    return prev.group().lower() in ("the", "a") and text[prev.end():matches[i].start()].isspace()


def _restore_words(text: str, table: Table) -> str:
    """Restore the case of a lower-case text (same length)."""
    out = list(text)
    matches = list(WORD.finditer(text))
    abbreviations: set[int] = set()  # ends of the dotted abbreviations restored (their period ends no sentence)
    i = 0
    while i < len(matches):
        m = matches[i]
        form = None
        span_end = m.end()
        for n in range(min(MAX_PHRASE, len(matches) - i), 1, -1):  # longest name first
            group = matches[i:i + n]
            if any(text[a.end():b.start()] not in (" ", "-") for a, b in zip(group, group[1:], strict=False)):
                continue
            key = tuple(x.group().lower() for x in group)
            if key in table.phrases:
                form, span_end = table.phrases[key], group[-1].end()
                i += n - 1
                break
        if form is None and text[m.end():m.end() + 1] == "." and (
                "." in m.group() or text[max(0, m.start() - 2):m.start()] == ", "):
            # a dotted abbreviation ("u.s.", "u.n."), or a state's after a town ("dayton, ky."): the word
            # pattern leaves its last period out
            form = table.words.get(m.group().lower() + ".")
            if form is not None:
                span_end = m.end() + 1
                abbreviations.add(span_end)
        if form is None:
            form = table.words.get(m.group().lower())
        if form is None and _country_us(text, matches, i):
            form = "US"
        elif m.group().lower().startswith("us-"):
            out[m.start():m.start() + 2] = "US"  # "us-led", "us-based": the pronoun makes no compounds
        elif form is None and _JOINED.search(m.group()):
            _restore_parts(m, out, table)
        if form is not None and len(form) == span_end - m.start() and form.lower() == text[m.start():span_end].lower():
            out[m.start():span_end] = form
        before = text[:m.start()]
        if SENTENCE_END.search(before[-4:] if before else "") and len(before.rstrip()) not in abbreviations:
            out[m.start()] = out[m.start()].upper() if len(out[m.start()].upper()) == 1 else out[m.start()]
        i += 1
    return "".join(out)


def needs_restore(text: str) -> bool:
    """Whether :func:`restore` would change anything: a caseless text, or a line written all in capitals."""
    return is_caseless(text) is not None or _has_upper_line(text)


def restore(text: str, table: Table | None = None) -> str:
    """A copy of ``text`` (same length) with the case restored where the text has none; a cased text
    comes back as it is, but for lines written all in capitals."""
    kind = is_caseless(text)
    if kind is None and not _has_upper_line(text):
        return text
    table = table if table is not None else load()
    if kind is not None:
        return _restore_words(_same_length_lower(text), table)
    lines = text.split("\n")
    return "\n".join(_restore_words(_same_length_lower(line), table) if _upper_line(line) else line
                     for line in lines)


def _upper_line(line: str) -> bool:
    """A line of at least ``UPPER_LINE_WORDS`` words, all in capitals (a headline, a wire's slug)."""
    words = WORD.findall(line)
    return len(words) >= UPPER_LINE_WORDS and all(w.isupper() for w in words if len(w) > 1)


def _has_upper_line(text: str) -> bool:
    return any(_upper_line(line) for line in text.split("\n"))


def resync_spans(doc: Any) -> None:
    """Set the ``text`` of every span of a record (an object with ``start``, ``end`` and ``text``) to the
    record's own text at those offsets: stages read span texts from spaCy's truecased copy."""
    text = doc.text
    seen: set[int] = set()

    def walk(obj: Any) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, BaseModel):
            start, end = getattr(obj, "start", None), getattr(obj, "end", None)
            if isinstance(start, int) and isinstance(end, int) and isinstance(getattr(obj, "text", None), str) \
                    and 0 <= start <= end <= len(text) and obj.text.lower() == text[start:end].lower():
                obj.text = text[start:end]
            s2, e2 = getattr(obj, "speaker_start", None), getattr(obj, "speaker_end", None)
            if isinstance(s2, int) and isinstance(e2, int) and 0 <= s2 <= e2 <= len(text) \
                    and isinstance(getattr(obj, "speaker_text", None), str):
                obj.speaker_text = text[s2:e2]
            for name in type(obj).model_fields:
                walk(getattr(obj, name))
        elif isinstance(obj, list | tuple):
            for x in obj:
                walk(x)
        elif isinstance(obj, dict):
            for x in obj.values():
                walk(x)

    for name in ("actors", "places", "times", "quotes", "events"):
        walk(getattr(doc, name))


# --- the table ---------------------------------------------------------------------------------------

def default_path(settings: Settings | None = None) -> Path:
    """``truecase.tsv`` beside the gazetteer."""
    from .geo.gazetteer import default_path as gaz_path

    return gaz_path(settings).with_name("truecase.tsv")


def _corpus_counts() -> dict[str, dict[str, int]]:
    """``{lower: {form: count}}`` from the ``truecase`` package's English model, or {} without it."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("truecase")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        log.warning("package 'truecase' not installed: case table from the dictionaries and gazetteer only")
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "english.dist"
    import pickle  # the installed package's own model file

    with open(path, "rb") as f:
        model = pickle.load(f)  # noqa: S301 - a file of an installed package, never user input
    uni = model["uni_dist"]
    return {low: {form: int(uni[form]) for form in forms} for low, forms in model["word_casing_lookup"].items()}


def _names(settings: Settings) -> tuple[list[str], list[str]]:
    """(actor names, aliases and demonyms and country names; large places of the gazetteer)."""
    actors: list[str] = []
    tables = (("actors.csv", ("name", "aliases", "descriptors")), ("countries.csv", ("name", "aliases", "demonyms")))
    for name, cols in tables:
        with open(data_path(name, settings.data_dir), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for c in cols:
                    actors += [x.strip() for x in (row.get(c) or "").split("|") if x.strip()]
    from .geo.gazetteer import ensure

    con = sqlite3.connect(f"file:{ensure(settings).path}?mode=ro", uri=True)
    try:
        places = [r[0] for r in con.execute(
            "SELECT name FROM places WHERE population >= ? OR fcode IN ('PCLI','PCLD','PCLS','PCLF','ADM1','CONT')",
            (MIN_POPULATION,))]
        # the names written without their marks ("Khān Yūnis" -> "Khan Yunis"), as English news spells them
        places += [f for f in (_unmarked(n) for n in places) if f is not None]
        # and the other spellings of the larger towns ("rafah", "miranshah"), each word capitalised
        places += [_capitalised(r[0]) for r in con.execute(
            "SELECT DISTINCT n.key FROM names n JOIN places p ON p.geonameid = n.geonameid "
            "WHERE n.kind = 'name' AND (p.population >= ? OR p.fcode IN ('PCLI','ADM1'))", (ALT_POPULATION,))]
    finally:
        con.close()
    return actors, places


def _unmarked(name: str) -> str | None:
    """A name without its diacritics ("Khān Yūnis" -> "Khan Yunis"), or None when it has none or changes
    length otherwise (a letter that is not a letter plus marks)."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    plain = plain.replace("\u2018", "").replace("\u2019", "'").replace("\u02bf", "").replace("\u02be", "")
    return plain if plain != name and plain.isascii() else None


def _capitalised(key: str) -> str:
    """A gazetteer key as a name: each word capitalised, after an Arabic article too ("al-bab" -> "Al-Bab")."""
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in key.split())


def build(path: Path | None = None, settings: Settings | None = None) -> Path:
    """Write the case table (a few seconds; one log line)."""
    settings = settings or Settings()
    path = Path(path) if path else default_path(settings)
    counts = _corpus_counts()
    rows: dict[str, str] = {}
    for low, forms in counts.items():
        best = max(forms, key=lambda f: (forms[f], f == low))
        total = sum(forms.values())
        if best != low and forms[best] >= 2 and forms[best] >= CORPUS_SHARE * total and len(best) == len(low):
            rows[low] = best
    actors, places = _names(settings)
    for name, from_dictionary in [*((n, False) for n in places), *((n, True) for n in actors)]:
        words = name.split()
        if not words or len(words) > MAX_PHRASE or "\t" in name or not any(c.isupper() for c in name):
            continue
        low = name.lower()
        if len(low) != len(name) or len(low) < 2 or not all(WORD.fullmatch(w) for w in words):
            continue
        if len(words) > 1:
            rows[low] = name if from_dictionary else rows.get(low, name)
            continue
        seen = counts.get(low, {})
        rare_as_word = seen.get(low, 0) <= 0.1 * sum(seen.values())
        if rare_as_word and (from_dictionary or low not in rows) and len(low) > 2 - from_dictionary:
            rows[low] = name  # a name the corpus (nearly) never saw as a common word: "idlib", "isis" -> ISIS
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f"#version\t{BUILD_VERSION}\n")
        for low, form in sorted(rows.items()):
            f.write(f"{low}\t{form}\n")
    tmp.replace(path)
    log.warning("case table written to %s (%d entries)", path, len(rows))
    return path


_lock = threading.Lock()


def _version(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            first = f.readline().rstrip("\n").split("\t")
    except OSError:
        return None
    return first[1] if len(first) == 2 and first[0] == "#version" else None


@lru_cache(maxsize=2)
def _read(path: str) -> Table:
    words: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            low, _, form = line.rstrip("\n").partition("\t")
            if " " in low:
                phrases[tuple(low.split(" "))] = form
            else:
                words[low] = form
    return Table(words, phrases)


def load(settings: Settings | None = None) -> Table:
    """The case table, built first when missing or outdated."""
    path = default_path(settings)
    with _lock:
        if _version(path) != BUILD_VERSION:
            build(path, settings)
            _read.cache_clear()
    return _read(str(path))

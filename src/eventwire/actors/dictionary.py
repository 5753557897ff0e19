"""The actor dictionary: editable CSV tables in the package data folder, loaded once.

Tables (all in ``eventwire/data/``; a file of the same name in ``Settings.data_dir`` adds rows and
replaces rows with the same key):

- ``countries.csv``: ``iso3,name,aliases,demonyms,capitals`` — one row per state. Every row generates the
  state's actors from ``state_actors.csv`` (military, police, government, ministries of defence,
  interior and foreign affairs), with ids ``{iso3}_{key}`` (``usa_forces``, ``rus_defence_ministry``).
- ``state_actors.csv``: ``key,name,kind,inter,aliases`` — the templates for those rows
  (``{name}``, ``{the}`` and ``{dem}`` are filled from the country row).
- ``actors.csv``: ``id,name,aliases,kind,country,inter,wikidata,descriptors`` — armed groups,
  international organisations, institutions, media. A row whose id is a generated one
  (``usa_defence_ministry``) overrides that row's non-empty fields and adds its aliases.
  ``descriptors`` lists words that, with a force noun, refer to the actor when it is named in the
  same article ("Kurdish militias" → the SDF; "Turkish-backed rebels" → the SNA).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ConfigError

#: ACLED actor-type codes (``inter1``/``inter2``).
INTER_CODES = {
    1: "state forces",
    2: "rebels",
    3: "political militias",
    4: "identity militias",
    5: "rioters",
    6: "protesters",
    7: "civilians",
    8: "external/other",
}

#: Country names that read "the ...": "Military Forces of the United States".
_WITH_ARTICLE = {
    "United States", "United Kingdom", "Netherlands", "Philippines", "Central African Republic",
    "Democratic Republic of Congo", "Republic of Congo", "United Arab Emirates", "Bahamas", "Gambia",
    "Dominican Republic", "Czech Republic", "Marshall Islands", "Solomon Islands", "Maldives", "Comoros",
    "Seychelles",
}


@dataclass(frozen=True)
class Country:
    """A state: its names (case-sensitive) and demonyms."""

    iso3: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()  # "Moscow-backed": references, but a capital acting is not taken for the state

    @property
    def the(self) -> str:
        return "the " if self.name in _WITH_ARTICLE else ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Entry:
    """One actor of the dictionary."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    country: str | None = None
    inter: int | None = None
    wikidata: str | None = None
    descriptors: tuple[str, ...] = ()
    generated: bool = False


@dataclass
class ActorDictionary:
    """Entries by id, states by ISO3, and the pattern tables used for linking."""

    entries: dict[str, Entry]
    countries: dict[str, Country]
    force_nouns: dict[str, str]  # lower-case phrase -> category
    identity_groups: tuple[str, ...]
    roles: frozenset[str]
    titles: frozenset[str]  # lower case, no dots
    credit_cues: frozenset[str]
    not_actors: frozenset[str] = frozenset()  # lower-case names never taken for actors on their own
    state_keys: tuple[str, ...] = field(default=())

    def entry(self, key: str) -> Entry | None:
        return self.entries.get(key)

    @cached_property
    def norm_index(self) -> dict[str, str]:
        """Names and aliases squeezed to letters and digits → entry id ("Boko-Haram" → boko_haram)."""
        idx: dict[str, str] = {}
        for e in self.entries.values():
            for a in (e.name, *e.aliases):
                k = squeeze(a)
                if len(k) >= 4:
                    idx.setdefault(k, e.id)
        return idx

    @cached_property
    def country_names(self) -> frozenset[str]:
        """Every state's names, demonyms and capitals (case-sensitive), built once per dictionary."""
        return frozenset(n for c in self.countries.values() for n in (*c.names, *c.demonyms, *c.capitals))

    @cached_property
    def state_by_name(self) -> dict[str, str]:
        """A state's name or alias (case-sensitive) → its ISO3 (the last state naming it wins)."""
        return {n: c.iso3 for c in self.countries.values() for n in c.names}

    @cached_property
    def people_words(self) -> frozenset[str]:
        """Roles and titles together (lower case)."""
        return self.roles | self.titles

    def state_entry(self, iso3: str, key: str) -> Entry | None:
        """The generated (or overridden) state actor, e.g. ``("USA", "forces")``."""
        return self.entries.get(f"{iso3.lower()}_{key}")


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def squeeze(name: str) -> str:
    """A name for loose comparison: lower case, no leading "the", letters and digits only."""
    s = name.lower().strip()
    s = s[4:] if s.startswith("the ") else s
    return _NON_ALNUM.sub("", s)


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip() for p in (value or "").split("|") if p.strip()))


def _read_text(name: str, data_dir: Path | None, *, user: bool) -> list[str]:
    """The bundled file's text, then (when ``user``) the user's copy: both are read."""
    texts = []
    bundled = resources.files("eventwire") / "data" / name
    try:
        texts.append(bundled.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"cannot read bundled data file {name}: {e}") from e
    if user and data_dir is not None:
        p = Path(data_dir) / name
        if p.exists():
            try:
                texts.append(p.read_text(encoding="utf-8"))
            except OSError as e:
                raise ConfigError(f"cannot read data file {p}: {e}") from e
    return texts


def _rows(name: str, data_dir: Path | None, required: tuple[str, ...]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for text in _read_text(name, data_dir, user=True):
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ConfigError(f"{name}: missing column(s) {', '.join(missing)}")
        for i, row in enumerate(reader, start=2):
            if None in row:
                raise ConfigError(f"{name} line {i}: more fields than columns (quote names with commas)")
            rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def _lines(name: str, data_dir: Path | None) -> list[str]:
    out: list[str] = []
    for text in _read_text(name, data_dir, user=True):
        out += [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return out


def _inter(value: str, where: str) -> int | None:
    if not value:
        return None
    try:
        code = int(value)
    except ValueError:
        raise ConfigError(f"{where}: inter must be an ACLED code 1-8, got {value!r}") from None
    if code not in INTER_CODES:
        raise ConfigError(f"{where}: inter must be an ACLED code 1-8, got {code}")
    return code


#: The files the dictionary is built from (each bundled one extended by the user's copy).
DICTIONARY_FILES = ("countries.csv", "state_actors.csv", "actors.csv", "force_nouns.csv", "identity_groups.txt",
                    "roles.txt", "titles.txt", "credit_cues.txt", "not_actors.txt")


def _load(data_dir: Path | None) -> ActorDictionary:
    countries: dict[str, Country] = {}
    for row in _rows("countries.csv", data_dir, ("iso3", "name", "aliases", "demonyms")):
        iso3 = row["iso3"].upper()
        countries[iso3] = Country(
            iso3, row["name"], _split(row["aliases"]), _split(row["demonyms"]), _split(row.get("capitals"))
        )

    entries: dict[str, Entry] = {}
    templates = _rows("state_actors.csv", data_dir, ("key", "name", "kind", "inter", "aliases"))
    for c in countries.values():
        dem = c.demonyms[0] if c.demonyms else c.name
        for t in templates:
            def fill(s: str, c: Country = c, dem: str = dem) -> str:
                return s.format(name=c.name, the=c.the, dem=dem).strip()

            eid = f"{c.iso3.lower()}_{t['key']}"
            entries[eid] = Entry(
                id=eid, name=fill(t["name"]), aliases=tuple(fill(a) for a in _split(t["aliases"])),
                kind=t["kind"] or None, country=c.iso3, inter=_inter(t["inter"], f"state_actors.csv {t['key']}"),
                generated=True,
            )

    cols = ("id", "name", "aliases", "kind", "country", "inter", "wikidata", "descriptors")
    for row in _rows("actors.csv", data_dir, cols):
        eid = row["id"]
        if not eid:
            raise ConfigError("actors.csv: a row has no id")
        new = Entry(
            id=eid, name=row["name"], aliases=_split(row["aliases"]), kind=row["kind"] or None,
            country=row["country"].upper() or None, inter=_inter(row["inter"], f"actors.csv {eid}"),
            wikidata=row["wikidata"] or None, descriptors=_split(row["descriptors"]),
        )
        old = entries.get(eid)
        if old is not None:  # override: non-empty fields replace, aliases add up
            new = replace(
                old,
                name=new.name or old.name,
                aliases=tuple(dict.fromkeys((*old.aliases, *new.aliases))),
                kind=new.kind or old.kind,
                country=new.country or old.country,
                inter=new.inter if new.inter is not None else old.inter,
                wikidata=new.wikidata or old.wikidata,
                descriptors=tuple(dict.fromkeys((*old.descriptors, *new.descriptors))),
            )
        if not new.name:
            raise ConfigError(f"actors.csv {eid}: a new actor needs a name")
        entries[eid] = new

    noun_rows = _rows("force_nouns.csv", data_dir, ("phrase", "category"))
    force_nouns = {r["phrase"].lower(): r["category"] for r in noun_rows}
    return ActorDictionary(
        entries=entries,
        countries=countries,
        force_nouns=force_nouns,
        identity_groups=tuple(dict.fromkeys(_lines("identity_groups.txt", data_dir))),
        roles=frozenset(x.lower() for x in _lines("roles.txt", data_dir)),
        titles=frozenset(x.lower().replace(".", "") for x in _lines("titles.txt", data_dir)),
        credit_cues=frozenset(x.lower() for x in _lines("credit_cues.txt", data_dir)),
        not_actors=frozenset(x.lower() for x in _lines("not_actors.txt", data_dir)),
        state_keys=tuple(t["key"] for t in templates),
    )


@lru_cache(maxsize=4)
def _cached(data_dir: str) -> ActorDictionary:
    return _load(Path(data_dir) if data_dir else None)


def load_dictionary(data_dir: Path | str | None = None) -> ActorDictionary:
    """The actor dictionary (bundled tables plus the user's in ``data_dir``), cached per folder."""
    return _cached(str(data_dir) if data_dir else "")

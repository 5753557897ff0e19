"""Language identification: non-English text is reported, never silently coded as English."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .errors import InputError
from .model import Article, Reading

#: Texts shorter than this are too short to identify reliably: their language is ``und`` (undetermined).
MIN_CHARS = 40
#: Detection at least this sure overrules the language the metadata gives.
OVERRULE = 0.9
UNDETERMINED = "und"


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language."""
    lang, prob = _identifier().classify(text[:5000])
    return str(lang), float(prob)


class UnsupportedLanguage(InputError):
    def __init__(self, lang: str, prob: float, metadata: str | None = None) -> None:
        said = f"; its metadata says {metadata!r}" if metadata and metadata != lang else ""
        super().__init__(f"language is {lang!r} (p={prob:.2f}){said}, not one of the processed languages")
        self.lang = lang


def check_language(article: Article, allowed: list[str]) -> Article:
    """The article with ``language`` set from its text; raises :class:`UnsupportedLanguage` for others.

    The text decides: metadata that names another language is overruled when detection is sure
    (p >= :data:`OVERRULE`) and the metadata's value is kept in ``reading.language_metadata``. A text
    shorter than :data:`MIN_CHARS` is ``und``, and processed; metadata naming a language not processed
    is believed for it.
    """
    meta = article.language.split("-")[0].split("_")[0].lower() if article.language else None
    reading = article.reading or Reading()
    text = article.raw.strip()
    if len(text) < MIN_CHARS:
        if meta and meta not in allowed:
            raise UnsupportedLanguage(meta, 1.0)
        return article.model_copy(update={"language": meta or UNDETERMINED})
    lang, prob = detect(text)
    update: dict[str, object] = {"language_probability": round(prob, 3)}
    if meta and meta != lang and prob < OVERRULE:
        lang = meta  # unsure detection: the metadata stands
    elif meta and meta != lang:
        update["language_metadata"] = meta
    if lang not in allowed:
        if meta is None and prob < OVERRULE:
            lang = allowed[0]  # unsure, and nothing says otherwise
        else:
            raise UnsupportedLanguage(lang, prob if lang != meta else 1.0, meta)
    return article.model_copy(update={"language": lang, "reading": reading.model_copy(update=update)})

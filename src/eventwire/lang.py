"""Language identification: non-English text is reported, never silently coded as English."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .errors import InputError
from .model import Article

#: Texts shorter than this are too short to identify reliably; they are taken as the default.
MIN_CHARS = 40


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language."""
    lang, prob = _identifier().classify(text[:5000])
    return str(lang), float(prob)


class UnsupportedLanguage(InputError):
    def __init__(self, lang: str, prob: float) -> None:
        super().__init__(f"language is {lang!r} (p={prob:.2f}), not one of the processed languages")
        self.lang = lang


def check_language(article: Article, allowed: list[str]) -> Article:
    """The article with ``language`` set; raises :class:`UnsupportedLanguage` for others."""
    if article.language:
        lang = article.language.split("-")[0].lower()
        if lang not in allowed:
            raise UnsupportedLanguage(lang, 1.0)
        return article.model_copy(update={"language": lang})
    text = article.raw.strip()
    if len(text) < MIN_CHARS:
        return article.model_copy(update={"language": allowed[0]})
    lang, prob = detect(text)
    if lang not in allowed and prob >= 0.9:
        raise UnsupportedLanguage(lang, prob)
    return article.model_copy(update={"language": lang if lang in allowed else allowed[0]})

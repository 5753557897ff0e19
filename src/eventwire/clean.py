"""Cleaning: drop photo captions, credits, bylines and web-layout lines; keep what was removed and why.

Rules are data (``data/clean_rules.yaml``). The cleaned text is what every span points into.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model import Removed
from .pipeline import Stage, Work
from .resources import load_yaml
from .rxfirst import compile_first

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_WORD = re.compile(r"\w+")
_SEPARATORS = re.compile(r"[\s|/·•,;:()\-–—]+")


@dataclass(frozen=True)
class Rules:
    layout: re.Pattern[str]
    widget_words: frozenset[str]
    credits: tuple[re.Pattern[str], ...]
    caption_max_words: int
    byline: re.Pattern[str]


@lru_cache(maxsize=4)
def load_rules(data_dir: Path | None = None) -> Rules:
    raw = load_yaml("clean_rules.yaml", data_dir)
    layout = "|".join(f"(?:{p})" for p in raw["layout_lines"])
    return Rules(
        layout=re.compile(rf"^\W*(?:{layout})\W*$", re.I),
        widget_words=frozenset(w.lower() for w in raw["widget_words"]),
        credits=tuple(compile_first(p, re.I) for p in raw["credit_markers"]),  # the same matches, faster
        caption_max_words=int(raw["caption_max_words"]),
        byline=re.compile(rf"^\s*(?:{raw['byline']})\s*$"),
    )


def _words(s: str) -> list[str]:
    return _WORD.findall(s.lower())


def _similar(a: str, b: str) -> bool:
    """Near-duplicate lines (a repeated caption reworded by the layout): word-set overlap."""
    wa, wb = set(_words(a)), set(_words(b))
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.6 and len(wa & wb) >= 3


def _credit(line: str, rules: Rules) -> re.Match[str] | None:
    for rx in rules.credits:
        if m := rx.search(line):
            return m
    return None


def _is_widget(line: str, rules: Rules) -> bool:
    parts = [p for p in _SEPARATORS.split(line.lower()) if p]
    return bool(parts) and all(p in rules.widget_words for p in parts)


def clean_text(raw: str, rules: Rules | None = None) -> tuple[str, list[Removed]]:
    """The cleaned text and the pieces removed from ``raw``, each with its reason."""
    rules = rules or load_rules()
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text).replace("\u00a0", " ")
    removed: list[Removed] = []
    captions: list[str] = []
    kept: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        reason = None
        if rules.layout.match(stripped):
            reason = "web layout line"
        elif _is_widget(stripped, rules):
            reason = "share widget"
        elif rules.byline.match(stripped):
            reason = "byline"
        elif (m := _credit(stripped, rules)) is not None:
            if len(_words(stripped)) <= rules.caption_max_words:
                reason = "photo caption with credit"
                captions.append(stripped)
            else:
                # A long paragraph that ends with a credit: only the credit goes.
                removed.append(Removed(text=m.group(0).strip(), reason="photo/graphic credit"))
                line = line[: line.find(m.group(0))].rstrip()
        elif len(_words(stripped)) <= rules.caption_max_words and any(_similar(stripped, c) for c in captions):
            reason = "repeated caption"
        if reason:
            removed.append(Removed(text=stripped, reason=reason))
        else:
            kept.append(line.rstrip())
    out = "\n".join(kept)
    out = re.sub(r"\n{3,}", "\n\n", out).strip()
    return out, removed


class CleanStage(Stage):
    """Cleaned ``text`` and ``removed`` from the article's raw text."""

    name = "clean.v2"  # bump on any change of behaviour (see pipeline.Stage.version)
    data_files = ("clean_rules.yaml",)
    requires = ("raw",)
    assigns = ("text", "removed")

    def __call__(self, work: Work) -> None:
        rules = load_rules(self.settings.data_dir)
        work.doc.text, work.doc.removed = clean_text(work.article.raw, rules)

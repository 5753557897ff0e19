"""The three corpora of the extraction benchmark, read from ../shared/data/corpus (real texts, never copied
into the repository):

- ``wikinews``: the first N Wikinews articles of 2019 (median ~2,200 characters);
- ``whitehouse``: N White House statements of 2,500-12,000 characters (statements-releases, evenly spaced
  over the sorted file list: readouts, joint statements, fact sheets);
- ``wire``: N short wire items: half the lead paragraphs of Wikinews articles of 2020, then of 2019 from
  its end (the first paragraph after the dateline), half the strike
  lines of US Central Command releases (one sentence each).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "data" / "corpus"
WIKINEWS = CORPUS / "wikinews_2019_2020" / "data"
WHITEHOUSE = CORPUS / "whitehouse_conflict" / "files" / "statements-releases"
CENTCOM = CORPUS / "centcom_strikes" / "data" / "all.csv"
#: The White House statements taken: from 2,500 to 12,000 characters (long, but not the press-briefing
#: transcripts of 50,000, which would make the run last many minutes).
LONG = (2_500, 12_000)


def _rows(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def wikinews(n: int) -> list:
    from eventwire.model import Article

    rows = [r for r in _rows(WIKINEWS / "wikinews_2019.csv") if r["text"].strip()]
    return [Article.make(r["text"], published=r["date"], title=r["title"], url=r["url"]) for r in rows[:n]]


def whitehouse(n: int) -> list:
    from eventwire.ingest import read_paths
    from eventwire.model import Article

    items = [a for a in read_paths(sorted(WHITEHOUSE.rglob("*.md")))
             if isinstance(a, Article) and LONG[0] <= len(a.raw) <= LONG[1]]
    return [items[i * len(items) // n] for i in range(min(n, len(items)))]


def _lead(text: str) -> str:
    """The first paragraph of a Wikinews article that is prose, not its dateline."""
    for para in text.split("\n"):
        para = para.strip()
        if len(para) > 80 and para[-1:] in '.!?"”':
            return para
    return ""


def wire(n: int) -> list:
    from eventwire.model import Article

    leads = []
    for r in _rows(WIKINEWS / "wikinews_2020.csv") + _rows(WIKINEWS / "wikinews_2019.csv")[::-1]:
        lead = _lead(r["text"])
        if lead:
            leads.append(Article.make(lead, published=r["date"], title=r["title"]))
        if len(leads) >= n - n // 2:
            break
    strikes = []
    rows = _rows(CENTCOM)
    for r in (rows[i * len(rows) // (n // 2)] for i in range(n // 2)):
        month, day, year = r["date"].split("/")
        published = f"{year}-{int(month):02d}-{int(day):02d}"
        strikes.append(Article.make(r["line"].lstrip("- ").strip(), published=published))
    return leads + strikes


CORPORA: dict[str, tuple[Callable[[int], list], int]] = {
    "wikinews": (wikinews, 100),
    "whitehouse": (whitehouse, 100),
    "wire": (wire, 300),
}


def load(name: str, n: int | None = None) -> list:
    """The articles of corpus ``name`` (its default size unless ``n``)."""
    fn, default = CORPORA[name]
    return fn(n or default)

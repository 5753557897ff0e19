"""Re-prints issue 18's table: ``python bench/identity_table.py [--n 10] [--corpus PATH ...]``.

Stores ``--n`` articles (default: the first of the Wikinews corpus in ../shared/data, else the bundled
samples) as plain-text files with a header block, into a fresh SQLite file; then feeds each variant of the
same files (renamed, re-encoded, re-spaced ...) and prints how many new articles and events each stored.
Two rows that must store something close the table: the same bodies on another day (two press releases),
and an update (a paragraph added, same URL: a new version of each story, the old ones no longer current).
'new events' are the events of the articles stored; 'change in events listed' is what ``eventwire events``
shows more afterwards (an old version's events are no longer listed). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED", ROOT.parent / "shared"))
DEFAULT_CORPUS = SHARED / "data" / "corpus" / "wikinews_2019_2020" / "data"


def _lines(change):
    return lambda b: b"\n".join(change(line) for line in b.split(b"\n"))


VARIANTS = {
    "renamed file, UTF-8 BOM added": lambda b: b"\xef\xbb\xbf" + b,
    "CRLF line endings": lambda b: b.replace(b"\n", b"\r\n"),
    "extra final newlines": lambda b: b + b"\n\n\n",
    "a doubled space": lambda b: b.replace(b". ", b".  ", 1),
    "a no-break space": lambda b: b.replace(b" the ", "\u00a0the ".encode(), 1),
    "an extra blank line": lambda b: b.replace(b"\n\n", b"\n\n\n", 2),
    "trailing spaces on every line": _lines(lambda line: line + b"   "),
    "tab-indented lines": _lines(lambda line: b"\t" + line if line.strip() else line),
    "CR-only line endings, Latin-1 re-encoded": lambda b: _latin1(b.replace(b"\n", b"\r")),
}


def _latin1(b: bytes) -> bytes:
    try:
        return b.decode("utf-8").encode("cp1252")
    except UnicodeEncodeError:
        return b


def load(paths: list[str], n: int):
    from eventwire.ingest import read_paths
    from eventwire.model import Article
    from eventwire.settings import Settings

    out = []
    for item in read_paths(paths, Settings(published_field="date")):
        if isinstance(item, Article) and len(item.raw) > 200:
            out.append(item)
            if len(out) >= n:
                break
    return out


def as_file(a, *, published: str | None = None, extra: str = "", url: bool = True) -> bytes:
    head = [f"Title: {a.title}" if a.title else "", f"URL: {a.url}" if a.url and url else "",
            f"Source: {a.source}" if a.source else "", f"Published: {published or a.published}" if (
                published or a.published) else ""]
    body = a.raw.replace("\r\n", "\n").replace("\r", "\n").strip("\n") + "\n" + extra
    return ("\n".join(h for h in head if h) + "\n\n" + body).encode("utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--corpus", nargs="*", default=None)
    args = ap.parse_args()
    corpus = args.corpus or [str(DEFAULT_CORPUS if DEFAULT_CORPUS.exists() else ROOT / "samples" / "dispatches")]
    from eventwire.batch import ingest
    from eventwire.ingest import read_paths
    from eventwire.store import open_store

    arts = load(corpus, args.n)
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "t.db") as store:
        base = Path(tmp) / "base"
        base.mkdir()
        for i, a in enumerate(arts):
            (base / f"{i:03d}.txt").write_bytes(as_file(a))
        first = ingest(read_paths([base]), store)
        print(f"{len(arts)} articles stored first: {first.added} articles, {first.events} events, "
              f"{first.failures} failures\n")
        print(f"| variant of {len(arts)} stored articles | new articles stored | new events "
              "| change in events listed |")
        print("|---|---|---|---|")
        rows = [(name, lambda i, a, change=change: change((base / f"{i:03d}.txt").read_bytes()))
                for name, change in VARIANTS.items()]
        rows.append(("same body, no URL, publication date a week later (press releases: must be new)",
                     lambda i, a: as_file(a, published=_later(a.published), url=False)))
        rows.append(("an update: a paragraph added, same URL (new versions, old ones not current)",
                     lambda i, a: as_file(a, extra="\nThe toll was revised later in the day, officials said.\n")))
        for n, (name, make) in enumerate(rows):
            folder = Path(tmp) / f"v{n}"
            folder.mkdir()
            listed = len(store.events())
            for i, a in enumerate(arts):
                (folder / f"renamed-{i:03d}.txt").write_bytes(make(i, a))
            r = ingest(read_paths([folder]), store)
            current = sum(1 for _ in store.documents())
            note = f" ({current} current)" if current != store.counts()["articles"] else ""
            print(f"| {name} | {r.added} of {len(arts)}{note} | {r.events} | {len(store.events()) - listed:+d} |")


def _later(day: str | None) -> str:
    import datetime as dt

    d = dt.date.fromisoformat(day) if day else dt.date(2024, 1, 1)
    return (d + dt.timedelta(days=7)).isoformat()


if __name__ == "__main__":
    sys.exit(main())

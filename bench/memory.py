"""Peak memory of an in-process ingest of long articles: ``python bench/memory.py [--n 32] [--chars 140000]``.

Writes ``--n`` made-up articles of about ``--chars`` characters each (paragraphs of generated sentences, no
real text) into one JSONL file, ingests it into a fresh SQLite file in a child process, and prints that
process's peak RSS (VmHWM) and wall time. ``--batch-chars`` overrides ``Settings.batch_chars`` (what the
pipeline batches by); give a value larger than the whole file to see the old count-only batching.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLACES = ["Kalondo", "Marova", "Telmar", "Osibe", "Duranga", "Vessel Bay", "Nakuri", "Port Elm", "Sabeni", "Orvik"]
ACTORS = ["gunmen", "the army", "police", "rebels of the Northern Front", "protesters", "the interior ministry",
          "a local militia", "government troops", "the regional governor", "aid workers"]
VERBS = ["attacked", "shelled", "met", "accused", "blocked the road to", "withdrew from", "arrested residents of",
         "signed an agreement with officials in", "marched through", "raided a market in"]
TAILS = ["on Monday, officials said.", "late on Sunday, according to residents.", "after days of tension.",
         "killing three people, a hospital source said.", "in what witnesses called a surprise move.",
         "despite a ceasefire agreed last month.", "the spokesman told reporters in the capital."]


def article(rng: random.Random, chars: int) -> str:
    paras, size = [], 0
    while size < chars:
        para = " ".join(
            f"{rng.choice(ACTORS).capitalize()} {rng.choice(VERBS)} {rng.choice(PLACES)} {rng.choice(TAILS)}"
            for _ in range(rng.randint(3, 6))
        )
        paras.append(para)
        size += len(para) + 2
    return "\n\n".join(paras)[:chars]


def child(path: str, db: str, batch_chars: int | None) -> None:
    from eventwire.batch import ingest, peak_rss_mb
    from eventwire.ingest import read_paths
    from eventwire.settings import Settings
    from eventwire.store import open_store

    settings = Settings() if batch_chars is None else Settings(batch_chars=batch_chars)
    t0 = time.perf_counter()
    with open_store(db) as store:
        r = ingest(read_paths([path], settings), store, settings=settings)
    print(json.dumps({"peak_rss_mb": round(peak_rss_mb(), 1), "seconds": round(time.perf_counter() - t0, 1),
                      "added": r.added, "failures": r.failures, "events": r.events,
                      "batch_chars": settings.batch_chars}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=32)
    ap.add_argument("--chars", type=int, default=140_000)
    ap.add_argument("--batch-chars", type=int, default=None)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.batch_chars)
        return
    rng = random.Random(17)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for i in range(args.n):
                rec = {"text": article(rng, args.chars), "title": f"Long report {i}", "published": "2024-03-03"}
                f.write(json.dumps(rec) + "\n")
        size = path.stat().st_size
        cmd = [sys.executable, __file__, "--child", str(path), str(Path(tmp) / "m.db")]
        if args.batch_chars is not None:
            cmd += ["--batch-chars", str(args.batch_chars)]
        out = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
        if out.returncode:
            print(out.stderr[-2000:], file=sys.stderr)
            sys.exit(out.returncode)
        res = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{args.n} articles x {args.chars:,} characters in one JSONL ({size / 1e6:.1f} MB); "
              f"batch_chars={res['batch_chars']:,}: peak RSS {res['peak_rss_mb']:.0f} MB, {res['seconds']:.0f} s, "
              f"{res['added']} stored, {res['failures']} failures, {res['events']} events "
              f"(load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()

"""Every pinned score, measured now: runs each ``floors/*.json`` evaluation (its data, split and sample) and
prints a Markdown table of the scores beside their floors, for the README and for choosing new floors.

    .venv/bin/python bench/scores.py [--data ../shared/data] [--only geo,time] [--split tune] [--json]

``--split tune`` (or ``all``) scores the same sample size on another split, for the README's tune column;
the floors themselves are pinned on the split each file names (validate).

Needs the gold data of ``../shared/data`` (skips what is absent). Nothing is asserted here: the gate is
``tests/test_eval_gate.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--only", default="", help="comma-separated floor file stems or eval names")
    ap.add_argument("--json", action="store_true", help="print one JSON object per floor file instead")
    ap.add_argument("--split", default=None, help="score this split instead of the floor file's (tune, all)")
    args = ap.parse_args(argv)
    from eventwire import evaluate

    only = {x for x in args.only.split(",") if x}
    rows: list[tuple[str, str, float | None, float, str]] = []
    for f in sorted((ROOT / "floors").glob("*.json")):
        spec = json.loads(f.read_text())
        if only and f.stem not in only and spec["eval"] not in only:
            continue
        data = (ROOT if spec.get("in_repo") else args.data) / spec["data"]  # in-repo gold reads texts from data
        if not data.exists():
            print(f"{f.stem}: {data} not present, skipped", file=sys.stderr)
            continue
        t0 = time.perf_counter()
        split = args.split or spec.get("split")
        scores = evaluate.run(spec["eval"], data, limit=spec.get("limit"), split=split, sample=spec.get("sample"),
                              case=spec.get("case"))
        took = time.perf_counter() - t0
        if args.json:
            print(json.dumps({"floor_file": f.name, "seconds": round(took, 1), "scores": scores}), flush=True)
            continue
        for key, floor in spec["floors"].items():
            note = f"{split} n={scores.get('n', '?')}" + (f" (sample {spec['sample']})" if spec.get("sample") else "")
            rows.append((f.stem, key, scores.get(key), floor, note))
        print(f"{f.stem}: {took:.0f} s", file=sys.stderr, flush=True)
    if not args.json:
        print("| floors file | score | measured | floor | split, items |")
        print("|---|---|---|---|---|")
        for stem, key, score, floor, note in rows:
            mark = "" if score is not None and score + 1e-9 >= floor else " **below**"
            shown = "-" if score is None else f"{score:.3f}"
            print(f"| {stem} | {key} | {shown}{mark} | {floor:.3f} | {note} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Extraction speed: the whole pipeline against bare spaCy ``en_core_web_sm`` ``nlp.pipe`` on the same texts,
in the same run, on each corpus of :mod:`corpora`; each stage's share of the pipeline's time; articles per
day for 600-word articles. ``python bench/extract.py [--corpora wikinews,whitehouse,wire] [--n N]``.

Bare spaCy is the model package as shipped, run on the raw texts; the pipeline runs on the same articles
(cleaning, spaCy with eventwire's settings, actors, geo, time, quotes, events). Both are warmed up first.
Ratios are bare spaCy's time over the pipeline's: above 1.0 the pipeline, all stages included, is faster than
the parser it stands on. CPU seconds are this process's (``time.process_time``), which other work on the
machine skews less than the wall clock: the load average is printed beside the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpora  # noqa: E402

WORDS_PER_ARTICLE = 600
TARGET_RATIO = 1.0


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _timed(fn):
    """(wall seconds, CPU seconds of this process, result)."""
    c0, t0 = time.process_time(), time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, time.process_time() - c0, result


def bench_corpus(name: str, articles: list, pipe, nlp) -> dict:
    """Bare spaCy, then the pipeline, on one corpus; the pipeline's CPU seconds per stage."""
    texts = [a.raw for a in articles]
    list(nlp.pipe(texts[:3]))
    list(pipe.pipe(articles[:3], on_error="record"))
    load_before = _load()
    w_spacy, c_spacy, _ = _timed(lambda: list(nlp.pipe(texts)))
    stage_cpu = getattr(pipe, "stage_cpu", {})  # absent from pipelines older than the figure (a baseline run)
    stage_cpu.clear()
    w_pipe, c_pipe, docs = _timed(lambda: list(pipe.pipe(articles, on_error="record")))
    stages = dict(stage_cpu)
    n = len(articles)
    words = sum(len(t.split()) for t in texts)
    failures = sum(1 for d in docs if not hasattr(d, "events"))
    return {
        "corpus": name, "articles": n, "chars": sum(len(t) for t in texts), "words": words,
        "failures": failures, "events": sum(len(d.events) for d in docs if hasattr(d, "events")),
        "load_average": {"before": load_before, "after": _load()},
        "spacy": {"wall_s": round(w_spacy, 2), "cpu_s": round(c_spacy, 2)},
        "pipeline": {"wall_s": round(w_pipe, 2), "cpu_s": round(c_pipe, 2)},
        "ratio_wall": round(w_spacy / w_pipe, 3), "ratio_cpu": round(c_spacy / c_pipe, 3),
        "stage_cpu_s": {k: round(v, 3) for k, v in stages.items()},
        "stage_share": {k.split(".")[0]: round(v / c_pipe, 3) for k, v in stages.items()},
        "stage_ms_per_article": {k.split(".")[0]: round(1000 * v / n, 2) for k, v in stages.items()},
        "pipeline_cpu_ms_per_word": round(1000 * c_pipe / words, 4),
    }


def run(names: list[str], n: int | None = None) -> dict:
    """Figures of every corpus in ``names``, one run."""
    from eventwire.nlp import load_package
    from eventwire.pipeline import default_pipeline

    pipe = default_pipeline()
    nlp = load_package()  # bare spaCy: the model package as shipped
    figures: dict = {"cpus": os.cpu_count(), "load_average_before": _load(), "target_ratio": TARGET_RATIO}
    for name in names:
        articles = corpora.load(name, n)
        if not articles:
            figures[name] = f"skipped: no texts under {corpora.CORPUS}"
            continue
        figures[name] = bench_corpus(name, articles, pipe, nlp)
    done = [f for f in figures.values() if isinstance(f, dict) and "words" in f]
    if done:
        words = sum(f["words"] for f in done)
        cpu = sum(f["pipeline"]["cpu_s"] for f in done)
        per_article = cpu / words * WORDS_PER_ARTICLE
        figures["articles_per_day_600_words"] = {
            "cpu_s_per_article": round(per_article, 4),
            "one_core": round(86400 / per_article),
            "all_cores": round(86400 / per_article * (os.cpu_count() or 1)),
            "note": "extraction alone (no store), from the CPU seconds per word over the corpora above; "
                    "all cores: one process per core, as if it scaled linearly",
        }
    figures["load_average_after"] = _load()
    return figures


def report(figures: dict) -> str:
    """The figures as lines of text: one table row per corpus, then the stage shares."""
    rows = [f for f in figures.values() if isinstance(f, dict) and "ratio_cpu" in f]
    out = [f"cpus: {figures['cpus']}, load average before {figures['load_average_before']}, "
           f"after {figures['load_average_after']} (target ratio >= {figures['target_ratio']})",
           "| corpus | articles | words | spaCy CPU s | pipeline CPU s | ratio CPU | spaCy wall s | pipeline wall s "
           "| ratio wall | load before -> after |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for f in rows:
        out.append(f"| {f['corpus']} | {f['articles']} | {f['words']} | {f['spacy']['cpu_s']} | "
                   f"{f['pipeline']['cpu_s']} | **{f['ratio_cpu']}** | {f['spacy']['wall_s']} | "
                   f"{f['pipeline']['wall_s']} | {f['ratio_wall']} | {f['load_average']['before'][0]} -> "
                   f"{f['load_average']['after'][0]} |")
    for f in rows:
        shares = ", ".join(f"{k} {v:.1%} ({f['stage_ms_per_article'][k]} ms)" for k, v in f["stage_share"].items())
        out.append(f"stage shares of the pipeline's CPU time per article, {f['corpus']}: {shares}; "
                   f"geo {f['stage_share'].get('geo', 0):.1%}")
    for name, f in figures.items():
        if isinstance(f, str):
            out.append(f"{name}: {f}")
    day = figures.get("articles_per_day_600_words")
    if day:
        out.append(f"articles per day, 600-word articles, extraction alone: {day['one_core']:,} on one core, "
                   f"{day['all_cores']:,} on {figures['cpus']} cores "
                   f"({day['cpu_s_per_article']} CPU s per article)")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpora", default=",".join(corpora.CORPORA), help="which corpora (default: all three)")
    ap.add_argument("--n", type=int, default=None, help="articles per corpus (default: 100, 100, 300)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args(argv)
    figures = run(args.corpora.split(","), args.n)
    print(json.dumps(figures, indent=2) if args.json else report(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

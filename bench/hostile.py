"""Issue 17's table of hostile inputs, re-run: ``python bench/hostile.py [--seconds 10] [--mb 1024]``.

Each row runs in its own subprocess with the default settings: it loads the pipeline (not timed), says
it is ready, then reads its file with the readers and runs what they give through the pipeline (or runs
``eventwire summary``'s library call). The parent kills a row past ``--seconds`` after ready, or past
``--mb`` of resident memory, and prints for each row: the outcome (a clear failure, a Document, or
killed), the seconds after ready, and the row's peak RSS. Prints figures; asserts nothing. The inputs
are made up here (nothing read from elsewhere).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ENGLISH = "Rebels attacked the town of Goma on Monday, killing five civilians, the army said. "


def make_inputs(folder: Path) -> dict[str, Path]:
    """Row name -> the file it reads (made-up content)."""
    rows: dict[str, tuple[str, str]] = {
        "a 1,000,000-character single line of English": (
            "line.txt", (ENGLISH * (1_000_000 // len(ENGLISH) + 1))[:1_000_000]),
        "a CSV with a 1,000,000-byte field and then a good row": (
            "field.csv", 'title,text\nBig,"' + "word " * 200_000 + '"\nGood,"' + ENGLISH + '"\n'),
        "HTML with 500k entities": (
            "entities.html", "<html><body><p>" + "&amp;" * 500_000 + " " + ENGLISH + "</p></body></html>"),
        "a text with 100k double quotes": ("quotes.txt", "Officials said " + '"' * 100_000 + " today."),
        "JSON nested 1,000 deep": ("deep.json", '{"text":' * 1000 + '"x"' + "}" * 1000),
        "a CSV without the text column": ("nocol.csv", "title,body\nA," + ENGLISH + "\n"),
        "a CSV with a missing value": ("missing.csv", "title,text\nOnly a title\nB," + ENGLISH + "\n"),
        "an RSS item whose HTML body is only a comment": (
            "comment.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
            "<description>&lt;!-- nothing --&gt;</description></item></channel></rss>"),
    }
    out = {}
    for name, (file, text) in rows.items():
        p = folder / file
        p.write_text(text, encoding="utf-8")
        out[name] = p
    return out


def make_store(path: Path, n: int = 2000) -> Path:
    """A SQLite store of ``n`` articles: a few extracted once, stored under new ids (as a big archive would)."""
    from eventwire.model import Article, Document
    from eventwire.pipeline import Pipeline
    from eventwire.store import open_store

    texts = [ENGLISH, "Police arrested 12 protesters in Nairobi on Friday, witnesses said. ",
             "Government forces shelled Idlib on Tuesday, a monitoring group said. ",
             "Thousands marched in Khartoum on Sunday against the military, organisers said. "]
    docs = [d for d in Pipeline().pipe([Article.make(t, published="2024-01-10") for t in texts])
            if isinstance(d, Document)]
    with open_store(path) as store:
        batch = []
        for i in range(n):
            d = docs[i % len(docs)]
            batch.append(d.model_copy(update={"id": f"{d.id}-{i}", "published": f"2024-01-{1 + i % 28:02d}"}))
            if len(batch) == 200:
                store.add_all(batch)
                batch = []
        if batch:
            store.add_all(batch)
        # as `eventwire ingest` does after storing: the new events join the stored clusters, so `summary`
        # reads stored counts (the row below times `summary` itself, not the ingest's clustering)
        from eventwire.store import clusters

        t0 = time.perf_counter()
        clusters.update(store)
        print(f"(ingest-time clustering of the {n:,} stored articles: {time.perf_counter() - t0:.1f} s)", flush=True)
    return path


def child(kind: str, path: str) -> None:
    """One row, in this process: warm up, print READY, run, print one JSON line."""
    from eventwire.errors import EventwireError
    from eventwire.ingest import read_paths
    from eventwire.model import Document, Failure
    from eventwire.pipeline import default_pipeline
    from eventwire.settings import Settings

    settings = Settings()
    pipeline = default_pipeline(settings)
    pipeline.run(ENGLISH)
    print("READY", flush=True)
    t0 = time.perf_counter()
    try:
        if kind == "summary":
            from eventwire.store import open_store
            from eventwire.summary import summarize

            with open_store(path) as store:
                s = summarize(store)
            outcome = f"summary: {str(s)[:80]}"
        else:
            out = []
            for item in read_paths([path], settings):
                if isinstance(item, Failure):
                    out.append(item)
                else:
                    out.extend(pipeline.pipe([item], on_error="record"))
            outcome = "; ".join(
                f"Document ({len(o.events)} events)" if isinstance(o, Document) else f"Failure [{o.stage}]: {o.reason}"
                for o in out
            ) or "nothing read"
    except EventwireError as e:
        outcome = f"error: {e}"
    except Exception as e:  # noqa: BLE001 - reported: what the issue calls a crash
        outcome = f"CRASH {type(e).__name__}: {str(e)[:200]}"
    print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - t0}), flush=True)


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_row(kind: str, path: Path, seconds: float, mb: float) -> tuple[str, float, float]:
    proc = subprocess.Popen([sys.executable, __file__, "--child", kind, str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "READY":
        proc.wait()
        return "did not start", 0.0, 0.0
    t0, peak, killed = time.perf_counter(), 0.0, None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    done = (0, 0, None)
    while True:
        done = os.wait4(proc.pid, os.WNOHANG)  # (not proc.poll(): wait4 gives the row's own peak RSS)
        if done[0]:
            break
        peak = max(peak, _rss_mb(proc.pid))
        if peak > mb:
            killed = f"KILLED: over {mb:.0f} MB"
        elif time.perf_counter() - t0 > seconds:
            killed = f"KILLED: over {seconds:g} s"
        if killed:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    if not done[0]:
        done = os.wait4(proc.pid, 0)
    proc.returncode = done[1]
    _, status, usage = done
    elapsed = time.perf_counter() - t0
    peak = max(peak, usage.ru_maxrss / 1024)
    if killed:
        return killed, elapsed, peak
    reader.join(5)
    lines = [line for line in lines if line.startswith("{")]
    if not lines:
        return f"died (status {status})", elapsed, peak
    res = json.loads(lines[-1])
    return res["outcome"], res["seconds"], peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--mb", type=float, default=1024.0)
    ap.add_argument("--articles", type=int, default=2000, help="stored articles for the summary row")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        rows = [(name, "ingest", p) for name, p in make_inputs(Path(tmp)).items()]
        db = make_store(Path(tmp) / "summary.db", args.articles)
        rows.append((f"eventwire summary on {args.articles:,} stored articles", "summary", db))
        print(f"limits: {args.seconds:g} s after the model is loaded, {args.mb:.0f} MB RSS; "
              f"load average {os.getloadavg()[0]:.1f}")
        for name, kind, path in rows:
            outcome, secs, peak = run_row(kind, path, args.seconds, args.mb)
            print(f"{name}\n    {outcome[:300]}\n    {secs:.2f} s, peak RSS {peak:.0f} MB", flush=True)


if __name__ == "__main__":
    main()

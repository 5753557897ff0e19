"""Fuzzing every reader and the whole pipeline: for every input a Document or a Failure, never another
exception, and the test process stays under 1 GB.

Bounded to about a minute in all (``EVENTWIRE_FUZZ_SECONDS``, default 60, split between the tests below;
set it higher for a longer hunt). Inputs that once failed are kept in ``tests/fuzz_corpus/`` (made-up
content) and run every time.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.ingest import KNOWN_EXT, read_paths
from eventwire.model import Article, Document, Failure
from eventwire.settings import Settings

SECONDS = float(os.environ.get("EVENTWIRE_FUZZ_SECONDS", "60"))
CORPUS = Path(__file__).parent / "fuzz_corpus"
GB = 1 << 30

EXTS = sorted(KNOWN_EXT) + [".dat", ""]  # unknown: the format is sniffed

SEEDS = {
    ".txt": "Title: Made up\nPublished: 2024-01-10\n\nRebels attacked a village on Monday, the army said.",
    ".md": "---\ntitle: Made up\ndate: 2024-01-10\n---\n# Clashes\n\nRebels *attacked* a [village](x).",
    ".html": "<html><head><title>T</title></head><body><article><p>Rebels attacked a village on Monday, "
             "killing two, the army said in a statement on Tuesday.</p></article></body></html>",
    ".json": '{"articles": [{"title": "T", "text": "Rebels attacked a village.", "published": "2024-01-10"}]}',
    ".jsonl": '{"text": "Rebels attacked a village."}\n{"text": "Police arrested 12 protesters."}\n',
    ".csv": 'title,text,published\nT,"Rebels attacked a village, the army said.",2024-01-10\n',
    ".xml": '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
            "<description>&lt;p&gt;Rebels attacked a village.&lt;/p&gt;</description>"
            "<pubDate>Wed, 10 Jan 2024 10:00:00 GMT</pubDate></item></channel></rss>",
}
PIECES = ['"', "“", "”", "«", "»", "'", "’", "\n", "\n\n", " ", "\x00", "&amp;", "&#0;", "<p>", "</p>", "<!--",
          "{", "}", "[", "]", ",", ":", "\\", "\ufeff", "\u2028", "\u202e", "é", "中", "🙂", "Rebels", "said",
          "attacked", "Goma", "Monday", "<![CDATA[", "]]>", "<!DOCTYPE x [", "<!ENTITY e \"e\">", "&e;", "\r\n"]


def _peak_reset() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: resets VmHWM, the peak resident size
        return True
    except OSError:
        return False


def _status_bytes(field: str) -> int:
    import resource

    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _peak_bytes() -> int:
    return _status_bytes("VmHWM")


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, bytes]:
    """(extension, bytes): random bytes, random text of hostile pieces, or a valid seed file mutated."""
    ext = draw(st.sampled_from(EXTS))
    how = draw(st.sampled_from(["bytes", "pieces", "mutated", "repeated"]))
    if how == "bytes":
        return ext, draw(st.binary(max_size=400))
    if how == "pieces":
        parts = draw(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60))
        return ext, "".join(parts).encode("utf-8", "surrogatepass")
    seed = SEEDS.get(ext, SEEDS[".txt"])
    if how == "repeated":  # a piece said many times over: growth, nesting, long lines
        piece = draw(st.sampled_from(PIECES + ["<div>", "[", '{"a":', "&lt;b&gt;"]))
        n = draw(st.integers(1, 3000))
        at = draw(st.integers(0, len(seed)))
        return ext, (seed[:at] + piece * n + seed[at:]).encode("utf-8", "surrogatepass")
    data = bytearray(seed.encode())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = draw(st.binary(min_size=1, max_size=6))
        if op == "insert":
            data[at:at] = chunk
        elif op == "delete":
            del data[at : at + len(chunk)]
        else:
            data[at : at + len(chunk)] = chunk
    return ext, bytes(data)


def _read(tmp: Path, ext: str, data: bytes, n: int) -> list[Article | Failure]:
    path = tmp / f"in{n}{ext}"
    path.write_bytes(data)
    items = list(read_paths([path], Settings(), published="2024-01-10"))
    for it in items:
        assert isinstance(it, (Article, Failure)), type(it)
        if isinstance(it, Failure):
            assert it.reason and it.stage
    return items


def _run(pipeline, items: list[Article | Failure]) -> None:
    arts = [a for a in items if isinstance(a, Article)]
    out = list(pipeline.pipe(arts, on_error="record"))
    assert len(out) == len(arts)
    for a, r in zip(arts, out, strict=True):
        assert isinstance(r, (Document, Failure)), type(r)
        if isinstance(r, Document):
            for x in [*r.places, *r.times, *r.quotes]:
                assert 0 <= x.start <= x.end <= len(r.text)
            for e in r.events:
                assert r.text[e.evidence.start : e.evidence.end] == e.evidence.text
        else:
            assert r.reason and r.document == a.id


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_inputs_that_once_failed(pipeline, tmp_path, path):
    items = _read(tmp_path, path.suffix, path.read_bytes(), 0)
    _run(pipeline, items)


def test_xml_entities_stay_off(tmp_path):
    """An external entity pointing at a local file is never read; internal entities are resolved (a feed's
    declared ``&mdash;``), but a billion-laughs feed never grows past libxml2's amplification limit."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRETVALUE")
    xxe = (CORPUS / "xxe.rss").read_text().replace("file:///etc/passwd", secret.as_uri())
    laughs = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    deep = (f'<?xml version="1.0"?><!DOCTYPE r [{"".join(laughs)}]><rss version="2.0"><channel><title>t</title>'
            "<item><title>&l9;</title><description>&l9;</description></item></channel></rss>")
    for data in (xxe, (CORPUS / "billion_laughs.rss").read_text(), deep):
        for it in _read(tmp_path, ".rss", data.encode(), 1):
            if isinstance(it, Article):
                assert "TOPSECRETVALUE" not in it.raw
                assert len(it.raw) < 10_000


class _Clock:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> bool:
        return time.monotonic() < self.end


@pytest.mark.slow
def test_fuzz_readers_and_pipeline(pipeline, tmp_path):
    """Every reader entry point (each extension, and sniffing), then the whole pipeline on what they read."""
    reset = _peak_reset()
    # what the test process already holds (the model, the gazetteer's caches, earlier tests' leftovers in a
    # full run): the fuzzed inputs must not add a gigabyte on top of it
    held = _status_bytes("VmRSS")
    readers_only = _Clock(SECONDS * 0.35)
    counter = iter(range(10**9))

    @settings(max_examples=max(50, int(SECONDS * 15)), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.function_scoped_fixture])
    @given(documents())
    def readers(doc: tuple[str, bytes]) -> None:
        if readers_only.left():
            _read(tmp_path, *doc, next(counter))

    readers()
    whole = _Clock(SECONDS * 0.55)

    @settings(max_examples=max(20, int(SECONDS * 3)), deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.function_scoped_fixture])
    @given(documents())
    def whole_pipeline(doc: tuple[str, bytes]) -> None:
        if whole.left():
            _run(pipeline, _read(tmp_path, *doc, next(counter)))

    whole_pipeline()
    if reset:
        grown = _peak_bytes() - held
        assert grown < GB, f"peak RSS {_peak_bytes() / 2**20:.0f} MB, {grown / 2**20:.0f} MB above the start"

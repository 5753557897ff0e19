"""Stage versions that say what changed, and ``ingest --reprocess`` on SQLite and PostgreSQL.

A record's ``stages`` carries each stage's versioned name and a hash of the data files it read;
reprocessing extracts again what older stages made, in place, and a second run changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from test_store_postgres import pg_database, pg_url  # noqa: F401 - fixtures

from eventwire.cli import cli
from eventwire.model import Article, Document
from eventwire.pipeline import Pipeline
from eventwire.reprocess import reprocess
from eventwire.resources import data_hash, data_path
from eventwire.settings import Settings
from eventwire.store import Store, open_store

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "dispatches"
TEXTS = [
    "Gunmen attacked a police post in Maiduguri on Sunday, killing two officers, the army said.",
    "Hundreds of teachers marched in Kampala on Tuesday to demand unpaid salaries.",
]


def test_a_changed_data_file_changes_the_version_of_the_stages_that_read_it(tmp_path: Path) -> None:
    bundled = data_path("clean_rules.yaml").read_text(encoding="utf-8")
    assert data_hash(["clean_rules.yaml"]) == data_hash(["clean_rules.yaml"], tmp_path)  # no user copy yet
    plain = Pipeline(stages=["clean"]).versions
    assert plain["clean"].startswith("clean.v2+data:")
    (tmp_path / "clean_rules.yaml").write_text(bundled + "\n# my note\n", encoding="utf-8")
    mine = Pipeline(Settings(data_dir=tmp_path), stages=["clean"]).versions
    assert mine["clean"] != plain["clean"] and mine["clean"].startswith("clean.v2+data:")
    (tmp_path / "timex.yaml").write_text("# a file the clean stage does not read\n", encoding="utf-8")
    assert Pipeline(Settings(data_dir=tmp_path), stages=["clean"]).versions == mine


def test_records_carry_model_and_gazetteer_versions(pipeline: Pipeline) -> None:
    v = pipeline.versions
    assert v["nlp"].startswith("nlp.v3+model:") and "3.8" in v["nlp"]
    assert v["geo"].startswith("geo.v7+data:") and "+gazetteer:" in v["geo"]
    doc = pipeline.run(Article.make(TEXTS[0], published="2024-03-04"))
    assert doc.stages == v and not pipeline.outdated(doc.stages)
    assert pipeline.outdated({**v, "events": "events.v1"})


def _stale(doc: Document, **stages: str) -> Document:
    """The record an older pipeline made: other stage versions, and (here) no events or actors."""
    return doc.model_copy(update={"stages": {**doc.stages, **stages}, "events": [], "actors": []})


def test_redo_gives_what_a_fresh_extraction_gives(pipeline: Pipeline) -> None:
    raw = (SAMPLES / "01-goma-shelling.txt").read_text(encoding="utf-8")
    doc = pipeline.run(Article.make(raw, published="2024-02-08"))
    assert doc.removed  # the sample has lines that cleaning drops: redo must keep them dropped
    again = list(pipeline.redo([_stale(doc, events="events.v1"), _stale(doc, geo="geo.v1+data:00000000")]))
    assert again == [doc, doc]
    # a changed clean runs on the stored cleaned text; what the older one removed stays removed
    (cleaned,) = pipeline.redo([_stale(doc, clean="clean.v1")])
    assert isinstance(cleaned, Document) and cleaned.text == doc.text
    assert cleaned.removed[: len(doc.removed)] == doc.removed and cleaned.events == doc.events


def _fill(store: Store, pipeline: Pipeline) -> list[Document]:
    docs = [pipeline.run(Article.make(t, published="2024-03-04", url=f"https://example.org/{i}"))
            for i, t in enumerate(TEXTS)]
    store.add_all([docs[0], _stale(docs[1], events="events.v1", actors="actors.v1")],
                  origins={d.id: f"feed.jsonl#{i}" for i, d in enumerate(docs)})
    # A table outside the machine output, keyed by the article like an analyst's reviews will be:
    # replacing the machine output must not take its rows along (ON DELETE CASCADE).
    with store.engine.begin() as conn:
        conn.execute(text("CREATE TABLE notes_of_analyst (article_id VARCHAR(64) NOT NULL REFERENCES articles(id) "
                          "ON DELETE CASCADE, event_id VARCHAR(64), note TEXT)"))
        conn.execute(text("INSERT INTO notes_of_analyst VALUES (:a, 'e1', 'checked')"), {"a": docs[1].id})
    return docs


def check_reprocess(store: Store, pipeline: Pipeline) -> None:
    docs = _fill(store, pipeline)
    before = store.counts()
    assert store.document(docs[1].id).events == []  # type: ignore[union-attr]

    rep = reprocess(store, pipeline=pipeline)
    assert (rep.stored, rep.current, rep.redone, rep.failures) == (2, 1, 1, 0)
    assert rep.events == len(docs[1].events) > 0
    assert list(store.documents(ids=[d.id for d in docs])) == docs  # as a fresh extraction
    after = store.counts()
    assert after["events"] == before["events"] + len(docs[1].events)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT note FROM notes_of_analyst")).scalars().all() == ["checked"]
        origins = dict(conn.execute(text("SELECT id, origin FROM articles")).all())
    assert origins[docs[1].id] == "feed.jsonl#1"  # the stored origin stays
    from eventwire.store import EventQuery

    assert [e.article_id for e in store.events(EventQuery(q="teachers Kampala"))] == [docs[1].id] * len(
        docs[1].events)  # the full-text index follows the row it was kept for

    again = reprocess(store, pipeline=pipeline)
    assert (again.current, again.redone, again.failures) == (2, 0, 0)
    assert store.counts() == after and list(store.documents(ids=[d.id for d in docs])) == docs


def test_reprocess_on_sqlite(tmp_path: Path, pipeline: Pipeline) -> None:
    with open_store(tmp_path / "r.db") as store:
        check_reprocess(store, pipeline)


def test_reprocess_keeps_the_output_of_an_article_that_fails_now(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from test_pipeline import TEXT

    from eventwire import pipeline as pl

    monkeypatch.setitem(pl.STAGES, "boom", "test_pipeline:Boom")  # fails on any text with "boom" in it
    p = Pipeline(stages=["clean", "boom"])
    old = [Document(id="ok", text=TEXT, stages={"clean": "clean.v1"}),
           Document(id="bad", text="boom " + TEXT, stages={"clean": "clean.v1"})]
    with open_store(tmp_path / "f.db") as store:
        store.add_all(old)
        rep = reprocess(store, pipeline=p)
        assert (rep.redone, rep.failures) == (1, 1)
        assert store.document("bad") == old[1] and store.document("ok").stages == p.versions  # type: ignore[union-attr]
        assert [(f.document, f.stage) for f in store.failures()] == [("bad", "boom.v1")]


def test_cli_ingest_reprocess(tmp_path: Path, pipeline: Pipeline) -> None:
    db = tmp_path / "c.db"
    docs = [pipeline.run(Article.make(t, published="2024-03-04")) for t in TEXTS]
    with open_store(db) as store:
        store.add_all([_stale(d, time="time.v1") for d in docs])
    runner = CliRunner()
    out = runner.invoke(cli, ["ingest", "--reprocess", "--db", str(db)], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert "2 stored, 0 made by the running stages, 2 extracted again, 0 failed" in out.output
    out = runner.invoke(cli, ["ingest", "--reprocess", "--db", str(db)], catch_exceptions=False)
    assert "2 made by the running stages, 0 extracted again" in out.output
    bad = runner.invoke(cli, ["ingest", "--db", str(db)])
    assert bad.exit_code == 2 and "give PATHS to ingest, or --reprocess" in bad.output


@pytest.mark.postgres
def test_reprocess_on_postgres(pg_url: str, pipeline: Pipeline) -> None:  # noqa: F811 - the fixture
    with open_store(pg_url) as store:
        try:
            check_reprocess(store, pipeline)
        finally:
            with store.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS notes_of_analyst"))


#: Data files no stage reads: built artefacts (named by version extras instead; the lock of a rebuild) and the rules of
#: ``eventwire clusters``, which runs on stored events, not in the pipeline.
NOT_STAGE_DATA = {"gazetteer.sqlite", "gazetteer.sqlite.lock", "truecase.tsv", "dedup.yaml"}


def test_every_data_file_is_hashed_by_a_stage() -> None:
    import importlib

    from eventwire.pipeline import STAGES

    claimed: set[str] = set()
    for path in STAGES.values():
        module, _, cls = path.partition(":")
        claimed.update(getattr(importlib.import_module(module), cls).data_files)
    present = {p.name for p in data_path("actors.csv").parent.iterdir() if p.is_file()}
    assert claimed <= present, "a stage lists a data file that does not exist"
    assert present - NOT_STAGE_DATA <= claimed, "a data file no stage hashes: add it to that stage's data_files"


_OPENED = """
import json, os, sys
from pathlib import Path
now, seen = ["?"], {}
def hook(event, args):
    if event == "open" and "/eventwire/data/" in str(args[0]):
        seen.setdefault(now[0], set()).add(os.path.basename(str(args[0])))
sys.addaudithook(hook)
from eventwire.model import Article
from eventwire.pipeline import STAGES, Pipeline, load_stage
from eventwire.settings import Settings
pipe = Pipeline.__new__(Pipeline)
pipe.settings, pipe.stages = Settings(), []
from collections import Counter
pipe.stage_cpu = Counter()
for key, path in STAGES.items():
    now[0] = key
    st = load_stage(path, pipe.settings)
    def traced(works, run=st.pipe, key=key):
        now[0] = key
        return run(works)
    st.pipe = traced
    pipe.stages.append(st)
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
list(pipe.pipe([Article.make(t, published="2024-02-08") for t in texts], on_error="record"))
print(json.dumps({k: sorted(v) for k, v in seen.items()}))
"""


@pytest.mark.slow
def test_each_stage_lists_the_data_files_it_opens() -> None:
    """Traced in a fresh process (loaders cache what they read): building each stage and running it
    over the sample dispatches opens only files that stage hashes."""
    import importlib
    import json
    import subprocess
    import sys

    from eventwire.pipeline import STAGES

    out = subprocess.run([sys.executable, "-c", _OPENED, str(SAMPLES)], capture_output=True, text=True, check=True)
    opened = json.loads(out.stdout.strip().splitlines()[-1])
    assert opened.get("actors") and opened.get("events")  # the trace sees the reads
    for key, files in opened.items():
        module, _, cls = STAGES[key].partition(":")
        listed = set(getattr(importlib.import_module(module), cls).data_files)
        assert set(files) - NOT_STAGE_DATA <= listed, f"stage {key} reads {sorted(set(files) - listed)} unhashed"

"""Article identity (issue 18, and the identity rows of issue 19), on SQLite and on PostgreSQL.

The same article re-encoded or re-spaced is not a new article; the same body on another day or from another
source is; a changed text at the same URL is a new version of the story (the latest current, counted once);
near-duplicate texts from different sources stay two articles but one report in clusters. Made-up texts.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_store_postgres import pg_database, pg_url  # noqa: F401 - PostgreSQL fixtures, shared

from eventwire.batch import ingest
from eventwire.dedup import cluster_events, refs_from_documents
from eventwire.dedup.reports import ReportGroups
from eventwire.identity import article_key, normalize_text, story_key
from eventwire.ingest import read_paths
from eventwire.model import Article, Document
from eventwire.store import open_store

STORIES = [
    ("Kalondo attack", "https://news.example/kalondo",
     "Gunmen attacked a police post in the village of Kalondo on Sunday, killing two officers, police said.\n\n"
     "The attackers fled into the forest after the raid, residents told reporters.\n"),
    ("Port strike", "https://news.example/port",
     "Dock workers in Marova went on strike on Monday, demanding higher wages, their union said.\n\n"
     "Protesters blocked the main gate of the port for several hours.\n"),
    ("Ceasefire talks", "https://news.example/talks",
     "The government and the rebels signed a ceasefire agreement in Telmar on Friday, mediators said.\n\n"
     "The deal is due to take effect next week.\n"),
]

#: The variants of issue 18's table: each takes the file's bytes and returns new bytes for a new file name.
VARIANTS = {
    "renamed file, UTF-8 BOM added": lambda b: b"\xef\xbb\xbf" + b,
    "CRLF line endings": lambda b: b.replace(b"\n", b"\r\n"),
    "extra final newlines": lambda b: b + b"\n\n\n",
    "a doubled space": lambda b: b.replace(b" police", b"  police", 1).replace(b" union", b"  union", 1)
    .replace(b" rebels", b"  rebels", 1),
    "a no-break space": lambda b: b.replace(b" on ", "\u00a0on ".encode(), 1),
    "an extra blank line": lambda b: b.replace(b"\n\n", b"\n\n\n", 1),
    "trailing spaces on every line": lambda b: b.replace(b"\n", b"   \n"),
    "tab-indented lines": lambda b: b"\n".join(b"\t" + line if line.strip() else line for line in b.split(b"\n")),
    "NFD accents": lambda b: b,  # (no accents in these texts; see test_normalize_text_variants)
}


def story_file(title: str, url: str, body: str, published: str = "2024-03-03") -> bytes:
    return f"Title: {title}\nURL: {url}\nSource: Example News\nPublished: {published}\n\n{body}".encode()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = open_store(tmp_path / "identity.db")
    else:
        request.applymarker(pytest.mark.postgres)
        s = open_store(request.getfixturevalue("pg_url"))
    yield s
    s.close()




# --- the key ------------------------------------------------------------------------------------------------


def test_normalize_text_variants() -> None:
    base = "Gunmen attacked a police post in Kalondo.\n\nThe attackers fled, residents said."
    variants = [
        "\ufeff" + base,
        base.replace("\n", "\r\n"),
        base.replace("\n", "\r"),
        base + "\n\n\n",
        base.replace(" police", "  police"),
        base.replace(" in ", "\u00a0in "),
        base.replace("\n\n", "\n\n\n\n"),
        base.replace("\n", "   \n") + "  ",
        "\n".join("\t" + line for line in base.split("\n")),
        "    " + base,
    ]
    assert {normalize_text(v) for v in variants} == {normalize_text(base)}
    assert normalize_text("Jose\u0301 Nu\u0301n\u0303ez") == normalize_text("José Núñez")
    assert normalize_text(base.replace("fled", "left")) != normalize_text(base)
    assert normalize_text(base.replace("\n\n", " ")) != normalize_text(base)  # paragraphs are text


def test_key_takes_date_and_source_into_account() -> None:
    body = "The ministry announced new road tolls for the northern highway, effective next month."
    k = article_key(body, published="2024-03-03", source="Ministry")
    assert k == article_key(body + "\r\n", published="2024-03-03", source=" ministry ")
    assert k != article_key(body, published="2024-03-04", source="Ministry")
    assert k != article_key(body, published="2024-03-03", source="Other ministry")
    assert story_key(url="http://news.example/a/") == story_key(url="https://news.example/a#top")
    assert story_key(source="Wire", source_id="w-1") == story_key(source="wire", source_id="w-1")
    assert story_key() is None


# --- issue 18's table on both backends -----------------------------------------------------------------------


def _ingest(paths, store, pipeline_settings=None):
    return ingest(read_paths(paths), store)


def test_variants_are_not_new_articles(store, tmp_path: Path, pipeline) -> None:
    src = tmp_path / "in"
    src.mkdir()
    files = []
    for i, (title, url, body) in enumerate(STORIES):
        p = src / f"{i}.txt"
        p.write_bytes(story_file(title, url, body))
        files.append(p)
    first = _ingest([src], store)
    assert first.added == len(STORIES) and first.failures == 0
    before = store.counts()
    for n, (name, change) in enumerate(VARIANTS.items()):
        folder = tmp_path / f"variant{n}"
        folder.mkdir()
        for p in files:
            (folder / f"renamed-{p.name}").write_bytes(change(p.read_bytes()))
        r = _ingest([folder], store)
        assert (r.added, r.events, r.skipped) == (0, 0, len(STORIES)), name
    assert store.counts() == before
    doc = next(store.documents())
    variants = store.variants(doc.id)
    assert variants[0].is_first and variants[0].text_hash == doc.reading.text_hash
    assert len(variants) > 3 and not any(v.is_first for v in variants[1:])


def test_same_body_on_another_day_or_from_another_source_is_another_article(store, tmp_path: Path, pipeline) -> None:
    body = "The ministry announced new road tolls for the northern highway, effective next month.\n"
    src = tmp_path / "in"
    src.mkdir()
    for i, (day, source) in enumerate([("2024-03-03", "Ministry"), ("2024-03-10", "Ministry"),
                                       ("2024-03-03", "Roads Agency"), ("2024-03-03", "Ministry")]):
        (src / f"{i}.txt").write_text(f"Source: {source}\nPublished: {day}\n\n{body}")
    r = _ingest([src], store)
    assert (r.added, r.skipped, r.failures) == (3, 1, 0) and store.counts()["articles"] == 3


def test_non_utf8_name_and_surrogates_are_stored(store, tmp_path: Path, pipeline) -> None:
    src = tmp_path / "in"
    src.mkdir()
    with open(os.path.join(os.fsencode(src), b"caf\xe9.txt"), "wb") as f:
        f.write(STORIES[0][2].encode())
    (src / "b.jsonl").write_text('{"text": "' + STORIES[1][2].replace("\n", "\\n") + ' \\ud800"}\n')
    r = _ingest([src], store)
    assert r.added == 2 and r.failures == 0
    docs = list(store.documents())
    origins = {store_origin(store, d.id) for d in docs}
    assert any(o.endswith("caf\\xe9.txt") for o in origins)
    assert any(d.reading.encoding_replaced and "\ufffd" in d.text for d in docs)


def store_origin(store, article_id: str) -> str:
    from sqlalchemy import select

    from eventwire.store import schema as S

    with store.engine.connect() as conn:
        return conn.scalar(select(S.articles.c.origin).where(S.articles.c.id == article_id))


# --- versions ------------------------------------------------------------------------------------------------


def test_changed_text_at_the_same_url_is_a_new_version(store, tmp_path: Path, pipeline) -> None:
    title, url, body = STORIES[0]
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    (tmp_path / "v1" / "a.txt").write_bytes(story_file(title, url, body))
    update = body + "\nA third officer died of his wounds in hospital on Monday, police said.\n"
    (tmp_path / "v2" / "a.txt").write_bytes(story_file(title, url, update, published="2024-03-04"))
    _ingest([tmp_path / "v1"], store)
    r = _ingest([tmp_path / "v2"], store)
    assert r.added == 1
    all_docs = list(store.documents(all_versions=True))
    current = list(store.documents())
    assert len(all_docs) == 2 and len(current) == 1 and "third officer" in current[0].text
    versions = store.versions(current[0].id)
    assert [(v.version, v.current) for v in versions] == [(1, False), (2, True)]
    assert {e.article_id for e in store.events()} == {current[0].id}  # the old version's events are not listed
    # clustered together, the two versions are one report, never two independent sources
    for c in cluster_events(refs_from_documents(all_docs)):
        assert c.reports == 1
    # re-ingesting both changes nothing
    again = _ingest([tmp_path / "v1", tmp_path / "v2"], store)
    assert (again.added, again.skipped) == (0, 2)
    assert [(v.version, v.current) for v in store.versions(current[0].id)] == [(1, False), (2, True)]


def test_late_older_edition_does_not_replace_the_current_one(store, tmp_path: Path, pipeline) -> None:
    title, url, body = STORIES[1]
    (tmp_path / "new").mkdir()
    (tmp_path / "old").mkdir()
    (tmp_path / "new" / "a.txt").write_bytes(story_file(title, url, body + "\nUpdated with the union's reply.\n",
                                                         published="2024-03-05"))
    (tmp_path / "old" / "a.txt").write_bytes(story_file(title, url, body, published="2024-03-03"))
    _ingest([tmp_path / "new"], store)
    _ingest([tmp_path / "old"], store)
    [cur] = list(store.documents())
    assert cur.published == "2024-03-05"
    assert sorted((v.version, v.current) for v in store.versions(cur.id)) == [(1, True), (2, False)]


# --- near-duplicates across sources ----------------------------------------------------------------------------


def test_near_duplicates_from_two_sources_are_one_report(tmp_path: Path, pipeline) -> None:
    title, _, body = STORIES[0]
    wire = body + "\nThe region has seen several such attacks this year.\n"
    texts = {
        "Daily One": wire,
        "Evening Two": wire.replace("residents told reporters", "residents told journalists") + "(Wire)\n",
        "Third Voice": "Two police officers were killed when gunmen stormed their post in Kalondo village on "
                       "Sunday, a police spokesman told us by telephone; the attackers escaped into the forest.\n",
    }
    arts = [Article.make(t, title=title, source=s, published="2024-03-03", url=f"https://{i}.example/k")
            for i, (s, t) in enumerate(texts.items())]
    docs = [d for d in pipeline.pipe(arts) if isinstance(d, Document)]
    assert len({d.id for d in docs}) == 3  # three articles stored ...
    groups = ReportGroups()
    reports = [groups.add(d) for d in docs]
    assert reports[0] == reports[1] != reports[2]  # ... two independent reports
    clusters = cluster_events(refs_from_documents(docs))
    shared = [c for c in clusters if {docs[0].id, docs[1].id} <= set(c.articles)]
    assert shared  # the two printings of the wire story report the same attack ...
    for c in shared:
        assert c.reports == len(c.articles) - 1  # ... and count once
    plain = [c for c in cluster_events(refs_from_documents(docs, near_duplicates=False))
             if {docs[0].id, docs[1].id} <= set(c.articles)]
    assert plain and all(c.reports == len(c.articles) for c in plain)  # counted per article, as before



def test_stored_clusters_count_a_wire_story_in_two_outlets_once(store, pipeline) -> None:
    """The store's incremental clusters (summary, clusters, the API) count independent reports too."""
    from eventwire.store import clusters as stored_clusters

    title, _, body = STORIES[0]
    wire = body + "\nThe region has seen several such attacks this year.\n"
    texts = {"Daily One": wire, "Evening Two": wire.replace("residents told reporters", "residents told journalists")}
    arts = [Article.make(t, title=title, source=s, published="2024-03-03", url=f"https://{i}.example/w")
            for i, (s, t) in enumerate(texts.items())]
    docs = [d for d in pipeline.pipe(arts) if isinstance(d, Document)]
    store.add_all(docs)
    stored_clusters.update(store)
    shared = [c for c in stored_clusters.stored_clusters(store) if {d.id for d in docs} <= set(c.articles)]
    assert shared  # the two printings report the same attack ...
    assert all(c.reports == 1 for c in shared)  # ... once

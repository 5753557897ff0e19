"""Readers keep the text intact (issue 19) and refuse hostile input cleanly (the reader rows of issue 17).

Every text here is made up. Storage rows run on SQLite and on the PostgreSQL test server.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from eventwire.errors import EventwireError, InputError
from eventwire.ingest import decode, parse, read_one, read_paths
from eventwire.lang import UnsupportedLanguage, check_language
from eventwire.model import Article, Failure
from eventwire.settings import Settings

NAMES = "José Núñez, the mayor of Çatalca, met Zoë Brontë and François Müller in Malmö on Tuesday."
BODY = "Gunmen attacked a police post near the village of Kalondo on Sunday, killing two officers, police said."


def write(tmp_path: Path, name: str | bytes, data: str | bytes) -> Path:
    folder = os.fsencode(tmp_path)
    raw = name if isinstance(name, bytes) else name.encode()
    path = os.path.join(folder, raw)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return Path(os.fsdecode(path))


def articles(out: list) -> list[Article]:
    return [x for x in out if isinstance(x, Article)]


# --- encodings -----------------------------------------------------------------------------------------


def test_rss_declaring_iso_8859_1_keeps_its_accents(tmp_path: Path) -> None:
    rss = (f'<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Wire</title>'
           f"<item><title>Visit</title><guid>w-1</guid><description>{NAMES}</description></item></channel></rss>")
    [a] = read_one(write(tmp_path, "f.rss", rss.encode("latin-1")))
    assert a.raw == NAMES
    assert a.reading.encoding == "cp1252" and a.reading.encoding_evidence == "declaration"
    assert a.source == "Wire" and a.source_id == "w-1"


def test_rss_declared_entity_is_resolved(tmp_path: Path) -> None:
    rss = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY mdash "&#8212;">]><rss><channel><item>'
           f"<title>Kalondo &mdash; attack</title><description>Kalondo &mdash; {BODY}</description>"
           "</item></channel></rss>")
    [a] = read_one(write(tmp_path, "f.xml", rss))
    assert a.title == "Kalondo \u2014 attack" and a.raw == f"Kalondo \u2014 {BODY}"


@pytest.mark.parametrize("eol", ["\r\n", "\r"])
def test_markdown_front_matter_with_crlf_and_cr(tmp_path: Path, eol: str) -> None:
    md = eol.join(["---", "title: Kalondo attack", "date: 2024-03-03", "---", "", BODY, ""])
    [a] = read_one(write(tmp_path, "a.md", md))
    assert a.title == "Kalondo attack" and a.published == "2024-03-03" and a.raw == BODY


@pytest.mark.parametrize("eol", ["\r\n", "\r"])
def test_csv_and_text_headers_with_crlf_and_cr(tmp_path: Path, eol: str) -> None:
    csv_text = eol.join(["text,published", f'"{BODY}",2024-03-03', f'"{NAMES}",2024-03-04', ""])
    out = read_one(write(tmp_path, "a.csv", csv_text))
    assert [a.raw for a in out] == [BODY, NAMES] and out[1].published == "2024-03-04"
    txt = eol.join(["Title: Kalondo attack", "Published: 2024-03-03", "", BODY, "A second line.", ""])
    [t] = read_one(write(tmp_path, "a.txt", txt))
    assert t.title == "Kalondo attack" and t.published == "2024-03-03"
    assert t.raw == eol.join([BODY, "A second line.", ""])  # the body exactly as it came


LEGACY = [
    "Le ministre a déclaré à Bamako que l'armée était prête à négocier avec les élus.",
    "Señor Peña dijo en Cádiz que la reunión había terminado sin acuerdo el miércoles.",
    "Der Bürgermeister von Köln sagte, die Straßen blieben über das Wochenende gesperrt.",
    "The army’s spokesman said “three died” near the café in Bouaké — the toll may rise.",
    NAMES,
]


@pytest.mark.parametrize("text", LEGACY)
@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_single_byte_texts_keep_their_letters(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"{encoding} has no curly quotes")
    d = decode(data, "x")
    assert d.text == text and d.encoding == "cp1252" and not d.replaced


@pytest.mark.parametrize(
    ("encoding", "text"),
    [("cp1251", "Военные атаковали город в понедельник, сообщили местные власти."),
     ("cp1253", "Οι στρατιώτες επιτέθηκαν στην πόλη τη Δευτέρα, ανέφεραν οι αρχές.")],
)
def test_other_scripts_are_not_read_as_latin_letters(encoding: str, text: str) -> None:
    d = decode(text.encode(encoding), "x")
    assert d.text == text and d.evidence == "detector"


def test_one_bad_byte_in_utf8_garbles_nothing_else() -> None:
    data = (NAMES + " The café").encode() + b" owner, M. Andr\xe9, " + "was not hurt — police said.".encode()
    d = decode(data, "x")
    assert d.encoding == "utf-8" and d.replaced  # flagged, never silent
    assert d.text.startswith(NAMES) and "Andr" in d.text and d.text.endswith("was not hurt — police said.")


def test_text_in_no_encoding_is_refused() -> None:
    with pytest.raises(InputError, match="not text in utf-16"):
        decode(b"\xff\xfe" + b"\x00\xd8" * 200, "x")  # lone high surrogates after a UTF-16 BOM


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, encoding: str) -> None:
    [a] = read_one(write(tmp_path, "a.txt", NAMES.encode(encoding)))
    assert a.raw == NAMES and a.reading.encoding == encoding


def test_reading_record_keeps_encoding_and_confidence(tmp_path: Path) -> None:
    [a] = read_one(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + NAMES.encode()))
    assert (a.reading.encoding, a.reading.encoding_evidence, a.reading.encoding_confidence) == ("utf-8", "bom", 1.0)
    [b] = read_one(write(tmp_path, "b.txt", NAMES.encode("cp1252")))
    assert b.reading.encoding == "cp1252" and 0 < b.reading.encoding_confidence < 1


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    html = (f'<html><head><meta charset="windows-1252"><title>Visit</title></head><body><article><p>{NAMES}</p>'
            f"<p>{LEGACY[0]}</p></article></body></html>")
    [a] = read_one(write(tmp_path, "a.html", html.encode("cp1252")))
    assert NAMES in a.raw and a.reading.encoding_evidence == "declaration"


# --- file names, surrogates, skipped paths, empty containers ------------------------------------------------


def test_non_utf8_file_name_is_shown_readably(tmp_path: Path) -> None:
    write(tmp_path, b"caf\xe9-report.txt", BODY)
    [a] = list(read_paths([tmp_path]))
    assert isinstance(a, Article) and a.origin.endswith("caf\\xe9-report.txt")
    a.origin.encode("utf-8")  # no lone surrogate left


def test_lone_surrogate_becomes_a_flagged_replacement(tmp_path: Path) -> None:
    [a] = read_one(write(tmp_path, "a.json", '{"text": "' + BODY + ' \\ud83d end", "title": "x\\udc00"}'))
    assert "\ufffd" in a.raw and a.title == "x\ufffd" and a.reading.encoding_replaced
    a.raw.encode("utf-8")
    with pytest.raises(InputError, match="broken XML"):  # a character reference to a surrogate: lxml refuses
        read_one(write(tmp_path, "f.xml", f"<rss><channel><item><description>{BODY} &#xD800;</description>"
                                          "</item></channel></rss>"))
    feed = f"<rss><channel><item><description>{BODY} \ud800 end</description></item></channel></rss>"
    try:  # a surrogate in feed text handed over as a str: a clear error, never a UnicodeEncodeError
        out = list(parse(feed, "stdin", ".xml", Settings(), None))
    except InputError:
        return
    assert all(isinstance(x, Article | Failure) for x in out)


def test_dangling_link_folder_link_hidden_and_unknown_files_are_failures(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", BODY)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop").symlink_to(tmp_path)
    write(tmp_path, ".hidden.txt", BODY)
    write(tmp_path, "photo.jpg", b"\xff\xd8")
    out = list(read_paths([tmp_path, tmp_path / "gone.txt"]))
    reasons = [x.reason for x in out if isinstance(x, Failure)]
    assert len(reasons) == 5 and len(articles(out)) == 1
    joined = " | ".join(reasons)
    assert joined.count("dangling symbolic link") == 2 and "symbolic link to a folder" in joined
    assert "hidden file" in joined and "no reader for .jpg" in joined


def test_unreadable_folder_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(BODY)
    if os.geteuid() == 0:  # root lists every folder: refuse this one as the kernel would refuse anyone else
        real = os.scandir

        def scandir(path=".", *rest):  # noqa: ANN001, ANN202
            if os.fspath(path) == os.fspath(locked):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(path, *rest)

        monkeypatch.setattr(os, "scandir", scandir)
    locked.chmod(0)
    try:
        [f] = list(read_paths([tmp_path]))
    finally:
        locked.chmod(0o755)
    assert isinstance(f, Failure) and "cannot read folder: Permission denied" in f.reason and "locked" in f.origin


@pytest.mark.parametrize(
    ("name", "data"),
    [("a.json", "[]"), ("b.json", '{"articles": []}'), ("c.csv", "text,title\n"), ("d.csv", "text,title\r\n"),
     ("e.jsonl", "\n\n"), ("f.csv", "")],
)
def test_empty_containers_are_failures(tmp_path: Path, name: str, data: str) -> None:
    [f] = list(read_paths([write(tmp_path, name, data)]))
    assert isinstance(f, Failure) and ("no articles" in f.reason or "empty" in f.reason)


# --- language ---------------------------------------------------------------------------------------------------

OTHER_LANGUAGES = [
    "Les forces de sécurité ont repoussé une attaque contre un poste militaire dans le nord du pays, selon l'armée.",
    "Las fuerzas de seguridad repelieron un ataque contra un puesto militar en el norte del país, según el ejército.",
    "Die Sicherheitskräfte haben einen Angriff auf einen Militärposten im Norden des Landes abgewehrt, hieß es.",
    "As forças de segurança repeliram um ataque contra um posto militar no norte do país, segundo o exército.",
]


@pytest.mark.parametrize("text", OTHER_LANGUAGES)
def test_metadata_english_is_overruled_by_the_text(text: str) -> None:
    with pytest.raises(UnsupportedLanguage, match="its metadata says 'en'"):
        check_language(Article.make(text, language="en"), ["en"])


def test_metadata_language_is_reported_when_overruled_for_a_processed_language() -> None:
    a = check_language(Article.make(OTHER_LANGUAGES[0], language="en"), ["en", "fr"])
    assert a.language == "fr" and a.reading.language_metadata == "en"
    b = check_language(Article.make(BODY, language="en"), ["en"])
    assert b.language == "en" and b.reading.language_metadata is None


def test_short_text_is_undetermined() -> None:
    assert check_language(Article.make("Two killed in Kalondo."), ["en"]).language == "und"
    assert check_language(Article.make("Two killed in Kalondo.", language="en"), ["en"]).language == "en"


# --- hostile and huge input (issue 17's reader rows) -----------------------------------------------------------


def test_json_nested_1000_deep_is_a_clear_error(tmp_path: Path) -> None:
    deep = "[" * 1000 + "]" * 1000
    with pytest.raises(InputError, match="max_json_depth=64"):
        read_one(write(tmp_path, "a.json", deep))
    [f] = read_one(write(tmp_path, "a.jsonl", '{"text": ' + deep + "}"))
    assert isinstance(f, Failure) and "max_json_depth" in f.reason
    nested = '{"text": "' + BODY + '", "extra": ' + "[" * 100 + "]" * 100 + "}"
    with pytest.raises(InputError, match="max_json_depth"):
        read_one(write(tmp_path, "b.json", nested))
    [a] = read_one(write(tmp_path, "b.json", nested), Settings(max_json_depth=200))  # a raised limit reads it
    assert a.raw == BODY


def test_csv_without_text_column_or_value(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no column 'text'"):
        read_one(write(tmp_path, "a.csv", "body,title\nx,y,z,w\n"))
    out = read_one(write(tmp_path, "b.csv", f'title,text\nonly a title\n"t","{BODY}"\n"t2","{BODY}",extra\n'))
    assert [type(x).__name__ for x in out] == ["Failure", "Article", "Failure"]
    assert "no text in field 'text'" in out[0].reason and "more values" in out[2].reason


def test_csv_with_a_huge_field_then_a_good_row(tmp_path: Path) -> None:
    data = f'text,title\n"{"word " * 200_000}",big\n"{BODY}",good\n'
    out = read_one(write(tmp_path, "a.csv", data))
    assert isinstance(out[0], Failure) and "max_article_bytes=500,000" in out[0].reason
    assert isinstance(out[-1], Article) and out[-1].raw == BODY


def test_article_over_the_limit_names_the_setting(tmp_path: Path) -> None:
    p = write(tmp_path, "a.jsonl", json.dumps({"text": BODY * 20}) + "\n" + json.dumps({"text": BODY}) + "\n")
    out = read_one(p, Settings(max_article_bytes=1000))
    assert isinstance(out[0], Failure) and "max_article_bytes=1,000" in out[0].reason
    assert "EVENTWIRE_MAX_ARTICLE_BYTES" in out[0].reason and isinstance(out[1], Article)
    with pytest.raises(InputError, match="max_bytes=100"):
        read_one(p, Settings(max_bytes=100))


def test_rss_item_whose_body_is_only_a_comment(tmp_path: Path) -> None:
    rss = ("<rss><channel><item><title>a</title><description><![CDATA[<!-- nothing -->]]></description></item>"
           f"<item><title>b</title><description><![CDATA[<p>{BODY}</p>]]></description></item></channel></rss>")
    out = read_one(write(tmp_path, "f.rss", rss))
    assert isinstance(out[0], Failure) and "no text" in out[0].reason and out[1].raw == BODY


def test_html_with_500k_entities_ends_in_bounded_time(tmp_path: Path) -> None:
    html = "<html><body><article><p>" + BODY + " " + "&amp; " * 500_000 + "</p></article></body></html>"
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="max_article_bytes"):
        read_one(write(tmp_path, "a.html", html))
    assert time.perf_counter() - t0 < 60  # generous: seconds on a laptop, minutes before


def test_billion_laughs_and_xxe_are_refused(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{lol}]><rss><channel><item>' \
           "<description>&l9;</description></item></channel></rss>"
    with pytest.raises(InputError, match="broken XML"):
        read_one(write(tmp_path, "bomb.xml", bomb))
    secret = write(tmp_path, "secret.txt", "TOP-SECRET-VALUE")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]><rss><channel><item>'
           f"<description>{BODY} &x;</description></item></channel></rss>")
    try:
        out = read_one(write(tmp_path, "xxe.xml", xxe))
    except InputError:
        return
    assert all("TOP-SECRET" not in a.raw for a in articles(out))


@pytest.mark.parametrize(
    "data",
    [b"[" * 5000, b'{"text": "' + b"\\" * 3 + b'"}', b"\xff\xfe\x00", b"<rss>" * 3000, b"\x00" * 10,
     b"---\r\ntitle: [unclosed\r\n---\r\nbody", b"text\r\n\"unclosed", "\ud800".encode("utf-8", "surrogatepass"),
     b'{"text": "a b c d e", "n": ' + b"7" * 5000 + b"}", b"text,id\r\n" + b"a\x00b,1\r\n"],
)
@pytest.mark.parametrize("ext", [".json", ".jsonl", ".csv", ".xml", ".md", ".txt", ".html"])
def test_readers_raise_only_their_own_errors(tmp_path: Path, data: bytes, ext: str) -> None:
    try:
        out = read_one(write(tmp_path, "x" + ext, data))
    except EventwireError:
        return
    assert all(isinstance(x, Article | Failure) for x in out)


# --- memory: batches by characters --------------------------------------------------------------------------------


def test_batches_are_sized_by_characters() -> None:
    from eventwire.batch import _chunks
    from eventwire.pipeline import Pipeline

    lengths = [150_000, 150_000, 10_000, 10_000, 10_000, 400_000, 5_000]
    arts = [Article.make(f"Report {i}. " + "x" * (n - 10)) for i, n in enumerate(lengths)]
    chunks = list(_chunks(arts, 32, 200_000))
    assert [len(c) for c in chunks] == [1, 4, 1, 1]  # a long article is a batch of its own
    assert all(sum(len(a.raw) for a in c) <= 200_000 or len(c) == 1 for c in chunks)
    assert [len(c) for c in _chunks(arts, 2, 10**9)] == [2, 2, 2, 1]  # the count still bounds a batch

    seen: list[int] = []

    class Recording(Pipeline):
        def _run_batch(self, articles, on_error):  # noqa: ANN001, ANN202
            seen.append(sum(len(a.raw) for a in articles))
            return iter(())

    list(Recording(Settings(batch_chars=200_000), stages=[]).pipe(arts))
    assert seen == [150_000, 180_000, 400_000, 5_000]

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.ingest import decode, parse, read_one, read_paths
from eventwire.model import Article, Failure
from eventwire.settings import Settings

BODY = "Rebels attacked the town of Sake on Monday, killing three soldiers, the army said."


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def test_text_with_header_block(tmp_path: Path) -> None:
    p = write(tmp_path, "a.txt", f"Title: Sake attack\nPublished: 8 Feb 2024\nSource: Wire\n\n{BODY}\n")
    [a] = read_one(p)
    assert isinstance(a, Article)
    assert (a.title, a.published, a.source) == ("Sake attack", "2024-02-08", "Wire")
    assert a.raw.strip() == BODY and a.origin == str(p)


def test_text_without_header_takes_the_fallback_date(tmp_path: Path) -> None:
    p = write(tmp_path, "a.txt", "Title of nothing: not a header\n" + BODY)
    [a] = read_one(p, published="2024-02-09")
    assert a.published == "2024-02-09" and a.raw.startswith("Title of nothing")


def test_html_metadata_and_boilerplate(tmp_path: Path) -> None:
    html = f"""<html><head><title>Sake attack</title>
    <meta property="article:published_time" content="2024-02-08T10:00:00Z">
    <link rel="canonical" href="https://example.org/sake"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Sake attack</h1><p>{BODY}</p>
    <p>The rebels withdrew in the evening, residents said, after a day of heavy fighting.</p></article>
    <footer>Privacy policy</footer></body></html>"""
    [a] = read_one(write(tmp_path, "a.html", html))
    assert a.published == "2024-02-08" and a.url == "https://example.org/sake" and a.title == "Sake attack"
    assert BODY in a.raw and "Privacy" not in a.raw and "Sport" not in a.raw


def test_json_list_object_and_configurable_fields(tmp_path: Path) -> None:
    recs = [{"body": BODY, "date": "2024-02-08", "headline": "x"}, {"body": "   "}]
    s = Settings(text_field="body", published_field="date", title_field="headline")
    out = read_one(write(tmp_path, "a.json", json.dumps(recs)), s)
    assert isinstance(out[0], Article) and out[0].published == "2024-02-08" and out[0].title == "x"
    assert isinstance(out[1], Failure) and "no text" in out[1].reason
    [b] = read_one(write(tmp_path, "b.json", json.dumps({"articles": [{"text": BODY}]})))
    assert isinstance(b, Article)


def test_jsonl_bad_line_is_a_failure_and_reading_goes_on(tmp_path: Path) -> None:
    data = json.dumps({"text": BODY}) + "\n{broken\n" + json.dumps({"text": BODY + " Again."}) + "\n"
    out = read_one(write(tmp_path, "a.jsonl", data))
    assert [type(x).__name__ for x in out] == ["Article", "Failure", "Article"]
    assert "broken JSON" in out[1].reason and out[1].origin.endswith(":2")


def test_csv_and_missing_column(tmp_path: Path) -> None:
    out = read_one(write(tmp_path, "a.csv", f'text,published\n"{BODY}",2024-02-08\n'))
    assert out[0].published == "2024-02-08"
    with pytest.raises(InputError, match="no column 'text'"):
        read_one(write(tmp_path, "b.csv", "notes,date\nx,y\n"))


def test_rss_and_atom(tmp_path: Path) -> None:
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>One</title><link>https://e.org/1</link><pubDate>Thu, 08 Feb 2024 10:00:00 GMT</pubDate>
    <description>{BODY}</description></item><item><title>Empty</title></item></channel></rss>"""
    out = read_one(write(tmp_path, "f.rss", rss))
    assert out[0].url == "https://e.org/1" and out[0].published == "2024-02-08"
    assert isinstance(out[1], Failure)
    atom = f"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>
    <link href="https://e.org/a"/><published>2024-02-08T00:00:00Z</published><content>{BODY}</content></entry></feed>"""
    [a] = read_one(write(tmp_path, "f.atom", atom))
    assert a.url == "https://e.org/a"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\n", "empty"),
        ("bin.txt", bytes(range(256)) * 4, "binary"),
        ("broken.json", b'{"text": "abc', "broken JSON"),
        ("broken.html", b"just some words without any markup at all", "not HTML"),
        ("nobody.html", b"<html><body><nav>Home</nav></body></html>", "no article text"),
        ("broken.xml", b"<?xml version='1.0'?><rss><channel><item>", "broken XML"),
        ("date.txt", b"Published: sometime soon\n\n" + BODY.encode(), "not a date"),
    ],
)
def test_bad_files_raise_one_clear_error(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_one(write(tmp_path, name, data))


def test_huge_file_is_refused(tmp_path: Path) -> None:
    p = write(tmp_path, "huge.txt", "x" * 2000)
    with pytest.raises(InputError, match="too large"):
        read_one(p, Settings(max_bytes=1000))


def test_legacy_encodings_are_decoded() -> None:
    text = "Les rebelles ont attaqué la ville de Sake, a déclaré l'armée congolaise lundi soir."
    assert decode(text.encode("cp1252"), "x").text == text
    assert decode(text.encode("utf-16"), "x").text == text
    assert decode(b"\xef\xbb\xbf" + text.encode(), "x").text == text


def test_folders_are_walked_and_failures_recorded(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "sub/b.txt".replace("/", "_"), b"")
    write(tmp_path, "ignored.bin", b"\x00\x01")
    out = list(read_paths([tmp_path, tmp_path / "missing.txt"]))
    kinds = sorted(type(x).__name__ for x in out)
    assert kinds == ["Article", "Failure", "Failure", "Failure"]  # the empty file, ignored.bin, missing.txt
    assert any("skipped: no reader for .bin" in x.reason for x in out if isinstance(x, Failure))
    assert any("no such file" in x.reason for x in out if isinstance(x, Failure))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from(["", ".txt", ".md", ".json", ".jsonl", ".csv", ".html", ".xml"]))
def test_no_input_crashes_the_reader(data: bytes, ext: str) -> None:
    try:
        text = decode(data, "x")
        out = list(parse(text, "x", ext, Settings(), None))
    except InputError:
        return
    assert all(isinstance(o, Article | Failure) for o in out)


MARKDOWN = """---
title: "Statement on the\\_situation in Sake"
published_time: 2024-02-08 12:19:38-05:00
source_url: https://example.org/statements/sake
tags: [statements]
---

# Statement on Sake

Rebels **attacked** the town of [Sake](https://example.org/sake) on Monday,
killing three soldiers, the army said.

![A burnt truck](truck.jpg)

- Aid groups said roads were closed.
- The UN called for calm.

```
code is not article text
```
"""


def test_markdown_front_matter_and_body(tmp_path: Path) -> None:
    [a] = read_one(write(tmp_path, "a.md", MARKDOWN))
    assert a.title == "Statement on the situation in Sake"  # YAML's \\_ is a no-break space
    assert (a.published, a.url) == ("2024-02-08", "https://example.org/statements/sake")
    paragraphs = a.raw.split("\n\n")
    assert paragraphs == [
        "Statement on Sake",
        BODY,  # emphasis and link syntax gone, the hard-wrapped line joined
        "Aid groups said roads were closed.",
        "The UN called for calm.",
    ]


def test_markdown_on_stdin_is_sniffed() -> None:
    [a] = list(parse(MARKDOWN, "-", "", Settings(), None))
    assert a.url == "https://example.org/statements/sake" and a.raw.startswith("Statement on Sake\n\n")


def test_markdown_toml_front_matter_and_none(tmp_path: Path) -> None:
    [a] = read_one(write(tmp_path, "a.md", f'+++\ntitle = "Sake"\ndate = 2024-02-08\n+++\n{BODY}\n'))
    assert (a.title, a.published, a.raw) == ("Sake", "2024-02-08", BODY)
    [b] = read_one(write(tmp_path, "b.markdown", f"*{BODY}*\n"), published="2024-02-09")
    assert (b.title, b.published, b.raw) == (None, "2024-02-09", BODY)


@pytest.mark.parametrize(
    "data, message",
    [
        ("---\ntitle: [unclosed\n---\n" + BODY, "broken front matter"),
        ("---\ntitle: x\n" + BODY, "never closed"),
        ("---\n- a\n- b\n---\n" + BODY, "not a mapping"),
        ("---\ntitle: x\n---\n![only an image](x.png)\n", "empty text"),
        ("---\ndate: someday soon\n---\n" + BODY, "a.md"),
    ],
)
def test_bad_markdown_is_one_clear_error(tmp_path: Path, data: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as e:
        read_one(write(tmp_path, "a.md", data))
    assert "\n" not in str(e.value)

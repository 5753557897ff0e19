"""Case restoration: a caseless text is parsed from a truecased copy of the same length."""

from __future__ import annotations

import pytest

from eventwire import truecase

CASED = ("Rebels of the Example Front attacked a police post in Kandahar on Monday, and the Taliban said "
         "NATO troops had left Kabul.")


def test_detects_caseless_texts() -> None:
    assert truecase.is_caseless(CASED) is None
    assert truecase.is_caseless(CASED.lower()) == "lower"
    assert truecase.is_caseless(CASED.upper()) == "upper"
    assert truecase.is_caseless("ok") is None


def test_restores_words_and_phrases_with_the_same_length() -> None:
    table = truecase.Table(words={"kandahar": "Kandahar", "nato": "NATO", "monday": "Monday"},
                           phrases={("example", "front"): "Example Front"})
    low = CASED.lower()
    out = truecase.restore(low, table)
    assert len(out) == len(low) and out.lower() == low
    assert out.startswith("Rebels of the Example Front attacked")
    assert "in Kandahar on Monday" in out and "NATO troops" in out
    upper = truecase.restore(CASED.upper(), table)
    assert "in Kandahar on Monday" in upper and upper.lower() == low


def test_dotted_abbreviations_are_restored_and_end_no_sentence() -> None:
    table = truecase.Table(words={"u.s.": "U.S.", "u.n.": "U.N.", "kabul": "Kabul"}, phrases={})
    low = "officials said the u.s. military will leave kabul. the u.n. envoy met u.s. troops there."
    out = truecase.restore(low, table)
    assert len(out) == len(low) and out.lower() == low
    assert out == "Officials said the U.S. military will leave Kabul. The U.N. envoy met U.S. troops there."
    table = truecase.Table(words={"ky.": "Ky.", "wash.": "Wash.", "dayton": "Dayton"}, phrases={})
    out = truecase.restore("police in dayton, ky., said the crews wash. the trucks there.", table)
    assert out == "Police in Dayton, Ky., said the crews wash. The trucks there."  # a state's only after a town


def test_the_country_us_after_an_article_or_in_a_compound() -> None:
    low = "he told us that the us military and a us soldier in us-led forces would help us."
    out = truecase.restore(low, truecase.Table(words={}, phrases={}))
    assert out == "He told us that the US military and a US soldier in US-led forces would help us."


def test_possessives_and_compounds_are_restored_by_their_parts() -> None:
    table = truecase.Table(words={"europe": "Europe", "kent": "Kent", "london": "London", "paris": "Paris"},
                           phrases={})
    low = "europe’s airlines and kent's teams took the paris-london train; a kent-based firm's bid."
    out = truecase.restore(low, table)
    assert len(out) == len(low)
    assert out == "Europe’s airlines and Kent's teams took the Paris-London train; a Kent-based firm's bid."


def test_cased_text_is_left_alone_but_a_line_in_capitals_is_restored() -> None:
    table = truecase.Table(words={"kandahar": "Kandahar"}, phrases={})
    assert truecase.restore(CASED, table) is CASED
    text = "GUNMEN STORM POLICE POST IN KANDAHAR\n" + CASED
    out = truecase.restore(text, table)
    assert out.split("\n")[0] == "Gunmen storm police post in Kandahar"
    assert out.split("\n")[1] == CASED


@pytest.mark.slow
def test_built_table_knows_places_actors_and_common_words() -> None:
    t = truecase.load()
    assert t.words.get("kabul") == "Kabul" and t.words.get("isis") == "ISIS"
    assert "reading" not in t.words and "is" not in t.words and "us" not in t.words


@pytest.mark.slow
def test_lower_case_article_keeps_its_places_and_offsets(pipeline) -> None:
    from eventwire import extract

    low = CASED.lower()
    doc = extract(low, published="2024-03-04")
    assert doc.text == low
    assert {"kandahar", "kabul"} <= {p.text for p in doc.places if p.lat is not None}
    for p in doc.places:
        assert low[p.start:p.end] == p.text
    for a in doc.actors:
        for m in a.mentions:
            assert low[m.start:m.end] == m.text
    for e in doc.events:
        assert low[e.evidence.start:e.evidence.end] == e.evidence.text


def test_gazetteer_names_give_their_unmarked_and_other_spellings():
    from eventwire.truecase import _capitalised, _unmarked

    assert _unmarked("Khān Yūnis") == "Khan Yunis" and _unmarked("Kabul") is None
    assert _capitalised("al-bab") == "Al-Bab" and _capitalised("deir ez zor") == "Deir Ez Zor"


def test_words_capitalised_only_in_names_and_headings_stay_common_words():
    from eventwire.truecase import load, restore

    table = load()
    text = "troops moved into southern rafah on monday, the federal police said."
    out = restore(text, table)
    assert "Rafah" in out and "southern" in out and "federal" in out and len(out) == len(text)

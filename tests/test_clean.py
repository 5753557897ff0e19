from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eventwire.clean import clean_text

WIRE = """Rebels seized the town of Bunia on Monday, residents said.

Residents flee Bunia on Monday (AP Photo/Jane Doe)

Read more: Congo's long war

The army said it would retake the town "within days".
Share this article
Facebook Twitter WhatsApp Email
ADVERTISEMENT
"""

TASS_STYLE = """Moscow, March 3. Russian forces struck fuel depots near Kramatorsk, the ministry said.
Russian Defense Ministry building in Moscow. Photo: TASS
The ministry gave no figures for casualties.
The Defense Ministry building in Moscow Photo: TASS/Archive
"""

LONG_PARAGRAPH = (
    "The ceasefire, agreed in Doha after weeks of talks between the two sides and mediated by Qatar and Egypt, "
    "was broken on Tuesday when shelling resumed along the front line north of the city, according to "
    "witnesses and local officials who spoke on condition of anonymity because they were not authorized. "
    "(Photo: AFP)"
)


def removed_reasons(text: str) -> dict[str, str]:
    return {r.text: r.reason for r in clean_text(text)[1]}


def test_wire_layout() -> None:
    text, removed = clean_text(WIRE)
    assert "Rebels seized the town of Bunia" in text
    assert '"within days"' in text
    for junk in ("AP Photo", "Read more", "Share this", "WhatsApp", "ADVERTISEMENT"):
        assert junk not in text
    reasons = {r.reason for r in removed}
    assert {"photo caption with credit", "web layout line", "share widget"} <= reasons


def test_caption_credits_and_their_repeats() -> None:
    text, removed = clean_text(TASS_STYLE)
    assert "Photo: TASS" not in text
    assert "struck fuel depots" in text and "gave no figures" in text
    assert len([r for r in removed if "caption" in r.reason]) == 2


def test_a_long_paragraph_loses_only_its_credit() -> None:
    text, removed = clean_text(LONG_PARAGRAPH)
    assert "ceasefire" in text and "AFP" not in text
    assert [r.reason for r in removed] == ["photo/graphic credit"]


def test_bylines_and_stray_post_lines() -> None:
    text, removed = clean_text("By Jane Doe and John Roe, Reuters\npost\nTroops entered the city.\n")
    assert text == "Troops entered the city."
    assert {r.reason for r in removed} == {"byline", "web layout line"}


def test_article_lines_that_mention_photos_or_sharing_stay() -> None:
    body = "Police shared a photo of the suspect on Monday.\nProtesters said they would post updates."
    text, removed = clean_text(body)
    assert text == body and removed == []


def test_control_characters_and_crlf() -> None:
    text, _ = clean_text("Troops\x00 entered\r\nthe city.\u200b")
    assert text == "Troops entered\nthe city."


@given(st.text(max_size=300))
def test_cleaning_never_crashes_and_removes_only_what_it_reports(raw: str) -> None:
    text, removed = clean_text(raw)
    assert isinstance(text, str)
    assert all(r.reason and r.text for r in removed)

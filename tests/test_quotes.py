"""Quotes: quote-mark scanning, attribution frames, speakers resolved to actors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.model import Actor, Document, Mention
from eventwire.quotes import QuoteStage, find_quotes, load_lexicon, scan_quotes


def _texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in scan_quotes(text)]


# ---- quote marks --------------------------------------------------------------------------------


def test_straight_and_curly_marks() -> None:
    assert _texts('He said "we will win." Then he left.') == ["we will win."]
    assert _texts("“A,” he said. “B.”") == ["A,", "B."]
    assert _texts("«Bonjour», dit-il.") == ["Bonjour"]


def test_apostrophes_are_not_quote_marks() -> None:
    assert _texts("Clinton’s voters’ concerns don’t matter, it’s the ’90s.") == []
    assert _texts("It’s ‘in their heads.’ Fine.") == ["in their heads."]


def test_nested_quote_of_another_family_stays_inside() -> None:
    assert _texts('"outer “inner” more" after') == ["outer “inner” more"]


def test_quote_over_paragraphs_without_closing_mark() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph,” he said."
    assert _texts(text) == ["First paragraph of the quote.\n\n“Second paragraph,"]


def test_unbalanced_marks() -> None:
    # left open: runs to the end of the paragraph
    assert _texts('"We will never give up, he said\nNext paragraph.') == ["We will never give up, he said"]
    # closed but never opened: starts at the paragraph
    assert _texts("We will never give up,” he said.") == ["We will never give up,"]


def test_spans_lie_inside_the_text() -> None:
    for text in ['"', "“", '" "', "”“", "a ‘ b", '"a\n\n"b', "‚x‘"]:
        for s in scan_quotes(text):
            assert 0 <= s.start <= s.end <= len(text)


# ---- frames and quotes (spaCy model) -------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp():
    from eventwire.nlp import load_model

    return load_model()


def _quotes(nlp, text: str, actors: list[Actor] | None = None):
    doc = Document(id="t", text=text, actors=actors or [])
    return find_quotes(doc, nlp(text))


def _actor(aid: str, name: str, text: str, kind: str | None = None) -> Actor:
    mentions = []
    start = text.find(name)
    while start >= 0:
        mentions.append(Mention(text=name, start=start, end=start + len(name)))
        start = text.find(name, start + 1)
    return Actor(id=aid, name=name, kind=kind, mentions=mentions)


@pytest.mark.slow
def test_direct_quote_speaker_after(nlp) -> None:
    text = "“We will not leave the oil fields,” the general said on Saturday."
    (q,) = _quotes(nlp, text)
    assert q.kind == "direct"
    assert q.text == "We will not leave the oil fields,"
    assert q.cue == "say" and q.speaker_text == "the general"
    assert text[q.start:q.end] == q.text and text[q.speaker_start:q.speaker_end] == "the general"


@pytest.mark.slow
def test_direct_quote_speaker_before_with_colon(nlp) -> None:
    text = 'The minister told reporters: "The border will stay closed until further notice."'
    (q,) = _quotes(nlp, text)
    assert q.kind == "direct" and q.text.startswith("The border will stay closed")
    assert q.speaker_text == "The minister" and q.cue == "tell"


@pytest.mark.slow
def test_quote_split_by_its_attribution_is_one_quote(nlp) -> None:
    text = '"We plan to stay," Smith said. "Nobody will make us leave."\n\nOther news.'
    (q,) = _quotes(nlp, text)
    assert q.text.startswith("We plan to stay") and q.text.endswith("Nobody will make us leave.")
    assert q.speaker_text == "Smith"


@pytest.mark.slow
def test_attribution_between_quote_and_long_speaker_phrase(nlp) -> None:
    text = ('"The campaign will take several weeks." , General Kenneth McKenzie, commander of the '
            "US Central Command, said on the sidelines of the Manama Dialogue.")
    (q,) = _quotes(nlp, text)
    assert q.text == "The campaign will take several weeks."
    assert "McKenzie" in q.speaker_text


@pytest.mark.slow
def test_colon_then_quote_in_next_paragraph(nlp) -> None:
    text = "Pruitt continued:\n\n“The water issue is now a regional issue.”\n\nThe end."
    (q,) = _quotes(nlp, text)
    assert q.speaker_text == "Pruitt" and q.cue == "continue"


@pytest.mark.slow
def test_scare_quotes_alone_are_not_quotes(nlp) -> None:
    assert _quotes(nlp, 'The so-called "peace plan" was never published.') == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        ("The ministry said that the strikes killed 12 civilians.", "that the strikes killed 12 civilians",
         "The ministry", "say"),
        ("Officials said the convoy was hit near the border.", "the convoy was hit near the border",
         "Officials", "say"),
        ("The army denied that its troops had fired on protesters.", "that its troops had fired on protesters",
         "The army", "deny"),
        ("Russia accused the United States of stealing Syrian oil.", "the United States of stealing Syrian oil",
         "Russia", "accuse"),
        ("The UN warned that the famine could spread to three more provinces.",
         "that the famine could spread to three more provinces", "The UN", "warn"),
        ("According to local officials, at least 30 people died in the attack.",
         "at least 30 people died in the attack", "local officials", "according to"),
    ],
)
def test_reported_speech(nlp, text: str, content: str, speaker: str, cue: str) -> None:
    (q,) = _quotes(nlp, text)
    assert q.kind == "indirect"
    assert q.text == content and q.speaker_text == speaker and q.cue == cue


@pytest.mark.slow
def test_called_phrase_is_the_content(nlp) -> None:
    text = ("The Russian Defense Ministry called the US soldiers' control of oil fields in eastern Syria "
            '"a state-level robbery".')
    (q,) = _quotes(nlp, text)
    assert q.cue == "call" and "state-level robbery" in q.text and q.text.startswith("the US soldiers' control")
    assert q.speaker_text == "The Russian Defense Ministry"


@pytest.mark.slow
def test_nested_attribution_is_not_a_second_quote(nlp) -> None:
    quotes = _quotes(nlp, "The senator said the president believes the war is over.")
    assert len(quotes) == 1 and quotes[0].speaker_text == "The senator"


# ---- speakers -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_speaker_resolved_to_actor_by_head(nlp) -> None:
    text = "US Defense Department spokesman Jonathan Hoffman said the country did not profit from Syrian oil."
    actors = [_actor("a1", "US Defense Department", text, "government"), _actor("a2", "Jonathan Hoffman", text)]
    (q,) = _quotes(nlp, text, actors)
    assert q.speaker == "a2"


@pytest.mark.slow
def test_pronoun_speaker_resolved_to_preceding_person(nlp) -> None:
    text = ("General Kenneth McKenzie visited Bahrain, where the Pentagon holds talks. "
            "“There are about 500 US soldiers in Syria,” he said.")
    actors = [_actor("p", "the Pentagon", text, "government"), _actor("m", "General Kenneth McKenzie", text, "person")]
    (q,) = _quotes(nlp, text, actors)
    assert q.speaker_text == "he" and q.speaker == "m"


@pytest.mark.slow
def test_pronoun_person_known_by_entity_label_when_kind_unknown(nlp) -> None:
    text = "John Smith met officials of Oxfam. He said the aid had arrived."
    actors = [_actor("s", "John Smith", text), _actor("o", "Oxfam", text)]
    (q,) = _quotes(nlp, text, actors)
    assert q.speaker == "s"


@pytest.mark.slow
def test_report_said_resolved_to_the_organisation_that_released_it(nlp) -> None:
    text = ("In a report released on November 19, the Pentagon said that IS members could rebuild. "
            '"IS can build a secret network," the report said.')
    actors = [_actor("pent", "the Pentagon", text, "government")]
    quotes = _quotes(nlp, text, actors)
    direct = [q for q in quotes if q.kind == "direct"]
    assert direct and direct[0].speaker_text == "the report" and direct[0].speaker == "pent"
    assert all(q.speaker == "pent" for q in quotes)


@pytest.mark.slow
def test_no_actors_leaves_speaker_text_only(nlp) -> None:
    (q,) = _quotes(nlp, "“We are ready,” he said.")
    assert q.speaker is None and q.speaker_text == "he"


# ---- lexicon and stage --------------------------------------------------------------------------


def test_lexicon_classes_and_user_override(tmp_path) -> None:
    lex = load_lexicon()
    assert "say" in lex.classes("say") and "think" in lex.classes("believe")
    assert lex.classes("eat") == frozenset() and "report" in lex.report_nouns
    (tmp_path / "speech_verbs.txt").write_text("# mine\nshout say\n", encoding="utf-8")
    mine = load_lexicon(tmp_path)
    assert mine.classes("shout") == {"say"} and mine.classes("say") == frozenset()


def test_bad_lexicon_line_is_a_config_error(tmp_path) -> None:
    from eventwire.errors import ConfigError

    (tmp_path / "speech_verbs.txt").write_text("say\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_lexicon(tmp_path)


def test_stage_declares_its_contract() -> None:
    assert QuoteStage.name == "quotes.v2"
    assert QuoteStage.requires == ("parse", "actors") and QuoteStage.assigns == ("quotes",)


def test_stage_without_parse_raises() -> None:
    from eventwire.errors import StageError
    from eventwire.model import Article
    from eventwire.pipeline import Work
    from eventwire.settings import Settings

    art = Article.make("text")
    with pytest.raises(StageError):
        QuoteStage(Settings())(Work(article=art, doc=Document.from_article(art)))


@pytest.mark.slow
def test_quote_ids_in_text_order(nlp) -> None:
    text = '"First," she said. Officials said the talks failed. "Second," he added.'
    quotes = _quotes(nlp, text)
    assert [q.id for q in quotes] == [f"q{i + 1}" for i in range(len(quotes))]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        ("The senator's call for a ceasefire was ignored.", "a ceasefire", "The senator", "call"),
        ("The governor made the case that the dam was safe.", "that the dam was safe", "The governor", "case"),
    ],
)
def test_speech_nouns(nlp, text: str, content: str, speaker: str, cue: str) -> None:
    (q,) = _quotes(nlp, text)
    assert q.text == content and q.speaker_text == speaker and q.cue == cue


@pytest.mark.slow
def test_gerund_after_preposition_takes_the_main_subject(nlp) -> None:
    (q,) = _quotes(nlp, "The mayor won the vote by promising that taxes would fall.")
    assert q.speaker_text == "The mayor" and q.cue == "promise"


@pytest.mark.slow
def test_dates_and_amounts_are_not_stance_objects(nlp) -> None:
    assert _quotes(nlp, "The candidates debated on Tuesday night.") == []


@pytest.mark.slow
def test_headline_name_colon(nlp) -> None:
    text = ("EXCLUSIVE – Dana Whitmore: Don’t Believe the Early Polls.\n\n"
            "Halvorsen: Democrats Are Retreating.\n\nText.")
    quotes = _quotes(nlp, text)
    assert [(q.speaker_text, q.cue) for q in quotes] == [("Dana Whitmore", ":"), ("Halvorsen", ":")]
    assert quotes[0].text == "Don’t Believe the Early Polls"


@pytest.mark.slow
def test_as_x_noted(nlp) -> None:
    (q,) = _quotes(nlp, "But as Clyburn noted, those voters will give Sanders a second look if he starts winning.")
    assert q.speaker_text == "Clyburn" and q.text.startswith("those voters will give Sanders")


@pytest.mark.slow
def test_inner_quote_cue_cuts_the_outer_content(nlp) -> None:
    text = ("Carson said he saw no need to change his campaign, telling reporters that “we tell the truth, "
            "we deal with the issues” and that he had seen support from voters.")
    quotes = _quotes(nlp, text)
    outer = next(q for q in quotes if q.cue == "say")
    assert outer.text == "he saw no need to change his campaign"
    direct = next(q for q in quotes if q.kind == "direct")
    assert direct.cue == "tell" and direct.text == "we tell the truth, we deal with the issues"


@pytest.mark.slow
def test_evidential_has_no_source_and_keeps_its_clause(nlp) -> None:
    (q,) = _quotes(nlp, "The 104-page document appears to be the most complete account to date.")
    assert q.speaker_text is None and q.speaker is None and q.cue == "appear"
    assert q.text.startswith("The 104-page document appears to be")


@pytest.mark.slow
def test_passive_report_without_agent(nlp) -> None:
    (q,) = _quotes(nlp, "It was reported that the talks had collapsed.")
    assert q.speaker is None and q.cue == "report" and "the talks had collapsed" in q.text


# ---- invariants ---------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    '"', "“", "”", "‘", "’", "'", "«", "»", " ", "\n", "\n\n", ",", ".", ":", "he said", "Smith told reporters",
    "according to officials", "the report said", "We will win", "that", "it’s", "Clinton’s", "X", "called it",
])


@given(st.lists(_PIECES, max_size=40).map("".join))
@settings(max_examples=200, deadline=None)
def test_scanned_spans_lie_inside_the_text_and_do_not_overlap(text: str) -> None:
    spans = scan_quotes(text)
    last = -1
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= last
        last = s.end


@pytest.mark.slow
@given(st.lists(_PIECES, max_size=30).map("".join))
@settings(max_examples=60, deadline=None)
def test_quotes_are_well_formed_for_any_text(text: str) -> None:
    from eventwire.nlp import load_model

    doc = Document(id="t", text=text)
    for q in find_quotes(doc, load_model()(text)):
        assert 0 <= q.start < q.end <= len(text) and q.text == text[q.start:q.end]
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
            assert q.speaker_text == text[q.speaker_start:q.speaker_end]


def test_title_case_line_detection() -> None:
    from eventwire.quotes.headlines import title_case_line

    assert title_case_line("Trump Slams Clinton Over Emails\n\nBody text.") == (0, 31)
    assert title_case_line("Trump slammed Clinton over her emails on Monday.\nMore.") is None
    assert title_case_line("Short Title\nBody") is None


@pytest.mark.slow
def test_title_case_headline_reparsed(nlp) -> None:
    text = "Sanders Says Clinton Is Unqualified To Be President\n\nThe body of the story follows here."
    doc = Document(id="t", text=text)
    (q,) = find_quotes(doc, nlp(text), nlp=nlp)
    assert q.cue == "say" and q.speaker_text == "Sanders" and q.text.startswith("Clinton Is Unqualified")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        ("The minister is confident that the talks will succeed.", "that the talks will succeed", "The minister",
         "confident"),
        ("Local leaders were critical of the new curfew.", "the new curfew", "Local leaders", "critical"),
    ],
)
def test_stance_adjectives(nlp, text: str, content: str, speaker: str, cue: str) -> None:
    (q,) = _quotes(nlp, text)
    assert q.text == content and q.speaker_text == speaker and q.cue == cue

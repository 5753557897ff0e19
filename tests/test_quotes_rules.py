"""Quotes: attribution rules added for broad attribution annotation (PolNeAR-style)."""

from __future__ import annotations

import pytest

from eventwire.model import Document
from eventwire.quotes import find_quotes, scan_quotes
from eventwire.quotes.marks import double_apostrophes


def test_double_apostrophes_are_quote_marks() -> None:
    text = "''We will win,'' he said, and ''soon.'' He's 5'11'' tall."
    assert [text[s.start:s.end] for s in scan_quotes(text)] == ["We will win,", "soon."]
    assert len(double_apostrophes(text)) == len(text)
    assert double_apostrophes("no marks here") == "no marks here"


@pytest.fixture(scope="module")
def nlp():
    from eventwire.nlp import load_model

    return load_model()


def _quotes(nlp, text: str):
    return find_quotes(Document(id="t", text=text, actors=[]), nlp(text))


@pytest.mark.slow
def test_new_sentence_with_its_own_cue_starts_a_new_quote(nlp) -> None:
    text = ("''We have shown the world what we can do,'' Mr. Obama said. African-Americans, he said, "
            "can ''rock like Jimi'' and ''stir the pot like Richard Pryor.''")
    qs = _quotes(nlp, text)
    assert qs[0].text == "We have shown the world what we can do,"
    assert all("Jimi" not in q.text for q in qs[:1]) and any("Jimi" in q.text for q in qs[1:])


@pytest.mark.slow
def test_signoff_dash_names_the_speaker(nlp) -> None:
    text = ("Readers answered.\n“He represents our greatest shame.” ― Sonya Herridge\n"
            "“Maybe we can build a wall around him.” ― Steve Quinlan\n")
    qs = _quotes(nlp, text)
    assert [(q.text, q.speaker_text) for q in qs] == [
        ("He represents our greatest shame.", "Sonya Herridge"),
        ("Maybe we can build a wall around him.", "Steve Quinlan"),
    ]


@pytest.mark.slow
def test_transcript_turns_are_quotes_of_their_speaker(nlp) -> None:
    text = ('The interview went as follows.\n\n"WALLACE: Will Gennifer Flowers be at the debate tomorrow?\n\n'
            '"PENCE: Gennifer Flowers will not be attending the debate. I think the choice is clear.\n')
    qs = _quotes(nlp, text)
    assert [q.speaker_text for q in qs] == ["WALLACE", "PENCE"]
    assert qs[1].text.startswith("Gennifer Flowers will not") and qs[1].text.endswith("the choice is clear")


@pytest.mark.parametrize("text, content", [
    ("The Democratic nominee has been endorsed by dozens of papers.", "The Democratic nominee"),
    ("Trump tells his supporters at a Michigan rally to go to the polls and watch.", "to go to the polls and watch"),
    ("A curfew was announced in the city on Sunday.", "A curfew"),
])
@pytest.mark.slow
def test_passive_and_addressee_contents(nlp, text: str, content: str) -> None:
    qs = _quotes(nlp, text)
    assert any(content in q.text for q in qs), [q.text for q in qs]


def test_mixed_double_marks_close_each_other() -> None:
    text = 'It would take "more hours” before details emerge, he said. "outer “inner” more" after'
    assert [text[s.start:s.end] for s in scan_quotes(text)] == ["more hours", "outer “inner” more"]


@pytest.mark.slow
def test_cue_verb_parsed_as_plural_noun(nlp) -> None:
    qs = _quotes(nlp, "But Trump claims that he should be the exception.")
    assert [(q.speaker_text, q.text) for q in qs] == [("Trump", "that he should be the exception")]


@pytest.mark.slow
def test_as_x_put_it(nlp) -> None:
    qs = _quotes(nlp, "As Ms. Simonyan put it, the network is providing a perspective you won't get elsewhere.")
    assert [(q.speaker_text, q.cue) for q in qs] == [("Ms. Simonyan", "put")]
    assert qs[0].text.startswith("the network is providing")


@pytest.mark.slow
def test_belief_verb_with_noun_object(nlp) -> None:
    qs = _quotes(nlp, "Most economists expect a sharp recession in the coming year.")
    assert [(q.speaker_text, q.text) for q in qs] == [("Most economists", "a sharp recession in the coming year")]


@pytest.mark.slow
def test_relative_clause_about_the_speaker_does_not_interrupt(nlp) -> None:
    text = ('"These are strange days," said Peter Morgan, a lawyer for the Sierra Club, who has been '
            'challenging the coal industry for years. "I am skeptical he can pull it off."')
    qs = _quotes(nlp, text)
    assert len(qs) == 1 and qs[0].text.endswith("pull it off.") and qs[0].speaker_text.startswith("Peter Morgan")


@pytest.mark.slow
def test_scare_quote_inside_narrative_does_not_continue_a_quote(nlp) -> None:
    text = ('"We need change," the New York businessman said, arguing that he will bring a "common-sense" '
            "approach to the demands of being commander in chief.")
    qs = _quotes(nlp, text)
    assert qs[0].text == "We need change,"
    assert any(q.cue == "argue" and q.text.startswith("that he will bring") for q in qs)


@pytest.mark.slow
def test_in_a_poll_names_the_source(nlp) -> None:
    qs = _quotes(nlp, "Voters are split. In this poll, Trump rose a point since the debate while Clinton fell.")
    assert any(q.speaker_text == "this poll" and q.text.startswith("Trump rose") for q in qs)
    qs = _quotes(nlp, "In a statement, the ministry said the border would stay closed.")
    assert [q.speaker_text for q in qs] == ["the ministry"]


@pytest.mark.slow
def test_parenthetical_cue_takes_the_whole_clause(nlp) -> None:
    text = "Back in Virginia, Mr. Clarke said, he decided to take aim at the coal industry's emissions."
    qs = _quotes(nlp, text)
    assert [(q.speaker_text, q.cue) for q in qs] == [("Mr. Clarke", "say")]
    assert "decided to take aim" in qs[0].text


@pytest.mark.slow
def test_colon_ties_quote_to_cue_before_it(nlp) -> None:
    text = ('In a statement, Peabody said: "Patriot Coal was highly successful when it became a public company," '
            "adding that its market value quadrupled in less than a year.")
    qs = _quotes(nlp, text)
    assert [(q.cue, q.kind) for q in qs] == [("say", "direct"), ("add", "indirect")]


@pytest.mark.slow
def test_verb_preposition_cue(nlp) -> None:
    qs = _quotes(nlp, "Reid has gone after Trump as a con artist for weeks.")
    assert [(q.speaker_text, q.cue) for q in qs] == [("Reid", "go after")]
    assert qs[0].text.startswith("Trump as a con artist")


def test_cue_lemma_from_the_word_form() -> None:
    from eventwire.quotes import load_lexicon

    lex = load_lexicon()
    assert lex.verb_lemma("hop", "hoping") == "hope"
    assert lex.verb_lemma("say", "said") == "say"
    assert lex.verb_lemma("walk", "walked") == "walk"  # no cue: the parser lemma stays


@pytest.mark.parametrize("text, speaker, content", [
    ("Protesters were frustrated that the city released only some of the footage.", "Protesters",
     "that the city released only some of the footage"),
    ("Lynch said the work can be hard, though she noted clients are beginning to demand diverse teams.",
     "she", "clients are beginning to demand diverse teams"),
    ("The senator said the deal was weak, adding that it would fail within a year.", "The senator",
     "that it would fail within a year"),
])
@pytest.mark.slow
def test_attributions_of_their_own(nlp, text: str, speaker: str, content: str) -> None:
    qs = _quotes(nlp, text)
    assert any(q.speaker_text == speaker and q.text == content for q in qs), [(q.speaker_text, q.text) for q in qs]


@pytest.mark.slow
def test_but_clause_stays_in_the_content(nlp) -> None:
    text = "The agency said the middle fifth paid 8.9 percent, but those in the bottom fifth paid 0.8 percent."
    qs = _quotes(nlp, text)
    assert [(q.speaker_text, q.text) for q in qs] == [
        ("The agency", "the middle fifth paid 8.9 percent, but those in the bottom fifth paid 0.8 percent")]


@pytest.mark.parametrize("text, speaker, content", [
    ("The mayor said the budget was balanced and urged residents to vote for the levy.", "The mayor",
     "the budget was balanced"),
    ("The governor is calling for the legislature to pass the bill before summer.", "The governor",
     "the legislature to pass the bill before summer"),
    ("The reporter asked the senator if he had been preparing for the job.", "The reporter",
     "if he had been preparing for the job"),
    ("The campaign pleaded with voters for their support.", "The campaign", "their support"),
    ("Less than a third agreed that the plan would work.", "Less than a third", "that the plan would work"),
    ("Prosecutors ordered a review of the case.", "Prosecutors", "a review of the case"),
])
@pytest.mark.slow
def test_contents_and_sources(nlp, text: str, speaker: str, content: str) -> None:
    qs = _quotes(nlp, text)
    assert any(q.speaker_text == speaker and q.text == content for q in qs), [(q.speaker_text, q.text) for q in qs]


@pytest.mark.parametrize("text", [
    "Delegate counts so far:\nSmith: 1,234\nJones: 987",  # a label and its value: nobody speaks
    "The minister told Reuters on Monday.",  # the organisation told is the audience
])
@pytest.mark.slow
def test_no_attribution(nlp, text: str) -> None:
    assert [(q.speaker_text, q.text) for q in _quotes(nlp, text)] == []


@pytest.mark.slow
def test_sourceless_passive_stops_before_a_coordinated_clause(nlp) -> None:
    text = "The measure was widely expected to pass, and the council voted for it on Monday."
    qs = _quotes(nlp, text)
    assert any(q.speaker_text is None and q.text == "The measure was widely expected to pass" for q in qs)


@pytest.mark.slow
def test_participle_between_the_parts_of_a_quote(nlp) -> None:
    text = '"We will win this state," Smith said, referring to the governor\'s race. "We have the votes."'
    qs = _quotes(nlp, text)
    assert qs[0].speaker_text == "Smith" and qs[0].text.endswith("We have the votes.")
    assert any(q.cue == "refer" and q.text == "the governor's race" and q.speaker_text == "Smith" for q in qs)

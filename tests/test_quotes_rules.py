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
    text = ("''We kept every promise we made to this town,'' Mrs. Delgado said. Young voters, she said, "
            "can ''sing like Aretha'' and ''shake things up like Little Richard.''")
    qs = _quotes(nlp, text)
    assert qs[0].text == "We kept every promise we made to this town,"
    assert all("Aretha" not in q.text for q in qs[:1]) and any("Aretha" in q.text for q in qs[1:])


@pytest.mark.slow
def test_signoff_dash_names_the_speaker(nlp) -> None:
    text = ("Readers answered.\n“She forgot where she came from.” ― Marta Quiroga\n"
            "“Let the voters decide in November.” ― Dale Pruitt\n")
    qs = _quotes(nlp, text)
    assert [(q.text, q.speaker_text) for q in qs] == [
        ("She forgot where she came from.", "Marta Quiroga"),
        ("Let the voters decide in November.", "Dale Pruitt"),
    ]


@pytest.mark.slow
def test_transcript_turns_are_quotes_of_their_speaker(nlp) -> None:
    text = ('The interview went as follows.\n\n"HOLLAND: Will Dana Whitmore be at the town hall tonight?\n\n'
            '"MORALES: Dana Whitmore will not be attending the town hall. I think the reasons are plain.\n')
    qs = _quotes(nlp, text)
    assert [q.speaker_text for q in qs] == ["HOLLAND", "MORALES"]
    assert qs[1].text.startswith("Dana Whitmore will not") and qs[1].text.endswith("the reasons are plain")


@pytest.mark.parametrize("text, content", [
    ("The Republican challenger has been endorsed by several unions.", "The Republican challenger"),
    ("Harris tells her volunteers at an Ohio rally to knock on doors and register voters.",
     "to knock on doors and register voters"),
    ("A curfew was announced in the city on Sunday.", "A curfew"),
])
@pytest.mark.slow
def test_passive_and_addressee_contents(nlp, text: str, content: str) -> None:
    qs = _quotes(nlp, text)
    assert any(content in q.text for q in qs), [q.text for q in qs]


def test_mixed_double_marks_close_each_other() -> None:
    text = 'It could take "several days” before results are known, she said. "outer “inner” more" after'
    assert [text[s.start:s.end] for s in scan_quotes(text)] == ["several days", "outer “inner” more"]


@pytest.mark.slow
def test_cue_verb_parsed_as_plural_noun(nlp) -> None:
    qs = _quotes(nlp, "But Harlan claims that he should be exempt from the rule.")
    assert [(q.speaker_text, q.text) for q in qs] == [("Harlan", "that he should be exempt from the rule")]


@pytest.mark.slow
def test_as_x_put_it(nlp) -> None:
    qs = _quotes(nlp, "As Mr. Okafor put it, the station is offering a view you cannot find anywhere else.")
    assert [(q.speaker_text, q.cue) for q in qs] == [("Mr. Okafor", "put")]
    assert qs[0].text.startswith("the station is offering")


@pytest.mark.slow
def test_belief_verb_with_noun_object(nlp) -> None:
    qs = _quotes(nlp, "Most economists expect a sharp recession in the coming year.")
    assert [(q.speaker_text, q.text) for q in qs] == [("Most economists", "a sharp recession in the coming year")]


@pytest.mark.slow
def test_relative_clause_about_the_speaker_does_not_interrupt(nlp) -> None:
    text = ('"These are hard times," said Laura Benning, a spokeswoman for the Prairie Water Alliance, who has been '
            'fighting the pipeline company for years. "I doubt he can get it done."')
    qs = _quotes(nlp, text)
    assert len(qs) == 1 and qs[0].text.endswith("get it done.") and qs[0].speaker_text.startswith("Laura Benning")


@pytest.mark.slow
def test_scare_quote_inside_narrative_does_not_continue_a_quote(nlp) -> None:
    text = ('"We need a fresh start," the Texas rancher said, arguing that he will bring a "no-nonsense" '
            "style to the duties of running the state.")
    qs = _quotes(nlp, text)
    assert qs[0].text == "We need a fresh start,"
    assert any(q.cue == "argue" and q.text.startswith("that he will bring") for q in qs)


@pytest.mark.slow
def test_in_a_poll_names_the_source(nlp) -> None:
    qs = _quotes(nlp, "Voters are divided. In this poll, Baker gained two points since the forum while Ortiz slipped.")
    assert any(q.speaker_text == "this poll" and q.text.startswith("Baker gained") for q in qs)
    qs = _quotes(nlp, "In a statement, the ministry said the border would stay closed.")
    assert [q.speaker_text for q in qs] == ["the ministry"]


@pytest.mark.slow
def test_parenthetical_cue_takes_the_whole_clause(nlp) -> None:
    text = "Back in Ohio, Ms. Rourke said, she chose to go after the steel mill's pollution."
    qs = _quotes(nlp, text)
    assert [(q.speaker_text, q.cue) for q in qs] == [("Ms. Rourke", "say")]
    assert "chose to go after" in qs[0].text


@pytest.mark.slow
def test_colon_ties_quote_to_cue_before_it(nlp) -> None:
    text = ('In a statement, Halvorsen said: "Northfield Mining grew quickly after it listed its shares," '
            "adding that its revenue doubled in less than two years.")
    qs = _quotes(nlp, text)
    assert [(q.cue, q.kind) for q in qs] == [("say", "direct"), ("add", "indirect")]


@pytest.mark.slow
def test_verb_preposition_cue(nlp) -> None:
    qs = _quotes(nlp, "Dalton has gone after Pryce as a fraud for months.")
    assert [(q.speaker_text, q.cue) for q in qs] == [("Dalton", "go after")]
    assert qs[0].text.startswith("Pryce as a fraud")


def test_cue_lemma_from_the_word_form() -> None:
    from eventwire.quotes import load_lexicon

    lex = load_lexicon()
    assert lex.verb_lemma("hop", "hoping") == "hope"
    assert lex.verb_lemma("say", "said") == "say"
    assert lex.verb_lemma("walk", "walked") == "walk"  # no cue: the parser lemma stays


@pytest.mark.parametrize("text, speaker, content", [
    ("Parents were upset that the school board released only part of the report.", "Parents",
     "that the school board released only part of the report"),
    ("Ferris said the job can be tiring, though she noted customers are starting to ask for local produce.",
     "she", "customers are starting to ask for local produce"),
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

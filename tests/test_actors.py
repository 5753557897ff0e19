"""Actors: dictionary tables, linking by dictionary, patterns and people, credits."""

from __future__ import annotations

import pytest

from eventwire.actors import ActorStage, load_dictionary
from eventwire.actors.credits import is_credit
from eventwire.actors.stage import link_actors
from eventwire.errors import ConfigError
from eventwire.model import Actor


@pytest.fixture(scope="module")
def nlp():
    from eventwire.nlp import load_model

    return load_model()


@pytest.fixture(scope="module")
def link(nlp):
    dic = load_dictionary()

    def run(text: str) -> list[Actor]:
        return link_actors(nlp(text), text, dic)

    return run


def by_mention(actors: list[Actor], text: str) -> Actor:
    found = [a for a in actors if any(m.text == text for m in a.mentions)]
    assert found, f"no actor with mention {text!r}: {[(a.name, [m.text for m in a.mentions]) for a in actors]}"
    return found[0]


# --- dictionary ------------------------------------------------------------------------------

def test_dictionary_has_hundreds_of_valid_entries():
    dic = load_dictionary()
    assert len(dic.entries) >= 400
    assert len(dic.countries) >= 190
    hand = [e for e in dic.entries.values() if not e.generated]
    assert len(hand) >= 150
    for e in dic.entries.values():
        assert e.name, e.id
        assert e.inter is None or 1 <= e.inter <= 8, e.id
        assert e.country is None or len(e.country) == 3, e.id
        assert e.wikidata is None or e.wikidata.startswith("Q"), e.id


def test_state_rows_generated_for_every_country():
    dic = load_dictionary()
    for iso3 in dic.countries:
        for key in ("forces", "police", "government", "defence_ministry"):
            e = dic.state_entry(iso3, key)
            assert e is not None and e.country == iso3 and e.inter == 1
    assert dic.state_entry("USA", "forces").name == "Military Forces of the United States"
    assert dic.state_entry("RUS", "police").name == "Police Forces of Russia"


def test_override_row_merges_into_generated_row():
    dic = load_dictionary()
    dod = dic.entry("usa_defence_ministry")
    assert "Pentagon" in dod.aliases and dod.country == "USA" and dod.wikidata == "Q11209"
    assert "White House" in dic.entry("usa_government").aliases


def test_well_known_groups_and_aliases():
    dic = load_dictionary()
    isis = dic.entry("islamic_state")
    assert {"IS", "ISIS", "ISIL", "Daesh"} <= set(isis.aliases)
    for eid in ("sdf", "ypg", "hts", "taliban", "al_shabaab", "houthis", "hezbollah", "hamas", "wagner",
                "boko_haram", "iswap", "jnim", "m23", "rsf", "adf", "un", "unhcr", "nato", "au", "ecowas", "icrc",
                "msf"):
        assert dic.entry(eid) is not None, eid
    assert "Ansar Allah" in dic.entry("houthis").aliases


def test_user_data_dir_adds_and_overrides(tmp_path):
    (tmp_path / "actors.csv").write_text(
        "id,name,aliases,kind,country,inter,wikidata,descriptors\n"
        "example_front,Example Liberation Front,ELF-X|Example Front,rebel group,KEN,2,,\n"
        "taliban,,Talibs,,,,,\n",
        encoding="utf-8",
    )
    dic = load_dictionary(tmp_path)
    assert dic.entry("example_front").name == "Example Liberation Front"
    tal = dic.entry("taliban")
    assert tal.name == "Taliban" and "Talibs" in tal.aliases and "Taleban" in tal.aliases


def test_bad_user_table_raises_config_error(tmp_path):
    (tmp_path / "actors.csv").write_text("id,name\nx,Y\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_dictionary(tmp_path)
    bad = tmp_path / "b"
    bad.mkdir()
    (bad / "actors.csv").write_text(
        "id,name,aliases,kind,country,inter,wikidata,descriptors\nx,X,,rebel group,,9,,\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="inter"):
        load_dictionary(bad)


# --- linking -----------------------------------------------------------------------------------

def test_is_only_as_a_capitalized_token(link):
    actors = link("The situation is tense. IS fighters attacked a checkpoint. ISIS later claimed it.")
    isis = by_mention(actors, "ISIS")
    assert isis.name == "Islamic State" and isis.source == "dictionary" and isis.inter == 2
    assert [m.text for m in isis.mentions] == ["IS fighters", "ISIS"]
    assert all(m.text != "is" for a in actors for m in a.mentions)


def test_all_capitals_text_is_not_an_acronym(link):
    assert not [a for a in link("THIS IS WAR, SAYS THE CROWD.") if a.name == "Islamic State"]


def test_one_actor_per_entity_with_all_mentions(link):
    text = "Islamic State fighters fled. Later IS attacked again and Daesh said so."
    actors = link(text)
    isis = by_mention(actors, "Daesh")
    assert len(isis.mentions) == 3
    for m in isis.mentions:
        assert text[m.start:m.end] == m.text
    assert len([a for a in actors if a.name == "Islamic State"]) == 1
    assert [a.id for a in actors] == [f"a{i}" for i in range(1, len(actors) + 1)]


def test_nationality_and_force_noun(link):
    actors = link("US soldiers and American troops patrolled the area while Russia's army watched.")
    us = by_mention(actors, "US soldiers")
    assert us.name == "Military Forces of the United States" and us.inter == 1 and us.kind == "state forces"
    assert us is by_mention(actors, "American troops")
    assert us.source == "pattern" and us.country == "USA"
    assert by_mention(actors, "Russia's army").country == "RUS"


def test_ministries(link):
    actors = link("The Russian Defense Ministry denied it. The US Defense Department and the Pentagon disagreed.")
    assert by_mention(actors, "Russian Defense Ministry").name == "Ministry of Defence of Russia"
    dod = by_mention(actors, "US Defense Department")
    assert dod is by_mention(actors, "Pentagon") and dod.country == "USA"


def test_group_plus_force_noun(link):
    actors = link("Hezbollah fighters crossed the border.")
    assert by_mention(actors, "Hezbollah fighters").name == "Hezbollah"


def test_descriptor_links_to_named_group_only_when_named(link):
    alone = link("Kurdish militias took the town.")
    assert by_mention(alone, "Kurdish militias").name == "Kurdish Ethnic Militia"
    assert by_mention(alone, "Kurdish militias").inter == 4
    named = link("Kurdish militias took the town. The Syrian Democratic Forces (SDF) said so.")
    assert by_mention(named, "Kurdish militias") is by_mention(named, "SDF")
    backed = link("Turkish-backed rebels shelled the village.")
    assert by_mention(backed, "Turkish-backed rebels").name == "Turkish-backed rebels"
    with_sna = link("Turkish-backed rebels shelled the village, the Syrian National Army said.")
    assert by_mention(with_sna, "Turkish-backed rebels").name == "Syrian National Army"


def test_collective_groups_and_bare_nouns(link):
    actors = link("Pakistani protesters blocked the road. Police fired tear gas at the protesters.")
    prot = by_mention(actors, "Pakistani protesters")
    assert prot.name == "Protesters (Pakistan)" and prot.inter == 6
    assert by_mention(actors, "protesters") is prot
    assert by_mention(actors, "Police").name == "Police Forces" and by_mention(actors, "Police").inter == 1


def test_bare_troops_refer_to_earlier_forces(link):
    actors = link("Some 500 US troops remain. The White House allowed troops to be deployed.")
    assert by_mention(actors, "troops") is by_mention(actors, "US troops")
    assert not [a for a in link("The station was near the police station.") if a.name == "Police Forces"]


def test_country_acting_is_its_government(link):
    actors = link("Russia and Syria accuse the United States. Troops withdrew from Iraq.")
    assert by_mention(actors, "Russia").name == "Government of Russia"
    assert by_mention(actors, "Syria").name == "Government of Syria"
    assert by_mention(actors, "United States").name == "Government of the United States"
    assert not [a for a in actors if a.country == "IRQ"]


def test_people_short_names_titles_roles_affiliations(link):
    text = ("General Kenneth McKenzie, commander of the US Central Command, said on Saturday. "
            "\"We are ready,\" General McKenzie said. US Defense Department spokesman Jonathan Hoffman said "
            "the country did not profit. Mr. Hoffman added that McKenzie agreed.")
    actors = link(text)
    mck = by_mention(actors, "Kenneth McKenzie")
    assert mck.name == "Kenneth McKenzie" and mck.kind is None and mck.source == "ner"
    assert len(mck.mentions) == 3 and mck.role == "commander"
    assert "General McKenzie" in mck.aliases
    centcom = next(a for a in actors if a.id == mck.affiliation)
    assert centcom.name == "US Central Command"
    hoff = by_mention(actors, "Jonathan Hoffman")
    assert len(hoff.mentions) == 2 and hoff.role == "spokesman"
    assert next(a for a in actors if a.id == hoff.affiliation).name == "US Department of Defense"
    assert hoff.country == "USA"


def test_title_becomes_role(link):
    trump = by_mention(link("President Donald Trump ordered the withdrawal."), "Donald Trump")
    assert trump.role == "president"


def test_unknown_organisation_is_kept_with_unknown_kind(link):
    actors = link("The Zorblax Liberation Committee claimed the attack.")
    zor = next(a for a in actors if "Zorblax" in a.name)
    assert zor.kind is None and zor.source == "ner" and zor.inter is None


def test_ner_name_spelled_differently_reaches_dictionary(link):
    actors = link("Fighters of Al Shabab attacked a base in Lamu.")
    assert any(a.name == "al-Shabaab" for a in actors)


def test_credits_and_bylines_are_not_actors(link):
    text = ("US patrol at an oil field on October 3 Photo: RT\n"
            "By Jane Doe\n"
            "Soldiers rest near the base. Reuters/John Smith\n"
            "The area of the Kurds (yellow). Graphics: Wikimedia.\n")
    names = {a.name for a in link(text)}
    assert not names & {"RT", "Wikimedia", "Jane Doe", "John Smith", "Reuters"}


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("x Photo: RT", "RT", True),
    ("Photo by John Smith", "John Smith", True),
    ("By Jane Doe", "Jane Doe", True),
    ("a source close to Hamas said", "Hamas", False),
    ("Ansar Allah/Houthis attacked", "Houthis", False),
])
def test_is_credit(text, name, expected):
    i = text.index(name)
    assert is_credit(text, i, i + len(name), load_dictionary().credit_cues) is expected


def test_stage_contract():
    assert ActorStage.name == "actors.v3"
    assert ActorStage.requires == ("entities",) and ActorStage.assigns == ("actors",)


def test_stage_runs_in_pipeline():
    from eventwire.model import Article
    from eventwire.pipeline import Pipeline

    doc = Pipeline(stages=["nlp", "actors"]).run(Article.make("Taliban fighters attacked Afghan police in Kunduz."))
    names = {a.name for a in doc.actors}
    assert {"Taliban", "Police Forces of Afghanistan"} <= names
    assert doc.stages["actors"].startswith("actors.v3+data:")


def test_nationality_before_a_name_is_the_affiliation(link):
    actors = link("Russian President Vladimir Putin met Turkish officials.")
    putin = by_mention(actors, "Vladimir Putin")
    assert putin.role == "president"
    assert next(a for a in actors if a.id == putin.affiliation).name == "Government of Russia"


def test_subjects_of_protest_verbs_are_protesters(link):
    actors = link("On 9 May 2020, medical interns protested in Haifa. A group of farmers staged a demonstration.")
    interns = by_mention(actors, "medical interns")
    assert interns.name == "Protesters" and interns.inter == 6
    assert by_mention(actors, "farmers") is interns


def test_short_acronym_needs_its_country(link):
    far = link("Researchers at the MRC published the estimate.")
    assert not [a for a in far if a.name == "Mombasa Republican Council"]
    near = link("In Kenya, the MRC held a rally in Mombasa.")
    assert by_mention(near, "MRC").name == "Mombasa Republican Council"


def test_generic_words_and_capitals_are_not_actors(link):
    actors = link("The fire started at 1430 UTC. Officials in Amman said nothing.")
    assert not [a for a in actors if a.name in ("UTC", "Government of Jordan")]


def test_hyphenated_role(link):
    actors = link("WHO Director-General Tedros Adhanom Ghebreyesus warned governments.")
    tedros = by_mention(actors, "Tedros Adhanom Ghebreyesus")
    assert tedros.role == "director-general"
    assert next(a for a in actors if a.id == tedros.affiliation).name == "World Health Organization"


def test_armed_men_and_gangs(link):
    actors = link("A man was shot by two armed men. Later a criminal gang burned a car.")
    assert by_mention(actors, "armed men").name == "Unidentified Armed Group"
    assert by_mention(actors, "criminal gang").name == "Unidentified Gang"
    assert by_mention(actors, "criminal gang").inter == 3


def test_identity_group_with_state_noun_is_not_called_a_militia(link):
    actors = link("Kurdish security forces arrested two suspects.")
    kurds = by_mention(actors, "Kurdish security forces")
    assert kurds.name == "Kurdish security forces" and kurds.inter is None


def test_hyphen_variant_of_a_dictionary_name(link):
    actors = link("A spokesman for Ansar-Allah said the talks failed.")
    assert any(a.name == "Houthis" and a.source == "dictionary" for a in actors)


def test_alias_inside_a_person_name_is_the_person(link):
    actors = link("The composer Richard Wagner wrote operas. Wagner fighters were seen in Mali.")
    assert by_mention(actors, "Richard Wagner").kind is None
    assert by_mention(actors, "Wagner fighters").name == "Wagner Group"


def test_apposition_after_the_name(link):
    actors = link("Jonathan Hoffman, a spokesman for the Pentagon, said the troops would stay.")
    hoff = by_mention(actors, "Jonathan Hoffman")
    assert hoff.role == "spokesman"
    assert next(a for a in actors if a.id == hoff.affiliation).name == "US Department of Defense"


@pytest.mark.parametrize("text", [
    "", "   ", "IS", "US", "Photo:", "By", "/", "((SDF))", "ISIS/ISIL/Daesh", "NATO-led troops", "pro-Russian",
    "GENERAL MCKENZIE SAID THE US TROOPS WILL STAY.", "Mr.", "Reuters/", "Dr. Dr. Dr.", "the the troops troops",
    "Кремль заявил", "«Hamas» — ‘IS’ “SDF”", "Turkish-backed", "Kurdish", "\n\nBy Jane\n\nPhoto: AP\n",
])
def test_odd_inputs_give_valid_spans(link, text):
    for a in link(text):
        assert a.mentions and a.id.startswith("a")
        for m in a.mentions:
            assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text


def test_plural_demonym_protesting(link):
    actors = link("Hundreds of Palestinians protested in Ramallah. Myanmar's junta arrested dozens.")
    assert by_mention(actors, "Palestinians").name == "Protesters (Palestine)"
    assert by_mention(actors, "Myanmar's junta").name == "Military Forces of Myanmar"


def test_nationality_in_the_apposition(link):
    actors = link("James Jeffrey, the US envoy for Syria, said the talks would resume.")
    jeffrey = by_mention(actors, "James Jeffrey")
    assert jeffrey.role == "envoy"
    assert next(a for a in actors if a.id == jeffrey.affiliation).name == "Government of the United States"


def test_conjoined_and_from_groups(link):
    actors = link("Garre and Degodia militia clashed at the dam. Later bandits from Pokot attacked a village.")
    assert by_mention(actors, "Degodia militia").name == "Degodia Ethnic Militia"
    assert by_mention(actors, "Garre").name == "Garre Ethnic Militia"
    assert by_mention(actors, "bandits from Pokot").name == "Pokot Ethnic Militia"


def test_transitive_strike_is_an_attack_not_a_protest(pipeline) -> None:
    doc = pipeline.run("US and British warplanes struck Houthi targets near Hodeidah on Friday.")
    assert not [a for a in doc.actors if a.name.startswith("Protesters")]


def test_country_a_verb_sends_to_is_its_government(link):
    actors = link("The United States kept shipping rifles to Pakistan. The US envoy to Syria spoke. "
                  "Ministers agreed to provide aid for Romania.")
    assert by_mention(actors, "Pakistan").name == "Government of Pakistan"
    assert by_mention(actors, "Romania").name == "Government of Romania"
    assert not [a for a in actors if a.country == "SYR"]


def test_two_acronyms_of_one_country_vouch_for_each_other(link):
    actors = link("GNA and LNA forces exchanged fire near Wadi Rabie on Friday.")
    assert {"Government of National Accord", "Libyan National Army"} <= {a.name for a in actors}


def test_force_phrases_of_the_table_stand_alone(nlp, tmp_path):
    # a phrase of force_nouns.csv is a collective noun without an owner in front ("Regime troops shelled ..."),
    # and so is one a user adds to the table
    found = link_actors(nlp("Regime troops shelled the town on Monday."),
                        "Regime troops shelled the town on Monday.", load_dictionary())
    assert [a.name for a in found] == ["Military Forces"]
    (tmp_path / "force_nouns.csv").write_text("phrase,category\nfrontier scouts,forces\n", encoding="utf-8")
    text = "Frontier scouts clashed with smugglers on Monday."
    assert "Military Forces" in [a.name for a in link_actors(nlp(text), text, load_dictionary(tmp_path))]

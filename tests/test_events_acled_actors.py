"""ACLED's actor conventions on the events' actors: crowds of demonstrations, generic forces' country."""

from __future__ import annotations

import pytest

from eventwire.model import Actor, Article, Mention


def _doc(pipeline, text: str):
    return pipeline.run(Article.make(text, published="2020-05-10"))


def _actors(doc, ev):
    index = {a.id: a for a in doc.actors}
    return [index[a] for a in ev.actors]


def _coded(doc, event_type):
    return [e for e in doc.events if e.acled is not None and e.acled.event_type == event_type]


@pytest.mark.parametrize("text, crowd", [
    ("On 3 May 2020, residents of Kibera protested against forced evictions in Nairobi.", "residents"),
    ("On 3 May 2020, a group of nurses held a demonstration in Arequipa calling for better pay.",
     "nurses"),
])
def test_demonstration_gets_the_crowd_that_demonstrates(pipeline, text, crowd):
    doc = _doc(pipeline, text)
    ev = _coded(doc, "Protests")[0]
    first = _actors(doc, ev)[0]
    assert first.inter == 6 and first.name.startswith("Protesters")
    assert any(m.text.endswith(crowd.split()[-1]) for m in first.mentions)
    for m in first.mentions:
        assert doc.text[m.start:m.end] == m.text


def test_riot_crowd_is_known_as_rioters_of_the_country(pipeline):
    doc = _doc(pipeline, "On 3 May 2020, students of Moi University rioted and burned tyres in Eldoret, Kenya.")
    riots = _coded(doc, "Riots")
    assert riots
    names = {n for a in _actors(doc, riots[0]) for n in [a.name, *a.aliases]}
    assert any(n.startswith("Rioters") and "Kenya" in n for n in names)


def test_generic_police_take_the_country_of_the_event_place(pipeline):
    doc = _doc(pipeline, "On 28 April 2020, in Kisumu, police shot dead two men.")
    police = [a for a in doc.actors if a.name.startswith("Police Forces")]
    assert [a.name for a in police] == ["Police Forces of Kenya"] and police[0].country == "KEN"


def test_government_protest_gets_no_crowd(pipeline):
    doc = _doc(pipeline, "On 3 May 2020, the government of Kenya protested the decision of Somalia.")
    assert not any(a.name.startswith(("Protesters", "Rioters")) for a in doc.actors)


@pytest.mark.parametrize("text, expected", [
    ("On 4 May 2020, two groups of locals clashed over a land dispute in Vadodara.", ("Riots", "Mob violence")),
    ("On 5 May 2020, Fellata and Rizeigat militias fought in South Darfur.", ("Battles", "Armed clash")),
    ("On 2 May 2020, factory workers clashed with police in Surat district, demanding unpaid wages.",
     ("Riots", "Mob violence")),  # a crowd against the police is no battle
    ("On 8 May 2020, Taliban militants clashed with police in Kunduz.", ("Battles", "Armed clash")),
    ("A crowd sets a lorry on fire to protest the tax rise in Kakamega.", ("Riots", "Violent demonstration")),
    ("Residents torched the houses of two women suspected of witchcraft in Nyamira.", ("Riots", "Mob violence")),
    ("ODM supporters attacked journalists in Kisumu.", ("Riots", "Mob violence")),
    ("On 6 May 2020, government forces repelled a Houthi attack on the Sirwah front.", ("Battles", "Armed clash")),
    ("On 9 May 2020, monitors recorded a total of 4 explosions involving unknown weapons near Zolote.",
     ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("Demonstrators gathered outside the home of a retired judge in Misrata. When they began to storm the "
     "building, police fired warning shots into the air.", ("Riots", "Violent demonstration")),
    ("Residents protested against evictions in Mombasa. Several protesters are arrested.",
     ("Protests", "Protest with intervention")),
])
def test_sub_event_types_of_crowds(pipeline, text, expected):
    doc = _doc(pipeline, text)
    assert expected in {(e.acled.event_type, e.acled.sub_event_type) for e in doc.events if e.acled}


@pytest.mark.parametrize("text, expected", [
    ("Garre militia attacks Degodia herdsman", ("Violence against civilians", "Attack")),
    ("Ugandan raiders attack and kill 3 Kenyan herders in border feud", ("Violence against civilians", "Attack")),
    ("On 5 May 2020, a villager was injured after he accidentally stepped on a landmine in Pursat.",
     ("Strategic developments", "Other")),
])
def test_victims_after_the_verb_and_war_remnants(pipeline, text, expected):
    doc = _doc(pipeline, text)
    assert expected in {(e.acled.event_type, e.acled.sub_event_type) for e in doc.events if e.acled}


def test_suspected_perpetrator_acts_and_unknown_ones_are_an_unidentified_armed_group(pipeline):
    doc = _doc(pipeline, "A Kenyan reservist was shot dead in a raid by suspected al Shabaab at Hulugho.")
    # "shot dead in a raid": one act, the raid, with the shooting as its mention
    shot = next(e for e in doc.events if "shot" in [e.trigger.text, *(m.text for m in e.mentions)])
    assert [a.name for a in _actors(doc, shot)] == ["al-Shabaab"]
    doc = _doc(pipeline, "On 3 May 2020, three guards were killed in Wajir, Kenya.")
    killed = next(e for e in doc.events if e.trigger.text == "killed")
    assert [a.name for a in _actors(doc, killed)] == ["Unidentified Armed Group (Kenya)"]
    assert not _actors(doc, killed)[0].mentions  # no words name them: an actor by ACLED's convention only


def test_unidentified_perpetrators_in_the_americas_also_carry_acled_regional_name(pipeline):
    doc = _doc(pipeline, "On 6 May 2020, in Tecoman, Colima, Mexico, a mechanic was shot dead in a drive-by shooting.")
    group = next(a for a in doc.actors if a.name.startswith("Unidentified Armed Group"))
    assert group.name == "Unidentified Armed Group (Mexico)" and "Unidentified Gang (Mexico)" in group.aliases


@pytest.mark.parametrize("text", [
    "On 7 May 2020, in Tulancingo, Hidalgo, around 150 street vendors protested demanding stalls.",
    "Protesting pupils of Kiriri Boys School block staff from entering the compound in Nairobi.",
])
def test_crowd_found_where_the_parser_hung_it_elsewhere(pipeline, text):
    doc = _doc(pipeline, text)
    ev = _coded(doc, "Protests")[0]
    assert any(a.inter == 6 for a in _actors(doc, ev))


def test_no_crowd_for_a_protest_a_country_lodged(pipeline):
    doc = _doc(pipeline, "Romania lodged a formal protest with Moldova today.")
    assert not any(a.name.startswith(("Protesters", "Rioters")) for a in doc.actors)


def test_arrests_by_no_one_named_are_the_countrys_police(pipeline):
    doc = _doc(pipeline, "On 6 May 2020, a local poet was arrested in Vitebsk, Belarus, on a charge.")
    arrest = next(e for e in doc.events if e.acled and e.acled.sub_event_type == "Arrests")
    assert [a.name for a in _actors(doc, arrest)] == ["Police Forces of Belarus"]


def test_bare_police_forces_act(pipeline):
    doc = _doc(pipeline, "On 28 April 2020, police forces shot and wounded 3 traders in Dire Dawa city.")
    shot = next(e for e in doc.events if e.trigger.text == "shot")
    assert [a.name for a in _actors(doc, shot)] == ["Police Forces of Ethiopia"]


def test_riot_without_named_crowd_is_by_rioters_and_victims_are_no_crowd(pipeline):
    doc = _doc(pipeline, "Two suspected burglars are beaten and nearly lynched in Naivasha, Kenya, before a rescue.")
    riot = _coded(doc, "Riots")[0]
    assert [a.name for a in _actors(doc, riot)] == ["Rioters (Kenya)"]
    assert not any("burglars" in m.text for a in _actors(doc, riot) for m in a.mentions)


def test_every_armed_group_of_a_battle_side_fights(pipeline):
    doc = _doc(pipeline, "On 5 May 2020, Fellata and Rizeigat communal militias fought near Buram, South Darfur.")
    clash = _coded(doc, "Battles")[0]
    names = {a.name for a in _actors(doc, clash)}
    assert {"Fellata Ethnic Militia", "Rizeigat Ethnic Militia"} <= names


def test_a_forces_own_capitalised_name_is_an_alias(pipeline):
    doc = _doc(pipeline, "On 7 May 2020, in Sorocaba, Sao Paulo, the Military Police raided a warehouse.")
    police = next(a for a in doc.actors if a.name.startswith("Police Forces"))
    assert "Military Police" in police.aliases


def test_a_word_of_an_actors_name_is_no_place_for_the_country():
    from eventwire.events.acled_actors import main_country
    from eventwire.model import Document, Place

    doc = Document(id="t", text="Police catch Al Shabaab recruiter near Kilifi")
    doc.actors = [Actor(id="a1", name="al-Shabaab", key="al_shabaab", country="SOM",
                        mentions=[Mention(text="Al Shabaab", start=13, end=23)])]
    doc.places = [Place(id="p1", text="Al", start=13, end=15, lat=60.6, lon=8.6, country_code="NO"),
                  Place(id="p2", text="Kilifi", start=39, end=45, lat=-3.6, lon=39.8, country_code="KE")]
    assert main_country(doc) == "KEN"


def test_an_unidentified_gang_is_also_an_unidentified_armed_group(pipeline):
    doc = _doc(pipeline, "4 traders were killed by an armed gang in Kericho, Kenya.")
    gang = next(a for a in doc.actors if a.name.startswith("Unidentified Gang"))
    assert "Unidentified Armed Group (Kenya)" in gang.aliases


def test_claim_of_responsibility_names_the_perpetrator(pipeline):
    doc = _doc(pipeline, "Six Kenyan soldiers were killed when a roadside bomb went off in Lamu. "
                         "Al Shabaab claimed responsibility for the blast.")
    killed = next(e for e in doc.events if e.trigger.text == "killed")
    assert [a.name for a in _actors(doc, killed)] == ["al-Shabaab"]


def test_armed_group_handing_out_aid_changes_its_activity(pipeline):
    doc = _doc(pipeline, "On 28 April 2020, members of the Gulf Cartel handed out parcels of groceries to residents of "
                         "Reynosa.")
    assert ("Strategic developments", "Change to group/activity") in {
        (e.acled.event_type, e.acled.sub_event_type) for e in doc.events if e.acled}
    doc = _doc(pipeline, "On 28 April 2020, the United Nations delivered food aid to families in Aden.")
    assert not any(e.acled for e in doc.events if e.type == "AID")

"""Triggers inside another event's phrase (events/nesting.py): the people of an act, what a demand or a
discussion is about, a reception; and the trigger-lexicon guards that came with them."""

from __future__ import annotations

from eventwire import extract


def events(text: str, published: str = "2024-03-05") -> list[tuple[str, str, list[str], list[str], int]]:
    doc = extract(text, published=published)
    names = {a.id: a.name for a in doc.actors}
    return [(e.type, e.trigger.text if e.trigger else "", [names[i] for i in e.actors],
             [names[i] for i in e.recipients], len(e.mentions)) for e in doc.events]


def test_the_people_of_an_act_make_no_demonstration_of_their_own(pipeline) -> None:  # noqa: ARG001
    found = events("Two photographers were beaten after being attacked by rioters in Lisbon on Monday.")
    assert [t for t, *_ in found] == ["ASSAULT"]
    assert any("Rioters" in a for a in found[0][2])  # the crowd is the attack's side


def test_a_crowd_doing_its_own_kind_of_act_is_still_folded_by_coreference(pipeline) -> None:  # noqa: ARG001
    found = events("On Monday, protesters gathered outside the parliament in Lisbon and blocked the main road.")
    assert [t for t, *_ in found].count("PROTEST") == 1


def test_protesters_demanding_something_stay_a_protest(pipeline) -> None:  # noqa: ARG001
    found = events("Protesters demand that the mayor of Braga resign over the housing scandal.")
    assert "PROTEST" in [t for t, *_ in found]


def test_what_a_call_asks_for_is_no_event(pipeline) -> None:  # noqa: ARG001
    found = events("Human rights groups have called for an independent investigation into police conduct.")
    assert [t for t, *_ in found] == ["REQUEST"]


def test_a_definite_act_inside_a_call_is_a_mention_of_the_act_reported(pipeline) -> None:  # noqa: ARG001
    found = events("Gunmen shot dead a police officer in Kandahar on Monday. "
                   "A rights group has called for an inquiry into the shooting.")
    assert [t for t, *_ in found] == ["ASSAULT", "REQUEST"]
    assert found[0][4] == 1  # "the shooting" joined the act as its mention


def test_what_leaders_discuss_is_no_agreement(pipeline) -> None:  # noqa: ARG001
    found = events("The two presidents discussed a ceasefire in the region on Tuesday.")
    assert [t for t, *_ in found] == ["CONSULT"]


def test_a_demand_on_a_party_takes_the_party_of_its_content(pipeline) -> None:  # noqa: ARG001
    [(kind, _t, _a, recipients, _m)] = events("A coalition of unions called for sanctions against Belarus on Sunday.")
    assert kind == "REQUEST" and recipients


def test_an_act_joined_by_a_conjunction_is_not_the_content_of_a_meeting(pipeline) -> None:  # noqa: ARG001
    found = events("Next week the minister will be meeting her counterparts in Oslo, and the bloc will be "
                   "imposing new sanctions on Belarus.")
    assert "SANCTION" in [t for t, *_ in found]


def test_met_with_protests_is_a_reception_not_a_meeting(pipeline) -> None:  # noqa: ARG001
    assert "CONSULT" not in [t for t, *_ in events("The new tax was met with protests across the country.")]
    assert "CONSULT" in [t for t, *_ in events("The minister was met by the mayor of Porto on Friday.")]


def test_an_opening_adverbial_is_no_particle_of_the_verb(pipeline) -> None:  # noqa: ARG001
    # "call on" is an appeal only when "on" follows the verb
    found = events("A parcel bomb went off outside a shop in Nantes. On Friday, the prefect called the blast a crime.")
    assert "REQUEST" not in [t for t, *_ in found]
    assert "REQUEST" in [t for t, *_ in events("The mayor called on residents to stay indoors on Friday.")]


def test_pleading_guilty_is_no_appeal(pipeline) -> None:  # noqa: ARG001
    assert "REQUEST" not in [t for t, *_ in events("The former banker pleaded guilty to fraud charges in 1995.")]


def test_an_arrest_warrant_is_a_legal_act(pipeline) -> None:  # noqa: ARG001
    found = events("On Monday, the court issued arrest warrants for twelve officers.")
    assert [t for t, *_ in found] == ["ACCUSE"]


def test_a_state_under_attack_and_a_kind_of_aircraft_are_no_attacks(pipeline) -> None:  # noqa: ARG001
    assert events("The union will defend free speech wherever it is under attack.") == []
    found = events("For the raids, the air force used attack and fighter aircraft from two bases.")
    assert "attack" not in [t for _k, t, *_ in found]
    assert "ASSAULT" in [t for t, *_ in events("The convoy came under attack near Kunduz on Monday.")]


def test_troops_sent_are_a_deployment_of_the_country_s_forces(pipeline) -> None:  # noqa: ARG001
    [(kind, _t, actors, _r, _m)] = events("Britain will send 800 more troops to Estonia.")
    assert kind == "MOBILIZE" and actors == ["Military Forces of the United Kingdom"]


def test_a_country_at_war_is_its_military_and_speaking_its_government(pipeline) -> None:  # noqa: ARG001
    found = events("Turkey launched an offensive against militants in northern Iraq on Thursday. "
                   "Turkey said the operation would be short.")
    assault = next(f for f in found if f[0] == "ASSAULT")
    assert assault[2] == ["Military Forces of Turkey"]
    assert events("The Turkish government shelled villages near Kobani on Monday.")[0][2] == ["Government of Turkey"]


def test_a_strike_whose_side_is_not_given_has_no_armed_group(pipeline) -> None:  # noqa: ARG001
    [(kind, _t, actors, _r, _m)] = events("Near Tikrit, a single strike destroyed a militant truck.")
    assert kind == "ASSAULT" and actors == []
    [(kind, _t, actors, _r, _m)] = events("On 9 May, unknown aircraft bombed a fuel depot outside Mayadin.",
                                          published="2024-05-10")
    assert actors == ["Unidentified Military Forces"]


def test_aid_is_a_resource_handed_over(pipeline) -> None:  # noqa: ARG001
    for text in ("Canada has provided Moldova with 40 million dollars in assistance.",
                 "Germany sent 5,000 helmets and 300 tents to the refugees on Monday.",
                 "Four transport helicopters were delivered to Mogadishu on March 2.",
                 "Volunteers from Norway handed over three tons of medicine to a clinic in Herat."):
        assert "AID" in [t for t, *_ in events(text)], text
    for text in ("The mayor sent condolences to the families of the miners.",
                 "We remember the firefighters who gave their lives that night.",
                 "The new rule provides shipping firms with 30 days to leave the port."):
        assert "AID" not in [t for t, *_ in events(text)], text


def test_the_press_is_the_media_not_a_demand(pipeline) -> None:  # noqa: ARG001
    assert "REQUEST" not in [t for t, *_ in events("The minister told the press on Monday that talks had failed.")]
    assert "REQUEST" in [t for t, *_ in events("Unions pressed the government to raise wages on Monday.")]


def test_a_pardon_is_a_concession(pipeline) -> None:  # noqa: ARG001
    found = events("The president granted the former governor a full and unconditional pardon on Tuesday.")
    assert [t for t, *_ in found] == ["CONCEDE"]


def test_hosting_a_meeting_is_the_meeting(pipeline) -> None:  # noqa: ARG001
    found = events("The king said he would host a meeting between the two delegations in Rabat.")
    assert "meeting" in [t for _k, t, *_ in found]


def test_pardons_granted_together_are_one_act(pipeline) -> None:  # noqa: ARG001
    found = events("On Tuesday the president granted full pardons to seven people. He granted Jan Kowalski a full "
                   "and unconditional pardon. He also granted clemency to Anna Nowak, who had served ten years.")
    assert [t for t, *_ in found] == ["CONCEDE"] and found[0][4] == 2


def test_a_rule_that_allows_something_is_no_concession(pipeline) -> None:  # noqa: ARG001
    assert "CONCEDE" not in [t for t, *_ in events("The bill would allow the police to hold suspects for a month.")]
    assert "CONCEDE" in [t for t, *_ in events("The army allowed aid convoys to enter the town on Monday.")]


def test_agreeing_that_is_a_view_not_an_agreement(pipeline) -> None:  # noqa: ARG001
    found = events("The two presidents agreed that the rebel offensive contradicts the peace talks.")
    assert "AGREE" not in [t for t, *_ in found]
    assert "AGREE" in [t for t, *_ in events("The mayor agreed to add two members to the council on Monday.")]
    assert "AGREE" in [t for t, *_ in events("The two sides agreed to a ceasefire on Monday.")]


def test_a_list_of_aircraft_kinds_is_no_attack(pipeline) -> None:  # noqa: ARG001
    found = events("For the raids, the air force used attack, bomber, fighter and remotely piloted aircraft "
                   "from two bases.")
    assert "attack" not in [t for _k, t, *_ in found]
    assert "ASSAULT" in [t for t, *_ in events("The attack and the bombing killed five people in Kabul on Monday.")]


def test_the_accused_and_a_funeral_procession_are_no_events(pipeline) -> None:  # noqa: ARG001
    assert events("The magistrate said the accused would stay in jail for another month.") == []
    assert events("Thousands of mourners joined a funeral procession for the singer in Cairo on Friday.") == []


def test_the_protesters_of_a_protest_told_are_its_crowd(pipeline) -> None:  # noqa: ARG001
    found = events("Thousands of protesters marched in Lisbon on Monday. Police fired tear gas as the protesters "
                   "ran away.", published="2020-01-08")
    assert [t for t, *_ in found].count("PROTEST") == 1


def test_the_grounds_of_a_verdict_or_an_arrest_are_no_new_accusation(pipeline) -> None:  # noqa: ARG001
    assert events("The banker was convicted of several tax violations and related charges in 2009.") == []
    assert [t for t, *_ in events("Police arrested the mayor on charges of fraud on Monday.")] == ["COERCE"]
    assert [t for t, *_ in events("Prosecutors charged the mayor with fraud on Monday.")] == ["ACCUSE"]

"""One event per act: a violent act and its toll ("..., killing five"), a weapon and the verb that delivers it
("shells fired by", "an airstrike hit") are one event; a counter-act ("the attack was repulsed") is not."""

from __future__ import annotations

from eventwire import extract


def assaults(text: str) -> list:
    doc = extract(text, published="2024-01-10")
    names = {a.id: a.name for a in doc.actors}
    return [(e.trigger.text, [names[i] for i in e.actors], [names[i] for i in e.recipients], e.fatalities)
            for e in doc.events if e.type == "ASSAULT"]


def test_the_toll_of_an_attack_is_not_another_event(pipeline) -> None:  # noqa: ARG001 - model loaded once
    [(trigger, actors, victims, dead)] = assaults("Rebels attacked the town of Sake on Monday, killing 5 civilians.")
    assert trigger == "attacked" and dead == 5 and any("Civilians" in v for v in victims)


def test_a_weapon_and_its_delivery_are_one_event(pipeline) -> None:  # noqa: ARG001
    [(trigger, actors, victims, dead)] = assaults(
        "Shells fired by M23 rebels struck a camp near Goma, killing at least five civilians.")
    assert trigger == "Shells" and dead == 5 and actors and victims
    [(trigger, *_)] = assaults("An airstrike hit the market in Saada on Friday, wounding 20 people.")
    assert trigger == "airstrike"  # the noun names the kind of attack


def test_a_counter_act_stays_an_event_of_its_own(pipeline) -> None:  # noqa: ARG001
    found = assaults("Their raid on an outpost was repulsed by border guards in Dand district.")
    assert {t for t, *_ in found} == {"raid", "repulsed"}


def test_a_weapon_in_the_subject_phrase_takes_the_toll(pipeline) -> None:  # noqa: ARG001
    found = assaults("GOMA, Democratic Republic of Congo — Shells fired by M23 rebels struck a camp on the "
                     "outskirts of Goma on Wednesday, killing at least five civilians, local officials said.")
    assert len(found) == 1 and found[0][3] == 5 and found[0][2]


def test_struck_with_an_object_is_no_labour_strike(pipeline) -> None:  # noqa: ARG001
    doc = extract("Shells struck a camp on the outskirts of Goma on Wednesday.", published="2024-02-08")
    assert "PROTEST" not in [e.type for e in doc.events]
    doc = extract("Teachers went on strike in Nairobi on Monday over pay.", published="2024-02-08")
    assert [e.type for e in doc.events] == ["PROTEST"]


def test_an_attacked_town_is_the_place_not_the_target(pipeline) -> None:  # noqa: ARG001
    doc = extract("Rebels attacked Goma on Monday, killing 5 civilians.", published="2024-01-10")
    names = {a.id: a.name for a in doc.actors}
    places = {p.id: p.name for p in doc.places}
    [ev] = [e for e in doc.events if e.type == "ASSAULT"]
    assert "Goma" not in [names[r] for r in ev.recipients] and places[ev.place] == "Goma"


def test_coordinated_owners_of_one_force_are_all_actors(pipeline) -> None:  # noqa: ARG001
    doc = extract("US and British warplanes struck Houthi targets near Hodeidah on Friday.", published="2024-01-13")
    names = {a.id: a.name for a in doc.actors}
    [ev] = [e for e in doc.events if e.type == "ASSAULT" and e.actors and "Houthis" not in
            [names[a] for a in e.actors]]
    assert [names[a] for a in ev.actors] == ["Military Forces of the United States",
                                              "Military Forces of the United Kingdom"]


def test_weapons_named_in_an_attack_are_not_more_attacks(pipeline) -> None:  # noqa: ARG001
    found = assaults("The bombardment used drones and missiles, including missiles with long range, to strike "
                     "cities across the region.")
    assert "missiles" not in [t for t, *_ in found] and found
    # weapons handed over are aid, not attacks
    doc = extract("Germany delivered missiles and artillery shells to the army last year.", published="2024-01-10")
    assert "ASSAULT" not in [e.type for e in doc.events]
    # a laid bomb, and a weapon that does the killing, stay the act
    found = assaults("A driver died when his truck struck a roadside bomb in Khost city.")
    assert "bomb" in [t for t, *_ in found]
    found = assaults("Two civilians were killed by a rocket in Kharkiv on Monday.")
    assert "rocket" in [t for t, *_ in found]


def test_figurative_violence_words_are_no_attacks(pipeline) -> None:  # noqa: ARG001
    for text in ("The new law eliminated all out-of-pocket medical costs for veterans.",
                 "The agency launched a campaign to inform veterans about their benefits, officials said.",
                 "Veterans who served in the theater of operations were exposed to burn pits, the army said."):
        assert assaults(text) == [], text
    assert [t for t, *_ in assaults("Militants eliminated two soldiers at a checkpoint near Kunduz.")] == ["eliminated"]
    assert [t for t, *_ in assaults("The army launched a military campaign against the rebels in Ituri.")]


def test_the_owner_of_the_fire_acts_and_the_dead_are_its_victims(pipeline) -> None:  # noqa: ARG001
    """'killed in police firing': one event, the police acting, the dead its victims (not two events)."""
    [(trigger, actors, victims, dead)] = assaults("Two villagers were killed in police firing in Nairobi on Monday.")
    assert trigger == "firing" and dead == 2
    assert any("Police" in a for a in actors) and not any("Police" in v for v in victims) and victims


def test_who_died_in_shelling_is_its_victim_not_its_actor(pipeline) -> None:  # noqa: ARG001
    [(trigger, actors, victims, dead)] = assaults("Four civilians died in army shelling of the village on Friday.")
    assert trigger == "shelling" and dead == 4
    assert any("Civilians" in v for v in victims) and not any("Civilians" in a for a in actors)


def test_the_owner_of_the_gunfire_is_the_actor(pipeline) -> None:  # noqa: ARG001
    found = assaults("Five traders were injured by security forces' gunfire in Mombasa.")
    assert len(found) == 1 and any("Forces" in a for a in found[0][1])


def test_words_that_only_look_like_events_are_none(pipeline) -> None:  # noqa: ARG001
    """Ammunition 'rounds', remembering ('recalled the day'), metaphor ('lashed out at', 'attack the virus')
    and a noun of alliance ('his allies') are no events; 'rounded up', 'recalled its envoy' are."""
    def types(text: str) -> list[str]:
        return [e.type for e in extract(text, published="2024-01-10").events]

    def arrests(text: str) -> list[str]:
        return [e.trigger.text for e in extract(text, published="2024-01-10").events if e.mode == "arrest"]

    assert arrests("Guards found 300 rounds of ammunition in a locked shed.") == []
    assert arrests("Officers rounded up 30 suspects in Kisumu on Monday.") == ["rounded up"]
    assert "SANCTION" not in types("The farmer recalled the night the raiders came.")
    assert "SANCTION" in types("Ruritania recalled its envoy from Freedonia on Monday.")
    assert "ASSAULT" not in types("The senator lashed out at her critics on Monday.")
    assert "ASSAULT" not in types("Researchers said the new drug attacks the virus in two ways.")
    assert "COOPERATE" not in types("The governor thanked his allies in the assembly.")


def _events(text: str, kind: str) -> list:
    doc = extract(text, published="2024-03-04")
    names = {a.id: a.name for a in doc.actors}
    return [(e.trigger.text, [m.text for m in e.mentions], [names[i] for i in e.actors],
             [names[i] for i in e.recipients]) for e in doc.events if e.type == kind]


def test_words_of_one_sentence_naming_one_act_are_one_event(pipeline) -> None:  # noqa: ARG001
    found = _events("A bombing was said to have killed the reporter Imran Dalwai in Kismayo on Sunday.", "ASSAULT")
    assert len(found) == 1
    trigger, mentions, _actors, victims = found[0]
    assert {trigger, *mentions} >= {"bombing", "killed"} and victims
    found = _events("Thousands of teachers marched through Lusaka on Saturday in a protest over unpaid wages.",
                    "PROTEST")
    assert len(found) == 1 and {found[0][0], *found[0][1]} >= {"marched", "protest"}


def test_two_sides_acting_in_one_sentence_stay_two_events(pipeline) -> None:  # noqa: ARG001
    found = _events("Russian forces shelled Kharkiv on Monday while Ukrainian drones struck a refinery in Bryansk.",
                    "ASSAULT")
    assert len(found) == 2


def test_a_second_blast_stays_an_event_of_its_own(pipeline) -> None:  # noqa: ARG001
    found = _events("A car bomb exploded outside the market in Mogadishu, and a second blast hit a hotel nearby.",
                    "ASSAULT")
    assert len(found) == 2


def _place_name(doc, ev):
    return next((p.name for p in doc.places if p.id == ev.place), None)


def test_a_statement_is_placed_only_where_the_text_says_it_was_made(pipeline) -> None:  # noqa: ARG001
    doc = extract("Rebels shelled Goma on Monday. The governor accused the rebels of targeting civilians.",
                  published="2024-03-04")
    [accuse] = [e for e in doc.events if e.type == "ACCUSE"]
    attack = next(e for e in doc.events if e.type == "ASSAULT")
    assert _place_name(doc, attack) == "Goma" and accuse.place is None
    doc = extract("At a rally in Kisumu on Sunday, the opposition leader demanded new elections.",
                  published="2024-03-04")
    [demand] = [e for e in doc.events if e.type == "REQUEST"]
    assert _place_name(doc, demand) == "Kisumu"


def test_talks_and_aid_are_placed_only_where_the_text_says(pipeline) -> None:  # noqa: ARG001
    doc = extract("Rebels shelled Goma on Monday. The president spoke by telephone with the prime minister of "
                  "Rwanda and offered aid to Congo.", published="2024-03-04")
    talks = [e for e in doc.events if e.type == "CONSULT"]
    aid = [e for e in doc.events if e.type == "AID"]
    assert talks and aid and all(e.place is None for e in talks + aid)
    doc = extract("The two foreign ministers met in Nairobi on Sunday.", published="2024-03-04")
    [meeting] = [e for e in doc.events if e.type == "CONSULT"]
    assert _place_name(doc, meeting) == "Nairobi"


def test_the_object_of_urging_acts_in_what_it_is_urged_to_do(pipeline) -> None:  # noqa: ARG001
    [(_t, _m, actors, _r)] = _events("The minister urged the rebels to withdraw from Goma on Monday.", "RETREAT")
    assert any("Rebels" in a for a in actors)


def test_a_personal_pronoun_stands_for_the_person_named_before(pipeline) -> None:  # noqa: ARG001
    [(_t, _m, actors, _r)] = _events("Opposition leader Maria Kolesova addressed supporters in Minsk on Sunday. "
                                     "She asked the election board for a recount.", "REQUEST")
    assert actors == ["Maria Kolesova"]
    found = _events("Opposition leader Maria Kolesova addressed supporters in Minsk on Sunday.\n\n"
                    "She asked the election board for a recount.", "REQUEST")
    assert found[0][2] == []  # another paragraph: too far to tell


def test_later_mentions_of_a_rally_join_it_though_the_crowd_is_named_by_it(pipeline) -> None:  # noqa: ARG001
    text = ("Thousands of supporters of the president gathered on Saturday in Lusaka for a rally organized by a "
            "church group.\n\nA couple from Ndola made a six-hour drive to Lusaka for the rally.\n\n"
            "Organizers of the rally said they were fighting corruption.")
    [(trigger, mentions, _a, _r)] = _events(text, "PROTEST")
    assert trigger == "rally" and len(mentions) == 2


def test_no_one_hurt_and_acts_not_reported_are_negated(pipeline) -> None:  # noqa: ARG001
    doc = extract("No soldiers were injured in the incident.", published="2024-03-04")
    assert [(e.type, e.modality) for e in doc.events] == [("ASSAULT", "negated")]
    doc = extract("Protests were not reported in Kisumu on Monday.", published="2024-03-04")
    assert [(e.type, e.modality) for e in doc.events] == [("PROTEST", "negated")]
    doc = extract("Rebels killed five soldiers near Goma.", published="2024-03-04")
    assert [(e.type, e.modality) for e in doc.events] == [("ASSAULT", "actual")]


def test_a_pronoun_prefers_the_person_named_as_a_subject(pipeline) -> None:  # noqa: ARG001
    [(_t, _m, actors, _r)] = _events("President Anna Ferreira spoke with Prime Minister Tomas Lind on Friday. "
                                     "She asked the ministers for a ceasefire plan.", "REQUEST")
    assert actors == ["Anna Ferreira"]


def test_saying_what_it_was_refers_back_to_the_event(pipeline) -> None:  # noqa: ARG001
    found = _events("Gunmen attacked a bus station in Jos on Friday. The governor said this was an attack on "
                    "the whole city.", "ASSAULT")
    assert len(found) == 1 and "attack" in found[0][1]


def test_a_strike_that_destroys_is_a_military_strike_and_the_damage_is_its_own(pipeline) -> None:  # noqa: ARG001
    doc = extract("Near Tal Afar, one strike destroyed two fighting positions.", published="2016-05-02")
    assert [(e.type, e.acled.sub_event_type if e.acled else None) for e in doc.events] == [
        ("ASSAULT", "Air/drone strike")]
    doc = extract("Nurses went on strike in Kisumu on Monday over unpaid wages.", published="2024-03-04")
    assert [e.type for e in doc.events] == ["PROTEST"]
    doc = extract("Militants destroyed a bridge near Goma on Monday.", published="2024-03-04")
    assert [e.type for e in doc.events] == ["COERCE"]


def test_a_statement_is_not_placed_at_the_country_it_names(pipeline) -> None:  # noqa: ARG001
    doc = extract("The governor accused Rwanda of backing the rebels.", published="2024-03-04")
    [accuse] = [e for e in doc.events if e.type == "ACCUSE"]
    assert accuse.place is None


def test_a_year_that_names_a_thing_does_not_date_the_event(pipeline) -> None:  # noqa: ARG001
    doc = extract("Thousands gathered on Saturday in Lusaka for a rally against the results of the 2021 election.",
                  published="2021-12-15")
    assert [(e.type, e.date.value) for e in doc.events] == [("PROTEST", "2021-12-11")]
    doc = extract("Clashes broke out in the evening after a rally against the 2021 election results.",
                  published="2021-12-15")
    assert all(e.date.value != "2021" for e in doc.events)
    doc = extract("The 2019 attack killed five people in Goma.", published="2021-12-15")
    assert doc.events[0].date.value == "2019"


def test_a_past_event_borrows_no_later_date_from_an_earlier_sentence(pipeline) -> None:  # noqa: ARG001
    text = ("The governor took office in 2012 and is due to step down in October.\n\n"
            "Thousands of people were killed in the fighting that brought him to power.")
    [attack] = [e for e in extract(text, published="2021-06-25").events if e.type == "ASSAULT"]
    assert attack.date.inferred and attack.date.value == "2012"


def test_calls_and_words_of_support_are_events_but_talking_to_reporters_is_not(pipeline) -> None:  # noqa: ARG001
    doc = extract("President Ana Ruiz spoke today with President Omar Haddad of Jordan.", published="2021-06-25")
    assert [e.type for e in doc.events] == ["CONSULT"]
    doc = extract("The minister spoke with reporters in Kabul on Monday.", published="2021-06-25")
    assert "CONSULT" not in [e.type for e in doc.events]
    doc = extract("The United States stands in solidarity with the people of Burma.", published="2021-06-25")
    assert [e.type for e in doc.events] == ["SUPPORT"]


def test_custody_designations_and_concessions_are_read(pipeline) -> None:  # noqa: ARG001
    def types(text: str) -> list:
        return [(e.type, e.modality) for e in extract(text, published="2021-06-25").events]

    assert types("The suspect's brother was taken into custody on Friday.") == [("COERCE", "actual")]
    assert types("The ministry designated the militia as a terrorist organisation.") == [("SANCTION", "actual")]
    assert types("The governor has not conceded the election.") == [("CONCEDE", "negated")]
    assert types("He was named as the new coach of the club.") == []


def test_a_plural_back_reference_names_the_acts_already_reported(pipeline) -> None:  # noqa: ARG001
    found = assaults("Near Kobani, one airstrike destroyed a fighting position. Near Tabqa, two airstrikes hit a "
                     "depot. To carry out these airstrikes, the coalition used drones from a base in Jordan.")
    assert len(found) == 2


def test_a_back_reference_with_a_time_of_day_or_a_nearby_place_is_the_same_act(pipeline) -> None:  # noqa: ARG001
    found = assaults("Gunmen attacked a checkpoint in Kandahar on Tuesday, officials said. "
                     "The attack took place at about 9:30 p.m., a spokesman said.")
    assert len(found) == 1
    found = assaults("Police shot a man in Manchester on Tuesday. The shooting took place in Salford.")
    assert len(found) == 1


def test_an_act_told_again_of_the_same_named_victim_is_one_event(pipeline) -> None:  # noqa: ARG001
    found = assaults("Councillor Maria Lopez was stabbed at a street fair in Porto on Sunday night. A man has been "
                     "arrested after Maria Lopez was stabbed at the fair.")
    assert len(found) == 1


def test_a_statement_is_placed_where_it_was_made_not_where_what_it_names_happened(pipeline) -> None:  # noqa: ARG001
    def places(text: str) -> dict[str, str | None]:
        doc = extract(text, published="2024-01-10")
        names = {p.id: p.text for p in doc.places}
        return {e.type: names.get(e.place) for e in doc.events}

    assert places("Nepal condemned the bombing in Quetta on Monday.")["ACCUSE"] is None
    assert places("Speaking in Quetta, the minister condemned the bombing.")["ACCUSE"] == "Quetta"


def test_a_country_naming_who_struck_is_not_the_place_of_the_strike(pipeline) -> None:  # noqa: ARG001
    doc = extract("He was wounded on Monday by a Canada drone strike in Mali.", published="2024-01-10")
    names = {p.id: p.text for p in doc.places}
    assert [names.get(e.place) for e in doc.events if e.type == "ASSAULT"] == ["Mali"]


def test_a_force_owning_the_means_of_harm_is_the_actor(pipeline) -> None:  # noqa: ARG001
    [(_, actors, *_rest)] = assaults("A student was killed by police bullets in Lagos on Friday.")
    assert any("Police" in a for a in actors)
    [(_, actors, *_rest)] = assaults("Five people were killed in a police shooting in Nairobi.")
    assert any("Police" in a for a in actors)


def test_the_parts_of_a_twin_attack_are_one_event(pipeline) -> None:  # noqa: ARG001
    found = assaults("Twin bombings struck a mosque in Marawi on Friday, killing 12 people. The first bomb went off "
                     "inside the prayer hall; the second blast hit its courtyard as police arrived.")
    assert len(found) == 1
    # without a multi-part act before it, "the second attack" is another event
    assert len(assaults("A bombing hit a market in Marawi on Friday. The second attack came a week later in "
                        "Cotabato.")) == 2


def test_strikes_that_struck_and_destroyed_are_one_act(pipeline) -> None:  # noqa: ARG001
    doc = extract("Near Tikrit, two airstrikes hit a militant checkpoint and destroyed a rocket launcher.",
                  published="2016-01-31")
    assert [e.type for e in doc.events] == ["ASSAULT"]
    doc = extract("Rebels attacked the village and destroyed the school.", published="2016-01-31")
    assert [e.type for e in doc.events] == ["ASSAULT", "COERCE"]  # a side named: the destruction is its own act


def test_the_response_that_ends_an_attack_is_part_of_it(pipeline) -> None:  # noqa: ARG001
    for second in ("The attacker was shot dead by police.", "Police arrived and shot him dead.",
                   "He was later shot in the head by a police officer."):
        doc = extract("A man stabbed three people at a market in Lyon on Friday. " + second, published="2024-03-09")
        [ev] = doc.events
        assert ev.trigger.text == "stabbed" and len(ev.mentions) == 1
    doc = extract("A man stabbed three people at a market in Lyon in 2019. On Monday police shot the attacker "
                  "in Paris.", published="2024-03-09")
    assert len(doc.events) == 2  # another day, another place: a new act


def test_what_a_call_covered_is_that_call(pipeline) -> None:  # noqa: ARG001
    doc = extract("President Jan Kowalski spoke today with Prime Minister Ana Silva of Portugal. The two leaders "
                  "discussed energy prices. They also discussed a new rail link. Later, President Kowalski spoke "
                  "with Chancellor Otto Braun of Austria.", published="2022-01-10")
    consults = [e for e in doc.events if e.type == "CONSULT"]
    assert len(consults) == 2 and len(consults[0].mentions) == 2  # the second call has other sides


def test_a_later_sentence_s_day_is_not_the_day_of_the_act_it_refers_to(pipeline) -> None:  # noqa: ARG001
    doc = extract("A suicide bomber killed 12 people at a market in Kabul on Monday. On Tuesday, the rebels were "
                  "blamed for the attack.", published="2019-09-17")
    assert [e.type for e in doc.events].count("ASSAULT") == 1
    doc = extract("A suicide bomber killed 12 people at a market in Kabul on Monday. The attack on Tuesday killed "
                  "three more.", published="2019-09-17")
    assert [e.type for e in doc.events].count("ASSAULT") == 2  # the noun's own day: another act

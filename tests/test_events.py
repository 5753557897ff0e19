"""The events stage: triggers, roles, modality, quantities, attribution, ACLED coding (issue 6)."""

from __future__ import annotations

import re

import pytest

from eventwire.events.lexicon import load_lexicon, plover_name
from eventwire.events.stage import EventExtractor, EventStage
from eventwire.model import Actor, Document, Mention, Quote


@pytest.fixture(scope="module")
def nlp():
    from eventwire.nlp import load_model

    return load_model()


def make_doc(nlp, text: str, actors: dict[str, list[str]], *, inter: dict[str, int] | None = None,
             quotes: list[tuple[str, str]] = (), published: str = "2020-05-10"):
    """A parsed document whose actors are the given names with every occurrence of their mention strings."""
    doc = Document(id="t", text=text, published=published)
    for name, forms in actors.items():
        a = Actor(id=name, name=name, inter=(inter or {}).get(name))
        for form in forms:
            for m in re.finditer(re.escape(form), text):
                a.mentions.append(Mention(text=form, start=m.start(), end=m.end()))
        doc.actors.append(a)
    for i, (content, speaker) in enumerate(quotes):
        at = text.index(content)
        doc.quotes.append(Quote(id=f"q{i}", text=content, start=at, end=at + len(content), kind="direct",
                                speaker=speaker))
    return doc, nlp(text)


def events(nlp, text, actors=None, **kw):
    doc, sdoc = make_doc(nlp, text, actors or {}, **kw)
    return EventExtractor(load_lexicon()).extract(doc, sdoc)


def one(evs, type_):
    found = [e for e in evs if e.type == type_]
    assert found, f"no {type_} event in {[(e.type, e.trigger.text) for e in evs]}"
    return found[0]


def test_lexicon_loads_and_maps_old_plover_names():
    lex = load_lexicon()
    assert lex.entries and "attack" in lex.by_lemma
    assert plover_name("DEMAND") == "REQUEST"
    assert plover_name("disapprove") == "ACCUSE"
    assert plover_name("FIGHT") == "ASSAULT"
    assert plover_name("ASSAULT") == "ASSAULT"
    assert set(lex.acled_taxonomy) == {"Battles", "Explosions/Remote violence", "Violence against civilians",
                                       "Protests", "Riots", "Strategic developments"}
    assert sum(len(v) for v in lex.acled_taxonomy.values()) == 25


def test_stage_contract():
    assert EventStage.name == "events.v7"
    assert EventStage.requires == ("parse", "actors", "places", "times", "quotes")
    assert EventStage.assigns == ("events",)
    from eventwire.events import EventStage as Exported

    assert Exported is EventStage


def test_passive_swaps_roles(nlp):
    evs = events(nlp, "Abu Bakr al-Baghdadi was killed by US special forces in October.",
                 {"baghdadi": ["Abu Bakr al-Baghdadi"], "us": ["US special forces"]})
    e = one(evs, "ASSAULT")
    assert e.actors == ["us"] and e.recipients == ["baghdadi"]
    assert e.modality == "actual"
    assert e.trigger.text == "killed"
    assert e.evidence.text.startswith("Abu Bakr")


def test_conjoined_actors_planned_and_quantity(nlp):
    text = "500 US troops and Kurdish militias will launch a campaign to wipe out IS remnants in eastern Syria."
    evs = events(nlp, text, {"us": ["US troops"], "kurds": ["Kurdish militias"], "is": ["IS"]})
    e = next(e for e in evs if e.trigger.text == "wipe out")
    assert e.type == "ASSAULT" and e.modality == "planned"
    assert e.actors == ["us", "kurds"]
    assert e.recipients == ["is"]
    assert any(q.value == 500 and q.unit == "troop" for q in e.quantities)
    assert e.acled is None  # ACLED codes only what happened


@pytest.mark.parametrize("text,modality", [
    ("The rebels did not attack the town.", "negated"),
    ("The rebels never attacked the town.", "negated"),
    ("The rebels could attack the town if the army withdrew.", "hypothetical"),
    ("The rebels may attack the town.", "hypothetical"),
    ("The rebels plan to attack the town next week.", "planned"),
    ("The attack is expected to take place next week.", "planned"),
    ("The rebels attacked the town.", "actual"),
])
def test_modality(nlp, text, modality):
    e = one(events(nlp, text, {"rebels": ["rebels"]}), "ASSAULT")
    assert e.modality == modality


def test_negation_does_not_leak_through_coordination(nlp):
    text = "Hoffman said the country did not profit from Syrian oil, but transferred the oil sales to the SDF."
    evs = events(nlp, text, {"hoffman": ["Hoffman"], "sdf": ["SDF"]})
    aid = one(evs, "AID")
    assert aid.modality == "actual" and aid.recipients == ["sdf"]
    deny = one(evs, "REJECT")
    assert deny.actors == ["hoffman"]
    assert deny.attribution is not None and deny.attribution.speaker == "hoffman"


@pytest.mark.parametrize("text,count", [
    ("Gunmen attacked the village, killing at least 12 people.", 12),
    ("Two soldiers died when rebels attacked the base.", 2),
    ("Militants killed 3 civilians in the market.", 3),
    ("A man and his son were killed by unidentified gunmen.", 2),
    ("Rebels attacked the base. Two soldiers died.", 2),
])
def test_fatalities(nlp, text, count):
    e = one(events(nlp, text), "ASSAULT")
    assert e.fatalities == count


def test_no_fatalities_without_deaths(nlp):
    e = one(events(nlp, "Rebels attacked the base; five soldiers were wounded."), "ASSAULT")
    assert e.fatalities is None


def test_quote_attribution(nlp):
    text = '"We will attack the rebels," the general said.'
    evs = events(nlp, text, {"general": ["the general"], "rebels": ["rebels"]},
                 quotes=[("We will attack the rebels,", "general")])
    e = one(evs, "ASSAULT")
    assert e.attribution is not None and e.attribution.speaker == "general" and e.attribution.quote == "q0"
    assert e.modality == "planned"


def test_reported_speech_attribution(nlp):
    e = one(events(nlp, "Police said that gunmen killed two farmers.", {"police": ["Police"]}), "ASSAULT")
    assert e.attribution is not None and e.attribution.speaker == "police"


def test_accusation_linked_to_what_it_concerns(nlp):
    text = "Russia accused the US military of attacking civilians in Syria."
    evs = events(nlp, text, {"russia": ["Russia"], "us": ["US military"]})
    acc = one(evs, "ACCUSE")
    assert acc.actors == ["russia"] and acc.recipients == ["us"]
    attack = one(evs, "ASSAULT")
    assert acc.about == attack.id


def test_several_events_in_one_sentence(nlp):
    evs = events(nlp, "Gunmen abducted two aid workers and burned the clinic, then police arrested three suspects.")
    assert {"ASSAULT", "COERCE"} <= {e.type for e in evs}
    assert len(evs) >= 3


@pytest.mark.parametrize("text,expected", [
    ("On 9 May 2020, hundreds of teachers protested in Nairobi demanding unpaid salaries.",
     ("Protests", "Peaceful protest")),
    ("On 9 May 2020, students protested in Lagos. Police fired tear gas to disperse them.",
     ("Protests", "Protest with intervention")),
    ("On 9 May 2020, protesters threw stones at police and burned tyres in Kisumu.",
     ("Riots", "Violent demonstration")),
    ("On 9 May 2020, a mob lynched a suspected thief in Kibera.", ("Riots", "Mob violence")),
    ("On 9 May 2020, an airstrike hit a rebel position near Idlib.",
     ("Explosions/Remote violence", "Air/drone strike")),
    ("On 9 May 2020, an IED exploded near a police vehicle in Kandahar.",
     ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("On 9 May 2020, rebels shelled the town of Marib with mortars.",
     ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("On 9 May 2020, Taliban fighters clashed with Afghan troops near Balkh.", ("Battles", "Armed clash")),
    ("On 9 May 2020, unknown gunmen shot dead a shepherd near his home.", ("Violence against civilians", "Attack")),
    ("On 9 May 2020, gunmen kidnapped a teacher in Kaduna.",
     ("Violence against civilians", "Abduction/forced disappearance")),
    ("On 9 May 2020, police arrested an opposition leader in Kampala.", ("Strategic developments", "Arrests")),
    ("On 9 May 2020, soldiers defused an IED on the road to Gao.", ("Strategic developments", "Disrupted weapons use")),
])
def test_acled_coding(nlp, text, expected):
    evs = events(nlp, text)
    codes = [(e.acled.event_type, e.acled.sub_event_type) for e in evs if e.acled]
    assert codes and codes[0] == expected, codes


def test_acled_inter_codes_from_actors_and_defaults(nlp):
    text = "Taliban militants attacked an army checkpoint."
    evs = events(nlp, text, {"taliban": ["Taliban militants"], "army": ["army"]}, inter={"taliban": 2, "army": 1})
    e = one(evs, "ASSAULT")
    assert e.acled is not None and e.acled.inter1 == 2
    p = one(events(nlp, "Hundreds of nurses protested in Harare."), "PROTEST")
    assert p.acled is not None and p.acled.inter1 == 6


def test_event_date_from_sentence_else_earlier_else_published(nlp):
    from eventwire.model import TimeExpr

    text = "Rebels attacked Goma. Two days later, troops withdrew."
    doc, sdoc = make_doc(nlp, text, {})
    doc.times = [TimeExpr(id="t1", text="Two days later", start=22, end=36, value="2020-05-03", precision="day")]
    evs = EventExtractor(load_lexicon()).extract(doc, sdoc)
    attack = one(evs, "ASSAULT")
    assert attack.date.value == "2020-05-10" and attack.date.inferred
    retreat = one(evs, "RETREAT")
    assert retreat.date.value == "2020-05-03" and retreat.date.time == "t1" and not retreat.date.inferred


def test_spans_lie_in_text(nlp):
    text = "Rebels attacked Goma on Monday, killing 4 soldiers. The government denied the report."
    doc, sdoc = make_doc(nlp, text, {"rebels": ["Rebels"]})
    for e in EventExtractor(load_lexicon()).extract(doc, sdoc):
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text
        assert e.trigger is not None and text[e.trigger.start:e.trigger.end] == e.trigger.text
        assert e.evidence.start <= e.trigger.start < e.trigger.end <= e.evidence.end
        assert 0.0 < e.confidence <= 1.0


def test_user_lexicon_overrides_bundled(tmp_path, nlp):
    (tmp_path / "triggers.yaml").write_text("- {lemmas: [frobnicate], pos: [VERB], type: COERCE, mode: seize}\n")
    lex = load_lexicon(tmp_path)
    doc, sdoc = make_doc(nlp, "The militia frobnicated the village.", {})
    evs = EventExtractor(lex).extract(doc, sdoc)
    assert [e.type for e in evs] == ["COERCE"]


def test_bad_lexicon_is_a_config_error(tmp_path):
    from eventwire.errors import ConfigError

    (tmp_path / "triggers.yaml").write_text("- {lemmas: [x], type: NOT_A_TYPE}\n")
    with pytest.raises(ConfigError):
        load_lexicon(tmp_path)


def test_bare_yaml_booleans_in_lexicon_are_refused(tmp_path):
    from eventwire.errors import ConfigError

    (tmp_path / "triggers.yaml").write_text("- {lemmas: [call], type: REQUEST, with: [on]}\n")
    with pytest.raises(ConfigError, match="quote"):
        load_lexicon(tmp_path)


def test_particles_select_the_sense(nlp):
    called_off = events(nlp, "The union has called off the strike.")
    assert "CONCEDE" in {e.type for e in called_off}
    called_for = events(nlp, "The opposition called for new elections.")
    assert "REQUEST" in {e.type for e in called_for}


def test_gerund_complements_are_not_plans(nlp):
    text = "Two soldiers were wounded following an ambush by Taliban militants."
    e = next(e for e in events(nlp, text, {"taliban": ["Taliban militants"]}) if e.trigger.text == "ambush")
    assert e.modality == "actual" and e.actors == ["taliban"]


def test_outcome_words_fold_into_the_act(nlp):
    evs = events(nlp, "Gunmen shot dead a farmer.")
    assert [e.trigger.text for e in evs if e.type == "ASSAULT"] == ["shot"]
    assert evs[0].fatalities == 1


def test_shared_and_nested_passive_agents(nlp):
    actors = {"gunmen": ["three armed men", "armed men"]}
    e = one(events(nlp, "A man was shot and injured by three armed men.", actors), "ASSAULT")
    assert e.actors == ["gunmen"]
    e = one(events(nlp, "A man was killed in a shooting by armed men on a motorcycle.", actors), "ASSAULT")
    assert "gunmen" in e.actors


@pytest.mark.slow
def test_any_text_gives_events_with_spans_inside(nlp):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    words = st.sampled_from(["rebels", "attacked", "the", "town", "police", "were", "killed", "not", "will", "protest",
                             "said", "2", "three", "by", "and", ",", ".", "\"", "if", "could", "denied", "IS"])

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(words, min_size=1, max_size=30))
    def check(tokens):
        text = " ".join(tokens)
        doc, sdoc = make_doc(nlp, text, {"rebels": ["rebels"], "police": ["police"]})
        for e in EventExtractor(load_lexicon()).extract(doc, sdoc):
            assert 0 <= e.evidence.start <= e.evidence.end <= len(text)
            assert e.trigger is not None and text[e.trigger.start:e.trigger.end] == e.trigger.text
            assert e.modality in ("actual", "planned", "hypothetical", "negated")
            assert e.fatalities is None or e.fatalities >= 0

    check()


def test_fire_is_the_weapon_not_the_target(nlp):
    e = one(events(nlp, "Gunmen opened fire on an army convoy near the town."), "ASSAULT")
    assert e.acled is not None and e.acled.event_type == "Battles"

"""Cross-article deduplication: pair rules, blocking, clustering, and EventRefs from documents."""

from __future__ import annotations

import random
import time
from datetime import date

import pytest

from eventwire.dedup import (
    ActorRef,
    EventRef,
    Prepared,
    candidate_pairs,
    cluster_events,
    cluster_id,
    day_range,
    event_refs,
    evidence,
    load_config,
    normalize_name,
    stem,
)
from eventwire.errors import InputError
from eventwire.model import Actor, Document, Event, EventDate, Place, Span, TimeExpr

# Raqqa and a village 8 km away; Deir ez-Zor 130 km away.
RAQQA = (35.95, 39.01)
NEAR_RAQQA = (35.99, 39.08)
DEIR = (35.33, 40.14)


def ref(
    article: str,
    event: str = "e1",
    *,
    type: str = "ASSAULT",
    actors=("Islamic State",),
    recipients=(),
    where=RAQQA,
    precision=1,
    country="SY",
    day="2019-11-23",
    last=None,
    inferred=False,
    **kw,
) -> EventRef:
    return EventRef(
        article=article,
        event=event,
        type=type,
        actors=[ActorRef(name=a) for a in actors],
        recipients=[ActorRef(name=r) for r in recipients],
        lat=where[0] if where else None,
        lon=where[1] if where else None,
        precision=precision if where else None,
        country=country,
        first_day=day,
        last_day=last or day,
        date_inferred=inferred,
        **kw,
    )


def groups(clusters) -> list[list[str]]:
    return sorted(c.members for c in clusters)


def test_same_event_in_two_articles_merges():
    out = cluster_events([ref("a"), ref("b", actors=("the Islamic State",), where=NEAR_RAQQA)])
    assert groups(out) == [["a:e1", "b:e1"]]
    assert out[0].reports == 2 and out[0].articles == ["a", "b"] and out[0].type == "ASSAULT"
    assert out[0].member_pairs() == [("a", "e1"), ("b", "e1")]


def test_incompatible_types_never_merge():
    assert len(cluster_events([ref("a"), ref("b", type="COERCE")])) == 2


def test_compatible_types_from_the_data_file_merge():
    out = cluster_events([ref("a", type="AGREE"), ref("b", type="COOPERATE")])
    assert len(out) == 1


@pytest.mark.parametrize("modality", ["negated", "hypothetical"])
def test_negated_and_hypothetical_never_merge_with_actual(modality):
    assert len(cluster_events([ref("a"), ref("b", modality=modality)])) == 2
    assert len(cluster_events([ref("a", modality=modality), ref("b", modality=modality)])) == 1
    assert len(cluster_events([ref("a", modality="negated"), ref("b", modality="hypothetical")])) == 2


def test_planned_event_merges_with_its_report_as_done():
    (c,) = cluster_events([ref("a", modality="planned"), ref("b")])
    assert c.modality == "actual"


def test_place_distance_depends_on_precision():
    # Two towns 130 km apart are different places; a region (precision 3) covers that distance.
    assert len(cluster_events([ref("a"), ref("b", where=DEIR)])) == 2
    assert len(cluster_events([ref("a"), ref("b", where=DEIR, precision=3)])) == 1


def test_place_in_another_country_without_coordinates_does_not_merge():
    assert len(cluster_events([ref("a", where=None, country="IQ"), ref("b", where=None, country="SY")])) == 2


def test_dates_within_tolerance_merge_and_beyond_do_not():
    assert len(cluster_events([ref("a"), ref("b", day="2019-11-25")])) == 1
    assert len(cluster_events([ref("a"), ref("b", day="2019-12-02")])) == 2
    # A week-long range overlapping a day.
    assert len(cluster_events([ref("a"), ref("b", day="2019-11-18", last="2019-11-24")])) == 1


def test_actors_conflict_but_unknown_side_is_compatible():
    assert len(cluster_events([ref("a"), ref("b", actors=("Syrian Democratic Forces",))])) == 2
    assert len(cluster_events([ref("a"), ref("b", actors=())])) == 1  # place + stated date
    assert len(cluster_events([ref("a", recipients=("Kurdish forces",)), ref("b", recipients=("Turkey",))])) == 2


def test_alias_and_wikidata_link_actors():
    a = ref("a", actors=())
    a.actors = [ActorRef(name="Islamic State of Iraq and the Levant", aliases=["ISIL", "Daesh"])]
    b = ref("b", actors=("daesh",), where=None)
    c = ref("c", actors=(), where=None)
    c.actors = [ActorRef(name="IS fighters", wikidata="Q2429253")]
    d = ref("d", actors=(), where=None)
    d.actors = [ActorRef(name="Islamic State militants", wikidata="Q2429253")]
    out = cluster_events([a, b, c, d])
    assert ["a:e1", "b:e1"] in groups(out)
    assert ["c:e1", "d:e1"] in groups(out)


def test_short_names_inside_long_ones_link_actors():
    assert (
        len(cluster_events([ref("a", actors=("Ellen DeGeneres",)), ref("b", actors=("comedian Ellen DeGeneres",))]))
        == 1
    )
    assert len(cluster_events([ref("a", actors=("Cheeks",)), ref("b", actors=("Maurice Cheeks",))])) == 1
    # A generic last word or a shared first word is not an actor.
    assert len(cluster_events([ref("a", actors=("Forces",)), ref("b", actors=("Syrian Democratic Forces",))])) == 2
    assert len(cluster_events([ref("a", actors=("Islamic Jihad",)), ref("b", actors=("Islamic State",))])) == 2


def test_swapped_roles_are_compatible():
    a = ref("a", actors=("Hamas",), recipients=("Israel Defense Forces",))
    b = ref("b", actors=("Israel Defense Forces",), recipients=("Hamas",))
    assert len(cluster_events([a, b])) == 1
    c = ref("c", actors=("Hezbollah",), recipients=("Israel Defense Forces",))
    assert len(cluster_events([a, c])) == 2


def test_a_generic_actor_links_weakly():
    police = [ActorRef(name="Police Forces", generic=True)]
    a = ref("a", actors=(), where=None, country=None, trigger="killed", day=None)
    b = ref("b", actors=(), where=None, country=None, trigger="killing", day=None)
    a.actors, b.actors = police, police
    assert len(cluster_events([a, b])) == 2  # trigger 1 + generic actor 0.5 < 2 ...
    a.actors = b.actors = [ActorRef(name="Hellenic Police")]
    assert len(cluster_events([a, b])) == 1  # ... a named actor counts 1


def test_document_local_ids_are_not_identity():
    x, y = ActorRef(id="a1", name="Alpha"), ActorRef(id="a1", name="Beta")
    assert not (x.keys() & y.keys())
    x.global_id = y.global_id = True
    assert x.keys() & y.keys()


def test_two_records_of_one_article_merge_only_when_named_by_the_same_word():
    a = ref("a", "e1", trigger="attacked")
    assert len(cluster_events([a, ref("a", "e2", trigger="shelled")])) == 2
    assert len(cluster_events([a, ref("a", "e2", trigger="attack", actors=(), where=None)])) == 1


def test_an_unsure_place_supports_but_does_not_forbid():
    far = ref("b", where=DEIR, place_confidence=0.4)
    assert len(cluster_events([ref("a"), far])) == 1
    sure = ref("b", where=DEIR, place_confidence=0.9)
    assert len(cluster_events([ref("a"), sure])) == 2
    # An unsure place in another country still meets the event (blocking puts it with every country).
    assert len(cluster_events([ref("a"), ref("b", where=(31.95, 35.93), country="JO", place_confidence=0.7)])) == 1


def test_too_little_evidence_does_not_merge():
    # Same type, same inferred day and nothing else known: not enough to say it is one event.
    a = ref("a", actors=(), where=None, country=None, inferred=True)
    b = ref("b", actors=(), where=None, country=None, inferred=True)
    assert len(cluster_events([a, b])) == 2


def test_vague_event_does_not_chain_two_different_events():
    # x (Islamic State) and y (SDF) conflict; v (no actor) is compatible with both and close to each.
    x = ref("x", trigger="bombed", mode="explosives")
    y = ref("y", actors=("Syrian Democratic Forces",), trigger="bombed", mode="explosives")
    v = ref("v", actors=(), trigger="bombing", mode="explosives")
    out = cluster_events([x, y, v])
    assert len(out) == 2
    assert all(not {"x:e1", "y:e1"} <= set(c.members) for c in out)


def test_ids_are_deterministic_and_independent_of_order():
    items = [ref("a"), ref("b", where=NEAR_RAQQA), ref("c", type="PROTEST", actors=("students",))]
    one = cluster_events(items)
    two = cluster_events(list(reversed(items)))
    assert [c.id for c in one] == [c.id for c in two]
    assert one[0].id == cluster_id(["b:e1", "a:e1"])


def test_same_key_twice_is_an_error():
    with pytest.raises(InputError):
        cluster_events([ref("a"), ref("a")])


def test_cluster_summary_prefers_stated_dates_and_precise_places():
    a = ref("a", where=NEAR_RAQQA, precision=2, day="2019-11-24", inferred=True, place_name="near Raqqa")
    b = ref("b", where=RAQQA, precision=1, place_name="Raqqa")
    (c,) = cluster_events([a, b])
    assert (c.first_day, c.last_day) == ("2019-11-23", "2019-11-23")
    assert c.place_name == "Raqqa" and c.precision == 1
    assert c.score >= load_config().min_evidence


PLACES = [(None, None), (None, "SY"), (None, "IQ"), (RAQQA, "SY"), (DEIR, "SY"), ((33.3, 44.4), "IQ")]


def test_blocking_finds_every_pair_a_brute_force_would_score():
    rng = random.Random(7)
    cfg = load_config()
    items = []
    for i in range(400):
        day = f"2019-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
        vague = rng.random() < 0.1
        items.append(
            ref(
                f"a{i}",
                type=rng.choice(["ASSAULT", "PROTEST"]),
                **dict(zip(("where", "country"), rng.choice(PLACES), strict=True)),
                place_confidence=rng.choice([0.4, 0.9]),
                day=None if vague else day,
                last=None,
                modality=rng.choice(["actual", "planned"]),
            )
        )
    prepared = [Prepared(r, cfg, i) for i, r in enumerate(items)]
    got = list(candidate_pairs(prepared, cfg))
    assert len(got) == len(set(got))
    # Undated (or vague) events meet only each other, by design: they cannot be blocked on dates.
    brute = {
        (i, j)
        for i in range(len(items))
        for j in range(i + 1, len(items))
        if evidence(prepared[i], prepared[j], cfg) is not None and prepared[i].dated == prepared[j].dated
    }
    assert brute <= set(got)


def test_scales_to_many_events():
    rng = random.Random(3)
    towns = [(rng.uniform(30, 40), rng.uniform(35, 45), rng.choice(["SY", "IQ", "TR"])) for _ in range(300)]
    names = [f"group {k}" for k in range(60)]
    items = []
    for i in range(5_000):
        lat, lon, cc = rng.choice(towns)
        day = 737000 + rng.randint(0, 365)
        items.append(
            ref(
                f"a{i // 5}",
                f"e{i % 5}",
                type=rng.choice(["ASSAULT", "PROTEST", "COERCE", "CONSULT"]),
                actors=(rng.choice(names),),
                where=(lat, lon),
                country=cc,
                day=date.fromordinal(day).isoformat(),
            )
        )
    t0 = time.perf_counter()
    out = cluster_events(items)
    elapsed = time.perf_counter() - t0
    assert sum(len(c.members) for c in out) == len(items)
    assert elapsed < 15, elapsed


def test_day_range_of_timex_values():
    assert day_range("2019-11-23") == ("2019-11-23", "2019-11-23")
    assert day_range("2019-11") == ("2019-11-01", "2019-11-30")
    assert day_range("2019-W47") == ("2019-11-18", "2019-11-24")
    assert day_range("2019") == ("2019-01-01", "2019-12-31")
    assert day_range("FUTURE_REF") == (None, None)
    assert day_range("2019-02-30") == (None, None)


def test_trigger_words_compare_by_stem_prefix_and_irregular_form():
    from eventwire.dedup.compare import same_trigger, trigger_key

    cfg = load_config()
    key = lambda w: trigger_key(w, cfg)  # noqa: E731
    assert same_trigger(key("shot"), key("shooting"), cfg) and same_trigger(key("died"), key("death"), cfg)
    assert same_trigger(key("explosion"), key("exploded"), cfg)
    assert not same_trigger(key("arrested"), key("arrived"), cfg) and not same_trigger(
        key("shot"),
        key(
            "",
        ),
        cfg,
    )


def test_names_and_stems():
    assert normalize_name("The Pentagon's") == "pentagon s"
    assert normalize_name("Kurdish-led  Forces") == "kurdish led forces"
    assert stem("attacked") == stem("attacks") == stem("attack")
    assert stem("bombed") == stem("bombing") == "bomb"


def make_doc(doc_id: str, published: str | None = "2019-11-24") -> Document:
    text = "Turkish forces shelled Tal Abyad on Saturday, killing two people."
    return Document(
        id=doc_id,
        published=published,
        text=text,
        actors=[
            Actor(id="a1", name="Turkish Armed Forces", aliases=["Turkish forces"], country="TUR", source="dictionary"),
            Actor(id="a2", name="civilians"),
        ],
        places=[
            Place(
                id="p1",
                text="Tal Abyad",
                start=23,
                end=32,
                name="Tal Abyad",
                lat=36.70,
                lon=38.95,
                precision=1,
                country_code="SY",
                geonameid=163345,
            )
        ],
        times=[
            TimeExpr(
                id="t1",
                text="Saturday",
                start=36,
                end=44,
                value="2019-11-23",
                range=["2019-11-23", "2019-11-23"],
                precision="day",
            )
        ],
        events=[
            Event(
                id="e1",
                type="ASSAULT",
                mode="heavy-weapons",
                actors=["a1"],
                recipients=["a2"],
                place="p1",
                date=EventDate(value="2019-11-23", precision="day", time="t1", inferred=False),
                evidence=Span(start=0, end=44, text=text[:44]),
                trigger=Span(start=15, end=22, text="shelled"),
            ),
            Event(
                id="e2",
                type="ASSAULT",
                modality="actual",
                actors=["a1"],
                evidence=Span(start=46, end=65, text=text[46:65]),
            ),
        ],
    )


def test_event_refs_from_a_document():
    e1, e2 = event_refs(make_doc("d1"))
    assert e1.key == "d1:e1" and e1.type == "ASSAULT" and e1.trigger == "shelled"
    assert (e1.lat, e1.lon, e1.precision, e1.country, e1.geonameid) == (36.70, 38.95, 1, "SY", 163345)
    assert (e1.first_day, e1.last_day, e1.date_inferred) == ("2019-11-23", "2019-11-23", False)
    assert e1.actors[0].name == "Turkish Armed Forces" and "n:turkish forces" in e1.actors[0].keys()
    assert not any(k.startswith("id:") for a in e1.actors + e1.recipients for k in a.keys())  # a1 is local
    # No date in the text: the publication date, marked inferred.
    assert (e2.first_day, e2.date_inferred, e2.lat) == ("2019-11-24", True, None)
    undated = event_refs(make_doc("d2", published=None))[1]
    assert undated.first_day is None


def test_documents_reporting_the_same_event_cluster():
    refs = event_refs(make_doc("d1")) + event_refs(make_doc("d2", published="2019-11-25"))
    out = cluster_events(refs)
    assert ["d1:e1", "d2:e1"] in groups(out)
    assert next(c for c in out if "d1:e1" in c.members).reports == 2


def test_the_seed_article_from_two_sources_pairs_every_event(pipeline):
    from conftest import shared_path

    from eventwire.model import Article

    text = shared_path("seed", "article.txt").read_text(encoding="utf-8")
    docs = list(
        pipeline.pipe(
            [Article(id="wire", raw=text, published="2019-11-24"), Article(id="copy", raw=text, published="2019-11-25")]
        )
    )
    refs = [r for d in docs for r in event_refs(d)]
    out = cluster_events(refs)
    assert refs and sum(len(c.members) for c in out) == len(refs)
    # Events with an actor, a place or a stated date meet their twin; nothing of different types or of
    # actual and negated/hypothetical modality is merged.
    by_key = {r.key: r for r in refs}
    informed = [c for c in out if any(by_key[k].actors or by_key[k].lat is not None for k in c.members)]
    assert informed and all(c.reports == 2 for c in informed)
    for c in out:
        assert len({by_key[k].type for k in c.members}) == 1
        mods = {by_key[k].modality for k in c.members}
        assert mods <= {"actual", "planned"} or len(mods) == 1

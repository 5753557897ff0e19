"""Invariants of clustering, for any input (Hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.dedup import ActorRef, EventRef, cluster_events, cluster_id, load_config

NAMES = ["Islamic State", "Syrian Democratic Forces", "Turkey", "Maurice Cheeks", "Cheeks", "Police Forces"]
DAYS = [None, "2019-11-20", "2019-11-21", "2019-11-23", "2019-12-10", "2019-11"]

event = st.builds(
    lambda art, ev, typ, mod, actors, recips, where, day, trig: EventRef(
        article=f"a{art}",
        event=f"e{ev}",
        type=typ,
        modality=mod,
        actors=[ActorRef(name=n) for n in actors],
        recipients=[ActorRef(name=n) for n in recips],
        lat=where[0] if where else None,
        lon=where[1] if where else None,
        precision=where[2] if where else None,
        first_day=day[:10] if day and len(day) == 10 else None,
        last_day=day[:10] if day and len(day) == 10 else None,
        date_inferred=False,
        trigger=trig,
    ),
    st.integers(0, 6),
    st.integers(0, 3),
    st.sampled_from(["ASSAULT", "COERCE", "AGREE", "COOPERATE"]),
    st.sampled_from(["actual", "planned", "negated", "hypothetical"]),
    st.lists(st.sampled_from(NAMES), max_size=2),
    st.lists(st.sampled_from(NAMES), max_size=1),
    st.sampled_from([None, (35.95, 39.01, 1), (35.99, 39.08, 1), (35.33, 40.14, 3)]),
    st.sampled_from(DAYS),
    st.sampled_from([None, "attacked", "attack", "shot", "shooting", "signed"]),
)


def unique(events: list[EventRef]) -> list[EventRef]:
    return list({e.key: e for e in events}.values())


@settings(max_examples=60, deadline=None)
@given(st.lists(event, max_size=25).map(unique), st.randoms(use_true_random=False))
def test_clustering_invariants(events, rnd):
    cfg = load_config()
    out = cluster_events(events)
    members = [k for c in out for k in c.members]
    assert sorted(members) == sorted(e.key for e in events)  # every event in exactly one cluster
    by_key = {e.key: e for e in events}
    for c in out:
        assert c.id == cluster_id(c.members) and c.reports == len({by_key[k].article for k in c.members})
        assert len({cfg.group(by_key[k].type) for k in c.members}) == 1
        assert len({cfg.modality_group(by_key[k].modality) for k in c.members}) == 1
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert [c.id for c in cluster_events(shuffled)] == [c.id for c in out]  # order does not matter

"""Stories: articles sharing their cast of names link their events; near-synonym triggers; role disagreements."""

from __future__ import annotations

from test_dedup import ref

from eventwire.dedup import Prepared, cluster_events, load_config
from eventwire.dedup.compare import context_share, rarity, trigger_key
from eventwire.dedup.story import assign_stories

CAST = ["n:zurana horton", "n:andrew lopez", "g:5128581", "n:brooklyn police"]
OTHER = ["n:john smith", "n:acme corp", "g:2643743", "n:met police"]


def story_ref(article: str, cast: list[str], **kw):
    # No place, no stated date, unknown actors: only the trigger and the story can say anything.
    kw.setdefault("trigger", "shooting")
    kw.setdefault("day", None)
    kw.setdefault("actors", ())
    return ref(article, where=None, country=None, context=cast, **kw)


def test_reports_sharing_their_cast_form_one_story_and_merge():
    refs = [story_ref("a", CAST), story_ref("b", CAST[:3] + ["n:nypd"]), story_ref("c", OTHER)]
    found = sorted(c.members for c in cluster_events(refs))
    assert found == [["a:e1", "b:e1"], ["c:e1"]]


def test_without_a_shared_cast_the_same_word_is_not_enough():
    assert len(cluster_events([story_ref("a", CAST), story_ref("b", OTHER)])) == 2


def test_one_shared_name_is_no_story():
    cfg = load_config()
    refs = [story_ref("a", CAST[:1] + OTHER[:2]), story_ref("b", CAST[:1] + ["n:x y"])]
    weights = rarity(refs)
    a, b = (Prepared(r, cfg, i, weights) for i, r in enumerate(refs))
    assert context_share(a, b, cfg) == 0.0


def test_average_link_keeps_a_common_name_from_chaining_two_stories():
    cfg = load_config()
    common = "n:united states"
    refs = [
        story_ref("a", [common, *CAST]),
        story_ref("b", [common, *CAST]),
        story_ref("c", [common, CAST[0], *OTHER]),  # shares a name with both sides, little with either
        story_ref("d", [common, *OTHER]),
        story_ref("e", [common, *OTHER]),
    ]
    prepared = [Prepared(r, cfg, i, rarity(refs)) for i, r in enumerate(refs)]
    pairs = [(i, j) for i in range(len(refs)) for j in range(i + 1, len(refs))]
    assign_stories(prepared, pairs, cfg)
    story = {p.ref.article: p.story for p in prepared}
    assert story["a"] == story["b"] and story["d"] == story["e"]
    assert story["a"] != story["d"]


def test_within_a_story_different_actor_picks_do_not_forbid_a_merge():
    refs = [
        story_ref("a", CAST + ["n:mafia", "n:gaetano lo presti"], actors=("Mafia",)),
        story_ref("b", CAST + ["n:mafia", "n:gaetano lo presti"], actors=("Gaetano Lo Presti",)),
    ]
    assert len(cluster_events(refs)) == 1


def test_each_report_naming_the_others_actor_is_no_role_conflict():
    # Different stories (no story evidence) but each article names the other's agent: only a role disagreement.
    a = ref("a", actors=("Mafia",), context=["n:mafia", "n:gaetano lo presti"], trigger="hanged")
    b = ref("b", actors=("Gaetano Lo Presti",), context=["n:gaetano lo presti", "n:mafia"], trigger="hanged")
    c = ref("c", actors=("Gaetano Lo Presti",), context=["n:gaetano lo presti"], trigger="hanged")
    assert len(cluster_events([a, b])) == 1
    assert len(cluster_events([a, c])) == 2  # c never names the Mafia: a real conflict


def test_two_precise_stated_dates_still_split_a_story():
    refs = [
        story_ref("a", CAST, day="2019-11-01"),
        story_ref("b", CAST, day="2019-11-20"),
    ]
    assert len(cluster_events(refs)) == 2


def test_near_synonym_triggers_share_a_key():
    cfg = load_config()
    assert trigger_key("murdered", cfg) == trigger_key("killing", cfg) == trigger_key("slain", cfg)
    assert trigger_key("apprehended", cfg) == trigger_key("arrests", cfg)
    assert trigger_key("shooting", cfg) != trigger_key("killing", cfg)

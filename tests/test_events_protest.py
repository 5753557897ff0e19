"""Protests as people stage them: road blockades, gatherings in front of a building, a demonstration the
parser attached to a participle."""

from __future__ import annotations

from eventwire import extract


def protests(text: str) -> list[tuple[str, str | None]]:
    doc = extract(text, published="2020-05-10")
    return [(e.trigger.text, e.acled.sub_event_type if e.acled else None) for e in doc.events if e.type == "PROTEST"]


def test_people_blocking_a_road_protest(pipeline) -> None:  # noqa: ARG001 - model loaded once
    assert protests("A group of bus drivers blocked the highway in Tlaxiaco complaining about fuel prices.") == [
        ("blocked", "Peaceful protest")]
    assert protests("Angry farmers staged a road blockade at Bishnupur on Tuesday.") == [
        ("blockade", "Peaceful protest")]
    assert protests("Troops blocked the road to Idlib on Monday.") == []


def test_gathering_in_front_of_a_ministry_is_a_protest(pipeline) -> None:  # noqa: ARG001
    assert protests("Dozens of nurses gathered in front of the Ministry of Health in Manila on Friday.") == [
        ("gathered", "Peaceful protest")]


def test_demonstration_before_a_participle(pipeline) -> None:  # noqa: ARG001
    found = protests("Tenants held a demonstration complaining that they had been evicted without notice.")
    assert [t for t, _ in found] == ["demonstration"]

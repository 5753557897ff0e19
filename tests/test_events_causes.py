"""Deaths and destruction with a natural or accidental cause are no political event; weapons and intent are."""

from __future__ import annotations

import pytest

from eventwire import extract


def types(text: str) -> list[str]:
    return [e.type for e in extract(text, published="2024-01-10").events]


@pytest.mark.parametrize(
    "text",
    [
        "A fire yesterday afternoon killed five girls at an escape room in Koszalin.",
        "The accident in Salaheddin district killed eleven, with a child the sole survivor.",
        "A five-storey block of flats collapsed in Aleppo on Saturday, killing eleven people.",
        "Eleven people were killed in a landslide in northern Colombia on Monday.",
        "A fire destroyed at least 200 makeshift homes in a slum in Chittagong.",
        "Floods destroyed 300 homes and killed 12 people in Kerala.",
        "Five soldiers died in a car crash near Kabul.",
        "Firefighters fought the blaze, which also seriously injured a man, for five hours.",
    ],
)
def test_hazards_are_not_political_events(text: str, pipeline) -> None:  # noqa: ARG001 - model loaded once
    assert "ASSAULT" not in types(text) and "COERCE" not in types(text)


@pytest.mark.parametrize(
    "text",
    [
        "Israeli fire killed two Palestinians near the border fence on Friday.",  # a side's fire
        "Tank fire killed three soldiers near Donetsk.",  # a weapon's fire
        "A fire set by militants killed five people in a village near Maiduguri.",  # started on purpose
        "A bomb caused a fire that killed five people at a market in Kabul.",  # the sentence speaks of a bomb
        "Militants destroyed a school in Borno.",
        "Security forces killed 12 people, a fire official said.",
    ],
)
def test_weapons_sides_and_intent_stay_events(text: str, pipeline) -> None:  # noqa: ARG001
    assert "ASSAULT" in types(text) or "COERCE" in types(text)


def test_a_hazard_causes_the_harms_coordinated_after_its_first_one(pipeline) -> None:  # noqa: ARG001
    from eventwire import extract

    doc = extract("An earthquake struck the province on Saturday, injuring 30 people and damaging hundreds of homes.",
                  published="2024-01-10")
    assert doc.events == []
    doc = extract("The front of the van was badly damaged in the rollover.", published="2024-01-10")
    assert doc.events == []
    # a deliberate act keeps its coordinated harms
    doc = extract("Rebels attacked the town, killing five and burning dozens of homes.", published="2024-01-10")
    assert any(e.type == "ASSAULT" for e in doc.events)

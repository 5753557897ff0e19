"""Geoparsing: name keys, resolution in context, region phrases, on a small fixture gazetteer."""

from __future__ import annotations

import pytest

from eventwire.geo.gazetteer import Gazetteer, add_rows
from eventwire.geo.normalize import loose_key, name_key, skeleton
from eventwire.geo.recognize import Mention
from eventwire.geo.resolve import km, resolve
from eventwire.geo.sources import GazRow
from eventwire.model import Place


def test_name_keys_tolerate_transliteration() -> None:
    assert name_key("al-Hasakah") == name_key("Al Hasakah") == "hasakah"
    assert loose_key("Hasaka") == loose_key("al-Hasakah")
    assert name_key("Ḩamāh") == "hamah"
    assert name_key("Ra's al `Ayn") == "ras al ayn"
    assert skeleton("Deir ez-Zor") == skeleton("Dayr az Zawr") == skeleton("Deir al-Zour")


@pytest.fixture()
def gaz(tmp_path) -> Gazetteer:
    rows = [
        GazRow(163843, "Syria", 35.0, 38.0, "A", "PCLI", "SY", population=22_000_000,
               bbox=(32.3, 35.7, 37.3, 42.4), names=["Syria"], demonyms=["Syrian"]),
        GazRow(290291, "Bahrain", 26.0, 50.55, "A", "PCLI", "BH", population=1_500_000, names=["Bahrain"]),
        GazRow(170794, "Deir ez-Zor", 35.336, 40.141, "P", "PPL", "SY", admin1="09", admin1_name="Dayr az Zawr",
               population=242_000, names=["Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour"]),
        GazRow(1, "Deir ez-Zor", 12.0, 13.0, "P", "PPL", "NG", population=2_000, names=["Deir ez-Zor"]),
        GazRow(173194, "Al Hasakah", 36.502, 40.748, "P", "PPL", "SY", population=188_000,
               names=["Al Hasakah", "Hasaka"]),
        GazRow(-3_000_001, "Euphrates", 35.02, 40.45, "H", "STM", "SY", population=3_000_000,
               bbox=(30.95, 37.8, 39.75, 47.6), names=["Euphrates", "Euphrates River"]),
        GazRow(2, "Paris", 48.85, 2.35, "P", "PPLC", "FR", population=2_100_000, names=["Paris"]),
        GazRow(3, "Paris", 33.66, -95.55, "P", "PPL", "US", population=25_000, admin1_name="Texas", names=["Paris"]),
        GazRow(-1_000_001, "Texas", 31.3, -99.3, "A", "ADM1", "US", population=2_000_000,
               bbox=(26.0, -106.5, 36.5, -93.5), names=["Texas"], admin1_name="Texas"),
        GazRow(4, "Paris", 39.48, -92.0, "P", "PPL", "US", admin1="MO", admin1_name="Missouri", population=1_200,
               names=["Paris"]),
        GazRow(-1_000_002, "Missouri", 38.4, -92.5, "A", "ADM1", "US", admin1="MO", population=600_000,
               bbox=(36.0, -95.8, 40.6, -89.1), names=["Missouri"], admin1_name="Missouri"),
        GazRow(6251999, "Canada", 60.1, -113.6, "A", "PCLI", "CA", population=37_000_000, names=["Canada"]),
        GazRow(2643743, "London", 51.51, -0.13, "P", "PPL", "GB", population=8_961_989, names=["London"]),
        GazRow(6058560, "London", 42.98, -81.23, "P", "PPL", "CA", admin1_name="Ontario", population=422_324,
               names=["London"]),
        GazRow(5946768, "Edmonton", 53.55, -113.47, "P", "PPL", "CA", admin1_name="Alberta", population=1_010_899,
               names=["Edmonton"]),
        GazRow(2167744, "Edmonton", -17.02, 145.74, "P", "PPL", "AU", admin1_name="Queensland", population=10_652,
               names=["Edmonton"]),
        GazRow(2172797, "Cairns", -16.92, 145.77, "P", "PPL", "AU", admin1_name="Queensland", population=153_075,
               names=["Cairns"]),
        # Made-up places: a first-level region named like its (not million-scale) main city, another town of
        # the region, and three towns of one country, two of them neighbours.
        GazRow(-1_000_003, "Lakeland", 52.0, -72.0, "A", "ADM1", "CA", admin1="10", admin1_name="Lakeland",
               population=241_000, bbox=(45.0, -79.5, 62.5, -57.1), names=["Lakeland"]),
        GazRow(11, "Lakeland", 46.81, -71.21, "P", "PPL", "CA", admin1="10", admin1_name="Lakeland",
               population=531_902, names=["Lakeland"]),
        GazRow(12, "Porton", 45.51, -73.59, "P", "PPL", "CA", admin1="10", admin1_name="Lakeland",
               population=1_600_000, names=["Porton"]),
        GazRow(-1_000_004, "Harran", 35.1, 36.9, "A", "ADM1", "SY", admin1="21", admin1_name="Harran",
               population=900_000, bbox=(34.6, 36.2, 35.6, 37.6), names=["Harran"]),
        GazRow(13, "Harran", 35.13, 36.75, "P", "PPL", "SY", admin1="21", admin1_name="Harran", population=460_000,
               names=["Harran"]),
        GazRow(6252001, "United States", 39.76, -98.5, "A", "PCLI", "US", population=327_000_000,
               names=["United States"]),
        GazRow(-1_000_005, "Upper Marsh Lands", 30.0, 70.0, "A", "ADM1", "PK", admin1_name="Upper Marsh Lands",
               population=300_000, names=["Upper Marsh Lands"]),
        GazRow(21, "Ashgrove", 38.79, -77.61, "P", "PPL", "US", admin1_name="Virginia", population=11_000,
               names=["Ashgrove"]),
        GazRow(22, "Millbrook", 38.83, -77.43, "P", "PPL", "US", admin1_name="Virginia", population=9_000,
               names=["Millbrook"]),
        GazRow(23, "Fernhill", 43.91, -69.82, "P", "PPL", "US", admin1_name="Maine", population=8_000,
               names=["Fernhill"]),
    ]
    path = tmp_path / "gaz.sqlite"
    add_rows(path, rows)
    return Gazetteer(path)


def _all_mentions(text: str, names: list[str], gaz: Gazetteer) -> list[Mention]:
    """Every occurrence of each name, in text order."""
    ms = []
    for n in names:
        i = -1
        while (i := text.find(n, i + 1)) >= 0:
            ms.append(Mention(i, i + len(n), n, "toponym", "test", "", gaz.lookup(n)))
    return sorted(ms, key=lambda m: m.start)


def _mentions(text: str, names: list[str], gaz: Gazetteer) -> list[Mention]:
    out = []
    for n in names:
        i = text.index(n)
        cands = gaz.lookup(n)
        kind = "demonym" if cands and all(c.kind == "demonym" for c in cands) else "toponym"
        out.append(Mention(i, i + len(n), n, kind, "test", "", cands))
    return out


def test_lookup_spellings(gaz: Gazetteer) -> None:
    for spelling in ("Dayr az Zawr", "Deir al-Zour", "deir ez-zor"):
        assert 170794 in {c.geonameid for c in gaz.lookup(spelling)}
    assert {c.geonameid for c in gaz.lookup("al-Hasaka")} == {173194}  # loose key: article, final -h
    assert [c.kind for c in gaz.lookup("Syrian")] == ["demonym"]


def test_context_picks_the_town_in_the_focus_country(gaz: Gazetteer) -> None:
    text = "Fighting in Deir ez-Zor, Syria, went on as Syrian forces advanced."
    places = resolve(_mentions(text, ["Deir ez-Zor", "Syria", "Syrian"], gaz), text, gaz)
    assert places[0].geonameid == 170794 and places[0].country_code == "SY" and places[0].precision == 1
    assert places[2].kind == "demonym"


def test_admin_hierarchy_beats_population(gaz: Gazetteer) -> None:
    text = "A storm hit Paris, Texas on Monday."
    places = resolve(_mentions(text, ["Paris", "Texas"], gaz), text, gaz)
    assert places[0].country_code == "US"
    text = "Talks opened in Paris on Monday."
    assert resolve(_mentions(text, ["Paris"], gaz), text, gaz)[0].country_code == "FR"


def test_town_followed_by_its_region_beats_a_capital(gaz: Gazetteer) -> None:
    text = "A 25-year-old Paris, Missouri, man was arrested."
    places = resolve(_mentions(text, ["Paris", "Missouri"], gaz), text, gaz)
    assert places[0].geonameid == 4 and places[1].feature_code == "ADM1"


def test_town_near_another_takes_the_nearby_reading(gaz: Gazetteer) -> None:
    text = "He was stabbed at a house in Edmonton, south of Cairns, in November."
    places = resolve(_mentions(text, ["Edmonton", "Cairns"], gaz), text, gaz)
    assert places[0].geonameid == 2167744 and places[1].country_code == "AU"
    text = "He moved to Edmonton last year."
    assert resolve(_mentions(text, ["Edmonton"], gaz), text, gaz)[0].country_code == "CA"


def test_repeated_name_does_not_outvote_the_named_country(gaz: Gazetteer) -> None:
    text = ("A London rally thanked Canada. London residents marched; London police watched. "
            "More will come to London next week.")
    names = ["London", "Canada"]
    ms = []
    for n in names:
        i = -1
        while (i := text.find(n, i + 1)) >= 0:
            ms.append(Mention(i, i + len(n), n, "toponym", "test", "", gaz.lookup(n)))
    ms.sort(key=lambda m: m.start)
    places = resolve(ms, text, gaz)
    assert {p.country_code for p in places if p.text == "London"} == {"CA"}


def test_unresolvable_name_is_kept_and_harms_nothing(gaz: Gazetteer) -> None:
    text = "Shelling hit Xqzzyville and Deir ez-Zor in Syria."
    ms = _mentions(text, ["Xqzzyville", "Deir ez-Zor", "Syria"], gaz)
    places = resolve(ms, text, gaz)
    assert places[0].lat is None and places[0].resolution.startswith("no-match")
    assert places[1].geonameid == 170794
    placed = resolve(ms, text, gaz, context_places=True)[0]  # ACLED-style: the nearest known town, precision 2
    assert placed.geonameid is None and placed.precision == 2 and placed.resolution.startswith("context")
    assert km(placed.lat, placed.lon, 35.336, 40.141) < 1


def test_unknown_name_of_a_known_place_is_placed_there(gaz: Gazetteer) -> None:
    text = "Officials of the Central Bank of Syria met in Paris."
    start = text.index("Central")
    ms = [Mention(start, start + len("Central Bank of Syria"), "Central Bank of Syria", "toponym", "test", "", ()),
          *_mentions(text, ["Paris"], gaz)]
    placed = resolve(ms, text, gaz, context_places=True)[0]
    assert placed.country_code == "SY" and placed.precision == 3 and placed.resolution.startswith("context")


def test_region_phrases(gaz: Gazetteer) -> None:
    text = "The campaign in northeastern Syria and on the east bank of the Euphrates, near Deir ez-Zor."
    places = resolve(_mentions(text, ["Syria", "Euphrates", "Deir ez-Zor"], gaz), text, gaz)
    regions = {p.text: p for p in places if p.kind == "region"}
    ne = regions["northeastern Syria"]
    assert ne.precision == 3 and ne.lat > 35.0 and ne.lon > 38.0
    bank = regions["east bank of the Euphrates"]
    assert bank.precision == 3 and km(bank.lat, bank.lon, 35.02, 40.45) < 50
    near = regions["near Deir ez-Zor"]
    assert near.precision == 2 and km(near.lat, near.lon, 35.336, 40.141) < 1


def test_between_two_places(gaz: Gazetteer) -> None:
    text = "Clashes on the road between Deir ez-Zor and Hasaka."
    places = resolve(_mentions(text, ["Deir ez-Zor", "Hasaka"], gaz), text, gaz)
    mid = [p for p in places if p.kind == "region"]
    assert len(mid) == 1 and mid[0].precision == 2 and 35.3 < mid[0].lat < 36.6



def _unknown(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), name, "toponym", "test", "", ())


def _placed(text: str, names: list[str], unknown: str, gaz: Gazetteer) -> Place:
    ms = sorted([*_mentions(text, names, gaz), _unknown(text, unknown)], key=lambda m: m.start)
    return [p for p in resolve(ms, text, gaz, context_places=True) if p.text == unknown][0]


def test_unknown_name_led_by_a_place_is_placed_there(gaz: Gazetteer) -> None:
    # A name the gazetteer lacks, led by a place's name, lies in that place, not at the article's town.
    placed = _placed("Police in Paris, Texas cited a Missouri State University study.", ["Paris", "Texas"],
                     "Missouri State University", gaz)
    assert placed.admin1 == "Missouri" and placed.precision == 3 and placed.resolution.startswith("context")
    # A country anywhere in the name ("Nazi Germany", "Ottoman Syria").
    placed = _placed("Historians in London compared Ottoman Syria with today.", ["London"], "Ottoman Syria", gaz)
    assert placed.country_code == "SY"


def test_unknown_name_led_by_a_region_of_a_named_country_outside_the_focus(gaz: Gazetteer) -> None:
    # The article is about Syria, but it names the United States: a name led by one of its states lies there.
    text = ("Shelling hit Deir ez-Zor and Al Hasakah in Syria; a Missouri State University survey for the "
            "United States was cited.")
    placed = _placed(text, ["Deir ez-Zor", "Al Hasakah", "Syria", "United States"], "Missouri State University", gaz)
    assert placed.admin1 == "Missouri" and placed.resolution.startswith("context")


def test_unknown_name_not_placed_at_its_namesake(gaz: Gazetteer) -> None:
    # Streets and units named after a place, and names whose place word follows a person's name, take
    # the article's local context instead.
    for name in ("Paris Avenue", "Texas Township", "Mohammed Paris Centre"):
        placed = _placed(f"{name} was shelled, residents of Deir ez-Zor said.", ["Deir ez-Zor"], name, gaz)
        assert placed.country_code == "SY" and placed.precision == 2, name
    # A town of the article inside the place the name leads with is the more precise point.
    placed = _placed("Fans fled the Syria Stadium after the blasts, officials in Deir ez-Zor said.",
                     ["Deir ez-Zor"], "Syria Stadium", gaz)
    assert placed.precision == 2 and km(placed.lat, placed.lon, 35.336, 40.141) < 1


def _toponyms(text: str) -> dict[str, Place]:
    from eventwire.geo import geoparse
    from eventwire.geo.gazetteer import ensure
    from eventwire.nlp import load_model

    return {p.text: p for p in geoparse(load_model()(text), ensure()) if p.kind == "toponym"}


@pytest.mark.slow
def test_a_region_of_no_country_is_not_moved_into_the_articles_country() -> None:
    places = _toponyms("Sailors from Norfolk, Virginia, returned from the Middle East on Friday.")
    assert places["Middle East"].feature_code == "RGN" and places["Middle East"].country_code is None


@pytest.mark.slow
def test_a_big_city_stays_itself_when_the_article_names_another_state() -> None:
    places = _toponyms("The team from Dayton, Ohio, lost to Arlington on Saturday night.")
    assert places["Dayton"].admin1 == "Ohio"
    assert places["Arlington"].admin1 == "Texas" and places["Arlington"].feature_code == "PPL"


@pytest.mark.slow
def test_a_compass_part_of_a_town_is_placed_in_the_town() -> None:
    places = _toponyms("Tourists from Canada were robbed in Brixton, South London, on Friday.")
    assert places["South London"].country_code == "GB" and places["South London"].name == "London"
    places = _toponyms("Police raided a flat in East Manchester.")
    assert places["East Manchester"].name == "Manchester"


@pytest.mark.slow
def test_a_region_named_after_its_big_city_is_the_city_unless_the_text_says_state() -> None:
    assert _toponyms("Protesters gathered in New York on Monday.")["New York"].feature_code == "PPL"
    assert _toponyms("LAGOS (Reuters) - Fuel prices rose again.")["LAGOS"].feature_code == "PPL"
    assert _toponyms("Flooding hit upstate New York.")["New York"].feature_code == "ADM1"
    assert _toponyms("New York Gov. Jane Doe signed the bill.")["New York"].feature_code == "ADM1"


@pytest.mark.slow
def test_a_list_of_cities_is_no_town_in_a_state() -> None:
    places = _toponyms("The band played in Denver, New York and Atlanta last week.")
    assert places["New York"].feature_code == "PPL" and places["Denver"].admin1 == "Colorado"
    places = _toponyms("They met in Dayton, Ohio, and Austin, Texas.")
    assert places["Dayton"].admin1 == "Ohio" and places["Austin"].admin1 == "Texas"


def test_a_bare_name_takes_the_reading_its_stated_mention_has(gaz: Gazetteer) -> None:
    # One sense per article: "Paris, Missouri" once carries to the bare "Paris" said later.
    text = "A Paris, Missouri, man was charged. Paris has one courthouse, and the trial stays in Paris."
    places = resolve(_all_mentions(text, ["Paris", "Missouri"], gaz), text, gaz)
    assert [p.geonameid for p in places if p.text == "Paris"] == [4, 4, 4]
    # Without a stated reading each mention keeps its own.
    text = "Talks opened in Paris. Paris hosts them again next year."
    assert {p.country_code for p in resolve(_all_mentions(text, ["Paris"], gaz), text, gaz)} == {"FR"}


def test_a_region_whose_towns_the_article_names_beats_its_namesake_city(gaz: Gazetteer) -> None:
    # The region's own reading does not vote for the city named after it, and a town of the region
    # named elsewhere in the article supports the region.
    text = "Hospitals in Porton are full, and Lakeland's health minister said more beds would open."
    places = resolve(_mentions(text, ["Porton", "Lakeland"], gaz), text, gaz)
    assert places[1].feature_code == "ADM1" and places[0].geonameid == 12
    # A small region's namesake city stands for it ("fighting in Hama").
    text = "Shelling hit Harran overnight."
    assert resolve(_mentions(text, ["Harran"], gaz), text, gaz)[0].feature_code == "PPL"


def test_an_unknown_name_is_placed_where_the_articles_towns_cluster(gaz: Gazetteer) -> None:
    # Two neighbouring towns outweigh an isolated one said nearer to the unknown name (a misread word).
    text = ("Students from Ashgrove and Millbrook met the Fernhill coach at Oakridge Elementary on Friday.")
    placed = _placed(text, ["Ashgrove", "Millbrook", "Fernhill"], "Oakridge Elementary", gaz)
    assert placed.admin1 == "Virginia" and placed.resolution.startswith("context")


def test_a_road_number_is_placed_at_the_local_context_an_acronym_is_not(gaz: Gazetteer) -> None:
    text = "The B4021 was closed near Deir ez-Zor after the crash, the QRT said."
    road = _placed(text, ["Deir ez-Zor"], "B4021", gaz)
    assert road.country_code == "SY" and road.resolution.startswith("context")
    assert _placed(text, ["Deir ez-Zor"], "QRT", gaz).lat is None


def test_initials_of_a_region_the_article_names_are_that_region(gaz: Gazetteer) -> None:
    text = "Drones struck the Upper Marsh Lands on Monday; UML elders said two died."
    ms = [*_mentions(text, ["Upper Marsh Lands"], gaz), _unknown(text, "UML")]
    places = resolve(sorted(ms, key=lambda m: m.start), text, gaz)
    assert places[1].name == "Upper Marsh Lands" and "initials" in (places[1].resolution or "")

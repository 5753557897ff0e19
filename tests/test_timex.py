"""The time tagger: values anchored to the publication date, ranges, precision, event dates."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.model import Document
from eventwire.timex import acled_time_precision, event_date, tag, value_range
from eventwire.timex.calendar import shift, unit_value
from eventwire.timex.ranges import merge_ranges
from eventwire.timex.stage import time_expressions

PUB = date(2019, 11, 24)  # a Sunday


def values(text: str, anchor: date | None = PUB, direction=None) -> list[tuple[str, str, str]]:
    return [(text[f.start:f.end], f.type, f.value) for f in tag(text, anchor, direction=direction)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It happened on November 23, 2019.", ("November 23, 2019", "DATE", "2019-11-23")),
        ("It happened on 23 November 2019.", ("23 November 2019", "DATE", "2019-11-23")),
        ("Filed 2019-11-02 in court.", ("2019-11-02", "DATE", "2019-11-02")),
        ("Filed 11/02/2019 in court.", ("11/02/2019", "DATE", "2019-11-02")),
        ("Prices rose in March 2018.", ("March 2018", "DATE", "2018-03")),
        ("They fought yesterday.", ("yesterday", "DATE", "2019-11-23")),
        ("They will meet tomorrow.", ("tomorrow", "DATE", "2019-11-25")),
        ("Talks collapsed last week.", ("last week", "DATE", "2019-W46")),
        ("It was hot last year.", ("last year", "DATE", "2018")),
        ("Sales rose earlier this month.", ("earlier this month", "DATE", "2019-11")),
        ("He left two years ago.", ("two years ago", "DATE", "2017")),
        ("Born in the 1990s.", ("the 1990s", "DATE", "199")),
        ("Growth slowed in mid-2019.", ("mid-2019", "DATE", "2019")),
        ("It started in early October.", ("early October", "DATE", "2019-10")),
        ("Troops will attack in the coming days.", ("the coming days", "DATE", "FUTURE_REF")),
        ("The war lasted two weeks.", ("two weeks", "DURATION", "P2W")),
        ("He slept for 16 hours.", ("16 hours", "DURATION", "PT16H")),
        ("Profit rose in the third quarter.", ("the third quarter", "DATE", "2019-Q3")),
        ("It is raining now.", ("now", "DATE", "PRESENT_REF")),
        ("The paper appears daily.", ("daily", "SET", "P1D")),
        ("At 10:30 a.m. Friday the bomb went off.", ("10:30 a.m. Friday", "TIME", "2019-11-22T10:30")),
        ("The convoy left at 0430 GMT.", ("0430 GMT", "TIME", "2019-11-24T04:30")),
        ("The curfew begins at 2100 hours.", ("2100 hours", "TIME", "2019-11-24T21:00")),
        ("In nineteen ninety-six the law passed.", ("nineteen ninety-six", "DATE", "1996")),
        ("Trump visited on Christmas.", ("Christmas", "DATE", "2019-12-25")),
        ("They met on Good Friday.", ("Good Friday", "DATE", "2020-04-10")),
        ("Protesters prayed as Easter week began.", ("Easter week", "DATE", "2020-W15")),
    ],
)
def test_tag_normalizes_against_the_publication_date(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in values(text)


def test_weekday_follows_the_tense() -> None:
    text = "They met on Tuesday."
    assert values(text, direction=lambda s, e: -1) == [("Tuesday", "DATE", "2019-11-19")]
    assert values(text, direction=lambda s, e: 1) == [("Tuesday", "DATE", "2019-11-26")]
    assert values("They met on Sunday.")[0][2] == "2019-11-24"  # the publication day itself


def test_month_day_without_year_follows_the_tense() -> None:
    anchor = date(2019, 3, 1)
    text = "The vote is on December 5."
    assert values(text, anchor, direction=lambda s, e: -1)[0][2] == "2018-12-05"
    assert values(text, anchor, direction=lambda s, e: 1)[0][2] == "2019-12-05"
    # a date close to the anchor is the near one, whatever the tense says
    assert values("It was set for March 10.", anchor, direction=lambda s, e: -1)[0][2] == "2019-03-10"


def test_without_anchor_relative_values_stay_unanchored() -> None:
    assert values("They met on Tuesday and left yesterday in October.", anchor=None) == [
        ("Tuesday", "DATE", "XXXX-WXX-2"), ("yesterday", "DATE", "PAST_REF"), ("October", "DATE", "XXXX-10")]


def test_a_clock_time_restated_in_parentheses_is_no_year() -> None:
    assert values("Shots rang out at 9:15 p.m. (1815 GMT) near the bridge.") == [
        ("9:15 p.m.", "TIME", "2019-11-24T21:15")]


def test_not_time_expressions() -> None:
    assert values("The 6-year-old boy may march with 2000 people.") == []
    assert values("Theresa May spoke; prices fall.") == []


def test_ranges_are_joined() -> None:
    text = "Voting runs between May 3 and 5, and from Monday to Wednesday."
    found = merge_ranges(text, tag(text, PUB, direction=lambda s, e: -1), PUB)
    got = [(text[f.start:f.end], f.value, f.range, f.precision) for f in found]
    assert got[0] == ("May 3 and 5", "2019-05-03/2019-05-05", ("2019-05-03", "2019-05-05"), "week")
    assert got[1][0] == "Monday to Wednesday" and got[1][2] == ("2019-11-18", "2019-11-20")
    text = "The campaign will take place over the next few days to several weeks."
    found = merge_ranges(text, tag(text, PUB), PUB)
    assert [(text[f.start:f.end], f.value) for f in found] == [("the next few days to several weeks", "FUTURE_REF")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-11-23", ("2019-11-23", "2019-11-23", "day")),
        ("2019-W47", ("2019-11-18", "2019-11-24", "week")),
        ("2019-W47-WE", ("2019-11-23", "2019-11-24", "week")),
        ("2019-02", ("2019-02-01", "2019-02-28", "month")),
        ("2019-Q4", ("2019-10-01", "2019-12-31", "quarter")),
        ("2019-WI", ("2019-12-01", "2020-02-29", "season")),
        ("2019", ("2019-01-01", "2019-12-31", "year")),
        ("199", ("1990-01-01", "1999-12-31", "decade")),
        ("P2W", (None, None, "duration")),
        ("FUTURE_REF", (None, None, "future")),
        ("2019-11-23T10:30", ("2019-11-23", "2019-11-23", "day")),
    ],
)
def test_value_range(value: str, expected: tuple) -> None:
    assert value_range(value) == expected


def test_calendar_shift() -> None:
    assert unit_value(shift(date(2019, 3, 31), "month", -1), "day") == "2019-02-28"
    assert unit_value(shift(date(2019, 1, 15), "quarter", -1), "quarter") == "2018-Q4"


def test_acled_time_precision() -> None:
    assert acled_time_precision("day", ["2019-11-23", "2019-11-23"]) == 1
    assert acled_time_precision("week", ["2019-11-18", "2019-11-24"]) == 2
    assert acled_time_precision("week", ["2019-05-03", "2019-05-05"]) == 2
    assert acled_time_precision("month", ["2019-10-01", "2019-10-31"]) == 3
    assert acled_time_precision("day", None) == 1
    assert acled_time_precision(None, None) == 3
    assert acled_time_precision("future", None) == 3


def test_time_expressions_narrow_early_and_late() -> None:
    times = time_expressions("It began in early October and ended in late 2018.", "2019-11-24")
    assert [(t.text, t.range, t.precision) for t in times] == [
        ("early October", ["2019-10-01", "2019-10-10"], "month"),
        ("late 2018", ["2018-09-01", "2018-12-31"], "year"),
    ]
    assert [t.id for t in times] == ["t1", "t2"]


@pytest.fixture(scope="module")
def nlp():
    from eventwire.nlp import load_model

    return load_model()


def _doc(nlp, text: str, published: str | None):
    sdoc = nlp(text)
    doc = Document(id="d", text=text, published=published)
    doc.times = time_expressions(text, published, sdoc)
    return doc, sdoc


def _date_of(doc, sdoc, word: str):
    i = doc.text.index(word)
    return event_date(doc, sdoc, i, i + len(word))


def test_event_date_from_the_governing_expression(nlp) -> None:
    text = ("Al-Baghdadi was killed by US special forces in October. "
            "General McKenzie said on November 23 that troops will launch a campaign in the coming days. "
            "Russia accused the US of robbery.")
    doc, sdoc = _doc(nlp, text, "2019-11-24")
    killed = _date_of(doc, sdoc, "killed")
    assert (killed.value, killed.precision, killed.inferred) == ("2019-10", "month", False)
    launch = _date_of(doc, sdoc, "launch")
    assert launch.value == "FUTURE_REF" and not launch.inferred  # not the date the general spoke
    said = _date_of(doc, sdoc, "said")
    assert said.value == "2019-11-23"
    accused = _date_of(doc, sdoc, "accused")
    assert (accused.value, accused.precision, accused.inferred, accused.time) == ("2019-11-24", "day", True, None)


def test_event_date_without_publication_date_is_none(nlp) -> None:
    doc, sdoc = _doc(nlp, "Rebels attacked the town.", None)
    d = _date_of(doc, sdoc, "attacked")
    assert d.value is None and d.inferred


def test_stage_fills_times(pipeline) -> None:
    from eventwire.model import Article
    from eventwire.pipeline import Work
    from eventwire.settings import Settings
    from eventwire.timex import TimeStage

    stage = TimeStage(Settings())
    assert stage.name == "time.v4" and stage.requires == ("tokens",) and stage.assigns == ("times",)
    text = "Rebels attacked Goma on Monday."
    from eventwire.nlp import load_model

    work = Work(article=Article.make(text, published="2024-01-10"), doc=Document(id="d", text=text,
                                                                                  published="2024-01-10"))
    work.spacy = load_model()(text)
    stage(work)
    assert [(t.text, t.value, t.precision) for t in work.doc.times] == [("Monday", "2024-01-08", "day")]


def test_event_date_ignores_times_of_other_clauses(nlp) -> None:
    text = ("This is the first time the US military has planned a resumption since Trump ordered the withdrawal "
            "in early October. Rebels attacked the town on Monday and killed five people.")
    doc, sdoc = _doc(nlp, text, "2019-11-24")
    assert _date_of(doc, sdoc, "planned").inferred
    assert _date_of(doc, sdoc, "ordered").value == "2019-10"
    assert _date_of(doc, sdoc, "killed").value == "2019-11-18"


def test_event_date_shared_by_adverbial_clauses_and_framing_dates(nlp) -> None:
    text = ("On 21 March 2020, 9 insurgents died when Afghan forces repulsed their assault in Balkh. "
            "Four policemen were wounded on Monday following attacks by militants. "
            "As reported on 3 March 2020, soldiers clashed with militants in Kunar. "
            "On Tuesday, the rebels threatened to storm the town. "
            "On Wednesday police said rebels had burned the market.")
    doc, sdoc = _doc(nlp, text, "2020-03-25")
    for word, value in (("repulsed", "2020-03-21"), ("their assault", "2020-03-21"), ("attacks", "2020-03-23"),
                        ("clashed", "2020-03-03")):
        d = _date_of(doc, sdoc, word)
        assert (d.value, d.inferred) == (value, False), word
    # a plan lies ahead of the time it was made; what the police said has no date of its own
    assert _date_of(doc, sdoc, "storm").inferred
    burned = _date_of(doc, sdoc, "burned")
    assert (burned.value, burned.inferred, burned.time) == ("2020-03-25", True, None)
    doc, sdoc = _doc(nlp, "After rebels attacked the town on Monday, troops retook it.", "2020-03-25")
    assert _date_of(doc, sdoc, "retook").inferred


def test_anaphoric_expressions_count_from_the_last_date() -> None:
    text = "He was born in 1995 and the following year he moved. On March 3 police came; the next day they left."
    got = values(text, direction=lambda s, e: -1)
    assert ("the following year", "DATE", "1996") in got
    assert ("the next day", "DATE", "2019-03-04") in got
    assert values("That day was sad.") == [("That day", "DATE", "PAST_REF")]  # no reference: only "past"
    got = values("Sales were $2 last year, down from $3 the year before.", direction=lambda s, e: -1)
    assert ("the year before", "DATE", "2017") in got
    # "the day before the vote" is the day of something else, not counted from a date
    assert [v for v in values("He left on Nov. 3, the day before the vote.") if "before" in v[0]] == []
    assert ("later in the day", "DATE", "2019-11-24") in values("He arrived later in the day.")


def test_spans_lie_inside_the_text() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    words = st.sampled_from(["on", "Friday", "May", "3", "-", "5", "last", "week", "2019", "the", "next", "few",
                             "days", "to", "several", "weeks", "ago", "a", "year", "earlier", ",", "10:30", "p.m.",
                             "mid-", "1990s", "quarter", "third", "and", "between", "that", "day", "\n"])

    @hypothesis.settings(max_examples=150, deadline=None)
    @hypothesis.given(st.lists(words, max_size=25), st.sampled_from([None, PUB]))
    def check(parts: list[str], anchor: date | None) -> None:
        text = " ".join(parts)
        times = time_expressions(text, anchor.isoformat() if anchor else None)
        for t in times:
            assert 0 <= t.start < t.end <= len(text) and text[t.start:t.end] == t.text
            assert t.value
        assert all(a.end <= b.start for a, b in zip(times, times[1:], strict=False))

    check()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels seized the town on the 23rd.", ("the 23rd", "DATE", "2019-11-23")),
        ("The war of 2011-2014 ended.", ("2011-2014", "DATE", "2011/2014")),
        ("In Q3 2019 profits fell.", ("Q3 2019", "DATE", "2019-Q3")),
        ("In the first half of 2019 sales rose.", ("the first half of 2019", "DATE", "2019-H1")),
        ("On Nov. 25, 2019, at 3 p.m. the vote began.", ("3 p.m.", "TIME", "2019-11-25T15:00")),
        ("A minute and a half later the plane fell.", ("A minute and a half", "DURATION", "PT1M30S")),
        ("It was a day-long meeting.", ("day-long", "DURATION", "P1D")),
        ("It is a decades-long feud.", ("decades-long", "DURATION", "PXDE")),
        ("Crime fell through the nineties.", ("the nineties", "DATE", "199")),
        ("Jazz spread in the twenties.", ("the twenties", "DATE", "192")),
        ("By mid-afternoon yesterday shares were up.", ("mid-afternoon yesterday", "TIME", "2019-11-23TAF")),
        ("Earlier Sunday, police fired tear gas.", ("Earlier Sunday", "DATE", "2019-11-24")),
        ("Late yesterday the talks ended.", ("Late yesterday", "DATE", "2019-11-23")),
        ("He will speak later this afternoon.", ("later this afternoon", "TIME", "2019-11-24TAF")),
        ("Losses will cut taxes in future quarters.", ("future quarters", "DATE", "FUTURE_REF")),
        ("Funds will sell bonds in the weeks ahead.", ("the weeks ahead", "DATE", "FUTURE_REF")),
        ("We face challenges in the near term.", ("the near term", "DATE", "FUTURE_REF")),
        ("Threats grew over the past decade.", ("the past decade", "DURATION", "P10Y")),
        ("Sales rose in the second half of the year.", ("the second half of the year", "DATE", "2019-H2")),
        ("Net fell in the comparable year-ago quarter.", ("the comparable year-ago quarter", "DATE", "2018-Q3")),
    ],
)
def test_more_news_forms(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in values(text)


def test_the_latest_period_is_the_quarter_reported() -> None:
    text = "Earnings grew in the third quarter. Revenue in the latest period reached $4 million."
    assert ("the latest period", "DATE", "2019-Q3") in values(text)
    assert values("Nothing happened in the latest period.") == [("the latest period", "DATE", "PAST_REF")]
    # a quarter a year back, computed from "a year earlier", is not the one being reported
    text = "Profit rose in the third quarter from $2 a year earlier. The latest period had gains."
    assert ("The latest period", "DATE", "2019-Q3") in values(text)


def test_references_have_no_range_and_say_their_direction() -> None:
    times = time_expressions("Protests have continued in recent days and will go on in the coming weeks.", "2019-11-24")
    assert [(t.value, t.range, t.precision) for t in times] == [("PAST_REF", None, "past"),
                                                                 ("FUTURE_REF", None, "future")]
    assert value_range("2011/2014") == ("2011-01-01", "2014-12-31", "year")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The agency extended its deadline until Tuesday.", "2019-11-26"),  # a deadline lies ahead
        ("The offer had been due to expire Friday.", "2019-11-22"),  # past perfect
        ("Rebels will attack on Friday.", "2019-11-29"),
        ("Rebels attacked on Friday.", "2019-11-22"),
        ("The talks were postponed to Thursday.", "2019-11-28"),
        ("They criticized Wednesday's ruling.", "2019-11-20"),
    ],
)
def test_tense_of_the_clause_places_a_weekday(nlp, text: str, value: str) -> None:
    times = time_expressions(text, "2019-11-24", nlp(text))
    assert [t.value for t in times] == [value]


def test_event_date_now_is_the_publication_day(nlp) -> None:
    doc, sdoc = _doc(nlp, "About 500 US soldiers are now stationed along the river.", "2019-11-24")
    d = _date_of(doc, sdoc, "stationed")
    assert (d.value, d.precision, d.inferred) == ("2019-11-24", "day", False) and d.time == "t1"


def test_user_vocabulary_overrides_the_bundled_one(tmp_path) -> None:
    from importlib import resources

    import yaml

    bundled = yaml.safe_load((resources.files("eventwire") / "data" / "timex.yaml").read_text())
    bundled["holidays"]["nowruz"] = [3, 21]
    (tmp_path / "timex.yaml").write_text(yaml.safe_dump(bundled))
    times = time_expressions("They celebrated Nowruz 2019.", "2019-11-24", data_dir=str(tmp_path))
    assert [(t.text, t.value) for t in times] == [("Nowruz 2019", "2019-03-21")]
    assert [t.text for t in time_expressions("They celebrated Nowruz 2019.", "2019-11-24")] == ["2019"]


@pytest.mark.parametrize(
    "text",
    ["It earns $2 million a year.", "Iraq imports three-quarters of its food.", "A second group formed.",
     'He spoke on "60 Minutes" and on ABC\'s "This Week."', "The 6-year-old boy left."],
)
def test_rates_fractions_ordinals_and_titles_are_not_times(text: str) -> None:
    assert values(text) == []


def test_second_day_after_month_day() -> None:
    got = values("The ministers meet on March 4 and 5 in Geneva.")
    assert ("March 4", "DATE", "2020-03-04") in got or ("March 4", "DATE", "2019-03-04") in got
    day = [v for v in got if v[0] == "5"]
    assert day and day[0][2].endswith("-03-05")
    assert [v[0] for v in values("Output fell in March 4 and 5 percent of plants.")] == ["March 4"]


def test_clock_time_takes_the_weekday_after_a_parenthesis() -> None:
    got = values("The bomb went off at 9:20 a.m. (0620 GMT) Friday near the market.")
    assert ("9:20 a.m.", "TIME", "2019-11-22T09:20") in got


def test_one_day_after_a_modal_is_ahead() -> None:
    assert ("one day", "DATE", "FUTURE_REF") in values("The town will one day be rebuilt.")
    assert ("one day", "DURATION", "P1D") in values("The strike lasted one day.")


def test_post_year_and_plural_weekday_parts() -> None:
    assert ("post-1991", "DATE", "1991") in values("The post-1991 order collapsed.")
    assert ("Friday nights", "SET", "XXXX-WXX-5TNI") in values("Patrols go out on Friday nights.")
    assert ("The October", "DATE", "2019-10") not in values("The October offensive failed.")
    assert ("October", "DATE", "2019-10") in values("The October offensive failed.")


def test_trading_days_and_the_half_of_something_else() -> None:
    assert ("Three trading days", "DURATION", "P3D") in values("Three trading days after the crash, shares rose.")
    assert values("Fighting resumed in the first half of the match.") == []
    got = values("Growth slowed in the last half of the '90s.")
    assert [v[0] for v in got] == ["the '90s"]
    assert ("the third quarter", "DATE", "2019-Q3") in values("It lost in the third quarter of $5 million.")


def test_names_and_idioms_are_not_times() -> None:
    assert values("Peace matters for the future of our peoples.") == []
    assert ("the future", "DATE", "FUTURE_REF") in values("Talks may resume in the future.")
    assert values("This is Radio Today.") == []
    assert ("Today", "DATE", "2019-11-24") in values("Today, the army moved north.")
    assert values("Marchers joined Spring of Hope rallies; it was like High Noon.") == []
    assert ("noon Friday", "TIME", "2019-11-22T12:00") in values("The deadline is noon Friday.")


def test_bare_plural_units_after_within_in_over_the() -> None:
    assert ("weeks", "DURATION", "PXW") in values("More troops will arrive within weeks.")
    assert ("years", "DURATION", "PXY") in values("Trade grew for the first time in years.")
    assert ("the years", "DURATION", "PXY") in values("Over the years the town grew.")
    assert values("He wrote of the days of old.") == []
    assert ("a later date", "DATE", "FUTURE_REF") in values("The vote was put off to a later date.")


def test_in_the_morning_takes_the_day_last_named() -> None:
    got = values("The town fell Friday. Rebels attacked in the morning.")
    assert ("the morning", "TIME", "2019-11-22TMO") in got
    assert ("9 in the evening", "TIME", "2019-11-24T21:00") in values("The curfew starts at 9 in the evening.")


def test_full_weekday_names_count_in_any_case_abbreviations_only_capitalized() -> None:
    assert values("gunmen struck the depot on tuesday.", direction=lambda s, e: -1) == [
        ("tuesday", "DATE", "2019-11-19")]
    assert values("The sun was low and the sat phone rang.") == []


def test_a_year_naming_a_kind_of_thing_or_the_text_date_line_dates_no_event(pipeline) -> None:
    from eventwire import extract

    doc = extract("Officers arrested a man driving a 1984 pickup truck near the bridge.", published="2019-11-24")
    [ev] = [e for e in doc.events if e.type == "COERCE"]
    assert ev.date.value == "2019-11-24" and ev.date.inferred
    doc = extract("This article is from June 2, 2011.\n\nMilitants attacked a border post, officials said.",
                  published="2019-11-24")
    [ev] = [e for e in doc.events if e.type == "ASSAULT"]
    assert ev.date.value == "2019-11-24"

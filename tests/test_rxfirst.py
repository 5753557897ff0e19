"""The first-character lookahead of eventwire.rxfirst: the same matches as the plain pattern."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.rxfirst import compile_first, first_class


def test_first_class_of_optional_prefixes():
    assert first_class(r"(?:early\s+)?(?:1[5-9]\d\d|20\d\d)") == "[12e]"
    assert first_class(r"\b(?:last|next)\s+week") == r"\b[ln]"
    # a path without the word boundary keeps its characters apart
    assert first_class(r"(?:\bthe\s+)?'(?P<d>\d0)s") == r"\b[t]|[']"
    # zero-width assertions are passed over: what they test is not needed to know the first character
    assert first_class(r"(?<=\bon\s)the\s+\d") == "[t]"


@pytest.mark.parametrize("pattern", [r"a*", r"(?:x|)", r".b", r"[^a]b", r"(a)?\1b", r"\b"])
def test_unknown_or_empty_matches_are_left_alone(pattern):
    assert first_class(pattern) is None
    assert compile_first(pattern).pattern == pattern


def test_global_flags_stay_in_front():
    assert compile_first(r"(?i)the\s+day").pattern == r"(?i)the\s+day"


def _rules() -> list[str]:
    from eventwire.timex.tagger import rules
    from eventwire.timex.vocab import load_vocab

    out = []
    for _name, rx, _h, _hints in rules(load_vocab()):
        p = rx.pattern
        out.append(p[p.index("(?:") + 3 : -1] if p.startswith("(?=") else p)
    return out


TEXTS = [
    "Earlier Sunday, three years ago, the late 1990s and mid-2019; on the 5th the next day at 9:20 a.m. (0620 GMT)",
    "EARLY 2020, the year-end, the last few weeks, every other Monday; 12/05/2019 and 2019-05-12, Q3 2021",
    "in the morning of Christmas Day 2018 it will one day be; for months, the week of May 3, the 19th century",
    "ſeptember  ſome day, ﬁrst half of fiscal year 2020, the twenty-first of July, twenty five years",
]


def test_timex_rules_find_the_same_matches():
    for p in _rules():
        plain, fast = re.compile(p, re.I), compile_first(p, re.I)
        for text in TEXTS:
            assert [(m.span(), m.groupdict()) for m in plain.finditer(text)] == \
                [(m.span(), m.groupdict()) for m in fast.finditer(text)], p


WORDS = st.sampled_from(["the", "early", "late", "mid-", "2019", "'90s", "May", "may", "day", "days", "ago",
                         "next", "last", "week", "three", "twenty-one", "Q2", "on", "5th", "9:30", "p.m.", ",", "."])


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, max_size=12), st.lists(st.sampled_from([" ", "  ", "\n", "-", ""]), max_size=12))
def test_same_matches_on_made_up_text(words, seps):
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words))
    for p in _rules()[::3]:
        assert [m.span() for m in re.compile(p, re.I).finditer(text)] == \
            [m.span() for m in compile_first(p, re.I).finditer(text)]

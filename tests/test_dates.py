from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.dates import normalize_published
from eventwire.errors import InputError


@pytest.mark.parametrize(
    "raw",
    ["2019-11-24", "2019-11-24T10:22:00Z", "2019-11-24 10:22:00+03:00", "Sun, 24 Nov 2019 10:00:00 GMT",
     "November 24, 2019", "24 Nov 2019", "24/11/2019", "20191124", "1574553600", "Nov. 24, 2019"],
)
def test_formats(raw: str) -> None:
    assert normalize_published(raw) == "2019-11-24"


@pytest.mark.parametrize("raw", ["soon", "2019-02-30", "not a date at all", "13/13/2019"])
def test_bad_dates_raise_a_clear_error(raw: str) -> None:
    with pytest.raises(InputError):
        normalize_published(raw)


def test_empty_is_none() -> None:
    assert normalize_published(None) is None
    assert normalize_published("  ") is None


@given(st.text(max_size=40))
def test_never_crashes(raw: str) -> None:
    try:
        out = normalize_published(raw)
    except InputError:
        return
    assert out is None or (len(out) == 10 and out[4] == "-")

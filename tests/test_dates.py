from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normaliser import dates
from normaliser.errors import InvalidRecord
from normaliser.record import PartialDate

from .strategies import partial_dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-05-12", PartialDate(2025, 5, 12)),
        ("2025/1/1 0:00:00", PartialDate(2025, 1, 1)),
        ("2025/05/12 00:00:00", PartialDate(2025, 5, 12)),
        ("2025-05-12T00:00:00Z", PartialDate(2025, 5, 12)),
        ("2004-06-01T10:30:00+08:00", PartialDate(2004, 6, 1)),
        ("20250512", PartialDate(2025, 5, 12)),
        ("2025.05.12", PartialDate(2025, 5, 12)),
        ("2025-05", PartialDate(2025, 5)),
        ("2025", PartialDate(2025)),
        ("2025年5月12日", PartialDate(2025, 5, 12)),
        ("２０２５年５月", PartialDate(2025, 5)),
        ("2025年", PartialDate(2025)),
        ("May 2025", PartialDate(2025, 5)),
        ("12 May 2025", PartialDate(2025, 5, 12)),
        ("May 12, 2025", PartialDate(2025, 5, 12)),
        ("2025 May 12", PartialDate(2025, 5, 12)),
        ("Sept. 2024", PartialDate(2024, 9)),
        ("Spring 2025", PartialDate(2025)),
    ],
)
def test_shapes(value: str, expected: PartialDate) -> None:
    parsed = dates.parse(value)
    assert parsed is not None and parsed.date == expected


def test_midnight_is_padding() -> None:
    parsed = dates.parse("2025/1/1 0:00:00")
    assert parsed is not None and parsed.had_time and parsed.midnight
    assert dates.parse("Spring 2025").season == "Spring"  # type: ignore[union-attr]


@pytest.mark.parametrize("value", ["0000-00-00", "0000", "0000/00/00 00:00:00"])
def test_null_sentinels(value: str) -> None:
    assert dates.parse(value) is None


@pytest.mark.parametrize(
    "value", ["2025-13-45", "2025-02-30", "abc", "May", "12/05", "2025-5-12-1", "Moon 2025"]
)
def test_invalid_dates_name_the_field(value: str) -> None:
    with pytest.raises(InvalidRecord) as info:
        dates.parse(value, "publicationDate")
    assert list(info.value.messages) == ["publicationDate"]
    assert repr(value) in str(info.value)


@given(partial_dates())
def test_iso_round_trip(date: PartialDate) -> None:
    parsed = dates.parse(date.iso())
    assert parsed is not None and parsed.date == date


@pytest.mark.parametrize("value", ["2020年5月", "2020年5月12日", "2020年", "20200512"])
def test_a_date_without_a_time_of_day_has_none(value: str) -> None:
    # 年, 月, 日 close a Chinese date: they are not a time of day.
    parsed = dates.parse(value)
    assert parsed is not None and not parsed.had_time


def test_a_time_of_day_is_seen() -> None:
    parsed = dates.parse("2019-05-13T10:21:44Z")
    assert parsed is not None and parsed.had_time and not parsed.midnight


_STAMPS = st.lists(
    st.sampled_from(["0", "00", "0000", "2025", "-", "/", ".", " ", "T", ":", "Z", "+08:00", "12"]),
    max_size=8,
).map("".join)


@given(_STAMPS | st.text(alphabet="0T:Z .-/+", max_size=16))
def test_null_stamps_and_midnight_are_told_as_by_their_patterns_alone(value: str) -> None:
    null = value.startswith("0000") and bool(dates._NULL_STAMP.fullmatch(value))
    assert null == bool(re.fullmatch(r"0000[-/.]00[-/.]00" + dates._TIME, value))
    midnight = bool(value) and bool(dates._MIDNIGHT.match(value))
    assert midnight == bool(re.match(r"^T?0{1,2}:00(:00)?(\.0+)?\s*Z?$", value))

"""Dates as other tools write them: every form reads back as the moment it was written."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import format_datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.readers.dates import date_from_name, parse_date

PARIS = ZoneInfo("Europe/Paris")
moments = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9998, 12, 31),
                       timezones=st.none())
offsets = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes)))


def offset_text(zone: timezone, colon: bool = True) -> str:
    minutes = int(zone.utcoffset(None).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{':' if colon else ''}{rest:02d}"


@given(moments)
def test_unpadded_dates_and_times_are_read_in_the_site_timezone(moment: datetime) -> None:
    text = (f"{moment.year}-{moment.month}-{moment.day} "
            f"{moment.hour}:{moment.minute:02d}:{moment.second:02d}")
    read = parse_date(text, UTC)
    assert read == moment.replace(microsecond=0, tzinfo=UTC)


@given(moments, st.integers(min_value=1, max_value=12))
def test_any_fraction_of_a_second_is_dropped(moment: datetime, digits: int) -> None:
    fraction = "123456789012"[:digits]
    text = f"{moment:%Y-%m-%dT%H:%M:%S}.{fraction}Z"
    assert parse_date(text, PARIS) == moment.replace(microsecond=0, tzinfo=UTC)


@given(moments, offsets, st.booleans())
def test_jekylls_form_with_a_space_and_an_offset_without_a_colon(
        moment: datetime, zone: timezone, colon: bool) -> None:
    text = f"{moment:%Y-%m-%d %H:%M:%S} {offset_text(zone, colon)}"
    read = parse_date(text, PARIS)
    assert read == moment.replace(microsecond=0, tzinfo=zone)
    assert read.utcoffset() == zone.utcoffset(None)


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9998, 12, 31),
                    timezones=st.none()), offsets)
def test_rfc_2822_dates_read_back_as_written(moment: datetime, zone: timezone) -> None:
    aware = moment.replace(microsecond=0, tzinfo=zone)
    assert parse_date(format_datetime(aware), PARIS) == aware


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9998, 12, 31)),
       st.booleans(), st.sampled_from(["-", "_"]))
def test_a_file_name_starting_with_a_date_padded_or_not_is_dated_by_it(
        day: date, padded: bool, separator: str) -> None:
    written = f"{day:%Y-%m-%d}" if padded else f"{day.year}-{day.month}-{day.day}"
    assert date_from_name(f"{written}{separator}story.md", PARIS) == datetime.combine(
        day, time(), tzinfo=PARIS)


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-4-09", datetime(2024, 4, 9, tzinfo=PARIS)),
    ("2024-04-09 9:05", datetime(2024, 4, 9, 9, 5, tzinfo=PARIS)),
    ("2015-01-20 19:23:00 -0800", datetime(2015, 1, 20, 19, 23,
                                          tzinfo=timezone(timedelta(hours=-8)))),
    ("Tue, 12 Mar 2024 18:00:00 +0100", datetime(2024, 3, 12, 18,
                                                 tzinfo=timezone(timedelta(hours=1)))),
    ("2024-02-02T12:00:00Z", datetime(2024, 2, 2, 12, tzinfo=UTC)),
    ("2024-02-02 12:00 UTC", datetime(2024, 2, 2, 12, tzinfo=UTC)),
])
def test_the_forms_real_archives_use(text: str, expected: datetime) -> None:
    assert parse_date(text, PARIS) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("2024-02-30", "'2024-02-30' does not exist"),
    ("2024-4-9 25:00", "'2024-4-9 25:00' has no time 25:00"),
    ("2024-04-09 10:00 +2500", "'2024-04-09 10:00 +2500' has an impossible UTC offset '+2500'"),
    ("Fri, 30 Feb 2024 10:00:00 +0000", "'Fri, 30 Feb 2024 10:00:00 +0000' does not exist"),
    ("next Tuesday", "'next Tuesday' is not a date"),
    ("2024-04-09 " + "x" * 500, "'2024-04-09 " + "x" * 48 + "…' is not a date"),
])
def test_a_date_that_cannot_be_read_says_which_part_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_date(text, PARIS)
    assert str(raised.value) == message


def test_an_impossible_date_in_a_file_name_is_named_as_such() -> None:
    with pytest.raises(ValueError) as raised:
        date_from_name("2024-02-31-port.md", PARIS)
    assert str(raised.value) == "the date 2024-02-31 in the file name does not exist"
    assert date_from_name("port-2024-02-03.md", PARIS) is None
    assert date_from_name("20240203-port.md", PARIS) is None

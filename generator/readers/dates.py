"""Dates as archives write them: ISO 8601 and its loose forms, RFC 2822, Jekyll's
'2015-01-20 19:23:00 -0800', and YYYY-M-D at the start of a file name."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath
from typing import Any

from ..errors import Problems, quoted, shorten

# A date at the start of a file name, as Jekyll (2024-4-9-) and Zola (2024-02-20_) write
# it: then '-', '_' or the end of the name.
FILE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[-_]|$)")
# A date, a time and an offset, each part loose where tools are loose: one-digit months,
# days and hours, a space or 'T' between date and time, no seconds, any fraction of a
# second, an offset with or without a colon and a space before it, or Z, UTC, GMT.
MOMENT = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:(?:[Tt]|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?)?"
    r"\s*(?P<offset>[Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?(?::?\d{2}(?:\.\d+)?)?)?$")
# RFC 2822, as feeds and Pelican archives write dates: 'Tue, 12 Mar 2024 18:00:00 +0100'.
RFC_2822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
# Dates far enough from the ends of the calendar that converting between offsets never
# overflows; HTML and the feeds want four-digit years anyway.
MIN_YEAR, MAX_YEAR = 1000, 9998


def parse_date(value: Any, tz: tzinfo) -> datetime:
    """Return an aware datetime for a date, datetime or string; naive ones are in `tz`.

    Raises ValueError with a message fit for the author, naming the part that is wrong.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        moment = _parse_text(value)
    else:
        raise ValueError(f"'{shorten(value)}' is not a date")
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise ValueError(f"{quoted_value(value)} is outside the years {MIN_YEAR} to {MAX_YEAR}")
    moment = moment.replace(tzinfo=tz) if moment.tzinfo is None else moment
    return _whole_seconds_and_minutes(moment)


def _parse_text(value: str) -> datetime:
    text = value.strip()
    shown = quoted_value(value)
    match = MOMENT.match(text)
    if match is None:
        if RFC_2822.match(text):
            try:
                return parsedate_to_datetime(text)
            except (ValueError, TypeError, IndexError):
                raise ValueError(f"{shown} does not exist") from None
        raise ValueError(f"{shown} is not a date")
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise ValueError(f"{shown} does not exist") from None
    clock = time()
    if match["hour"] is not None:
        hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
        if hour > 23 or minute > 59 or second > 59:
            written = text[match.start("hour"):match.end("second") if match["second"] else
                           match.end("minute")]
            raise ValueError(f"{shown} has no time {written}")
        clock = time(hour, minute, second)
    return datetime.combine(day, clock, tzinfo=_offset(match["offset"], shown))


def _offset(text: str | None, shown: str) -> tzinfo | None:
    """The zone of an offset as written ('+01:00', '-0800', 'Z'); None when there is none."""
    if text is None:
        return None
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    digits = text[1:].replace(":", "")
    if len(digits) > 4 or int(digits[:2]) > 23 or int(digits[2:4] or 0) > 59:
        raise ValueError(f"{shown} has an impossible UTC offset '{text}'")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))


def quoted_value(value: Any) -> str:
    return quoted(value) if isinstance(value, str) else f"'{value}'"


def _whole_seconds_and_minutes(moment: datetime) -> datetime:
    """Drop fractions of a second, and seconds from the offset (a zone's local mean time
    before 1900 has them): HTML's datetime attribute and RFC 3339 allow neither."""
    moment = moment.replace(microsecond=0)
    offset = moment.utcoffset()
    if offset is not None and offset.seconds % 60:
        minutes = round(offset.total_seconds() / 60)
        moment = moment.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    return moment


def read_date(value: Any, key: str, tz: tzinfo, path: str,
              line: Callable[[str], int | None], problems: Problems) -> datetime | None:
    """Read the date under `key`, reporting what is wrong with it on its line."""
    if value is None:
        return None
    try:
        moment = parse_date(value, tz)
    except ValueError as exc:
        message = str(exc)
        if message.endswith("does not exist"):
            hint = "check the day of the month"
        elif "offset" in message:
            hint = "offsets run from -23:59 to +23:59, like +01:00"
        else:
            hint = "use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00"
        problems.error(path, f"{key} {message}", line(key), hint)
        return None
    real = skipped_time(moment, tz)
    if real is None:
        return moment
    zone = getattr(tz, "key", str(tz))
    problems.warn(path, f"{key} {moment:%Y-%m-%d %H:%M} does not exist in {zone} (the clocks "
                  f"went forward); {real:%H:%M}{real.isoformat()[-6:]} is used", line(key),
                  "write the time the clocks showed, or give its UTC offset")
    return real


def skipped_time(moment: datetime, tz: tzinfo) -> datetime | None:
    """For a local time in `tz` that never was (the hour the clocks skip when they go
    forward), the time it comes to (an hour later, the usual way); None for any other."""
    if moment.tzinfo is not tz:
        return None
    real = moment.astimezone(UTC).astimezone(tz)
    return real if real.replace(tzinfo=None) != moment.replace(tzinfo=None) else None


def date_from_name(name: str, tz: tzinfo) -> datetime | None:
    """The date a file name starts with (YYYY-M-D, then '-', '_' or nothing), at midnight
    in `tz`; None if it starts with none. Raises ValueError for a date that does not exist."""
    match = FILE_DATE.match(PurePosixPath(name).stem)
    if not match:
        return None
    try:
        day = date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(f"the date {match[0].rstrip('-_')} in the file name does not "
                         "exist") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"the date {match[0].rstrip('-_')} in the file name is outside the "
                         f"years {MIN_YEAR} to {MAX_YEAR}")
    return datetime.combine(day, time(), tzinfo=tz)


def name_words(name: str) -> str:
    """What a file name says after its date: '2024-02-14-harbour-dredging.md' -> 'harbour-
    dredging'; a name without a date, without its suffix."""
    stem = PurePosixPath(name).stem
    match = FILE_DATE.match(stem)
    return stem[match.end():] if match else stem

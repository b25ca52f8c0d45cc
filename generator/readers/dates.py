"""Dates as authors write them: ISO 8601 in front matter, YYYY-MM-DD- in file names."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from ..errors import Problems, shorten

FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-")
# An ISO 8601 date, time and offset, read part by part to say which part is wrong.
ISO_MOMENT = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?"
    r"\s*(?P<offset>Z|[+-]\d{2}(?::?\d{2})?(?::?\d{2}(?:\.\d+)?)?)?$", re.IGNORECASE)
# Dates far enough from the ends of the calendar that converting between offsets never
# overflows; HTML and the feeds want four-digit years anyway.
MIN_YEAR, MAX_YEAR = 1000, 9998


def parse_date(value: Any, tz: tzinfo) -> datetime:
    """Return an aware datetime for a date, datetime or ISO string; naive ones are in `tz`.

    Raises ValueError with a message fit for the author, naming the part that is wrong.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        moment = _parse_iso(value)
    else:
        raise ValueError(f"'{shorten(value)}' is not a date")
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise ValueError(f"'{value}' is outside the years {MIN_YEAR} to {MAX_YEAR}")
    moment = moment.replace(tzinfo=tz) if moment.tzinfo is None else moment
    return _whole_seconds_and_minutes(moment)


def _parse_iso(value: str) -> datetime:
    text = value.strip()
    match = ISO_MOMENT.match(text)
    if match:
        try:
            date.fromisoformat(match["date"])
        except ValueError:
            raise ValueError(f"'{value}' does not exist") from None
        if match["time"]:
            hour, minute = int(match["time"][:2]), int(match["time"][3:5])
            second = int(match["time"][6:8] or 0)
            if hour > 23 or minute > 59 or second > 59:
                raise ValueError(f"'{value}' has no time {match['time']}") from None
        offset = match["offset"]
        if offset and offset.upper() != "Z":
            digits = offset[1:].replace(":", "")
            if len(digits) > 4 or int(digits[:2]) > 23 or int(digits[2:4] or 0) > 59:
                raise ValueError(f"'{value}' has an impossible UTC offset '{offset}'")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{value}' is not a date") from None


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
    """The date a file name starts with (YYYY-MM-DD-), at midnight in `tz`; None if it
    starts with none. Raises ValueError for a date that does not exist."""
    match = FILE_DATE.match(name)
    if not match:
        return None
    try:
        day = date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(f"the date {match[0].rstrip('-_')} in the file name does not "
                         "exist") from None
    return datetime.combine(day, time(), tzinfo=tz)

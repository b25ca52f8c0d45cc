"""Dates in the reader's language, through Babel (CLDR): formats, month and weekday names,
the titles of year, month and day pages."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo

from babel import Locale
from babel.dates import (
    DateTimePattern,
    format_skeleton,
    get_date_format,
    get_time_format,
    parse_pattern,
)

from ..config import LENGTHS, cldr_pattern
from ..model import Period
from .catalogues import babel_locale

# A zone field outside quotes ('z', 'zz', 'zzz'): printed as the zone's own abbreviation
# (CET, EST, UTC), as strftime's %Z was, where CLDR would often print 'GMT+1'.
_ZONE = re.compile(r"('[^']*')|(?<!z)z{1,3}(?!z)")

# A leap year: 29 February is a day of the year too.
LEAP_YEAR = 2024

# 'en' alone prints dates as international English does (CLDR en_001: 21 February 2024),
# as this generator always has; 'en-US' gives February 21, 2024.
ENGLISH = Locale.parse("en_001")


def date_locale(language: str) -> Locale:
    """The Babel locale dates of a language are written in (English when CLDR lacks it)."""
    if language.casefold() == "en":
        return ENGLISH
    return babel_locale(language) or ENGLISH


class Dates:
    """Date formatting for one language, with the patterns parsed once and each date
    formatted once per pattern (a story's date is on its page and on several lists)."""

    def __init__(self, language: str, date_format: str, time_format: str = "HH:mm z",
                 zone: tzinfo | None = None) -> None:
        self.locale = date_locale(language)
        self.default = date_format
        self.time_format = time_format
        self.zone = zone
        # How this language joins a date and a time: '{1}, {0}' ('{1}، {0}' in Arabic).
        self.glue = str(self.locale.datetime_formats["medium"])
        self._patterns: dict[str, DateTimePattern] = {}
        self._done: dict[tuple[object, ...], str] = {}
        self._titles: dict[tuple[str, int, int, int], str] = {}
        months = self.locale.months
        self.months = months["stand-alone"]["wide"]
        self.months_abbr = months["stand-alone"]["abbreviated"]
        self.weekdays = self.locale.days["format"]["wide"]

    def pattern(self, fmt: str) -> DateTimePattern:
        found = self._patterns.get(fmt)
        if found is None:
            pattern = cldr_pattern(fmt)
            found = self._patterns[fmt] = (
                get_date_format(pattern, self.locale)  # type: ignore[arg-type]
                if pattern in LENGTHS else parse_pattern(pattern))
        return found

    def format(self, moment: datetime | date, fmt: str | None = None) -> str:
        """The date (and time, if the pattern shows it) as the pattern says, in its own
        time zone; `fmt` is date_format's kind of value, the site's date_format if None."""
        # Two equal instants in different zones print differently: the key holds the zone.
        key = (moment, getattr(moment, "tzinfo", None), fmt or self.default)
        done = self._done.get(key)
        if done is None:
            done = self._done[key] = self.pattern(key[2]).apply(moment, self.locale)
        return done

    def moment(self, moment: datetime) -> str:
        """The date and the time of day in the site's time zone, with the zone's name:
        '21 February 2024, 14:05 CET'."""
        local = moment.astimezone(self.zone) if self.zone is not None else moment
        zone = local.tzname() or ""
        pattern = cldr_pattern(self.time_format, "time_format")
        if pattern in LENGTHS:  # the language's own time of day: '14:05', '2:05 pm'
            pattern = get_time_format(pattern, self.locale).pattern  # type: ignore[arg-type]
        time = _ZONE.sub(lambda m: m[1] or "'" + zone.replace("'", "''") + "'", pattern)
        return self.glue.replace("{1}", self.format(local)).replace(
            "{0}", self.format(local, time))

    def day_of_year(self, month: int, day: int) -> str:
        """A day of no year in the language's order: '21 February', '21 février', 'February 21'."""
        return str(format_skeleton("MMMMd", date(LEAP_YEAR, month, day), locale=self.locale))

    def month_name(self, number: int) -> str:
        return str(self.months[number])

    def month_abbr(self, number: int) -> str:
        return str(self.months_abbr[number])

    def weekday_name(self, moment: datetime | date) -> str:
        return str(self.weekdays[moment.weekday()])

    def period_title(self, period: Period) -> str:
        """'2024', 'March 2024', '14 March 2024' in the language's words and order."""
        # Made once each: a period's title is on its own pages and on its neighbours'.
        key = (period.kind, period.year, period.month, period.day)
        title = self._titles.get(key)
        if title is None:
            day = date(period.year, period.month or 1, period.day or 1)
            title = self._titles[key] = (
                str(period.year) if period.kind == "year"
                else str(format_skeleton("yMMMM", day, locale=self.locale))
                if period.kind == "month" else self.format(day, "long"))
        return title

"""Dates in the reader's language, through Babel (CLDR): formats, month and weekday names,
the titles of year, month and day pages."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import DateTimePattern, format_skeleton, get_date_format, parse_pattern

from ..config import LENGTHS, cldr_pattern
from ..model import Period
from .catalogues import babel_locale

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

    def __init__(self, language: str, date_format: str) -> None:
        self.locale = date_locale(language)
        self.default = date_format
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

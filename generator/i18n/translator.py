"""The words and dates of one language, for the planners (page titles, feed titles) and
the templates (installed in their environment)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from babel.lists import format_list

from ..config import Config
from .catalogues import Catalogue, Key, load_catalogue
from .dates import Dates

# The strings Python puts on pages (the templates hold the rest), marked where they are
# written with N_(); the build checks every catalogue it uses for each of them.
PYTHON_MESSAGES: dict[Key, str] = {}


def N_(message: str, plural: str = "", context: str = "") -> str:
    """Mark a string Python translates later; return it as it is."""
    PYTHON_MESSAGES[(context, message) if context else message] = plural or message
    return message


class Translator:
    """One language's catalogue and dates."""

    def __init__(self, catalogue: Catalogue, dates: Dates) -> None:
        self.catalogue = catalogue
        self.dates = dates
        self.language = catalogue.language
        translations = catalogue.translations
        self.gettext_raw = translations.gettext
        self.ngettext_raw = translations.ngettext
        self.pgettext_raw = translations.pgettext
        self.npgettext_raw = translations.npgettext

    def gettext(self, message: str, **variables: Any) -> str:
        """The translation, with %(name)s filled in from `variables` (as templates do)."""
        return self.gettext_raw(message) % variables

    def ngettext(self, singular: str, plural: str, number: int, **variables: Any) -> str:
        """The plural form `number` takes, with %(num)d filled in."""
        variables.setdefault("num", number)
        return self.ngettext_raw(singular, plural, number) % variables

    def names(self, names: Sequence[str]) -> str:
        """Names as one phrase in the language: 'A and B', 'A, B and C', 'A, B et C'."""
        return format_list(list(names), locale=self.dates.locale)

    def list_glue(self, count: int) -> tuple[str, ...]:
        """What goes before, between and after `count` items of a list in the language
        (count + 1 strings), for a template that writes each item itself (a link)."""
        return _glue(str(self.dates.locale), count)


@lru_cache(maxsize=64)
def _glue(locale: str, count: int) -> tuple[str, ...]:
    if count < 1:
        return ("",)
    joined = format_list([f"\0{number}\0" for number in range(count)], locale=locale)
    return tuple(re.split(r"\0\d+\0", joined))


_CACHE: dict[tuple[object, ...], Translator] = {}


def translator_for(config: Config) -> Translator:
    """The translator of a language's pages (config is that language's settings), made once
    while its catalogue files, date and time formats and time zone stay the same."""
    catalogue = load_catalogue(config, config.language)
    key = (id(catalogue), config.language, config.date_format, config.time_format,
           config.timezone)
    found = _CACHE.get(key)
    if found is None or found.catalogue is not catalogue:
        found = _CACHE[key] = Translator(catalogue, Dates(
            config.language, config.date_format, config.time_format, config.tz))
    return found

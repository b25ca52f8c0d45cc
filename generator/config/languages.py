"""[languages.<code>] in site.toml: the languages of a multilingual site, each with the
settings it changes (title, description, date_format, ...)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError

from ..errors import Problems, did_you_mean
from .dates import DateFormatError, cldr_pattern
from .tables import CONFIG_NAME, Permalinks, expected_name, key_line, type_name

if TYPE_CHECKING:
    from .settings import Config

# BCP 47 language tags in their common shapes: 'en', 'pt-BR', 'zh-Hant-TW', 'sr-Latn'.
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")

# The keys a [languages.<code>] table may set, with their types: what a reader of that
# language sees. URLs, folders and what parsing does stay the site's.
PER_LANGUAGE: dict[str, type] = {
    "title": str, "description": str, "author": str, "publisher": str, "logo": str,
    "copyright": str, "date_format": str, "time_format": str, "per_page": int,
    "words_per_minute": int,
}

# The settings that hold a date (or time) pattern.
DATE_KEYS = ("date_format", "time_format")


@dataclass(frozen=True, slots=True)
class Language:
    """One [languages.<code>] table: a language of the site and the settings it changes."""

    code: str
    settings: tuple[tuple[str, Any], ...] = ()


def known_locale(code: str) -> bool:
    """Whether CLDR (through Babel) has data for a language tag: its dates, plural rules."""
    try:
        Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return False
    return True


def parse_languages(value: Any, text: str, problems: Problems) -> tuple[Language, ...]:
    """Check the [languages] table: one table per language tag, with known keys."""
    if not isinstance(value, dict):
        problems.error(CONFIG_NAME, "[languages] must hold one table per language, like "
                       "[languages.fr]", key_line(text, "languages"))
        return ()
    languages = []
    seen: dict[str, str] = {}
    for code, table in value.items():
        line = _table_line(text, code)
        if not check_language(code, CONFIG_NAME, line, problems):
            continue
        if not known_locale(code):
            problems.error(CONFIG_NAME, f"language '{code}' is not one CLDR knows", line,
                           "use a code such as 'fr', 'de' or 'pt-BR'")
            continue
        if code.casefold() in seen:
            problems.error(CONFIG_NAME, f"[languages.{code}] repeats [languages."
                           f"{seen[code.casefold()]}]", line, "keep one table per language")
            continue
        seen[code.casefold()] = code
        if not isinstance(table, dict):
            problems.error(CONFIG_NAME, f"languages.{code} must be a table of settings",
                           line, f'for example [languages.{code}] then title = "..."')
            continue
        languages.append(Language(code, _settings(code, table, text, problems)))
    return tuple(languages)


def _settings(code: str, table: dict[str, Any], text: str,
              problems: Problems) -> tuple[tuple[str, Any], ...]:
    settings = []
    start = _table_line(text, code) or 0
    below = "\n".join(text.splitlines()[start:])  # a key's line inside this table
    for key, item in table.items():
        found = key_line(below, key)
        line = start + found if found else None
        expected = PER_LANGUAGE.get(key)
        if expected is None:
            problems.error(CONFIG_NAME, f"unknown key '{key}' in [languages.{code}]", line,
                           did_you_mean(key, PER_LANGUAGE)
                           or f"a language may set {', '.join(PER_LANGUAGE)}")
        elif isinstance(item, bool) or not isinstance(item, expected):
            problems.error(CONFIG_NAME, f"'{key}' in [languages.{code}] must be "
                           f"{expected_name(expected)}, not {type_name(type(item))}", line)
        elif isinstance(item, int) and item < 1:
            problems.error(CONFIG_NAME, f"'{key}' in [languages.{code}] must be at least 1",
                           line)
        elif isinstance(item, str) and key in DATE_KEYS and not check_date_format(
                item, line, problems, key):
            continue
        else:
            settings.append((key, item))
    return tuple(settings)


def check_language(value: str, path: str, line: int | None, problems: Problems) -> bool:
    """Report a language that is not a BCP 47 tag; True if it is one."""
    if LANGUAGE_TAG.match(value):
        return True
    problems.error(path, f"language '{value}' is not a language tag", line,
                   "use a code such as 'en', 'fr' or 'pt-BR'")
    return False


def check_date_format(value: str, line: int | None, problems: Problems,
                      key: str = "date_format") -> bool:
    """Report a date_format (or time_format) that is neither a CLDR length or pattern nor a
    strftime pattern with a CLDR equivalent; True if it can be used."""
    try:
        cldr_pattern(value, key)
    except DateFormatError as exc:
        problems.error(CONFIG_NAME, str(exc), line, exc.hint)
        return False
    return True


def edition_settings(config: Config, code: str) -> Config:
    """The settings of one language's pages: its [languages.<code>] table over the site's,
    its URLs under /<code> (but the default language's); `config` for a site of one
    language that sets nothing in [languages]."""
    if config.site_language:
        raise ValueError("the settings of one language have no other languages")
    default = config.language
    prefix = "" if code.casefold() == default.casefold() else "/" + code.lower()
    settings = {key: value for lang in config.languages
                if lang.code.casefold() == code.casefold() for key, value in lang.settings}
    if not prefix and not settings:
        return config
    return dataclasses.replace(
        config, language=code if prefix else default, site_language=default, prefix=prefix,
        permalinks=prefixed(config.permalinks, prefix),
        search=dataclasses.replace(config.search, url=prefix + config.search.url),
        **settings)


def prefixed(links: Permalinks, prefix: str) -> Permalinks:
    """The URL patterns of a language's pages: the site's, under /<code>."""
    return dataclasses.replace(links, **{
        f.name: prefix + getattr(links, f.name)
        for f in dataclasses.fields(links) if f.name != "page"})


def _table_line(text: str, code: str) -> int | None:
    return (key_line(text, f"languages.{code}") or key_line(text, f'languages."{code}"')
            or key_line(text, code))

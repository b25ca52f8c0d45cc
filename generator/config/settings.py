"""site.toml: read it, check every key, and freeze it into a Config."""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import Problems, SiteError, did_you_mean
from ..files import read_text
from ..model import text_direction
from .front_matter import SLUG_SOURCES, FrontMatter, parse_front_matter
from .languages import (
    DATE_KEYS,
    Language,
    check_date_format,
    check_language,
    edition_settings,
    parse_languages,
)
from .markdown import Markdown, parse_markdown, replaced_key
from .tables import (
    CONFIG_NAME,
    Autotag,
    Feeds,
    Permalinks,
    Search,
    Sitemap,
    expected_name,
    key_line,
    parse_autotag,
    parse_permalinks,
    parse_section,
    type_name,
)
from .toml import load_toml

# Every printable ASCII character but the space stays as it is in an absolute URL.
_SAFE = "".join(chr(c) for c in range(33, 127))


@dataclass(frozen=True, slots=True)
class Config:
    """Everything site.toml says, checked and with defaults filled in."""

    root: Path
    title: str = "News Archive"
    description: str = ""
    base_url: str = "http://localhost:8000/"
    language: str = "en"
    timezone: str = "UTC"
    per_page: int = 20
    author: str = ""
    publisher: str = ""
    logo: str = ""
    copyright: str = ""
    date_format: str = "long"
    # After the date when the source gave a time of day; z is the zone's abbreviation (CET).
    time_format: str = "HH:mm z"
    summary_words: int = 40
    words_per_minute: int = 230
    content_dir: str = "content"
    templates_dir: str = "templates"
    static_dir: str = "static"
    output_dir: str = "output"
    locales_dir: str = "locales"
    related_articles: int = 5
    sanitize_html: bool = False  # clean article HTML with nh3: for archives of untrusted text
    permalinks: Permalinks = field(default_factory=Permalinks)
    feeds: Feeds = field(default_factory=Feeds)
    sitemap: Sitemap = field(default_factory=Sitemap)
    search: Search = field(default_factory=Search)
    autotag: Autotag = field(default_factory=Autotag)
    front_matter: FrontMatter = field(default_factory=FrontMatter)
    slug_from: str = "title"  # or "filename": the slug of an article without 'slug:'
    markdown: Markdown = field(default_factory=Markdown)
    languages: tuple[Language, ...] = ()  # [languages.<code>] tables, in site.toml's order
    # Set in the settings of one language's pages (see editions): the site's default
    # language, and where this language's pages live ("" for the default one, "/fr").
    site_language: str = ""
    prefix: str = ""

    @property
    def default_language(self) -> str:
        """The language of the pages at '/'."""
        return self.site_language or self.language

    @property
    def codes(self) -> tuple[str, ...]:
        """The site's languages: the default one first, then the others as declared."""
        default = self.default_language
        return (default, *(lang.code for lang in self.languages
                           if lang.code.casefold() != default.casefold()))

    @property
    def multilingual(self) -> bool:
        return len(self.codes) > 1

    @property
    def home_url(self) -> str:
        return self.prefix + "/"

    def editions(self) -> tuple[Config, ...]:
        """The settings of each language's pages: the default language's at '/', then each
        other one's under /<code>/, with what its [languages.<code>] table changes."""
        return tuple(self.edition(code) for code in self.codes)

    def edition(self, code: str) -> Config:
        """The settings of one language's pages (see editions); self for a site of one
        language that sets nothing in [languages]."""
        return edition_settings(self, code)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def dir(self) -> str:
        return text_direction(self.language)

    @property
    def publisher_name(self) -> str:
        return self.publisher or self.title

    def absolute(self, url: str) -> str:
        """Turn a root-relative URL into an absolute one under base_url, letters outside
        ASCII (a slug kept as written: 'élection') percent-encoded, as sitemaps want."""
        return self.base_url.rstrip("/") + (url if url.isascii() else quote(url, safe=_SAFE))

    def path(self, name: str) -> Path:
        return self.root / getattr(self, name)


_SCALAR_KEYS = {
    "title": str, "description": str, "base_url": str, "language": str, "timezone": str,
    "per_page": int, "author": str, "publisher": str, "logo": str, "copyright": str,
    "date_format": str, "time_format": str, "summary_words": int, "words_per_minute": int,
    "related_articles": int,
    "content_dir": str, "templates_dir": str, "static_dir": str, "output_dir": str,
    "locales_dir": str, "sanitize_html": bool, "slug_from": str,
}
_TABLE_KEYS = {"permalinks", "feeds", "sitemap", "search", "autotag", "front_matter",
               "markdown", "languages"}
# Keys of earlier versions, each reported with what replaced it.
_REPLACED_KEYS = {"markdown_extensions"}
KNOWN_KEYS = set(_SCALAR_KEYS) | _TABLE_KEYS


def load_config(root: Path, base_url: str | None = None) -> Config:
    """Read root/site.toml and return the checked Config; a folder without one is no site."""
    path = root / CONFIG_NAME
    problems = Problems()
    if not path.is_file():
        where = "this folder" if root == Path(".") else str(root)
        problems.error(CONFIG_NAME, f"not found in {where}, so it is not a site", None,
                       "run the command in a site's folder, name one with --site DIR, or "
                       "create a site with 'python -m generator init DIR'")
        raise SiteError(problems.items)
    text = read_text(path, CONFIG_NAME, problems)
    if text is None:
        raise SiteError(problems.items)
    return parse_config(text, root, overrides={"base_url": base_url} if base_url else None)


def parse_config(text: str, root: Path, overrides: dict[str, Any] | None = None) -> Config:
    """Parse site.toml text into a Config, raising SiteError listing every problem."""
    problems = Problems()
    data = load_toml(text, CONFIG_NAME, problems)
    if data is None:
        raise SiteError(problems.items)
    data.update(overrides or {})
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = key_line(text, key)
        if key in _REPLACED_KEYS:
            replaced_key(text, value, problems)
        elif key not in KNOWN_KEYS:
            problems.error(CONFIG_NAME, f"unknown key '{key}'", line,
                           did_you_mean(key, KNOWN_KEYS) or "remove it")
        elif key in _SCALAR_KEYS:
            expected = _SCALAR_KEYS[key]
            if (isinstance(value, bool) != (expected is bool)
                    or not isinstance(value, expected)):
                problems.error(CONFIG_NAME, f"'{key}' must be {expected_name(expected)}, "
                               f"not {type_name(type(value))}", line)
            else:
                values[key] = value
        elif key == "permalinks":
            values[key] = parse_permalinks(value, text, problems)
        elif key == "autotag":
            values[key] = parse_autotag(value, text, problems)
        elif key == "markdown":
            values[key] = parse_markdown(value, text, problems)
        elif key == "languages":
            values[key] = parse_languages(value, text, problems)
        elif key == "front_matter":
            values[key] = parse_front_matter(value, text, problems)
        else:
            values[key] = parse_section(key, value, text, problems)
    _check_values(values, text, problems)
    problems.raise_if_errors()
    if "base_url" in values:
        values["base_url"] = values["base_url"].rstrip("/") + "/"
    return Config(root=root, **values)


def _check_values(values: dict[str, Any], text: str, problems: Problems) -> None:
    tz = values.get("timezone")
    if tz is not None:
        try:
            zoneinfo.ZoneInfo(tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.error(CONFIG_NAME, f"unknown timezone '{tz}'", key_line(text, "timezone"),
                           "use an IANA name such as 'Europe/Paris' or 'UTC'")
            del values["timezone"]
    for key in ("per_page", "summary_words", "words_per_minute"):
        if key in values and values[key] < 1:
            problems.error(CONFIG_NAME, f"'{key}' must be at least 1", key_line(text, key))
    if values.get("related_articles", 0) < 0:
        problems.error(CONFIG_NAME, "'related_articles' must be 0 (none) or more",
                       key_line(text, "related_articles"))
    if values.get("slug_from", "title") not in SLUG_SOURCES:
        problems.error(CONFIG_NAME, f"'slug_from' must be 'title' or 'filename', not "
                       f"'{values.pop('slug_from')}'", key_line(text, "slug_from"))
    language = values.get("language")
    if language is not None:
        check_language(language, CONFIG_NAME, key_line(text, "language"), problems)
    for key in DATE_KEYS:
        if key in values and not check_date_format(
                values[key], key_line(text, key), problems, key):
            del values[key]
    base = values.get("base_url")
    if base is not None and not re.match(r"^https?://[^/\s]+(/\S*)?$", base):
        problems.error(CONFIG_NAME, f"base_url '{base}' is not an http(s) URL",
                       key_line(text, "base_url"), "for example 'https://news.example.org/'")



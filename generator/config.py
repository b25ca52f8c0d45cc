"""site.toml: read it, check every key, and freeze it into a Config."""

from __future__ import annotations

import re
import tomllib
import zoneinfo
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import Problems, SiteError, did_you_mean
from .model import text_direction

CONFIG_NAME = "site.toml"


@dataclass(frozen=True, slots=True)
class Permalinks:
    """URL patterns; placeholders are {year} {month} {day} {slug}."""

    article: str = "/{year}/{month}/{day}/{slug}/"
    tag: str = "/tags/{slug}/"
    tags: str = "/tags/"
    source: str = "/sources/{slug}/"
    sources: str = "/sources/"
    year: str = "/{year}/"
    month: str = "/{year}/{month}/"
    day: str = "/{year}/{month}/{day}/"
    archive: str = "/archive/"
    page: str = "page/{number}/"


# Which placeholders each pattern must carry so that two pages never share a URL.
REQUIRED_PLACEHOLDERS = {
    "article": ("{slug}",),
    "tag": ("{slug}",),
    "source": ("{slug}",),
    "year": ("{year}",),
    "month": ("{year}", "{month}"),
    "day": ("{year}", "{month}", "{day}"),
    "page": ("{number}",),
}
ALLOWED_PLACEHOLDERS = re.compile(r"\{(year|month|day|slug|number)\}")


@dataclass(frozen=True, slots=True)
class Feeds:
    """[feeds]: Atom and RSS for the site, each tag and each source."""

    entries: int = 50
    content: str = "full"  # or "summary"


@dataclass(frozen=True, slots=True)
class Sitemap:
    """[sitemap]: sitemap.xml (an index past max_urls) and the Google News sitemap."""

    max_urls: int = 50_000
    news_days: int = 2
    publication: str = ""  # the news sitemap's publication name; the site title if empty


@dataclass(frozen=True, slots=True)
class Search:
    """[search]: a Pagefind index of the built site and a /search/ page."""

    enabled: bool = False
    url: str = "/search/"


@dataclass(frozen=True, slots=True)
class Autotag:
    """[autotag]: Tag = ["phrase", ...]; an article mentioning a phrase gets the tag."""

    rules: tuple[tuple[str, tuple[str, ...]], ...] = ()
    case_sensitive: bool = True


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
    date_format: str = "%-d %B %Y"
    summary_words: int = 40
    words_per_minute: int = 230
    content_dir: str = "content"
    templates_dir: str = "templates"
    static_dir: str = "static"
    output_dir: str = "output"
    markdown_extensions: tuple[str, ...] = ("extra", "sane_lists")
    related_articles: int = 5
    permalinks: Permalinks = Permalinks()
    feeds: Feeds = Feeds()
    sitemap: Sitemap = Sitemap()
    search: Search = Search()
    autotag: Autotag = Autotag()

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
        """Turn a root-relative URL into an absolute one under base_url."""
        return self.base_url.rstrip("/") + url

    def path(self, name: str) -> Path:
        return self.root / getattr(self, name)


_SCALAR_KEYS = {
    "title": str, "description": str, "base_url": str, "language": str, "timezone": str,
    "per_page": int, "author": str, "publisher": str, "logo": str, "copyright": str,
    "date_format": str, "summary_words": int, "words_per_minute": int, "related_articles": int,
    "content_dir": str, "templates_dir": str, "static_dir": str, "output_dir": str,
}
_TABLE_KEYS = {"permalinks", "feeds", "sitemap", "search", "autotag"}
_LIST_KEYS = {"markdown_extensions"}
KNOWN_KEYS = set(_SCALAR_KEYS) | _TABLE_KEYS | _LIST_KEYS


def load_config(root: Path, base_url: str | None = None) -> Config:
    """Read root/site.toml (optional) and return the checked Config."""
    path = root / CONFIG_NAME
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return parse_config(text, root, overrides={"base_url": base_url} if base_url else None)


def parse_config(text: str, root: Path, overrides: dict[str, Any] | None = None) -> Config:
    """Parse site.toml text into a Config, raising SiteError listing every problem."""
    problems = Problems()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        problems.error(CONFIG_NAME, f"not valid TOML: {message}", line,
                       "see https://toml.io for the syntax")
        raise SiteError(problems.items) from None
    data.update(overrides or {})
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = _key_line(text, key)
        if key not in KNOWN_KEYS:
            problems.error(CONFIG_NAME, f"unknown key '{key}'", line,
                           did_you_mean(key, KNOWN_KEYS) or "remove it")
        elif key in _SCALAR_KEYS:
            expected = _SCALAR_KEYS[key]
            if not isinstance(value, expected) or isinstance(value, bool):
                problems.error(CONFIG_NAME, f"'{key}' must be a {_type_name(expected)}, "
                               f"not {_type_name(type(value))}", line)
            else:
                values[key] = value
        elif key in _LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.error(CONFIG_NAME, f"'{key}' must be a list of strings", line)
            else:
                values[key] = tuple(value)
        elif key == "permalinks":
            values[key] = _parse_permalinks(value, text, problems)
        elif key == "autotag":
            values[key] = _parse_autotag(value, text, problems)
        else:
            values[key] = _parse_section(key, value, text, problems)
    _check_values(values, text, problems)
    problems.raise_if_errors()
    if "base_url" in values:
        values["base_url"] = values["base_url"].rstrip("/") + "/"
    return Config(root=root, **values)


def _parse_permalinks(value: Any, text: str, problems: Problems) -> Permalinks:
    if not isinstance(value, dict):
        problems.error(CONFIG_NAME, "[permalinks] must be a table", _key_line(text, "permalinks"))
        return Permalinks()
    known = {f.name for f in fields(Permalinks)}
    patterns: dict[str, str] = {}
    for name, pattern in value.items():
        line = _key_line(text, name)
        if name not in known:
            problems.error(CONFIG_NAME, f"unknown permalink '{name}'", line,
                           did_you_mean(name, known) or f"known: {', '.join(sorted(known))}")
            continue
        if not isinstance(pattern, str):
            problems.error(CONFIG_NAME, f"permalink '{name}' must be a string", line)
            continue
        leftover = ALLOWED_PLACEHOLDERS.sub("", pattern)
        if "{" in leftover or "}" in leftover:
            problems.error(CONFIG_NAME, f"permalink '{name}' has an unknown placeholder: "
                           f"'{pattern}'", line, "use {year}, {month}, {day}, {slug} or {number}")
            continue
        missing = [p for p in REQUIRED_PLACEHOLDERS.get(name, ()) if p not in pattern]
        if missing:
            problems.error(CONFIG_NAME, f"permalink '{name}' = '{pattern}' lacks "
                           f"{', '.join(missing)}", line, "every page needs a URL of its own")
            continue
        if name == "page":
            if pattern.startswith("/") or not pattern.endswith("/"):
                problems.error(CONFIG_NAME, f"permalink 'page' = '{pattern}' must be relative "
                               "and end with '/'", line, "for example 'page/{number}/'")
                continue
        elif not (pattern.startswith("/") and pattern.endswith("/")):
            problems.error(CONFIG_NAME, f"permalink '{name}' = '{pattern}' must start and "
                           "end with '/'", line, "for example '/news/{year}/{slug}/'")
            continue
        patterns[name] = pattern
    return Permalinks(**patterns)


_SECTIONS: dict[str, type] = {"feeds": Feeds, "sitemap": Sitemap, "search": Search}
_FIELD_TYPES = {"int": int, "str": str, "bool": bool}


def _parse_section(name: str, value: Any, text: str, problems: Problems) -> Any:
    """Check a [section] table against its dataclass: known keys, right types."""
    cls = _SECTIONS[name]
    if not isinstance(value, dict):
        problems.error(CONFIG_NAME, f"[{name}] must be a table", _key_line(text, name))
        return cls()
    kinds = {f.name: _FIELD_TYPES[str(f.type)] for f in fields(cls)}
    values: dict[str, Any] = {}
    for key, item in value.items():
        line = _key_line(text, key)
        if key not in kinds:
            problems.error(CONFIG_NAME, f"unknown key '{key}' in [{name}]", line,
                           did_you_mean(key, kinds) or f"known: {', '.join(sorted(kinds))}")
        elif not isinstance(item, kinds[key]) or (kinds[key] is int and isinstance(item, bool)):
            problems.error(CONFIG_NAME, f"'{key}' in [{name}] must be a "
                           f"{_type_name(kinds[key])}, not {_type_name(type(item))}", line)
        else:
            values[key] = item
    for key in ("entries", "max_urls", "news_days"):
        if values.get(key, 1) < 1:
            problems.error(CONFIG_NAME, f"'{key}' in [{name}] must be at least 1",
                           _key_line(text, key))
            del values[key]
    if values.get("content", "full") not in ("full", "summary"):
        problems.error(CONFIG_NAME, f"'content' in [feeds] must be 'full' or 'summary', not "
                       f"'{values.pop('content')}'", _key_line(text, "content"))
    url = values.get("url")
    if url is not None and not (url.startswith("/") and url.endswith("/")):
        problems.error(CONFIG_NAME, f"'url' in [{name}] must start and end with '/'",
                       _key_line(text, "url"), "for example '/search/'")
        del values["url"]
    return cls(**values)


def _parse_autotag(value: Any, text: str, problems: Problems) -> Autotag:
    if not isinstance(value, dict):
        problems.error(CONFIG_NAME, "[autotag] must be a table", _key_line(text, "autotag"))
        return Autotag()
    case_sensitive = value.get("case_sensitive", True)
    if not isinstance(case_sensitive, bool):
        problems.error(CONFIG_NAME, "'case_sensitive' in [autotag] must be true or false",
                       _key_line(text, "case_sensitive"))
        case_sensitive = True
    rules = []
    for tag, phrases in value.items():
        if tag == "case_sensitive":
            continue
        if isinstance(phrases, str):
            phrases = [phrases]
        if (not isinstance(phrases, list) or not phrases
                or not all(isinstance(p, str) and p.strip() for p in phrases)):
            problems.error(CONFIG_NAME, f"autotag '{tag}' must be a list of phrases",
                           _key_line(text, tag), f'for example {tag} = ["{tag}"]')
            continue
        rules.append((tag, tuple(p.strip() for p in phrases)))
    return Autotag(tuple(rules), case_sensitive)


def _check_values(values: dict[str, Any], text: str, problems: Problems) -> None:
    tz = values.get("timezone")
    if tz is not None:
        try:
            zoneinfo.ZoneInfo(tz)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.error(CONFIG_NAME, f"unknown timezone '{tz}'", _key_line(text, "timezone"),
                           "use an IANA name such as 'Europe/Paris' or 'UTC'")
            del values["timezone"]
    for key in ("per_page", "summary_words", "words_per_minute"):
        if key in values and values[key] < 1:
            problems.error(CONFIG_NAME, f"'{key}' must be at least 1", _key_line(text, key))
    if values.get("related_articles", 0) < 0:
        problems.error(CONFIG_NAME, "'related_articles' must be 0 (none) or more",
                       _key_line(text, "related_articles"))
    base = values.get("base_url")
    if base is not None and not re.match(r"^https?://[^/\s]+(/\S*)?$", base):
        problems.error(CONFIG_NAME, f"base_url '{base}' is not an http(s) URL",
                       _key_line(text, "base_url"), "for example 'https://news.example.org/'")


def _toml_error_line(message: str) -> int | None:
    match = re.search(r"at line (\d+)", message)
    return int(match.group(1)) if match else None


def _key_line(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=|^\s*\[\s*{re.escape(key)}\s*\]")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "string", int: "whole number", float: "number", bool: "true/false",
             list: "list", dict: "table"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)

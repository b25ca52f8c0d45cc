"""The tables of site.toml ([permalinks], [feeds], [sitemap], [search], [autotag]): their
records, and the checks that turn TOML values into them."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import unquote

from ..errors import Problems, did_you_mean

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
    author: str = "/authors/{slug}/"
    authors: str = "/authors/"
    corrections: str = "/corrections/"
    on_this_day: str = "/on-this-day/"  # and a page per day below it: /on-this-day/02-21/
    page: str = "page/{number}/"


# Which placeholders each pattern must carry so that two pages never share a URL.
REQUIRED_PLACEHOLDERS = {
    "article": ("{slug}",),
    "tag": ("{slug}",),
    "source": ("{slug}",),
    "author": ("{slug}",),
    "year": ("{year}",),
    "month": ("{year}", "{month}"),
    "day": ("{year}", "{month}", "{day}"),
    "page": ("{number}",),
}
ALLOWED_PLACEHOLDERS = re.compile(r"\{(year|month|day|slug|number)\}")


# A story stays in the news sitemap this many days at most: a century; past a few million
# days the date arithmetic overflows.
MAX_NEWS_DAYS = 36_500


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


def table_items(name: str, value: Any, text: str, problems: Problems, known: set[str],
                unknown: str) -> list[tuple[str, Any, int | None]] | None:
    """The known keys of the [name] table with their values and lines in site.toml; None if
    it is not a table. An unknown key is reported as `unknown` (with '{}' for the key)."""
    if not isinstance(value, dict):
        problems.error(CONFIG_NAME, f"[{name}] must be a table", key_line(text, name))
        return None
    items = []
    for key, item in value.items():
        line = key_line(text, key)
        if key in known:
            items.append((key, item, line))
        else:
            problems.error(CONFIG_NAME, unknown.format(key), line,
                           did_you_mean(key, known) or f"known: {', '.join(sorted(known))}")
    return items


def parse_permalinks(value: Any, text: str, problems: Problems) -> Permalinks:
    items = table_items("permalinks", value, text, problems,
                        {f.name for f in fields(Permalinks)}, "unknown permalink '{}'")
    if items is None:
        return Permalinks()
    patterns: dict[str, str] = {}
    for name, pattern, line in items:
        if not isinstance(pattern, str):
            problems.error(CONFIG_NAME, f"permalink '{name}' must be a string", line)
            continue
        leftover = ALLOWED_PLACEHOLDERS.sub("", pattern)
        if "{" in leftover or "}" in leftover:
            problems.error(CONFIG_NAME, f"permalink '{name}' has an unknown placeholder: "
                           f"'{pattern}'", line, "use {year}, {month}, {day}, {slug} or {number}")
            continue
        unsafe = unsafe_path(pattern)
        if unsafe:
            problems.error(CONFIG_NAME, f"permalink '{name}' = '{pattern}' {unsafe}", line,
                           "every page must stay inside the output folder")
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


def parse_section(name: str, value: Any, text: str, problems: Problems) -> Any:
    """Check a [section] table against its dataclass: known keys, right types."""
    cls = _SECTIONS[name]
    kinds = {f.name: _FIELD_TYPES[str(f.type)] for f in fields(cls)}
    items = table_items(name, value, text, problems, set(kinds),
                        "unknown key '{}' in [" + name + "]")
    if items is None:
        return cls()
    values: dict[str, Any] = {}
    for key, item, line in items:
        if not isinstance(item, kinds[key]) or (kinds[key] is int and isinstance(item, bool)):
            problems.error(CONFIG_NAME, f"'{key}' in [{name}] must be "
                           f"{expected_name(kinds[key])}, not {type_name(type(item))}", line)
        else:
            values[key] = item
    for key in ("entries", "max_urls", "news_days"):
        if values.get(key, 1) < 1:
            problems.error(CONFIG_NAME, f"'{key}' in [{name}] must be at least 1",
                           key_line(text, key))
            del values[key]
    if values.get("news_days", 1) > MAX_NEWS_DAYS:
        problems.error(CONFIG_NAME, f"'news_days' in [sitemap] must be at most {MAX_NEWS_DAYS}",
                       key_line(text, "news_days"), "Google News reads the last two days; "
                       "the default is 2")
        del values["news_days"]
    if values.get("content", "full") not in ("full", "summary"):
        problems.error(CONFIG_NAME, f"'content' in [feeds] must be 'full' or 'summary', not "
                       f"'{values.pop('content')}'", key_line(text, "content"))
    url = values.get("url")
    if url is not None and not (url.startswith("/") and url.endswith("/")):
        problems.error(CONFIG_NAME, f"'url' in [{name}] must start and end with '/'",
                       key_line(text, "url"), "for example '/search/'")
        del values["url"]
    elif url is not None and unsafe_path(url):
        problems.error(CONFIG_NAME, f"'url' in [{name}] = '{url}' {unsafe_path(url)}",
                       key_line(text, "url"), "for example '/search/'")
        del values["url"]
    return cls(**values)


def parse_autotag(value: Any, text: str, problems: Problems) -> Autotag:
    if not isinstance(value, dict):
        problems.error(CONFIG_NAME, "[autotag] must be a table", key_line(text, "autotag"))
        return Autotag()
    case_sensitive = value.get("case_sensitive", True)
    if not isinstance(case_sensitive, bool):
        problems.error(CONFIG_NAME, "'case_sensitive' in [autotag] must be true or false",
                       key_line(text, "case_sensitive"))
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
                           key_line(text, tag), f'for example {tag} = ["{tag}"]')
            continue
        rules.append((tag, tuple(p.strip() for p in phrases)))
    return Autotag(tuple(rules), case_sensitive)


def unsafe_path(url: str) -> str:
    """Say why a URL path pattern could reach outside the output folder, or return ''.

    A web server decodes '%2e%2e' to '..' (and '%2f' to '/'), so the decoded path is
    checked too.
    """
    if any(part in (".", "..") for part in url.split("/")):
        return "has a '.' or '..' segment"
    if any(part in (".", "..") for part in unquote(url).split("/")):
        return "has a '.' or '..' segment once percent-decoded"
    if "//" in url:
        return "has an empty segment ('//')"
    if re.search(r"[\\?#\s\x00-\x1f\x7f]", url):
        return "has a backslash, '?', '#', a space or a control character"
    return ""


def key_line(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=|^\s*\[\s*{re.escape(key)}\s*\]")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def expected_name(kind: type) -> str:
    """'a string', 'a whole number', 'true or false': what a key must be."""
    return "true or false" if kind is bool else f"a {type_name(kind)}"


def type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "string", int: "whole number", float: "number", bool: "true/false",
             list: "list", dict: "table"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)

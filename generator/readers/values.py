"""Check the values front matter gives our fields: text, tags, slugs, old URLs."""

from __future__ import annotations

import posixpath
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import unquote

from ..errors import Problems, quoted, shorten
from ..slugs import slugify
from .text import UNSHOWABLE, without_invisible

# More tags than this on one article is a keyword dump, not tagging: each tag is a page and
# a feed carrying all the article's tags, so 10,000 of them cost gigabytes to build.
MAX_TAGS = 200
# A slug is a folder name on disk: file systems allow 255 bytes.
MAX_SLUG_BYTES = 200
SLUG_CHARACTERS = "letters, digits, '.', '-' and '_'"

Line = Callable[[str], int | None]
Name = Callable[[str], str]


def text_value(meta: dict[str, Any], key: str, path: str, line: Line, name: Name,
               problems: Problems) -> str:
    """The text under `key`: a string stripped of control characters, or a number."""
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        if UNSHOWABLE.search(value):
            problems.warn(path, f"removed control characters from '{name(key)}'", line(key),
                          "they cannot be shown in a web page")
            value = UNSHOWABLE.sub("", value)
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    problems.error(path, f"'{name(key)}' must be text, not {kind(value)}", line(key))
    return ""


def author_value(meta: dict[str, Any], path: str, line: Line, name: Name,
                 problems: Problems) -> str:
    """The author, or the authors of a list joined by commas."""
    value = meta.get("author")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(" ".join(v.split()) for v in value if v.strip())
    return text_value(meta, "author", path, line, name, problems)


def tags_value(value: Any, path: str, line: int | None, problems: Problems) -> tuple[str, ...]:
    """Tags from a list or a comma-separated string, each once (in any letter case)."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        problems.error(path, f"'tags' must be a list or a comma-separated string, not "
                       f"{kind(value)}", line, "for example tags: [Transport, Climate]")
        return ()
    bad = [item for item in items
           if not isinstance(item, str | int | float) or isinstance(item, bool)]
    if bad:
        problems.error(path, f"{len(bad)} tag(s) are not text: {shorten(bad[0])}"
                       if len(bad) > 1 else f"tag {shorten(bad[0])} is not text", line,
                       "write each tag as a word or phrase, like tags: [Transport, Climate]")
    if any(isinstance(item, str) and UNSHOWABLE.search(item) for item in items):
        problems.warn(path, "removed control characters from 'tags'", line,
                      "they cannot be shown in a web page")
    tags: list[str] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, str | int | float) or isinstance(item, bool):
            continue
        # Invisible characters are dropped too: 'News' and 'Ne\u200bws' are one tag.
        tag = " ".join(without_invisible(UNSHOWABLE.sub("", str(item))).split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        problems.error(path, f"{len(tags)} tags; an article may have at most {MAX_TAGS}", line,
                       "keep the tags readers browse by; other keywords may go under "
                       "another key")
        return ()
    return tuple(tags)


def safe_slug(text: str) -> bool:
    """Whether a slug is a path segment to keep as written: letters of any script and
    case, digits, '.', '-' and '_', not starting with '.', short enough for a disk."""
    return (bool(text) and not text.startswith(".")
            and all(c.isalnum() or c in "._-" for c in text)
            and len(text.encode("utf-8")) <= MAX_SLUG_BYTES)


def slug_value(written: str, path: str, line: int | None, problems: Problems) -> str:
    """A slug as written (in NFC, as disks and URLs compare it), or '' after an error."""
    slug = unicodedata.normalize("NFC", written)
    if safe_slug(slug):
        return slug
    better = slugify(slug)
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES and all(c.isalnum() or c in "._-"
                                                          for c in slug):
        problems.error(path, f"slug {quoted(written)} is longer than {MAX_SLUG_BYTES} bytes",
                       line, "shorten it: it is a folder name on disk")
    else:
        problems.error(path, f"slug {quoted(written)} is not a URL slug", line,
                       f"use '{better}'" if better else f"use {SLUG_CHARACTERS}")
    return ""


def kind(value: Any) -> str:
    """What a YAML, TOML or JSON value is, in the author's words."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, date):
        return f"the date {value}"
    return type(value).__name__


def aliases_value(value: Any, folder: str, path: str, line: int | None,
                  problems: Problems) -> tuple[str, ...]:
    """Old URLs of the article, as root-relative paths; '/old/page' means '/old/page/'.

    One without a leading '/' is read both ways tools read it, from the folder of the
    article (Hugo) and from the site root (Zola), and published at both, with a warning.
    """
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    aliases: list[str] = []
    guessed: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item or "//" in item or "?" in item \
                or "#" in item or ":" in item.split("/")[0] or any(c.isspace() for c in item) \
                or _encoded_dots(item):
            _not_a_path(item, path, line, problems)
            continue
        readings = [item] if item.startswith("/") else [folder + item, "/" + item]
        found = [url for url in map(_resolved, readings) if url]
        if not found:
            _not_a_path(item, path, line, problems)
            continue
        if len(set(found)) > 1:
            guessed.append(item)
        aliases.extend(url for url in found if url not in aliases)
    if guessed:
        problems.warn(path, f"{len(guessed)} alias(es) without a leading '/', first "
                      f"{quoted(guessed[0])}: published both from the article's folder "
                      f"({folder}, as Hugo reads them) and from the site root (as Zola does)",
                      line, "start each with '/' to keep one address")
    return tuple(aliases)


def _encoded_dots(url: str) -> bool:
    """Whether a web server, decoding the URL once, would find a '.' or '..' segment (or a
    backslash) that is not written as such: '/%2e%2e/x/' is refused, not resolved."""
    decoded = unquote(url)
    if decoded == url:
        return False
    return "\\" in decoded or any(part in (".", "..") for part in decoded.split("/"))


def _resolved(url: str) -> str:
    """A root-relative URL with '.' and '..' resolved; '' if it climbs above the root."""
    parts: list[str] = []
    for part in url.split("/")[1:]:
        if part == "..":
            if not parts:
                return ""
            parts.pop()
        elif part != ".":
            parts.append(part)
    resolved = posixpath.join("/", *parts) if parts else "/"
    if url.endswith("/") and not resolved.endswith("/"):
        resolved += "/"
    last = resolved.rsplit("/", 1)[-1]
    return resolved if resolved.endswith("/") or "." in last else resolved + "/"


def _not_a_path(item: Any, path: str, line: int | None, problems: Problems) -> None:
    shown = quoted(item) if isinstance(item, str) else shorten(item)
    problems.error(path, f"alias {shown} is not a path on this site", line,
                   "write it from the site root, like /2019/05/old-name/")

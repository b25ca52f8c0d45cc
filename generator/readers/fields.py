"""Turn the metadata either reader found into a checked Article."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..config import Config, check_language
from ..errors import Problems, did_you_mean, shorten
from ..model import Article, Body, Format, FrozenDict, Parsed
from ..slugs import slugify
from .dates import date_from_name, read_date
from .text import UNSHOWABLE, has_unshowable
from .translations import language_suffix, path_key

KNOWN_KEYS = frozenset({
    "title", "date", "updated", "tags", "source", "author", "summary", "slug", "draft",
    "language", "aliases", "translation_key",
})
# More tags than this on one article is a keyword dump, not tagging: each tag is a page and
# a feed carrying all the article's tags, so 10,000 of them cost gigabytes to build.
MAX_TAGS = 200
TAG_RE = re.compile(r"<[^>]+>")
BLOCK_END = re.compile(
    r"</(?:p|h[1-6]|li|blockquote|pre|div|tr|table|ul|ol|dd|dt|figcaption)>|<br\s*/?>", re.I
)


@dataclass(frozen=True, slots=True)
class RawArticle:
    """What a reader found in one file, before it is checked."""

    path: str
    format: Format
    meta: Mapping[str, Any]
    body_html: str
    text: str
    file_name: str
    key_lines: Mapping[str, int] = field(default_factory=dict)


def make_article(raw: RawArticle, config: Config, problems: Problems) -> Parsed | None:
    """Check a RawArticle's metadata and return the article and its body, or None after
    reporting errors."""
    meta, path = raw.meta, raw.path
    before = len(problems.errors)

    def line(key: str) -> int | None:
        return raw.key_lines.get(key)

    for key in meta:
        if key not in KNOWN_KEYS:
            hint = did_you_mean(key, KNOWN_KEYS)
            if hint:
                problems.warn(path, f"unknown key '{key}' kept for templates", line(key), hint)

    title = _text(meta, "title", path, line, problems)
    if not title and isinstance(meta.get("title"), str):
        problems.error(path, "'title' is empty", line("title"),
                       "write the headline after 'title:'")
    elif not title:
        problems.error(path, "missing 'title'", None,
                       "add 'title: Your headline' to the front matter")

    published = read_date(meta.get("date"), "date", config.tz, path, line, problems)
    # An empty 'date:' is as good as none; testing for the key instead dropped the
    # article without a word.
    if published is None and meta.get("date") is None:
        published = date_from_name(raw.file_name, config.tz)
        if published is None:
            problems.error(path, "missing 'date'", line("date"),
                           "add 'date: YYYY-MM-DD' or start the file name with YYYY-MM-DD-")
    updated = read_date(meta.get("updated"), "updated", config.tz, path, line, problems)
    if published and updated and updated < published:
        problems.warn(path, "'updated' is earlier than 'date'", line("updated"))

    tags = _tags(meta.get("tags"), path, line("tags"), problems)
    slug_value = _text(meta, "slug", path, line, problems)
    slug = slugify(slug_value) if slug_value else slugify(title or "")
    if slug_value and slug != slug_value:
        problems.error(path, f"slug '{slug_value}' is not a URL slug", line("slug"),
                       f"use '{slug}'" if slug else "use lowercase letters, digits and '-'")
    if not slug and title:
        slug = "article"
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        problems.error(path, f"'draft' must be true or false, not '{draft}'", line("draft"))
        draft = False
    summary = (_text(meta, "summary", path, line, problems)
               or summarise(raw.text, config.summary_words))

    aliases = _aliases(meta.get("aliases"), path, line("aliases"), problems)
    source = _text(meta, "source", path, line, problems)
    author = _text(meta, "author", path, line, problems)
    language = _text(meta, "language", path, line, problems)
    if language:
        check_language(language, path, line("language"), problems)
    translation_key = _translation_key(raw, language, line, problems)
    language = language or language_suffix(raw.file_name)
    if len(problems.errors) > before or published is None:
        return None
    extra = {k: v for k, v in meta.items() if k not in KNOWN_KEYS}
    article = Article(
        path=path,
        format=raw.format,
        title=title,
        date=published,
        updated=updated,
        summary=summary,
        slug=slug,
        slug_explicit=bool(slug_value),
        tags=tags,
        source=source,
        author=author,
        language=language or config.language,
        draft=draft,
        aliases=aliases,
        extra=FrozenDict(extra),
        words=len(raw.text.split()),
        translation_key=translation_key,
    )
    return Parsed(article, Body(raw.body_html, raw.text))


def _translation_key(raw: RawArticle, language: str, line: Any, problems: Problems) -> str:
    """The key linking the file to its translations: `translation_key:`, or for a file named
    with a language ('story.fr.md') its path without it; '' for a story in one language."""
    suffix = language_suffix(raw.file_name)
    if suffix and language and language.casefold() != suffix.casefold():
        problems.error(raw.path, f"the file name says the story is in '{suffix}' but "
                       f"'language:' says '{language}'", line("language"),
                       "make them agree, or drop one")
    key = _text(raw.meta, "translation_key", raw.path, line, problems)
    return key or (path_key(raw.path) if suffix else "")


def html_to_text(body_html: str) -> str:
    """Return the readable text of an HTML fragment, paragraphs separated by blank lines."""
    text = html.unescape(TAG_RE.sub("", BLOCK_END.sub("\n\n", body_html)))
    if has_unshowable(text):  # '&#7;' in the Markdown is one once unescaped
        text = UNSHOWABLE.sub("", text)
    paragraphs = (" ".join(block.split()) for block in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def summarise(text: str, words: int) -> str:
    """Return the first `words` words of the first paragraph, with an ellipsis if cut."""
    first = next((p for p in text.split("\n\n") if p.strip()), "")
    parts = first.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + "…"


def _text(meta: Mapping[str, Any], key: str, path: str, line: Any, problems: Problems) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        if UNSHOWABLE.search(value):
            problems.warn(path, f"removed control characters from '{key}'", line(key),
                          "they cannot be shown in a web page")
            value = UNSHOWABLE.sub("", value)
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    problems.error(path, f"'{key}' must be text, not {_kind(value)}", line(key))
    return ""


def _tags(value: Any, path: str, line: int | None, problems: Problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        problems.error(path, f"'tags' must be a list or a comma-separated string, not "
                       f"{_kind(value)}", line, "for example tags: [Transport, Climate]")
        return ()
    tags: list[str] = []
    seen: set[str] = set()
    bad = [item for item in items
           if not isinstance(item, str | int | float) or isinstance(item, bool)]
    if bad:
        problems.error(path, f"{len(bad)} tag(s) are not text: {shorten(bad[0])}"
                       if len(bad) > 1 else f"tag {shorten(bad[0])} is not text", line,
                       "write each tag as a word or phrase, like tags: [Transport, Climate]")
    if any(isinstance(item, str) and UNSHOWABLE.search(item) for item in items):
        problems.warn(path, "removed control characters from 'tags'", line,
                      "they cannot be shown in a web page")
    for item in items:
        if not isinstance(item, str | int | float) or isinstance(item, bool):
            continue
        tag = " ".join(UNSHOWABLE.sub("", str(item)).split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        problems.error(path, f"{len(tags)} tags; an article may have at most {MAX_TAGS}", line,
                       "keep the tags readers browse by; other keywords may go under "
                       "another key")
        return ()
    return tuple(tags)


def _kind(value: Any) -> str:
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


def _aliases(value: Any, path: str, line: int | None, problems: Problems) -> tuple[str, ...]:
    """Old URLs of the article: root-relative paths; '/old/page' means '/old/page/'."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        problems.error(path, "'aliases' must be a list of old URLs", line,
                       "for example aliases: [/2019/05/old-name/]")
        return ()
    aliases = []
    for item in items:
        if not isinstance(item, str) or not item.startswith("/") or "//" in item or any(
                part in (".", "..") for part in item.split("/")) or "?" in item or "#" in item:
            problems.error(path, f"alias {item!r} is not a path on this site", line,
                           "write it from the site root, like /2019/05/old-name/")
            continue
        last = item.rsplit("/", 1)[-1]
        aliases.append(item if item.endswith("/") or "." in last else item + "/")
    return tuple(aliases)

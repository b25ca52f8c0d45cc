"""Turn the metadata either reader found into a checked Article."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from typing import Any

from ..config import Config
from ..errors import Problems, did_you_mean
from ..model import Article, Format, FrozenDict
from ..urls import slugify

KNOWN_KEYS = frozenset({
    "title", "date", "updated", "tags", "source", "author", "summary", "slug", "draft",
    "language", "aliases",
})
FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-")
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


def make_article(raw: RawArticle, config: Config, problems: Problems) -> Article | None:
    """Check a RawArticle's metadata and return an Article, or None after reporting errors."""
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
    if not title:
        problems.error(path, "missing 'title'", None,
                       "add 'title: Your headline' to the front matter")

    published = _date(meta.get("date"), "date", config.tz, path, line, problems)
    # An empty 'date:' is as good as none; testing for the key instead dropped the
    # article without a word.
    if published is None and meta.get("date") is None:
        published = _date_from_name(raw.file_name, config.tz)
        if published is None:
            problems.error(path, "missing 'date'", line("date"),
                           "add 'date: YYYY-MM-DD' or start the file name with YYYY-MM-DD-")
    updated = _date(meta.get("updated"), "updated", config.tz, path, line, problems)
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
    if len(problems.errors) > before or published is None:
        return None
    extra = {k: v for k, v in meta.items() if k not in KNOWN_KEYS}
    return Article(
        path=path,
        format=raw.format,
        title=title,
        date=published,
        updated=updated,
        body_html=raw.body_html,
        text=raw.text,
        summary=summary,
        slug=slug,
        slug_explicit=bool(slug_value),
        tags=tags,
        source=_text(meta, "source", path, line, problems),
        author=_text(meta, "author", path, line, problems),
        language=_text(meta, "language", path, line, problems) or config.language,
        draft=draft,
        aliases=aliases,
        extra=FrozenDict(extra),
    )


def html_to_text(body_html: str) -> str:
    """Return the readable text of an HTML fragment, paragraphs separated by blank lines."""
    text = html.unescape(TAG_RE.sub("", BLOCK_END.sub("\n\n", body_html)))
    paragraphs = (" ".join(block.split()) for block in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def summarise(text: str, words: int) -> str:
    """Return the first `words` words of the first paragraph, with an ellipsis if cut."""
    first = next((p for p in text.split("\n\n") if p.strip()), "")
    parts = first.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + "…"


def parse_date(value: Any, tz: tzinfo) -> datetime:
    """Return an aware datetime for a date, datetime or ISO string; naive ones are in `tz`.

    Raises ValueError with a message fit for the author.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{value}' is not a date") from None
    else:
        raise ValueError(f"'{value}' is not a date")
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def _date(value: Any, key: str, tz: tzinfo, path: str, line: Any,
          problems: Problems) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_date(value, tz)
    except ValueError as exc:
        problems.error(path, f"{key} {exc}", line(key),
                       "use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00")
        return None


def _date_from_name(name: str, tz: tzinfo) -> datetime | None:
    match = FILE_DATE.match(name)
    if not match:
        return None
    try:
        day = date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    return datetime.combine(day, time(), tzinfo=tz)


def _text(meta: Mapping[str, Any], key: str, path: str, line: Any, problems: Problems) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    problems.error(path, f"'{key}' must be text, not {type(value).__name__}", line(key))
    return ""


def _tags(value: Any, path: str, line: int | None, problems: Problems) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list):
        items = value
    else:
        problems.error(path, "'tags' must be a list or a comma-separated string", line)
        return ()
    tags: list[str] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, str | int | float) or isinstance(item, bool):
            problems.error(path, f"tag {item!r} must be text", line)
            continue
        tag = " ".join(str(item).split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tuple(tags)


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

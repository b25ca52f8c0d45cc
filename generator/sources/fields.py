"""Turn the metadata either reader found into a checked Article."""

from __future__ import annotations

import html
import re
import reprlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from ..config import LANGUAGE_TAG, Config
from ..errors import Problems, did_you_mean
from ..model import Article, Format, FrozenDict
from ..urls import slugify
from .text import UNSHOWABLE, has_unshowable

KNOWN_KEYS = frozenset({
    "title", "date", "updated", "tags", "source", "author", "summary", "slug", "draft",
    "language", "aliases",
})
FILE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-")
# An ISO 8601 date, time and offset, read part by part to say which part is wrong.
ISO_MOMENT = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?"
    r"\s*(?P<offset>Z|[+-]\d{2}(?::?\d{2})?(?::?\d{2}(?:\.\d+)?)?)?$", re.IGNORECASE)
# More tags than this on one article is a keyword dump, not tagging: each tag is a page and
# a feed carrying all the article's tags, so 10,000 of them cost gigabytes to build.
MAX_TAGS = 200
# Dates far enough from the ends of the calendar that converting between offsets never
# overflows; HTML and the feeds want four-digit years anyway.
MIN_YEAR, MAX_YEAR = 1000, 9998
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
    if not title and isinstance(meta.get("title"), str):
        problems.error(path, "'title' is empty", line("title"),
                       "write the headline after 'title:'")
    elif not title:
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
    source = _text(meta, "source", path, line, problems)
    author = _text(meta, "author", path, line, problems)
    language = _text(meta, "language", path, line, problems)
    if language and not LANGUAGE_TAG.match(language):
        problems.error(path, f"language '{language}' is not a language tag", line("language"),
                       "use a code such as 'en', 'fr' or 'pt-BR'")
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
        source=source,
        author=author,
        language=language or config.language,
        draft=draft,
        aliases=aliases,
        extra=FrozenDict(extra),
    )


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


def parse_date(value: Any, tz: tzinfo) -> datetime:
    """Return an aware datetime for a date, datetime or ISO string; naive ones are in `tz`.

    Raises ValueError with a message fit for the author, naming the part that is wrong.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        moment = _parse_iso(value)
    else:
        raise ValueError(f"'{_shorten(value)}' is not a date")
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise ValueError(f"'{value}' is outside the years {MIN_YEAR} to {MAX_YEAR}")
    moment = moment.replace(tzinfo=tz) if moment.tzinfo is None else moment
    return _whole_seconds_and_minutes(moment)


def _parse_iso(value: str) -> datetime:
    text = value.strip()
    match = ISO_MOMENT.match(text)
    if match:
        try:
            date.fromisoformat(match["date"])
        except ValueError:
            raise ValueError(f"'{value}' does not exist") from None
        if match["time"]:
            hour, minute = int(match["time"][:2]), int(match["time"][3:5])
            second = int(match["time"][6:8] or 0)
            if hour > 23 or minute > 59 or second > 59:
                raise ValueError(f"'{value}' has no time {match['time']}") from None
        offset = match["offset"]
        if offset and offset.upper() != "Z":
            digits = offset[1:].replace(":", "")
            if len(digits) > 4 or int(digits[:2]) > 23 or int(digits[2:4] or 0) > 59:
                raise ValueError(f"'{value}' has an impossible UTC offset '{offset}'")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{value}' is not a date") from None


def _whole_seconds_and_minutes(moment: datetime) -> datetime:
    """Drop fractions of a second, and seconds from the offset (a zone's local mean time
    before 1900 has them): HTML's datetime attribute and RFC 3339 allow neither."""
    moment = moment.replace(microsecond=0)
    offset = moment.utcoffset()
    if offset is not None and offset.seconds % 60:
        minutes = round(offset.total_seconds() / 60)
        moment = moment.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    return moment


def _date(value: Any, key: str, tz: tzinfo, path: str, line: Any,
          problems: Problems) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_date(value, tz)
    except ValueError as exc:
        message = str(exc)
        if message.endswith("does not exist"):
            hint = "check the day of the month"
        elif "offset" in message:
            hint = "offsets run from -23:59 to +23:59, like +01:00"
        else:
            hint = "use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00"
        problems.error(path, f"{key} {message}", line(key), hint)
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
        problems.error(path, f"{len(bad)} tag(s) are not text: {_shorten(bad[0])}"
                       if len(bad) > 1 else f"tag {_shorten(bad[0])} is not text", line,
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


def _shorten(value: Any, width: int = 60) -> str:
    """repr() of a value, cut to `width` characters (a YAML alias can nest a huge one)."""
    text = reprlib.repr(value)
    return text if len(text) <= width else text[:width - 1] + "…"


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

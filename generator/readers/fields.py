"""Turn the metadata a reader found into a checked Article."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from ..config import Config, check_language
from ..errors import Problems, did_you_mean, quoted
from ..model import Article, Body, Format, FrozenDict, Parsed
from ..slugs import slugify
from .dates import date_from_name, name_words, read_date
from .keys import JEKYLL, STATUS_KEYS, Keys, read_keys
from .newsroom import has_time, read_authors, read_corrections, read_image, read_status
from .pictures import body_images
from .text import html_to_text, invisible_only, lone_surrogate, summarise, without_invisible
from .titles import missing_title
from .translations import language_suffix, read_translation_key
from .values import MAX_TAGS, aliases_value, safe_slug, slug_value, tags_value, text_value

__all__ = ["MAX_TAGS", "RawArticle", "html_to_text", "make_article", "summarise"]

# Keys whose near misses are worth a hint: ours, and what Hugo, Jekyll, Pelican and Zola
# put in front matter for themes (kept for templates without a word).
KNOWN_KEYS = frozenset({
    "title", "date", "updated", "tags", "source", "author", "authors", "summary", "slug",
    "draft", "language", "aliases", "translation_key", "image", "corrections", "status",
    "withdrawn_note", "expires",
})


@dataclass(frozen=True, slots=True)
class RawArticle:
    """What a reader found in one file, before it is checked.

    `convention` names the tool whose ways the file follows when its reader knows
    ('pelican' for Key: value headers); `refs` are the body's relative links and images
    with their lines in the file.
    """

    path: str
    format: Format
    meta: Mapping[str, Any]
    body_html: str
    text: str
    file_name: str
    key_lines: Mapping[str, int] = field(default_factory=dict)
    convention: str = ""
    refs: tuple[tuple[str, int | None], ...] = ()


def make_article(raw: RawArticle, config: Config, problems: Problems) -> Parsed | None:
    """Check a RawArticle's metadata and return the article and its body, or None after
    reporting errors (or a warning, for a file with no date: a page, not an article)."""
    path = raw.path
    before = len(problems.errors)
    folders = _folders(path, config.content_dir)
    convention = raw.convention or (JEKYLL if {"_posts", "_drafts"} & set(folders) else "")
    keys = read_keys(raw.meta, raw.key_lines, config.front_matter, convention, folders)
    meta = keys.meta

    def line(key: str) -> int | None:
        return keys.lines.get(key)

    def name(key: str) -> str:
        return keys.names.get(key, key)

    _hint_misspelt_keys(keys, raw.key_lines, path, problems)
    _check_surrogates(raw, line, problems)
    for message, key in keys.notes:
        problems.warn(path, message, line(key) if key else None)
    published = _published(raw, keys, config, line, name, problems)
    updated = read_date(meta.get("updated"), name("updated"), config.tz, path, line, problems)
    if published and updated and updated < published:
        problems.warn(path, f"'{name('updated')}' is earlier than '{name('date')}'",
                      line("updated"))
    title = text_value(meta, "title", path, line, name, problems)
    body_html, text = raw.body_html, raw.text
    if title and invisible_only(title):
        problems.error(path, f"'{name('title')}' holds only invisible characters",
                       line("title"), "write the headline after 'title:'")
    elif not title and not (meta.get("title") is not None and not isinstance(meta["title"], str)):
        title, body_html = missing_title(raw.body_html, raw.text, raw.file_name, path,
                                         problems)
        text = html_to_text(body_html) if body_html is not raw.body_html else text

    tags = tags_value(meta.get("tags"), path, line("tags"), problems)
    slug, explicit = _slug(raw, keys, title, config, line, name, problems)
    draft = meta.get("draft", keys.draft if keys.draft is not None else False)
    if not isinstance(draft, bool):
        problems.error(path, f"'{name('draft')}' must be true or false, not "
                       f"{quoted(str(draft))}", line("draft"))
        draft = False
    summary = (text_value(meta, "summary", path, line, name, problems)
               or summarise(text, config.summary_words))
    aliases = aliases_value(meta.get("aliases"), _alias_folder(folders, raw.file_name),
                            path, line("aliases"), problems)
    source = without_invisible(text_value(meta, "source", path, line, name, problems))
    language = text_value(meta, "language", path, line, name, problems)
    if language:
        check_language(language, path, line("language"), problems)
    translation_key = read_translation_key(raw.path, raw.file_name, keys.meta, language, line,
                                           name, problems)
    language = language or language_suffix(raw.file_name)
    newsroom = _newsroom(keys, config, published, path, line, name, problems)
    if len(problems.errors) > before or published is None or newsroom is None:
        return None
    draft = newsroom.pop("draft") or draft
    article = Article(
        path=path, format=raw.format, title=title, date=published, updated=updated,
        summary=summary, slug=slug, slug_explicit=explicit, tags=tags, source=source,
        language=language or config.language, draft=draft,
        aliases=aliases, extra=FrozenDict(keys.extra), words=len(text.split()), refs=raw.refs,
        translation_key=translation_key,
        # A date from the file name, or a date alone, is midnight: no time was given.
        time_given=meta.get("date") is not None and has_time(meta.get("date")),
        updated_time_given=has_time(meta.get("updated")),
        images=body_images(body_html) if raw.format != "wire" else (), **newsroom,
    )
    return Parsed(article, Body(body_html, text))


def _newsroom(keys: Keys, config: Config, published: datetime | None, path: str,
              line: Callable[[str], int | None], name: Callable[[str], str],
              problems: Problems) -> dict[str, Any] | None:
    """The newsroom's keys: authors, the lead image, corrections, status and expiry."""
    meta = keys.meta
    status, status_draft = read_status(keys.status, path, line("status"), problems)
    note = text_value(meta, "withdrawn_note", path, line, name, problems)
    expires = read_date(meta.get("expires"), name("expires"), config.tz, path, line, problems)
    if note and status != "withdrawn" and expires is None:
        problems.warn(path, "'withdrawn_note' is shown only for a withdrawn story",
                      line("withdrawn_note"), "add status: withdrawn, or an expires: date")
    corrections = read_corrections(meta.get("corrections"), config.tz, path,
                                   line("corrections"), problems)
    if published and corrections and corrections[0].date < published:
        problems.warn(path, "a correction is dated before the story", line("corrections"))
    return {"authors": read_authors(meta, path, line, problems),
            "image": read_image(meta.get("image"), path, line("image"), problems),
            "corrections": corrections, "status": status, "withdrawn_note": note,
            "expires": expires, "draft": status_draft}


def _check_surrogates(raw: RawArticle, line: Callable[[str], int | None],
                      problems: Problems) -> None:
    """Report a lone surrogate (a JSON '\\ud800' escape) in any value or in the text: no
    page or feed could be written with it."""
    for key, value in raw.meta.items():
        found = lone_surrogate(key) or lone_surrogate(value)
        if found:
            problems.error(raw.path, f"'{key}' holds U+{ord(found):04X}, half of a surrogate "
                           "pair, which no UTF-8 text can hold", line(key),
                           f"remove the \\u{ord(found):04x} escape, or write the character")
    found = lone_surrogate(raw.body_html) or lone_surrogate(raw.text)
    if found:
        problems.error(raw.path, f"the text holds U+{ord(found):04X}, half of a surrogate "
                       "pair, which no UTF-8 text can hold",
                       hint=f"remove the \\u{ord(found):04x} escape, or write the character")


def _published(raw: RawArticle, keys: Keys, config: Config, line: Any, name: Any,
               problems: Problems) -> datetime | None:
    """The date: from the front matter, else the file name, else (with a warning) the last
    modification; with none, the file is a page, not an article (a warning)."""
    value = keys.meta.get("date")
    if value is not None:
        return read_date(value, name("date"), config.tz, raw.path, line, problems)
    try:
        published = date_from_name(raw.file_name, config.tz)
    except ValueError as exc:
        problems.error(raw.path, str(exc), None, "rename the file, or add 'date: YYYY-MM-DD'")
        return None
    if published is None and keys.meta.get("updated") is not None:
        published = read_date(keys.meta["updated"], name("updated"), config.tz, raw.path,
                              line, Problems())
        if published is not None:
            problems.warn(raw.path, f"no 'date'; dated by '{name('updated')}', as Hugo does",
                          line("updated"), "add 'date:' with the day it was first published")
    if published is None:
        problems.warn(raw.path, "no date: a page, not an article; left out", None,
                      "add 'date: YYYY-MM-DD' to publish it as an article")
    return published


def _slug(raw: RawArticle, keys: Keys, title: str, config: Config, line: Any, name: Any,
          problems: Problems) -> tuple[str, bool]:
    """The slug and whether the author chose it: 'slug:' kept as written when it is a
    safe path segment; else Zola's 'path', the file name (slug_from) or the title."""
    meta, path = keys.meta, raw.path
    written = text_value(meta, "slug", path, line, name, problems)
    if written:
        return slug_value(written, path, line("slug"), problems), True
    if meta.get("slug") is not None and not isinstance(meta["slug"], str):
        return "", True
    if keys.address_slug and safe_slug(keys.address_slug):
        return keys.address_slug, True
    if config.slug_from == "filename":
        words = _file_slug(raw.file_name, path)
        if words:
            return (words if safe_slug(words) else slugify(words) or "article"), False
    slug = slugify(title or "")
    return (slug or ("article" if title else "")), False


def _file_slug(file_name: str, path: str) -> str:
    """The name a file gives its article: after its date, or its folder's for index.md."""
    if PurePosixPath(file_name).stem == "index":
        return PurePosixPath(path).parent.name
    suffix = language_suffix(file_name)  # 'story.fr.md' is the French 'story'
    return name_words(file_name.replace(f".{suffix}.", ".") if suffix else file_name)


def _folders(path: str, content_dir: str) -> tuple[str, ...]:
    """The folders a content file is in, below content/."""
    parts = PurePosixPath(path).parts[:-1]
    base = PurePosixPath(content_dir).parts
    return parts[len(base):] if parts[:len(base)] == base else parts


def _alias_folder(folders: tuple[str, ...], file_name: str) -> str:
    """The URL folder an alias without a leading '/' is read from, as Hugo reads it: the
    folder of the file, or of the bundle folder for index.md."""
    if PurePosixPath(file_name).stem == "index" and folders:
        folders = folders[:-1]
    return "/" + "".join(f"{part}/" for part in folders)


def _hint_misspelt_keys(keys: Keys, key_lines: Mapping[str, int], path: str,
                        problems: Problems) -> None:
    """Warn about a key that is one or two letters from one of ours."""
    for key in keys.extra:
        if key.lower() in KNOWN_KEYS or key.lower() in STATUS_KEYS:
            continue
        hint = did_you_mean(key.lower(), KNOWN_KEYS)
        if hint:
            problems.warn(path, f"unknown key '{key}' kept for templates", key_lines.get(key),
                          hint)

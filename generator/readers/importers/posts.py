"""The record every importer returns, and the Markdown file and file name made from it."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime

import yaml
from slugify import slugify

from ...errors import Problem
from .htmlblocks import markdown_safe_html

TAG = re.compile(r"<[^>]*>")
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre|div|tr|figcaption)>|<br\s*/?>", re.I)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file of the old site that belongs to a post: an image, a PDF."""

    url: str
    file_name: str
    title: str = ""
    featured: bool = False  # WordPress's featured image ('_thumbnail_id')


@dataclass(frozen=True, slots=True)
class ImportedPost:
    """One post, page or feed entry, ready to become a Markdown file."""

    source: str  # the export or feed it came from
    line: int | None  # where its <item> or <entry> starts in that file
    title: str
    date: datetime  # aware, in the site's timezone when the export gave local time
    body_html: str
    updated: datetime | None = None
    author: str = ""
    tags: tuple[str, ...] = ()
    summary: str = ""
    slug: str = ""
    draft: bool = False
    scheduled: bool = False  # published in the future: kept dated, not a draft
    aliases: tuple[str, ...] = ()  # old root-relative URLs
    attachments: tuple[Attachment, ...] = ()
    kind: str = "post"  # 'post' or 'page' for WordPress, 'entry' for feeds


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What the export says about the site it came from."""

    kind: str  # 'wordpress', 'rss' or 'atom'
    version: str
    title: str = ""
    description: str = ""
    language: str = ""
    link: str = ""


@dataclass(slots=True)
class ImportResult:
    """What reading one export gave: its posts, every attachment, and what to tell the user."""

    info: SiteInfo | None
    posts: list[ImportedPost] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def html_to_text(fragment: str) -> str:
    """Return the readable text of an HTML fragment on one line."""
    return " ".join(html.unescape(TAG.sub("", BLOCK_END.sub(" ", fragment))).split())


def post_to_markdown(post: ImportedPost) -> str:
    """Return the Markdown file for a post: YAML front matter, then its HTML as blocks."""
    meta: dict[str, object] = {"title": post.title, "date": post.date}
    # An 'updated' no later than 'date' says nothing and the build warns about earlier ones
    # (a post scheduled after its last edit has one).
    if post.updated and post.updated > post.date:
        meta["updated"] = post.updated
    optional: dict[str, object] = {
        "author": post.author, "tags": list(post.tags), "summary": post.summary,
        "slug": post.slug, "draft": post.draft, "aliases": list(post.aliases),
    }
    meta.update((key, value) for key, value in optional.items() if value)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    body = markdown_safe_html(post.body_html)
    return f"---\n{front}---\n\n{body}\n" if body else f"---\n{front}---\n"


def file_slug(post: ImportedPost) -> str:
    """Return the ASCII slug for the post's file name: portable on every disk."""
    return (slugify(post.slug, max_length=80, word_boundary=True, save_order=True)
            or slugify(post.title, max_length=80, word_boundary=True, save_order=True)
            or "article")


def target_name(post: ImportedPost, taken: set[str]) -> str:
    """Return 'YYYY/YYYY-MM-DD-slug.md' for the post, unique among `taken`, and take it.

    Names are compared in lower case: two posts whose names differ only in letter case
    would overwrite each other on macOS and Windows. A clash gets '-2', '-3'... in the
    order the posts come, so the same export always gives the same names.
    """
    stem = f"{post.date:%Y}/{post.date:%Y-%m-%d}-{file_slug(post)}"
    name, number = f"{stem}.md", 1
    while name.lower() in taken:
        number += 1
        name = f"{stem}-{number}.md"
    taken.add(name.lower())
    return name

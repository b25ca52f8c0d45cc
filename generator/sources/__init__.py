"""Readers for content/: front-matter Markdown (.md) and raw dated wire text (.txt)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from functools import partial
from pathlib import Path, PurePath, PurePosixPath

from ..config import Config
from ..errors import Problem, Problems
from ..files import read_text
from ..model import Article
from ..parallel import map_chunks
from .fields import RawArticle, html_to_text, make_article
from .markdown import MarkdownRenderer, sanitize_html, split_front_matter
from .wire import parse_wire, render_paragraphs

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "wire"}
# Editor droppings and hidden files are never content.
IGNORED_PREFIXES = (".", "#", "~")
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".bak")


@dataclass(frozen=True, slots=True)
class Source:
    """One content file as read: its path relative to the site root, and its text."""

    path: str
    text: str


def is_content_file(path: PurePath) -> bool:
    name = path.name
    return (path.suffix.lower() in SUFFIXES and not name.startswith(IGNORED_PREFIXES)
            and not name.endswith(IGNORED_SUFFIXES)
            and not any(part.startswith(".") for part in path.parts[:-1]))


def read_sources(config: Config, problems: Problems) -> list[Source]:
    """Read every content file under content_dir, sorted by path (as a build lists them:
    reading.list_sources, which reports symbolic links out of the site)."""
    from ..reading import list_sources  # here, as reading.py builds on this module

    return [Source(item.path, item.text) for item in list_sources(config, problems)
            if item.read(problems) and item.text is not None]


def read_source(file: Path, path: str, problems: Problems) -> Source | None:
    text = read_text(file, path, problems)
    return None if text is None else Source(path, text)


def parse_article(source: Source, config: Config, renderer: MarkdownRenderer,
                  problems: Problems) -> Article | None:
    """Parse one source into an Article, reporting problems instead of raising."""
    name = PurePosixPath(source.path).name
    if SUFFIXES[PurePosixPath(source.path).suffix.lower()] == "wire":
        story = parse_wire(source.text, source.path, problems)
        if story is None:
            return None
        meta = {"title": story.headline,
                "date": datetime.combine(story.date, time(), tzinfo=config.tz)}
        if story.agency:
            meta["source"] = story.agency
        raw = RawArticle(source.path, "wire", meta, render_paragraphs(story.paragraphs),
                         "\n\n".join(story.paragraphs), name)
        return make_article(raw, config, problems)
    split = split_front_matter(source.text, source.path, problems)
    if split is None:
        return None
    meta, body, lines = split
    try:
        body_html = renderer.render(body)
    except RecursionError:
        problems.error(source.path, "the Markdown is nested too deeply to render",
                       None,
                       "flatten the nested lists or quotes; a few hundred levels at most")
        return None
    if config.sanitize_html:
        body_html = sanitize_html(body_html)
    raw = RawArticle(source.path, "markdown", meta, body_html, html_to_text(body_html), name,
                     lines)
    return make_article(raw, config, problems)


def parse_articles(sources: list[Source], config: Config, problems: Problems,
                   jobs: int = 1) -> list[Article]:
    """Parse every source; articles with errors are left out and their problems kept."""
    articles: list[Article] = []
    for parsed, found in map_chunks(partial(_parse_chunk, config), sources, jobs):
        articles.extend(parsed)
        problems.extend(found)
    return articles


def _parse_chunk(config: Config, sources: Sequence[Source]) -> tuple[list[Article], list[Problem]]:
    renderer = MarkdownRenderer(config.markdown_extensions)
    problems = Problems()
    parsed = (parse_article(source, config, renderer, problems) for source in sources)
    return [a for a in parsed if a is not None], problems.items

"""--keep-going: the site planned again without the articles that have errors."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from ..config import Config
from ..errors import Problems
from ..model import Article, Page
from ..site.editions import Edition, make_editions
from ..site.selection import Selection
from .planner import plan_pages


def article_of(path: str) -> str:
    """The content file a problem's path names (an alias's page names its article)."""
    return path.split(" (alias ", 1)[0]


def leave_out_broken(config: Config, articles: list[Article], editions: tuple[Edition, ...],
                     pages: list[Page], selection: Selection, now: datetime,
                     content: Collection[str], problems: Problems
                     ) -> tuple[tuple[Edition, ...], list[Page]]:
    """The site (each language's pages) without the articles that have errors (their pages
    and URLs with them), planned again; what they did wrong is listed in `problems`
    already."""
    broken = {article_of(p.path) for p in problems.errors} & set(content)
    if not broken.intersection(a.path for a in articles):
        return editions, pages
    kept = [a for a in articles if a.path not in broken]
    again = Problems()
    editions = make_editions(config, kept, selection, now, again)
    return editions, plan_pages(config, editions, again)

"""--keep-going: the site planned again without the articles that have errors."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime

from ..config import Config
from ..errors import Problems
from ..model import Article, Page, Site
from ..site.indexes import make_site
from ..site.selection import Selection
from .planner import plan_pages


def article_of(path: str) -> str:
    """The content file a problem's path names (an alias's page names its article, the
    second item of an agency file is 'file.xml#2': no content file's name ends so)."""
    return re.sub(r"#\d+$", "", path.split(" (alias ", 1)[0])


def leave_out_broken(config: Config, articles: list[Article], site: Site, pages: list[Page],
                     selection: Selection, now: datetime, content: Collection[str],
                     problems: Problems) -> tuple[Site, list[Page]]:
    """The site without the articles that have errors (their pages and URLs with them),
    planned again; what they did wrong is listed in `problems` already."""
    broken = {article_of(p.path) for p in problems.errors} & set(content)
    if not broken.intersection(article_of(a.path) for a in articles):
        return site, pages
    kept = [a for a in articles if article_of(a.path) not in broken]
    again = Problems()
    site = make_site(config, kept, selection, now, again)
    return site, plan_pages(config, site, again)

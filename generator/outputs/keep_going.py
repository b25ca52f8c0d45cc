"""--keep-going: the site planned again without the articles that have errors."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from ..config import Config
from ..errors import Problems
from ..model import Article, Site
from ..site.indexes import make_site
from ..site.selection import Selection


def article_of(path: str) -> str:
    """The content file a problem's path names (an alias's page names its article)."""
    return path.split(" (alias ", 1)[0]


def leave_out_broken(config: Config, articles: list[Article], selection: Selection,
                     now: datetime, content: Collection[str], problems: Problems) -> Site | None:
    """The site without the articles that have errors (their pages and URLs with them), to
    be planned again, or None when none has; what they did wrong is listed in `problems`
    already."""
    broken = {article_of(p.path) for p in problems.errors} & set(content)
    if not broken.intersection(a.path for a in articles):
        return None
    kept = [a for a in articles if a.path not in broken]
    return make_site(config, kept, selection, now, Problems())

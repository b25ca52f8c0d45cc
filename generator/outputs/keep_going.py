"""--keep-going: the site planned again without the articles that have errors."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from datetime import datetime
from functools import lru_cache

from ..config import Config
from ..errors import Problems
from ..model import Article
from ..site.editions import Edition, make_editions, with_media
from ..site.selection import Selection


def article_of(path: str, content: Collection[str] = ()) -> str:
    """The content file a problem's path names: an alias's page names its article, the
    second item of an agency file ('file.xml#2': no content file's name ends so) its file,
    and a file of a page bundle (a picture that cannot be read) the bundle's index article."""
    path = re.sub(r"#\d+$", "", path.split(" (alias ", 1)[0])
    if path in content:
        return path
    bundles = _bundles(frozenset(content))
    folder = posixpath.dirname(path)
    while folder:
        if folder in bundles:
            return bundles[folder]
        folder = posixpath.dirname(folder)
    return path


@lru_cache(maxsize=2)
def _bundles(content: frozenset[str]) -> dict[str, str]:
    """The index article of each page bundle's folder."""
    return {posixpath.dirname(c): c for c in sorted(content)
            if posixpath.splitext(posixpath.basename(c))[0] == "index"
            and posixpath.dirname(posixpath.dirname(c))}  # not content/index.md


def leave_out_broken(config: Config, articles: list[Article], editions: tuple[Edition, ...],
                     selection: Selection, now: datetime, content: Collection[str],
                     problems: Problems) -> tuple[Edition, ...] | None:
    """The site (each language's part) without the articles that have errors (their pages
    and URLs with them), to be planned again, or None when none has; what they did wrong
    is listed in `problems` already."""
    broken = {article_of(p.path, content) for p in problems.errors} & set(content)
    if not broken.intersection(article_of(a.path) for a in articles):
        return None
    kept = [a for a in articles if article_of(a.path) not in broken]
    # The authors and the prepared images stay: a page of the site planned again shows them.
    first = editions[0].site
    return with_media(make_editions(config, kept, selection, now, Problems(), first.profiles),
                      first.media)

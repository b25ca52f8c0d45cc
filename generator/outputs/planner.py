"""Plan every file of the site: its URL, output file, and how it is made."""

from __future__ import annotations

from collections.abc import Callable, Set
from pathlib import PurePosixPath

from ..config import Config
from ..errors import Problems
from ..model import Page, Site
from .feeds import plan_feeds
from .html import html_pages
from .redirects import alias_pages
from .search import search_pages
from .sitemaps import plan_sitemaps

Planner = Callable[[Config, Site], list[Page]]

# Adding a kind of output: a module with its planner, and a line here.
PLANNERS: tuple[Planner, ...] = (html_pages, plan_feeds, alias_pages, search_pages)


def plan_pages(config: Config, site: Site, problems: Problems) -> list[Page]:
    """Return every page of the site, reporting two pages that claim one URL."""
    pages = [page for planner in PLANNERS for page in planner(config, site)]
    pages += plan_sitemaps(config, site, pages)  # they list the pages planned before them
    check_collisions(pages, problems, {a.path for a in site.articles})
    return pages


def check_collisions(pages: list[Page], problems: Problems,
                     articles: Set[str] = frozenset()) -> None:
    """Report every output file that two pages would write, and files whose names differ
    only in letter case (one file on macOS and Windows disks), on the article that
    claims it where one does (`articles` are their paths)."""
    claims: dict[PurePosixPath, list[Page]] = {}
    for page in pages:
        claims.setdefault(page.output, []).append(page)
    folded: dict[str, list[PurePosixPath]] = {}
    for output, claimants in sorted(claims.items()):
        folded.setdefault(str(output).casefold(), []).append(output)
        if len(claimants) > 1:
            names = "; ".join(p.origin or p.url for p in claimants)
            problems.error(_where(claimants, articles) or claimants[0].origin or str(output),
                           f"{len(claimants)} pages would be written to output/{output}: {names}",
                           hint="change a slug or a [permalinks] pattern in site.toml")
    for outputs in folded.values():
        if len(outputs) < 2:
            continue
        owners = [claims[output][0] for output in outputs]
        for page in owners:
            others = [p for p in owners if p is not page]
            where = _where([page], articles)
            if where is None and page is not owners[0]:
                continue
            problems.error(where or page.origin or str(page.output),
                           f"its URL {page.url} differs only in letter case from "
                           + ", ".join(f"{p.url} ({p.origin or p.url})" for p in others),
                           hint="they would be one file on macOS and Windows disks: change "
                           "a slug or an alias")


def _where(pages: list[Page], articles: Set[str]) -> str | None:
    """The article one of the pages belongs to (its page or an alias of it), if any."""
    for page in pages:
        owner = page.origin.split(" (alias ", 1)[0]
        if owner in articles:
            return owner
    return None

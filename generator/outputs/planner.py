"""Plan every file of the site: its URL, output file, and how it is made."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePosixPath

from ..config import Config
from ..errors import Problems
from ..model import Page, Site
from ..site.editions import Edition
from .feeds import plan_feeds
from .html import html_pages
from .languages import link_editions
from .redirects import alias_pages
from .search import search_pages
from .sitemaps import plan_sitemaps

Planner = Callable[[Config, Site], list[Page]]

# Adding a kind of output: a module with its planner, and a line here.
PLANNERS: tuple[Planner, ...] = (html_pages, plan_feeds, alias_pages, search_pages)


def plan_pages(config: Config, editions: Sequence[Edition], problems: Problems) -> list[Page]:
    """Return every page of the site, each language's under its prefix, reporting two
    pages that claim one URL."""
    planned = [[page for planner in PLANNERS for page in planner(e.config, e.site)]
               for e in editions]
    pages = link_editions(editions, planned) if len(editions) > 1 else planned[0]
    pages += plan_sitemaps(config, editions, pages)  # they list the pages planned before them
    check_collisions(pages, problems)
    return pages


def check_collisions(pages: list[Page], problems: Problems) -> None:
    """Report every output file that two pages would write."""
    claims: dict[PurePosixPath, list[Page]] = {}
    for page in pages:
        claims.setdefault(page.output, []).append(page)
    for output, claimants in sorted(claims.items()):
        if len(claimants) > 1:
            names = "; ".join(p.origin or p.url for p in claimants)
            problems.error(claimants[0].origin or str(output),
                           f"{len(claimants)} pages would be written to output/{output}: {names}",
                           hint="change a slug or a [permalinks] pattern in site.toml")

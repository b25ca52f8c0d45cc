"""Plan every file of the site: its URL, output file, and how it is made."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from ..config import Config
from ..errors import Problems
from ..model import Page, Site
from .feeds import plan_feeds
from .html import html_pages
from .json_feeds import plan_json_feeds
from .newsroom import author_pages, correction_pages, on_this_day_pages
from .redirects import alias_pages
from .search import search_pages
from .sitemaps import plan_sitemaps

Planner = Callable[[Config, Site], Iterable[Page]]


def image_files(config: Config, site: Site) -> tuple[Page, ...]:
    """The encoded images the images stage prepared (outputs/media.py)."""
    return site.media.files


# Adding a kind of output: a module with its planner, and a line here.
PLANNERS: tuple[Planner, ...] = (
    html_pages, author_pages, correction_pages, on_this_day_pages, plan_feeds,
    plan_json_feeds, alias_pages, search_pages, image_files)


def plan_pages(config: Config, site: Site, problems: Problems) -> list[Page]:
    """Return every page of the site, reporting two pages that claim one URL."""
    pages = [page for planner in PLANNERS for page in planner(config, site)]
    pages += plan_sitemaps(config, site, pages)  # they list the pages planned before them
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

"""sitemap.xml (an index past max_urls), the Google News sitemap and robots.txt."""

from __future__ import annotations

from .config import Config
from .model import Page, Site


def plan_sitemaps(config: Config, site: Site, pages: list[Page]) -> list[Page]:
    """Return the sitemap pages for `pages` (written by the sitemap work; empty until then)."""
    return []

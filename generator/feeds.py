"""Atom and RSS feeds for the site, each tag and each source."""

from __future__ import annotations

from .config import Config
from .model import Page, Site


def plan_feeds(config: Config, site: Site) -> list[Page]:
    """Return the feed pages (written by the feeds work; empty until then)."""
    return []

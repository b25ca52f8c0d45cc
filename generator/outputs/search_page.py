"""The search page, planned when [search] is on (outputs/search.py runs Pagefind).

Apart from search.py, which every build imports: a build that finds nothing changed
stops before planning, and before loading the catalogues and Jinja, which this needs."""

from __future__ import annotations

from ..config import Config
from ..i18n import N_, translator_for
from ..model import Page, Site
from ..site.urls import output_path

SEARCH_TITLE = N_("Search")


def search_pages(config: Config, site: Site) -> list[Page]:
    """Return the search page when [search] is enabled, else nothing."""
    if not config.search.enabled:
        return []
    url = config.search.url
    title = translator_for(config).gettext(SEARCH_TITLE)
    return [Page(url, output_path(url), "search.html", {"title": title}, "search page",
                 key="search")]

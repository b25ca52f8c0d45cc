"""Redirect pages from an article's old URLs (`aliases:`) to where it lives now."""

from __future__ import annotations

from html import escape

from ..config import Config
from ..model import Page, Site
from .xmlfiles import body_page


def alias_pages(config: Config, site: Site) -> list[Page]:
    """One redirect page per alias: a meta refresh and a canonical link to the article.

    An alias that is the article's own URL is no old address: it is left out.
    """
    return [body_page(alias, redirect_html(config.absolute(article.url), article.title),
                      f"{article.path} (alias {alias})")
            for article in (*site.articles, *site.withdrawn) for alias in article.aliases
            if alias != article.url]


def redirect_html(target: str, title: str) -> str:
    """A page that sends browsers and crawlers on to `target`."""
    url = escape(target)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {escape(title)}</title>\n"
        f'<link rel="canonical" href="{url}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        "</head>\n<body>\n"
        f'<p>This article has moved to <a href="{url}">{url}</a>.</p>\n'
        "</body>\n</html>\n"
    )

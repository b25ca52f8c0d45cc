"""Redirect pages from an article's old URLs (`aliases:`) to where it lives now."""

from __future__ import annotations

from html import escape

from ..config import Config
from ..i18n import N_, Translator, translator_for
from ..model import Page, Site, text_direction
from .xmlfiles import body_page

MOVED_TITLE = N_("Moved: %(title)s")
MOVED_TEXT = N_("This article has moved to %(link)s.")


def alias_pages(config: Config, site: Site) -> list[Page]:
    """One redirect page per alias: a meta refresh and a canonical link to the article, in
    the language of `config`.

    An alias that is the article's own URL is no old address: it is left out.
    """
    words = translator_for(config)
    return [body_page(alias, redirect_html(config.absolute(article.url), article.title, words),
                      f"{article.path} (alias {alias})")
            for article in (*site.articles, *site.withdrawn) for alias in article.aliases
            if alias != article.url]


def redirect_html(target: str, title: str, words: Translator) -> str:
    """A page that sends browsers and crawlers on to `target`, in the site's language."""
    url = escape(target)
    link = f'<a href="{url}">{url}</a>'
    # The catalogue's words are escaped, then the link (HTML) goes in.
    text = escape(words.gettext_raw(MOVED_TEXT)).replace("%(link)s", link).replace("%%", "%")
    rtl = ' dir="rtl"' if text_direction(words.language) == "rtl" else ""
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(words.language)}"{rtl}>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(words.gettext(MOVED_TITLE, title=title))}</title>\n"
        f'<link rel="canonical" href="{url}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        "</head>\n<body>\n"
        f"<p>{text}</p>\n"
        "</body>\n</html>\n"
    )

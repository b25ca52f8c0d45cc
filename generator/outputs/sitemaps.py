"""sitemap.xml (an index past max_urls), the Google News sitemap (an index past 1,000
stories) and robots.txt."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from functools import cache, partial
from urllib.parse import quote

from ..config import Config
from ..digests import digest
from ..model import Article, Batch, Page, PageRecord
from ..site.editions import Edition
from .xmlfiles import attr, body_page, text, w3c

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Google reads at most this many <news:news> entries from one news sitemap: past it the
# news sitemap is an index of parts of this many.
NEWS_LIMIT = 1000
# Characters RFC 3986 allows in a URL as they stand; anything else (spaces, non-ASCII
# from a permalink pattern) is percent-encoded, as the sitemap protocol asks.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
# A URL of these characters alone is written as it stands (quote and the XML escape would
# leave it so): most of a site's, found without either.
_PLAIN = re.compile(r"[A-Za-z0-9_.~/:?#\[\]@!$'()*+,;=%-]*").fullmatch

# A URL, when it last changed, its versions in other languages (hreflang, URL), and its
# <url> element (made once: the batch's input is a digest of them, and a remake writes them).
SitemapEntry = tuple[str, datetime | None, tuple[tuple[str, str], ...], str]


def plan_sitemaps(config: Config, editions: Sequence[Edition],
                  pages: Iterable[Page | PageRecord]) -> list[Page | Batch]:
    """Return sitemap.xml (or its index and parts), news-sitemap.xml and robots.txt, for
    `pages` (made in this build, or kept from the last one). The sitemap is a batch made
    from its entries: a rebuild that changes no URL and no date keeps it as it is."""
    # Gathered only when the batch is fingerprinted or made: a rebuild that changes no
    # page's URL or date (batches.Partitioner.settle) keeps the sitemap by its key alone.
    entries = cache(partial(sitemap_entries, config, pages))
    return [Batch("/sitemap.xml", partial(listed_digest, entries),
                  partial(sitemap_from, config, entries)),
            *news_sitemap_pages(config, editions),
            robots_page(config)]


def sitemap_entries(config: Config, pages: Iterable[Page | PageRecord]) -> list[SitemapEntry]:
    # By URL alone: two pages at one URL are an error reported by the planner, not a crash
    # comparing a date with None here. A kept page's record has no other languages: only a
    # site of one language keeps pages (build.plan).
    listed = sorted(((p.url, p.lastmod, getattr(p, "alternates", ())) for p in pages
                     if p.sitemap), key=lambda e: e[0])
    return [(url, lastmod, alternates,
             f"<url>{location(config, url, lastmod)}{links(config, alternates)}</url>")
            for url, lastmod, alternates in listed]


def listed_digest(entries: Callable[[], list[SitemapEntry]]) -> tuple[bytes]:
    """The sitemap batch's input: a digest of what its entries write."""
    return (digest("\n".join([entry[3] for entry in entries()]).encode()),)


def sitemap_from(config: Config, entries: Callable[[], list[SitemapEntry]],
                 listed: bytes) -> list[Page]:
    return sitemap_pages(config, entries())


def sitemap_pages(config: Config, entries: Sequence[SitemapEntry]) -> list[Page]:
    """One urlset while the URLs fit in max_urls; past that an index and numbered parts."""
    size = config.sitemap.max_urls
    if len(entries) <= size:
        return [body_page("/sitemap.xml", urlset(config, entries), "sitemap")]
    parts = [entries[start:start + size] for start in range(0, len(entries), size)]
    urls = [f"/sitemap-{number}.xml" for number in range(1, len(parts) + 1)]
    index = [(url, max((e[1] for e in part if e[1] is not None), default=None))
             for url, part in zip(urls, parts, strict=True)]
    return [body_page("/sitemap.xml", sitemap_index(config, index), "sitemap index"),
            *(body_page(url, urlset(config, part), f"sitemap part {number}")
              for number, (url, part) in enumerate(zip(urls, parts, strict=True), start=1))]


def urlset(config: Config, entries: Sequence[SitemapEntry]) -> str:
    # The versions of a page in other languages, as Google reads them from a sitemap.
    xhtml = f' xmlns:xhtml="{XHTML_NS}"' if any(e[2] for e in entries) else ""
    lines = [XML_DECLARATION + f'<urlset xmlns="{SITEMAP_NS}"{xhtml}>']
    lines += [entry[3] for entry in entries]
    lines.append("</urlset>\n")
    return "\n".join(lines)


def links(config: Config, alternates: tuple[tuple[str, str], ...]) -> str:
    return "".join(f'<xhtml:link rel="alternate" hreflang={attr(hreflang)} '
                   f"href={attr(quote(config.absolute(url), safe=_URL_SAFE))}/>"
                   for hreflang, url in alternates)


def sitemap_index(config: Config, parts: Sequence[tuple[str, datetime | None]]) -> str:
    lines = [XML_DECLARATION + f'<sitemapindex xmlns="{SITEMAP_NS}">']
    lines += [f"<sitemap>{location(config, url, lastmod)}</sitemap>" for url, lastmod in parts]
    lines.append("</sitemapindex>\n")
    return "\n".join(lines)


def location(config: Config, url: str, lastmod: datetime | None) -> str:
    """The <loc> and, when known, <lastmod> of one URL."""
    loc = f"<loc>{absolute(config, url)}</loc>"
    return loc if lastmod is None else f"{loc}<lastmod>{w3c(lastmod)}</lastmod>"


def news_sitemap_pages(config: Config, editions: Sequence[Edition]) -> list[Page]:
    """The Google News sitemap of the articles of the last news_days days, each under the
    publication name of its language's edition: one file while they fit in NEWS_LIMIT,
    past that an index of /news-sitemap-1.xml, -2.xml..."""
    recent: list[tuple[Article, str]] = []
    for edition in editions:
        name = edition.config.sitemap.publication or edition.config.title
        recent += [(a, name) for a in recent_articles(
            edition.site.articles, edition.site.build_time, config.sitemap.news_days)]
    recent.sort(key=lambda pair: pair[0].sort_key)
    if len(recent) <= NEWS_LIMIT:
        return [body_page("/news-sitemap.xml", news_sitemap(config, recent), "news sitemap")]
    parts = [recent[start:start + NEWS_LIMIT] for start in range(0, len(recent), NEWS_LIMIT)]
    urls = [f"/news-sitemap-{number}.xml" for number in range(1, len(parts) + 1)]
    index = [(url, max(a.date for a, _ in part)) for url, part in zip(urls, parts, strict=True)]
    return [body_page("/news-sitemap.xml", sitemap_index(config, index), "news sitemap index"),
            *(body_page(url, news_sitemap(config, part), f"news sitemap part {number}")
              for number, (url, part) in enumerate(zip(urls, parts, strict=True), start=1))]


def news_sitemap(config: Config, articles: Sequence[tuple[Article, str]]) -> str:
    """A Google News urlset of `articles`, each with its publication's name."""
    lines = [XML_DECLARATION + f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">']
    for article, publication in articles:
        name = text(publication)
        lines += [
            "<url>",
            f"  <loc>{absolute(config, article.url)}</loc>",
            "  <news:news>",
            "    <news:publication>",
            f"      <news:name>{name}</news:name>",
            f"      <news:language>{news_language(article.language)}</news:language>",
            "    </news:publication>",
            f"    <news:publication_date>{w3c(article.date)}</news:publication_date>",
            f"    <news:title>{text(article.title)}</news:title>",
            "  </news:news>",
            "</url>",
        ]
    lines.append("</urlset>\n")
    return "\n".join(lines)


def recent_articles(articles: Sequence[Article], now: datetime, days: int) -> list[Article]:
    """Articles dated in (now - days, now], in the order given."""
    since = now - timedelta(days=days)
    return [a for a in articles if since < a.date <= now]


def news_language(language: str) -> str:
    """Google News wants an ISO 639 code; Chinese alone keeps its script, as zh-cn or zh-tw."""
    code = language.lower().replace("_", "-")
    if code in ("zh-cn", "zh-hans", "zh-hans-cn", "zh-sg"):
        return "zh-cn"
    if code in ("zh-tw", "zh-hant", "zh-hant-tw", "zh-hk"):
        return "zh-tw"
    return code.split("-")[0]


def robots_page(config: Config) -> Page:
    return body_page("/robots.txt", "User-agent: *\nAllow: /\n\n"
                     f"Sitemap: {config.absolute('/sitemap.xml')}\n"
                     f"Sitemap: {config.absolute('/news-sitemap.xml')}\n", "robots.txt")


def absolute(config: Config, url: str) -> str:
    full = config.absolute(url)
    return full if _PLAIN(full) else text(quote(full, safe=_URL_SAFE))

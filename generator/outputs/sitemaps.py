"""sitemap.xml (an index past max_urls), the Google News sitemap (an index past 1,000
stories) and robots.txt."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import partial
from urllib.parse import quote

from ..config import Config
from ..digests import digest
from ..model import Article, Batch, Page, PageRecord, Site
from .xmlfiles import body_page, text, w3c

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Google reads at most this many <news:news> entries from one news sitemap: past it the
# news sitemap is an index of parts of this many.
NEWS_LIMIT = 1000
# Characters RFC 3986 allows in a URL as they stand; anything else (spaces, non-ASCII
# from a permalink pattern) is percent-encoded, as the sitemap protocol asks.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"

SitemapEntry = tuple[str, datetime | None]  # a URL and when it last changed


def plan_sitemaps(config: Config, site: Site,
                  pages: Iterable[Page | PageRecord]) -> list[Page | Batch]:
    """Return sitemap.xml (or its index and parts), news-sitemap.xml and robots.txt, for
    `pages` (made in this build, or kept from the last one). The sitemap is a batch made
    from its entries: a rebuild that changes no URL and no date keeps it as it is."""
    # By URL alone: two pages at one URL are an error reported by the planner, not a crash
    # comparing a date with None here.
    entries = sorted(((p.url, p.lastmod) for p in pages if p.sitemap), key=lambda e: e[0])
    listed = digest("\n".join(f"{url}\0{lastmod.isoformat() if lastmod else ''}"
                               for url, lastmod in entries).encode())
    return [Batch("/sitemap.xml", (listed,), partial(sitemap_pages, config, entries)),
            *news_sitemap_pages(config, site),
            robots_page(config)]


def sitemap_pages(config: Config, entries: Sequence[SitemapEntry]) -> list[Page]:
    """One urlset while the URLs fit in max_urls; past that an index and numbered parts."""
    size = config.sitemap.max_urls
    if len(entries) <= size:
        return [body_page("/sitemap.xml", urlset(config, entries), "sitemap")]
    parts = [entries[start:start + size] for start in range(0, len(entries), size)]
    urls = [f"/sitemap-{number}.xml" for number in range(1, len(parts) + 1)]
    index = [(url, max((m for _, m in part if m is not None), default=None))
             for url, part in zip(urls, parts, strict=True)]
    return [body_page("/sitemap.xml", sitemap_index(config, index), "sitemap index"),
            *(body_page(url, urlset(config, part), f"sitemap part {number}")
              for number, (url, part) in enumerate(zip(urls, parts, strict=True), start=1))]


def urlset(config: Config, entries: Sequence[SitemapEntry]) -> str:
    lines = [XML_DECLARATION + f'<urlset xmlns="{SITEMAP_NS}">']
    lines += [f"<url>{location(config, url, lastmod)}</url>" for url, lastmod in entries]
    lines.append("</urlset>\n")
    return "\n".join(lines)


def sitemap_index(config: Config, entries: Sequence[SitemapEntry]) -> str:
    lines = [XML_DECLARATION + f'<sitemapindex xmlns="{SITEMAP_NS}">']
    lines += [f"<sitemap>{location(config, url, lastmod)}</sitemap>" for url, lastmod in entries]
    lines.append("</sitemapindex>\n")
    return "\n".join(lines)


def location(config: Config, url: str, lastmod: datetime | None) -> str:
    """The <loc> and, when known, <lastmod> of one URL."""
    loc = f"<loc>{absolute(config, url)}</loc>"
    return loc if lastmod is None else f"{loc}<lastmod>{w3c(lastmod)}</lastmod>"


def news_sitemap_pages(config: Config, site: Site) -> list[Page]:
    """The Google News sitemap of the articles of the last news_days days: one file while
    they fit in NEWS_LIMIT, past that an index of /news-sitemap-1.xml, -2.xml..."""
    recent = recent_articles(site, config.sitemap.news_days)
    if len(recent) <= NEWS_LIMIT:
        return [body_page("/news-sitemap.xml", news_sitemap(config, recent), "news sitemap")]
    parts = [recent[start:start + NEWS_LIMIT] for start in range(0, len(recent), NEWS_LIMIT)]
    urls = [f"/news-sitemap-{number}.xml" for number in range(1, len(parts) + 1)]
    index = [(url, max(a.date for a in part)) for url, part in zip(urls, parts, strict=True)]
    return [body_page("/news-sitemap.xml", sitemap_index(config, index), "news sitemap index"),
            *(body_page(url, news_sitemap(config, part), f"news sitemap part {number}")
              for number, (url, part) in enumerate(zip(urls, parts, strict=True), start=1))]


def news_sitemap(config: Config, articles: Sequence[Article]) -> str:
    """A Google News urlset of `articles`."""
    name = text(config.sitemap.publication or config.title)
    lines = [XML_DECLARATION + f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="{NEWS_NS}">']
    for article in articles:
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


def recent_articles(site: Site, days: int) -> list[Article]:
    """Articles dated in (build time - days, build time], newest first."""
    since = site.build_time - timedelta(days=days)
    return [a for a in site.articles if since < a.date <= site.build_time]


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
    return text(quote(config.absolute(url), safe=_URL_SAFE))

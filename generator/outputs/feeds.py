"""Atom and RSS feeds for the site, and Atom for each tag, source and author."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from functools import partial
from typing import Any

from ..config import Config
from ..i18n import N_, Translator, translator_for
from ..model import Article, Batch, BodyReader, Group, Page, Site, group_key
from ..site.urls import output_path
from .feed_links import absolute_url, feed_html
from .xmlfiles import attr, escape, quoteattr, text, w3c

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_NS = "http://search.yahoo.com/mrss/"
GENERATOR = "newsarchive"
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

FEED_TITLES = {"tag": N_("Tag: %(name)s · %(site)s"),
               "source": N_("Source: %(name)s · %(site)s"),
               "author": N_("Author: %(name)s · %(site)s")}


@dataclass(frozen=True, slots=True)
class Feed:
    """One feed: where it lives, the HTML page it stands for, and its newest articles."""

    url: str
    page_url: str
    title: str
    articles: Sequence[Article]
    origin: str
    updated: datetime | None = None  # when it is not the newest change of its articles


def plan_feeds(config: Config, site: Site) -> list[Batch]:
    """Return Atom and RSS for the site, and Atom for every tag, source and author."""
    limit = config.feeds.entries
    home = site.articles[:limit]
    atom = partial(atom_text, config, site,
                   EntryCache(config, partial(atom_entry, config, site)))
    words = translator_for(config)
    first, prefix = config.home_url, config.prefix
    pages = [feed_batch(site, Feed(prefix + "/feed.xml", first, config.title, home,
                                   "site feed"), atom, reads=()),
             feed_batch(site, Feed(prefix + "/rss.xml", first, config.title, home,
                                   "site RSS feed"), partial(rss_text, config, site), reads=())]
    seen: set[str] = set()
    for group in (*site.tags, *site.sources, *site.authors):
        # Two groups share a feed URL only when they share a page URL, and check_collisions
        # already reports that page; a second message about its feed would only be noise.
        if group.feed_url not in seen:
            seen.add(group.feed_url)
            pages.append(feed_batch(site, partial(group_feed, config, words, group, limit),
                                    atom, group.feed_url, reads=(group_key(group),)))
    return pages


def group_feed(config: Config, words: Translator, group: Group, limit: int,
               url: str = "") -> Feed:
    title = words.gettext(FEED_TITLES[group.kind], name=group.name, site=config.title)
    return Feed(url or group.feed_url, group.url, title, group.articles[:limit],
                f"{group.kind} feed {group.name}")


FeedText = Callable[[Feed, BodyReader], bytes]


def feed_batch(site: Site, feed: Feed | Callable[[], Feed], make: FeedText, url: str = "",
               extra: dict[str, Any] | None = None, reads: tuple[str, ...] | None = None
               ) -> Batch:
    """The batch of one feed page, written by `make`; `feed`, or what makes it when the
    page is made or fingerprinted (its URL is then `url`). `extra`: more of what `make`
    shows, for the page's fingerprint. `reads`: the batch's Batch.reads (as list_pages)."""
    key = feed.url if isinstance(feed, Feed) else url
    return Batch(key, partial(feed_inputs, site, feed, extra or {}), partial(feed_page, make),
                 reads)


def feed_inputs(site: Site, feed: Feed | Callable[[], Feed], extra: dict[str, Any]
                ) -> tuple[Any, ...]:
    """Everything a feed's text shows but the bodies: its entries' metadata, the names of
    their tags as their tag pages spell them, their authors and enclosures. Bodies are
    read through the reader the text is made with, which records them."""
    feed = feed if isinstance(feed, Feed) else feed()
    return (feed, [site.tags_of(a) for a in feed.articles],
            [site.authors_of(a) for a in feed.articles],
            [site.media.enclosures.get(a.url) for a in feed.articles],
            feed.updated or feed_updated(site, feed.articles), extra)


def feed_page(make: FeedText, feed: Feed, tags: list[tuple[Group, ...]],
              authors: list[tuple[Group, ...]], enclosures: list[Any], updated: datetime,
              extra: dict[str, Any]) -> list[Page]:
    context = {"feed": feed, "tags": tags, "authors": authors, "enclosures": enclosures,
               "updated": updated, **extra}
    return [Page(feed.url, output_path(feed.url), "", context, feed.origin,
                 produce=partial(make, feed), sitemap=False)]


def atom_text(config: Config, site: Site, entries: EntryCache, feed: Feed,
              bodies: BodyReader) -> bytes:
    """Render `feed` as Atom, reusing entries already written for another feed."""
    self_url = config.absolute(feed.url)
    lines = [
        XML_DECLARATION + f"<feed xmlns={quoteattr(ATOM_NS)} "
        f"xml:lang={quoteattr(config.language)}>",
        f"  <title>{text(feed.title)}</title>",
    ]
    if config.description:
        lines.append(f"  <subtitle>{text(config.description)}</subtitle>")
    lines += [
        f"  <id>{text(self_url)}</id>",
        f'  <link rel="self" type="application/atom+xml" href={attr(self_url)}/>',
        f'  <link rel="alternate" type="text/html" href={attr(config.absolute(feed.page_url))}/>',
        f"  <updated>{w3c(feed_updated(site, feed.articles))}</updated>",
        f"  <author><name>{text(config.publisher_name)}</name></author>",
        f"  <generator>{GENERATOR}</generator>",
    ]
    if config.copyright:
        lines.append(f"  <rights>{text(config.copyright)}</rights>")
    return b"\n".join([("\n".join(lines)).encode("utf-8"),
                       *(entries.get(article, bodies) for article in feed.articles),
                       b"</feed>\n"])


def rss_text(config: Config, site: Site, feed: Feed, bodies: BodyReader) -> bytes:
    """Render `feed` as RSS 2.0."""
    lines = [
        XML_DECLARATION + f'<rss version="2.0" xmlns:atom={quoteattr(ATOM_NS)} '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media={quoteattr(MEDIA_NS)}>',
        "<channel>",
        f"  <title>{text(feed.title)}</title>",
        f"  <link>{text(config.absolute(feed.page_url))}</link>",
        f"  <description>{text(config.description or config.title)}</description>",
        f"  <language>{text(config.language)}</language>",
        f"  <lastBuildDate>{rfc822(feed_updated(site, feed.articles))}</lastBuildDate>",
        f"  <generator>{GENERATOR}</generator>",
        f'  <atom:link rel="self" type="application/rss+xml" '
        f"href={attr(config.absolute(feed.url))}/>",
    ]
    if config.copyright:
        lines.append(f"  <copyright>{text(config.copyright)}</copyright>")
    lines += [rss_item(config, site, article, bodies) for article in feed.articles]
    lines.append("</channel>\n</rss>\n")
    return "\n".join(lines).encode("utf-8")


class PerArticle:
    """What a feed shows of an article (an Atom entry, a JSON item), made once: an article
    is in the site feed and in each of its groups'. Made again when the bodies change
    (BodyReader.generation). Entries are kept as UTF-8 (a worker holds thousands, each with
    a whole body: as text, one accented name made one 2 bytes a character, 79 MB at
    10,000 articles), up to BUDGET bytes: past it they are let go and made again as they
    are met (the entries of feeds are as many as the groups times the feeds' length,
    which an archive of many authors or sources makes large)."""

    BUDGET = 64 * 2**20

    def __init__(self, config: Config, make: Callable[[Article, BodyReader], bytes]) -> None:
        self.config = config
        self.make = make
        self.done: dict[str, bytes] = {}
        self.size = 0
        self.generation = 0

    def get(self, article: Article, bodies: BodyReader) -> bytes:
        if bodies.generation != self.generation:
            self.forget()
            self.generation = bodies.generation
        known = self.done.get(article.url)
        if known is not None:
            if self.config.feeds.content == "full":
                bodies.noted(article)  # this feed shows the body too: the read is recorded
            return known
        made = self.make(article, bodies)
        if self.size + len(made) > self.BUDGET:
            self.forget()
        self.done[article.url] = made
        self.size += len(made)
        return made

    def forget(self) -> None:
        self.done.clear()
        self.size = 0


EntryCache = PerArticle


def atom_entry(config: Config, site: Site, article: Article, bodies: BodyReader) -> bytes:
    url = config.absolute(article.url)
    # A story in another language than the site says so, for readers that hyphenate or speak.
    lang = f" xml:lang={attr(article.language)}" if article.language != config.language else ""
    lines = [
        f"  <entry{lang}>",
        f"    <title>{text(article.title)}</title>",
        f'    <link rel="alternate" type="text/html" href={attr(url)}/>',
        f"    <id>{text(url)}</id>",
        f"    <published>{w3c(article.date)}</published>",
        f"    <updated>{w3c(article.modified)}</updated>",
        *atom_authors(config, site, article),
        *(f"    <category term={attr(tag)}/>" for tag in categories(site, article)),
        f"    <summary type=\"text\">{text(article.summary)}</summary>",
    ]
    enclosure = site.media.enclosures.get(article.url)
    if enclosure is not None and enclosure.type:
        lines.append(f'    <link rel="enclosure" type={attr(enclosure.type)} '
                     f"length=\"{enclosure.length}\" "
                     f"href={attr(absolute_url(config, enclosure.url))}/>")
    if config.feeds.content == "full":
        html = feed_html(config, bodies.body(article).html, article.url)
        lines.append(f'    <content type="html">{text(html)}</content>')
    lines.append("  </entry>")
    return "\n".join(lines).encode("utf-8")


def rss_item(config: Config, site: Site, article: Article, bodies: BodyReader) -> str:
    url = config.absolute(article.url)
    # RSS descriptions are HTML, so a plain-text summary is escaped once as HTML first.
    html = (feed_html(config, bodies.body(article).html, article.url)
            if config.feeds.content == "full" else escape(article.summary))
    return "\n".join([
        "  <item>",
        f"    <title>{text(article.title)}</title>",
        f"    <link>{text(url)}</link>",
        f'    <guid isPermaLink="true">{text(url)}</guid>',
        f"    <pubDate>{rfc822(article.date)}</pubDate>",
        f"    <dc:creator>{text(entry_author(config, article))}</dc:creator>",
        *(f"    <category>{text(tag)}</category>" for tag in categories(site, article)),
        f"    <description>{text(html)}</description>",
        *rss_media(config, site, article),
        "  </item>",
    ])


def atom_authors(config: Config, site: Site, article: Article) -> list[str]:
    """One <author> per author, with their page; the source or publisher without one."""
    if not article.authors:
        return [f"    <author><name>{text(entry_author(config, article))}</name></author>"]
    pages = {g.name.casefold(): g.url for g in site.authors_of(article)}
    lines = []
    for name in article.authors:
        page = pages.get(name.casefold())
        uri = f"<uri>{text(config.absolute(page))}</uri>" if page else ""
        lines.append(f"    <author><name>{text(name)}</name>{uri}</author>")
    return lines


def rss_media(config: Config, site: Site, article: Article) -> list[str]:
    """The lead image as an <enclosure> and a <media:content>."""
    enclosure = site.media.enclosures.get(article.url)
    if enclosure is None:
        return []
    url = attr(absolute_url(config, enclosure.url))
    lines = []
    if enclosure.type:
        lines.append(f"    <enclosure url={url} length=\"{enclosure.length}\" "
                     f"type={attr(enclosure.type)}/>")
    size = (f' width="{enclosure.width}" height="{enclosure.height}"'
            if enclosure.width and enclosure.height else "")
    kind = f" type={attr(enclosure.type)}" if enclosure.type else ""
    lines.append(f'    <media:content url={url} medium="image"{kind}{size}/>')
    return lines


def categories(site: Site, article: Article) -> list[str]:
    """The article's tags as their tag pages spell them, so 'harbour' and 'Harbour' agree."""
    return [group.name for group in site.tags_of(article)]


def entry_author(config: Config, article: Article) -> str:
    """The byline as the feed's language joins names ('A and B', 'A et B'), else the source
    or the publisher."""
    if article.authors:
        return translator_for(config).names(article.authors)
    return article.source or config.publisher_name


def feed_updated(site: Site, articles: Sequence[Article]) -> datetime:
    """The newest change among the entries, never the clock; the build time for no entries."""
    return max((a.modified for a in articles), default=site.build_time)


def rfc822(moment: datetime) -> str:
    return format_datetime(moment)

"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) beside each Atom feed: the site's, and
each tag's, source's and author's."""

from __future__ import annotations

from functools import partial
from typing import Any

from ..config import Config
from ..i18n import translator_for
from ..model import Article, Batch, BodyReader, Site, group_key
from .feed_links import absolute_url, feed_html
from .feeds import Feed, PerArticle, categories, entry_author, feed_batch, group_feed
from .indented_json import indented_json

VERSION = "https://jsonfeed.org/version/1.1"


def plan_json_feeds(config: Config, site: Site) -> list[Batch]:
    """Return /feed.json and a feed.json for every tag, source and author."""
    limit = config.feeds.entries
    write = partial(json_text, config, ItemCache(config, partial(json_entry, config, site)))
    words = translator_for(config)
    pages = [feed_batch(site, Feed(config.prefix + "/feed.json", config.home_url,
                                   config.title, site.articles[:limit], "site JSON feed"),
                        write, reads=())]
    seen: set[str] = set()
    for group in (*site.tags, *site.sources, *site.authors):
        if group.json_feed_url not in seen:  # a shared URL is reported once, for its page
            seen.add(group.json_feed_url)
            pages.append(feed_batch(site, partial(group_feed, config, words, group, limit,
                                                  group.json_feed_url),
                                    write, group.json_feed_url, reads=(group_key(group),)))
    return pages


def json_text(config: Config, items: ItemCache, feed: Feed, bodies: BodyReader) -> bytes:
    """Render `feed` as JSON Feed 1.1, laid out as json.dumps(..., indent=1) does, its items
    (made once, json_entry) written in where they go."""
    data: dict[str, Any] = {
        "version": VERSION,
        "title": feed.title,
        "home_page_url": config.absolute(feed.page_url),
        "feed_url": config.absolute(feed.url),
    }
    if config.description:
        data["description"] = config.description
    data["language"] = config.language
    data["authors"] = [{"name": config.publisher_name}]
    data["items"] = []
    head = indented_json(data, 1)
    if not feed.articles:
        return f"{head}\n".encode()
    return b"".join([head.removesuffix("[]\n}").encode("utf-8"), b"[\n  ",
                     b",\n  ".join(items.get(article, bodies) for article in feed.articles),
                     b"\n ]\n}\n"])


ItemCache = PerArticle


def json_entry(config: Config, site: Site, article: Article, bodies: BodyReader) -> bytes:
    """An item as it stands in a feed's "items", laid out with an indent of 1, two levels in
    (a string in JSON holds no line break)."""
    item = indented_json(json_item(config, site, article, bodies), 1)
    return item.replace("\n", "\n  ").encode("utf-8")


def json_item(config: Config, site: Site, article: Article, bodies: BodyReader
              ) -> dict[str, Any]:
    url = config.absolute(article.url)
    item: dict[str, Any] = {"id": url, "url": url, "title": article.title}
    if config.feeds.content == "full":
        item["content_html"] = feed_html(config, bodies.body(article).html, article.url)
    else:
        item["content_text"] = article.summary
    item["summary"] = article.summary
    enclosure = site.media.enclosures.get(article.url)
    if enclosure is not None:
        item["image"] = absolute_url(config, enclosure.url)
    item["date_published"] = article.date.isoformat()
    item["date_modified"] = article.modified.isoformat()
    pages = {g.name.casefold(): g.url for g in site.authors_of(article)}
    if article.authors:
        item["authors"] = [{"name": name, **({"url": config.absolute(pages[name.casefold()])}
                                             if name.casefold() in pages else {})}
                           for name in article.authors]
    else:
        item["authors"] = [{"name": entry_author(config, article)}]
    tags = categories(site, article)
    if tags:
        item["tags"] = tags
    if article.language != config.language:
        item["language"] = article.language
    return item

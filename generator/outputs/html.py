"""The HTML pages: articles, the home page, tag, source and period lists, the archive, 404,
and the notices that stand at the URLs of withdrawn stories."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import PurePosixPath
from typing import Any

from ..config import Config
from ..i18n import N_, Translator, translator_for
from ..model import Article, Batch, Group, Page, Period, Site, group_key, related_key
from ..site.indexes import neighbours
from ..site.urls import output_path, paginate_url
from .images_lead import LeadImage
from .structured import Byline, news_article_json_ld


class JsonLd:
    """An article's JSON-LD, made when the template prints it (only pages that are
    rendered pay for it)."""

    __slots__ = ("article", "bylines", "config", "lead")

    def __init__(self, config: Config, article: Article, bylines: tuple[Byline, ...] = (),
                 lead: LeadImage | None = None) -> None:
        self.config = config
        self.article = article
        self.bylines = bylines
        self.lead = lead

    def __html__(self) -> str:
        return str(news_article_json_ld(self.config, self.article, self.bylines, self.lead))

    __str__ = __html__


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page sits in a paginated list."""

    number: int
    count: int
    urls: tuple[str, ...]
    total_items: int

    @property
    def previous_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


TITLES = {"tag": N_("Tags"), "source": N_("Sources"), "archive": N_("Archive"),
          "not found": N_("Page not found")}


def html_pages(config: Config, site: Site) -> list[Page | Batch]:
    """The browsable pages: articles, lists, indexes, the archive and the 404 page."""
    words = translator_for(config)
    newest = max((a.modified for a in site.articles), default=None)
    archive = config.permalinks.archive
    not_found = config.prefix + "/404.html"
    return [
        *article_pages(config, site),
        *list_pages(config, config.home_url, site.articles, "home.html",
                    {"title": config.title}, "home", "home", reads=()),
        *group_pages(config, words, site.tags, "tag", config.permalinks.tags),
        *group_pages(config, words, site.sources, "source", config.permalinks.sources),
        *period_pages(config, words, site.years, {}),
        *period_pages(config, words, site.months, {(p.year,): p for p in site.years}),
        *period_pages(config, words, site.days, {(p.year, p.month): p for p in site.months}),
        Page(archive, output_path(archive), "archive.html",
             {"title": words.gettext(TITLES["archive"]), "calendar": archive_calendar(site, words)},
             "archive", lastmod=newest, key="archive"),
        Page(not_found, PurePosixPath(not_found.lstrip("/")), "404.html",
             {"title": words.gettext(TITLES["not found"])}, "not found page", sitemap=False,
             key="404"),
        *withdrawn_pages(site),
    ]


def article_pages(config: Config, site: Site) -> Iterator[Batch]:
    """One batch per article: its page, made from the article, its neighbours, its groups
    and its related stories (which it reads: Batch.reads)."""
    make = partial(article_page, config)
    for index, article in enumerate(site.articles):
        yield Batch(article.url, partial(article_inputs, site, index), make,
                    (related_key(article),) if site.related else ())


def article_inputs(site: Site, index: int) -> tuple[Any, ...]:
    """What the page of the article at `index` of site.articles is made from."""
    article = site.articles[index]
    # site.articles is newest first: the 'previous' article in reading order is older.
    newer, older = neighbours(site.articles, index)
    key = "story:" + article.translation_key if article.translation_key else ""
    return (article, article.words, site.tags_of(article), site.source_of(article),
            site.authors_of(article), site.media.lead.get(article.url),
            bylines(site, article), older, newer, site.related.get(article.url, ()), key)


def article_page(config: Config, article: Article, words: int, tags: tuple[Group, ...],
                 source: Group | None, authors: tuple[Group, ...], lead: LeadImage | None,
                 byline: tuple[Byline, ...], older: Article | None, newer: Article | None,
                 related: tuple[Article, ...], key: str) -> list[Page]:
    """An article's page, from what its batch holds (`words` counts in the JSON-LD)."""
    return [Page(article.url, output_path(article.url), "article.html", {
        "title": article.title,
        "article": article,
        "tags": tags,
        "source_group": source,
        "authors": authors,
        "lead_image": lead,
        "older": older,
        "newer": newer,
        "related": related,
        "reading_minutes": article.reading_minutes(config.words_per_minute),
        "json_ld": JsonLd(config, article, byline, lead),
    }, article.path, lastmod=article.modified, key=key)]


def bylines(site: Site, article: Article) -> tuple[Byline, ...]:
    """The story's authors with their pages and authors.toml profiles."""
    pages = {group.name.casefold(): group.url for group in site.authors_of(article)}
    return tuple(Byline(name, pages.get(name.casefold(), ""), site.profile_of(name))
                 for name in article.authors)


def withdrawn_pages(site: Site) -> Iterator[Page]:
    """A short notice at the URL of each withdrawn story: its title, date and note."""
    for article in site.withdrawn:
        yield Page(article.url, output_path(article.url), "withdrawn.html",
                   {"title": article.title, "article": article}, article.path, sitemap=False)


def list_pages(config: Config, first_url: str, articles: Sequence[Article], template: str,
               context: dict[str, Any] | Callable[[], dict[str, Any]], origin: str,
               key: str = "", sitemap: bool = True, reads: tuple[str, ...] | None = None
               ) -> Iterator[Batch]:
    """Split a list of articles into pages of per_page, a batch each; an empty list still
    gets page 1, which alone carries `key` (the later pages of two languages' lists
    differ). `context`: what every page shows beside its articles, or what makes it when
    a page is made or fingerprinted. `sitemap`: whether the pages go in the sitemap.
    `reads`: the batches' Batch.reads (the key of the group whose list `articles` is; ()
    for the site's own list; None: a list in another order, which is then not known)."""
    size = config.per_page
    count = max(1, -(-len(articles) // size))
    urls = tuple(paginate_url(config.permalinks, first_url, n) for n in range(1, count + 1))
    make = partial(list_page, origin, urls)
    for number, url in enumerate(urls, start=1):
        # The other URLs follow from the first, the count and site.toml.
        yield Batch(url, partial(list_inputs, template, context, articles, size, number,
                                 count, first_url, sitemap, key if number == 1 else ""), make,
                    reads)


def list_inputs(template: str, context: dict[str, Any] | Callable[[], dict[str, Any]],
                articles: Sequence[Article], size: int, number: int, count: int,
                first_url: str, sitemap: bool, key: str) -> tuple[Any, ...]:
    """What page `number` of a list is made from."""
    chunk = articles[(number - 1) * size: number * size]
    return (template, context if isinstance(context, dict) else context(), chunk, number,
            count, first_url, len(articles), sitemap, key)


def list_page(origin: str, urls: tuple[str, ...], template: str, context: dict[str, Any],
              chunk: Sequence[Article], number: int, count: int, first_url: str, total: int,
              sitemap: bool, key: str) -> list[Page]:
    url = urls[number - 1]
    return [Page(url, output_path(url), template, {**context, "articles": chunk,
                                                  "pager": Pager(number, count, urls, total)},
                 origin, lastmod=max((a.modified for a in chunk), default=None),
                 sitemap=sitemap, key=key)]


def group_pages(config: Config, words: Translator, groups: tuple[Group, ...], kind: str,
                index_url: str) -> Iterator[Page | Batch]:
    """The index of every tag (or source), then each one's paginated list. A tag of one
    language stands for the tag of another that has the same slug."""
    newest = max((a.modified for g in groups for a in g.articles[:1]), default=None)
    yield Page(index_url, output_path(index_url), "groups.html",
               {"title": words.gettext(TITLES[kind]), "groups": groups, "kind": kind},
               f"{kind} index", lastmod=newest, key=f"{kind}s")
    for group in groups:
        title = group.name
        yield from list_pages(config, group.url, group.articles, "group.html",
                              {"title": title, "group": group}, f"{kind} '{group.name}'",
                              f"{kind}:{group.slug}", reads=(group_key(group),))


def period_pages(config: Config, words: Translator, periods: tuple[Period, ...],
                 parents: dict[tuple[int, ...], Period]) -> Iterator[Batch]:
    """Year, month or day pages; `parents` finds the year of a month, the month of a day."""
    for index, period in enumerate(periods):
        earlier, later = neighbours(periods, index)
        parent = parents.get(period.start[:2] if period.kind == "day" else period.start[:1])
        # Its title is made when a page is (a rebuild keeps most without making them).
        context = cache(partial(period_context, words, period, earlier, later,
                                parent if period.kind != "year" else None))
        yield from list_pages(config, period.url, period.articles, "period.html", context,
                              f"{period.kind} {period.url}", f"{period.kind}:{period.start}",
                              reads=(group_key(period),))


def period_context(words: Translator, period: Period, earlier: Period | None,
                   later: Period | None, parent: Period | None) -> dict[str, Any]:
    return {"title": words.dates.period_title(period), "period": period, "earlier": earlier,
            "later": later, "parent": parent}


def period_title(config: Config, period: Period) -> str:
    """The title of a period's page in the language of `config`: '2024', 'March 2024',
    '14 March 2024'."""
    return translator_for(config).dates.period_title(period)


def archive_calendar(site: Site, words: Translator) -> list[dict[str, Any]]:
    """Years (newest first) by twelve months, each with its count and URL when it has
    articles, and its title ('March 2024') in the site's language."""
    months = {(p.year, p.month): p for p in site.months}
    rows = []
    for year in reversed(site.years):
        cells = []
        for number in range(1, 13):
            period = months.get((year.year, number))
            cells.append({"month": number, "count": len(period.articles) if period else 0,
                          "url": period.url if period else None,
                          "title": words.dates.period_title(
                              Period("month", year.year, number, 0, "", ()))})
        rows.append({"year": year.year, "url": year.url, "count": len(year.articles),
                     "months": cells})
    return rows

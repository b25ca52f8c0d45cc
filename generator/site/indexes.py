"""Group articles every way the archive is browsed: by tag, source, year, month and day."""

from __future__ import annotations

import dataclasses
import operator
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Literal, TypeVar

from ..config import Config, Permalinks
from ..errors import Problems
from ..model import Article, AuthorProfile, Group, Period, Site
from ..slugs import slugify
from .related import related_articles
from .selection import Selection
from .urls import article_url, fill

T = TypeVar("T")


# How the related articles are ranked: related_articles, or a cache of its rankings.
Related = Callable[[Sequence[Article], int], dict[str, tuple[Article, ...]]]


def make_site(config: Config, articles: Sequence[Article], selection: Selection,
              build_time: datetime, problems: Problems,
              profiles: Mapping[str, AuthorProfile] | None = None,
              related: Related = related_articles) -> Site:
    """Give every article the selection publishes its URL, and build all the indexes.

    Articles scheduled for later are checked now, so that what would be wrong with them
    on the day they come out is a warning today. A withdrawn (or expired) story keeps its
    URL, for its notice, and is in no index.
    """
    links = config.permalinks
    published = selection.published(articles, build_time)
    scheduled = selection.scheduled(articles, build_time)
    if scheduled:
        check_scheduled(config, published, scheduled, problems)
    every = sorted(assign_urls(links, published, problems), key=lambda a: a.sort_key)
    placed = [a for a in every if not a.withdrawn_at(build_time)]
    tags = make_groups("tag", placed, lambda a: a.tags, links, problems)
    sources = make_groups("source", placed, lambda a: (a.source,) if a.source else (),
                          links, problems)
    authors = make_groups("author", placed, lambda a: a.authors, links, problems)
    return Site(
        articles=tuple(placed),
        tags=tags,
        sources=sources,
        years=make_periods("year", placed, links),
        months=make_periods("month", placed, links),
        days=make_periods("day", placed, links),
        build_time=build_time,
        tag_by_key=_by_key(tags),
        source_by_key=_by_key(sources),
        related=MappingProxyType(related(placed, config.related_articles)),
        authors=authors,
        author_by_key=_by_key(authors),
        profiles=MappingProxyType(dict(profiles or {})),
        withdrawn=tuple(a for a in every if a.withdrawn_at(build_time)),
    )


def check_scheduled(config: Config, published: list[Article], scheduled: list[Article],
                    problems: Problems) -> None:
    """Warn now about what will be wrong with scheduled articles when they come out (a URL
    another article holds, a tag with no letters), instead of on the day they publish."""
    found = Problems()
    links = config.permalinks
    placed = assign_urls(links, [*published, *scheduled], found)
    make_groups("tag", placed, lambda a: a.tags, links, found)
    make_groups("source", placed, lambda a: (a.source,) if a.source else (), links, found)
    make_groups("author", placed, lambda a: a.authors, links, found)
    dates = {a.path: a.date for a in scheduled}
    for problem in found.items:
        if problem.path in dates:
            problems.warn(problem.path, f"{problem.message} (once it comes out on "
                          f"{dates[problem.path]:%Y-%m-%d})", problem.line, problem.hint)


def assign_urls(links: Permalinks, articles: Iterable[Article],
                problems: Problems) -> list[Article]:
    """Set each article's URL; derived slugs that collide get -2, -3 (explicit ones win)."""
    # By the moment as a number: comparing dates of two time zones (a site's ZoneInfo, a
    # front matter's fixed offset) asks each for its offset, every time (3x the sort).
    ordered = sorted(articles, key=lambda a: (not a.slug_explicit, a.date.timestamp(), a.path))
    explicit: dict[str, list[Article]] = defaultdict(list)
    for article in ordered:
        if article.slug_explicit:
            explicit[article_url(links, article.date, article.slug)].append(article)
    for url, claimants in explicit.items():
        if len(claimants) > 1:
            for article in claimants:
                others = ", ".join(a.path for a in claimants if a is not article)
                problems.error(article.path, f"slug '{article.slug}' gives {url}, "
                               f"which {others} also claims",
                               hint="give each article a different 'slug:'")
    taken = set(explicit)
    placed = []
    for article in ordered:
        url = article_url(links, article.date, article.slug)
        if article.slug_explicit and explicit[url][0] is not article:
            continue  # reported above; a second page at the URL would only repeat it
        if not article.slug_explicit:
            slug, number = article.slug, 1
            while url in taken:
                number += 1
                slug = f"{article.slug}-{number}"
                url = article_url(links, article.date, slug)
            if number > 1:
                problems.warn(article.path, f"another article on the same day has the slug "
                              f"'{article.slug}'; this one is at {url}",
                              hint="set 'slug:' to choose the URL yourself")
        else:
            slug = article.slug
        taken.add(url)
        placed.append(settled(article, slug, url))
    return placed


ARTICLE_FIELDS = tuple(f.name for f in dataclasses.fields(Article))
_FIELD_VALUES = operator.attrgetter(*ARTICLE_FIELDS)
_SLUG, _URL = ARTICLE_FIELDS.index("slug"), ARTICLE_FIELDS.index("url")


def settled(article: Article, slug: str, url: str) -> Article:
    """The article with its slug and URL settled: dataclasses.replace without the checks
    of __init__ (a build settles every article, and replace costs three times more), its
    fields set as unpickling sets them (model.quick_pickle)."""
    values = list(_FIELD_VALUES(article))
    values[_SLUG], values[_URL] = slug, url
    new = object.__new__(Article)
    new.__setstate__(tuple(values))  # type: ignore[attr-defined]
    return new


def make_groups(kind: Literal["tag", "source", "author"], articles: list[Article],
                names_of: Callable[[Article], Iterable[str]], links: Permalinks,
                problems: Problems) -> tuple[Group, ...]:
    """Group articles by a case-insensitive name, shown in its most common spelling."""
    members: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for name in names_of(article):
            members[name.casefold()].append(article)
            spellings[name.casefold()][name] += 1
    by_slug: dict[str, list[str]] = defaultdict(list)
    for key in members:
        by_slug[slugify(key)].append(key)
    pattern = {"tag": links.tag, "source": links.source, "author": links.author}[kind]
    groups = []
    for slug, keys in sorted(by_slug.items()):
        names = {key: _most_common(spellings[key]) for key in keys}
        if not slug or len(keys) > 1:
            _report_slug_clash(kind, slug, keys, names, members, problems)
            continue
        key = keys[0]
        groups.append(Group(kind, names[key], slug, fill(pattern, slug=slug),
                            tuple(members[key])))
    return tuple(sorted(groups, key=lambda g: (g.name.casefold(), g.slug)))


def make_periods(kind: Literal["year", "month", "day"], articles: list[Article],
                 links: Permalinks) -> tuple[Period, ...]:
    """Group articles by year, month or day, oldest period first."""
    depth = {"year": 1, "month": 2, "day": 3}[kind]
    members: dict[tuple[int, ...], list[Article]] = defaultdict(list)
    for article in articles:
        d = article.date
        members[(d.year, d.month, d.day)[:depth]].append(article)
    periods = []
    for key in sorted(members):
        year, month, day = (*key, 0, 0)[:3]
        url = fill(getattr(links, kind), year=year, month=month, day=day)
        periods.append(Period(kind, year, month, day, url, tuple(members[key])))
    return tuple(periods)


def neighbours(items: Sequence[T], index: int) -> tuple[T | None, T | None]:
    """Return (previous, next) items around position `index`, or None at the ends."""
    previous = items[index - 1] if index > 0 else None
    following = items[index + 1] if index + 1 < len(items) else None
    return previous, following


def _most_common(counter: Counter[str]) -> str:
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


def _report_slug_clash(kind: str, slug: str, keys: list[str], names: dict[str, str],
                       members: dict[str, list[Article]], problems: Problems) -> None:
    spelled = " and ".join(f"'{names[k]}'" for k in sorted(keys))
    for key in sorted(keys):
        for article in members[key]:
            if not slug:
                problems.error(article.path, f"{kind} '{names[key]}' has no letters or digits "
                               "to make a URL from", hint=f"rename the {kind}")
            else:
                others = sorted({a.path for k in keys if k != key for a in members[k]})
                problems.error(article.path, f"{kind}s {spelled} would share the URL slug "
                               f"'{slug}' (see also {', '.join(others)})",
                               hint=f"spell the {kind} the same way everywhere")


def _by_key(groups: tuple[Group, ...]) -> MappingProxyType[str, Group]:
    return MappingProxyType({g.name.casefold(): g for g in groups})

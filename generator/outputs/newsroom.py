"""The newsroom's pages: authors (an index, and a page and feeds per author), the
corrections page with its feed, and "on this day" (a page per day of the year)."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterator
from functools import partial

from ..config import Config
from ..i18n import N_, translator_for
from ..model import Article, Batch, BodyReader, Page, Site, group_key
from ..site.urls import output_path
from .feeds import XML_DECLARATION, Feed, feed_batch
from .html import list_pages
from .xmlfiles import attr, text, w3c

# A leap year: its calendar has every day a story can fall on, 29 February included.
LEAP_YEAR = 2024
TITLES = {"authors": N_("Authors"), "corrections": N_("Corrections"),
          "on this day": N_("On this day"), "feed": N_("Corrections · %(site)s"),
          "entry": N_("Correction: %(title)s")}


def author_pages(config: Config, site: Site) -> list[Page | Batch]:
    """The index of every author, then each one's paginated page."""
    url = config.permalinks.authors
    newest = max((g.articles[0].modified for g in site.authors if g.articles), default=None)
    words = translator_for(config)
    pages: list[Page | Batch] = [Page(url, output_path(url), "authors.html",
                                      {"title": words.gettext(TITLES["authors"]),
                                       "groups": site.authors},
                                      "author index", lastmod=newest, key="authors")]
    for group in site.authors:
        key = group.name.casefold()
        pages += list_pages(config, group.url, group.articles, "author.html", {
            "title": group.name, "group": group, "profile": site.profiles.get(key),
            "portrait": site.media.portraits.get(key)}, f"author '{group.name}'",
            f"author:{group.slug}", reads=(group_key(group),))
    return pages


def corrected(site: Site) -> list[Article]:
    """The stories that carry corrections, the latest correction first."""
    return sorted((a for a in site.articles if a.corrections),
                  key=lambda a: (-a.corrections[-1].date.timestamp(), a.sort_key))


def correction_pages(config: Config, site: Site) -> list[Page | Batch]:
    """The corrections page (every corrected story, newest correction first) and its feed."""
    url = config.permalinks.corrections
    stories = corrected(site)
    words = translator_for(config)
    pages: list[Page | Batch] = list(list_pages(
        config, url, stories, "corrections.html",
        {"title": words.gettext(TITLES["corrections"])}, "corrections page", "corrections"))
    # Without a correction yet, the feed is as old as the newest story: never the clock.
    updated = (stories[0].corrections[-1].date if stories
               else max((a.modified for a in site.articles), default=site.build_time))
    feed = Feed(url + "feed.xml", url, words.gettext(TITLES["feed"], site=config.title),
                stories[:config.feeds.entries], "corrections feed", updated)
    # Its entries' titles are in the catalogue's words: a change to them remakes the feed.
    pages.append(feed_batch(site, feed, partial(corrections_text, config, site),
                            extra={"entry_title": words.gettext_raw(TITLES["entry"])}))
    return pages


def corrections_text(config: Config, site: Site, feed: Feed, bodies: BodyReader) -> bytes:
    return corrections_atom(config, site, feed).encode("utf-8")


def corrections_atom(config: Config, site: Site, feed: Feed) -> str:
    """An Atom feed with one entry per correction, the newest first."""
    notices = sorted(((c, a) for a in feed.articles for c in a.corrections),
                     key=lambda pair: (-pair[0].date.timestamp(), pair[1].url, pair[0].text))
    updated = notices[0][0].date if notices else feed.updated or site.build_time
    self_url = config.absolute(feed.url)
    lines = [XML_DECLARATION + '<feed xmlns="http://www.w3.org/2005/Atom" '
             f"xml:lang={attr(config.language)}>",
             f"  <title>{text(feed.title)}</title>", f"  <id>{text(self_url)}</id>",
             f'  <link rel="self" type="application/atom+xml" href={attr(self_url)}/>',
             '  <link rel="alternate" type="text/html" '
             f"href={attr(config.absolute(feed.page_url))}/>",
             f"  <updated>{w3c(updated)}</updated>",
             f"  <author><name>{text(config.publisher_name)}</name></author>"]
    words = translator_for(config)
    for correction, article in notices:
        url = config.absolute(article.url)
        title = words.gettext(TITLES["entry"], title=article.title)
        lines += ["  <entry>", f"    <title>{text(title)}</title>",
                  f'    <link rel="alternate" type="text/html" href={attr(url)}/>',
                  f"    <id>{text(url)}#correction-{w3c(correction.date)}</id>",
                  f"    <published>{w3c(correction.date)}</published>",
                  f"    <updated>{w3c(correction.date)}</updated>",
                  f'    <summary type="text">{text(correction.text)}</summary>', "  </entry>"]
    lines.append("</feed>\n")
    return "\n".join(lines)


def on_this_day_pages(config: Config, site: Site) -> Iterator[Page | Batch]:
    """The index of the 366 days, and a page per day listing that day's stories of every
    year, newest year first. Nothing here depends on the day of the build."""
    url = config.permalinks.on_this_day
    by_day: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in site.articles:  # newest first, so each day's list is too
        by_day[(article.date.month, article.date.day)].append(article)
    months = []
    for month in range(1, 13):
        days = [{"day": day, "url": day_url(url, month, day),
                 "count": len(by_day.get((month, day), ()))}
                for day in range(1, calendar.monthrange(LEAP_YEAR, month)[1] + 1)]
        months.append({"month": month, "days": days})
    newest = max((a.modified for a in site.articles), default=None)
    dates = translator_for(config).dates
    yield Page(url, output_path(url), "on_this_day_index.html",
               {"title": translator_for(config).gettext(TITLES["on this day"]),
                "months": months}, "on this day", lastmod=newest, key="on this day")
    every = [(month, day) for month in range(1, 13)
             for day in range(1, calendar.monthrange(LEAP_YEAR, month)[1] + 1)]
    # A day's list is the lists of that day in every year, in the site's order: its pages
    # read those (Batch.reads).
    lists: dict[tuple[int, int], list[str]] = defaultdict(list)
    for period in site.days:
        lists[(period.month, period.day)].append(group_key(period))
    for index, (month, day) in enumerate(every):
        before, after = every[index - 1], every[(index + 1) % len(every)]
        # A day with no story yet is a page to follow links through, not to index.
        yield from list_pages(config, day_url(url, month, day), by_day.get((month, day), []),
                              "on_this_day.html", {
                                  "title": dates.day_of_year(month, day),
                                  "month": month, "day": day, "index_url": url,
                                  "previous": {"url": day_url(url, *before), "month": before[0],
                                               "day": before[1]},
                                  "next": {"url": day_url(url, *after), "month": after[0],
                                           "day": after[1]}},
                              f"on this day {month:02d}-{day:02d}",
                              f"on this day:{month:02d}-{day:02d}", (month, day) in by_day,
                              tuple(lists.get((month, day), ())))


def day_url(index_url: str, month: int, day: int) -> str:
    return f"{index_url}{month:02d}-{day:02d}/"

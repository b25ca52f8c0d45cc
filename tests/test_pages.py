import calendar
import json
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from test_indexes import EVERYTHING, art

from generator.config import Config, parse_config
from generator.errors import Problems
from generator.model import Page
from generator.outputs.planner import check_collisions, plan_pages
from generator.site.editions import make_editions
from generator.site.urls import output_path

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def plan(*articles, config: Config | None = None) -> dict[str, Page]:
    config = config or Config(root=Path("."), per_page=2)
    problems = Problems()
    editions = make_editions(config, articles, EVERYTHING, NOW, problems)
    pages = plan_pages(config, editions, problems)
    assert not problems.errors
    return {p.url: p for p in pages}


def test_a_url_is_written_to_index_html_in_its_folder() -> None:
    assert output_path("/a/b/") == PurePosixPath("a/b/index.html")
    assert output_path("/") == PurePosixPath("index.html")
    assert output_path("/404.html") == PurePosixPath("404.html")


def test_every_page_type_is_planned() -> None:
    pages = plan(art("A", "2023-05-01", tags=("Sport",), source="Wire"),
                 art("B", "2024-02-03", tags=("Sport",)), art("C", "2024-02-04"))
    assert sorted(pages) == sorted([
        "/", "/page/2/", "/2023/05/01/a/", "/2024/02/03/b/", "/2024/02/04/c/",
        "/tags/", "/tags/sport/", "/sources/", "/sources/wire/", "/archive/", "/404.html",
        "/2023/", "/2024/", "/2023/05/", "/2024/02/", "/2023/05/01/", "/2024/02/03/",
        "/2024/02/04/", "/feed.xml", "/rss.xml", "/tags/sport/feed.xml",
        "/sources/wire/feed.xml", "/sitemap.xml", "/news-sitemap.xml", "/robots.txt",
        "/feed.json", "/tags/sport/feed.json", "/sources/wire/feed.json", "/authors/",
        "/corrections/", "/corrections/feed.xml", "/on-this-day/",
        *(f"/on-this-day/{month:02d}-{day:02d}/" for month in range(1, 13)
          for day in range(1, calendar.monthrange(2024, month)[1] + 1)),
    ])
    assert len([url for url in pages if url.startswith("/on-this-day/")]) == 1 + 366
    assert pages["/2024/02/03/b/"].template == "article.html"
    assert pages["/tags/sport/"].template == "group.html"
    assert pages["/2024/02/"].template == "period.html"


def test_lists_are_paginated_with_links_both_ways() -> None:
    pages = plan(*(art(f"T{n}", f"2024-01-{n:02d}") for n in range(1, 6)))
    first, second, third = pages["/"], pages["/page/2/"], pages["/page/3/"]
    assert [a.title for a in first.context["articles"]] == ["T5", "T4"]
    assert [a.title for a in third.context["articles"]] == ["T1"]
    assert (first.context["pager"].previous_url, first.context["pager"].next_url) == (
        None, "/page/2/")
    assert (second.context["pager"].previous_url, second.context["pager"].next_url) == (
        "/", "/page/3/")
    assert third.context["pager"].next_url is None


def test_tag_pages_paginate_under_the_tag_url() -> None:
    pages = plan(*(art(f"T{n}", f"2024-01-{n:02d}", tags=("Sport",)) for n in range(1, 4)))
    assert "/tags/sport/page/2/" in pages
    assert pages["/tags/sport/page/2/"].output == PurePosixPath("tags/sport/page/2/index.html")


def test_article_knows_its_older_and_newer_neighbours() -> None:
    pages = plan(art("Old", "2024-01-01"), art("Mid", "2024-01-02"), art("New", "2024-01-03"))
    mid = pages["/2024/01/02/mid/"].context
    assert (mid["older"].title, mid["newer"].title) == ("Old", "New")
    assert pages["/2024/01/01/old/"].context["older"] is None


def test_period_pages_link_to_the_neighbouring_periods_that_have_articles() -> None:
    pages = plan(art("A", "2022-03-01"), art("B", "2024-07-01"), art("C", "2024-09-01"))
    july = pages["/2024/07/"].context
    assert (july["earlier"].url, july["later"].url) == ("/2022/03/", "/2024/09/")
    assert pages["/2022/"].context["earlier"] is None
    assert pages["/2022/"].context["later"].url == "/2024/"


def test_archive_calendar_counts_months_per_year() -> None:
    pages = plan(art("A", "2023-05-01"), art("B", "2024-02-03"), art("C", "2024-02-04"))
    calendar = pages["/archive/"].context["calendar"]
    assert [row["year"] for row in calendar] == [2024, 2023]
    february = calendar[0]["months"][1]
    assert (february["count"], february["url"]) == (2, "/2024/02/")
    assert calendar[0]["months"][0] == {"month": 1, "count": 0, "url": None,
                                        "title": "January 2024"}


def test_article_json_ld_is_a_news_article_with_absolute_url() -> None:
    config = parse_config('base_url = "https://n.example/"\ntitle = "N"\n', Path("."))
    pages = plan(art("A </script>", "2024-02-21T10:00", tags=("Sport",)), config=config)
    page = next(p for p in pages.values() if p.template == "article.html")
    text = str(page.context["json_ld"])
    assert "</script>" not in text
    data = json.loads(text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "A </script>"
    assert data["datePublished"] == "2024-02-21T10:00:00+00:00"
    assert data["keywords"] == ["Sport"]
    assert data["url"] == "https://n.example/2024/02/21/a-script/"
    assert data["publisher"]["name"] == "N"


def test_two_pages_on_one_output_are_an_error_naming_both() -> None:
    problems = Problems()
    check_collisions([Page("/x/", PurePosixPath("x/index.html"), "a.html", {}, "content/a.md"),
                      Page("/x/", PurePosixPath("x/index.html"), "a.html", {}, "tag 'x'")],
                     problems)
    assert [str(p) for p in problems.errors] == [
        "content/a.md: 2 pages would be written to output/x/index.html: content/a.md; tag 'x' "
        "(change a slug or a [permalinks] pattern in site.toml)"]


def test_a_permalink_pattern_that_makes_pages_collide_is_reported() -> None:
    config = parse_config('[permalinks]\ntag = "/topics/{slug}/"\nsource = "/topics/{slug}/"\n',
                          Path("."))
    problems = Problems()
    editions = make_editions(config, [art("A", "2024-01-01", tags=("Wire",), source="Wire")],
                             EVERYTHING, NOW, problems)
    plan_pages(config, editions, problems)
    assert [p.message for p in problems.errors] == [
        "2 pages would be written to output/topics/wire/index.html: tag 'Wire'; source 'Wire'"]

from datetime import UTC, datetime
from pathlib import Path

from generator.config import Config, parse_config
from generator.errors import Problems
from generator.model import Article
from generator.site.indexes import make_site
from generator.site.selection import Selection
from generator.slugs import slugify

NOW = datetime(2025, 1, 1, tzinfo=UTC)
CONFIG = Config(root=Path("."))
EVERYTHING = Selection(drafts=True, future=True)  # make_site indexes every article given


def art(title: str, when: str, path: str = "", **fields: object) -> Article:
    slug = str(fields.pop("slug", slugify(title)))
    return Article(path=path or f"content/{slugify(title)}.md", format="markdown", title=title,
                   date=datetime.fromisoformat(when).replace(tzinfo=UTC), summary="x", slug=slug,
                   words=1, **fields)  # type: ignore[arg-type]


def site_of(*articles: Article, config: Config = CONFIG):
    problems = Problems()
    return make_site(config, articles, EVERYTHING, NOW, problems), problems


def test_articles_are_newest_first_with_a_stable_tie_break() -> None:
    site, _ = site_of(art("B", "2024-01-01"), art("A", "2024-01-01"), art("C", "2024-03-01"))
    assert [a.title for a in site.articles] == ["C", "A", "B"]


def test_article_url_follows_the_permalink_pattern() -> None:
    site, _ = site_of(art("Storm Hits Coast", "2024-02-21"))
    assert site.articles[0].url == "/2024/02/21/storm-hits-coast/"
    custom = parse_config('[permalinks]\narticle = "/news/{year}/{slug}/"\n', Path("."))
    site, _ = site_of(art("Storm Hits Coast", "2024-02-21"), config=custom)
    assert site.articles[0].url == "/news/2024/storm-hits-coast/"


def test_unicode_headlines_get_readable_ascii_slugs() -> None:
    assert slugify("Выборы в Москве") == "vybory-v-moskve"
    assert slugify("Énergie éolienne à Carrow") == "energie-eolienne-a-carrow"
    assert slugify("مهرجان التمور") == "mhrjn-ltmwr"


def test_derived_slugs_colliding_on_one_day_get_numbers_and_a_warning() -> None:
    site, problems = site_of(art("Rain", "2024-05-01T09:00", "content/a.md"),
                             art("Rain", "2024-05-01T18:00", "content/b.md"),
                             art("Rain", "2024-05-02", "content/c.md"))
    assert sorted(a.url for a in site.articles) == [
        "/2024/05/01/rain-2/", "/2024/05/01/rain/", "/2024/05/02/rain/"]
    assert [str(p) for p in problems.items] == [
        "content/b.md: warning: another article on the same day has the slug 'rain'; this one "
        "is at /2024/05/01/rain-2/ (set 'slug:' to choose the URL yourself)"
    ]


def test_explicit_slug_wins_over_a_derived_one() -> None:
    site, problems = site_of(art("Rain", "2024-05-01", "content/a.md"),
                             art("Other", "2024-05-01", "content/b.md", slug="rain",
                                 slug_explicit=True))
    urls = {a.path: a.url for a in site.articles}
    assert urls == {"content/b.md": "/2024/05/01/rain/", "content/a.md": "/2024/05/01/rain-2/"}
    assert not problems.errors


def test_explicit_slug_collision_is_an_error_naming_every_source() -> None:
    _, problems = site_of(art("One", "2024-05-01", "content/a.md", slug="same", slug_explicit=True),
                          art("Two", "2024-05-01", "content/b.md", slug="same", slug_explicit=True))
    assert [str(p) for p in problems.errors] == [
        "content/a.md: slug 'same' gives /2024/05/01/same/, which content/b.md also claims "
        "(give each article a different 'slug:')",
        "content/b.md: slug 'same' gives /2024/05/01/same/, which content/a.md also claims "
        "(give each article a different 'slug:')",
    ]


def test_tags_match_case_insensitively_and_show_the_most_common_spelling() -> None:
    site, problems = site_of(art("A", "2024-01-01", tags=("climate",)),
                             art("B", "2024-01-02", tags=("Climate",)),
                             art("C", "2024-01-03", tags=("Climate", "Sport")))
    assert [(g.name, g.slug, g.url, len(g.articles)) for g in site.tags] == [
        ("Climate", "climate", "/tags/climate/", 3), ("Sport", "sport", "/tags/sport/", 1)]
    assert not problems.items
    assert [g.name for g in site.tags_of(site.articles[-1])] == ["Climate"]


def test_tags_spelled_differently_with_one_slug_are_an_error_listing_sources() -> None:
    _, problems = site_of(art("A", "2024-01-01", "content/a.md", tags=("Énergie",)),
                          art("B", "2024-01-02", "content/b.md", tags=("Energie",)))
    assert [str(p) for p in problems.errors] == [
        "content/b.md: tags 'Energie' and 'Énergie' would share the URL slug 'energie' "
        "(see also content/a.md) (spell the tag the same way everywhere)",
        "content/a.md: tags 'Energie' and 'Énergie' would share the URL slug 'energie' "
        "(see also content/b.md) (spell the tag the same way everywhere)",
    ]


def test_sources_are_grouped_like_tags() -> None:
    site, _ = site_of(art("A", "2024-01-01", source="Harbour Wire"),
                      art("B", "2024-01-02", source="Harbour Wire"), art("C", "2024-01-03"))
    assert [(g.name, g.url, len(g.articles)) for g in site.sources] == [
        ("Harbour Wire", "/sources/harbour-wire/", 2)]
    assert site.source_of(site.articles[0]) is None


def test_periods_group_by_year_month_and_day() -> None:
    site, _ = site_of(art("A", "2023-12-31"), art("B", "2024-01-01"), art("C", "2024-01-01T10:00"),
                      art("D", "2024-02-10"))
    assert [(p.url, len(p.articles)) for p in site.years] == [("/2023/", 1), ("/2024/", 3)]
    assert [p.url for p in site.months] == ["/2023/12/", "/2024/01/", "/2024/02/"]
    assert [(p.url, len(p.articles)) for p in site.days] == [
        ("/2023/12/31/", 1), ("/2024/01/01/", 2), ("/2024/02/10/", 1)]


def test_drafts_and_future_articles_are_left_out_unless_asked() -> None:
    items = [art("Now", "2024-01-01"), art("Draft", "2024-01-01", draft=True),
             art("Later", "2030-01-01")]
    assert [a.title for a in Selection().published(items, NOW)] == ["Now"]
    assert [a.title for a in Selection(drafts=True).published(items, NOW)] == ["Now", "Draft"]
    assert [a.title for a in Selection(future=True).published(items, NOW)] == ["Now", "Later"]

from pathlib import Path

import pytest

from generator.config import Permalinks, parse_config
from generator.errors import SiteError


def problems_of(text: str) -> list[str]:
    with pytest.raises(SiteError) as caught:
        parse_config(text, Path("."))
    return [str(p) for p in caught.value.problems]


def test_an_empty_file_gives_the_defaults() -> None:
    config = parse_config("", Path("/site"))
    assert config.per_page == 20
    assert config.timezone == "UTC"
    assert config.permalinks == Permalinks()
    assert config.root == Path("/site")


def test_values_are_read_and_base_url_gets_one_trailing_slash() -> None:
    config = parse_config('title = "The Daily"\nbase_url = "https://x.org/news"\n'
                          'per_page = 5\ntimezone = "Europe/Paris"\n', Path("."))
    assert (config.title, config.base_url, config.per_page) == (
        "The Daily", "https://x.org/news/", 5)
    assert config.absolute("/2024/") == "https://x.org/news/2024/"
    assert str(config.tz) == "Europe/Paris"


def test_unknown_key_suggests_the_close_match() -> None:
    assert problems_of('title = "x"\nper_pgae = 5\n') == [
        "site.toml:2: unknown key 'per_pgae' (did you mean 'per_page'?)"
    ]


def test_toml_syntax_error_names_the_line() -> None:
    [problem] = problems_of('title = "x"\n\nbase_url = https://nope\n')
    assert problem.startswith("site.toml:3: not valid TOML: Invalid value")


def test_every_problem_is_reported_at_once() -> None:
    assert problems_of('per_page = "ten"\ntimezone = "Mars/Olympus"\ncolour = "red"\n') == [
        "site.toml:1: 'per_page' must be a whole number, not string",
        "site.toml:2: unknown timezone 'Mars/Olympus' "
        "(use an IANA name such as 'Europe/Paris' or 'UTC')",
        "site.toml:3: unknown key 'colour' (remove it)",
    ]


def test_permalinks_can_be_overridden() -> None:
    config = parse_config('[permalinks]\narticle = "/news/{year}/{slug}/"\n', Path("."))
    assert config.permalinks.article == "/news/{year}/{slug}/"
    assert config.permalinks.tag == "/tags/{slug}/"


def test_permalink_without_its_placeholder_is_an_error() -> None:
    assert problems_of('[permalinks]\nmonth = "/{year}/"\nartcle = "/{slug}/"\n') == [
        "site.toml:2: permalink 'month' = '/{year}/' lacks {month} "
        "(every page needs a URL of its own)",
        "site.toml:3: unknown permalink 'artcle' (did you mean 'article'?)",
    ]


def test_permalink_with_an_unknown_placeholder_is_an_error() -> None:
    assert problems_of('[permalinks]\narticle = "/{yaer}/{slug}/"\n') == [
        "site.toml:2: permalink 'article' has an unknown placeholder: '/{yaer}/{slug}/' "
        "(use {year}, {month}, {day}, {slug} or {number})"
    ]


def test_base_url_must_be_http() -> None:
    assert problems_of('base_url = "news.example.org"\n') == [
        "site.toml:1: base_url 'news.example.org' is not an http(s) URL "
        "(for example 'https://news.example.org/')"
    ]


def test_base_url_override_from_the_command_line_wins() -> None:
    config = parse_config('base_url = "https://a.org/"\n', Path("."),
                          overrides={"base_url": "http://localhost:9000"})
    assert config.base_url == "http://localhost:9000/"

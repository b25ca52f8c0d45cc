"""Front-matter Markdown (.md): YAML (---), TOML (+++) and JSON front matter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import Story, story_of

from generator.config import Config, parse_config
from generator.errors import Problems
from generator.readers import Source, make_renderer, parse_article

PARIS = ZoneInfo("Europe/Paris")
CONFIG = Config(root=Path("site"), timezone="Europe/Paris")

YAML_ALL_KEYS = """\
---
title: "NATO: Ukraine holds the line"
date: 2024-02-21T10:30:00
updated: 2024-02-22
tags: [Ukraine, NATO]
source: AFP
author: Jo Reporter
summary: A short summary.
slug: nato-ukraine
draft: true
region: Europe
---

Body with *emphasis*.
"""
TOML_ALL_KEYS = """\
+++
title = "NATO: Ukraine holds the line"
date = 2024-02-21T10:30:00
updated = 2024-02-22
tags = ["Ukraine", "NATO"]
source = "AFP"
author = "Jo Reporter"
summary = "A short summary."
slug = "nato-ukraine"
draft = true
region = "Europe"
+++

Body with *emphasis*.
"""
JSON_ALL_KEYS = """\
{
  "title": "NATO: Ukraine holds the line",
  "date": "2024-02-21T10:30:00",
  "updated": "2024-02-22",
  "tags": ["Ukraine", "NATO"],
  "source": "AFP",
  "author": "Jo Reporter",
  "summary": "A short summary.",
  "slug": "nato-ukraine",
  "draft": true,
  "region": "Europe"
}

Body with *emphasis*.
"""


def read(text: str, path: str = "content/story.md",
         config: Config = CONFIG) -> tuple[Story | None, list[str]]:
    """Parse a Markdown file the way a build does; return the article and problems as text."""
    problems = Problems()
    renderer = make_renderer(config)
    article = story_of(parse_article(Source(path, text), config, renderer, problems))
    return article, [str(p) for p in problems.items]


def yaml_file(*lines: str, body: str = "Text.") -> str:
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n\n" + body + "\n"


@pytest.mark.parametrize("text", [YAML_ALL_KEYS, TOML_ALL_KEYS, JSON_ALL_KEYS],
                         ids=["yaml", "toml", "json"])
def test_every_front_matter_format_reads_every_key(text: str) -> None:
    article, problems = read(text)
    assert problems == []
    assert article is not None
    assert article.format == "markdown"
    assert article.title == "NATO: Ukraine holds the line"
    assert article.date == datetime(2024, 2, 21, 10, 30, tzinfo=PARIS)
    assert article.updated == datetime(2024, 2, 22, tzinfo=PARIS)
    assert article.tags == ("Ukraine", "NATO")
    assert article.source == "AFP"
    assert article.author == "Jo Reporter"
    assert article.summary == "A short summary."
    assert article.slug == "nato-ukraine"
    assert article.slug_explicit
    assert article.draft is True
    assert dict(article.extra) == {"region": "Europe"}
    assert article.body_html == "<p>Body with <em>emphasis</em>.</p>\n"
    assert article.text == "Body with emphasis."


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-02-21", datetime(2024, 2, 21, tzinfo=PARIS)),
    ("2024-02-21 10:30:00", datetime(2024, 2, 21, 10, 30, tzinfo=PARIS)),
    ("2024-02-21T10:30", datetime(2024, 2, 21, 10, 30, tzinfo=PARIS)),
    ("'2024-02-21T10:30:00'", datetime(2024, 2, 21, 10, 30, tzinfo=PARIS)),
    ("2024-02-21T10:30:00+05:00",
     datetime(2024, 2, 21, 10, 30, tzinfo=timezone(timedelta(hours=5)))),
    ("2024-02-21T10:30:00Z", datetime(2024, 2, 21, 10, 30, tzinfo=UTC)),
    ("'2024-02-21T10:30:00-03:00'",
     datetime(2024, 2, 21, 10, 30, tzinfo=timezone(timedelta(hours=-3)))),
])
def test_yaml_date_or_datetime_is_naive_in_the_site_timezone_or_keeps_its_offset(
        value: str, expected: datetime) -> None:
    article, problems = read(yaml_file("title: T", f"date: {value}"))
    assert problems == []
    assert article is not None
    assert article.date == expected
    assert article.date.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(("value", "expected"), [
    ("2024-02-21", datetime(2024, 2, 21, tzinfo=PARIS)),
    ("2024-07-21T10:30:00", datetime(2024, 7, 21, 10, 30, tzinfo=PARIS)),
    ("2024-02-21T10:30:00-03:00",
     datetime(2024, 2, 21, 10, 30, tzinfo=timezone(timedelta(hours=-3)))),
])
def test_toml_date_or_datetime_is_naive_in_the_site_timezone_or_keeps_its_offset(
        value: str, expected: datetime) -> None:
    article, problems = read(f'+++\ntitle = "T"\ndate = {value}\n+++\nText.\n')
    assert problems == []
    assert article is not None
    assert article.date == expected
    assert article.date.utcoffset() == expected.utcoffset()


def test_site_timezone_comes_from_site_toml(tmp_path: Path) -> None:
    config = parse_config('timezone = "Asia/Tokyo"\n', tmp_path)
    article, _ = read(yaml_file("title: T", "date: 2024-02-21 10:30:00"), config=config)
    assert article is not None
    assert article.date.isoformat() == "2024-02-21T10:30:00+09:00"


def test_default_site_timezone_is_utc(tmp_path: Path) -> None:
    article, _ = read(yaml_file("title: T", "date: 2024-02-21"),
                      config=parse_config("", tmp_path))
    assert article is not None
    assert article.date.isoformat() == "2024-02-21T00:00:00+00:00"


def test_tags_may_be_a_comma_separated_string() -> None:
    article, problems = read(yaml_file("title: T", "date: 2024-02-21",
                                       "tags: Ukraine,  NATO ,, Europe"))
    assert problems == []
    assert article is not None
    assert article.tags == ("Ukraine", "NATO", "Europe")


def test_tags_that_differ_only_in_case_count_once() -> None:
    article, _ = read(yaml_file("title: T", "date: 2024-02-21", "tags: [NATO, nato, Nato]"))
    assert article is not None
    assert article.tags == ("NATO",)


def test_tags_that_are_neither_list_nor_text_are_an_error() -> None:
    article, problems = read(yaml_file("title: T", "date: 2024-02-21", "tags: {a: b}"))
    assert article is None
    assert problems == [
        "content/story.md:4: 'tags' must be a list or a comma-separated string, not a mapping "
        "(for example tags: [Transport, Climate])"
    ]


def test_unknown_keys_are_kept_for_templates() -> None:
    article, problems = read(yaml_file("title: T", "date: 2024-02-21", "region: Europe",
                                       "priority: 3", "people: [Stoltenberg]"))
    assert problems == []
    assert article is not None
    assert dict(article.extra) == {"region": "Europe", "priority": 3,
                                   "people": ["Stoltenberg"]}


def test_misspelt_key_is_kept_with_a_did_you_mean_warning() -> None:
    article, problems = read(yaml_file("title: T", "date: 2024-02-21", "sumary: Short."))
    assert problems == [
        "content/story.md:4: warning: unknown key 'sumary' kept for templates "
        "(did you mean 'summary'?)"
    ]
    assert article is not None
    assert dict(article.extra) == {"sumary": "Short."}


def test_missing_date_comes_from_the_file_name_prefix() -> None:
    article, problems = read(yaml_file("title: T"), path="content/2024/2024-02-21-port.md")
    assert problems == []
    assert article is not None
    assert article.date == datetime(2024, 2, 21, tzinfo=PARIS)


def test_date_in_front_matter_wins_over_the_file_name() -> None:
    article, _ = read(yaml_file("title: T", "date: 2023-01-05"),
                      path="content/2024-02-21-port.md")
    assert article is not None
    assert article.date == datetime(2023, 1, 5, tzinfo=PARIS)


NO_DATE = ("warning: no date: a page, not an article; left out "
           "(add 'date: YYYY-MM-DD' to publish it as an article)")


def test_a_file_without_a_date_is_a_page_left_out_with_a_warning() -> None:
    article, problems = read(yaml_file("title: T"), path="content/port.md")
    assert article is None
    assert problems == [f"content/port.md: {NO_DATE}"]
    article, problems = read(yaml_file("title: T", "date:"), path="content/port.md")
    assert article is None
    assert problems == [f"content/port.md: {NO_DATE}"]


def test_a_date_in_the_file_name_that_does_not_exist_is_named_as_such() -> None:
    article, problems = read(yaml_file("title: T"), path="content/2024-02-31-port.md")
    assert article is None
    assert problems == [
        "content/2024-02-31-port.md: the date 2024-02-31 in the file name does not exist "
        "(rename the file, or add 'date: YYYY-MM-DD')"
    ]


def test_an_unpadded_date_in_the_file_name_dates_the_article() -> None:
    article, problems = read(yaml_file("title: T"), path="content/_posts/2024-4-9-port.md")
    assert problems == []
    assert article is not None
    assert article.date == datetime(2024, 4, 9, tzinfo=PARIS)


def test_date_that_does_not_exist_is_an_error_on_its_line() -> None:
    article, problems = read(yaml_file("title: T", "author: Jo", "date: 2024-02-31"))
    assert article is None
    assert problems == [
        "content/story.md:4: date '2024-02-31' does not exist (check the day of the month)"
    ]


def test_date_in_words_is_an_error_on_its_line() -> None:
    article, problems = read(yaml_file("title: T", "date: 21 February 2024"))
    assert article is None
    assert problems == [
        "content/story.md:3: date '21 February 2024' is not a date "
        "(use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)"
    ]


def test_bad_updated_is_an_error_on_its_line() -> None:
    article, problems = read(yaml_file("title: T", "date: 2024-02-21", "updated: soon"))
    assert article is None
    assert problems == [
        "content/story.md:4: updated 'soon' is not a date "
        "(use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)"
    ]


def test_updated_before_date_is_a_warning() -> None:
    article, problems = read(yaml_file("title: T", "date: 2024-02-21", "updated: 2024-02-20"))
    assert problems == ["content/story.md:4: warning: 'updated' is earlier than 'date'"]
    assert article is not None


def test_blank_lines_after_the_opening_delimiter_keep_line_numbers_right() -> None:
    _, problems = read("---\n\n\ntitle: T\ndate: Feb 31\n---\nText.\n")
    assert problems == [
        "content/story.md:5: date 'Feb 31' is not a date "
        "(use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)"
    ]
    _, problems = read('+++\n\ntitle = "T"\ndate = "Feb 31"\n+++\nText.\n')
    assert problems == [
        "content/story.md:4: date 'Feb 31' is not a date "
        "(use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)"
    ]


def test_json_date_error_names_its_line() -> None:
    _, problems = read('{\n  "title": "T",\n\n  "date": "Feb 31"\n}\nText.\n')
    assert problems == [
        "content/story.md:4: date 'Feb 31' is not a date "
        "(use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)"
    ]


def test_missing_title_with_no_text_is_an_error() -> None:
    article, problems = read("---\ndate: 2024-02-21\n---\n")
    assert article is None
    assert problems == [
        "content/story.md: missing 'title' (add 'title: Your headline' to the front matter)"
    ]


def test_title_that_is_not_text_is_an_error() -> None:
    article, problems = read(yaml_file("title: [a, b]", "date: 2024-02-21"))
    assert article is None
    assert problems == ["content/story.md:2: 'title' must be text, not a list"]


def test_slug_that_is_not_a_url_slug_is_an_error() -> None:
    article, problems = read(yaml_file("title: T", "date: 2024-02-21", "slug: Port Story"))
    assert article is None
    assert problems == ["content/story.md:4: slug 'Port Story' is not a URL slug "
                        "(use 'port-story')"]


def test_slug_defaults_to_the_title() -> None:
    article, _ = read(yaml_file("title: Port reopens, at last!", "date: 2024-02-21"))
    assert article is not None
    assert article.slug == "port-reopens-at-last"
    assert not article.slug_explicit


def test_draft_that_is_not_true_or_false_is_an_error() -> None:
    article, problems = read(yaml_file("title: T", "date: 2024-02-21", "draft: maybe"))
    assert article is None
    assert problems == ["content/story.md:4: 'draft' must be true or false, not 'maybe'"]


def test_summary_defaults_to_the_first_words_of_the_text() -> None:
    config = Config(root=Path("site"), summary_words=3)
    article, _ = read(yaml_file("title: T", "date: 2024-02-21",
                                body="One two three four.\n\nSecond."), config=config)
    assert article is not None
    assert article.summary == "One two three\u2026"


def test_crlf_and_bom_are_tolerated() -> None:
    text = "\ufeff" + YAML_ALL_KEYS.replace("\n", "\r\n")
    article, problems = read(text)
    assert problems == []
    assert article == read(YAML_ALL_KEYS)[0]


def test_markdown_without_front_matter_is_read_by_its_heading_and_file_name() -> None:
    article, problems = read("# Just Markdown\n\nText.\n")
    assert article is None
    assert problems == [f"content/story.md: {NO_DATE}"]
    article, problems = read("# Just Markdown\n\nText.\n", path="content/2024-02-21-just.md")
    assert problems == []
    assert article is not None
    assert (article.title, article.body_html) == ("Just Markdown", "<p>Text.</p>\n")


def test_unclosed_front_matter_is_an_error() -> None:
    article, problems = read("---\ntitle: T\ndate: 2024-02-21\n\nText.\n")
    assert article is None
    assert problems == [
        "content/story.md:1: front matter opened with '---' is not closed "
        "(close it with a line '---')"
    ]


def test_invalid_yaml_is_an_error_on_its_line() -> None:
    article, problems = read("---\ntitle: T\ndate: 2024-02-21\ntags: [a, b\n---\nText.\n")
    assert article is None
    assert problems == [
        "content/story.md:4: front matter is not valid YAML: did not find expected ',' or ']' "
        "(quote values that contain ':' or start with a special character)"
    ]


def test_invalid_toml_is_an_error_on_its_line() -> None:
    article, problems = read('+++\ntitle = "T"\ndate = 2024-02-31\n+++\nText.\n')
    assert article is None
    assert problems == [
        "content/story.md:3: front matter is not valid TOML: Invalid date or datetime"
    ]


def test_invalid_json_is_an_error_on_its_line() -> None:
    article, problems = read('{\n  "title": "T",\n  "date": "2024-02-21",\n}\nText.\n')
    assert article is None
    assert problems == [
        "content/story.md:4: front matter is not valid JSON: "
        "Expecting property name enclosed in double quotes"
    ]


def test_front_matter_that_is_not_a_mapping_is_an_error() -> None:
    article, problems = read("---\n- title\n- date\n---\nText.\n")
    assert article is None
    assert problems == [
        "content/story.md:1: front matter must be a set of 'key: value' lines"
    ]


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    _, problems = read(yaml_file("title: [T]", "date: 2024-02-21", "slug: Not A Slug",
                                 "draft: 1"))
    assert problems == [
        "content/story.md:2: 'title' must be text, not a list",
        "content/story.md:4: slug 'Not A Slug' is not a URL slug (use 'not-a-slug')",
        "content/story.md:5: 'draft' must be true or false, not '1'",
    ]

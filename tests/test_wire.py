"""Raw dated wire text (.txt): date line, headline, paragraphs, '  • AGENCY'."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import Story, story_of

from generator.config import Config, Markdown
from generator.errors import Problems
from generator.readers import Source, make_renderer, parse_article
from generator.readers.wire import WireStory, parse_wire

CONFIG = Config(root=Path("site"), timezone="Europe/Paris")
STORY = (
    "| 21 February 2024, Wednesday |\n"
    "\n"
    "Port reopens after the storm\n"
    "\n"
    "The port reopened on Monday.\n"
    "\n"
    "Ferries will run as usual.\n"
    "\n"
    "  \u2022 AFP\n"
)
BODY_HTML = "<p>The port reopened on Monday.</p>\n<p>Ferries will run as usual.</p>\n"


def read(text: str, path: str = "content/story.txt") -> tuple[Story | None, list[str]]:
    """Parse wire text the way a build does; return the article and every problem as text."""
    problems = Problems()
    renderer = make_renderer(CONFIG)
    article = story_of(parse_article(Source(path, text), CONFIG, renderer, problems))
    return article, [str(p) for p in problems.items]


def story(text: str) -> tuple[WireStory | None, list[str]]:
    problems = Problems()
    parsed = parse_wire(text, "story.txt", problems)
    return parsed, [str(p) for p in problems.items]


def test_reads_date_headline_paragraphs_and_agency() -> None:
    article, problems = read(STORY)
    assert problems == []
    assert article is not None
    assert article.format == "wire"
    assert article.title == "Port reopens after the storm"
    assert article.date == datetime(2024, 2, 21, tzinfo=ZoneInfo("Europe/Paris"))
    assert article.source == "AFP"
    assert article.body_html == BODY_HTML
    assert article.text == "The port reopened on Monday.\n\nFerries will run as usual."
    assert article.slug == "port-reopens-after-the-storm"


def test_date_is_midnight_in_the_site_timezone() -> None:
    article, _ = read(STORY)
    assert article is not None
    assert article.date.isoformat() == "2024-02-21T00:00:00+01:00"


def test_crlf_bom_and_no_trailing_newline_read_the_same() -> None:
    messy = "\ufeff" + STORY.rstrip("\n").replace("\n", "\r\n")
    assert story(messy) == story(STORY)
    assert story(messy)[0] == WireStory(
        date(2024, 2, 21), "Port reopens after the storm",
        ("The port reopened on Monday.", "Ferries will run as usual."), "AFP")


def test_old_mac_line_ends_read_the_same() -> None:
    assert story(STORY.replace("\n", "\r")) == story(STORY)


def test_missing_pipes_extra_spaces_and_blank_lines_are_tolerated() -> None:
    messy = (
        "   21   February   2024 ,   Wednesday   \n"
        "\n   \n\t\n"
        "   Port reopens after the storm   \n"
        "\n\n\n"
        "  The port reopened on Monday.  \n"
        "   \n"
        "Ferries will run as usual.\n"
        "\n\n"
        "      \u2022    AFP   \n"
        "\n\n"
    )
    assert story(messy) == story(STORY)
    assert story(messy)[1] == []


def test_one_pipe_and_no_weekday_are_tolerated() -> None:
    parsed, problems = story("| 21 February 2024\n\nHeadline\n\nText.\n")
    assert problems == []
    assert parsed is not None
    assert parsed.date == date(2024, 2, 21)


def test_abbreviated_month_is_a_month() -> None:
    parsed, problems = story("| 5 Sept. 2023, Tuesday |\n\nHeadline\n\nText.\n")
    assert problems == []
    assert parsed is not None
    assert parsed.date == date(2023, 9, 5)


def test_byline_is_optional() -> None:
    article, problems = read(STORY.replace("  \u2022 AFP\n", ""))
    assert problems == []
    assert article is not None
    assert article.source == ""
    assert article.body_html == BODY_HTML


def test_byline_right_under_the_last_paragraph_is_still_the_agency() -> None:
    parsed, problems = story(STORY.replace("usual.\n\n  \u2022", "usual.\n  \u2022"))
    assert problems == []
    assert parsed is not None
    assert parsed.agency == "AFP"
    assert parsed.paragraphs == ("The port reopened on Monday.", "Ferries will run as usual.")


def test_bullet_inside_the_text_is_text() -> None:
    parsed, _ = story(STORY.replace("The port", "\u2022 The port"))
    assert parsed is not None
    assert parsed.paragraphs[0] == "\u2022 The port reopened on Monday."
    assert parsed.agency == "AFP"


def test_bullet_without_an_agency_is_a_warning() -> None:
    parsed, problems = story(STORY.replace("\u2022 AFP", "\u2022"))
    assert problems == [
        "story.txt:9: warning: the byline bullet names no agency (write it like '  \u2022 AFP')"
    ]
    assert parsed is not None
    assert parsed.agency == ""
    assert parsed.paragraphs == ("The port reopened on Monday.", "Ferries will run as usual.")


def test_weekday_that_does_not_match_is_a_warning() -> None:
    article, problems = read(STORY.replace("Wednesday", "Thursday"))
    assert problems == [
        "content/story.txt:1: warning: 21 February 2024 was a Wednesday, not a Thursday "
        "(check the date and the weekday)"
    ]
    assert article is not None
    assert article.date.date() == date(2024, 2, 21)


def test_weekday_is_matched_whatever_its_case() -> None:
    _, problems = story(STORY.replace("Wednesday", "WEDNESDAY"))
    assert problems == []


def test_word_that_is_not_a_weekday_is_a_warning() -> None:
    _, problems = story(STORY.replace("Wednesday", "Someday"))
    assert problems == ["story.txt:1: warning: 'Someday' is not a weekday (it was a Wednesday)"]


def test_date_that_does_not_exist_is_an_error() -> None:
    article, problems = read(STORY.replace("21 February 2024, Wednesday", "31 February 2024"))
    assert article is None
    assert problems == [
        "content/story.txt:1: 31 February 2024 does not exist (check the day of the month)"
    ]


def test_29_february_exists_only_in_leap_years() -> None:
    assert story("| 29 February 2024 |\n\nHeadline\n\nText.")[1] == []
    assert story("| 29 February 2023 |\n\nHeadline\n\nText.")[1] == [
        "story.txt:1: 29 February 2023 does not exist (check the day of the month)"
    ]


def test_text_without_a_date_line_near_its_top_is_not_wire_text_and_is_left_out() -> None:
    article, problems = read("Port reopens after the storm\n\nThe port reopened.\n\n  \u2022\n")
    assert article is None
    assert problems == [
        "content/story.txt:1: warning: no date line near the top: not wire text; left out "
        "(it starts 'Port reopens after the storm') (wire text starts with a date line like "
        "'| 21 February 2024, Wednesday |'; other files belong in static/)"]


def test_first_line_that_is_not_a_date_is_an_error_when_a_date_line_follows() -> None:
    article, problems = read("Port reopens\n\n| 21 February 2024 |\n\nThe port reopened.\n\n"
                             "  \u2022\n")
    assert article is None
    # The rest of the file is still read, so its problems are listed in the same run.
    assert problems == [
        "content/story.txt:1: the first line 'Port reopens' is not a date "
        "(write it like '| 21 February 2024, Wednesday |')",
        "content/story.txt:7: warning: the byline bullet names no agency "
        "(write it like '  \u2022 AFP')",
    ]


def test_a_long_first_line_is_quoted_in_part() -> None:
    _, problems = read("|" + "x" * 1000 + "\n\nHeadline\n\nText.\n")
    assert problems == [
        "content/story.txt:1: the first line '|" + "x" * 58 + "\u2026' is not a date "
        "(write it like '| 21 February 2024, Wednesday |')"]


def test_unknown_month_is_an_error() -> None:
    _, problems = story("| 21 Febtember 2024 |\n\nHeadline\n\nText.")
    assert problems == [
        "story.txt:1: 'Febtember' in the date line is not a month (did you mean 'September'?)"
    ]


def test_empty_file_is_an_error() -> None:
    article, problems = read("\ufeff \r\n\n")
    assert article is None
    assert problems == [
        "content/story.txt: the file is empty "
        "(start with a date line like '| 21 February 2024, Wednesday |')"
    ]


def test_date_line_alone_is_an_error() -> None:
    article, problems = read("| 21 February 2024, Wednesday |\n\n")
    assert article is None
    assert problems == [
        "content/story.txt:2: no headline and no text after the date line "
        "(add the headline and the story, separated by blank lines)"
    ]


def test_missing_headline_is_a_warning_and_the_title_comes_from_the_first_words() -> None:
    # A block of several lines after the date line is the story's first paragraph.
    text = ("| 21 February 2024, Wednesday |\n\n"
            "The port reopened on Monday after three days of storms\nclosed it to all ships.\n\n"
            "Ferries will run as usual.\n")
    article, problems = read(text)
    title = "The port reopened on Monday after three days of storms\u2026"
    assert problems == [
        f"content/story.txt:3: warning: no headline; using the first words of the text: "
        f"'{title}' (put the headline on its own line after the date line)"
    ]
    assert article is not None
    assert article.title == title
    # Nothing of the text is lost to the derived title.
    assert article.body_html == (
        "<p>The port reopened on Monday after three days of storms\nclosed it to all ships.</p>\n"
        "<p>Ferries will run as usual.</p>\n"
    )


@pytest.mark.parametrize("headline", [
    "FOREIGN MINISTER CALLS OFF TRIP TO THE U.S.", "Central bank holds rates steady.",
    "The port reopened.", "Storm Ilse: 20,000 homes without power.",
    "Mountain rescue teams warn of avalanche risk after heavy snowfall in the northern "
    "passes, urging skiers to stay on marked pistes and check daily bulletins.",
])
def test_the_one_line_block_after_the_date_line_is_the_headline_whatever_its_end(
        headline: str) -> None:
    parsed, problems = story(f"| 21 February 2024 |\n\n{headline}\n\nMore.\n")
    assert parsed is not None
    assert (parsed.headline, parsed.headline_derived) == (headline, False)
    assert parsed.paragraphs == ("More.",)
    assert problems == []


def test_a_headline_of_more_than_forty_words_is_kept_with_a_warning() -> None:
    headline = " ".join(["word"] * 41)
    parsed, problems = story(f"| 21 February 2024 |\n\n{headline}\n\nMore.\n")
    assert parsed is not None
    assert parsed.headline == headline
    assert problems == ["story.txt:3: warning: the headline has 41 words: is it the first "
                        "paragraph? (put the headline on its own line after the date line)"]


def test_headline_without_text_is_a_warning() -> None:
    article, problems = read("| 21 February 2024 |\n\nHeadline only\n\n  \u2022 AFP\n")
    assert problems == ["content/story.txt: warning: the story has a headline but no text"]
    assert article is not None
    assert article.body_html == ""
    assert article.source == "AFP"


def test_control_characters_are_removed_with_a_warning() -> None:
    parsed, problems = story(STORY.replace("reopened on", "reopened\x07 on\x00"))
    assert problems == [
        "story.txt:5: warning: removed control characters U+0000, U+0007 "
        "(they cannot be shown in a web page)"
    ]
    assert parsed is not None
    assert parsed.paragraphs[0] == "The port reopened on Monday."


def test_lines_of_one_paragraph_stay_one_paragraph() -> None:
    parsed, _ = story(STORY.replace("Ferries will", "Ferries\n   will"))
    assert parsed is not None
    assert parsed.paragraphs == ("The port reopened on Monday.", "Ferries\nwill run as usual.")


@pytest.mark.parametrize(("text", "html"), [
    ("* not a list item", "<p>* not a list item</p>"),
    ("- not a list item", "<p>- not a list item</p>"),
    ("_not emphasis_ and *not* __strong__", "<p>_not emphasis_ and *not* __strong__</p>"),
    ("# not a heading", "<p># not a heading</p>"),
    ("1. not an ordered list", "<p>1. not an ordered list</p>"),
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("AT&amp;T & co", "<p>AT&amp;amp;T &amp; co</p>"),
    ("> not a quote", "<p>&gt; not a quote</p>"),
    ("[not](a link) `not code`", "<p>[not](a link) `not code`</p>"),
    ("tab\there", "<p>tab&#9;here</p>"),
    ("\"quotes\" and 'apostrophes'", "<p>&quot;quotes&quot; and 'apostrophes'</p>"),
    ("line one\n===", "<p>line one\n===</p>"),
])
def test_body_is_plain_text_escaped_never_interpreted(text: str, html: str) -> None:
    article, problems = read(f"| 21 February 2024 |\n\nHeadline\n\n{text}\n\nLast.\n")
    assert problems == []
    assert article is not None
    assert article.body_html == f"{html}\n<p>Last.</p>\n"


def test_under_python_markdown_text_is_written_as_that_engine_writes_it() -> None:
    # The bytes a site written for Python-Markdown had before CommonMark came: '"' as it is.
    config = Config(root=Path("site"), markdown=Markdown("python-markdown", ("extra",)))
    problems = Problems()
    text = "| 21 February 2024 |\n\nHeadline\n\nHe said \"yes\" & left.\n\nLast.\n"
    parsed = parse_article(Source("content/a.txt", text), config, make_renderer(config),
                           problems)
    assert problems.items == []
    assert parsed is not None
    assert parsed.body.html == '<p>He said "yes" &amp; left.</p>\n<p>Last.</p>'


def test_weekday_may_be_abbreviated() -> None:
    problems = Problems()
    parse_wire("| 21 Feb 2024, Wed |\n\nHeadline\n\nText\n", "a.txt", problems)
    assert problems.items == []
    parse_wire("| 21 Feb 2024, Thu |\n\nHeadline\n\nText\n", "a.txt", problems)
    assert [str(p) for p in problems.items] == [
        "a.txt:1: warning: 21 February 2024 was a Wednesday, not a Thursday "
        "(check the date and the weekday)"]

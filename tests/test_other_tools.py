"""What other tools wrote is read without edits; every guess is a warning."""

from __future__ import annotations

import html
import io
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from conftest import Story, article_md, story_of
from PIL import Image

from generator.build import build
from generator.config import Config, parse_config
from generator.errors import Problems, SiteError
from generator.readers import Source, make_renderer, parse_article

PARIS = ZoneInfo("Europe/Paris")
CONFIG = Config(root=Path("site"), timezone="Europe/Paris")
RENDERER = make_renderer(CONFIG)


def read(text: str, path: str = "content/story.md",
         config: Config = CONFIG) -> tuple[Story | None, list[str]]:
    problems = Problems()
    article = story_of(parse_article(Source(path, text), config, RENDERER, problems))
    return article, [str(p) for p in problems.items]


# --- front matter -----------------------------------------------------------------------


def test_blank_lines_before_the_front_matter_are_skipped_and_lines_stay_right() -> None:
    article, problems = read("\n\n---\ntitle: T\ndate: 2024-02-21\n---\nText.\n")
    assert problems == []
    assert article is not None and article.title == "T"
    _, problems = read("\n\n---\ntitle: T\ndate: 21st\n---\nText.\n")
    assert problems == ["content/story.md:5: date '21st' is not a date "
                        "(use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)"]


def test_keys_are_read_in_any_letter_case() -> None:
    article, problems = read("---\nTitle: T\nDATE: 2024-02-21\nTags: [Port]\nDraft: true\n"
                             "---\nText.\n")
    assert problems == []
    assert article is not None
    assert (article.title, article.tags, article.draft) == ("T", ("Port",), True)


def test_other_tools_names_for_our_keys_are_read() -> None:
    article, problems = read(
        "---\ntitle: T\npublishDate: 2024-02-21T08:00:00\nlastmod: 2024-02-22\n"
        "categories: [Harbour]\ntags: [ferries]\ndescription: In one line.\n"
        "authors: [Ann Lee, Bo Ray]\nlang: fr\nredirect_from: /old/\n---\nText.\n")
    assert problems == []
    assert article is not None
    assert article.date == datetime(2024, 2, 21, 8, tzinfo=PARIS)
    assert article.updated == datetime(2024, 2, 22, tzinfo=PARIS)
    assert article.tags == ("ferries", "Harbour")  # tags, then categories
    assert (article.summary, article.authors, article.language) == (
        "In one line.", ("Ann Lee", "Bo Ray"), "fr")
    assert article.aliases == ("/old/",)
    assert dict(article.extra) == {}


@pytest.mark.parametrize("line", ["published: false", "status: draft", "Status: hidden",
                                  "status: skip", "status: pending"])
def test_published_false_and_a_draft_status_make_a_draft(line: str) -> None:
    article, problems = read(f"---\ntitle: T\ndate: 2024-02-21\n{line}\n---\nText.\n")
    assert problems == []
    assert article is not None and article.draft


def test_published_true_and_status_published_publish() -> None:
    article, _ = read("---\ntitle: T\ndate: 2024-02-21\npublished: true\nstatus: published\n"
                      "---\nText.\n")
    assert article is not None and not article.draft and dict(article.extra) == {}


def test_zola_taxonomies_and_path_are_read() -> None:
    article, problems = read('+++\ntitle = "T"\ndate = 2024-02-21\npath = "history/old-line"\n'
                             '[taxonomies]\ntags = ["railway"]\ncategories = ["Heritage"]\n'
                             '+++\nText.\n')
    assert problems == []
    assert article is not None
    assert (article.tags, article.aliases, article.slug) == (
        ("railway", "Heritage"), ("/history/old-line/",), "old-line")


def test_jekyll_posts_split_tags_on_spaces_and_take_categories_from_folders() -> None:
    article, _ = read("---\ntitle: T\ndate: 2024-02-21\ntags: schools elections\n"
                      "category: Local news\n---\nText.\n",
                      path="content/sport/_posts/2024-02-21-t.md")
    assert article is not None
    assert article.tags == ("schools", "elections", "Local news", "sport")
    draft, _ = read("---\ntitle: T\ndate: 2024-02-21\n---\nText.\n",
                    path="content/_drafts/t.md")
    assert draft is not None and draft.draft


def test_front_matter_table_maps_other_keys_onto_ours() -> None:
    config = parse_config('timezone = "Europe/Paris"\n[front_matter]\n'
                          'tags = ["tags", "keywords"]\nauthor = "byline"\n', Path("site"))
    article, problems = read("---\ntitle: T\ndate: 2024-02-21\ncategories: [Not a tag]\n"
                             "keywords: [Port, Rail]\nbyline: Ann Lee\n---\nText.\n",
                             config=config)
    assert problems == []
    assert article is not None
    assert (article.tags, article.author) == (("Port", "Rail"), "Ann Lee")
    assert dict(article.extra) == {"categories": ["Not a tag"]}


def test_a_front_matter_table_with_no_such_field_is_an_error() -> None:
    with pytest.raises(SiteError) as raised:
        parse_config('[front_matter]\ntitel = "headline"\nslug = 3\n', Path("site"))
    assert [str(p) for p in raised.value.problems] == [
        "site.toml:2: [front_matter] maps keys onto our fields; 'titel' is none of them "
        "(did you mean 'title'?)",
        "site.toml:3: 'slug' in [front_matter] must be a key or a list of keys "
        "(for example slug = [\"slug\", \"other_key\"])",
    ]


# --- Pelican headers --------------------------------------------------------------------


PELICAN = """\
Title: Sea wall inquiry opens
Date: 2024-01-30 09:30
Modified: 2024-01-31 10:00
Category: Environment
Tags: sea wall; flooding
Authors: Jane Doe; John Roe
Summary: A public inquiry will look at why a section
    of the sea wall collapsed.

The inquiry opened at the town hall on Tuesday.
"""


@pytest.mark.parametrize("suffix", [".md", ".markdown", ".mkd", ".mdown"])
def test_pelican_key_value_headers_are_read(suffix: str) -> None:
    article, problems = read(PELICAN, path=f"content/politics/inquiry{suffix}")
    assert problems == []
    assert article is not None
    assert article.title == "Sea wall inquiry opens"
    assert article.date == datetime(2024, 1, 30, 9, 30, tzinfo=PARIS)
    assert article.updated == datetime(2024, 1, 31, 10, tzinfo=PARIS)
    assert article.tags == ("sea wall", "flooding", "Environment")
    assert article.authors == ("Jane Doe", "John Roe")
    assert article.summary == "A public inquiry will look at why a section of the sea wall " \
                              "collapsed."
    assert article.body_html == "<p>The inquiry opened at the town hall on Tuesday.</p>\n"


def test_a_pelican_article_without_a_category_is_in_its_folders() -> None:
    article, _ = read("Title: T\nDate: 2024-01-30\nTags: a, b\n\nText.\n",
                      path="content/politics/t.md")
    assert article is not None and article.tags == ("a", "b", "politics")


def test_a_bad_pelican_date_is_reported_on_its_line() -> None:
    _, problems = read("Title: T\nDate: someday\n\nText.\n")
    assert problems == ["content/story.md:2: date 'someday' is not a date "
                        "(use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+01:00)"]


def test_a_body_that_opens_with_a_colon_line_is_no_header_block() -> None:
    article, _ = read("Note: this is the body.\n\nMore.\n", path="content/2024-01-30-note.md")
    assert article is not None and article.date == datetime(2024, 1, 30, tzinfo=PARIS)
    assert article.body_html.startswith("<p>Note: this is the body.</p>")


# --- titles and slugs -------------------------------------------------------------------


def test_a_missing_title_is_the_first_heading_and_the_page_does_not_repeat_it() -> None:
    article, problems = read('---\ntitle: ""\ndate: 2024-02-21\n---\n\nIntro.\n\n'
                             "# Cycle lane opens\n\nText.\n")
    assert problems == []
    assert article is not None
    assert article.title == "Cycle lane opens"
    assert article.body_html == "<p>Intro.</p>\n<p>Text.</p>\n"
    assert article.text == "Intro.\n\nText."


def test_a_dated_file_name_titles_an_article_as_jekyll_did_with_a_warning() -> None:
    article, problems = read("---\ndate: 2024-02-14\n---\nA dredger arrived.\n",
                             path="content/_posts/2024-02-14-harbour-dredging-begins.md")
    assert article is not None and article.title == "Harbour Dredging Begins"
    assert problems == [
        "content/_posts/2024-02-14-harbour-dredging-begins.md: warning: no title; using the "
        "words of the file name: 'Harbour Dredging Begins', as Jekyll shows it "
        "(add 'title: Your headline' to the front matter)"]


def test_otherwise_the_first_words_are_the_title_with_a_warning() -> None:
    article, problems = read("---\ndate: 2024-02-14\n---\nA dredger arrived in the inner "
                             "harbour on Tuesday to begin a month of work.\n")
    assert article is not None
    assert article.title == "A dredger arrived in the inner harbour on Tuesday to…"
    assert problems == [
        "content/story.md: warning: no title; using the first words of the text: 'A dredger "
        "arrived in the inner harbour on Tuesday to…' (add 'title: Your headline' to the "
        "front matter)"]


@pytest.mark.parametrize("slug", ["1.0-Timeline", "Ferry_Timetable", "élection-quai-sud",
                                  "новости-дня", "2024"])
def test_a_slug_that_is_a_safe_path_segment_is_kept_exactly(slug: str) -> None:
    article, problems = read(article_md("T", "2024-02-21", slug=slug))
    assert problems == []
    assert article is not None and (article.slug, article.slug_explicit) == (slug, True)


@pytest.mark.parametrize(("slug", "message"), [
    ("Port Story", "slug 'Port Story' is not a URL slug (use 'port-story')"),
    (".hidden", "slug '.hidden' is not a URL slug (use 'hidden')"),
    ("a/b", "slug 'a/b' is not a URL slug (use 'a-b')"),
    ("%C3%A9t%C3%A9", "slug '%C3%A9t%C3%A9' is not a URL slug (use 'c3-a9t-c3-a9')"),
    ("x" * 201, "slug '" + "x" * 59 + "…' is longer than 200 bytes (shorten it: it is a "
                "folder name on disk)"),
])
def test_any_other_slug_is_an_error_that_says_what_to_use(slug: str, message: str) -> None:
    article, problems = read(article_md("T", "2024-02-21", slug=f'"{slug}"'))
    assert article is None
    assert problems == [f"content/story.md:4: {message}"]


@pytest.mark.parametrize(("path", "slug"), [
    ("content/posts/2024-02-21-quay-lights.md", "quay-lights"),
    ("content/blog/2024-02-20_vineyard-frost.md", "vineyard-frost"),
    ("content/posts/harbour-crane/index.md", "harbour-crane"),
    ("content/posts/Town App.md", "town-app"),
])
def test_slug_from_filename_takes_the_file_or_bundle_name(path: str, slug: str) -> None:
    config = Config(root=Path("site"), timezone="Europe/Paris", slug_from="filename")
    article, problems = read(article_md("Any title", "2024-02-21"), path=path, config=config)
    assert problems == []
    assert article is not None and (article.slug, article.slug_explicit) == (slug, False)


def test_slug_from_must_be_title_or_filename() -> None:
    with pytest.raises(SiteError) as raised:
        parse_config('slug_from = "path"\n', Path("site"))
    assert [str(p) for p in raised.value.problems] == [
        "site.toml:1: 'slug_from' must be 'title' or 'filename', not 'path'"]


# --- aliases ----------------------------------------------------------------------------


def test_an_alias_without_a_leading_slash_is_published_both_ways_with_a_warning() -> None:
    article, problems = read(article_md("T", "2024-02-21",
                                        aliases="[old-name, ../news/old/, /kept/]"),
                             path="content/posts/t.md")
    assert article is not None
    assert article.aliases == ("/posts/old-name/", "/old-name/", "/news/old/", "/kept/")
    assert problems == [
        "content/posts/t.md:4: warning: 1 alias(es) without a leading '/', first 'old-name': "
        "published both from the article's folder (/posts/, as Hugo reads them) and from the "
        "site root (as Zola does) (start each with '/' to keep one address)"]


def test_an_alias_climbing_out_of_the_site_is_an_error() -> None:
    _, problems = read(article_md("T", "2024-02-21", aliases="[../../etc/]"),
                       path="content/posts/t.md")
    assert problems == ["content/posts/t.md:4: alias '../../etc/' is not a path on this site "
                        "(write it from the site root, like /2019/05/old-name/)"]


def test_an_alias_equal_to_the_articles_own_url_is_ignored(make_site) -> None:
    root = make_site({"content/a.md": article_md("Budget", "2024-04-12",
                                                 aliases="[/2024/04/12/budget/, /old/]")})
    result = build(root)
    assert result.warnings == []
    assert "refresh" not in (root / "output/2024/04/12/budget/index.html").read_text()
    assert "refresh" in (root / "output/old/index.html").read_text()


# --- files beside articles, links, other files -------------------------------------------


def picture(size: tuple[int, int], kind: str = "PNG") -> bytes:
    """A small picture file, as a camera or an editor would leave beside an article."""
    out = io.BytesIO()
    Image.new("RGB", size, (40, 110, 160)).save(out, kind)
    return out.getvalue()


def test_the_files_of_a_page_bundle_are_copied_next_to_its_page(make_site) -> None:
    root = make_site({
        "content/posts/crane/index.md": article_md("Crane", "2024-03-27", "![map](map.png)"),
        "content/posts/crane/map.png": picture((60, 40)),
        "content/posts/crane/photos/a.jpg": picture((90, 60), "JPEG"),
        "content/posts/crane/notes.pdf": b"notes",
    })
    build(root)
    page = root / "output/2024/03/27/crane"
    # Pictures go through the images stage (published under their own names, at their
    # size, without their metadata); other files are copied as they are.
    assert (page / "notes.pdf").read_bytes() == b"notes"
    for name, size in (("map.png", (60, 40)), ("photos/a.jpg", (90, 60))):
        with Image.open(page / name) as published:
            assert published.size == size


def test_a_file_an_article_links_is_copied_next_to_its_page_and_a_missing_one_is_named(
        make_site) -> None:
    root = make_site({
        "content/2024/a.md": article_md("A", "2024-03-01", "Intro.\n\n![Map](map.png)\n\n"
                                        "[Report](files/report.pdf) and [B](../../02/b/)"),
        "content/2024/b.md": article_md("B", "2024-03-02", "![Gone](gone.jpg)"),
        "content/2024/map.png": picture((60, 40)),
        "content/2024/files/report.pdf": b"pdf",
        "content/2024/unused.png": picture((10, 10)),
    })
    result = build(root)
    with Image.open(root / "output/2024/03/01/a/map.png") as published:
        assert published.size == (60, 40)
    assert (root / "output/2024/03/01/a/files/report.pdf").read_bytes() == b"pdf"
    assert not (root / "output/2024/03/02/b/map.png").exists()
    assert [str(p) for p in result.warnings] == [
        "content/2024/b.md:6: warning: image 'gone.jpg' not found (looked for "
        "content/2024/gone.jpg) (check the file name and its folder)",
        "content: warning: 1 file(s) are not articles and were left out: 1 .png (articles "
        "are .markdown, .md, .mdown, .mkd, .txt files, "
        "and .json or .xml agency items (IPTC ninjs, NewsML-G2, NITF); "
        "a file beside an article is copied "
        "next to its page when the article is index.md or links it)",
    ]


def test_a_file_beside_an_article_never_replaces_a_page(make_site) -> None:
    root = make_site({
        "content/crane/index.md": article_md("Crane", "2024-03-27"),
        "content/crane/index.html": "<p>an old page</p>",
    })
    result = build(root)
    assert "an old page" not in (root / "output/2024/03/27/crane/index.html").read_text()
    assert [str(p) for p in result.warnings] == [
        "content/crane/index.md: warning: the file 'index.html' beside it would replace a "
        "page of the site; not copied (rename the file)",
        "content: warning: 1 file(s) are not articles and were left out: 1 .html (articles "
        "are .markdown, .md, .mdown, .mkd, .txt files, "
        "and .json or .xml agency items (IPTC ninjs, NewsML-G2, NITF); "
        "a file beside an article is copied "
        "next to its page when the article is index.md or links it)"]


def test_other_files_are_counted_in_one_line_by_extension(make_site) -> None:
    root = make_site({
        "content/a.md": article_md("A", "2024-03-01"),
        "content/index.html": "<p>old home</p>",
        "content/_layouts/post.html": "{{ content }}",
        "content/_config.yml": "title: x",
        "content/notes.rst": "Notes\n=====\n",
        "content/Gemfile": "gem 'jekyll'",
        "content/feed.xml": "<feed/>",
    })
    result = build(root)
    assert [p.message for p in result.warnings] == [
        "6 file(s) are not articles and were left out: 2 .html, 1 (no extension), 1 .rst, "
        "1 .xml, 1 .yml"]


# --- template syntax of other tools -----------------------------------------------------


@pytest.mark.parametrize(("body", "first"), [
    ("See {% include note.html text='x' %} here.", "{% include note.html text='x' %}"),
    ("![x]({{ page.image }})", "{{ page.image }}"),
    ('{{< figure src="crane.jpg" >}}', '{{< figure src="crane.jpg" >}}'),
    ("{{% notice info %}}\nText\n{{% /notice %}}", "{{% notice info %}}"),
    ('{{ youtube(id="Qm8v") }}', '{{ youtube(id="Qm8v") }}'),
    ('[caption id="a1"]<img src="x.jpg"> A harbour[/caption]', '[caption id="a1"]'),
])
def test_other_tools_template_syntax_gets_one_warning_naming_the_first_and_its_line(
        body: str, first: str) -> None:
    article, problems = read(article_md("T", "2024-02-21", f"Intro.\n\n{body}\n\n{body}"))
    assert article is not None
    assert problems == [
        f"content/story.md:8: warning: template syntax of another tool is left as text: "
        f"'{first}' (it is not run here: write it as Markdown or HTML, or remove it)"]
    # Never run: as written (in a link, percent-encoded as CommonMark writes URLs).
    assert first.split()[0] in unquote(html.unescape(article.body_html))


def test_template_syntax_in_code_and_markdown_links_named_video_is_no_warning() -> None:
    _, problems = read(article_md("T", "2024-02-21", "Write `{{ site.title }}` there.\n\n"
                                  "```\n{% include x.html %}\n```\n\n[video](clip.mp4)"))
    assert [p for p in problems if "template syntax" in p] == []


# --- messages ---------------------------------------------------------------------------


def test_hints_come_only_with_a_close_match() -> None:
    _, problems = read(article_md("T", "2024-02-21", titel="x", weight="2", layout="post"))
    assert problems == ["content/story.md:4: warning: unknown key 'titel' kept for templates "
                        "(did you mean 'title'?)"]


@pytest.mark.parametrize("line", ['title: "Council says "no" to the plan"',
                                  "title: 'It's here'"])
def test_a_yaml_error_on_a_quoted_value_gets_the_quote_hint(line: str) -> None:
    _, problems = read(f"---\n{line}\ndate: 2024-02-21\n---\nText.\n")
    assert len(problems) == 1
    assert problems[0].startswith("content/story.md:2: front matter is not valid YAML: ")
    assert problems[0].endswith(
        "(a value in quotes ends at the same quote mark: put it in the other kind, like "
        "'Council says \"no\"', or double a ' inside '...')")


@pytest.mark.parametrize("text", [
    "---\ntitle: T\ndate: " + "9" * 1000 + "\n---\nText.\n",
    "---\ntitle: T\ndate: 2024-02-21\nslug: " + "x y" * 500 + "\n---\nText.\n",
    "---\ntitle: T\ndate: 2024-02-21\naliases: [" + "a b" * 500 + "]\n---\nText.\n",
    "---\ntitle: T\ndate: 2024-02-21\nupdated: " + "z" * 1000 + "\n---\nText.\n",
    "---\ndate: 2024-02-21\n---\n" + "word " * 1000 + "\n",
    "---\n" + "x" * 1000 + "\n",
])
def test_no_message_quotes_more_than_about_80_characters_of_input(text: str) -> None:
    _, problems = read(text)
    assert problems
    for line in problems:
        assert len(line) < 300, line
        assert not any(run in line for run in ("9" * 81, "x y" * 27, "a b" * 27, "z" * 81))


def test_a_wire_style_markdown_file_without_front_matter_is_read_as_wire_text() -> None:
    article, problems = read("| 20 March 2024, Wednesday |\n\nThe statistics office said "
                             "tourist nights rose.\n\nHotels were full.\n\n  \u2022 CWS\n")
    assert article is not None
    assert (article.title, article.source) == (
        "The statistics office said tourist nights rose.", "CWS")
    assert article.date == datetime(2024, 3, 20, tzinfo=PARIS)
    assert article.body_html == ("<p>The statistics office said tourist nights rose.</p>\n"
                                 "<p>Hotels were full.</p>\n")
    assert problems == [
        "content/story.md:3: warning: no headline; using the first words of the text: "
        "'The statistics office said tourist nights rose.' (put the headline on its own line "
        "after the date line)"]


def test_a_site_builds_with_pages_without_dates_beside_its_articles(make_site) -> None:
    root = make_site({"content/about.md": "---\ntitle: About us\nlayout: page\n---\nHello.\n",
                      "content/_index.md": "+++\ntitle = \"Home\"\n+++\n",
                      "content/a.md": article_md("A", "2024-03-01")})
    result = build(root)
    assert result.articles == 1
    assert sorted(str(p) for p in result.warnings) == sorted([
        "content: warning: 2 file(s) are not articles and were left out: 2 .md (articles are "
        ".markdown, .md, .mdown, .mkd, .txt files, "
        "and .json or .xml agency items (IPTC ninjs, NewsML-G2, NITF); "
        "a file beside an article is copied next to "
        "its page when the article is index.md or links it)",
        "content/_index.md: warning: no date: a page, not an article; left out (add 'date: "
        "YYYY-MM-DD' to publish it as an article)",
        "content/about.md: warning: no date: a page, not an article; left out (add 'date: "
        "YYYY-MM-DD' to publish it as an article)",
    ])



@pytest.mark.parametrize("body", [
    "Prices rose 5\\{% on the year.", "\\{{ a }} is how the form was printed.",
    "An address like @/blog/a.md in prose.", "Not a link: \\[x\\](@/blog/a.md)."])
def test_escaped_or_prose_text_that_looks_like_template_syntax_gets_no_warning(
        body: str) -> None:
    # What `import` writes for wire text escapes every brace and bracket: it is text.
    story, problems = read(article_md("T", "2024-01-01", body))
    assert story is not None and problems == []

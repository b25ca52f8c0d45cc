"""Archives written for other tools build as they are, with every dated post published.

Each archive in tests/fixtures/archives/<tool>/content (Hugo, Jekyll, Pelican, Zola, raw
wire text) is copied into a site with default settings and built; expected.json says what
a user moving in expects of every file (EXPECTED.md explains it).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from generator.build import BuildOptions, BuildResult, build
from generator.config import load_config
from generator.errors import Problem, Problems, SiteError
from generator.incremental.parsing import parse_sources
from generator.model import Article
from generator.readers import make_renderer
from generator.readers.listing import list_sources
from generator.site.indexes import make_site
from generator.site.selection import Selection
from generator.site.urls import output_path

ARCHIVES = Path(__file__).parent / "fixtures" / "archives"
TOOLS = ("hugo", "jekyll", "pelican", "zola", "wire")
# The zone each old site set (hugo.toml timeZone, _config.yml timezone, TIMEZONE); Zola has
# none and reads naive times as UTC.
ZONES = {"hugo": "Europe/Berlin", "jekyll": "America/Vancouver", "pelican": "Europe/London",
         "zola": "UTC", "wire": "UTC"}
EPOCH = "1798761600"  # 1 January 2027: the archives' 2036 posts stay in the future
NOW = datetime.fromtimestamp(int(EPOCH), tz=ZoneInfo("UTC"))


@dataclass
class Built:
    """One archive built with default settings: its site, what it published, and said."""

    root: Path
    expected: dict[str, Any]
    result: BuildResult
    articles: dict[str, Article]  # published, by file under content/
    parsed: dict[str, Article]  # every article read, published or not

    @property
    def output(self) -> Path:
        return self.root / "output"

    def warnings_of(self, file: str) -> list[Problem]:
        return [p for p in self.result.warnings if p.path == f"content/{file}"]


def site_toml(tool: str, extra: str = "") -> str:
    return (f'title = "Moved in"\nbase_url = "https://moved.example/"\n'
            f'timezone = "{ZONES[tool]}"\n{extra}')


def make_archive(root: Path, tool: str, extra: str = "") -> Path:
    shutil.copytree(ARCHIVES / tool / "content", root / "content")
    (root / "site.toml").write_text(site_toml(tool, extra), encoding="utf-8")
    return root


EVERYTHING = Selection(drafts=True, future=True)


EVERYTHING = Selection(drafts=True, future=True)


def read_articles(root: Path, selection: Selection = EVERYTHING) -> dict[str, Article]:
    """The articles the site publishes with `selection`, by file under content/, with
    their URLs."""
    config = load_config(root)
    problems = Problems()
    parsed = parse_sources(list_sources(config, problems), config, problems, 1, None)
    site = make_site(config, parsed.articles, selection, NOW, Problems())
    return {a.path.removeprefix("content/"): a for a in site.articles}


def built(tool: str, root: Path) -> Built:
    make_archive(root, tool)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(root, BuildOptions(jobs=1))
    expected = json.loads((ARCHIVES / tool / "expected.json").read_text(encoding="utf-8"))
    return Built(root, expected, result, read_articles(root, Selection()), read_articles(root))


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    return {tool: built(tool, tmp_path_factory.mktemp(tool)) for tool in TOOLS}


def expected_date(text: str, zone: str) -> datetime:
    """A date of expected.json: with its offset, or naive in the site's zone."""
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time(), tzinfo=ZoneInfo(zone))
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(zone))


def posts(tool: str) -> list[tuple[str, dict[str, Any]]]:
    expected = json.loads((ARCHIVES / tool / "expected.json").read_text(encoding="utf-8"))
    return [(tool, post) for post in expected["published"]]


EVERY_POST = [item for tool in TOOLS for item in posts(tool)]


@pytest.mark.parametrize("tool", TOOLS)
def test_each_archive_builds_with_default_settings_and_no_error(
        archives: dict[str, Built], tool: str) -> None:
    done = archives[tool]
    assert done.result.errors == []
    assert set(done.articles) == {post["file"] for post in done.expected["published"]}


@pytest.mark.parametrize(("tool", "post"), EVERY_POST,
                         ids=[f"{tool}:{post['file']}" for tool, post in EVERY_POST])
def test_every_dated_post_is_published_as_its_old_site_showed_it(
        archives: dict[str, Built], tool: str, post: dict[str, Any]) -> None:
    article = archives[tool].articles[post["file"]]
    if post["title"] is not None:
        assert article.title == post["title"]
    else:  # a wire story without a headline: its first words
        assert post["title_prefix_of"].startswith(article.title.removesuffix("…"))
    assert article.date == expected_date(post["date"], ZONES[tool])
    assert article.date.utcoffset() == expected_date(post["date"], ZONES[tool]).utcoffset()
    assert {t.casefold() for t in article.tags} == {t.casefold() for t in post["tags"]}
    if post.get("slug_source") in ("front matter", "title"):
        assert article.slug == post["slug"]
    if "updated" in post:
        assert article.updated == expected_date(post["updated"], ZONES[tool])
    if "authors" in post:
        assert article.authors == tuple(post["authors"])
    if "summary" in post:
        assert article.summary == post["summary"]
    if "language" in post:
        assert article.language == post["language"]
    if tool == "wire":
        assert article.source == (post["source"] or "")


@pytest.mark.parametrize(("tool", "post"), [(t, p) for t, p in EVERY_POST if p["aliases"]],
                         ids=[f"{t}:{p['file']}" for t, p in EVERY_POST if p["aliases"]])
def test_every_old_address_still_leads_to_the_post(
        archives: dict[str, Built], tool: str, post: dict[str, Any]) -> None:
    done = archives[tool]
    article = done.articles[post["file"]]
    for alias in post["aliases"]:
        if alias == post.get("alias_equal_to_own_url"):
            assert alias == article.url  # no redirect: it is the page itself
            continue
        page = done.output / output_path(alias)
        assert f'http-equiv="refresh" content="0; url=https://moved.example{article.url}"' \
            in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("tool", ["hugo", "jekyll", "zola"])
def test_slug_from_filename_keeps_the_old_sites_slugs(tmp_path: Path, tool: str) -> None:
    articles = read_articles(make_archive(tmp_path, tool, 'slug_from = "filename"\n'))
    for post in json.loads((ARCHIVES / tool / "expected.json").read_text())["published"]:
        if post["slug_source"] in ("file name", "folder name", "front matter"):
            assert articles[post["file"]].slug == post["slug"], post["file"]


@pytest.mark.parametrize("tool", TOOLS)
def test_drafts_hidden_and_future_posts_are_not_published(
        archives: dict[str, Built], tool: str) -> None:
    done = archives[tool]
    for file in done.expected["unpublished"]:
        assert file not in done.articles
        article = done.parsed.get(file)
        assert article is None or article.draft or article.date > NOW, file


@pytest.mark.parametrize("tool", TOOLS)
def test_files_that_are_not_posts_are_counted_in_one_line(
        archives: dict[str, Built], tool: str) -> None:
    done = archives[tool]
    left = done.expected["not_articles"] + [
        f for f in done.expected["unpublished"] if f not in done.parsed]
    summary = [p for p in done.result.warnings if p.path == "content"]
    assert len(summary) == 1
    assert summary[0].message.startswith(f"{len(left)} file(s) are not articles and were "
                                         "left out: ")
    counted = re.findall(r"(\d+) (\.\w+|\(no extension\))", summary[0].message)
    assert sum(int(n) for n, _ in counted) == len(left)
    for file in left:
        suffix = Path(file).suffix or "(no extension)"
        assert (str(sum(1 for f in left if (Path(f).suffix or "(no extension)") == suffix)),
                suffix) in counted


@pytest.mark.parametrize("tool", TOOLS)
def test_files_beside_a_post_are_copied_next_to_its_page(
        archives: dict[str, Built], tool: str) -> None:
    done = archives[tool]
    for post in done.expected["published"]:
        page = done.output / output_path(done.articles[post["file"]].url).parent
        for file in post.get("files_beside", []):
            source = done.root / "content" / file
            if source.suffix in PICTURES:
                # Published by the images stage under its own name, at its size, without
                # the metadata of the file (its EXIF, and GPS where a camera wrote it).
                with Image.open(page / source.name) as published, Image.open(source) as given:
                    assert published.size == given.size
                    assert not published.getexif()
            else:
                assert (page / source.name).read_bytes() == source.read_bytes()
    copied = sorted(p for p in done.output.rglob("*") if p.suffix in (".pdf", ".csv"))
    assert len(copied) == len([f for f in done.expected["copied_files"]
                               if Path(f).suffix not in PICTURES])


PICTURES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


@pytest.mark.parametrize("tool", TOOLS)
def test_links_between_posts_lead_where_the_tool_led_them(
        archives: dict[str, Built], tool: str) -> None:
    """Pelican's {filename} and Zola's @/ links lead to the linked post's page here; the
    pictures Pelican's {static} links show are published where Pelican put them."""
    done = archives[tool]
    for link in done.expected.get("links_followed", []):
        page = done.output / output_path(done.articles[link["file"]].url)
        text = page.read_text(encoding="utf-8")
        assert f'href="{done.articles[link["to"]].url}"' in text, link
        body = text.split('class="article-body"')[1].split("</article>")[0]
        assert not [href for href in re.findall(r'href="([^"]*)"', body)
                    if href.startswith(("%7B", "{", "|", "@/"))], link
    for file in done.expected.get("published_at_root", []):
        with Image.open(done.output / file) as published, \
                Image.open(done.root / "content" / file) as given:
            assert published.size == given.size and not published.getexif()


WARNINGS = {
    "template syntax": "template syntax of another tool is left as text: ",
    "local link resolves nowhere": "local link ",
    # A picture is the images stage's: it says so of one that is not there.
    "image not found": "not found (looked for ",
    "guessed title": "no ",
    "weekday does not match the date": " was a ",
    "no date line: not wire text, left out": "no date line near the top: not wire text",
    "no date: a page, not an article": "no date: a page, not an article; left out",
}


@pytest.mark.parametrize("tool", TOOLS)
def test_the_warnings_a_user_expects_name_the_file_line_and_what_was_found(
        archives: dict[str, Built], tool: str) -> None:
    done = archives[tool]
    for warning in done.expected["warnings_expected"]:
        if warning.get("optional"):
            continue
        found = [p for p in done.warnings_of(warning["file"])
                 if WARNINGS[warning["about"]] in p.message]
        assert len(found) == 1, (warning, [str(p) for p in done.warnings_of(warning["file"])])
        if "line" in warning:
            assert found[0].line == warning["line"]
        if warning["about"] in ("template syntax", "local link resolves nowhere",
                                "image not found"):
            assert warning["first"] in found[0].message
    syntax = {p.path.removeprefix("content/") for p in done.result.warnings
              if p.message.startswith(WARNINGS["template syntax"])}
    assert syntax == {w["file"] for w in done.expected["warnings_expected"]
                      if w["about"] == "template syntax"}


def test_wire_stories_keep_every_headline_and_every_paragraph_exactly(
        archives: dict[str, Built]) -> None:
    done = archives["wire"]
    config = load_config(done.root)
    problems = Problems()
    parsed = parse_sources(list_sources(config, problems), config, problems, 1, None)
    for post in done.expected["published"]:
        body = parsed.bodies.body(f"content/{post['file']}")
        assert body.text == "\n\n".join(post["paragraphs"])
        assert body.html == make_renderer(config).paragraphs(post["paragraphs"])


def test_urls_that_differ_only_in_letter_case_are_an_error_naming_both_files(
        tmp_path: Path) -> None:
    root = make_archive(tmp_path, "hugo", '[permalinks]\narticle = "/posts/{slug}/"\n')
    with pytest.raises(SiteError) as raised:
        build(root, BuildOptions(jobs=1))
    errors = [str(p) for p in raised.value.problems if p.severity == "error"]
    assert errors == [
        "content/posts/summer-ferry-timetable.md: its URL /posts/ferry-timetable/ differs only "
        "in letter case from /posts/Ferry-Timetable/ (content/posts/winter-ferry-timetable.md) "
        "(they would be one file on macOS and Windows disks: change a slug or an alias)",
        "content/posts/winter-ferry-timetable.md: its URL /posts/Ferry-Timetable/ differs only "
        "in letter case from /posts/ferry-timetable/ (content/posts/summer-ferry-timetable.md) "
        "(they would be one file on macOS and Windows disks: change a slug or an alias)",
    ]
    assert raised.value.articles_only

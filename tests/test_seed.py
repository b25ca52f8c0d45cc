"""The seed wire story from shared/seeds, read directly and through `import`."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import story_of

from generator.config import parse_config
from generator.errors import Problems
from generator.model import Article
from generator.readers import MarkdownRenderer, Source, parse_article
from generator.readers.importers.wire import import_files

# CI clones the repository next to a copy of shared/, so look beside the repository.
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_e098e83313eeb440.txt"
TITLE = "NATO: Ukraine is still inflicting heavy losses on Russia"


def seed_text() -> str:
    assert SEED.is_file(), f"the seed story is missing: {SEED}"
    return SEED.read_text(encoding="utf-8")


def expected_paragraphs() -> list[str]:
    """Split the seed independently of the reader: blocks between blank lines, minus the
    date line, the headline and the byline."""
    blocks = [block.strip() for block in re.split(r"\n[ \t]*\n", seed_text()) if block.strip()]
    assert blocks[0] == "| 21 February 2024, Wednesday |"
    assert blocks[1] == TITLE
    assert blocks[-1] == "\u2022 AFP"
    return blocks[2:-1]


def paragraph_texts(body_html: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]*>", "", inner))
            for inner in re.findall(r"<p>(.*?)</p>", body_html, flags=re.S)]


def build(path: str, text: str, root: Path) -> Article:
    config = parse_config("", root)
    problems = Problems()
    article = story_of(parse_article(Source(path, text), config,
                                     MarkdownRenderer(config.markdown_extensions), problems))
    assert [str(p) for p in problems.items] == []
    assert article is not None
    return article


@pytest.fixture
def raw(tmp_path: Path) -> Article:
    return build("content/000_e098e83313eeb440.txt", seed_text(), tmp_path)


@pytest.fixture
def converted(tmp_path: Path) -> Article:
    report = import_files([SEED], tmp_path / "content")
    assert report.refused == []
    assert report.problems == []
    target = (tmp_path / "content/2024"
              / "2024-02-21-nato-ukraine-is-still-inflicting-heavy-losses-on-russia.md")
    assert report.written == [target]
    return build(target.relative_to(tmp_path).as_posix(), target.read_text(encoding="utf-8"),
                 tmp_path)


def test_seed_has_15_paragraphs_between_headline_and_byline() -> None:
    paragraphs = expected_paragraphs()
    assert len(paragraphs) == 15
    assert paragraphs[0].startswith("NATO Secretary-General Jens Stoltenberg affirmed on Monday")
    assert paragraphs[-1] == ("He added, \u201cIt is in our security interest that President "
                              "Putin does not win in this war.\u201d")


@pytest.mark.parametrize("article", ["raw", "converted"])
def test_seed_reads_as_the_nato_story(article: str, request: pytest.FixtureRequest) -> None:
    story: Article = request.getfixturevalue(article)
    assert story.title == TITLE
    assert story.date.date() == date(2024, 2, 21)
    assert story.date.isoformat() == "2024-02-21T00:00:00+00:00"
    assert story.source == "AFP"
    assert paragraph_texts(story.body_html) == expected_paragraphs()
    assert len(paragraph_texts(story.body_html)) == 15


def test_imported_seed_builds_byte_identical_html(raw: Article, converted: Article) -> None:
    assert converted.format == "markdown"
    assert raw.format == "wire"
    assert converted.body_html == raw.body_html
    assert (converted.title, converted.date, converted.source, converted.slug) == (
        raw.title, raw.date, raw.source, raw.slug)

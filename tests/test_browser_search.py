"""Search in a real browser: the example site with [search] on, Pagefind's UI, Chromium.

A word that appears in exactly one example article is searched for three ways (typed on the
search page, given as ?q=, sent from the header box) at a phone and a desktop width.
Without a browser the tests fail under CI (CI=true) and are skipped locally.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_support import (
    ARTICLE_PATH,
    TIMEOUT_MS,
    VIEWPORTS,
    Visit,
    chromium,
    no_browser,
    serve,
    visitor,
)

from generator.config import load_config
from generator.outputs.search import find_pagefind

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parent.parent
WORD = "Brannockvale"  # only in content/2023/2023-08-19-lakeside-regatta-returns.md


# --- the example site with search on, served; a browser ----------------------------------------


@pytest.fixture(scope="module")
def site_dir(example_site: Path) -> Path:
    if find_pagefind() is None:
        no_browser("the Pagefind binary is not installed (pip install 'pagefind[bin]')")
    assert load_config(REPO_ROOT).search.enabled, "the example site.toml should enable search"
    return example_site


@pytest.fixture(scope="module")
def article_url(site_dir: Path) -> str:
    """The URL of the one article page whose text holds WORD."""
    found = []
    for path in sorted(site_dir.rglob("index.html")):
        relative = path.relative_to(site_dir).as_posix()
        if ARTICLE_PATH.match(relative) and WORD in path.read_text(encoding="utf-8"):
            found.append("/" + relative.removesuffix("index.html"))
    assert len(found) == 1, f"{WORD!r} should be in exactly one article page, not {found}"
    return found[0]


@pytest.fixture(scope="module")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched



@pytest.fixture
def open_page(browser: Any, base_url: str) -> Iterator[Any]:
    with visitor(browser, base_url) as visit:
        yield visit


def expect_one_result(visit: Visit, article_url: str) -> None:
    """Pagefind settles on one result for WORD, linking to the article."""
    from playwright.sync_api import expect

    page = visit.page
    expect(page.locator(".pagefind-ui__message")).to_have_text(
        re.compile(rf"^\s*1 result for {WORD}\s*$"), timeout=TIMEOUT_MS)
    results = page.locator(".pagefind-ui__result")
    expect(results).to_have_count(1)
    link = results.first.locator("a.pagefind-ui__result-link")
    assert link.get_attribute("href") == article_url, f"{visit.where}: wrong first result"
    assert "Lakeside regatta" in link.inner_text()


# --- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_typing_a_word_finds_the_one_article_that_has_it(open_page: Any, article_url: str,
                                                         viewport: str) -> None:
    visit = open_page("/search/", viewport)
    box = visit.page.locator("input.pagefind-ui__search-input")
    box.click()
    box.press_sequentially(WORD, delay=20)
    expect_one_result(visit, article_url)
    visit.check_clean()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_q_parameter_runs_the_search_when_the_page_opens(open_page: Any,
                                                             article_url: str,
                                                             viewport: str) -> None:
    visit = open_page(f"/search/?q={WORD}", viewport)
    expect_one_result(visit, article_url)
    assert visit.page.locator("input.pagefind-ui__search-input").input_value() == WORD
    visit.check_clean()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_header_box_lands_on_the_results(open_page: Any, article_url: str,
                                             viewport: str) -> None:
    visit = open_page("/", viewport)
    visit.check_clean()
    box = visit.page.get_by_role("searchbox", name="Search the archive")
    box.fill(WORD)
    with visit.page.expect_navigation():
        box.press("Enter")
    assert urlsplit(visit.page.url).path == "/search/"
    assert urlsplit(visit.page.url).query == f"q={WORD}"
    expect_one_result(visit, article_url)
    visit.check_clean()


def test_the_results_can_be_filtered_by_tag_source_and_year(open_page: Any,
                                                            article_url: str) -> None:
    from playwright.sync_api import expect

    visit = open_page(f"/search/?q={WORD}", "desktop")
    page = visit.page
    expect_one_result(visit, article_url)
    names = page.locator(".pagefind-ui__filter-name")
    # Pagefind's UI adds the filters as their index files arrive: slow on a busy machine.
    expect(names).to_have_count(3, timeout=15_000)
    assert sorted(names.all_inner_texts()) == ["Source", "Tag", "Year"]

    # The regatta story is tagged Sport, not Economy.
    page.locator(".pagefind-ui__filter-name", has_text="Tag").click()
    page.locator("input[name='tag'][value='Economy']").check()
    expect(page.locator(".pagefind-ui__message")).to_have_text(
        re.compile(rf"^\s*No results for {WORD}\s*$"))
    page.locator("input[name='tag'][value='Economy']").uncheck()
    page.locator("input[name='tag'][value='Sport']").check()
    expect_one_result(visit, article_url)
    visit.check_clean()

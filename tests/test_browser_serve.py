"""The preview in a real browser: edit files and watch the open pages follow by themselves.

Debian's Chromium driven by Playwright against an in-process `serve` of a small site. No
test touches the page after opening it, except to scroll or to mark the window.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import TIMEOUT_MS, Visit, chromium, visitor
from conftest import SITE_TOML, article_md

from generator.serve import Preview

pytestmark = pytest.mark.browser

ARTICLE = "/2024/01/01/first-story/"
OVERLAY = "#newsarchive-livereload-overlay"
FILES = {
    "content/a.md": article_md("First story", "2024-01-01", "Original text."),
    "content/b.md": article_md("Second story", "2024-01-02", "Other text."),
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def expect() -> Callable[..., Any]:
    from playwright.sync_api import expect as playwright_expect

    playwright_expect.set_options(timeout=TIMEOUT_MS)
    return playwright_expect


@pytest.fixture
def start(start_preview: Callable[..., Preview]) -> Callable[..., Preview]:
    return lambda files=FILES: start_preview(files, SITE_TOML)


def check_clean(visit: Visit) -> None:
    """Visit.check_clean(), but a reload cutting the page's event stream is no error."""
    visit.problems[:] = [p for p in visit.problems
                         if not ("/__livereload" in p and "ERR_ABORTED" in p)]
    visit.check_clean()


def save(path: Path, text: str) -> None:
    """Save as editors do: write a temporary file, rename it over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_an_edited_article_shows_its_new_text(browser, start, expect) -> None:
    preview = start()
    with visitor(browser, preview.url.rstrip("/")) as visit:
        opened = visit(ARTICLE, "desktop")
        expect(opened.page.get_by_text("Original text.")).to_be_visible()
        save(preview.session.root / "content/a.md",
             article_md("First story", "2024-01-01", "Edited text."))
        expect(opened.page.get_by_text("Edited text.")).to_be_visible()
        expect(opened.page.get_by_text("Original text.")).to_have_count(0)
        check_clean(opened)


def test_a_new_article_appears_on_the_home_page(browser, start, expect) -> None:
    preview = start()
    with visitor(browser, preview.url.rstrip("/")) as visit:
        home = visit("/", "phone")
        expect(home.page.get_by_role("link", name="Second story")).to_be_visible()
        save(preview.session.root / "content/c.md",
             article_md("Third story", "2024-01-03", "New text."))
        expect(home.page.get_by_role("link", name="Third story")).to_be_visible()
        check_clean(home)


def test_a_page_being_written_appears_by_itself(browser, start, expect) -> None:
    preview = start()
    context = browser.new_context()
    try:
        page = context.new_page()
        response = page.goto(preview.url + "2024/01/05/coming-soon/")
        assert response is not None and response.status == 404
        expect(page.get_by_text("find that page")).to_be_visible()
        save(preview.session.root / "content/d.md",
             article_md("Coming soon", "2024-01-05", "Here now."))
        expect(page.get_by_text("Here now.")).to_be_visible()
    finally:
        context.close()


def test_a_broken_template_shows_the_error_and_the_fix_shows_the_page(browser, start,
                                                                       expect) -> None:
    template = ("{% extends \"base.html\" %}\n{% block content %}\n"
                "<h1>{{ article.title }}</h1>\n{{ article.body_html|safe }}\n{% endblock %}\n")
    preview = start({**FILES, "templates/article.html": template})
    article = preview.session.root / "templates/article.html"
    with visitor(browser, preview.url.rstrip("/")) as visit:
        opened = visit(ARTICLE, "desktop")
        expect(opened.page.locator(OVERLAY)).to_have_count(0)
        save(article, template.replace("{{ article.title }}", "{{ article.title }"))
        errors = opened.page.locator(f"{OVERLAY} [data-livereload-error]")
        expect(errors).to_have_count(1)
        expect(errors).to_contain_text("templates/article.html:3")
        expect(errors).to_contain_text("unexpected '}'")
        expect(opened.page.get_by_text("Original text.")).to_be_attached()  # the last good page
        # A page opened while the error stands shows it too.
        other = visit("/2024/01/02/second-story/", "phone")
        expect(other.page.locator(f"{OVERLAY} [data-livereload-error]")).to_contain_text(
            "unexpected '}'")
        other.page.locator(OVERLAY).get_by_role("button", name="Close").click()
        expect(other.page.locator(OVERLAY)).to_have_count(0)
        save(article, template.replace("<h1>", "<h1 class=\"fixed\">"))
        for page in (opened.page, other.page):
            expect(page.locator(OVERLAY)).to_have_count(0)
            expect(page.locator("h1.fixed")).to_be_visible()
        check_clean(opened)


def test_an_article_left_out_for_its_error_is_listed_and_appears_once_fixed(
        browser, start, expect) -> None:
    preview = start({"content/a.md": "---\ntitle: First story\ndate: soon\n---\nText\n"})
    context = browser.new_context()
    try:
        page = context.new_page()
        response = page.goto(preview.url + ARTICLE.lstrip("/"))
        assert response is not None and response.status == 404  # the site, without it
        expect(page.locator(OVERLAY)).to_contain_text("Some articles were left out")
        expect(page.locator(f"{OVERLAY} [data-livereload-error]")).to_contain_text(
            "content/a.md:3")
        save(preview.session.root / "content/a.md",
             article_md("First story", "2024-01-01", "Original text."))
        expect(page.get_by_text("Original text.")).to_be_visible()
        expect(page.locator(OVERLAY)).to_have_count(0)
    finally:
        context.close()


def test_a_stylesheet_change_restyles_the_page_without_reloading_it(browser, start,
                                                                    expect) -> None:
    css = "body { color: rgb(10, 20, 30); }\nmain { min-height: 4000px; }\n"
    preview = start({**FILES, "static/css/site.css": css})
    with visitor(browser, preview.url.rstrip("/")) as visit:
        opened = visit(ARTICLE, "desktop")
        page = opened.page
        page.evaluate("() => { window.scrollTo(0, 600); window.untouched = 'yes'; }")
        navigations: list[str] = []
        page.on("framenavigated", lambda frame: navigations.append(frame.url))
        save(preview.session.root / "static/css/site.css", css.replace("10, 20, 30", "200, 0, 0"))
        page.wait_for_function(
            "() => getComputedStyle(document.body).color === 'rgb(200, 0, 0)'",
            timeout=TIMEOUT_MS)
        assert page.evaluate("() => [window.untouched, window.scrollY]") == ["yes", 600]
        assert navigations == []
        expect(page.locator('link[rel="stylesheet"]')).to_have_count(1)
        check_clean(opened)


@pytest.mark.slow
def test_ten_tabs_share_one_stream_and_all_reload(browser, start, expect) -> None:
    preview = start()
    context = browser.new_context()
    try:
        pages = [context.new_page() for _ in range(10)]
        for page in pages:  # all ten loading at once, as when a browser restores its tabs
            response = page.goto(preview.url + ARTICLE.lstrip("/"), wait_until="commit")
            assert response is not None and response.status == 200
        for page in pages:
            expect(page.get_by_text("Original text.")).to_be_visible()
        wait_until(lambda: preview.hub.listeners == 1, "one event stream for ten tabs")
        save(preview.session.root / "content/a.md",
             article_md("First story", "2024-01-01", "Seen by every tab."))
        for page in pages:
            expect(page.get_by_text("Seen by every tab.")).to_be_visible()
        wait_until(lambda: preview.hub.listeners == 1, "still one stream after the reloads")
    finally:
        context.close()


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 10) -> None:
    """Poll `condition` (server-side state has no event to wait on) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)

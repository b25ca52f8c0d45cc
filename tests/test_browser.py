"""The example archive in a real browser: Debian's Chromium driven by Playwright.

The site is built once into a temporary folder, served from 127.0.0.1 and opened at a
phone and a desktop width. Run only these tests with `python -m pytest -m browser`.

Without a browser the tests fail under CI (CI=true) and are skipped locally.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    ARTICLE_PATH,
    VIEWPORTS,
    chromium,
    serve,
    visitor,
)

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parent.parent
PAGE_KINDS = ["home", "article", "arabic article", "archive"]
HTML_LANG = re.compile(r"<html\b[^>]*\blang=[\"']([^\"']+)[\"']", re.IGNORECASE)

# Computed styles of <body> that a stylesheet of any theme is bound to change.
BODY_STYLE_JS = """() => {
    const s = getComputedStyle(document.body);
    return [s.fontFamily, s.fontSize, s.lineHeight, s.color, s.backgroundColor, s.margin,
            s.padding, s.maxWidth].join(' | ');
}"""


STYLESHEETS_JS = """() => Array.from(document.styleSheets).map((sheet) => {
    let rules = -1;
    try { rules = sheet.cssRules.length; } catch (e) { rules = -1; }
    return {href: sheet.href, rules: rules};
})"""

ICONS_JS = """() => Array.from(document.querySelectorAll('link[rel~="icon"]'))
    .map((link) => link.href).filter((href) => href.startsWith(location.origin))"""


# --- fixtures: the site, a server for it, a browser ------------------------------------------


@pytest.fixture(scope="module")
def site_dir(example_site: Path) -> Path:
    return example_site


@pytest.fixture(scope="module")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def default_body_styles(browser: Any) -> dict[str, str]:
    """The body's computed style with no stylesheet at all, per viewport."""
    styles = {}
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            page.set_content("<!doctype html><html><head></head><body><p>x</p></body></html>")
            styles[name] = page.evaluate(BODY_STYLE_JS)
        finally:
            context.close()
    return styles


# --- finding the pages to open in the build --------------------------------------------------


def html_lang(path: Path) -> str:
    match = HTML_LANG.search(path.read_text(encoding="utf-8", errors="replace")[:4000])
    return match.group(1).lower() if match else ""


def article_urls(site_dir: Path) -> list[tuple[str, str]]:
    """Every article page in the build as (url, language of its <html>), sorted by URL."""
    found = []
    for path in sorted(site_dir.rglob("index.html")):
        relative = path.relative_to(site_dir).as_posix()
        if ARTICLE_PATH.match(relative):
            found.append(("/" + relative.removesuffix("index.html"), html_lang(path)))
    return found


@pytest.fixture(scope="module")
def page_urls(site_dir: Path) -> dict[str, str]:
    articles = article_urls(site_dir)
    assert articles, f"no */YYYY/MM/DD/slug/index.html in the build at {site_dir}"
    plain = [url for url, lang in articles if lang.split("-")[0] == "en"] or [articles[0][0]]
    arabic = [url for url, lang in articles if lang.split("-")[0] == "ar"]
    assert arabic, "no article page with <html lang=\"ar\"> in the build"
    assert (site_dir / "archive" / "index.html").is_file(), "no archive/index.html in the build"
    return {"home": "/", "article": plain[0], "arabic article": arabic[0],
            "archive": "/archive/"}


# --- opening a page and recording what went wrong --------------------------------------------



@pytest.fixture
def open_page(browser: Any, base_url: str) -> Iterator[Any]:
    with visitor(browser, base_url) as visit:
        yield visit


# --- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_loads_cleanly_and_fits_the_screen(open_page: Any, page_urls: dict[str, str],
                                                default_body_styles: dict[str, str],
                                                kind: str, viewport: str) -> None:
    visit = open_page(page_urls[kind], viewport)
    page = visit.page
    where = f"{kind} {visit.url} at {VIEWPORTS[viewport]['width']}px"

    visit.check_clean()  # no console errors or failed requests, no sideways scrolling

    sheets = page.evaluate(STYLESHEETS_JS)
    assert sheets, f"{where} has no stylesheet at all"
    for sheet in sheets:
        if sheet["href"]:
            assert visit.stylesheets.get(sheet["href"]) in (200, 304), (
                f"{where}: stylesheet {sheet['href']} answered "
                f"{visit.stylesheets.get(sheet['href'])}")
        assert sheet["rules"] != 0, f"{where}: stylesheet {sheet['href'] or '<style>'} is empty"
    for icon in page.evaluate(ICONS_JS):
        status = page.request.get(icon).status
        assert status == 200, f"{where}: the icon {icon} answered {status}"

    body = page.evaluate(BODY_STYLE_JS)
    assert body != default_body_styles[viewport], (
        f"{where}: the stylesheet did not change the body's look ({body})")

    if kind == "arabic article":
        assert page.evaluate("() => document.documentElement.lang").lower().startswith("ar")
        assert page.evaluate("() => document.documentElement.dir") == "rtl", (
            f"{where}: <html> lacks dir=\"rtl\"")


@pytest.mark.parametrize("kind", ["article", "arabic article"])
def test_article_has_one_news_article_json_ld(open_page: Any, page_urls: dict[str, str],
                                              kind: str) -> None:
    visit = open_page(page_urls[kind], "desktop")
    scripts = visit.page.locator('script[type="application/ld+json"]').all_text_contents()
    assert len(scripts) == 1, f"{visit.url} has {len(scripts)} JSON-LD scripts, not 1"
    try:
        data = json.loads(scripts[0])
    except json.JSONDecodeError as exc:
        pytest.fail(f"{visit.url}: the JSON-LD is not JSON: {exc}\n{scripts[0]}", pytrace=False)
    assert data.get("@type") == "NewsArticle", f"{visit.url}: JSON-LD @type is {data.get('@type')}"
    assert data.get("@context") == "https://schema.org"
    assert data.get("headline"), f"{visit.url}: JSON-LD has no headline"
    title = visit.page.title()
    assert data["headline"] in title or title in data["headline"], (
        f"{visit.url}: JSON-LD headline {data['headline']!r} is not the page title {title!r}")

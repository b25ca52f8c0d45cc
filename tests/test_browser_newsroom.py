"""The newsroom's pages of the example archive in a real browser: the lead figure at a
phone's and a desktop's width, an author's page, and "on this day" opening today's page.

Run only these with `python -m pytest -m browser`. Without a browser the tests fail under
CI (CI=true) and are skipped locally.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from browser_support import VIEWPORTS, chromium, serve, visitor

pytestmark = pytest.mark.browser

FERRY = "/2025/03/31/electric-ferries-enter-service-on-the-moss-estuary/"
AUTHOR = "/authors/lena-vasquez/"

FIGURE_JS = """() => {
    const figure = document.querySelector('figure.lead-figure');
    const img = figure.querySelector('img');
    const caption = figure.querySelector('figcaption');
    const box = (el) => {
        const r = el.getBoundingClientRect();
        return [r.left, r.right, r.width, r.height];
    };
    return {complete: img.complete, natural: img.naturalWidth, current: img.currentSrc,
            img: box(img), caption: box(caption), text: caption.textContent,
            viewport: document.documentElement.clientWidth,
            below: caption.getBoundingClientRect().top >= img.getBoundingClientRect().bottom - 1};
}"""


@pytest.fixture(scope="module")
def base_url(example_site: Path) -> Iterator[str]:
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def open_page(browser: Any, base_url: str) -> Iterator[Any]:
    with visitor(browser, base_url) as visit:
        yield visit


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_lead_figure_shows_its_picture_caption_and_credit(open_page: Any,
                                                             viewport: str) -> None:
    visit = open_page(FERRY, viewport)
    visit.check_clean()
    figure = visit.page.evaluate(FIGURE_JS)
    width = VIEWPORTS[viewport]["width"]
    assert figure["complete"] and figure["natural"] > 0, figure
    left, right, shown, height = figure["img"]
    assert left >= 0 and right <= figure["viewport"] and shown > 0.8 * min(width, 600), figure
    # The picture keeps its proportions (16:9) at every width: width and height are set.
    assert abs(shown / height - 16 / 9) < 0.02, figure
    # The browser picks a file from srcset fit for the width, not always the largest.
    chosen = figure["current"].rsplit("/", 1)[-1]
    if viewport == "phone":
        assert chosen != "electric-ferry.jpg", figure
    assert "Photo by Ines Calder / Estuary Chronicle" in figure["text"] and figure["below"]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_author_page_shows_the_profile_and_the_stories(open_page: Any,
                                                          viewport: str) -> None:
    visit = open_page(AUTHOR, viewport)
    visit.check_clean()
    page = visit.page
    assert page.locator("h1").inner_text().endswith("Lena Vasquez")
    assert "Transport correspondent" in page.locator(".author-head__bio").inner_text()
    portrait = page.locator(".author-head__portrait")
    assert portrait.evaluate("img => img.complete && img.naturalWidth > 0")
    assert portrait.bounding_box()["width"] == pytest.approx(128, abs=2)
    headlines = page.locator(".story__headline a").all_inner_texts()
    assert "Electric ferries enter service on the Moss estuary" in headlines
    assert "Heat pump grants oversubscribed within days" in headlines
    page.locator(".story__headline a", has_text="Heat pump grants").click()
    page.wait_for_load_state("load")
    byline = page.locator(".byline__author").inner_text()
    assert byline == "By Jonas Eklund and Lena Vasquez"


def test_on_this_day_opens_todays_page_and_keeps_the_calendar_reachable(
        open_page: Any) -> None:
    visit = open_page("/on-this-day/", "desktop")
    visit.page.wait_for_url(re.compile(r".*/on-this-day/\d\d-\d\d/$"))
    today = date.today()  # the browser's today, on this machine
    assert visit.page.url.endswith(f"/on-this-day/{today:%m-%d}/")
    visit.page.locator("a", has_text="Every day").click()
    visit.page.wait_for_load_state("load")
    assert visit.page.url.endswith("/on-this-day/#days")
    assert visit.page.locator(".days__list a").count() == 366

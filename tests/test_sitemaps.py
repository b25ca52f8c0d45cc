"""sitemap.xml, its index and parts, the Google News sitemap and robots.txt of built sites."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
from conftest import REPO, article_md

from generator.build import BuildOptions, build

TOML = ('title = "Test Times"\nbase_url = "https://test.example/"\n'
        'timezone = "Europe/Berlin"\nper_page = 2\n')
BASE = "https://test.example"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}
W3C = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")

FILES = {
    "content/a.md": article_md("Budget passes", "2024-02-20", tags="[Economy, Politics]",
                               aliases="[/old/budget/]"),
    "content/b.md": article_md("Rail strike called off", "2024-02-22", tags="[Economy]",
                               source='"Harbour Wire"', updated="2024-02-25T10:30:00"),
    "content/c.md": article_md("Festival returns", "2024-02-23", language="fr"),
    "content/d.md": article_md("Old news", "2023-11-05"),
}


def html_urls(output: Path) -> list[str]:
    """Every HTML page a crawler should find: not the 404 page, not a redirect."""
    urls = []
    for path in output.rglob("*.html"):
        text = path.read_text()
        if path.name == "404.html" or 'http-equiv="refresh"' in text or (
                '<meta name="robots" content="noindex">' in text):
            continue
        urls.append("/" + path.relative_to(output).as_posix().removesuffix("index.html"))
    return sorted(urls)


def urlset(path: Path) -> list[tuple[str, str | None]]:
    """The (loc, lastmod) pairs of a sitemap urlset, in file order."""
    root = ET.parse(path).getroot()
    assert root.tag == SITEMAP + "urlset"
    return [(u.findtext("s:loc", namespaces=NS) or "", u.findtext("s:lastmod", namespaces=NS))
            for u in root.findall("s:url", NS)]


@pytest.fixture
def site(make_site) -> Path:
    root = make_site(FILES, TOML)
    build(root)
    return root / "output"


def test_sitemap_lists_every_html_page_once_sorted_by_url(site: Path) -> None:
    expected = html_urls(site)
    # Written but not listed: the redirect from the alias, and the 404 page.
    assert (site / "old/budget/index.html").is_file() and (site / "404.html").is_file()
    assert len(expected) > 15
    assert [loc for loc, _ in urlset(site / "sitemap.xml")] == [BASE + u for u in expected]


def test_every_lastmod_is_a_w3c_datetime_with_offset(site: Path) -> None:
    entries = urlset(site / "sitemap.xml")
    for loc, lastmod in entries:
        if loc in (f"{BASE}/authors/", f"{BASE}/corrections/"):  # they list nothing here
            assert lastmod is None
            continue
        assert lastmod is not None and W3C.match(lastmod), (loc, lastmod)
        assert datetime.fromisoformat(lastmod).utcoffset() is not None


def test_an_articles_lastmod_is_when_it_last_changed(site: Path) -> None:
    lastmod = dict(urlset(site / "sitemap.xml"))
    assert lastmod[BASE + "/2024/02/22/rail-strike-called-off/"] == "2024-02-25T10:30:00+01:00"
    assert lastmod[BASE + "/2024/02/20/budget-passes/"] == "2024-02-20T00:00:00+01:00"
    # A list page changes when its newest story does.
    assert lastmod[BASE + "/tags/economy/"] == "2024-02-25T10:30:00+01:00"


def test_pages_without_a_date_have_no_lastmod(make_site) -> None:
    root = make_site({}, TOML)
    build(root)
    assert urlset(root / "output/sitemap.xml") == [
        (BASE + "/", None), (BASE + "/archive/", None), (BASE + "/authors/", None),
        (BASE + "/corrections/", None), (BASE + "/on-this-day/", None),
        (BASE + "/sources/", None), (BASE + "/tags/", None)]


def test_past_max_urls_the_sitemap_becomes_an_index_of_parts(make_site) -> None:
    root = make_site(FILES, TOML + "[sitemap]\nmax_urls = 3\n")
    build(root)
    out = root / "output"
    expected = [BASE + u for u in html_urls(out)]
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == SITEMAP + "sitemapindex"
    parts = [(s.findtext("s:loc", namespaces=NS), s.findtext("s:lastmod", namespaces=NS))
             for s in index.findall("s:sitemap", NS)]
    count = -(-len(expected) // 3)
    assert [loc for loc, _ in parts] == [f"{BASE}/sitemap-{n}.xml" for n in range(1, count + 1)]
    listed = []
    for loc, lastmod in parts:
        entries = urlset(out / loc.removeprefix(BASE + "/"))
        assert 1 <= len(entries) <= 3
        assert lastmod == max((m for _, m in entries if m is not None), default=None)
        listed += [url for url, _ in entries]
    assert listed == expected
    assert not (out / f"sitemap-{count + 1}.xml").exists()


def test_exactly_max_urls_stays_a_single_sitemap(make_site) -> None:
    root = make_site({}, TOML + "[sitemap]\nmax_urls = 7\n")  # the seven pages of an empty site
    build(root)
    assert len(urlset(root / "output/sitemap.xml")) == 7
    assert not (root / "output/sitemap-1.xml").exists()


def news(path: Path) -> list[tuple[str | None, ...]]:
    root = ET.parse(path).getroot()
    assert root.tag == SITEMAP + "urlset"
    return [(u.findtext("s:loc", namespaces=NS),
             u.findtext("news:news/news:publication/news:name", namespaces=NS),
             u.findtext("news:news/news:publication/news:language", namespaces=NS),
             u.findtext("news:news/news:publication_date", namespaces=NS),
             u.findtext("news:news/news:title", namespaces=NS))
            for u in root.findall("s:url", NS)]


def test_news_sitemap_lists_the_articles_of_the_last_two_days(
        make_site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1708689600")  # 2024-02-23T12:00:00Z
    root = make_site({
        **FILES,
        # Exactly two days before the build time: just too old.
        "content/e.md": article_md("Edge & limit", "2024-02-21T13:00:00"),
        "content/f.md": article_md("Just in & <out>", "2024-02-21T13:00:01",
                                   language="en-GB"),
        "content/g.md": article_md("Tomorrow", "2024-02-24"),
    }, TOML)
    build(root, BuildOptions(future=True))
    assert (root / "output/2024/02/24/tomorrow/index.html").exists()
    assert news(root / "output/news-sitemap.xml") == [
        (BASE + "/2024/02/23/festival-returns/", "Test Times", "fr",
         "2024-02-23T00:00:00+01:00", "Festival returns"),
        (BASE + "/2024/02/22/rail-strike-called-off/", "Test Times", "en",
         "2024-02-22T00:00:00+01:00", "Rail strike called off"),
        (BASE + "/2024/02/21/just-in-out/", "Test Times", "en",
         "2024-02-21T13:00:01+01:00", "Just in & <out>"),
    ]


def test_news_sitemap_uses_the_configured_publication_and_days(
        make_site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1708689600")  # 2024-02-23T12:00:00Z
    toml = TOML + '[sitemap]\nnews_days = 1\npublication = "Test & Times Online"\n'
    root = make_site(FILES, toml)
    build(root)
    assert news(root / "output/news-sitemap.xml") == [
        (BASE + "/2024/02/23/festival-returns/", "Test & Times Online", "fr",
         "2024-02-23T00:00:00+01:00", "Festival returns")]


def test_control_characters_do_not_break_the_news_sitemap(
        make_site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1708689600")  # 2024-02-23T12:00:00Z
    # YAML's "\a" is the bell character, which XML 1.0 cannot carry at all.
    root = make_site({"content/a.md": article_md("Bell \\arings", "2024-02-23")}, TOML)
    build(root)
    assert [entry[-1] for entry in news(root / "output/news-sitemap.xml")] == ["Bell rings"]


def test_news_sitemap_is_written_even_without_recent_news(
        make_site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01
    root = make_site(FILES, TOML)
    build(root)
    assert news(root / "output/news-sitemap.xml") == []


def test_robots_txt_allows_all_and_points_at_both_sitemaps(site: Path) -> None:
    assert (site / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\n\n"
        "Sitemap: https://test.example/sitemap.xml\n"
        "Sitemap: https://test.example/news-sitemap.xml\n")


def test_the_example_site_sitemap_lists_every_page(tmp_path: Path) -> None:
    output = tmp_path / "example"
    build(REPO, BuildOptions(output=output))
    base = "https://news.example.org"
    assert [loc for loc, _ in urlset(output / "sitemap.xml")] == [
        base + u for u in html_urls(output)]
    ET.parse(output / "news-sitemap.xml")

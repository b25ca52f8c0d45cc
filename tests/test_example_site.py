"""The example archive in content/: every page type exists, every link works, every article
page keeps the page contract."""

from __future__ import annotations

import json
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import EXAMPLE_EPOCH, REPO

from generator.build import BuildOptions, build
from generator.config import load_config

BASE = load_config(REPO).base_url


class PageParser(HTMLParser):
    """Collect what the tests look at: links, head metadata, classes, times, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.json_ld: list[str] = []
        self.classes: set[str] = set()
        self.times: list[str] = []
        self.html_attrs: dict[str, str | None] = {}
        self.ids: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        for name in ("href", "src"):
            if a.get(name):
                self.links.append(a[name])  # type: ignore[arg-type]
        if tag == "meta" and (a.get("property") or a.get("name")):
            key = a.get("property") or a.get("name")
            self.meta.setdefault(key, []).append(a.get("content") or "")  # type: ignore[arg-type]
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href") or "")
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_json = True
            self.json_ld.append("")
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])  # type: ignore[arg-type]
        self.classes.update((a.get("class") or "").split())
        if a.get("id"):
            self.ids.append(a["id"])  # type: ignore[arg-type]

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json = False

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_ld[-1] += data


EPOCH = EXAMPLE_EPOCH


@pytest.fixture(scope="module")
def built(example_site: Path) -> Path:
    return example_site


@pytest.fixture(scope="module")
def pages(built: Path) -> dict[str, PageParser]:
    parsed = {}
    for file in sorted(built.rglob("*.html")):
        parser = PageParser()
        parser.feed(file.read_text(encoding="utf-8"))
        url = "/" + file.relative_to(built).as_posix().removesuffix("index.html")
        parsed[url] = parser
    return parsed


def article_urls(pages: dict[str, PageParser]) -> list[str]:
    return [url for url, page in pages.items() if "article-body" in page.classes]


def target_exists(built: Path, path: str) -> bool:
    file = built / path.lstrip("/")
    return (file / "index.html").is_file() if path.endswith("/") else file.is_file()


def test_every_page_type_is_built(built: Path, pages: dict[str, PageParser]) -> None:
    for url in ["/", "/page/2/", "/tags/", "/tags/climate/", "/sources/",
                "/sources/harbour-wire/", "/archive/", "/2024/", "/2024/03/", "/2024/03/14/",
                "/2023/", "/2025/", "/fr/", "/fr/tags/", "/fr/tags/transports/", "/fr/sources/",
                "/fr/sources/harbour-wire/", "/fr/archive/", "/fr/2024/", "/fr/2024/03/",
                "/fr/2024/03/14/", "/fr/search/"]:
        assert url in pages, url
    assert (built / "404.html").is_file()
    assert (built / "fr" / "404.html").is_file()
    # 35 files, one of them a draft; 5 in the French edition
    assert len(article_urls(pages)) == 34
    assert len([url for url in article_urls(pages) if url.startswith("/fr/")]) == 5


def test_every_internal_link_points_at_a_page_that_exists(
        built: Path, pages: dict[str, PageParser]) -> None:
    broken = []
    for url, page in pages.items():
        for link in page.links:
            absolute = urljoin(BASE.rstrip("/") + url, link)
            if not absolute.startswith(BASE) and urlsplit(link).netloc:
                continue  # another site
            if link.startswith(("mailto:", "#")):
                continue
            path = "/" + absolute.removeprefix(BASE).split("#")[0].split("?")[0]
            if not target_exists(built, path):
                broken.append(f"{url} -> {link}")
    assert broken == []


def test_links_are_root_relative_or_absolute_from_base_url(pages: dict[str, PageParser]) -> None:
    relative = [f"{url} -> {link}" for url, page in pages.items() for link in page.links
                if not link.startswith(("/", "#", "https://", "http://", "mailto:"))]
    assert relative == []


def test_every_article_page_keeps_the_page_contract(pages: dict[str, PageParser]) -> None:
    for url in article_urls(pages):
        page = pages[url]
        assert page.canonical == [BASE.rstrip("/") + url], url
        [raw] = page.json_ld
        data = json.loads(raw)
        assert data["@type"] == "NewsArticle"
        assert data["url"] == BASE.rstrip("/") + url
        assert data["headline"] == page.meta["og:title"][0]
        published = datetime.fromisoformat(data["datePublished"])
        assert published.utcoffset() is not None, url
        assert datetime.fromisoformat(data["dateModified"]) >= published
        assert isinstance(data["keywords"], list)
        assert data["publisher"]["name"]
        assert page.meta["og:type"] == ["article"]
        assert page.meta["og:url"] == [data["url"]]
        assert data["datePublished"] in page.times, url
        assert len(page.ids) == len(set(page.ids)), f"duplicate ids on {url}"


def test_right_to_left_articles_say_so(pages: dict[str, PageParser]) -> None:
    arabic = [url for url in article_urls(pages) if pages[url].html_attrs.get("lang") == "ar"]
    assert len(arabic) == 2
    for url in arabic:
        assert pages[url].html_attrs.get("dir") == "rtl"
    english = next(u for u in article_urls(pages) if pages[u].html_attrs.get("lang") == "en")
    assert pages[english].html_attrs.get("dir") == "ltr"


def test_the_wire_story_with_markup_characters_shows_them_as_text(built: Path) -> None:
    html = (built / "2024/05/09/telecom-merger-announcement-garbled-by-formatting-errors"
            / "index.html").read_text()
    assert "<p>1. The merged company" in html
    assert "*stars*" in html and "_underscores_" in html
    assert "&lt;b&gt;not bold&lt;/b&gt;" in html
    assert "AT&amp;T" in html


def test_the_scheduled_article_waits_for_its_date(built: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    scheduled = "2031/03/02/averly-bridge-marks-its-hundredth-year-with-a-day-of-open-crossings"
    assert not (built / scheduled).exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    build(REPO, BuildOptions(output=tmp_path / "early", future=True))
    assert (tmp_path / "early" / scheduled / "index.html").is_file()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1930435200")  # 5 March 2031: its time has come
    build(REPO, BuildOptions(output=tmp_path / "later"))
    assert (tmp_path / "later" / scheduled / "index.html").is_file()


def test_the_french_edition_shows_no_english_theme_word(built: Path) -> None:
    from test_i18n import Words, english_only_words, words_of

    english = english_only_words("fr")
    found = {}
    pages = sorted((built / "fr").rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser = Words()
        parser.feed(page.read_text(encoding="utf-8"))
        shown = words_of(" ".join(parser.parts)) & english
        if shown:
            found[page.relative_to(built).as_posix()] = sorted(shown)
    assert found == {}


def test_translations_link_each_other_both_ways(built: Path) -> None:
    from test_multilingual import parsed

    pages = parsed(built)
    base = BASE.rstrip("/")
    linked = 0
    for url, page in pages.items():
        for hreflang, href in page.alternates.items():
            linked += 1
            other = pages[href.removeprefix(base)]
            assert base + url in other.alternates.values(), f"{url} -> {href}"
            assert hreflang == "x-default" or other.html["lang"] == hreflang, href
    assert linked > 50
    tram = pages["/fr/2024/03/14/port-averly-inaugure-la-ligne-4-de-son-tramway/"]
    assert tram.alternates["en"] == (
        base + "/2024/03/14/tram-line-4-opens-to-passengers-in-port-averly/")
    wind = pages["/2023/05/17/carrow-bay-offshore-wind-farm-starts-generating/"]
    assert wind.alternates["fr"] == (
        base + "/fr/2023/05/17/le-parc-eolien-de-la-baie-de-carrow-entre-en-service/")

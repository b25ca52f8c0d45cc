"""Sites in several languages: an edition per language under its prefix, translations
linked both ways (hreflang, sitemaps, the switcher), and the mistakes a build refuses."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import article_md, files_of
from test_search import pagefind  # noqa: F401 (a fixture)

from generator.build import build
from generator.errors import SiteError

TOML = """title = "The Harbour Times"
base_url = "https://harbour.example/"
timezone = "UTC"
language = "en"

[languages.fr]
title = "Le Journal du Port"
description = "L'édition française."
date_format = "EEEE d MMMM y"

[languages.ar]
title = "صحيفة الميناء"
"""

STORIES = {
    "content/ferry.md": article_md("Ferry returns", "2024-03-14", "The ferry is back.",
                                   tags="[Port, Transport]", source="Harbour Wire",
                                   author="Ann Lee"),
    "content/ferry.fr.md": article_md("Le bac est de retour", "2024-03-14", "Le bac revient.",
                                      tags="[Port, Transports]", source="Harbour Wire",
                                      author="Ann Lee"),
    "content/ferry.ar.md": article_md("عودة العبّارة", "2024-03-14", "عادت العبّارة.",
                                      tags="[الميناء]"),
    "content/budget.md": article_md("Budget passes", "2024-02-01", "A narrow vote.",
                                    tags="[Economy]", translation_key="budget-2024"),
    "content/2024/vote-budget.md": article_md("Le budget adopté", "2024-02-01",
                                              "Un vote serré.", tags="[Économie]",
                                              language="fr", translation_key="budget-2024"),
    "content/english-only.md": article_md("Only in English", "2024-01-05", "Nothing more.",
                                          tags="[Port]"),
    "content/fr-only.md": article_md("Seulement en français", "2024-01-06", "Rien d'autre.",
                                     language="fr"),
    "content/lettre.md": article_md("A letter in German", "2024-01-07", "Ein Brief.",
                                    language="de"),
}


class Links(HTMLParser):
    """The <html> attributes, the hreflang links and the switcher of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html: dict[str, str | None] = {}
        self.alternates: dict[str, str] = {}
        self.switcher: dict[str, str] = {}
        self._in_switcher = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html = a
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"] or ""] = a.get("href") or ""
        if tag == "nav" and a.get("class") == "language-switcher":
            self._in_switcher = True
        if tag == "a" and self._in_switcher:
            self.switcher[a.get("hreflang") or ""] = a.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_switcher = False


def parsed(out: Path) -> dict[str, Links]:
    pages = {}
    for file in sorted(out.rglob("*.html")):
        links = Links()
        links.feed(file.read_text(encoding="utf-8"))
        pages["/" + file.relative_to(out).as_posix().removesuffix("index.html")] = links
    return pages


@pytest.fixture
def site(make_site) -> Path:
    root = make_site(STORIES, TOML)
    build(root)
    return root / "output"


def test_each_language_has_its_own_pages_under_its_prefix(site: Path) -> None:
    for prefix in ("", "fr/", "ar/"):
        for page in ["index.html", "tags/index.html", "sources/index.html",
                     "archive/index.html", "2024/index.html", "2024/03/index.html",
                     "2024/03/14/index.html", "404.html", "feed.xml", "rss.xml"]:
            assert (site / prefix / page).is_file(), prefix + page
    assert (site / "2024/03/14/ferry-returns/index.html").is_file()
    assert (site / "fr/2024/03/14/le-bac-est-de-retour/index.html").is_file()
    assert (site / "fr/2024/02/01/le-budget-adopte/index.html").is_file()
    assert (site / "fr/tags/transports/index.html").is_file()
    assert not (site / "tags/transports").exists()
    home = (site / "fr/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in home
    assert "<title>Le Journal du Port</title>" in home
    assert "<bdi>jeudi 14 mars 2024</bdi>" in home  # the edition's own date_format
    assert 'href="/fr/feed.xml"' in home
    arabic = (site / "ar/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert ">آخر الأخبار</h1>" in arabic
    # A story in a language the site does not declare stays in the default edition.
    assert (site / "2024/01/07/a-letter-in-german/index.html").is_file()
    assert '<html lang="de"' in (site / "2024/01/07/a-letter-in-german/index.html").read_text(
        encoding="utf-8")


def test_each_language_has_its_own_feeds(site: Path) -> None:
    feed = (site / "fr/feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="fr"' in feed
    assert "<title>Le Journal du Port</title>" in feed
    assert re.findall(r"<entry>\s*<title>([^<]*)</title>", feed) == [
        "Le bac est de retour", "Le budget adopté", "Seulement en français"]
    assert '<link rel="alternate" type="text/html" href="https://harbour.example/fr/"/>' in feed
    tag_feed = (site / "fr/tags/port/feed.xml").read_text(encoding="utf-8")
    assert "<title>Thème\u00a0: Port · Le Journal du Port</title>" in tag_feed
    english = (site / "feed.xml").read_text(encoding="utf-8")
    assert "Le bac" not in english and "Ferry returns" in english


def test_hreflang_links_go_both_ways_with_x_default(site: Path) -> None:
    pages = parsed(site)
    base = "https://harbour.example"
    ferry = {"en": "/2024/03/14/ferry-returns/", "fr": "/fr/2024/03/14/le-bac-est-de-retour/",
             "ar": "/ar/2024/03/14/" + next((site / "ar/2024/03/14").iterdir()).name + "/"}
    for url in ferry.values():
        assert pages[url].alternates == {**{k: base + v for k, v in ferry.items()},
                                         "x-default": base + ferry["en"]}, url
    budget = {"en": "/2024/02/01/budget-passes/", "fr": "/fr/2024/02/01/le-budget-adopte/"}
    assert pages[budget["fr"]].alternates == {"en": base + budget["en"],
                                              "fr": base + budget["fr"],
                                              "x-default": base + budget["en"]}
    assert pages["/ar/"].alternates == {"en": base + "/", "fr": base + "/fr/",
                                        "ar": base + "/ar/", "x-default": base + "/"}
    assert pages["/2024/01/05/only-in-english/"].alternates == {}
    # Every link is answered: the page it names names this one back.
    for url, page in pages.items():
        for hreflang, href in page.alternates.items():
            other = pages[href.removeprefix(base)]
            assert base + url in other.alternates.values(), f"{url} -> {href}"
            if hreflang != "x-default":
                assert other.html["lang"] == hreflang, href


def test_the_newsroom_pages_are_in_each_language_and_link_each_other(site: Path) -> None:
    for prefix in ("", "fr/", "ar/"):
        for page in ["authors/index.html", "corrections/index.html", "corrections/feed.xml",
                     "on-this-day/index.html", "on-this-day/03-14/index.html", "feed.json"]:
            assert (site / prefix / page).is_file(), prefix + page
    pages = parsed(site)
    base = "https://harbour.example"
    for path in ("/authors/ann-lee/", "/on-this-day/03-14/", "/corrections/", "/authors/"):
        both = {"en": base + path, "fr": base + "/fr" + path}
        for url in (path, "/fr" + path):
            assert {k: v for k, v in pages[url].alternates.items() if k != "ar"} == {
                **both, "x-default": both["en"]}, url
    day = (site / "fr/on-this-day/03-14/index.html").read_text(encoding="utf-8")
    assert "<title>Le 14 mars · Le Journal du Port</title>" in day
    assert json.loads((site / "fr/feed.json").read_text(encoding="utf-8"))["items"][0][
        "authors"] == [{"name": "Ann Lee", "url": "https://harbour.example/fr/authors/ann-lee/"}]


def test_the_language_switcher_leads_to_the_page_in_each_language(site: Path) -> None:
    pages = parsed(site)
    assert pages["/fr/2024/03/14/le-bac-est-de-retour/"].switcher == {
        "en": "/2024/03/14/ferry-returns/", "fr": "/fr/2024/03/14/le-bac-est-de-retour/",
        "ar": pages["/2024/03/14/ferry-returns/"].switcher["ar"]}
    # No version in a language: that language's home page.
    assert pages["/2024/01/05/only-in-english/"].switcher == {
        "en": "/2024/01/05/only-in-english/", "fr": "/fr/", "ar": "/ar/"}
    assert pages["/fr/tags/port/"].switcher["en"] == "/tags/port/"  # the same slug
    html = (site / "fr/index.html").read_text(encoding="utf-8")
    assert ('<li><a href="/ar/" hreflang="ar" lang="ar" dir="rtl">العربية</a></li>') in html
    assert ('<li><a href="/fr/" hreflang="fr" lang="fr" dir="ltr" aria-current="true">'
            "Français</a></li>") in html


def test_the_sitemap_carries_the_alternates(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    entries = {url.findtext("s:loc", namespaces=ns): {
        link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        for url in root.findall("s:url", ns)}
    base = "https://harbour.example"
    assert entries[base + "/fr/2024/02/01/le-budget-adopte/"] == {
        "en": base + "/2024/02/01/budget-passes/", "fr": base + "/fr/2024/02/01/le-budget-adopte/",
        "x-default": base + "/2024/02/01/budget-passes/"}
    assert entries[base + "/2024/01/05/only-in-english/"] == {}
    assert base + "/fr/" in entries and base + "/ar/archive/" in entries


def test_the_news_sitemap_names_each_story_under_its_edition(make_site, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710460800")  # 15 March 2024
    root = make_site(STORIES, TOML)
    build(root)
    news = ET.parse(root / "output/news-sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    found = [(url.findtext("s:loc", namespaces=ns).split("/")[3],
              url.findtext("n:news/n:publication/n:name", namespaces=ns),
              url.findtext("n:news/n:publication/n:language", namespaces=ns))
             for url in news.findall("s:url", ns)]
    assert sorted(found) == [("2024", "The Harbour Times", "en"), ("ar", "صحيفة الميناء", "ar"),
                             ("fr", "Le Journal du Port", "fr")]


def test_a_single_language_site_declaring_its_language_is_unchanged(make_site,
                                                                    tmp_path: Path) -> None:
    files = {"content/a.md": article_md("A", "2024-01-01", tags="[Port]")}
    plain = make_site(files, 'title = "T"\n')
    build(plain)
    before = files_of(plain / "output")
    (plain / "site.toml").write_text('title = "T"\n[languages.en]\n', encoding="utf-8")
    build(plain)
    assert files_of(plain / "output") == before


def test_a_translation_into_an_undeclared_language_is_an_error_naming_the_file(
        make_site) -> None:
    files = {"content/ferry.md": article_md("Ferry", "2024-03-14"),
             "content/ferry.de.md": article_md("Fähre", "2024-03-14"),
             "content/brief.md": article_md("Brief", "2024-03-14", language="de",
                                            translation_key="letter")}
    root = make_site(files, 'title = "T"\n[languages.fr]\n')
    with pytest.raises(SiteError) as error:
        build(root)
    assert [str(p) for p in error.value.problems] == [
        "content/brief.md: a translation into 'de', which site.toml does not declare (add a "
        "[languages.de] table to site.toml, or change the story's language)",
        "content/ferry.de.md: a translation into 'de', which site.toml does not declare (add "
        "a [languages.de] table to site.toml, or change the story's language)"]


def test_two_files_claiming_one_language_and_key_are_both_named(make_site) -> None:
    files = {"content/a.md": article_md("A", "2024-03-14", translation_key="k"),
             "content/b.md": article_md("B", "2024-03-15", translation_key="k"),
             "content/ferry.md": article_md("Ferry", "2024-03-14"),
             "content/ferry.en.md": article_md("Ferry again", "2024-03-14")}
    root = make_site(files, 'title = "T"\n[languages.fr]\n')
    with pytest.raises(SiteError) as error:
        build(root)
    hint = " (give each a translation_key of its own, or another language)"
    assert [str(p) for p in error.value.problems] == [
        "content/a.md: 2 files are the 'en' version of the story 'k': content/a.md, "
        "content/b.md" + hint,
        "content/b.md: 2 files are the 'en' version of the story 'k': content/a.md, "
        "content/b.md" + hint,
        "content/ferry.en.md: 2 files are the 'en' version of the story 'ferry': "
        "content/ferry.en.md, content/ferry.md" + hint,
        "content/ferry.md: 2 files are the 'en' version of the story 'ferry': "
        "content/ferry.en.md, content/ferry.md" + hint]


def test_the_file_name_and_language_must_agree(make_site) -> None:
    files = {"content/a.fr.md": article_md("A", "2024-03-14", language="de")}
    root = make_site(files, 'title = "T"\n[languages.fr]\n[languages.de]\n')
    with pytest.raises(SiteError) as error:
        build(root)
    assert [str(p) for p in error.value.problems] == [
        "content/a.fr.md:4: the file name says the story is in 'fr' but 'language:' says 'de' "
        "(make them agree, or drop one)"]


@pytest.mark.parametrize(("toml", "message"), [
    ("[languages.xx]\n", "site.toml:1: language 'xx' is not one CLDR knows (use a code such "
     "as 'fr', 'de' or 'pt-BR')"),
    ("[languages.fr]\ntitel = \"Le Journal\"\n", "site.toml:2: unknown key 'titel' in "
     "[languages.fr] (did you mean 'title'?)"),
    ("[languages.fr]\nper_page = \"ten\"\n", "site.toml:2: 'per_page' in [languages.fr] must "
     "be a whole number, not string"),
    ("[languages.fr]\ndate_format = \"%c\"\n", "site.toml:2: '%c' in date_format '%c' has no "
     "CLDR equivalent (write a CLDR pattern such as 'd MMMM y', or short, medium or long)"),
    ('languages = "fr"\n', "site.toml:1: [languages] must hold one table per language, like "
     "[languages.fr]"),
])
def test_a_wrong_languages_table_is_a_clear_error(make_site, toml: str, message: str) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-01-01")}, toml)
    with pytest.raises(SiteError) as error:
        build(root)
    assert [str(p) for p in error.value.problems] == [message]


def test_each_language_has_its_own_search_index(make_site, pagefind: Path) -> None:  # noqa: F811
    root = make_site(STORIES, TOML + "\n[search]\nenabled = true\n")
    build(root)
    out = root / "output"
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    counts = {lang: data["page_count"] for lang, data in entry["languages"].items()}
    # Each edition's search page (its <html lang>) reads the index of its language.
    assert counts == {"en": 3, "fr": 3, "ar": 1, "de": 1}
    assert '<html lang="fr" dir="ltr">' in (out / "fr/search/index.html").read_text("utf-8")
    assert 'action="/fr/search/"' in (out / "fr/index.html").read_text("utf-8")


def test_hugos_translation_key_links_translations_too(make_site) -> None:
    files = {"content/a.md": article_md("Budget passes", "2024-02-01", translationKey="b"),
             "content/b.md": article_md("Le budget adopté", "2024-02-01", language="fr",
                                        translation_key="b")}
    root = make_site(files, 'title = "T"\nbase_url = "https://t.example/"\n[languages.fr]\n')
    build(root)
    html = (root / "output/fr/2024/02/01/le-budget-adopte/index.html").read_text("utf-8")
    assert ('<link rel="alternate" hreflang="en" '
            'href="https://t.example/2024/02/01/budget-passes/">') in html

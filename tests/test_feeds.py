"""Atom and RSS feeds of built sites: valid, newest first, absolute, escaped, stable."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from conftest import REPO, article_md

from generator.build import BuildOptions, build
from generator.errors import SiteError

TOML = ('title = "Test Times"\nbase_url = "https://test.example/"\n'
        'timezone = "Europe/Berlin"\npublisher = "Test Media"\n')
BASE = "https://test.example"
ATOM = "{http://www.w3.org/2005/Atom}"

BUDGET = "/2024/02/20/budget-passes/"
STORM = "/2024/02/21/storm-closes-coastal-rail/"
STRIKE = "/2024/02/22/rail-strike-called-off/"
FESTIVAL = "/2024/02/23/festival-returns/"

WIRE = ("| 21 February 2024, Wednesday |\n\nStorm closes coastal rail\n\n"
        "Trains stopped <script>alert(1)</script> at noon & later.\n\n  \u2022 Harbour Wire\n")

FILES = {
    "content/a.md": article_md(
        "Budget passes", "2024-02-20",
        "See [the economy](/tags/economy/) and ![chart](/img/chart.png) "
        "or [elsewhere](https://other.example/x) and [a host](//cdn.example/y).",
        tags="[Economy, Politics]", author='"Ann Writer"', source='"Capital Post"'),
    "content/b.txt": WIRE,
    "content/c.md": article_md("Rail strike called off", "2024-02-22", "Unions agreed.",
                               tags="[Transport, Economy]", updated="2024-02-25T10:30:00"),
    "content/d.md": article_md("Festival returns", "2024-02-23", "Music again.",
                               language="fr", summary='"A short & plain summary."'),
}
FEEDS = ["feed.xml", "rss.xml", "authors/ann-writer/feed.xml", "corrections/feed.xml",
         "sources/capital-post/feed.xml",
         "sources/harbour-wire/feed.xml", "tags/economy/feed.xml", "tags/politics/feed.xml",
         "tags/transport/feed.xml"]


def parse(path: Path) -> feedparser.FeedParserDict:
    # No sanitising or resolving: the feed has to carry absolute, intact HTML by itself.
    return feedparser.parse(path.read_bytes(), sanitize_html=False, resolve_relative_uris=False)


def links(feed: feedparser.FeedParserDict) -> list[str]:
    return [entry.link for entry in feed.entries]


@pytest.fixture
def site(make_site) -> Path:
    root = make_site(FILES, TOML)
    build(root)
    return root / "output"


def test_every_feed_is_written_and_parses_without_errors(site: Path) -> None:
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.xml")
                     if "sitemap" not in p.name)
    assert written == sorted(FEEDS)
    for name in FEEDS:
        feed = parse(site / name)
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version == ("rss20" if name == "rss.xml" else "atom10"), name


def test_site_feeds_list_the_newest_articles_in_order(site: Path) -> None:
    expected = [BASE + url for url in (FESTIVAL, STRIKE, STORM, BUDGET)]
    assert links(parse(site / "feed.xml")) == expected
    assert links(parse(site / "rss.xml")) == expected


def test_feeds_hold_at_most_entries_articles(make_site) -> None:
    root = make_site(FILES, TOML + "[feeds]\nentries = 2\n")
    build(root)
    out = root / "output"
    assert links(parse(out / "feed.xml")) == [BASE + FESTIVAL, BASE + STRIKE]
    assert links(parse(out / "rss.xml")) == [BASE + FESTIVAL, BASE + STRIKE]
    assert links(parse(out / "tags/economy/feed.xml")) == [BASE + STRIKE, BASE + BUDGET]


def test_group_feeds_hold_only_their_groups_articles(site: Path) -> None:
    assert {name: links(parse(site / name)) for name in FEEDS[2:]} == {
        "authors/ann-writer/feed.xml": [BASE + BUDGET],
        "corrections/feed.xml": [],
        "sources/capital-post/feed.xml": [BASE + BUDGET],
        "sources/harbour-wire/feed.xml": [BASE + STORM],
        "tags/economy/feed.xml": [BASE + STRIKE, BASE + BUDGET],
        "tags/politics/feed.xml": [BASE + BUDGET],
        "tags/transport/feed.xml": [BASE + STRIKE],
    }


def test_feed_metadata_names_the_site_itself_and_its_page(site: Path) -> None:
    atom = parse(site / "feed.xml").feed
    assert atom.title == "Test Times"
    assert atom.id == BASE + "/feed.xml"
    assert [(link.rel, link.href) for link in atom.links] == [
        ("self", BASE + "/feed.xml"), ("alternate", BASE + "/")]
    assert atom.author == "Test Media"
    assert atom.generator == "newsarchive"
    assert ET.parse(site / "feed.xml").getroot().get(
        "{http://www.w3.org/XML/1998/namespace}lang") == "en"
    tag = parse(site / "tags/economy/feed.xml").feed
    assert tag.title == "Tag: Economy · Test Times"
    assert [(link.rel, link.href) for link in tag.links] == [
        ("self", BASE + "/tags/economy/feed.xml"), ("alternate", BASE + "/tags/economy/")]
    rss = parse(site / "rss.xml").feed
    assert (rss.title, rss.link, rss.language) == ("Test Times", BASE + "/", "en")


def test_entry_ids_are_the_absolute_article_urls_and_stable_across_builds(
        make_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_site(FILES, TOML)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    build(root, BuildOptions(output=tmp_path / "one"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # a year later: feeds do not care
    build(root, BuildOptions(output=tmp_path / "two"))
    for name in FEEDS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    atom, rss = parse(tmp_path / "one/feed.xml"), parse(tmp_path / "one/rss.xml")
    assert [e.id for e in atom.entries] == links(atom)
    assert [e.id for e in rss.entries] == links(rss)
    guids = ET.parse(tmp_path / "one/rss.xml").getroot().iter("guid")
    assert [(g.get("isPermaLink"), g.text) for g in guids] == [("true", u) for u in links(rss)]


def test_dates_carry_their_offsets(site: Path) -> None:
    root = ET.parse(site / "feed.xml").getroot()
    assert root.findtext(f"{ATOM}updated") == "2024-02-25T10:30:00+01:00"  # newest change
    dates = [(e.findtext(f"{ATOM}published"), e.findtext(f"{ATOM}updated"))
             for e in root.iter(f"{ATOM}entry")]
    assert dates == [
        ("2024-02-23T00:00:00+01:00", "2024-02-23T00:00:00+01:00"),
        ("2024-02-22T00:00:00+01:00", "2024-02-25T10:30:00+01:00"),
        ("2024-02-21T00:00:00+01:00", "2024-02-21T00:00:00+01:00"),
        ("2024-02-20T00:00:00+01:00", "2024-02-20T00:00:00+01:00"),
    ]
    channel = ET.parse(site / "rss.xml").getroot().find("channel")
    assert channel is not None
    assert channel.findtext("lastBuildDate") == "Sun, 25 Feb 2024 10:30:00 +0100"
    assert [i.findtext("pubDate") for i in channel.iter("item")] == [
        "Fri, 23 Feb 2024 00:00:00 +0100", "Thu, 22 Feb 2024 00:00:00 +0100",
        "Wed, 21 Feb 2024 00:00:00 +0100", "Tue, 20 Feb 2024 00:00:00 +0100"]


def test_content_is_the_article_html_with_absolute_links(site: Path) -> None:
    expected = (f'<p>See <a href="{BASE}/tags/economy/">the economy</a> and '
                f'<img src="{BASE}/img/chart.png" alt="chart"> '
                'or <a href="https://other.example/x">elsewhere</a> and '
                '<a href="//cdn.example/y">a host</a>.</p>')
    atom = {e.link: e for e in parse(site / "feed.xml").entries}
    rss = {e.link: e for e in parse(site / "rss.xml").entries}
    assert atom[BASE + BUDGET].content[0].type == "text/html"
    assert atom[BASE + BUDGET].content[0].value == expected
    assert rss[BASE + BUDGET].description == expected


def test_wire_markup_stays_escaped_text_in_feeds(site: Path) -> None:
    expected = ("<p>Trains stopped &lt;script&gt;alert(1)&lt;/script&gt; at noon "
                "&amp; later.</p>")
    for name in ("feed.xml", "rss.xml", "sources/harbour-wire/feed.xml"):
        raw = (site / name).read_bytes()
        assert b"<script" not in raw, name
        entry = {e.link: e for e in parse(site / name).entries}[BASE + STORM]
        value = entry.content[0].value if "content" in entry else entry.description
        assert value == expected, name


def test_summary_mode_gives_summaries_and_no_content(make_site) -> None:
    root = make_site(FILES, TOML + '[feeds]\ncontent = "summary"\n')
    build(root)
    atom = {e.link: e for e in parse(root / "output/feed.xml").entries}
    rss = {e.link: e for e in parse(root / "output/rss.xml").entries}
    assert not any("content" in e for e in atom.values())
    assert atom[BASE + FESTIVAL].summary == "A short & plain summary."
    assert rss[BASE + FESTIVAL].description == "A short &amp; plain summary."
    assert atom[BASE + BUDGET].summary == "See the economy and or elsewhere and a host."


def test_entries_name_author_categories_and_language(site: Path) -> None:
    atom = {e.link: e for e in parse(site / "feed.xml").entries}
    assert {url: atom[BASE + url].author for url in (BUDGET, STORM, STRIKE)} == {
        BUDGET: "Ann Writer", STORM: "Harbour Wire", STRIKE: "Test Media"}
    assert [t.term for t in atom[BASE + BUDGET].tags] == ["Economy", "Politics"]
    rss = {e.link: e for e in parse(site / "rss.xml").entries}
    assert [t.term for t in rss[BASE + STRIKE].tags] == ["Transport", "Economy"]
    assert rss[BASE + STORM].author == "Harbour Wire"
    langs = {e.findtext(f"{ATOM}id"): e.get("{http://www.w3.org/XML/1998/namespace}lang")
             for e in ET.parse(site / "feed.xml").getroot().iter(f"{ATOM}entry")}
    assert langs == {BASE + FESTIVAL: "fr", BASE + STRIKE: None, BASE + STORM: None,
                     BASE + BUDGET: None}


def test_an_empty_site_has_empty_feeds_dated_at_the_build_time(
        make_site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")
    root = make_site({}, TOML)
    build(root)
    atom = parse(root / "output/feed.xml")
    assert not atom.bozo and atom.entries == []
    assert ET.parse(root / "output/feed.xml").getroot().findtext(
        f"{ATOM}updated") == "2025-01-01T00:00:00+00:00"
    assert not parse(root / "output/rss.xml").bozo


def test_control_characters_do_not_break_a_feed(make_site) -> None:
    root = make_site({"content/a.md": article_md("Odd", "2024-02-20", "Form\x0cfeed\x0b.")},
                     TOML)
    build(root)
    atom, rss = parse(root / "output/feed.xml"), parse(root / "output/rss.xml")
    assert not atom.bozo and not rss.bozo
    assert atom.entries[0].content[0].value == rss.entries[0].description == "<p>Formfeed.</p>"


class FeedLinks(HTMLParser):
    """Collect the hrefs of <link rel="alternate"> feed advertisements."""

    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[tuple[str | None, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate":
            self.feeds.append((a.get("type"), a.get("href")))


def advertised(page: Path) -> list[tuple[str | None, str | None]]:
    parser = FeedLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.feeds


def test_pages_advertise_feeds_that_exist(site: Path) -> None:
    atom, rss, json = "application/atom+xml", "application/rss+xml", "application/feed+json"
    assert advertised(site / "index.html") == [(atom, "/feed.xml"), (rss, "/rss.xml"),
                                               (json, "/feed.json")]
    assert advertised(site / "tags/economy/index.html") == [
        (atom, "/feed.xml"), (rss, "/rss.xml"), (json, "/feed.json"),
        (atom, "/tags/economy/feed.xml"), (json, "/tags/economy/feed.json")]
    assert advertised(site / "sources/harbour-wire/index.html")[-2] == (
        atom, "/sources/harbour-wire/feed.xml")
    for page in site.rglob("*.html"):
        for _, href in advertised(page):
            assert href and (site / href.lstrip("/")).is_file(), (page, href)


def test_every_feed_of_the_example_site_parses_without_errors(tmp_path: Path) -> None:
    output = tmp_path / "example"
    build(REPO, BuildOptions(output=output))
    feeds = sorted(p for p in output.rglob("*.xml") if "sitemap" not in p.name)
    assert len(feeds) > 10
    for path in feeds:
        feed = parse(path)
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.entries, path
        assert all(e.link.startswith("https://news.example.org/") for e in feed.entries), path


def test_groups_sharing_a_url_are_reported_once_not_again_for_their_feeds(make_site) -> None:
    toml = TOML + '[permalinks]\ntag = "/topics/{slug}/"\nsource = "/topics/{slug}/"\n'
    root = make_site({"content/a.md": article_md("A", "2024-01-01", tags="[Wire]",
                                                 source="Wire")}, toml)
    with pytest.raises(SiteError) as error:
        build(root)
    assert [p.message for p in error.value.problems] == [
        "2 pages would be written to output/topics/wire/index.html: tag 'Wire'; source 'Wire'"]


def test_categories_are_spelled_as_on_the_tag_page(make_site) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-01-01", tags="[harbour]"),
                      "content/b.md": article_md("B", "2024-01-02", tags="[Harbour, Sea]"),
                      "content/c.md": article_md("C", "2024-01-03", tags="[Harbour]")}, TOML)
    build(root)
    for name in ("feed.xml", "rss.xml", "tags/harbour/feed.xml"):
        entries = parse(root / "output" / name).entries
        assert [[t.term for t in e.tags] for e in entries] == [
            ["Harbour"], ["Harbour", "Sea"], ["Harbour"]], name


def test_entries_past_the_budget_are_made_again_the_same(make_site, monkeypatch) -> None:
    """A worker keeps the feed entries it made for the other feeds an article is in, up to
    a budget of bytes; past it they are let go and made again, the same (with a budget of
    one byte, every entry of every feed is made anew)."""
    from generator.outputs.feeds import PerArticle

    root = make_site(FILES, TOML)
    kept, tight = root.parent / "kept", root.parent / "tight"
    build(root, BuildOptions(output=kept))
    monkeypatch.setattr(PerArticle, "BUDGET", 1)
    build(root, BuildOptions(output=tight))
    feeds = [*FEEDS, "feed.json", "tags/economy/feed.json"]
    assert all((kept / name).is_file() for name in feeds)
    assert {name: (tight / name).read_bytes() for name in feeds} == {
        name: (kept / name).read_bytes() for name in feeds}


def test_the_entries_kept_stay_within_the_budget() -> None:
    from types import SimpleNamespace

    from generator.outputs.feeds import PerArticle

    made: list[str] = []

    def make(article, bodies) -> bytes:  # type: ignore[no-untyped-def]
        made.append(article.url)
        return b"x" * 40

    cache = PerArticle(SimpleNamespace(feeds=SimpleNamespace(content="full")), make)  # type: ignore[arg-type]
    cache.BUDGET = 100
    bodies = SimpleNamespace(generation=0, noted=lambda article: None)
    for url in ["/a/", "/b/", "/a/", "/c/", "/a/", "/b/"]:
        assert cache.get(SimpleNamespace(url=url), bodies) == b"x" * 40  # type: ignore[arg-type]
        assert cache.size <= 100 and cache.size == 40 * len(cache.done)
    # /a/ and /b/ fit; /c/ let them go; /a/ again fits beside it; /b/ lets both go.
    assert made == ["/a/", "/b/", "/c/", "/a/", "/b/"]

"""The newsroom's article in built sites: authors, corrections, withdrawals, the time of
day, JSON feeds, the Google News sitemap index and "on this day"."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import feedparser
import pytest
from conftest import article_md, run_cli, write_tree

from generator.build import BuildOptions, build
from generator.errors import SiteError

EPOCH = "1735689600"  # 2025-01-01T00:00:00Z
BASE = "https://test.example"
TOML = ('title = "Test Times"\nbase_url = "https://test.example/"\n'
        'timezone = "Europe/Paris"\nper_page = 2\n')
AUTHORS_TOML = '''["Jane Doe"]
bio = "Covers the harbour."
url = "https://jane.example/"
same_as = ["https://social.example/@jane", "https://jane.example/"]
'''
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

TWO = "/2024/02/21/docks-reopen/"
CORRECTED = "/2024/02/20/budget-passes/"
WITHDRAWN = "/2024/02/19/quarry-approved/"
EXPIRED = "/2023/02/19/ferry-timetable/"
WIRE_URL = "/2024/02/22/storm-closes-rail/"

FILES = {
    "authors.toml": AUTHORS_TOML,
    "content/two.md": article_md("Docks reopen", "2024-02-21T14:05:00+01:00", "Cranes moved.",
                                 authors="[Jane Doe, John Roe]", tags="[Port]",
                                 source='"Harbour Wire"'),
    "content/corrected.md": (
        "---\ntitle: Budget passes\ndate: 2024-02-20\nauthor: Jane Doe\ntags: [Port]\n"
        "updated: 2024-02-21\ncorrections:\n"
        "  - {date: 2024-03-02T09:00:00+01:00, text: The vote was 88 to 84.}\n"
        "  - {date: 2024-02-25, text: An earlier version misspelt the minister's name.}\n"
        "---\n\nThe budget passed.\n"),
    "content/withdrawn.md": (
        "---\ntitle: Quarry approved\ndate: 2024-02-19\ntags: [Port]\nauthor: John Roe\n"
        "aliases: [/old/quarry/]\nstatus: withdrawn\n"
        "withdrawn_note: The vote had been postponed, not held.\n---\n\nThe quarry grows.\n"),
    "content/expired.md": article_md("Ferry timetable", "2023-02-19", "Boats at six.",
                                     tags="[Port]", expires="2024-06-01"),
    "content/later.md": article_md("Ferry fares", "2023-02-18", "Fares rise.",
                                   expires="2031-01-01"),
    "content/storm.txt": ("| 22 February 2024, Thursday |\n\nStorm closes rail\n\n"
                          "The line closed.\n\n  \u2022 Harbour Wire\n"),
    "content/leap.md": article_md("Leap day fair", "2020-02-29", "A fair."),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("newsroom"), {"site.toml": TOML, **FILES})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        build(root)
    return root / "output"


def page(site: Path, url: str) -> str:
    return (site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


def json_ld(html: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


# --- authors ----------------------------------------------------------------------------------


def test_the_byline_links_every_author_to_their_page(site: Path) -> None:
    html = page(site, TWO)
    assert ('By <a class="byline__name" href="/authors/jane-doe/"><bdi>Jane Doe</bdi></a> and '
            '<a class="byline__name" href="/authors/john-roe/"><bdi>John Roe</bdi></a>') in html


def test_authors_json_ld_is_an_array_of_people_with_url_and_same_as(site: Path) -> None:
    authors = json_ld(page(site, TWO))["author"]
    assert authors == [
        {"@type": "Person", "name": "Jane Doe", "url": f"{BASE}/authors/jane-doe/",
         "sameAs": ["https://jane.example/", "https://social.example/@jane"],
         "description": "Covers the harbour."},
        {"@type": "Person", "name": "John Roe", "url": f"{BASE}/authors/john-roe/"}]


def test_a_story_without_an_author_keeps_its_source_as_an_organization(site: Path) -> None:
    data = json_ld(page(site, WIRE_URL))
    assert data["author"] == {"@type": "Organization", "name": "Harbour Wire"}


def test_the_author_index_and_pages_list_their_stories_with_feeds(site: Path) -> None:
    index = page(site, "/authors/")
    assert '<a href="/authors/jane-doe/">' in index and '<a href="/authors/john-roe/">' in index
    jane = page(site, "/authors/jane-doe/")
    assert "Covers the harbour." in jane and 'href="https://jane.example/" rel="me"' in jane
    assert 'href="/authors/jane-doe/feed.json"' in jane
    # Two stories at two a page: one page; the withdrawn story of John Roe is on none.
    assert jane.count('class="story__headline"') == 2
    john = page(site, "/authors/john-roe/")
    assert "Quarry approved" not in john and "Docks reopen" in john
    feed = feedparser.parse((site / "authors/jane-doe/feed.xml").read_bytes())
    assert not feed.bozo and [e.link for e in feed.entries] == [BASE + TWO, BASE + CORRECTED]
    assert feed.feed.title == "Author: Jane Doe · Test Times"


def test_atom_entries_name_each_author_with_their_page(site: Path) -> None:
    root = ET.parse(site / "feed.xml").getroot()
    entry = next(e for e in root.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}id") == BASE + TWO)
    assert [(a.findtext(f"{ATOM}name"), a.findtext(f"{ATOM}uri"))
            for a in entry.findall(f"{ATOM}author")] == [
        ("Jane Doe", f"{BASE}/authors/jane-doe/"), ("John Roe", f"{BASE}/authors/john-roe/")]


def test_a_mistake_in_authors_toml_names_its_line(make_site) -> None:
    root = make_site({"authors.toml": '["Jane Doe"]\nbio = "x"\nsameas = ["https://a/"]\n'
                                      '\n["John Roe"]\nurl = "jane.example"\n',
                      "content/a.md": article_md("A", "2024-01-01", author="Jane Doe")})
    with pytest.raises(SiteError) as caught:
        build(root)
    assert [str(p) for p in caught.value.problems] == [
        "authors.toml:3: unknown key 'sameas' for 'Jane Doe' (did you mean 'same_as'?)",
        "authors.toml:6: 'url' of 'John Roe' must be an http(s) URL "
        '(url = "https://example.org/about/")']


# --- corrections --------------------------------------------------------------------------------


def test_a_correction_shows_a_dated_notice_on_the_page(site: Path) -> None:
    html = page(site, CORRECTED)
    notices = [(when, day, unescape(text)) for when, day, text in re.findall(
        r'<li><time datetime="([^"]+)">([^<]+)</time>: ([^<]+)</li>', html)]
    assert notices == [
        ("2024-03-02T09:00:00+01:00", "2 March 2024", "The vote was 88 to 84."),
        ("2024-02-25T00:00:00+01:00", "25 February 2024",
         "An earlier version misspelt the minister's name.")]


def test_a_correction_sets_json_ld_correction_and_date_modified(site: Path) -> None:
    data = json_ld(page(site, CORRECTED))
    assert data["dateModified"] == "2024-03-02T09:00:00+01:00"
    assert data["correction"] == [
        {"@type": "CorrectionComment", "text": "The vote was 88 to 84.",
         "datePublished": "2024-03-02T09:00:00+01:00"},
        {"@type": "CorrectionComment", "text": "An earlier version misspelt the minister's "
         "name.", "datePublished": "2024-02-25T00:00:00+01:00"}]


def test_a_correction_sets_the_feeds_updated(site: Path) -> None:
    root = ET.parse(site / "feed.xml").getroot()
    updated = {e.findtext(f"{ATOM}id"): e.findtext(f"{ATOM}updated")
               for e in root.iter(f"{ATOM}entry")}
    assert updated[BASE + CORRECTED] == "2024-03-02T09:00:00+01:00"
    items = json.loads((site / "feed.json").read_text())["items"]
    assert {i["url"]: i["date_modified"] for i in items}[BASE + CORRECTED] == (
        "2024-03-02T09:00:00+01:00")


def test_the_corrections_page_and_feed_list_corrections_newest_first(site: Path) -> None:
    html = page(site, "/corrections/")
    assert f'<a href="{CORRECTED}#corrections">Budget passes</a>' in html
    assert html.index("88 to 84") < html.index("misspelt")
    feed = feedparser.parse((site / "corrections/feed.xml").read_bytes())
    assert not feed.bozo
    assert [(e.title, e.summary) for e in feed.entries] == [
        ("Correction: Budget passes", "The vote was 88 to 84."),
        ("Correction: Budget passes", "An earlier version misspelt the minister's name.")]
    assert feed.entries[0].link == BASE + CORRECTED


def test_a_correction_without_text_is_an_error_naming_the_file(make_site) -> None:
    root = make_site({"content/a.md": "---\ntitle: A\ndate: 2024-01-01\ncorrections:\n"
                                      "  - {date: 2024-01-02}\n---\n\nText.\n"})
    with pytest.raises(SiteError) as caught:
        build(root)
    assert [str(p) for p in caught.value.problems] == [
        "content/a.md:4: correction 1 has no text (for example corrections: "
        '[{date: 2024-03-02, text: "An earlier version ..."}])']


# --- withdrawals --------------------------------------------------------------------------------


def test_a_withdrawn_story_keeps_a_noindex_notice_at_its_url(site: Path) -> None:
    html = page(site, WITHDRAWN)
    assert '<meta name="robots" content="noindex">' in html
    assert "Quarry approved" in html and "The vote had been postponed, not held." in html
    assert "19 February 2024" in html
    assert "The quarry grows." not in html and "application/ld+json" not in html
    assert WITHDRAWN in (site / "old/quarry/index.html").read_text()


def test_an_expired_story_is_withdrawn_and_one_not_yet_expired_is_not(site: Path) -> None:
    assert "This story is no longer available." in page(site, EXPIRED)
    assert "Fares rise." in page(site, "/2023/02/18/ferry-fares/")


def test_withdrawn_stories_are_in_no_list_feed_sitemap_or_related_list(site: Path) -> None:
    everything = [p for p in site.rglob("*") if p.is_file() and p.suffix in (
        ".html", ".xml", ".json") and p.parent.name not in ("quarry-approved",
                                                            "ferry-timetable", "quarry")]
    for path in everything:
        text = path.read_text(encoding="utf-8")
        assert WITHDRAWN not in text and EXPIRED not in text, path
        assert "Quarry approved" not in text and "Ferry timetable" not in text, path


def test_the_build_summary_counts_withdrawn_stories(site: Path) -> None:
    done = run_cli("build", "--site", site.parent, env={"SOURCE_DATE_EPOCH": EPOCH})
    assert done.stdout.startswith("Up to date: 5 articles (2 withdrawn), "), done.stdout


def test_a_story_expires_by_itself_at_the_next_build(make_site, monkeypatch) -> None:
    root = make_site({"content/a.md": article_md("Offer", "2024-01-01", expires="2024-06-01")})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714521600")  # 2024-05-01
    assert build(root).withdrawn == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719792000")  # 2024-07-01
    again = build(root)
    assert (again.up_to_date, again.withdrawn, again.articles) == (False, 1, 0)


def test_an_unknown_status_is_an_error_naming_the_line(make_site) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-01-01", status="retracted")})
    with pytest.raises(SiteError) as caught:
        build(root)
    assert [str(p) for p in caught.value.problems] == [
        "content/a.md:4: 'status' must be published, withdrawn or draft, not 'retracted' "
        "(withdraw a story with status: withdrawn and a withdrawn_note)"]


# --- the time of day ----------------------------------------------------------------------------


def test_a_time_given_is_shown_in_the_site_timezone_with_its_zone(site: Path) -> None:
    html = page(site, TWO)
    assert ('<time datetime="2024-02-21T14:05:00+01:00" data-pagefind-filter="year:2024">'
            '<bdi data-pagefind-meta="date">21 February 2024, 14:05 CET</bdi></time>') in html \
        or '<bdi>21 February 2024, 14:05 CET</bdi>' in html
    assert "21 February 2024, 14:05 CET" in page(site, "/tags/port/")


def test_a_date_alone_and_a_wire_story_show_no_time(site: Path) -> None:
    for url in (WIRE_URL, CORRECTED):
        html = page(site, url)
        dateline = re.search(r'<p class="dateline".*?</p>', html, re.S)
        assert dateline is not None and ":" not in re.sub(r"<[^>]+>|\w+=\"[^\"]*\"", "",
                                                          dateline.group(0)), url
    assert "22 February 2024</bdi>" in page(site, "/sources/harbour-wire/")


def test_the_time_is_converted_to_the_site_timezone(make_site) -> None:
    root = make_site({"content/a.md": article_md("A", "2024-07-01T12:00:00Z")},
                     TOML.replace("per_page = 2\n", ""))
    build(root)
    assert "1 July 2024, 14:00 CEST" in (root / "output/2024/07/01/a/index.html").read_text()


# --- JSON feeds, the news sitemap, "on this day" ---------------------------------------------


def test_json_feeds_are_written_beside_each_atom_feed(site: Path) -> None:
    atom = {p.with_name("feed.json") for p in site.rglob("feed.xml")
            if p.parent.name != "corrections"}
    assert atom == set(site.rglob("feed.json"))
    data = json.loads((site / "feed.json").read_text())
    assert (data["version"], data["home_page_url"], data["feed_url"]) == (
        "https://jsonfeed.org/version/1.1", BASE + "/", BASE + "/feed.json")
    first = data["items"][0]
    assert first["url"] == BASE + WIRE_URL and first["id"] == first["url"]
    assert first["content_html"] == "<p>The line closed.</p>\n"
    assert first["date_published"] == "2024-02-22T00:00:00+01:00"
    assert [i["url"] for i in data["items"]] == [
        BASE + u for u in (WIRE_URL, TWO, CORRECTED, "/2023/02/18/ferry-fares/",
                           "/2020/02/29/leap-day-fair/")]
    two = data["items"][1]
    assert two["authors"] == [{"name": "Jane Doe", "url": f"{BASE}/authors/jane-doe/"},
                              {"name": "John Roe", "url": f"{BASE}/authors/john-roe/"}]
    assert two["tags"] == ["Port"]


def test_pages_advertise_their_json_feeds(site: Path) -> None:
    assert ('<link rel="alternate" type="application/feed+json" title="Test Times (JSON Feed)"'
            ' href="/feed.json">') in page(site, "/")
    assert 'type="application/feed+json" title="Tag: Port (JSON Feed)" ' \
           'href="/tags/port/feed.json"' in page(site, "/tags/port/")


def test_the_news_sitemap_is_split_into_files_of_1000_under_an_index(
        make_site, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {f"content/s{n}.md": article_md(f"Story {n}", f"2024-12-31T{n // 120:02d}:"
                                            f"{n % 60:02d}:{n % 2:02d}Z") for n in range(2100)}
    root = make_site(files, TOML + "[sitemap]\nnews_days = 2\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    build(root, BuildOptions(jobs=1))
    index = ET.parse(root / "output/news-sitemap.xml").getroot()
    assert index.tag == SITEMAP + "sitemapindex"
    parts = [loc.text for loc in index.iter(SITEMAP + "loc")]
    assert parts == [f"{BASE}/news-sitemap-{n}.xml" for n in (1, 2, 3)]
    sizes = [len(ET.parse(root / f"output/news-sitemap-{n}.xml").getroot()) for n in (1, 2, 3)]
    assert sizes == [1000, 1000, 100]


def test_on_this_day_has_366_pages_newest_year_first(site: Path) -> None:
    days = sorted(p.parent.name for p in (site / "on-this-day").glob("*/index.html"))
    assert len(days) == 366 and days[0] == "01-01" and "02-29" in days and days[-1] == "12-31"
    leap = page(site, "/on-this-day/02-29/")
    assert "Leap day fair" in leap
    nineteenth = page(site, "/on-this-day/02-18/")
    assert "Ferry fares" in nineteenth
    twentieth = page(site, "/on-this-day/02-20/")
    assert "Budget passes" in twentieth
    empty = page(site, "/on-this-day/08-15/")
    assert "No stories from this day yet." in empty


def test_on_this_day_lists_years_newest_first(make_site) -> None:
    root = make_site({f"content/{year}.md": article_md(f"Harbour day {year}", f"{year}-06-01")
                      for year in (2019, 2023, 2021)})
    build(root)
    html = (root / "output/on-this-day/06-01/index.html").read_text()
    years = re.findall(r'<h2 class="year-group__title" id="year-(\d+)">', html)
    assert years == ["2023", "2021", "2019"]


def test_the_on_this_day_index_jumps_to_today_unless_asked_for_the_calendar(
        site: Path) -> None:
    html = page(site, "/on-this-day/")
    assert "location.replace(" in html and "if (location.hash) return;" in html
    assert len(re.findall(r'<li><a href="/on-this-day/\d\d-\d\d/"', html)) == 366


# --- the example archive -----------------------------------------------------------------------


def test_the_example_archive_shows_each_of_these(example_site: Path) -> None:
    ferry = page(example_site, "/2025/03/31/electric-ferries-enter-service-on-the-moss-estuary/")
    assert '<span class="lead-figure__credit">Photo by Ines Calder / Estuary Chronicle</span>' \
        in ferry
    assert "31 March 2025, 07:45 BST" in ferry
    grants = page(example_site, "/2025/06/05/heat-pump-grants-oversubscribed-within-days/")
    assert 'href="/authors/jonas-eklund/"' in grants and 'href="/authors/lena-vasquez/"' in grants
    assert "Transport correspondent" in page(example_site, "/authors/lena-vasquez/")
    budget = page(example_site, "/2024/12/10/budget-2025-passes/")
    assert 'id="corrections"' in budget
    withdrawn = page(example_site, "/2024/05/02/council-approves-quarry-expansion-at-hollin-edge/")
    assert '<meta name="robots" content="noindex">' in withdrawn
    # Search is on in the example: Pagefind indexes only what is inside data-pagefind-body.
    assert "data-pagefind-body" in ferry and "data-pagefind-body" not in withdrawn


def test_an_author_with_more_stories_than_a_page_gets_numbered_pages(make_site) -> None:
    root = make_site({f"content/s{day}.md": article_md(f"Tide report {day}", f"2024-05-0{day}",
                                                        author="Jane Doe")
                      for day in range(1, 6)}, TOML)
    build(root)
    out = root / "output"
    first = (out / "authors/jane-doe/index.html").read_text(encoding="utf-8")
    third = (out / "authors/jane-doe/page/3/index.html").read_text(encoding="utf-8")
    assert re.findall(r"Tide report \d", first) == ["Tide report 5", "Tide report 4"]
    assert 'href="/authors/jane-doe/page/2/"' in first
    assert re.findall(r"Tide report \d", third) == ["Tide report 1"]
    assert not (out / "authors/jane-doe/page/4").exists()


@pytest.mark.parametrize(("corrections", "modified"), [
    ("", "2024-02-21T00:00:00+01:00"),
    ("corrections:\n  - {date: 2024-02-20T18:00:00+01:00, text: A name was misspelt.}\n",
     "2024-02-21T00:00:00+01:00"),
])
def test_date_modified_is_updated_unless_a_correction_is_later(make_site, corrections: str,
                                                               modified: str) -> None:
    root = make_site({"content/a.md": "---\ntitle: Budget passes\ndate: 2024-02-20\n"
                      f"updated: 2024-02-21\n{corrections}---\n\nThe budget passed.\n"}, TOML)
    build(root)
    assert json_ld(page(root / "output", CORRECTED))["dateModified"] == modified


def test_on_this_day_pages_are_the_same_whatever_day_the_build_runs(make_site,
                                                                    monkeypatch) -> None:
    root = make_site({f"content/{year}.md": article_md(f"Harbour day {year}", f"{year}-06-01")
                      for year in (2019, 2021)}, TOML)
    days = []
    for epoch in ("1735689600", "1751328000"):  # 1 January and 1 July 2025
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        build(root, BuildOptions(incremental=False))
        days.append({p.relative_to(root): p.read_bytes()
                     for p in sorted((root / "output/on-this-day").rglob("*")) if p.is_file()})
    assert len(days[0]) > 366 and days[0] == days[1]

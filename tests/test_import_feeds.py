"""`import` of RSS 2.0 and Atom feeds: each field, text kept as text, unsafe XML refused."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.readers.importers.exports import read_export
from generator.readers.importers.feeds import read_feed
from generator.readers.importers.posts import ImportedPost, SiteInfo, post_to_markdown
from generator.readers.importers.writing import write_posts

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
RSS = FIXTURES / "rss.xml"
ATOM = FIXTURES / "atom.xml"
TORONTO = ZoneInfo("America/Toronto")


def entries(path: Path) -> dict[str, ImportedPost]:
    return {post.title: post for post in read_feed(path, TORONTO).posts}


def read_text(tmp_path: Path, text: str) -> tuple[list[ImportedPost], list[str]]:
    path = tmp_path / "feed.xml"
    path.write_text(text, encoding="utf-8")
    result = read_export(path, TORONTO, label="feed.xml")
    return result.posts, [str(p) for p in result.problems]


def rss(items: str) -> str:
    return ('<?xml version="1.0"?>\n<rss version="2.0">\n<channel><title>T</title>\n'
            f"{items}</channel>\n</rss>\n")


def atom(entry: str) -> str:
    return ('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"<title>T</title>\n{entry}</feed>\n")


def at(*args: int, hours: int) -> datetime:
    return datetime(*args, tzinfo=timezone(timedelta(hours=hours)))


def test_an_rss_item_with_content_encoded_becomes_this_markdown_file() -> None:
    post = entries(RSS)["Ice fishing season cut short by warm spell"]
    assert post_to_markdown(post) == """\
---
title: Ice fishing season cut short by warm spell
date: 2024-03-08 12:15:00-05:00
author: Ana Ruiz
tags:
- Outdoors
- Weather
summary: Rangers closed the ice a week early. Read more
slug: ice-fishing-season-cut-short
aliases:
- /2024/03/08/ice-fishing-season-cut-short/
---

<p>Rangers closed the lake ice to anglers on Friday, a week earlier than planned.</p>

<p>The thaw left <em>soft patches</em> near the inlet, they said.</p>
"""


def test_the_channel_is_the_site_info() -> None:
    assert read_feed(RSS, TORONTO).info == SiteInfo(
        "rss", "2.0", "Lakeside Times", "News from around the lake & the hills", "en-US",
        "https://times.example.com")
    assert read_feed(ATOM, TORONTO).info == SiteInfo(
        "atom", "1.0", "Northern Wire", "Short reports from the north shore", "en-CA",
        "https://wire.example.ca/")


def test_without_content_encoded_the_description_is_the_body() -> None:
    post = entries(RSS)["Ferry timetable changes & new fares"]
    assert post.body_html == "<p>The summer timetable starts on <strong>1 May</strong>.</p>"
    assert post.summary == ""
    assert post.author == "The Desk"  # from 'desk@times.example.com (The Desk)'
    assert post.date == at(2024, 3, 1, 4, 0, hours=-5)  # 09:00 GMT in Toronto


def test_an_rss_date_without_an_offset_is_in_the_site_timezone(tmp_path: Path) -> None:
    found, problems = read_text(tmp_path, rss(
        "<item><title>A</title><pubDate>Mon, 15 Jul 2024 08:00:00 -0000</pubDate></item>\n"))
    assert (found[0].date, problems) == (at(2024, 7, 15, 8, 0, hours=-4), [])


def test_an_atom_entry_with_xhtml_content_becomes_this_markdown_file() -> None:
    post = entries(ATOM)["Snowplough crews double shifts"]
    assert post_to_markdown(post) == """\
---
title: Snowplough crews double shifts
date: 2024-02-19 07:30:00-05:00
updated: 2024-02-19 11:00:00-05:00
author: Lise Tremblay
tags:
- Weather
- roads
summary: Crews work around the clock after the storm.
slug: snowplough-crews-double-shifts
aliases:
- /2024/02/snowplough-crews-double-shifts/
---

<p>The city put its snowplough crews on <strong>double shifts</strong> after Sunday's storm.</p>

<p>Side streets come next, <a href="https://wire.example.ca/roads/">the roads office</a> \
said.<br>Parking rules apply from 8 pm.</p>
"""


def test_atom_text_content_is_escaped_never_read_as_html() -> None:
    post = entries(ATOM)["Library extends hours: 5 < 7"]
    assert post.body_html == (
        "<p>The library opens until 7 pm, not 5: &lt;b&gt;staff&lt;/b&gt; &amp; volunteers "
        "agreed.</p>\n<p>*Starting Monday* at 1. Main Street.</p>")
    markdown = post_to_markdown(post)
    assert "<b>" not in markdown
    assert "title: 'Library extends hours: 5 < 7'" in markdown


def test_an_atom_entry_takes_the_feed_author_and_its_updated_date_when_unpublished() -> None:
    post = entries(ATOM)["Library extends hours: 5 < 7"]
    assert (post.author, post.date, post.updated) == (
        "Northern Wire desk", at(2024, 2, 20, 10, 45, hours=-5), None)
    assert post.aliases == ("/2024/02/library-extends-hours/",)  # a <link> without rel


def test_atom_html_content_is_html() -> None:
    post = entries(ATOM)["Harbour ice report"]
    assert post.body_html == ("<p>Ice covers the inner harbour.</p>\n"
                              "<ul><li>Outer basin: open water</li></ul>")


def test_atom_content_elsewhere_is_not_fetched_and_the_summary_stands_in(
        tmp_path: Path) -> None:
    found, problems = read_text(tmp_path, atom(
        '<entry><title>Far</title><updated>2024-01-01T00:00:00Z</updated>'
        '<summary>Short.</summary><content src="https://x.example/far.html"/></entry>\n'))
    assert found[0].body_html == "<p>Short.</p>"
    assert problems == ["feed.xml:4: warning: entry 'Far' has its content at "
                        "https://x.example/far.html, which is not fetched (its summary is "
                        "used as the body)"]


@pytest.mark.parametrize(("text", "message"), [
    (rss("<item><title>A</title></item>\n"),
     "feed.xml:4: an entry has no date (give it <pubDate> (RSS) or <published> (Atom))"),
    (rss("<item><title>A</title><pubDate>yesterday</pubDate></item>\n"),
     "feed.xml:4: date 'yesterday' cannot be read (RSS dates look like 'Thu, 14 Mar 2024 "
     "08:30:00 +0000', Atom dates like '2024-03-14T08:30:00Z')"),
    (atom("<entry><title>A</title><published>2024-13-01T00:00:00Z</published></entry>\n"),
     "feed.xml:4: date '2024-13-01T00:00:00Z' cannot be read (RSS dates look like 'Thu, 14 "
     "Mar 2024 08:30:00 +0000', Atom dates like '2024-03-14T08:30:00Z')"),
    ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
     "/>\n",
     "feed.xml:2: is not a feed: its root element is <rdf:RDF> (RSS 1.0 (RDF) is not read: "
     "export RSS 2.0 or Atom)"),
    ("<html><body>Not found</body></html>\n",
     "feed.xml:1: is not a feed: its root element is <html> (give an RSS 2.0 feed (<rss>), "
     "an Atom feed (<feed>) or a WordPress export)"),
])
def test_an_entry_that_cannot_be_dated_or_a_file_that_is_no_feed_is_named(
        tmp_path: Path, text: str, message: str) -> None:
    found, problems = read_text(tmp_path, text)
    assert (found, problems) == ([], [message])


def test_the_kind_of_file_is_told_by_its_root_element() -> None:
    assert read_export(RSS, TORONTO).info.kind == "rss"  # type: ignore[union-attr]
    assert read_export(ATOM, TORONTO).info.kind == "atom"  # type: ignore[union-attr]
    wordpress = Path(__file__).parent / "fixtures" / "wordpress" / "export-1.2.xml"
    assert read_export(wordpress, TORONTO).info.kind == "wordpress"  # type: ignore[union-attr]


def test_an_entity_bomb_in_a_feed_is_refused(tmp_path: Path) -> None:
    found, problems = read_text(tmp_path, (
        '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<feed>&b;</feed>\n'))
    assert (found, problems) == ([], [
        "feed.xml:2: declares the XML entity 'a', which is not read (exports and feeds "
        "declare no entities: remove the <!DOCTYPE ...> block, or export the file again)"])


def test_tags_are_deduplicated_in_any_letter_case() -> None:
    assert entries(RSS)["Ice fishing season cut short by warm spell"].tags == (
        "Outdoors", "Weather")


def test_an_untitled_item_is_titled_by_its_first_words(tmp_path: Path) -> None:
    found, problems = read_text(tmp_path, rss(
        "<item><description>Ferry runs late again</description>"
        "<pubDate>Mon, 15 Jul 2024 08:00:00 +0000</pubDate></item>\n"))
    assert found[0].title == "Ferry runs late again"
    assert problems == ["feed.xml:4: warning: an entry has no title: titled 'Ferry runs late "
                        "again' (edit 'title:' in the imported file)"]


def test_a_feed_imported_twice_writes_nothing_the_second_time(tmp_path: Path) -> None:
    first = write_posts(read_feed(ATOM, TORONTO).posts, tmp_path)
    assert first.summary() == "Wrote 3 file(s), 0 unchanged, refused 0."
    second = write_posts(read_feed(ATOM, TORONTO).posts, tmp_path)
    assert second.summary() == "Nothing written: all 3 file(s) are already up to date."

"""`import` of a WordPress export (WXR 1.1 and 1.2): each field, each status, the body."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.readers.importers.exports import read_export
from generator.readers.importers.posts import (
    Attachment,
    ImportedPost,
    SiteInfo,
    post_to_markdown,
    target_name,
)
from generator.readers.importers.shortcodes import captions_to_figures
from generator.readers.importers.wordpress import read_wxr
from generator.readers.importers.wpautop import wpautop
from generator.readers.importers.writing import write_posts

FIXTURES = Path(__file__).parent / "fixtures" / "wordpress"
WXR12 = FIXTURES / "export-1.2.xml"
WXR11 = FIXTURES / "export-1.1.xml"
PARIS = ZoneInfo("Europe/Paris")
UPLOADS = "https://courier.example.org/wp-content/uploads/2024/03/"


def posts(path: Path = WXR12, **options: bool) -> dict[str, ImportedPost]:
    return {post.title: post for post in read_wxr(path, PARIS, **options).posts}


def messages(path: Path = WXR12, **options: bool) -> list[str]:
    return [str(problem) for problem in read_wxr(path, PARIS, **options).problems]


def at(*args: int, hours: int) -> datetime:
    return datetime(*args, tzinfo=timezone(timedelta(hours=hours)))


def export(items: str, head: str = "") -> str:
    """Return a small WXR 1.2 export around `items`."""
    return (f'<?xml version="1.0" encoding="UTF-8" ?>\n{head}<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            f"<wp:wxr_version>1.2</wp:wxr_version>\n{items}</channel>\n</rss>\n")


def item(body: str = "Text.", status: str = "publish", title: str = "A story",
         creator: str = "someone") -> str:
    return (f"<item><title>{title}</title><dc:creator>{creator}</dc:creator>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded>"
            "<wp:post_id>1</wp:post_id><wp:post_date>2024-01-05 10:00:00</wp:post_date>"
            "<wp:post_date_gmt>2024-01-05 09:00:00</wp:post_date_gmt>"
            f"<wp:status>{status}</wp:status><wp:post_type>post</wp:post_type></item>\n")


def read_text(tmp_path: Path, text: str) -> tuple[list[ImportedPost], list[str]]:
    path = tmp_path / "export.xml"
    path.write_text(text, encoding="utf-8")
    result = read_wxr(path, PARIS, label="export.xml")
    return result.posts, [str(p) for p in result.problems]


def test_a_published_post_becomes_this_markdown_file() -> None:
    post = posts()["Ferries return to the north quay"]
    assert post_to_markdown(post) == f"""\
---
title: Ferries return to the north quay
date: 2024-03-14 09:30:00+01:00
updated: 2024-03-15 11:00:00+01:00
author: Maria Linden
tags:
- News
- Ports & Shipping
- Europe
- World
- Harbour
summary: The first ferry in six weeks arrived at dawn.
slug: ferries-return-to-the-north-quay
aliases:
- /2024/03/14/ferries-return-to-the-north-quay/
---

<p>The first ferry in six weeks tied up at the north quay just after dawn on Thursday.<br />
Crews had worked through the night to clear the berth.</p>

<figure id="attachment_201" class="wp-caption aligncenter"><a href="{UPLOADS}harbour-dawn.jpg">\
<img class="size-large wp-image-201" src="{UPLOADS}harbour-dawn-640x427.jpg" \
alt="The north quay at dawn" width="640" height="427" /></a><figcaption class="wp-caption-text">\
The north quay at dawn, with the <em>Morning Star</em> alongside</figcaption></figure>

<blockquote><p>We are open for business again.</p></blockquote>

<p>The harbour master said timetables would be back to normal by the weekend.</p>
"""


def test_the_site_title_description_and_language_are_read() -> None:
    assert read_wxr(WXR12, PARIS).info == SiteInfo(
        "wordpress", "1.2", "The Harbourton Courier", "News from the north quay since 1998",
        "en-GB", "https://courier.example.org")
    assert read_wxr(WXR11, PARIS).info == SiteInfo(
        "wordpress", "1.1", "Valley Gazette", "Weekly news for the upper valley", "en",
        "http://gazette.example.net")


def test_the_gmt_date_is_shown_in_the_site_timezone() -> None:
    post = posts()["Ferries return to the north quay"]
    assert post.date == at(2024, 3, 14, 9, 30, hours=1)
    assert post.date.utcoffset() == timedelta(hours=1)
    assert post.updated == at(2024, 3, 15, 11, 0, hours=1)


def test_a_draft_without_a_gmt_date_is_read_in_the_site_timezone() -> None:
    draft = posts()["Fish market to move indoors"]  # post_date_gmt 0000-00-00 00:00:00
    assert draft.date == at(2024, 4, 2, 16, 45, hours=2)  # Paris is on summer time then
    in_utc = read_wxr(WXR12, ZoneInfo("UTC")).posts
    assert next(p for p in in_utc if p.title == draft.title).date == at(2024, 4, 2, 16, 45,
                                                                         hours=0)


def test_a_timezone_unlike_the_exports_is_reported_once() -> None:
    problems = [str(p) for p in read_wxr(WXR12, ZoneInfo("UTC")).problems]
    assert problems[2] == (
        f"{WXR12}:74: warning: the export's local times are UTC+01:00, the site's timezone "
        "gives UTC+00:00 (set the timezone of the WordPress site (Settings → General): "
        "dates without a GMT date are read in it)")
    assert sum("local times" in p for p in problems) == 1
    assert not any("local times" in p for p in messages())


def test_draft_pending_and_private_become_drafts_and_future_stays_scheduled() -> None:
    found = posts()
    assert found["Fish market to move indoors"].draft  # draft
    assert found["Harbour bins to be emptied daily"].draft  # pending
    assert found["Corrections policy"].draft  # private
    scheduled = found["Tall ships festival opens"]
    assert (scheduled.draft, scheduled.scheduled) == (False, True)
    assert scheduled.date == at(2030, 7, 1, 9, 0, hours=2)
    assert "draft" not in post_to_markdown(scheduled)
    assert not found["Ferries return to the north quay"].draft


def test_a_trashed_post_is_left_out_with_a_note() -> None:
    assert "Test headline do not publish" not in posts()
    assert (f"{WXR12}:275: warning: post 'Test headline do not publish' is in WordPress's "
            "trash: not imported") in messages()


def test_a_post_behind_a_password_becomes_a_draft() -> None:
    post = posts(WXR11)["Parish council minutes, October"]
    assert post.draft
    assert (f"{WXR11}:73: warning: post 'Parish council minutes, October' had a password on "
            "WordPress: imported as a draft, so that it is not published to everyone"
            ) in messages(WXR11)


def test_pages_are_imported_only_when_asked() -> None:
    assert "About the Courier" not in posts()
    assert (f"{WXR12}: warning: 1 page(s) not imported (add --pages to import them)"
            in messages())
    page = posts(pages=True)["About the Courier"]
    assert (page.kind, page.slug, page.aliases) == ("page", "about", ("/about/",))
    assert not any("page(s)" in m for m in messages(pages=True))


def test_other_item_types_are_counted_not_imported() -> None:
    assert (f"{WXR12}: warning: 1 item(s) of type 'nav_menu_item' not imported (only posts "
            "and pages become articles)") in messages()


def test_tags_are_display_names_of_categories_with_their_parents_and_of_tags() -> None:
    found = posts()
    # 'Ports & Shipping' is in Europe, in World; the tag 'news' repeats the category 'News';
    # 'Uncategorized' is WordPress's placeholder.
    assert found["Ferries return to the north quay"].tags == (
        "News", "Ports & Shipping", "Europe", "World", "Harbour")
    assert found["Council approves the new sea wall"].tags == ("Council",)


def test_the_author_is_the_display_name_of_the_login(tmp_path: Path) -> None:
    assert posts()["Council approves the new sea wall"].author == "Tunde Okafor"
    found, _ = read_text(tmp_path, export(item(creator="ghost")))
    assert found[0].author == "ghost"  # no <wp:author> for it: the login is all there is


def test_the_excerpt_is_the_summary_as_text() -> None:
    assert posts()["Ferries return to the north quay"].summary == (
        "The first ferry in six weeks arrived at dawn.")
    assert posts()["Council approves the new sea wall"].summary == ""


def test_a_percent_encoded_slug_is_decoded_and_the_permalink_is_an_alias() -> None:
    post = posts()["Élection au quai sud : le décompte"]
    assert post.slug == "élection-quai-sud"
    assert post.aliases == ("/2024/03/19/élection-quai-sud/",)
    assert target_name(post, set()) == "2024/2024-03-19-election-quai-sud.md"


def test_a_draft_link_with_a_query_makes_no_alias_and_no_slug() -> None:
    draft = posts()["Fish market to move indoors"]  # its <link> is /?p=104
    assert (draft.aliases, draft.slug) == ((), "")
    assert target_name(draft, set()) == "2024/2024-04-02-fish-market-to-move-indoors.md"


def test_a_post_without_a_title_gets_its_first_words_and_a_note() -> None:
    post = posts()["Fog closed the harbour mouth for three hours…"]
    assert post.slug == "109"
    assert (f"{WXR12}:329: warning: post 109 has no title: titled 'Fog closed the harbour "
            "mouth for three hours…' (edit 'title:' in the imported file)") in messages()


def test_attachments_of_a_post_are_listed_with_the_featured_image_first() -> None:
    result = read_wxr(WXR12, PARIS)
    ferry = Attachment(f"{UPLOADS}ferry.jpg", "ferry.jpg", "ferry", featured=True)
    dawn = Attachment(f"{UPLOADS}harbour-dawn.jpg", "harbour-dawn.jpg", "harbour-dawn")
    plan = Attachment(f"{UPLOADS}sea-wall-plan.pdf", "sea-wall-plan.pdf", "sea-wall-plan")
    found = {post.title: post for post in result.posts}
    assert found["Ferries return to the north quay"].attachments == (ferry, dawn)
    assert found["Council approves the new sea wall"].attachments == (plan,)
    assert [a.file_name for a in result.attachments] == [
        "harbour-dawn.jpg", "ferry.jpg", "sea-wall-plan.pdf"]


def test_block_editor_posts_lose_their_block_comments_and_get_no_extra_breaks() -> None:
    assert posts()["Council approves the new sea wall"].body_html == (
        "<p>Councillors voted eleven to two on Monday evening to build a sea wall along the "
        "south beach.</p>\n\n"
        '<h3 class="wp-block-heading">What it will cost</h3>\n\n'
        "<p>The works are budgeted at 4.2 million and should start in the autumn.</p>\n\n"
        '[gallery ids="203,204" columns="2"]\n')


def test_the_first_other_shortcode_of_a_post_is_reported_with_its_line() -> None:
    assert (f'{WXR12}:151: warning: post \'Council approves the new sea wall\' keeps the '
            'shortcode [gallery ids="203,204" columns="2"] as text (line 14 of its body) '
            "(shortcodes are not run here: write the HTML it stood for)") in messages()
    assert (f"{WXR11}:52: warning: post 'Bridge closed for repairs until spring' keeps the "
            "shortcode [embed] as text (line 18 of its body) (shortcodes are not run here: "
            "write the HTML it stood for)") in messages(WXR11)


def test_one_note_per_post_counts_its_shortcodes_and_skips_bracketed_words(
        tmp_path: Path) -> None:
    body = "Officials [sic] said so.\\n\\n[audio src=a.mp3]\\n[video src=b.mp4][/video]"
    _, problems = read_text(tmp_path, export(item(body.replace("\\n", "\n"))))
    assert problems == ["export.xml:7: warning: post 'A story' keeps the shortcode "
                        "[audio src=a.mp3] as text (line 3 of its body, and 1 more) "
                        "(shortcodes are not run here: write the HTML it stood for)"]


def test_windows_line_ends_leave_no_carriage_return_and_pre_is_untouched() -> None:
    assert b"\r\n" in WXR11.read_bytes()
    post = posts(WXR11)["Bridge closed for repairs until spring"]
    assert "\r" not in post.body_html
    assert "<pre>CLOSED\n  to all vehicles\n\n  until further notice</pre>" in post.body_html
    assert "<!--more-->" not in post.body_html


@pytest.mark.parametrize(("shortcode", "figure"), [
    ('[caption id="attachment_7" align="alignleft" width="300"]<img src="a.jpg" /> A pier'
     "[/caption]",
     '<figure id="attachment_7" class="wp-caption alignleft"><img src="a.jpg" />'
     '<figcaption class="wp-caption-text">A pier</figcaption></figure>'),
    ('[caption align="aligncenter" caption="The old form"]<a href="b.jpg"><img src="b-1.jpg">'
     "</a>[/caption]",
     '<figure class="wp-caption aligncenter"><a href="b.jpg"><img src="b-1.jpg"></a>'
     '<figcaption class="wp-caption-text">The old form</figcaption></figure>'),
    ('[caption id="x" class="wide" width="9"]<img src="c.jpg"> Two <em>words</em>'
     "[/caption]",
     '<figure id="x" class="wp-caption wide"><img src="c.jpg"><figcaption '
     'class="wp-caption-text">Two <em>words</em></figcaption></figure>'),
    ('[caption width="10"]<img src="d.jpg">[/caption]', '<img src="d.jpg">'),
    ("[caption]no image here[/caption]", "no image here"),
    ('[caption id="&quot;><script>"]<img src="e.jpg"> E[/caption]',
     '<figure id="&amp;quot;&gt;&lt;script&gt;" class="wp-caption"><img src="e.jpg">'
     '<figcaption class="wp-caption-text">E</figcaption></figure>'),
])
def test_caption_shortcodes_become_figures(shortcode: str, figure: str) -> None:
    assert captions_to_figures(f"Before {shortcode} after") == f"Before {figure} after"


ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<rss><channel><title>&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;</title></channel></rss>
"""


def test_an_entity_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(ENTITY_BOMB)
    result = read_export(path, PARIS, label="bomb.xml")
    # Refused at the first declaration (line 3), before '&e;' could grow to gigabytes.
    assert (result.info, result.posts) == (None, [])
    assert [str(p) for p in result.problems] == [
        "bomb.xml:3: declares the XML entity 'a', which is not read (exports and feeds "
        "declare no entities: remove the <!DOCTYPE ...> block, or export the file again)"]


def test_an_external_entity_is_never_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    path = tmp_path / "outside.xml"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY x SYSTEM "{secret}">\n'
                    "]>\n<rss><channel><title>&x;</title></channel></rss>\n")
    result = read_export(path, PARIS, label="outside.xml")
    assert [str(p) for p in result.problems] == [
        "outside.xml:3: declares the XML entity 'x', which is not read (exports and feeds "
        "declare no entities: remove the <!DOCTYPE ...> block, or export the file again)"]


@pytest.mark.parametrize(("text", "message"), [
    (export(item("x")).replace("</item>", "", 1),
     "export.xml:6: is not well-formed XML: mismatched tag at column 3 (export the file "
     "again, or open it in an XML editor at that line)"),
    (export("<item><title>Caf&eacute; opens</title></item>\n"),
     "export.xml:5: is not well-formed XML: undefined entity at column 17 (HTML names such "
     "as &nbsp; are not XML: write &#160; or the character itself, or wrap the text in "
     "<![CDATA[ ]]>)"),
    (export(item("x")).split("<wp:status>")[0],
     "export.xml:5: is not well-formed XML: no element found at column 239 (the file ends too "
     "soon: check that the download or export finished)"),
    ("",
     "export.xml:1: is not well-formed XML: no element found at column 1 (the file ends too "
     "soon: check that the download or export finished)"),
    (export("<item><title>5 < 6</title></item>\n"),
     "export.xml:5: is not well-formed XML: not well-formed (invalid token) at column 17 (a "
     "stray '<' or '&', a control character or a wrong encoding; export the file again, or "
     "open it in an XML editor at that line)"),
])
def test_a_malformed_export_is_named_with_its_line(tmp_path: Path, text: str,
                                                   message: str) -> None:
    posts_found, problems = read_text(tmp_path, text)
    assert (posts_found, problems) == ([], [message])


def test_an_unknown_status_is_a_draft_and_a_dateless_post_an_error(tmp_path: Path) -> None:
    dateless = item(title="No date").replace("2024-01-05 10:00:00", "0000-00-00 00:00:00") \
        .replace("2024-01-05 09:00:00", "0000-00-00 00:00:00")
    found, problems = read_text(tmp_path, export(item(status="archived") + dateless))
    assert [(p.title, p.draft) for p in found] == [("A story", True)]
    assert problems == [
        "export.xml:5: warning: post 'A story' has the status 'archived': imported as a draft",
        "export.xml:6: post 'No date' has no date (give it a date in WordPress and export "
        "again)"]


def test_a_second_run_writes_nothing_and_says_so(tmp_path: Path) -> None:
    result = read_wxr(WXR12, PARIS)
    first = write_posts(result.posts, tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in first.written) == [
        "2024/2024-02-01-corrections-policy.md",
        "2024/2024-03-12-109.md",
        "2024/2024-03-14-ferries-return-to-the-north-quay.md",
        "2024/2024-03-18-council-approves-the-new-sea-wall.md",
        "2024/2024-03-19-election-quai-sud.md",
        "2024/2024-03-19-harbour-bins-to-be-emptied-daily.md",
        "2024/2024-04-02-fish-market-to-move-indoors.md",
        "2030/2030-07-01-tall-ships-festival-opens.md",
    ]
    assert first.summary() == "Wrote 8 file(s), 0 unchanged, refused 0."
    before = {p: p.stat().st_mtime_ns for p in first.written}
    second = write_posts(read_wxr(WXR12, PARIS).posts, tmp_path)
    assert (second.written, second.refused) == ([], [])
    assert sorted(second.unchanged) == sorted(first.written)
    assert second.summary() == "Nothing written: all 8 file(s) are already up to date."
    assert {p: p.stat().st_mtime_ns for p in first.written} == before


def test_an_edited_file_is_refused_unless_forced(tmp_path: Path) -> None:
    result = read_wxr(WXR12, PARIS)
    write_posts(result.posts, tmp_path)
    edited = tmp_path / "2024/2024-03-12-109.md"
    edited.write_text("my own edit\n")
    again = write_posts(result.posts, tmp_path)
    assert again.refused == [(edited, "it exists and differs (use --force to overwrite)")]
    assert again.summary() == "Wrote 0 file(s), 7 unchanged, refused 1."
    assert edited.read_text() == "my own edit\n"
    forced = write_posts(result.posts, tmp_path, force=True)
    assert forced.written == [edited]
    assert edited.read_text().startswith("---\ntitle: Fog closed")


def test_file_names_are_unique_in_a_run_whatever_their_letter_case() -> None:
    post = posts()["Corrections policy"]
    taken: set[str] = set()
    names = [target_name(post, taken) for _ in range(3)]
    shouted = ImportedPost(**{**{f: getattr(post, f) for f in post.__slots__},
                              "slug": "CORRECTIONS-Policy"})
    assert names == ["2024/2024-02-01-corrections-policy.md",
                     "2024/2024-02-01-corrections-policy-2.md",
                     "2024/2024-02-01-corrections-policy-3.md"]
    assert target_name(shouted, taken) == "2024/2024-02-01-corrections-policy-4.md"


@pytest.mark.parametrize(("text", "html"), [
    ("One\ntwo\n\nThree", "<p>One<br />\ntwo</p>\n<p>Three</p>\n"),
    ("a\r\n\r\nb", "<p>a</p>\n<p>b</p>\n"),
    ("one<br><br>two", "<p>one</p>\n<p>two</p>\n"),
    ("<div>x</div>\n\ntext", "<div>x</div>\n<p>text</p>\n"),
    ("<h2>Title</h2>\nText", "<h2>Title</h2>\n<p>Text</p>\n"),
    ("Text\n<hr>\nMore", "<p>Text</p>\n<hr>\n<p>More</p>\n"),
    ("<p>Already</p>\n<p>done</p>", "<p>Already</p>\n<p>done</p>\n"),
    ("<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"),
    ("<table><tr><td>1</td></tr></table>",
     "<table>\n<tr>\n<td>1</td>\n</tr>\n</table>\n"),
    ("<blockquote>Quote\n\nmore</blockquote>",
     "<blockquote><p>Quote</p>\n<p>more</p></blockquote>\n"),
    ("<pre>a\n\n  b\n</pre>\n\nafter", "<pre>a\n\n  b\n</pre>\n<p>after</p>\n"),
    ("<img\nsrc=x>\n\nok", "<p><img\nsrc=x></p>\n<p>ok</p>\n"),
    ("<script>a\nb</script>", "<p><script>a\nb</script></p>\n"),
    ("<figure><img src=a>\n<figcaption>Cap</figcaption>\n</figure>",
     "<figure><img src=a><figcaption>Cap</figcaption></figure>\n"),
    ("a\n\n\xa0\n\nb", "<p>a</p>\n<p>\xa0</p>\n<p>b</p>\n"),  # a spacer paragraph stays
    (" \n\t\n", ""),
])
def test_wpautop_makes_paragraphs_as_wordpress_does(text: str, html: str) -> None:
    assert wpautop(text) == html


def test_wpautop_without_br_keeps_single_line_breaks() -> None:
    assert wpautop("a\nb\n\nc", br=False) == "<p>a\nb</p>\n<p>c</p>\n"


PIECES = st.one_of(
    st.text(st.characters(blacklist_characters="<>&", blacklist_categories=("Cs",)),
            min_size=1, max_size=12),
    st.sampled_from(["\n", "\n\n", "\r\n", " ", "\t", "\xa0", "<p>", "</p>", "<div>",
                     "</div>", "<pre>", "</pre>", "<br>", "<br />", "<b>", "</b>",
                     "<blockquote>", "</blockquote>", "<ul>", "<li>", "</li>", "</ul>",
                     "<!-- note -->", '<img src="x.jpg">', "<hr>", "<script>", "</script>",
                     "<figure>", "<figcaption>", "</figcaption>", "<option>", "[gallery]"]),
)
# White space, and NUL: what PHP's trim() drops, as wpautop does from a post that holds
# nothing else (a NUL is never shown; the readers remove control characters anyway).
ASCII_SPACE = re.compile(r"[ \t\n\r\f\v\0]")


def visible(markup: str) -> str:
    """Return the characters of the text, without tags and ASCII white space."""
    return ASCII_SPACE.sub("", re.sub(r"<[^>]*>", "", markup))


@given(st.lists(PIECES, max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_wpautop_never_loses_a_character_of_text(text: str) -> None:
    assert visible(wpautop(text)) == visible(text)


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_wpautop_never_raises(text: str) -> None:
    assert isinstance(wpautop(text), str)

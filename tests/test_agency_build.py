"""Agency files in content/ (IPTC ninjs, NewsML-G2, NITF) built into pages, and imported."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import files_of, jpeg_bytes, run_cli
from test_incremental import rebuild_and_compare

from generator.build import BuildOptions, build
from generator.errors import SiteError
from generator.readers.importers.batch import import_paths

FIXTURES = Path(__file__).parent / "fixtures" / "agency"
TOML = 'title = "Wire Desk"\nbase_url = "https://desk.example/"\ntimezone = "UTC"\n'
AFTER_ALL = "1735689600"  # 2025-01-01, after every fixture's date and embargo


def site(root: Path, *names: str, toml: str = TOML, **extra: bytes | str) -> Path:
    """Write a site whose content/ holds these fixtures (and `extra` files by name)."""
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(toml, encoding="utf-8")
    for name in names:
        shutil.copy(FIXTURES / name, root / "content" / name)
    for name, data in extra.items():
        target = root / "content" / name.replace("__", "/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return root


def page(root: Path, url: str) -> str:
    return (root / "output" / url.strip("/") / "index.html").read_text(encoding="utf-8")


def story(html: str) -> str:
    """The story's words as a reader sees them: tags gone, whitespace collapsed."""
    found = re.search(r'<article class="story-page".*?</article>', html, re.DOTALL)
    assert found is not None
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(0)).split())


@pytest.fixture(autouse=True)
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AFTER_ALL)


# (fixture, URL, headline, date shown, byline, a tag, words of the body)
ITEMS = [
    ("ninjs1-text.json", "/2024/03/05/chile-ferries/",
     "Harbour ferries resume after three-day strike", "5 March 2024, 07:40 UTC",
     "By Ana Ruiz and Tom Berg", "labour dispute", "The first boat left at dawn."),
    ("ninjs2-text.json", "/2024/03/06/bergbahn/", "Neue Bergbahn soll 2026 fahren",
     "6 March 2024, 08:30 UTC", "By Lena Vogt", "Verkehr",
     "Die neue Bergbahn soll im Herbst 2026 den Betrieb aufnehmen."),
    ("ninjs3-text.json", "/2024/03/07/bibliotek/", "Biblioteket i Visby öppnar igen",
     "7 March 2024, 09:00 UTC", "By Per Ek", "Bibliotek",
     "Efter två år av renovering öppnar biblioteket i"),
    ("ninjs3-collection.json", "/2024/03/08/coastal-road-reopens-as-tide-recedes/",
     "Coastal road reopens as tide recedes", "8 March 2024, 07:30 UTC", "", "",
     "The road reopened at half past seven."),
    ("g2-text-nitf.xml", "/2024/03/20/italy-orchards-frost/",
     "Late frost threatens apple blossom in South Tyrol", "20 March 2024, 12:12 UTC",
     "By Giulia Bianchi", "frost", "Apple growers lit small fires between the rows"),
    ("g2-text-xhtml.xml", "/2024/03/21/les-halles-rouvrent-apres-deux-ans-de-travaux/",
     "Les halles rouvrent après deux ans de travaux", "21 March 2024, 09:00 UTC", "Claire Martin",
     "commerce", "Les halles de Lyon ont rouvert samedi matin."),
    ("g2-text-inlinedata.xml", "/2024/03/22/libraries-extend-weekend-opening-hours/",
     "Libraries extend weekend opening hours", "22 March 2024, 08:00 UTC", "", "",
     "Public libraries will open on Sundays from April."),
    ("g2-message.xml", "/2024/03/23/record-field-of-20000-runs-the-city-marathon/",
     "Record field of 20,000 runs the city marathon", "23 March 2024, 10:50 UTC",
     "By Joris de Wit", "sport", "Twenty thousand runners started the marathon"),
    ("g2-message.xml", "/2024/03/23/electric-canal-boats-replace-diesel-fleet/",
     "Electric canal boats replace diesel fleet", "23 March 2024, 11:12 UTC", "", "",
     "The last diesel canal boat retired on Saturday."),
    ("nitf-bare.xml", "/2024/03/24/vigo-inaugura-su-nuevo-puerto-pesquero/",
     "Vigo inaugura su nuevo puerto pesquero", "24 March 2024, 11:00 UTC", "Marta Ríos", "Pesca",
     "El nuevo puerto pesquero de Vigo abrió el domingo"),
]


def test_every_standard_and_version_builds_into_articles(tmp_path: Path) -> None:
    root = site(tmp_path, *sorted({name for name, *_ in ITEMS}))
    result = build(root)
    assert result.articles == len(ITEMS) + 1  # the collection's first item too
    for name, url, headline, date, byline, tag, words in ITEMS:
        html = page(root, url)
        text = story(html)
        assert f'<h1 class="story-page__headline">{headline}</h1>' in html, name
        assert date in text, name
        assert byline in text, name
        assert words in text, name
        if tag:
            assert f"<bdi>{tag}</bdi>" in html, name


def test_the_place_of_the_dateline_is_shown(tmp_path: Path) -> None:
    root = site(tmp_path, "ninjs1-text.json", "g2-text-nitf.xml")
    build(root)
    assert ('<p class="story-page__place"><bdi>Valparaiso, Chile</bdi></p>'
            in page(root, "/2024/03/05/chile-ferries/"))
    assert ('<p class="story-page__place"><bdi>Meran</bdi></p>'
            in page(root, "/2024/03/20/italy-orchards-frost/"))


def test_tags_are_subject_names_and_keywords_never_codes(tmp_path: Path) -> None:
    root = site(tmp_path, "g2-text-nitf.xml", "ninjs1-text.json")
    build(root)
    tags = sorted(p.name for p in (root / "output" / "tags").iterdir() if p.is_dir())
    assert tags == ["agriculture", "frost", "labour-dispute", "transport", "weather"]


def test_json_and_xml_that_are_not_agency_items_are_left_out_with_a_warning(
        tmp_path: Path) -> None:
    root = site(tmp_path, "not-ninjs.json", "not-newsml.xml", "ninjs2-text.json")
    result = build(root)
    assert result.articles == 1
    assert [str(w) for w in result.warnings] == [
        "content: warning: 2 file(s) are not articles and were left out: 1 .json, 1 .xml "
        "(articles are .markdown, .md, .mdown, .mkd, .txt files, "
        "and .json or .xml agency items (IPTC ninjs, NewsML-G2, NITF); "
        "a file beside an article is "
        "copied next to its page when the article is index.md or links it)",
    ]


def test_a_ninjs_item_without_headline_or_date_is_an_error_on_its_line(
        tmp_path: Path) -> None:
    root = site(tmp_path, **{"odd.json": '{"uri": "x", "headline": 3, "items": []}'})
    with pytest.raises(SiteError) as raised:
        build(root)
    assert [str(p) for p in raised.value.problems] == [
        "content/odd.json:1: item 'x' has no date (add 'versioncreated' (ninjs 1.x, 2.x) or "
        "'versionCreated' (3.x))",
        "content/odd.json:1: item 'x' has no headline (add 'headline' (ninjs 1.x) or "
        "'headlines' (2.x, 3.x))",
    ]


def test_a_data_file_beside_an_article_is_still_copied_next_to_its_page(
        tmp_path: Path) -> None:
    root = site(tmp_path, **{
        "story/index.md": "---\ntitle: Figures\ndate: 2024-03-01\n---\n\n"
                          "[The data](data.json) and [the feed](feed.xml).\n",
        "story/data.json": '{"figures": [1, 2, 3]}',
        "story/feed.xml": "<rss version=\"2.0\"><channel/></rss>"})
    result = build(root)
    assert result.warnings == []
    assert (root / "output/2024/03/01/figures/data.json").read_text() == '{"figures": [1, 2, 3]}'
    assert (root / "output/2024/03/01/figures/feed.xml").is_file()


@pytest.mark.parametrize(("first", "second", "url", "headline", "updated"), [
    ("ninjs2-version1.json", "ninjs2-version2.json", "/2024/03/15/orchestra-tour/",
     "Youth orchestra to tour seven cities", "15 March 2024, 11:30 UTC"),
    ("g2-version1.xml", "g2-version2.xml", "/2024/03/25/museum-painting/",
     "Museum finds lost painting in storeroom", "25 March 2024, 12:45 UTC"),
])
def test_two_versions_make_one_article_at_the_first_versions_url(
        tmp_path: Path, first: str, second: str, url: str, headline: str,
        updated: str) -> None:
    root = site(tmp_path, first, second)
    result = build(root)
    assert result.articles == 1
    assert result.warnings == []  # the older version's file is read, not left out
    text = story(page(root, url))
    assert headline in text
    assert f"Updated {updated}" in text


def test_an_embargoed_item_stays_out_until_its_time(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = site(tmp_path, "ninjs2-embargoed.json")  # embargoed until 2024-03-11 05:00 UTC
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710133199")  # 2024-03-11 04:59:59 UTC
    assert build(root).articles == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710133200")  # 05:00:00
    assert build(root).articles == 1
    text = story(page(root, "/2024/03/11/report-finds-rivers-cleaner-than-a-decade-ago/"))
    assert "11 March 2024, 05:00 UTC" in text


@pytest.mark.parametrize(("name", "url"), [
    ("ninjs2-canceled.json", "/2024/03/13/old-bridge-closed-to-traffic/"),
    ("g2-canceled.xml", "/2024/03/27/storm-schools/"),
])
def test_a_canceled_item_is_withdrawn(tmp_path: Path, name: str, url: str) -> None:
    root = site(tmp_path, name)
    result = build(root)
    assert (result.articles, result.withdrawn) == (0, 1)
    assert "The agency withdrew this story." in page(root, url)


def test_the_lead_picture_is_the_file_beside_the_item_else_its_url(tmp_path: Path) -> None:
    root = site(tmp_path, "g2-message.xml")
    url = "/2024/03/23/record-field-of-20000-runs-the-city-marathon/"
    build(root)
    assert 'src="https://img.wire.example.com/marathon-preview.jpg"' in page(root, url)
    (root / "content" / "marathon-web.jpg").write_bytes(jpeg_bytes(800, 600))
    build(root)
    html = page(root, url)
    assert "img.wire.example.com" not in html
    assert re.search(r'src="[^"]*marathon-web[^"]*\.(jpg|webp)"', html)


def test_agency_html_is_sanitised_even_when_sanitize_html_is_off(tmp_path: Path) -> None:
    item = ('{"uri": "urn:x:1", "type": "text", "headline": "Safe", '
            '"versioncreated": "2024-03-01T10:00:00Z", "body_html": '
            '"<p onclick=\\"steal()\\">Kept words.</p><script>steal()</script>'
            '<a href=\\"javascript:steal()\\">link</a>"}')
    root = site(tmp_path, toml=TOML + "sanitize_html = false\n", **{"item.json": item})
    build(root)
    html = page(root, "/2024/03/01/safe/")
    assert "Kept words." in html
    assert "steal()" not in html


def test_a_malformed_file_names_its_line_without_a_traceback(tmp_path: Path) -> None:
    root = site(tmp_path, "malformed.xml", "malformed.json")
    with pytest.raises(SiteError) as raised:
        build(root)
    assert [str(p) for p in raised.value.problems] == [
        "content/malformed.json:4: malformed JSON: Expecting ',' delimiter at column 5 "
        "(check the commas, quotes and brackets near there)",
        "content/malformed.xml:5: malformed XML: mismatched tag at column 7 (close every tag "
        "in order and write a bare & as &amp;)",
    ]
    done = run_cli("build", "--site", root)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "content/malformed.xml:5: malformed XML: mismatched tag" in done.stderr


def test_entities_are_never_expanded_nor_fetched(tmp_path: Path) -> None:
    root = site(tmp_path, "bomb.xml", "xxe.xml")
    with pytest.raises(SiteError) as raised:
        build(root)
    assert all("refused" in p.message for p in raised.value.problems)
    assert len(raised.value.problems) == 2


@pytest.mark.parametrize("names", [
    ["ninjs1-text.json", "ninjs2-text.json", "ninjs3-text.json", "ninjs3-collection.json",
     "g2-text-nitf.xml", "g2-text-xhtml.xml", "g2-text-inlinedata.xml", "g2-message.xml",
     "nitf-bare.xml", "ninjs2-embargoed.json", "g2-canceled.xml"],
    ["ninjs2-version1.json", "ninjs2-version2.json", "g2-version1.xml", "g2-version2.xml"],
], ids=["every standard", "versions"])
def test_an_imported_item_builds_to_the_page_its_file_gives(tmp_path: Path,
                                                           names: list[str]) -> None:
    picture = {"marathon-web.jpg": jpeg_bytes(640, 480)}  # beside the message's item
    direct = site(tmp_path / "direct", *names, **picture)
    built = build(direct)
    feeds = site(tmp_path / "feeds", *names, **picture) / "content"
    imported = site(tmp_path / "imported")
    done = import_paths([feeds / name for name in names], imported / "content",
                        ZoneInfo("UTC"))
    assert done.refused == []
    assert len(done.written) == built.articles + built.withdrawn
    build(imported)
    assert files_of(direct / "output", hidden=False) == files_of(imported / "output",
                                                                  hidden=False)


def test_import_on_the_command_line(tmp_path: Path) -> None:
    done = run_cli("import", "--to", tmp_path / "content", FIXTURES / "g2-version1.xml",
                   FIXTURES / "g2-version2.xml", FIXTURES / "not-ninjs.json")
    assert done.returncode == 1  # the JSON that is no item is refused, and said so
    assert done.stdout.splitlines()[0] == (
        f"wrote {tmp_path / 'content/2024/2024-03-25-museum-painting.md'}")
    assert f"refused {FIXTURES / 'not-ninjs.json'}: it holds no article" in done.stderr
    text = (tmp_path / "content/2024/2024-03-25-museum-painting.md").read_text()
    assert text.startswith("---\ntitle: Museum finds lost painting in storeroom\n"
                           "date: 2024-03-25 09:00:00+00:00\nupdated: 2024-03-25 "
                           "12:45:00+00:00\nslug: museum-painting\n")


def test_versions_rebuild_incrementally_to_what_a_clean_build_writes(tmp_path: Path) -> None:
    root = site(tmp_path / "site", "ninjs2-version1.json")
    url = "/2024/03/15/orchestra-tour/"
    rebuild_and_compare(root, tmp_path)
    assert "Youth orchestra to tour six cities" in page(root, url)
    shutil.copy(FIXTURES / "ninjs2-version2.json", root / "content")  # a newer version
    assert rebuild_and_compare(root, tmp_path).articles == 1
    assert "Youth orchestra to tour seven cities" in page(root, url)
    (root / "content" / "ninjs2-version2.json").unlink()  # back to the first version
    rebuild_and_compare(root, tmp_path)
    assert "Youth orchestra to tour six cities" in page(root, url)


def test_keep_going_leaves_out_the_items_of_a_file_with_an_error(tmp_path: Path) -> None:
    clash = ("---\ntitle: Electric canal boats replace diesel fleet\n"
             "date: 2024-03-23T12:00:00Z\nslug: electric-canal-boats-replace-diesel-fleet\n"
             "---\n\nOur own story.\n")
    root = site(tmp_path, "g2-message.xml", "ninjs2-text.json", **{"boats.md": clash})
    result = build(root, BuildOptions(keep_going=True))
    assert sorted({p.path for p in result.errors}) == ["content/boats.md",
                                                       "content/g2-message.xml#2"]
    assert result.articles == 1  # the other file; the message's items go with its error


def ninjs(headline: str, version: str, created: str) -> str:
    return json.dumps({"uri": "urn:desk:tie", "type": "text", "headline": headline,
                       "version": version, "firstcreated": "2024-03-01T08:00:00Z",
                       "versioncreated": created, "body_text": "Words."})


def test_equal_versions_are_settled_by_the_latest_version_date(tmp_path: Path) -> None:
    root = site(tmp_path, **{
        "a.json": ninjs("Later resend", "2", "2024-03-01T10:00:00Z"),
        "b.json": ninjs("Earlier resend", "2", "2024-03-01T09:00:00Z"),
        "c.json": ninjs("First version", "1", "2024-03-01T11:00:00Z")})
    assert build(root).articles == 1
    text = story(page(root, "/2024/03/01/first-version/"))  # the first version's URL
    assert "Later resend" in text
    assert "Updated 1 March 2024, 11:00 UTC" in text  # the newest version date of all


def test_a_withheld_ninjs_3_item_is_withdrawn(tmp_path: Path) -> None:
    item = json.dumps({"uri": "urn:desk:held", "type": "text", "pubStatus": "withheld",
                       "headlines": [{"value": "Held story"}],
                       "versionCreated": "2024-03-02T08:00:00Z",
                       "bodies": [{"contentType": "text/plain", "value": "Words."}]})
    root = site(tmp_path, **{"held.json": item})
    result = build(root)
    assert (result.articles, result.withdrawn) == (0, 1)
    assert "The agency withdrew this story." in page(root, "/2024/03/02/held-story/")

"""IPTC ninjs (1.x, 2.x, 3.x) read into AgencyItems; the shared record and version picking."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import Problems
from generator.readers.agency import (
    AgencyImage,
    AgencyItem,
    image_target,
    pick_versions,
    split_byline,
)
from generator.readers.ninjs import parse_ninjs, sniff_ninjs

FIXTURES = Path(__file__).parent / "fixtures" / "agency"
CET = timezone(timedelta(hours=1))


def read(name: str, text: str | None = None) -> tuple[list[AgencyItem], list[str]]:
    """Parse a fixture (or the given text under its name); return items and problems as text."""
    problems = Problems()
    source = text if text is not None else (FIXTURES / name).read_text(encoding="utf-8")
    items = parse_ninjs(source, name, problems)
    return items, [str(problem) for problem in problems.items]


def one(name: str) -> AgencyItem:
    items, problems = read(name)
    assert problems == []
    assert len(items) == 1
    return items[0]


# --- ninjs 1.x, 2.x, 3.x ------------------------------------------------------------------


def test_ninjs_1_text_item_with_picture_association() -> None:
    item = one("ninjs1-text.json")
    assert item.guid == "http://agency.example.com/newsitems/20240305-harbour-ferries"
    assert item.headline == "Harbour ferries resume after three-day strike"
    assert item.date == datetime(2024, 3, 5, 7, 40, tzinfo=UTC)
    assert item.updated == datetime(2024, 3, 5, 8, 15, tzinfo=UTC)
    assert item.version == 1
    # body_html wins over body_text; the script and the onclick handler are gone.
    assert item.body_html == ("<p>Ferry crews in Valparaiso returned to work on Tuesday after "
                              "accepting a pay offer.</p><p>The first boat left at dawn.</p>")
    assert item.body_text == ""
    assert item.summary == "Crews voted to return to work after a pay offer."
    assert item.authors == ("Ana Ruiz", "Tom Berg")
    assert item.dateline == "Valparaiso, Chile"
    # Subject names only: the code-only subject is left out, 'Transport' repeats 'transport'.
    assert item.tags == ("transport", "labour dispute")
    assert item.source == "Example Wire"
    assert item.language == "en-GB"
    assert item.slugline == "chile-ferries"
    assert (item.embargoed, item.withdrawn) == (None, False)
    assert item.image == AgencyImage(
        local="ferry.jpg", alt="A ferry leaves the harbour",
        caption="The first ferry leaves Valparaiso harbour at dawn on Tuesday.",
        credit="Photo: Ines Mora")


def test_ninjs_2_plain_text_body_stays_text() -> None:
    item = one("ninjs2-text.json")
    assert item.headline == "Neue Bergbahn soll 2026 fahren"  # the 'main' role, not the first
    assert item.date == datetime(2024, 3, 6, 9, 30, 4, tzinfo=CET)
    assert item.updated == datetime(2024, 3, 6, 11, 2, 10, tzinfo=CET)
    assert item.version == 3
    assert item.body_html == ""
    assert item.body_text == (
        "Die neue Bergbahn soll im Herbst 2026 den Betrieb aufnehmen.\n\n"
        "Die Bauarbeiten beginnen im Mai, sagte die Ministerin.\n\n"
        "<b>Die Kosten</b> liegen bei 40 Millionen Euro.")
    assert item.paragraphs[2] == "<b>Die Kosten</b> liegen bei 40 Millionen Euro."
    assert item.summary == "Die Strecke verbindet zwei Täler."
    assert item.authors == ("Lena Vogt",)  # 'Von' and the agency after the comma dropped
    assert item.tags == ("Verkehr", "Bahn", "Bergbahn")
    assert (item.source, item.language, item.dateline) == ("dpx", "de", "Innsbruck")


def test_ninjs_3_camel_case_fields_and_html_page_body() -> None:
    item = one("ninjs3-text.json")
    assert item.headline == "Biblioteket i Visby öppnar igen"
    assert item.date == datetime(2024, 3, 7, 10, 0, tzinfo=CET)
    assert item.updated == datetime(2024, 3, 7, 13, 40, 18, tzinfo=CET)
    assert item.version == 2
    # The page's <title> is not body text; the javascript: image and the handler are gone.
    assert item.body_html == (
        "<article><p>Efter två år av renovering öppnar biblioteket i Visby på lördag.</p>"
        "<p>\u2013 Vi har saknat våra läsare, säger bibliotekarien "
        '<a href="https://example.se/" rel="noopener noreferrer">Eva Lind</a>.</p>'
        '<img alt="x"></article>')
    assert item.authors == ("Per Ek",)  # 'Per Ek/WX': the agency after the slash dropped
    assert item.tags == ("Kultur", "Bibliotek")
    assert (item.source, item.language, item.dateline) == ("WX", "sv", "Visby")
    assert item.image == AgencyImage(
        url="https://img.example.se/bib01_preview.jpg", alt="Bibliotekets nya läsesal",
        caption="Den nya läsesalen i Visby bibliotek.", credit="Karin Holm/WX")


def test_ninjs_3_list_of_items_gives_each_its_line() -> None:
    items, problems = read("ninjs3-collection.json")
    assert problems == []
    assert [(item.line, item.headline) for item in items] == [
        (2, "Spring tide floods coastal road"), (9, "Coastal road reopens as tide recedes")]
    assert items[0].body_text == "Water covered the coastal road for two hours."
    assert items[1].body_html == "<p>The road reopened at half past seven.</p>"
    assert items[0].date == datetime(2024, 3, 8, 6, 0, tzinfo=UTC)
    assert items[0].updated is None


@pytest.mark.parametrize(("name", "until"), [
    ("ninjs2-embargoed.json", datetime(2024, 3, 11, 5, 0, tzinfo=UTC)),
    ("ninjs3-embargoed.json", datetime(2024, 3, 12, 11, 0, tzinfo=CET)),
])
def test_embargo_is_read_from_1_2_and_3_field_names(name: str, until: datetime) -> None:
    item = one(name)
    assert item.embargoed == until
    assert item.withdrawn is False


def test_canceled_item_is_withdrawn() -> None:
    item = one("ninjs2-canceled.json")
    assert item.withdrawn is True
    assert item.headline == "Old bridge closed to traffic"


def test_picture_only_item_is_left_out_with_a_note() -> None:
    assert read("ninjs2-picture.json") == ([], [
        "ninjs2-picture.json:1: warning: picture item "
        "'http://agency.example.com/pictures/20240314-kites' left out: only text items become "
        "articles (its picture becomes a lead image when a text item carries it in "
        "'associations')"])


def test_naive_dates_are_read_in_the_given_timezone() -> None:
    problems = Problems()
    text = '{"uri": "u", "headline": "H", "versioncreated": "2024-03-01T09:00:00"}'
    [item] = parse_ninjs(text, "a.json", problems, tz=ZoneInfo("Europe/Oslo"))
    assert item.date == datetime(2024, 3, 1, 9, 0, tzinfo=ZoneInfo("Europe/Oslo"))


# --- not ninjs, malformed, incomplete ----------------------------------------------------


@pytest.mark.parametrize("name", [
    "ninjs1-text.json", "ninjs2-text.json", "ninjs3-text.json", "ninjs3-collection.json",
    "ninjs2-picture.json"])
def test_sniff_recognises_every_version(name: str) -> None:
    assert sniff_ninjs(json.loads((FIXTURES / name).read_text(encoding="utf-8"))) is True


@pytest.mark.parametrize("data", [
    {"name": "archive-theme", "version": "1.4.0", "type": "module"},
    {"uri": "https://example.com/", "title": "a bookmark"},
    [], [{"uri": "u", "headline": "H"}, {"name": "other"}], "text", 3, None,
])
def test_sniff_rejects_other_json(data: object) -> None:
    assert sniff_ninjs(data) is False


def test_sniff_accepts_a_declared_standard_without_other_keys() -> None:
    assert sniff_ninjs({"standard": {"name": "ninjs", "version": "3.0"}}) is True
    assert sniff_ninjs({"$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_1.4.json"})


def test_json_that_is_not_ninjs_is_left_out_with_a_warning() -> None:
    assert read("not-ninjs.json") == ([], [
        "not-ninjs.json: warning: not a ninjs document; left out (a ninjs item is a JSON "
        "object with a 'uri' and a 'headline' (1.x) or 'headlines' (2.x, 3.x))"])


def test_malformed_json_names_the_line_and_column() -> None:
    assert read("malformed.json") == ([], [
        "malformed.json:4: malformed JSON: Expecting ',' delimiter at column 5 "
        "(check the commas, quotes and brackets near there)"])


def test_bytes_that_are_not_utf8() -> None:
    problems = Problems()
    assert parse_ninjs(b'{\n"uri": "caf\xe9"}', "latin.json", problems) == []
    assert [str(problem) for problem in problems.items] == [
        "latin.json:2: the file is not UTF-8 text (byte 14) (save it as UTF-8)"]


def test_empty_file() -> None:
    assert read("empty.json", " \n") == ([], [
        "empty.json: the file is empty (a ninjs item is a JSON object)"])


def test_item_without_headline_or_date_is_an_error_on_its_line() -> None:
    text = ('[\n  {"uri": "a", "type": "text", "headline": "Fine", '
            '"versioncreated": "2024-03-01"},\n  {"uri": "b", "type": "text", "bodies": []}\n]')
    items, problems = read("two.json", text)
    assert [item.guid for item in items] == ["a"]
    assert problems == [
        "two.json:3: item 'b' has no headline (add 'headline' (ninjs 1.x) or 'headlines' "
        "(2.x, 3.x))",
        "two.json:3: item 'b' has no date (add 'versioncreated' (ninjs 1.x, 2.x) or "
        "'versionCreated' (3.x))"]


def test_bad_date_and_version_are_reported_on_their_lines() -> None:
    text = ('{\n  "uri": "u",\n  "headline": "H",\n  "version": "two",\n'
            '  "firstcreated": "yesterday",\n  "versioncreated": "2024-03-01T10:00:00Z"\n}')
    items, problems = read("bad.json", text)
    assert [(item.version, item.first_created) for item in items] == [(None, None)]
    assert problems == [
        "bad.json:5: 'firstcreated' is not a date and time: 'yesterday' "
        "(write it like 2024-03-01T09:30:00Z)",
        "bad.json:4: warning: item 'u' has version 'two', which is not a whole number; "
        "read as unversioned"]


def test_deeply_nested_json_is_a_problem_not_a_crash() -> None:
    items, problems = read("deep.json", "[" * 100_000 + "]" * 100_000)
    assert items == []
    assert problems == ["deep.json: malformed JSON: nested too deeply to read (a ninjs item "
                        "nests a few levels deep; this file is not one)"]


def test_agency_html_is_always_sanitised() -> None:
    text = json.dumps({"uri": "u", "headline": "H", "versioncreated": "2024-03-01T10:00:00Z",
                       "body_html": '<p style="x">Hi<img src="x" onerror="alert(1)"></p>'
                                    "<iframe src='https://evil.example'></iframe>"
                                    '<a href="javascript:alert(1)">link</a>'})
    [item], _ = read("x.json", text)
    assert item.body_html == '<p>Hi<img src="x"></p><a rel="noopener noreferrer">link</a>'


# --- versions ----------------------------------------------------------------------------


def test_two_versions_make_one_article_from_the_highest() -> None:
    first, second = one("ninjs2-version1.json"), one("ninjs2-version2.json")
    for order in ([first, second], [second, first]):
        [merged] = pick_versions(order)
        assert merged.headline == "Youth orchestra to tour seven cities"
        assert merged.body_html == "<p>The orchestra will visit seven cities.</p>"
        assert merged.date == datetime(2024, 3, 15, 9, 0, tzinfo=UTC)  # version 1's date
        assert merged.updated == datetime(2024, 3, 15, 11, 30, tzinfo=UTC)
        assert merged.url_name == "orchestra-tour"  # the URL does not move with a correction
        assert merged.versions == ("ninjs2-version1.json:1", "ninjs2-version2.json:1")


def test_equal_versions_pick_the_latest_version_date() -> None:
    base = one("ninjs2-version1.json")
    late = replace(base, path="late.json", headline="Later",
                   version_created=datetime(2024, 3, 15, 10, 0, tzinfo=UTC))
    [merged] = pick_versions([late, base])
    assert merged.headline == "Later"
    assert merged.date == datetime(2024, 3, 15, 9, 0, tzinfo=UTC)


def test_items_with_other_guids_are_kept_apart() -> None:
    items, _ = read("ninjs3-collection.json")
    assert [item.guid for item in pick_versions(items)] == [item.guid for item in items]


# --- the shared record ---------------------------------------------------------------------


@pytest.mark.parametrize(("byline", "source", "names"), [
    ("By Ana Ruiz and Tom Berg", "", ("Ana Ruiz", "Tom Berg")),
    ("Von Lena Vogt, dpx", "dpx", ("Lena Vogt",)),
    ("Av Kari Dahl og Ola Nes/NTX", "NTX", ("Kari Dahl", "Ola Nes")),
    ("NTX", "NTX", ("NTX",)),
    ("  ", "", ()),
])
def test_split_byline(byline: str, source: str, names: tuple[str, ...]) -> None:
    assert split_byline(byline, source) == names


@pytest.mark.parametrize(("href", "target"), [
    ("ferry.jpg", ("local", "ferry.jpg")),
    ("./img/ferry.jpg", ("local", "img/ferry.jpg")),
    ("file:///./ferry.jpg", ("local", "ferry.jpg")),
    ("https://img.example.com/a.jpg", ("url", "https://img.example.com/a.jpg")),
    ("../secret.jpg", None), ("/etc/passwd", None), ("file:///etc/passwd", None),
    ("javascript:alert(1)", None), ("data:image/png;base64,AAAA", None), ("", None),
])
def test_image_targets_stay_inside_the_item_folder(href: str,
                                                   target: tuple[str, str] | None) -> None:
    assert image_target(href) == target


def test_image_prefers_the_local_file_when_it_exists() -> None:
    image = AgencyImage(local="a.jpg", url="https://x.example/a.jpg")
    assert image.choose(lambda name: True) == "a.jpg"
    assert image.choose(lambda name: False) == "https://x.example/a.jpg"


# --- properties ----------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=4),
    max_leaves=20)
NINJS_KEYS = ["uri", "type", "version", "headline", "headlines", "body_html", "body_text",
              "bodies", "versioncreated", "versionCreated", "firstcreated", "embargoed",
              "embargoedUntil", "pubstatus", "by", "byline", "located", "subject", "subjects",
              "keywords", "associations", "renditions", "descriptions", "description_text",
              "language", "copyrightholder", "provider", "slugline"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_any_json_gives_items_or_problems_and_never_raises(data: object) -> None:
    problems = Problems()
    items = parse_ninjs(json.dumps(data), "any.json", problems)
    assert items or problems.items


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(NINJS_KEYS), JSON, max_size=12),
       st.sampled_from(["<script>alert(1)</script>", "<p onclick='x()'>t</p>"]))
def test_ninjs_shaped_objects_never_raise_and_never_keep_script(fields: dict[str, object],
                                                                html: str) -> None:
    data = {"uri": "u", "headline": "H", "versioncreated": "2024-03-01T10:00:00Z",
            **fields, "body_html": html}
    problems = Problems()
    items = parse_ninjs(json.dumps(data), "shaped.json", problems)
    assert items or problems.items
    for item in items:
        assert "script" not in item.body_html
        assert "onclick" not in item.body_html
        assert item.date is None or item.date.tzinfo is not None


@settings(max_examples=200, deadline=None)
@given(st.text() | st.binary())
def test_any_text_or_bytes_never_raises(text: str | bytes) -> None:
    problems = Problems()
    items = parse_ninjs(text, "text.json", problems)
    assert items or problems.items

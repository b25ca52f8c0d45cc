"""NewsML-G2 (newsItem, newsMessage) and NITF read into AgencyItems, safely."""

from __future__ import annotations

import socket
import time
import urllib.request
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import Problems
from generator.readers.agency import AgencyImage, AgencyItem, collapse, pick_versions, plain_text
from generator.readers.newsml import parse_newsml, sniff_newsml

FIXTURES = Path(__file__).parent / "fixtures" / "agency"
CET = timezone(timedelta(hours=1))
NAR = 'xmlns="http://iptc.org/std/nar/2006-10-01/"'


def read(name: str, text: str | bytes | None = None) -> tuple[list[AgencyItem], list[str]]:
    """Parse a fixture's bytes (or the given text under its name); return items and problems."""
    problems = Problems()
    source = text if text is not None else (FIXTURES / name).read_bytes()
    items = parse_newsml(source, name, problems)
    return items, [str(problem) for problem in problems.items]


def one(name: str) -> AgencyItem:
    items, problems = read(name)
    assert problems == []
    assert len(items) == 1
    return items[0]


def news_item(meta: str = "", content: str = "", body: str = "", guid: str = "urn:x") -> str:
    """Return a minimal text newsItem with extra itemMeta, contentMeta and contentSet XML."""
    return (f'<newsItem {NAR} guid="{guid}" version="1">\n'
            f'<itemMeta><itemClass qcode="ninat:text"/>{meta}</itemMeta>\n'
            f"<contentMeta>{content}</contentMeta>\n<contentSet>{body}</contentSet>\n</newsItem>")


DATED = "<versionCreated>2024-03-01T10:00:00Z</versionCreated>"


# --- the shapes of IPTC's examples ----------------------------------------------------------


def test_news_item_with_nitf_in_inline_xml() -> None:
    item = one("g2-text-nitf.xml")
    assert (item.guid, item.version, item.format, item.line) == (
        "urn:newsml:wire.example.com:20240320:ORCHARD-FROST", 4, "newsml", 2)
    assert item.headline == "Late frost threatens apple blossom in South Tyrol"  # not NITF hl1
    assert item.date == datetime(2024, 3, 20, 13, 12, 21, tzinfo=CET)
    assert item.updated == datetime(2024, 3, 20, 16, 25, 32, tzinfo=CET)
    assert item.body_html == (
        "<p>(Meran) Apple growers lit small fires between the rows overnight as temperatures "
        "fell to four degrees below zero.</p>\n"
        "<p>The growers' association said up to a fifth of the blossom could be lost.</p>\n"
        "<h2>Sprinklers on the lower slopes</h2>\n"
        "<p>On the lower slopes, farmers sprayed water that freezes into a protective "
        "<em>ice shell</em>.</p>")
    assert item.summary == "Growers lit fires between the rows to save the blossom."
    assert item.authors == ("Giulia Bianchi",)
    assert item.dateline == "Meran"
    # Names in the item's language, never the code-only subject; 'Agriculture' repeats one.
    assert item.tags == ("agriculture", "weather", "frost")
    assert (item.source, item.language) == ("Example Wire", "en-GB")
    assert item.slugline == "Italy-Orchards-Frost"
    assert (item.embargoed, item.withdrawn, item.image) == (None, False, None)


def test_news_item_with_xhtml_and_a_picture_link() -> None:
    item = one("g2-text-xhtml.xml")
    assert item.headline == "Les halles rouvrent après deux ans de travaux"
    assert item.body_html == (
        "<p>Les halles de Lyon ont rouvert samedi matin.</p>\n"
        "<p>Quarante commerçants ont retrouvé leurs étals "
        '<a href="https://example.fr/halles" rel="noopener noreferrer">rénovés</a>.</p>')
    assert item.authors == ("Claire Martin",)  # from <by>Par Claire Martin</by>
    assert item.summary == "Quarante commerçants retrouvent leurs étals."
    assert (item.source, item.language, item.dateline) == ("Agence Exemple", "fr", "Lyon")
    assert item.image == AgencyImage(local="halles.jpg")
    assert item.date == datetime(2024, 3, 21, 10, 0, tzinfo=CET)
    assert item.updated is None


def test_inline_data_stays_plain_text() -> None:
    item = one("g2-text-inlinedata.xml")
    assert item.body_html == ""
    assert item.body_text == ("Public libraries will open on Sundays from April.\n\n"
                              "The council said <more> readers asked for weekend hours & "
                              "quiet rooms.")
    assert item.source == "EXW"  # the provider's code when nothing names it


def test_news_message_gives_each_item_its_line_and_attaches_the_linked_picture() -> None:
    items, problems = read("g2-message.xml")
    assert problems == []  # the package is skipped quietly, the picture is used
    assert [(item.line, item.headline) for item in items] == [
        (24, "Record field of 20,000 runs the city marathon"),
        (66, "Electric canal boats replace diesel fleet")]
    marathon, boats = items
    assert marathon.image == AgencyImage(
        local="marathon-web.jpg", url="https://img.wire.example.com/marathon-preview.jpg",
        alt="Runners cross the Erasmus bridge",
        caption="Runners cross the Erasmus bridge in the rain.",
        credit="Femke Bos/Example Wire")
    assert marathon.authors == ("Joris de Wit",)
    assert marathon.tags == ("sport",)
    assert boats.body_text == "The last diesel canal boat retired on Saturday."
    assert boats.image is None


def test_bare_nitf() -> None:
    item = one("nitf-bare.xml")
    assert (item.guid, item.version, item.format, item.line) == (
        "EXW-20240324-0042", 2, "nitf", 3)
    assert item.headline == "Vigo inaugura su nuevo puerto pesquero"
    assert item.date == datetime(2024, 3, 24, 9, 30, tzinfo=CET)
    assert item.embargoed == datetime(2024, 3, 24, 12, 0, tzinfo=CET)  # date.release
    # &nbsp; (named by the DTD) stays a no-break space; the media block's caption is not text.
    assert item.body_html == (
        "<p>El nuevo puerto pesquero de Vigo abrió el domingo con&nbsp;capacidad para cien "
        "barcos.</p>\n<div><p>La cofradía de pescadores celebró la apertura.</p></div>")
    assert item.summary == "El puerto tiene capacidad para cien barcos."
    assert item.authors == ("Marta Ríos",)
    assert item.dateline == "Vigo"
    assert item.tags == ("Economía", "Pesca", "puertos")
    assert (item.source, item.language) == ("Agencia Ejemplo", "es")
    assert item.image == AgencyImage(local="vigo-puerto.jpg", alt="Barcos en el nuevo muelle",
                                     caption="Barcos amarrados en el nuevo muelle de Vigo.",
                                     credit="Foto: Luis Pardo")


def test_two_versions_make_one_article() -> None:
    [merged] = pick_versions([one("g2-version2.xml"), one("g2-version1.xml")])
    assert merged.headline == "Museum finds lost painting in storeroom"
    assert merged.body_html == ("<p>The painting was found in a crate in the storeroom, "
                                "not the attic.</p>")
    assert merged.date == datetime(2024, 3, 25, 9, 0, tzinfo=UTC)
    assert merged.updated == datetime(2024, 3, 25, 12, 45, tzinfo=UTC)
    assert merged.versions == ("g2-version1.xml:2", "g2-version2.xml:2")


def test_embargoed_and_canceled_items() -> None:
    embargoed = one("g2-embargoed.xml")
    assert embargoed.embargoed == datetime(2024, 3, 27, 6, 0, tzinfo=CET)
    assert embargoed.withdrawn is False
    assert one("g2-canceled.xml").withdrawn is True


def test_embargo_until_further_notice_holds_the_item_back() -> None:
    items, problems = read("n.xml", news_item(DATED + "<embargoed/>", "<headline>H</headline>"))
    assert [item.withdrawn for item in items] == [True]
    assert problems == ["n.xml:2: warning: item 'urn:x' is embargoed until further notice; "
                        "held back (it is published when a version without the embargo "
                        "arrives)"]


def test_picture_only_item_is_left_out_with_a_note() -> None:
    assert read("g2-picture.xml") == ([], [
        "g2-picture.xml:1: warning: picture item 'tag:pictures.example.com,2024:PX0042' left "
        "out: only text items become articles (a picture becomes the lead image of a text "
        "item that links to it)"])


def test_video_item_is_left_out_with_a_note() -> None:
    text = news_item(DATED, "<headline>H</headline>").replace("ninat:text", "ninat:video")
    assert read("v.xml", text) == ([], [
        "v.xml:1: warning: video item 'urn:x' left out: only text items become articles"])


# --- sniffing, malformed and incomplete files ---------------------------------------------


@pytest.mark.parametrize(("name", "kind"), [
    ("g2-text-nitf.xml", "newsml"), ("g2-message.xml", "newsml"), ("g2-picture.xml", "newsml"),
    ("nitf-bare.xml", "nitf"), ("bomb.xml", "newsml"), ("not-newsml.xml", None),
])
def test_sniff(name: str, kind: str | None) -> None:
    assert sniff_newsml((FIXTURES / name).read_bytes()) == kind
    assert sniff_newsml((FIXTURES / name).read_text(encoding="utf-8")) == kind


def test_sniff_skips_comments_and_reads_utf16() -> None:
    assert sniff_newsml("<!-- <newsItem> --><svg/>") is None
    assert sniff_newsml('\ufeff<?xml version="1.0"?><nitf/>'.encode("utf-16")) == "nitf"


def test_xml_that_is_not_newsml_is_left_out_with_a_warning() -> None:
    assert read("not-newsml.xml") == ([], [
        "not-newsml.xml: warning: not a NewsML-G2 or NITF file; left out (agency XML starts "
        "with <newsItem>, <newsMessage> or <nitf>)"])


def test_malformed_xml_names_the_parser_line() -> None:
    assert read("malformed.xml") == ([], [
        "malformed.xml:5: malformed XML: mismatched tag at column 7 "
        "(close every tag in order and write a bare & as &amp;)"])


def test_undeclared_entity_is_malformed() -> None:
    assert read("u.xml", f"<newsItem {NAR}>\n<x>&nbsp;</x></newsItem>")[1] == [
        "u.xml:2: malformed XML: undefined entity at column 4 "
        "(close every tag in order and write a bare & as &amp;)"]


def test_empty_message_and_empty_file() -> None:
    assert read("m.xml", f"<newsMessage {NAR}><itemSet/></newsMessage>") == ([], [
        "m.xml:1: warning: the newsMessage holds no items; nothing to read"])
    assert read("e.xml", b"  ") == ([], [
        "e.xml: the file is empty (an agency item starts with <newsItem>, <newsMessage> or "
        "<nitf>)"])


def test_item_without_headline_or_date_is_an_error_on_its_line() -> None:
    assert read("n.xml", "\n" + news_item()) == ([], [
        "n.xml:2: item 'urn:x' has no headline (add <headline> to its <contentMeta>)",
        "n.xml:2: item 'urn:x' has no date (add <versionCreated> to its <itemMeta>)"])


def test_bad_date_is_reported_on_its_element_line() -> None:
    text = news_item("<versionCreated>soon</versionCreated>", "<headline>H</headline>")
    assert read("d.xml", text)[1] == [
        "d.xml:2: <versionCreated> is not a date and time: 'soon' "
        "(write it like 2024-03-01T09:30:00Z)",
        "d.xml:1: item 'urn:x' has no date (add <versionCreated> to its <itemMeta>)"]


def test_declared_encoding_is_honoured_for_bytes() -> None:
    text = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n'
            + news_item(DATED, "<headline>Café reopens</headline>")).encode("latin-1")
    assert [item.headline for item in read("l.xml", text)[0]] == ["Café reopens"]


# --- safety --------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to open a connection fail the test."""
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"network access attempted: {args!r}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.mark.usefixtures("no_network")
def test_entity_bomb_never_expands() -> None:
    started = time.perf_counter()
    assert read("bomb.xml") == ([], [
        "bomb.xml:3: the XML declares the entity 'lol', which is refused so that nothing "
        "expands or is read from elsewhere (remove the <!ENTITY> declarations; agency items "
        "do not need them)"])
    assert time.perf_counter() - started < 1.0


@pytest.mark.usefixtures("no_network")
def test_external_entities_are_never_read_or_fetched() -> None:
    items, problems = read("xxe.xml")
    assert items == []
    assert problems == [
        "xxe.xml:3: the XML declares the entity 'remote', which is refused so that nothing "
        "expands or is read from elsewhere (remove the <!ENTITY> declarations; agency items "
        "do not need them)"]


@pytest.mark.usefixtures("no_network")
def test_a_named_dtd_and_catalog_are_not_fetched() -> None:
    item = one("g2-remote-dtd.xml")
    assert item.headline == "Town hall clock runs again"
    assert item.body_text == "The clock was repaired."


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    body = "<inlineXML><html><body>" + "<div>" * 5000 + "x" + "</div>" * 5000
    text = news_item(DATED, "<headline>H</headline>", body + "</body></html></inlineXML>")
    assert read("deep.xml", text) == ([], [
        "deep.xml: the XML nests elements too deeply to read (agency items nest a few levels "
        "deep; this file is not one)"])


# --- properties ----------------------------------------------------------------------------

XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text() | st.binary())
def test_any_input_gives_items_or_problems_and_never_raises(text: str | bytes) -> None:
    problems = Problems()
    items = parse_newsml(text, "any.xml", problems)
    assert items or problems.items


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(XML_TEXT.filter(lambda text: collapse(text) != ""), XML_TEXT)
def test_headline_and_text_survive_escaping(headline: str, body: str) -> None:
    text = news_item(DATED, f"<headline>{escape(headline)}</headline>",
                     f'<inlineData contenttype="text/plain">{escape(body)}</inlineData>')
    [item] = read("p.xml", text)[0]
    assert item.headline == collapse(headline)
    assert item.body_text == plain_text(body)

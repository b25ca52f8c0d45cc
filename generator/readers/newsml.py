"""NewsML-G2 files (a newsItem or a newsMessage of several) and bare NITF read as agency items."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, tzinfo
from xml.etree.ElementTree import Element

from generator.errors import Problems

from .agency import AgencyItem, split_byline
from .agency_xml import local, parse_xml
from .newsml_item import PICTURES, TEXTS, G2Record, ReadContext, read_news_item
from .nitf import read_nitf

# Roots of the NewsML-G2 item kinds; only newsItems can be articles.
_G2_ROOTS = {"newsItem", "newsMessage", "packageItem", "conceptItem", "knowledgeItem",
             "planningItem", "catalogItem"}
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_DOCTYPE = re.compile(r"<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>", re.DOTALL)
_ROOT = re.compile(r"<(?![?!/])(?:[\w.\-]+:)?([A-Za-z_][\w.\-]*)")
_SNIFF_BYTES = 65536


def sniff_newsml(text: str | bytes) -> str | None:
    """Say what an XML file is from its root element: 'newsml', 'nitf', or None for other XML."""
    head = _head(text)
    match = _ROOT.search(_DOCTYPE.sub("", _COMMENT.sub("", head)))
    if match is None:
        return None
    if match.group(1) == "nitf":
        return "nitf"
    return "newsml" if match.group(1) in _G2_ROOTS else None


def _head(text: str | bytes) -> str:
    """Return the start of a file as text, enough to find its root element."""
    if isinstance(text, str):
        return text[:_SNIFF_BYTES]
    start = text[:_SNIFF_BYTES]
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return start.decode("utf-16", errors="replace")
    # Latin-1 reads every byte, and tag names are ASCII in every encoding XML allows here.
    return start.decode("latin-1")


def parse_newsml(text: str | bytes, path: str, problems: Problems, *,
                 tz: tzinfo = UTC) -> list[AgencyItem]:
    """Read a NewsML-G2 or NITF file into its articles, reporting problems; bytes keep encoding."""
    if sniff_newsml(text) is None and text.strip():
        _not_agency_xml(path, problems)
        return []
    doc = parse_xml(text, path, problems)
    if doc is None:
        return []
    context = ReadContext(path, problems, tz, doc)
    try:
        return _read(doc.root, context)
    except RecursionError:
        problems.error(path, "the XML nests elements too deeply to read", None,
                       "agency items nest a few levels deep; this file is not one")
        return []


def _not_agency_xml(path: str, problems: Problems) -> None:
    problems.warn(path, "not a NewsML-G2 or NITF file; left out", None,
                  "agency XML starts with <newsItem>, <newsMessage> or <nitf>")


def _read(root: Element, context: ReadContext) -> list[AgencyItem]:
    name = local(root.tag)
    if name == "nitf":
        item = _bare_nitf(root, context)
        return [item] if item else []
    if name == "newsMessage":
        item_set = next((e for e in root if local(e.tag) == "itemSet"), None)
        elements = [e for e in item_set if isinstance(e.tag, str)] if item_set is not None else []
        if not elements:
            context.problems.warn(context.path, "the newsMessage holds no items; nothing to read",
                                  context.doc.line(root))
    elif name in _G2_ROOTS:
        elements = [root]
    else:
        _not_agency_xml(context.path, context.problems)
        return []
    records: list[G2Record] = []
    for element in elements:
        kind = local(element.tag)
        if kind == "newsItem":
            records.append(read_news_item(element, context))
        elif kind != "packageItem" or name != "newsMessage":
            # A package in a message only groups the message's items; anything else is not news.
            context.problems.warn(context.path, f"a {kind} is not a news article; left out",
                                  context.doc.line(element))
    return _attach_pictures(records, context)


def _attach_pictures(records: list[G2Record], context: ReadContext) -> list[AgencyItem]:
    """Give text items the pictures they link to; note pictures nothing links to."""
    pictures = {record.guid: record for record in records if record.kind in PICTURES}
    used: set[str] = set()
    items: list[AgencyItem] = []
    for record in records:
        if record.item is None:
            continue
        image = record.item.image
        for guid in record.links:
            if guid in pictures and pictures[guid].image is not None:
                used.add(guid)
                image = image or pictures[guid].image
        items.append(replace(record.item, image=image))
    for record in records:
        if record.item is not None or record.guid in used or record.kind in TEXTS:
            continue  # an article, a picture in use, or a text item whose errors are reported
        hint = ("a picture becomes the lead image of a text item that links to it"
                if record.kind in PICTURES else "")
        context.problems.warn(context.path, f"{record.kind} item '{record.guid}' left out: "
                              "only text items become articles", record.line, hint)
    return items


def _bare_nitf(nitf: Element, context: ReadContext) -> AgencyItem | None:
    """Read a NITF document that is the whole file."""
    parts = read_nitf(nitf)
    line = context.doc.line(nitf)
    issued = context.when(parts.issued, "<date.issue norm>", nitf)
    released = context.when(parts.released, "<date.release norm>", nitf)
    if not parts.headline:
        context.problems.error(context.path, "the NITF document has no headline", line,
                               "add <hedline><hl1> to <body.head>")
    if issued is None:
        context.problems.error(context.path, "the NITF document has no date", line,
                               "add <date.issue norm=\"20240301T093000Z\"/> to <docdata>")
    if not parts.headline or issued is None:
        return None
    version: int | None = int(parts.version) if parts.version.isdigit() else None
    return AgencyItem(
        path=context.path, line=line, guid=parts.guid or context.path, headline=parts.headline,
        format="nitf", version=version, version_created=issued,
        body_html=parts.body_html, summary=parts.summary,
        authors=parts.authors or split_byline(parts.byline, parts.source),
        dateline=parts.dateline, tags=parts.tags, source=parts.source,
        language=parts.language,
        embargoed=released if released is not None and released > issued else None,
        withdrawn=parts.status in ("canceled", "withheld"), image=parts.image)

"""NITF documents (bare, or carried in NewsML-G2 inlineXML) read into their article parts."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

from .agency import AgencyImage, image_from, sanitize_agency_html, unique_names
from .agency_xml import XML_LANG, attr, child, children, inner_html, local, text

# NITF's own block elements as HTML; its inline markup (person, org, chron, money...) has no
# HTML equivalent and is unwrapped by the sanitiser, keeping the words.
_NITF_TO_HTML = {"hl2": "h2", "block": "div", "bq": "blockquote", "fn": "aside",
                 "note": "aside", "credit": "cite"}


@dataclass(frozen=True, slots=True)
class NitfParts:
    """What a NITF document says about its story; empty strings where it says nothing."""

    headline: str = ""
    body_html: str = ""
    byline: str = ""
    authors: tuple[str, ...] = ()
    dateline: str = ""
    summary: str = ""
    guid: str = ""
    version: str = ""
    issued: str = ""
    released: str = ""
    status: str = ""
    source: str = ""
    language: str = ""
    tags: tuple[str, ...] = ()
    image: AgencyImage | None = None


def read_nitf(nitf: Element) -> NitfParts:
    """Read a <nitf> element's head and body into NitfParts."""
    head, body = child(nitf, "head"), child(nitf, "body")
    docdata = child(head, "docdata")
    body_head, content = child(body, "body.head"), child(body, "body.content")
    hedline = child(body_head, "hedline")
    headline = text(child(hedline, "hl1")) or text(child(head, "title"))
    byline = child(body_head, "byline")
    people = tuple(text(person) for person in children(byline, "person"))
    return NitfParts(
        headline=headline,
        body_html=_body_html(content),
        byline=_byline_text(byline),
        authors=unique_names(people),
        dateline=_dateline(child(body_head, "dateline")),
        summary=text(child(body_head, "abstract")),
        guid=attr(child(docdata, "doc-id"), "id-string"),
        version=attr(child(docdata, "du-key"), "version"),
        issued=attr(child(docdata, "date.issue"), "norm"),
        released=attr(child(docdata, "date.release"), "norm"),
        status=attr(docdata, "management-status"),
        source=text(child(body_head, "distributor")) or _copyright(docdata),
        language=_language(nitf, body),
        tags=_tags(head, docdata),
        image=_picture(content),
    )


def _body_html(content: Element | None) -> str:
    return sanitize_agency_html(inner_html(content, _NITF_TO_HTML)) if content is not None else ""


def _byline_text(byline: Element | None) -> str:
    """Return a byline's words without its job title (<byttl>)."""
    if byline is None:
        return ""
    words = [byline.text or ""]
    for part in byline:
        if local(part.tag) != "byttl":
            words.append("".join(part.itertext()))
        words.append(part.tail or "")
    return " ".join("".join(words).split()).strip(" ,;")


def _dateline(dateline: Element | None) -> str:
    """Return the place of a dateline: its <location>, else its words without the date."""
    if dateline is None:
        return ""
    place = child(dateline, "location")
    if place is not None:
        return text(place)
    words = [dateline.text or ""]
    for part in dateline:
        if local(part.tag) != "story.date":
            words.append("".join(part.itertext()))
        words.append(part.tail or "")
    return " ".join("".join(words).split()).strip(" ,;-\u2013\u2014")


def _copyright(docdata: Element | None) -> str:
    return attr(child(docdata, "doc.copyright"), "holder")


def _language(nitf: Element, body: Element | None) -> str:
    return attr(nitf, XML_LANG) or attr(body, XML_LANG)


def _tags(head: Element | None, docdata: Element | None) -> tuple[str, ...]:
    """Return subject names from <tobject.subject> and keywords from <key-list>."""
    names: list[str] = []
    for subject in children(child(head, "tobject"), "tobject.subject"):
        # Names, never the numeric 'tobject.subject.refnum' codes.
        names.append(subject.get("tobject.subject.matter", "")
                     or subject.get("tobject.subject.type", ""))
    names.extend(keyword.get("key", "") for keyword in children(child(docdata, "key-list"),
                                                                "keyword"))
    return unique_names(names)


def _picture(content: Element | None) -> AgencyImage | None:
    """Return the first image <media> of a body as its lead picture."""
    if content is None:
        return None
    for media in content.iter():
        if local(media.tag) != "media" or media.get("media-type", "image") != "image":
            continue
        references = [element for element in media if local(element.tag) == "media-reference"]
        hrefs = [(ref.get("name", ""), ref.get("source", "")) for ref in references]
        alt = next((ref.get("alternate-text", "") for ref in references
                    if ref.get("alternate-text")), "")
        image = image_from(hrefs, alt, text(child(media, "media-caption")),
                           text(child(media, "media-producer")))
        if image is not None:
            return image
    return None


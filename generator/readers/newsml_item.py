"""One NewsML-G2 <newsItem> read into an AgencyItem, or into a picture for another item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from xml.etree.ElementTree import Element

from generator.errors import Problems

from .agency import (
    AgencyImage,
    AgencyItem,
    image_from,
    plain_text,
    read_datetime,
    sanitize_agency_html,
    split_byline,
    unique_names,
)
from .agency_xml import (
    XML_LANG,
    XmlDoc,
    attr,
    child,
    children,
    code,
    inner_html,
    local,
    path_child,
    text,
)
from .nitf import NitfParts, read_nitf

PICTURES = {"picture", "graphic"}
TEXTS = {"text", "composite"}
_WITHDRAWN = {"canceled", "withheld"}


@dataclass(frozen=True, slots=True)
class ReadContext:
    """Where problems go while one XML file is read."""

    path: str
    problems: Problems
    tz: tzinfo
    doc: XmlDoc

    def when(self, value: str, what: str, element: Element) -> datetime | None:
        """Parse a date-time, reporting one that is not on the element's line."""
        if not value:
            return None
        try:
            return read_datetime(value, self.tz)
        except ValueError:
            self.problems.error(self.path, f"{what} is not a date and time: '{value}'",
                                self.doc.line(element), "write it like 2024-03-01T09:30:00Z")
            return None

    def when_in(self, element: Element | None) -> datetime | None:
        """Parse the date-time an element holds (None when it is missing or empty)."""
        if element is None:
            return None
        return self.when(text(element), f"<{local(element.tag)}>", element)


@dataclass(frozen=True, slots=True)
class G2Record:
    """A newsItem as read: an article (text items), a picture, and the guids it links to."""

    kind: str
    guid: str
    line: int
    item: AgencyItem | None
    image: AgencyImage | None
    links: tuple[str, ...]


def read_news_item(element: Element, context: ReadContext) -> G2Record:
    """Read a <newsItem>: text items become articles, picture items only pictures."""
    meta = child(element, "itemMeta")
    item_class = child(meta, "itemClass")
    kind = code(attr(item_class, "qcode") or attr(item_class, "uri")) or "text"
    line = context.doc.line(element)
    guid = attr(element, "guid") or f"{context.path}:{line}"
    if kind in PICTURES:
        return G2Record(kind, guid, line, None, _picture(element), ())
    if kind not in TEXTS:
        return G2Record(kind, guid, line, None, None, ())  # video, audio...: noted by the caller
    links = tuple(attr(link, "residref") for link in children(meta, "link")
                  if attr(link, "residref"))
    return G2Record(kind, guid, line, _article(element, context, guid), None, links)


def _article(element: Element, context: ReadContext, guid: str) -> AgencyItem | None:
    """Read a text item into an article; None (reported) without a headline or a date."""
    meta, content = child(element, "itemMeta"), child(element, "contentMeta")
    body_html, body_text, nitf = _body(child(element, "contentSet"))
    parts = nitf or NitfParts()
    headline = _headline(content) or text(child(meta, "title")) or parts.headline
    first = context.when_in(child(meta, "firstCreated"))
    version = context.when_in(child(meta, "versionCreated"))
    line = context.doc.line(element)
    if not headline:
        context.problems.error(context.path, f"item '{guid}' has no headline", line,
                               "add <headline> to its <contentMeta>")
    if first is None and version is None:
        context.problems.error(context.path, f"item '{guid}' has no date", line,
                               "add <versionCreated> to its <itemMeta>")
    if not headline or (first is None and version is None):
        return None
    source = _source(meta, child(element, "rightsInfo")) or parts.source
    by = text(child(content, "by"))
    language = _lang(element, content)
    subjects = [_subject_name(subject, language) for subject in children(content, "subject")]
    embargo = child(meta, "embargoed")
    return AgencyItem(
        path=context.path, line=line, guid=guid, headline=headline, format="newsml",
        version=_version(element, context, guid), first_created=first, version_created=version,
        body_html=body_html, body_text=body_text,
        summary=_description(content, "summary") or parts.summary,
        authors=(unique_names(_creators(content)) or (split_byline(by, source) if by else ())
                 or parts.authors or split_byline(parts.byline, source)),
        dateline=(text(path_child(content, "located", "name")) or text(child(content, "dateline"))
                  or parts.dateline),
        tags=unique_names([*subjects, *(text(k) for k in children(content, "keyword")),
                           *parts.tags]),
        source=source, language=language or parts.language,
        embargoed=context.when_in(embargo),
        withdrawn=_withdrawn(meta, embargo, parts, context, guid),
        image=_own_image(element) or parts.image,
        slugline=text(child(content, "slugline")))


def _withdrawn(meta: Element | None, embargo: Element | None, parts: NitfParts,
               context: ReadContext, guid: str) -> bool:
    """Say whether the item must not be published: canceled, withheld, or embargoed sine die."""
    status = code(attr(child(meta, "pubStatus"), "qcode")) or parts.status
    if embargo is not None and not text(embargo):
        # An empty <embargoed/> means 'until further notice': hold the item back.
        context.problems.warn(context.path, f"item '{guid}' is embargoed until further notice; "
                              "held back", context.doc.line(embargo),
                              "it is published when a version without the embargo arrives")
        return True
    return status in _WITHDRAWN


def _creators(content: Element | None) -> list[str]:
    return [text(child(creator, "name")) or attr(creator, "literal")
            for creator in children(content, "creator")]


def _picture(element: Element) -> AgencyImage | None:
    """Read a picture item into the image it gives the text items linking to it."""
    meta, content = child(element, "itemMeta"), child(element, "contentMeta")
    credit = text(child(content, "creditline")) or ", ".join(filter(None, _creators(content)))
    renditions = [(attr(remote, "rendition"), attr(remote, "href"))
                  for remote in children(child(element, "contentSet"), "remoteContent")]
    headline = _headline(content) or text(child(meta, "title"))
    return image_from(renditions, headline, _description(content, "caption"), credit)


def _headline(content: Element | None) -> str:
    """Return the main headline: one without a role or with a 'main' role, else the first."""
    headlines = list(children(content, "headline"))
    main = [h for h in headlines if code(attr(h, "role")) in ("", "main")]
    return text(next(iter(main or headlines), None))


def _description(content: Element | None, role: str) -> str:
    """Return the description with this role (drol:summary, drol:caption), else one with none."""
    found = {code(attr(d, "role")): text(d) for d in reversed(list(children(content,
                                                                            "description")))}
    return found.get(role) or found.get("", "")


def _source(meta: Element | None, rights: Element | None) -> str:
    """Return the provider's name, else the copyright holder's, else the provider's code."""
    provider = child(meta, "provider")
    holder = child(rights, "copyrightHolder")
    return (text(child(provider, "name")) or attr(provider, "literal")
            or text(child(holder, "name")) or attr(holder, "literal")
            or code(attr(provider, "qcode")))


def _lang(element: Element, content: Element | None) -> str:
    return attr(child(content, "language"), "tag") or attr(element, XML_LANG)


def _subject_name(subject: Element, language: str) -> str:
    """Return a subject's name in the item's language when it has several; never its code."""
    names = list(children(subject, "name"))
    base = language.split("-")[0].casefold()
    for name in names:
        if base and attr(name, XML_LANG).split("-")[0].casefold() == base:
            return text(name)
    unmarked = [name for name in names if not attr(name, XML_LANG)]
    return text(next(iter(unmarked or names), None))


def _version(element: Element, context: ReadContext, guid: str) -> int | None:
    value = attr(element, "version")
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        context.problems.warn(context.path, f"item '{guid}' has version '{value}', which is not "
                              "a whole number; read as unversioned", context.doc.line(element))
        return None


def _body(content_set: Element | None) -> tuple[str, str, NitfParts | None]:
    """Return (HTML, plain text, NITF parts) from inlineXML, else from inlineData."""
    for inline in children(content_set, "inlineXML"):
        nitf = child(inline, "nitf")
        if nitf is not None:
            parts = read_nitf(nitf)
            return parts.body_html, "", parts
        page = child(inline, "html")
        body = child(page, "body") if page is not None else None
        return sanitize_agency_html(inner_html(body if body is not None else inline)), "", None
    for data in children(content_set, "inlineData"):
        if "html" in attr(data, "contenttype"):
            return sanitize_agency_html(data.text or ""), "", None
        return "", plain_text(data.text or ""), None
    return "", "", None


def _own_image(element: Element) -> AgencyImage | None:
    """Return a picture the item points at by href: an image link or remoteContent."""
    hrefs = [(attr(link, "rel"), attr(link, "href"))
             for link in children(child(element, "itemMeta"), "link")
             if attr(link, "contenttype").startswith("image/") and attr(link, "href")]
    hrefs += [(attr(remote, "rendition"), attr(remote, "href"))
              for remote in children(child(element, "contentSet"), "remoteContent")
              if attr(remote, "contenttype").startswith("image/")]
    return image_from(hrefs)


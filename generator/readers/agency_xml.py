"""Agency XML parsed safely, with the line of every element, and read by local names."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from html.entities import name2codepoint
from xml.etree.ElementTree import Element, TreeBuilder

from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from generator.errors import Problems

from .agency import collapse

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_WHERE = re.compile(r":\s*line \d+, column \d+$")


@dataclass(frozen=True, slots=True)
class XmlDoc:
    """A parsed XML file: its root and the line each element starts on."""

    root: Element
    lines: dict[int, int]

    def line(self, element: Element) -> int:
        """Return the line an element starts on (1 if unknown)."""
        return self.lines.get(id(element), 1)


class _LineBuilder:
    """An ElementTree target that notes the line each element starts on."""

    def __init__(self) -> None:
        self.tree = TreeBuilder()
        self.lines: dict[int, int] = {}
        self.where: Callable[[], int] = lambda: 1

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = self.tree.start(tag, attrs)
        self.lines[id(element)] = self.where()
        return element

    def end(self, tag: str) -> Element:
        return self.tree.end(tag)

    def data(self, data: str) -> None:
        self.tree.data(data)

    def close(self) -> Element:
        return self.tree.close()


def parse_xml(text: str | bytes, path: str, problems: Problems) -> XmlDoc | None:
    """Parse XML with no entity declarations, no DTD loading and no network; report failures."""
    if not text.strip():
        problems.error(path, "the file is empty", None,
                       "an agency item starts with <newsItem>, <newsMessage> or <nitf>")
        return None
    builder = _LineBuilder()
    # forbid_entities refuses every <!ENTITY> (the 'billion laughs' bomb and external
    # entities that read local files alike); forbid_external refuses external references;
    # expat never loads a DTD named in <!DOCTYPE>, so nothing is fetched over the network.
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    expat = parser.parser
    builder.where = lambda: expat.CurrentLineNumber
    # NITF files name their DTD and use HTML's character names (&nbsp;): a fixed table of
    # single characters, not declarations from the file, so nothing can expand.
    parser.entity.update((name, chr(point)) for name, point in name2codepoint.items())
    try:
        parser.feed(text)
        root = parser.close()
    except ParseError as error:
        line, column = error.position
        reason = _WHERE.sub("", str(error))
        problems.error(path, f"malformed XML: {reason} at column {column + 1}", line,
                       "close every tag in order and write a bare & as &amp;")
        return None
    except EntitiesForbidden as error:
        problems.error(path, f"the XML declares the entity '{error.name}', which is refused so "
                       "that nothing expands or is read from elsewhere", expat.CurrentLineNumber,
                       "remove the <!ENTITY> declarations; agency items do not need them")
        return None
    except DefusedXmlException as error:
        problems.error(path, f"the XML refers to an outside resource ({error}), which is refused",
                       expat.CurrentLineNumber, "remove the reference from the file")
        return None
    return XmlDoc(root, builder.lines)


def local(tag: str) -> str:
    """Return a tag or attribute name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def children(element: Element | None, name: str) -> Iterator[Element]:
    """Yield the child elements with this local name, in any namespace."""
    if element is not None:
        yield from (child for child in element if local(child.tag) == name)


def child(element: Element | None, name: str) -> Element | None:
    """Return the first child element with this local name, or None."""
    return next(children(element, name), None)


def path_child(element: Element | None, *names: str) -> Element | None:
    """Follow a path of local names down from an element."""
    for name in names:
        element = child(element, name)
    return element


def attr(element: Element | None, name: str) -> str:
    """Return an attribute's value stripped, or '' when the element or attribute is missing."""
    return element.get(name, "").strip() if element is not None else ""


def text(element: Element | None) -> str:
    """Return all the text inside an element, whitespace collapsed."""
    return collapse("".join(element.itertext())) if element is not None else ""


def code(qcode: str) -> str:
    """Return the code part of a QCode or URI: 'stat:canceled' -> 'canceled'."""
    return re.split(r"[:/#]", qcode.strip().rstrip("/"))[-1]


# Block-level HTML: whitespace around these tags is layout of the XML file, not of the text.
_BLOCKS = ("p|div|h[1-6]|ul|ol|li|dl|dt|dd|table|thead|tbody|tfoot|tr|td|th|caption|"
           "blockquote|figure|figcaption|section|article|aside|hr|br|header|footer")
_AROUND_BLOCK = re.compile(rf" ?(</?(?:{_BLOCKS})\b[^>]*>) ?")
_END_BLOCK = re.compile(rf"(</(?:{_BLOCKS})>|<(?:hr|br)\b[^>]*>)(?=<[^/])")
# XML whitespace only: a no-break space (&nbsp;) is text, not layout.
_LAYOUT = re.compile(r"[ \t\r\n]+")
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL)
_VOID = {"br", "hr", "img", "wbr"}
_KEPT_ATTRIBUTES = {"href", "src", "alt", "title", "lang", "colspan", "rowspan"}


def inner_html(element: Element, rename: dict[str, str] | None = None) -> str:
    """Serialise an element's content as HTML with local tag names, laid out one block a line."""
    raw = _content(element, rename or {})
    parts = _PRE.split(raw)
    for index in range(0, len(parts), 2):  # even parts are outside <pre>: collapse them
        spaced = _LAYOUT.sub(" ", parts[index])
        parts[index] = _END_BLOCK.sub(r"\1\n", _AROUND_BLOCK.sub(r"\1", spaced))
    return "".join(parts).strip(" \n")


def _content(element: Element, rename: dict[str, str]) -> str:
    parts = [escape(element.text or "", quote=False)]
    for item in element:
        if isinstance(item.tag, str):  # comments and processing instructions have no str tag
            parts.append(_outer(item, rename))
        parts.append(escape(item.tail or "", quote=False))
    return "".join(parts)


def _outer(element: Element, rename: dict[str, str]) -> str:
    name = local(element.tag)
    name = rename.get(name, name)
    attributes = "".join(f' {local(key)}="{escape(value)}"' for key, value in element.items()
                         if local(key) in _KEPT_ATTRIBUTES)
    if key_lang := element.get(XML_LANG):
        attributes += f' lang="{escape(key_lang)}"'
    if name in _VOID:
        return f"<{name}{attributes}>"
    return f"<{name}{attributes}>{_content(element, rename)}</{name}>"

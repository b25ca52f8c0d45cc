"""Parse XML from outside safely into a small tree that remembers each element's line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces
from xml.sax.xmlreader import AttributesNSImpl, InputSource, Locator

from defusedxml import EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.expatreader import DefusedExpatParser

from ...errors import Problem

# Short names for the namespaces the importers read. WXR changes its 'wp' namespace with
# each version (1.0, 1.1, 1.2), so all of them map to one prefix and the readers need no
# version switch.
PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://www.w3.org/2005/Atom": "atom",
    "http://www.w3.org/1999/xhtml": "xhtml",
    "http://www.w3.org/XML/1998/namespace": "xml",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    **{f"http://wordpress.org/export/1.{n}/": "wp" for n in range(3)},
    **{f"http://wordpress.org/export/1.{n}/excerpt/": "excerpt" for n in range(3)},
}
RE_EXPORT_HINT = "export the file again, or open it in an XML editor at that line"


@dataclass(slots=True)
class Node:
    """One element: its short name, attributes, text, children and the line it starts on."""

    name: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""  # before the first child
    tail: str = ""  # after this element, up to its next sibling

    @property
    def local(self) -> str:
        """Return the name without its prefix."""
        return self.name.rsplit(":", 1)[-1].rsplit("}", 1)[-1]

    def find(self, name: str) -> Node | None:
        """Return the first child called `name`, or None."""
        return next((child for child in self.children if child.name == name), None)

    def findall(self, name: str) -> list[Node]:
        """Return every child called `name`."""
        return [child for child in self.children if child.name == name]

    def child_text(self, name: str) -> str:
        """Return the stripped text of the first child called `name`, or ''."""
        child = self.find(name)
        return child.all_text().strip() if child is not None else ""

    def all_text(self) -> str:
        """Return all the text inside this element, tags left out."""
        return "".join(self._texts())

    def _texts(self) -> Iterator[str]:
        yield self.text
        for child in self.children:
            yield from child._texts()
            yield child.tail


def short_name(uri: str | None, local: str) -> str:
    """Return 'prefix:local' for a known namespace, 'local' for none, '{uri}local' else."""
    if not uri:
        return local
    prefix = PREFIXES.get(uri)
    return f"{prefix}:{local}" if prefix else f"{{{uri}}}{local}"


class _TreeBuilder(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.locator: Locator | None = None
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.chunks: list[str] = []

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def line(self) -> int:
        return (self.locator.getLineNumber() or 1) if self.locator else 1

    def _flush(self) -> None:
        # Text arrives in many pieces (every CDATA section, every buffer); joining them once
        # keeps a 100 MB export linear.
        if not self.chunks or not self.stack:
            self.chunks.clear()
            return
        text = "".join(self.chunks)
        self.chunks.clear()
        parent = self.stack[-1]
        if parent.children:
            parent.children[-1].tail += text
        else:
            parent.text += text

    def startElementNS(self, name: tuple[str | None, str], qname: str | None,
                       attrs: AttributesNSImpl) -> None:
        self._flush()
        values = {short_name(uri, local): value for (uri, local), value in attrs.items()}
        node = Node(short_name(*name), values, self.line())
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        self._flush()
        self.stack.pop()

    def characters(self, content: str) -> None:
        self.chunks.append(content)


def parse_xml(path: Path, label: str | None = None) -> Node | Problem:
    """Parse the XML file at `path` without expanding entities or fetching anything.

    Returns the root element, or a Problem naming the line where the file is unreadable.
    """
    where = label or str(path)
    builder = _TreeBuilder()
    # forbid_entities refuses any entity declaration (the 'billion laughs' bomb) and
    # forbid_external any external reference, before either is expanded or fetched.
    parser = DefusedExpatParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(builder)
    try:
        with path.open("rb") as stream:
            source = InputSource(where)
            source.setByteStream(stream)
            parser.parse(source)
    except OSError as exc:
        return Problem(where, f"cannot be read: {exc.strerror}", None,
                       "check that the file exists and that you may read it")
    except SAXParseException as exc:
        return _malformed(where, exc)
    except EntitiesForbidden as exc:
        return Problem(where, f"declares the XML entity '{exc.name}', which is not read",
                       builder.line(), "exports and feeds declare no entities: "
                       "remove the <!DOCTYPE ...> block, or export the file again")
    except ExternalReferenceForbidden as exc:
        return Problem(where, f"refers to the outside file '{exc.sysid}', which is not fetched",
                       builder.line(), "remove the reference, or export the file again")
    if builder.root is None:  # pragma: no cover - expat reports 'no element found' first
        return Problem(where, "has no XML element", 1, RE_EXPORT_HINT)
    return builder.root


def _malformed(where: str, exc: SAXParseException) -> Problem:
    """Say what expat found wrong, with a hint for the mistakes that exports really have."""
    reason = exc.getMessage()
    line = exc.getLineNumber() or 1
    column = (exc.getColumnNumber() or 0) + 1
    if reason == "undefined entity":
        hint = ("HTML names such as &nbsp; are not XML: write &#160; or the character itself, "
                "or wrap the text in <![CDATA[ ]]>")
    elif reason in ("no element found", "unclosed token"):
        hint = "the file ends too soon: check that the download or export finished"
    elif reason == "not well-formed (invalid token)":
        hint = ("a stray '<' or '&', a control character or a wrong encoding; "
                + RE_EXPORT_HINT)
    else:
        hint = RE_EXPORT_HINT
    return Problem(where, f"is not well-formed XML: {reason} at column {column}", line, hint)

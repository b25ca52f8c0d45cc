"""What the files made without templates share (feeds, sitemaps, robots.txt, redirects):
the Page that carries their bytes, and XML-safe text and dates."""

from __future__ import annotations

import re
from datetime import datetime

from ..model import Page
from ..site.urls import output_path

# XML 1.0 forbids most control characters even as references; one in a wire story would
# make a whole feed or sitemap unreadable, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def body_page(url: str, body: str, origin: str) -> Page:
    """A page whose text is ready: written as it stands, and left out of the sitemap."""
    return Page(url, output_path(url), "", origin=origin, body=body.encode("utf-8"),
                sitemap=False)


def escape(value: str) -> str:
    """`&`, `<` and `>` as entities (what xml.sax.saxutils.escape does, without importing
    it: it brings urllib.request, ~10 ms of every build)."""
    return value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(value: str) -> str:
    """A value escaped and quoted for an attribute, as xml.sax.saxutils.quoteattr quotes
    it: in double quotes, or single ones where it holds double quotes but no single."""
    value = escape(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"{}"'.format(value.replace('"', "&quot;"))


def text(value: str) -> str:
    """Escape text for an XML element."""
    return escape(_NOT_XML.sub("", value))


def attr(value: str) -> str:
    """Escape and quote a value for an XML attribute."""
    return quoteattr(_NOT_XML.sub("", value))


def w3c(moment: datetime) -> str:
    """RFC 3339 / W3C datetime with its offset, to the second."""
    return moment.isoformat(timespec="seconds")

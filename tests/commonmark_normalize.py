"""The CommonMark spec's HTML normalisation, so that two renderers' insignificant differences
(whitespace around blocks, `<br />` or `<br>`, attribute order, `&copy;` or `©`) compare equal.

A new implementation of the rules of the spec repository's test/normalize.py, as its test
runner applies them:

- outside <pre>, every run of whitespace in text becomes one space;
- whitespace next to a block-level tag is dropped (text after a block start tag loses its
  leading whitespace, text after a block end tag its leading and trailing whitespace, and
  whitespace before a block tag, open or close, is removed);
- a newline right after <br> is dropped;
- a self-closing tag (`<br />`) is written as an open tag (`<br>`);
- tag and attribute names are lower case, attributes sorted, values written in double quotes
  with `&`, `<`, `>` and `"` escaped, and an attribute without a value stays bare;
- character references become the characters they stand for, except `<`, `>`, `&` and `"`,
  written `&lt;`, `&gt;`, `&amp;` and `&quot;`; a reference that names nothing stays as is;
- comments, declarations and processing instructions stay as they are, and so does a CDATA
  section on one line.

Like the original, characters written raw in text (a `"` or a `>`) are kept as they are, and
a `<` that opens no tag (no `>` follows it) is dropped. The original's URL quoting of
`href` and `src` never runs (it tests the attribute's value, not its name), so there is none
here either.
"""

from __future__ import annotations

import re
from html.entities import name2codepoint
from html.parser import HTMLParser

__all__ = ["normalize_html"]

BLOCK_TAGS = frozenset((
    "article", "header", "aside", "hgroup", "blockquote", "hr", "iframe", "body", "li", "map",
    "button", "object", "canvas", "ol", "caption", "output", "col", "p", "colgroup", "pre", "dd",
    "progress", "div", "section", "dl", "table", "td", "dt", "tbody", "embed", "textarea",
    "fieldset", "tfoot", "figcaption", "th", "figure", "thead", "footer", "tr", "form", "ul",
    "h1", "h2", "h3", "h4", "h5", "h6", "video", "script", "style",
))
WHITESPACE = re.compile(r"\s+")
# Text, a tag, or a CDATA section: the input is fed to the parser one piece at a time, and
# CDATA (which HTMLParser does not read as such) is copied through untouched.
PIECES = re.compile(r"<!\[CDATA\[.*?\]\]>|<[^>]*>|[^<]+")
KEPT_AS_REFERENCES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}


def normalize_html(html: str) -> str:
    """Return `html` with the differences that the CommonMark spec ignores taken out."""
    parser = _Normaliser()
    for piece in PIECES.finditer(html):
        text = piece.group(0)
        if text.startswith("<![CDATA["):
            parser.out.append(text)
        else:
            parser.feed(text)
    parser.close()
    return "".join(parser.out)


class _Normaliser(HTMLParser):
    """An HTMLParser that writes the normalised document into `out`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.last = "starttag"  # what was seen last: starttag, endtag, data, ref, comment...
        self.last_tag = ""
        self.in_pre = False

    def _strip_trailing_space(self) -> None:
        while self.out and not self.out[-1].rstrip():
            self.out.pop()
        if self.out:
            self.out[-1] = self.out[-1].rstrip()

    def handle_data(self, data: str) -> None:
        after_tag = self.last in ("starttag", "endtag")
        if after_tag and self.last_tag == "br":
            data = data.lstrip("\n")
        if not self.in_pre:
            data = WHITESPACE.sub(" ", data)
            if after_tag and self.last_tag in BLOCK_TAGS:
                data = data.lstrip() if self.last == "starttag" else data.strip()
        self.out.append(data)
        self.last = "data"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.in_pre = True
        if tag in BLOCK_TAGS:
            self._strip_trailing_space()
        written = "".join(
            f" {name}" if value is None else f' {name}="{_escape_attribute(value)}"'
            for name, value in sorted(attrs, key=lambda pair: (pair[0], pair[1] or "")))
        self.out.append(f"<{tag}{written}>")
        self.last_tag = tag
        self.last = "starttag"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        # Nothing will close it: for the whitespace rules it has ended.
        self.last = "endtag"

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre = False
        elif tag in BLOCK_TAGS:
            self._strip_trailing_space()
        self.out.append(f"</{tag}>")
        self.last_tag = tag
        self.last = "endtag"

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")
        self.last = "comment"

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")
        self.last = "decl"

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<!{data}>")
        self.last = "decl"

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")
        self.last = "pi"

    def handle_entityref(self, name: str) -> None:
        codepoint = name2codepoint.get(name)
        self._reference(None if codepoint is None else chr(codepoint), f"&{name};")

    def handle_charref(self, name: str) -> None:
        try:
            number = int(name[1:], 16) if name[:1] in ("x", "X") else int(name)
            char: str | None = chr(number)
        except (ValueError, OverflowError):
            char = None
        self._reference(char, f"&#{name};")

    def _reference(self, char: str | None, written: str) -> None:
        if char is None:
            self.out.append(written)
        else:
            self.out.append(KEPT_AS_REFERENCES.get(char, char))
        self.last = "ref"


def _escape_attribute(value: str) -> str:
    """Escape `&`, `<`, `>` and `"`, and nothing else, in an attribute value."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))

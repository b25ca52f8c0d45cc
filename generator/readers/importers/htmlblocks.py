"""Lay out an HTML body so that Markdown readers pass every byte of it through as HTML.

A Markdown file whose body is HTML is only safe when each top-level piece is an HTML block
to both CommonMark and Python-Markdown: it starts a line, with a tag both know as a block,
has blank lines around it and none inside (a blank line ends a CommonMark HTML block, and
what follows would be read as Markdown: an indented line would become code). So this:
- puts each top-level block element on its own, separated by one blank line;
- wraps loose inline content (text, <img>, <a>...) at the top in <p>, as a browser shows
  it anyway, instead of leaving it to Markdown, which would read '*' or '1.' as syntax;
- removes blank lines inside blocks: where whitespace collapses they become one line
  break; inside <pre> and <textarea>, where it does not, the line break before a blank
  line becomes '&#10;', which the browser reads as the same line break (and a tab '&#9;',
  since Python-Markdown expands tabs even in HTML).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Block tags in both CommonMark's HTML block start conditions 1 and 6 and Python-Markdown's
# block-level elements: only these may start a block that both pass through.
SAFE_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "colgroup", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "iframe", "legend", "li", "main", "menu", "nav", "ol", "option",
    "p", "pre", "script", "section", "style", "summary", "table", "tbody", "td", "textarea",
    "tfoot", "th", "thead", "tr", "ul",
})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
# Start tags that end an open <p> in HTML's parsing rules, so '<p>a<div>' is two blocks.
CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
})
KEEP_WHITESPACE = frozenset({"pre", "textarea", "listing"})
RAW_TEXT = frozenset({"script", "style"})  # no references in them: text stays as it is
RAW_START = re.compile(r"<(?:pre|script|style|textarea)(?:[\s>]|$)", re.I)
RAW_END = re.compile(r"</(?:pre|script|style|textarea)>", re.I)
BLANK_LINES = re.compile(r"\n(?:[ \t\f\v]*\n)+")
BEFORE_BLANK_LINE = re.compile(r"\n(?=[ \t\f\v]*\n)")


class _Tokens(HTMLParser):
    """Record where each token starts, its kind and its tag; the text is sliced later."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.events: list[tuple[int, str, str]] = []

    def _add(self, kind: str, tag: str = "") -> None:
        line, column = self.getpos()
        self.events.append((self.line_starts[line - 1] + column, kind, tag))

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._add("void" if tag in VOID else "start", tag)

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self._add("void", tag)

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag)

    def handle_data(self, data: str) -> None:
        self._add("text")

    def handle_entityref(self, name: str) -> None:
        self._add("text")

    def handle_charref(self, name: str) -> None:
        self._add("text")

    def handle_comment(self, data: str) -> None:
        self._add("comment")

    def handle_decl(self, decl: str) -> None:
        self._add("other")

    def handle_pi(self, data: str) -> None:
        self._add("other")

    def unknown_decl(self, data: str) -> None:
        self._add("other")


def _without_blank_lines(raw: str, kind: str, stack: list[str]) -> str:
    if kind == "text" and not RAW_TEXT.intersection(stack):
        # A '<' the parser left in text ('5 < 6', an unclosed '<!--') is text; written as
        # '&lt;' it stays text to the browser and to both Markdown readers, which disagree.
        raw = raw.replace("<", "&lt;")
    if kind == "text" and KEEP_WHITESPACE.intersection(stack):
        # Python-Markdown turns every tab into spaces, raw HTML included; a reference is
        # the same tab to the browser and left alone.
        return BEFORE_BLANK_LINE.sub("&#10;", raw).replace("\t", "&#9;")
    return BLANK_LINES.sub("\n", raw)


class _Layout:
    """Gather top-level blocks and the loose content between them."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.loose: list[str] = []
        self.block: list[str] = []
        self.stack: list[str] = []

    def flush_loose(self) -> None:
        # Collapsed again as a whole: a stray end tag left out may join two blank lines.
        text = BLANK_LINES.sub("\n", "".join(self.loose)).strip()
        self.loose.clear()
        if text:
            self.blocks.append(f"<p>{text}</p>")

    def end_block(self) -> None:
        block = "".join(self.block).rstrip()
        self.block.clear()
        # CommonMark ends a block opened by <pre>, <script>, <style> or <textarea> on the
        # first line holding any of their end tags; one before the last line (a <pre> inside
        # a <pre>, '</pre>' in a script) would end it early. A <div> block ends only at a
        # blank line, and there is none.
        before_last_line = block.rpartition("\n")[0]
        if RAW_START.match(block) and RAW_END.search(before_last_line):
            block = f"<div>{block}</div>"
        self.blocks.append(block)

    def top(self, raw: str, kind: str, tag: str) -> None:
        if kind in ("start", "void") and tag in SAFE_BLOCKS:
            self.flush_loose()
            self.block.append(raw)
            if kind == "start":
                self.stack.append(tag)
            else:
                self.end_block()
        elif kind == "end" and tag in SAFE_BLOCKS:
            # A block's end tag with no block open: browsers ignore it (or show an empty
            # paragraph for '</p>'), and the Markdown readers would each place it elsewhere.
            return
        elif kind == "comment" and not "".join(self.loose).strip():
            self.flush_loose()
            self.blocks.append(raw)
        else:
            self.loose.append(raw)

    def inside(self, raw: str, kind: str, tag: str) -> None:
        self.block.append(raw)
        if kind == "start":
            self.stack.append(tag)
        elif kind == "end" and tag in self.stack:
            while self.stack.pop() != tag:
                pass
            if not self.stack:
                self.end_block()


def markdown_safe_html(body: str) -> str:
    """Return `body` laid out as HTML blocks that Markdown readers leave as they are."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    tokens = _Tokens(text)
    tokens.feed(text)
    tokens.close()
    events = tokens.events
    layout = _Layout()
    for index, (start, kind, tag) in enumerate(events):
        end = events[index + 1][0] if index + 1 < len(events) else len(text)
        raw = _without_blank_lines(text[start:end], kind, layout.stack)
        if layout.stack and kind in ("start", "void") and tag in CLOSES_P \
                and layout.stack[-1] == "p":
            layout.stack.pop()  # HTML closes the paragraph here
            if not layout.stack:
                layout.end_block()
        if layout.stack:
            layout.inside(raw, kind, tag)
        else:
            layout.top(raw, kind, tag)
    if layout.block:  # an element never closed: the rest of the body is its block
        layout.end_block()
    layout.flush_loose()
    return "\n\n".join(block for block in layout.blocks if block)

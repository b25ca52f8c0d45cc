"""Plain text written as CommonMark that renders back to exactly that text, in one paragraph."""

from __future__ import annotations

import re

__all__ = ["escape_commonmark"]

# What would be read as syntax, each escaped with a backslash (all are ASCII punctuation, which
# CommonMark lets a backslash escape). Every alternative looks at the text as written.
SYNTAX = re.compile(
    # Inline syntax anywhere: escapes and hard breaks, code, emphasis, strikethrough, links,
    # images, footnote references and task boxes, autolinks and raw HTML, entities; and the
    # '@' of an email address, which linkify-it links with a domain or an IP address; and
    # '{' and '|', which are no syntax here but start other tools' template syntax ('{{ x }}',
    # '{static}', '|filename|'), which a build warns of (readers/syntax.py): escaped, the
    # text never looks like it.
    r"(?P<inline>[\\`*_~\[<&@{|])"
    # What opens a block at the start of a line: a heading, quote, list item, setext
    # underline or thematic break, definition (':'), or a table's delimiter row ('|', '-',
    # ':'; without one no table can start).
    r"|^(?P<block>[#>+=:|\-])"
    # An ordered list item: '1.' or '1)' (escaping the digits would not do: '\1' is no escape).
    r"|^\d+(?P<ordered>[.)])"
    # Autolinks (linkify-it, as the renderer runs it), in the text tokens that escapes split
    # the text into. An address needs its '@' (above). A link without a scheme ends in a dot
    # and a top-level domain, which starts with a letter: such dots are escaped.
    r"|(?P<dot>\.)(?=[^\W\d_])"
    # A link with a scheme ('http://', 'https://', 'ftp://' or '//' alone, to 'localhost' or
    # an IP address too) needs '//'; 'mailto:' needs an '@'.
    r"|(?<=/)(?P<slash>/)",
    re.MULTILINE,
)
# A newline that cannot be a line break (next to an empty line) is written as a reference.
NEWLINE = "&#10;"
TAB = "&#9;"


def escape_commonmark(text: str) -> str:
    """Return Markdown that CommonMark renders as one paragraph of exactly `text`.

    With every extension of CommonMarkRenderer on (tables, strikethrough, autolinks, task
    lists, footnotes, definition lists), `render(escape_commonmark(text))` is
    `<p>` + the text escaped for HTML + `</p>`, newlines kept. Text without a character
    gives no paragraph at all.
    """
    lines = text.split("\n")
    written: list[str] = []
    current = ""
    for number, line in enumerate(lines):
        if number:
            # An empty line would end the paragraph; lines either side of one are joined
            # with a reference for each newline.
            if line and lines[number - 1]:
                written.append(current)
                current = ""
            else:
                current += NEWLINE
        current += _escape_line(line)
    written.append(current)
    return "\n".join(written)


def _escape_line(line: str) -> str:
    """Escape one line of text; its first character is taken to start a Markdown line."""
    escaped = SYNTAX.sub(_backslash_last, line)
    # CommonMark drops the spaces and tabs that start and end a line (two at the end make a
    # hard break, four at the start code), and markdown-it trims a paragraph of all that
    # JavaScript's trim() removes (U+00A0, U+3000...); references are kept as text.
    if escaped[:1].isspace():
        escaped = f"&#{ord(escaped[0])};{escaped[1:]}"
    if escaped[-1:].isspace():
        escaped = f"{escaped[:-1]}&#{ord(escaped[-1])};"
    return escaped.replace("\t", TAB)


def _backslash_last(match: re.Match[str]) -> str:
    """Put a backslash before the match's last character, the one that is syntax."""
    found = match.group(0)
    return f"{found[:-1]}\\{found[-1]}"

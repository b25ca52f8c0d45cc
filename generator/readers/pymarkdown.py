"""The Python-Markdown engine, for sites written for it."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import markdown

# Characters that start Markdown inline syntax anywhere in a line.
INLINE = re.compile(r"([\\`*_\[\]{}|>])")
# What starts a block (heading, list, quote, setext rule, definition, fence) at a line start.
LINE_START = re.compile(r"^([#+\-=:~])")
ORDERED = re.compile(r"^(\d+)([.)])")


class MarkdownRenderer:
    """One reusable Markdown converter; `=`, `:` and `~` join the backslash-escapable characters."""

    nesting_hint = "a few hundred levels at most"

    def __init__(self, extensions: Sequence[str]) -> None:
        self._md = markdown.Markdown(extensions=list(extensions), output_format="html")
        # Without these a line of '=' under a paragraph would become a heading, one starting
        # with ':' a definition and '~~~' a code fence, and the importer could not write
        # such wire text losslessly.
        for char in "=:~":
            if char not in self._md.ESCAPED_CHARS:
                self._md.ESCAPED_CHARS.append(char)

    def warm_up(self) -> None:
        """Nothing to do: Python-Markdown compiles its patterns when it is made."""

    def render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)

    def paragraphs(self, paragraphs: Sequence[str]) -> str:
        """Plain-text paragraphs as HTML, as this engine renders their escape_markdown:
        '"' as it is, tabs as references, no newline after the last block."""
        return "\n".join(f"<p>{escape_text(p)}</p>" for p in paragraphs)


def escape_text(text: str) -> str:
    """Escape text for HTML as Python-Markdown writes it: '"' as it is, tabs as references."""
    return html.escape(text, quote=False).replace("\t", "&#9;")


def escape_markdown(text: str) -> str:
    """Escape plain text so that Python-Markdown renders it to exactly the escaped text."""
    lines = []
    for line in text.split("\n"):
        line = INLINE.sub(r"\\\1", line).replace("&", "&amp;").replace("<", "&lt;")
        line = line.replace("\t", "&#9;")
        line = LINE_START.sub(r"\\\1", line)
        line = ORDERED.sub(r"\1\\\2", line)
        lines.append(line)
    return "\n".join(lines)

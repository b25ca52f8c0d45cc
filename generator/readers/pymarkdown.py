"""The Python-Markdown engine, for sites written for it."""

from __future__ import annotations

import markdown


class MarkdownRenderer:
    """One reusable Markdown converter; `=`, `:` and `~` join the backslash-escapable characters."""

    def __init__(self, extensions: tuple[str, ...]) -> None:
        self._md = markdown.Markdown(extensions=list(extensions), output_format="html")
        # Without these a line of '=' under a paragraph would become a heading, one starting
        # with ':' a definition and '~~~' a code fence, and the importer could not write
        # such wire text losslessly.
        for char in "=:~":
            if char not in self._md.ESCAPED_CHARS:
                self._md.ESCAPED_CHARS.append(char)

    def render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)

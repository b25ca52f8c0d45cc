"""The title of an article whose front matter gives none: its first heading, the words of
a dated file name (as Jekyll shows it), or the first words of its text."""

from __future__ import annotations

import html
import re

from ..errors import Problems, quoted
from .dates import FILE_DATE, name_words

FIRST_H1 = re.compile(r"<h1(?:\s[^>]*)?>(.*?)</h1>\s*", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
TITLE_WORDS = 10


def missing_title(body_html: str, text: str, file_name: str, path: str,
                  problems: Problems) -> tuple[str, str]:
    """Return (title, body HTML) for an article without a title; the heading taken for
    the title leaves the body, so that the page does not show it twice."""
    heading = FIRST_H1.search(body_html)
    if heading:
        title = " ".join(html.unescape(TAG.sub("", heading[1])).split())
        if title:
            return title, body_html[:heading.start()] + body_html[heading.end():]
    words = name_words(file_name)
    if FILE_DATE.match(file_name) and words:
        title = " ".join(w.capitalize() for w in re.split(r"[-_\s]+", words) if w)
        problems.warn(path, f"no title; using the words of the file name: {quoted(title)}, "
                      "as Jekyll shows it", None, "add 'title: Your headline' to the front matter")
        return title, body_html
    first = next((p for p in text.split("\n\n") if p.strip()), "")
    if first:
        title = first_words(first)
        problems.warn(path, f"no title; using the first words of the text: {quoted(title)}",
                      None, "add 'title: Your headline' to the front matter")
        return title, body_html
    problems.error(path, "missing 'title'", None, "add 'title: Your headline' to the front matter")
    return "", body_html


def first_words(paragraph: str) -> str:
    """The first words of a paragraph, with an ellipsis if cut."""
    words = paragraph.split()
    return " ".join(words) if len(words) <= TITLE_WORDS else " ".join(words[:TITLE_WORDS]) + "…"

"""The relative links and images of a body: files beside the article, or other pages."""

from __future__ import annotations

import html
import re

# href and src attributes as the Markdown renderer and authors' HTML write them.
ATTRIBUTE = re.compile(r"""<[A-Za-z][^<>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""",
                       re.I)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Other tools' link syntax ({filename}, {{< ref >}}, @/): warned about as template syntax.
TEMPLATED = re.compile(r"[{}|]|%7[BbDd]|^@/")


def is_relative(url: str) -> bool:
    """Whether a URL is relative to the page: no scheme, not from the root, not only a
    fragment or query, and not another tool's link syntax."""
    return bool(url) and not url.startswith(("#", "/", "?", "\\")) \
        and not SCHEME.match(url) and not TEMPLATED.search(url)


def relative_refs(body_html: str, body: str, first_line: int
                  ) -> tuple[tuple[str, int | None], ...]:
    """Each relative URL of the body once, with the line of the body's text it is on
    (`first_line` is the body's first line in the file; None if it cannot be found)."""
    found: dict[str, int | None] = {}
    lines: list[str] | None = None
    for match in ATTRIBUTE.finditer(body_html):
        url = html.unescape(match[1] if match[1] is not None else match[2]).strip()
        if url in found or not is_relative(url):
            continue
        lines = body.split("\n") if lines is None else lines
        found[url] = next((number for number, line in enumerate(lines, start=first_line)
                           if url in line), None)
    return tuple(found.items())

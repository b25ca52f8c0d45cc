"""The local images an article's body shows: found once, when the article is parsed.

The images stage publishes them (outputs/media.py); knowing them from the parse means a
build never reads every body to find its pictures.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

# The pictures the images stage publishes as variants (outputs/media_places.py).
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".gif"})


def local_image_path(src: str) -> str | None:
    """Return the decoded path of a local image URL, or None for remote and data URLs."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None  # http(s)://, //host/, data:, or only a query or a fragment
    return unquote(parts.path)


def body_images(body_html: str) -> tuple[str, ...]:
    """The src of every local <img> of a body, as written, each once, in order."""
    if "<img" not in body_html and "<IMG" not in body_html.upper():
        return ()
    finder = _Sources()
    finder.feed(body_html)
    finder.close()
    return tuple(dict.fromkeys(finder.found))


class _Sources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            src = next((value for name, value in attrs if name == "src"), None)
            if src and local_image_path(src) is not None:
                self.found.append(src)

    handle_startendtag = handle_starttag

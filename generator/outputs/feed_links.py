"""Links in what feeds carry: a feed reader has no page URL to resolve a root-relative or
relative link (a picture beside the article, 'photo.jpg') against, so they are made
absolute."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from ..config import Config

_URL_ATTRIBUTE = re.compile(r"""(\s(href|src|srcset)\s*=\s*)(["'])(.*?)\3""",
                            re.IGNORECASE | re.DOTALL)
_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def feed_html(config: Config, body_html: str, page_url: str = "/") -> str:
    """Return an article's HTML with its root-relative and relative links (href, src,
    srcset) made absolute: under base_url, and from the article's own URL."""
    page = config.absolute(page_url)

    def fix(match: re.Match[str]) -> str:
        value = match[4]
        if match[2].lower() == "srcset":
            candidates = (c.strip().split(None, 1) for c in value.split(",") if c.strip())
            value = ", ".join(" ".join([absolute_url(config, c[0], page), *c[1:]])
                              for c in candidates)
        else:
            value = absolute_url(config, value, page)
        return f"{match[1]}{match[3]}{value}{match[3]}"

    return _URL_ATTRIBUTE.sub(fix, body_html)


def absolute_url(config: Config, url: str, page: str = "") -> str:
    """A URL made absolute: root-relative under base_url, relative from `page`; URLs with
    a scheme or a host, and fragments, stay as they are."""
    if _HAS_SCHEME.match(url) or url.startswith(("//", "#")) or not url:
        return url
    if url.startswith("/"):
        return config.base_url.rstrip("/") + url
    return urljoin(page or config.base_url, url)

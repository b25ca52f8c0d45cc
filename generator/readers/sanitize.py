"""sanitize_html = true: article HTML with nothing that could run script or embed pages."""

from __future__ import annotations

import nh3

# For sanitize_html = true: ammonia's (nh3's) safe defaults, which drop <script>, <style>,
# on* attributes and javascript: URLs, widened to keep what Markdown itself writes: ids and
# classes (footnotes, attr_list, code languages), titles, and table cell alignment.
_SANITIZER = nh3.Cleaner(
    attributes={**nh3.ALLOWED_ATTRIBUTES,
                "*": {"id", "class", "title", "lang", "dir"},
                "td": {*nh3.ALLOWED_ATTRIBUTES["td"], "style"},
                "th": {*nh3.ALLOWED_ATTRIBUTES["th"], "style"}},
    filter_style_properties={"text-align"},
    link_rel=None,
)


def sanitize_html(body_html: str) -> str:
    """Return article HTML with anything that could run script or load content removed."""
    return _SANITIZER.clean(body_html)

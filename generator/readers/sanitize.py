"""sanitize_html = true: article HTML with nothing that could run script or embed pages."""

from __future__ import annotations

import nh3

# For sanitize_html = true: ammonia's (nh3's) safe defaults, which drop <script>, <style>,
# on* attributes and javascript: URLs, widened to keep what Markdown itself writes, with
# either engine: ids and classes (footnotes, heading ids, code languages), titles, table
# cell alignment, the footnotes' <section> (CommonMark) and task lists' checkboxes.
_SANITIZER = nh3.Cleaner(
    tags={*nh3.ALLOWED_TAGS, "input", "section"},
    attributes={**nh3.ALLOWED_ATTRIBUTES,
                "*": {"id", "class", "title", "lang", "dir"},
                "td": {*nh3.ALLOWED_ATTRIBUTES["td"], "style"},
                "th": {*nh3.ALLOWED_ATTRIBUTES["th"], "style"}},
    # An <input> may only be a task list's box: a checkbox, ticked or not, never a field to
    # type in or to tick. (One attribute set, and the others kept in the order written:
    # nh3 writes the attributes it sets in no fixed order.)
    tag_attribute_values={"input": {"type": {"checkbox"}, "checked": {"", "checked"},
                                    "disabled": {"", "disabled"}}},
    set_tag_attribute_values={"input": {"disabled": ""}},
    filter_style_properties={"text-align"},
    link_rel=None,
)


def sanitize_html(body_html: str) -> str:
    """Return article HTML with anything that could run script or load content removed."""
    return _SANITIZER.clean(body_html)

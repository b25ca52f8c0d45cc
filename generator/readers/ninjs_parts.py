"""The parts of a ninjs item whose field names and shapes differ between 1.x, 2.x and 3.x."""

from __future__ import annotations

import re
from typing import Any

from .agency import (
    AgencyImage,
    collapse,
    html_to_text,
    image_from,
    plain_text,
    sanitize_agency_html,
)

# ninjs 2.x and 3.x name a body's format in 'contenttype'/'contentType' or only in its 'role'.
_HTML_ROLES = {"html", "xhtml", "html5", "richhtml", "richhtml5"}
_SUMMARY_ROLES = ("summary", "abstract", "text", "")
_TAG = re.compile(r"</?[A-Za-z][\w-]*[\s/>]")


def items(data: object) -> list[dict[str, Any]]:
    """Return the items of a ninjs file: the object itself, or each object of a list."""
    entries = data if isinstance(data, list) else [data]
    return [entry for entry in entries if isinstance(entry, dict)]


def first_text(data: dict[str, Any], *keys: str) -> str:
    """Return the first of these keys holding non-blank text, whitespace collapsed."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return collapse(value)
    return ""


def _entries(data: dict[str, Any], *keys: str) -> list[dict[str, Any]]:
    """Return the objects of a list field (2.x, 3.x) or of a keyed object (1.x)."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, list):
            return [entry for entry in value if isinstance(entry, dict)]
        if isinstance(value, dict):
            return [{"name": name, **entry} for name, entry in value.items()
                    if isinstance(entry, dict)]
    return []


def _kind(entry: dict[str, Any]) -> str:
    """Return an entry's role or name (what 2.0 drafts called it), lower case."""
    return (first_text(entry, "role") or first_text(entry, "name")).casefold()


def _type(entry: dict[str, Any]) -> str:
    return first_text(entry, "contenttype", "contentType", "mimetype").casefold()


def headline(data: dict[str, Any]) -> str:
    """Return 'headline' (1.x), else the main of 'headlines' (2.x, 3.x), else 'title'."""
    found = first_text(data, "headline")
    if found:
        return found
    lines = _entries(data, "headlines", "headline")
    main = [entry for entry in lines if _kind(entry) in ("main", "")] + lines
    return next((text for entry in main if (text := first_text(entry, "value"))), "") \
        or first_text(data, "title")


def body(data: dict[str, Any]) -> tuple[str, str]:
    """Return (sanitised HTML, '') or ('', plain text): HTML when the item has any."""
    variants = sorted(key for key in data if key.startswith("body_") and "html" in key)
    keys = ["body_html", "body_xhtml", *variants]  # the plainest HTML first
    markup = [value for key in keys if isinstance(value := data.get(key), str) and value.strip()]
    text = [value for value in [data.get("body_text")] if isinstance(value, str)]
    for entry in _entries(data, "bodies", "body"):
        value = entry.get("value")
        if not isinstance(value, str) or not value.strip():
            continue
        kind = _type(entry)
        if "html" in kind or (not kind and (_kind(entry) in _HTML_ROLES or _TAG.search(value))):
            markup.append(value)
        elif kind in ("text/plain", ""):
            text.append(value)  # declared plain text stays text, '<' and all
    if markup:
        return sanitize_agency_html(markup[0]), ""
    return "", plain_text(text[0]) if text else ""


def summary(data: dict[str, Any]) -> str:
    """Return the summary: 'description_text' (1.x) or a summary role of 'descriptions'."""
    plain = first_text(data, "description_text")
    if plain:
        return plain
    html = first_text(data, "description_html", "description_xhtml")
    if html:
        return html_to_text(html)
    entries = _entries(data, "descriptions", "description")
    for role in _SUMMARY_ROLES:
        for entry in entries:
            value = first_text(entry, "value")
            if value and _kind(entry) == role:
                return html_to_text(value) if "html" in _type(entry) else value
    return ""


def names(data: dict[str, Any], *keys: str) -> list[str]:
    """Return the 'name' of each object in a list field: subjects, info sources."""
    return [name for entry in _entries(data, *keys) if (name := first_text(entry, "name"))]


def image(data: dict[str, Any]) -> AgencyImage | None:
    """Return the first picture association's best rendition as the lead image."""
    for association in _entries(data, "associations"):
        if first_text(association, "type") not in ("picture", "graphic", ""):
            continue
        renditions = [(f"{entry.get('name', '')} {first_text(entry, 'title')}",
                       first_text(entry, "href"))
                      for entry in _entries(association, "renditions")
                      if _type(entry).startswith("image/") or not _type(entry)]
        caption = summary(association)
        for entry in _entries(association, "descriptions"):
            if _kind(entry) == "caption" and first_text(entry, "value"):
                caption = first_text(entry, "value")
        credit = first_text(association, "by", "byline", "copyrightholder", "copyrightHolder")
        found = image_from(renditions, headline(association), caption, credit)
        if found is not None:
            return found
    return None

"""An agency item as Markdown with front matter: what `import` writes and what a build reads.

The build reads a ninjs or NewsML-G2 file by making this text and reading it as a .md file,
so that an imported item builds to the very page its agency file gives.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

import yaml

from ..slugs import slugify
from .agency import AgencyItem

# Python-Markdown passes a block-level element through untouched, blank lines and all: the
# agency's HTML (sanitised already) is wrapped in one so that no word of it reads as Markdown.
BODY_OPEN = '<div class="agency-body">'
BODY_CLOSE = "</div>"


def item_date(item: AgencyItem) -> datetime:
    """Return when the article comes out: its date, or the end of its embargo if later."""
    date = item.date
    assert date is not None  # the readers leave out items without a date
    return item.embargoed if item.embargoed is not None and item.embargoed > date else date


def item_slug(item: AgencyItem) -> str:
    """Return the slug of an item's URL: from its slugline, else its headline."""
    return slugify(item.url_name) or "article"


def item_meta(item: AgencyItem, image: str) -> dict[str, object]:
    """Return the front matter of an item; `image` is its lead image's src ('' for none)."""
    meta: dict[str, object] = {"title": item.headline, "date": item_date(item)}
    updated = item.updated
    if updated is not None and updated > item_date(item):
        meta["updated"] = updated
    meta["slug"] = item_slug(item)
    if item.authors:
        meta["authors"] = list(item.authors)
    if item.source:
        meta["source"] = item.source
    if item.language:
        meta["language"] = item.language
    if item.tags:
        meta["tags"] = list(item.tags)
    if item.summary:
        meta["summary"] = item.summary
    if item.dateline:
        meta["dateline"] = item.dateline
    if image and item.image is not None:
        picture = {"src": image, "alt": item.image.alt or item.headline}
        picture.update({key: value for key, value in (("caption", item.image.caption),
                                                      ("credit", item.image.credit)) if value})
        meta["image"] = picture
    if item.withdrawn:
        meta["status"] = "withdrawn"
        meta["withdrawn_note"] = "The agency withdrew this story."
    return meta


def item_markdown(item: AgencyItem, exists: Callable[[str], bool]) -> str:
    """Return the Markdown file of an item: YAML front matter, then its body.

    The lead image is the picture beside the item when `exists` finds it, else its URL.
    """
    image = item.image.choose(exists) if item.image is not None else ""
    front = yaml.safe_dump(item_meta(item, image), allow_unicode=True, sort_keys=False,
                           width=1000)
    if item.body_html:
        body = f"{BODY_OPEN}\n{item.body_html}\n{BODY_CLOSE}"
    else:
        body = "\n\n".join(f"<p>{_escaped(p)}</p>" for p in item.paragraphs)
    return f"---\n{front}---\n\n{body}\n"


def _escaped(text: str) -> str:
    """Text for an HTML paragraph; tabs become character references, which both Markdown
    engines pass through as they are (raw HTML blocks)."""
    return html.escape(text, quote=False).replace("\t", "&#9;")

"""[front_matter] in site.toml: which keys of other tools' front matter fill our fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Problems, did_you_mean
from .tables import CONFIG_NAME, key_line

# Our fields and the keys read for each, first to last: ours, then what Hugo, Jekyll,
# Pelican, Zola and WordPress exports call them. A dotted key reads a table
# (Zola's [taxonomies]). Tags and aliases take the values of every key; the other fields
# the first key that has a value.
DEFAULT_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "date": ("date", "publishdate", "pubdate", "published"),
    "updated": ("updated", "lastmod", "modified", "last_modified_at"),
    "tags": ("tags", "tag", "categories", "category", "taxonomies.tags",
             "taxonomies.categories"),
    "summary": ("summary", "description", "excerpt"),
    "author": ("author", "authors"),
    "draft": ("draft",),
    "aliases": ("aliases", "redirect_from", "url", "permalink", "path"),
    "slug": ("slug",),
    "language": ("language", "lang"),
    "source": ("source",),
    "translation_key": ("translation_key", "translationkey"),
    "image": ("image",),
    "corrections": ("corrections",),
    "withdrawn_note": ("withdrawn_note",),
    "expires": ("expires", "expirydate"),
}
# Keys that hold a page's whole old address (Hugo's url, Jekyll's permalink, Zola's path):
# read from the site root, with or without a leading '/'.
ADDRESS_KEYS = frozenset({"url", "permalink", "path"})
# slug_from: where an article's slug comes from when it has no 'slug:'.
SLUG_SOURCES = ("title", "filename")


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """[front_matter]: field = ["key", ...], in lower case; every field has its keys."""

    keys: tuple[tuple[str, tuple[str, ...]], ...] = tuple(DEFAULT_KEYS.items())

    def of(self, field: str) -> tuple[str, ...]:
        """The keys read for one of our fields, first to last."""
        return next(keys for name, keys in self.keys if name == field)


def parse_front_matter(value: Any, text: str, problems: Problems) -> FrontMatter:
    """Check the [front_matter] table: our field names, each a key or a list of keys."""
    if not isinstance(value, dict):
        problems.error(CONFIG_NAME, "[front_matter] must be a table",
                       key_line(text, "front_matter"))
        return FrontMatter()
    keys = dict(DEFAULT_KEYS)
    for field, item in value.items():
        line = key_line(text, field)
        if field not in DEFAULT_KEYS:
            problems.error(CONFIG_NAME, f"[front_matter] maps keys onto our fields; "
                           f"'{field}' is none of them", line,
                           did_you_mean(field, DEFAULT_KEYS)
                           or f"fields: {', '.join(DEFAULT_KEYS)}")
            continue
        names = [item] if isinstance(item, str) else item
        if (not isinstance(names, list) or not names
                or not all(isinstance(n, str) and n.strip() for n in names)):
            problems.error(CONFIG_NAME, f"'{field}' in [front_matter] must be a key or a list "
                           "of keys", line, f'for example {field} = ["{field}", "other_key"]')
            continue
        keys[field] = tuple(dict.fromkeys(n.strip().lower() for n in names))
    return FrontMatter(tuple(keys.items()))

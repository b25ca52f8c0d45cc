"""Front matter keys as other tools write them: in any letter case, under their names for
our fields ([front_matter] in site.toml), with their ways of listing tags and drafts."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..config import ADDRESS_KEYS, FrontMatter
from ..errors import quoted

# Fields that take the values of every key mapped onto them; the others take the first.
LIST_FIELDS = ("tags", "aliases")
# Keys read besides the mapped ones: Jekyll's 'published: false', a status such as
# Pelican's 'Status: draft' or WordPress's 'pending'.
STATUS_KEYS = ("published", "status")
# How each convention splits tags written as one string.
JEKYLL, PELICAN = "jekyll", "pelican"
_SPLIT_WORDS = re.compile(r"\s+")


@dataclass(slots=True)
class Keys:
    """What the front matter holds for our fields, and the rest as written.

    `meta` is by our field name; `names` says which key each came from (for messages);
    `lines` where it is; `extra` the keys no field took; `draft` what Jekyll's
    'published' said; `status` the value of 'status' (readers.newsroom reads it); `notes`
    warnings about how a key was read.
    """

    meta: dict[str, Any] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    draft: Any = None
    status: Any = None
    address_slug: str = ""  # the last segment of Zola's 'path', which is its slug
    notes: list[tuple[str, str | None]] = field(default_factory=list)  # (message, key)


def read_keys(meta: Mapping[str, Any], key_lines: Mapping[str, int], mapping: FrontMatter,
              convention: str = "", folders: tuple[str, ...] = ()) -> Keys:
    """Map the front matter onto our fields, keys matched in any letter case; `folders`
    are those the file is in under content/, for the conventions that read them."""
    found = Keys()
    by_lower: dict[str, str] = {}
    for key in meta:
        by_lower.setdefault(str(key).lower(), key)
    lines = {str(k).lower(): v for k, v in key_lines.items()}
    used: set[str] = set()
    for name, keys in mapping.keys:
        for key in keys:
            value, written = _lookup(meta, by_lower, key)
            if written is None or value is None or _empty(value):
                continue
            if name == "date" and isinstance(value, bool):
                continue  # Jekyll's 'published: true/false' is no date
            used.add(written.split(".")[0])
            if name in LIST_FIELDS and isinstance(value, list | str):
                items = _items(value, name, key, convention)
                if name == "aliases" and key in ADDRESS_KEYS:
                    items = _addresses(items, found)
                    if key == "path" and items and isinstance(items[0], str):
                        found.address_slug = items[0].rstrip("/").rsplit("/", 1)[-1]
                listed = found.meta.setdefault(name, [])
                if isinstance(listed, list):
                    listed.extend(items)
            elif name in found.meta:
                continue
            else:
                found.meta[name] = value
            found.names.setdefault(name, written)
            line = lines.get(key.split(".")[0])
            if line is not None:
                found.lines.setdefault(name, line)
        if name not in found.meta:  # present but empty: still reported as itself
            value, written = _lookup(meta, by_lower, name)
            if written is not None:
                found.meta[name], found.names[name] = value, written
                used.add(written)
                if name in lines:
                    found.lines[name] = lines[name]
    _read_status(meta, by_lower, lines, found, used)
    if "_drafts" in folders and convention == JEKYLL:
        found.draft = True
    categories = any(k in by_lower for k in ("category", "categories"))
    tags = folder_tags(folders, convention, categories)
    listed = found.meta.setdefault("tags", []) if tags else None
    if isinstance(listed, list):
        listed.extend(tags)
        found.names.setdefault("tags", "tags")
    found.extra = {str(k): v for k, v in meta.items() if k not in used}
    return found


def _lookup(meta: Mapping[str, Any], by_lower: Mapping[str, str],
            key: str) -> tuple[Any, str | None]:
    """The value under a key in any letter case ('a.b' reads table a), and the key as
    written; (None, None) when absent."""
    first, _, rest = key.partition(".")
    written = by_lower.get(first)
    if written is None:
        return None, None
    value = meta[written]
    if not rest:
        return value, written
    if not isinstance(value, Mapping):
        return None, None
    inner, inner_written = _lookup(value, {str(k).lower(): k for k in value}, rest)
    return (inner, f"{written}.{inner_written}") if inner_written is not None else (None, None)


def _empty(value: Any) -> bool:
    return value == "" or value == []


def _items(value: list[Any] | str, name: str, key: str, convention: str) -> list[Any]:
    """A list field's items: a list as it is, tags in a string split as the convention
    splits them (any other value is kept whole, for the check to report)."""
    if isinstance(value, list):
        return value
    if name != "tags":
        return [value]
    if convention == JEKYLL:
        # Jekyll splits 'tags' and 'categories' on spaces; 'tag' and 'category' hold one.
        return [value] if key in ("tag", "category") else _SPLIT_WORDS.split(value.strip())
    if convention == PELICAN and ";" in value:
        return value.split(";")
    return value.split(",")


def _addresses(items: list[Any], found: Keys) -> list[Any]:
    """Whole old addresses (url, permalink, path) as root-relative aliases."""
    kept = []
    for item in items:
        if isinstance(item, str) and ":" in item:
            found.notes.append((f"{quoted(item)} is a permalink pattern, not an address; "
                                "it is not kept as an old URL", None))
            continue
        kept.append("/" + item.lstrip("/") if isinstance(item, str) else item)
    return kept


def _read_status(meta: Mapping[str, Any], by_lower: Mapping[str, str],
                 lines: Mapping[str, int], found: Keys, used: set[str]) -> None:
    """Jekyll's 'published: false' makes a draft; 'status' (Pelican's draft, hidden or
    skip, WordPress's pending, ours withdrawn) is kept for readers.newsroom to read."""
    published, written = _lookup(meta, by_lower, "published")
    if written is not None and isinstance(published, bool):
        used.add(written)
        if not published and found.meta.get("draft") is None:
            found.draft = True
    status, written = _lookup(meta, by_lower, "status")
    if written is not None:
        used.add(written)
        found.status = status
        if "status" in lines:
            found.lines["status"] = lines["status"]


def folder_tags(folders: tuple[str, ...], convention: str, categories: bool) -> list[str]:
    """Tags a convention takes from folders: Jekyll's folders above _posts/, Pelican's
    folder of an article without a category."""
    if convention == JEKYLL and "_posts" in folders:
        return [p for p in folders[:folders.index("_posts")] if not p.startswith("_")]
    if convention == PELICAN and not categories and folders:
        return [folders[-1]]
    return []

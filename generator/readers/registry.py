"""Which reader reads which content file, by its suffix."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import PurePath
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ..config import Config
    from ..errors import Problems
    from .engines import Renderer
    from .fields import RawArticle
    from .source import Source

Reader = Callable[["Source", "Config", "Renderer", "Problems"], "RawArticle | None"]

# Adding a format: a module with its reader function ("module:function"), and its suffixes
# here. A reader module is imported when a file of its kind is parsed: listing content/
# (every build) needs the suffixes alone.
READERS: dict[str, str] = {
    ".md": "markdown:read_markdown",
    ".markdown": "markdown:read_markdown",
    ".mkd": "markdown:read_markdown",
    ".mdown": "markdown:read_markdown",
    ".txt": "wire:read_wire",
}
# Agency feeds: a .json file that is IPTC ninjs, or a .xml file that is NewsML-G2 or NITF,
# holds one news item or several (readers/agency_files reads them from the bytes, so that
# XML's declared encoding counts); any other (readers/agency_sniff tells them apart as
# content/ is listed) is one of the other files of content/.
AGENCY_SUFFIXES = frozenset({".json", ".xml"})
# Editor droppings and hidden files are never content.
IGNORED_PREFIXES = (".", "#", "~")
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".bak")


def reader_for(path: PurePath) -> Reader | None:
    """The reader of a content file, or None if it is no article."""
    name = READERS.get(path.suffix.lower())
    if name is None:
        return None
    module, function = name.split(":")
    return cast(Reader, getattr(importlib.import_module(f".{module}", __package__), function))


def is_content_file(path: PurePath | str) -> bool:
    """Whether a path under content/ ('/' between its parts, when a string) may be an
    article a reader reads (a .json or .xml file is one when it looks like an agency feed:
    see readers/agency_sniff)."""
    if isinstance(path, str):
        name = path.rpartition("/")[2]
        dot = name.rfind(".")
        if dot <= 0:
            return False
        suffix = name[dot:].lower()
    else:
        suffix = path.suffix.lower()
    return (suffix in READERS or suffix in AGENCY_SUFFIXES) and not is_ignored(path)


def is_agency_file(path: PurePath | str) -> bool:
    """Whether a content file is read as an agency feed (ninjs, NewsML-G2, NITF)."""
    if isinstance(path, str):
        name = path.rpartition("/")[2]
        return name[name.rfind("."):].lower() in AGENCY_SUFFIXES if "." in name else False
    return path.suffix.lower() in AGENCY_SUFFIXES


def is_ignored(path: PurePath | str) -> bool:
    """Whether a path under content/ is nobody's file: hidden, or an editor's dropping."""
    parts = path.split("/") if isinstance(path, str) else path.parts
    name = parts[-1] if parts else ""
    return (name.startswith(IGNORED_PREFIXES) or name.endswith(IGNORED_SUFFIXES)
            or any(part.startswith(".") for part in parts[:-1]))

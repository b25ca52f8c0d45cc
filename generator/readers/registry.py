"""Which reader reads which content file, by its suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from ..config import Config
from ..errors import Problems
from .fields import RawArticle
from .markdown import read_markdown
from .pymarkdown import MarkdownRenderer
from .source import Source
from .wire import read_wire

Reader = Callable[[Source, Config, MarkdownRenderer, Problems], RawArticle | None]

# Adding a format: a module with its reader function, and its suffixes here.
READERS: dict[str, Reader] = {
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".mkd": read_markdown,
    ".mdown": read_markdown,
    ".txt": read_wire,
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
    return READERS.get(path.suffix.lower())


def is_content_file(path: PurePath) -> bool:
    """Whether a path under content/ may be an article a reader reads (a .json or .xml
    file is one when it looks like an agency feed: see readers/agency_sniff)."""
    suffix = path.suffix.lower()
    return (suffix in READERS or suffix in AGENCY_SUFFIXES) and not is_ignored(path)


def is_agency_file(path: PurePath) -> bool:
    """Whether a content file is read as an agency feed (ninjs, NewsML-G2, NITF)."""
    return path.suffix.lower() in AGENCY_SUFFIXES


def is_ignored(path: PurePath) -> bool:
    """Whether a path under content/ is nobody's file: hidden, or an editor's dropping."""
    name = path.name
    return (name.startswith(IGNORED_PREFIXES) or name.endswith(IGNORED_SUFFIXES)
            or any(part.startswith(".") for part in path.parts[:-1]))
